/**
 * `npm test`: every test suite of the repository, in order, with their output streamed, then one
 * total line (`TOTAL: N passed, N failed, N skipped`). Exits non-zero if any suite fails.
 *
 * Suites: the contracts (`hardhat test`: Solidity unit, fuzz and invariant tests, then the
 * TypeScript integration tests), the local stack (`npm start` end to end, then `--instances 2` under
 * faults), then each workspace's
 * own `test` script (storage relay, indexer).
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT } from "@orm/protocol/deployments";

type Suite = { name: string; command: string; args: string[] };
type Counts = { passed: number; failed: number; skipped: number };

const suites: Suite[] = [
  { name: "contracts", command: "hardhat", args: ["test", "solidity"] },
  // The TypeScript integration tests beside them (test/*.test.ts; Hardhat alone would also pick up the
  // stack tests under test/stack, which run once below).
  { name: "contracts (TypeScript)", command: "hardhat", args: ["test", "nodejs", ...contractIntegrationTests()] },
  // The README's `npm start`, end to end (starts and stops its own stack).
  { name: "local stack", command: "node", args: ["--test", "--test-reporter=tap", "test/stack/start.e2e.ts"] },
  // `npm start -- --instances 2` under faults: replays and quotas across instances, killed processes, a paused chain.
  { name: "production shape", command: "node", args: ["--test", "--test-reporter=tap", "test/stack/instances.e2e.ts"] },
  ...workspacesWithTests().map((workspace) => ({
    name: workspace,
    command: "npm",
    args: ["test", "--workspace", workspace],
  })),
  // Browser journeys (Playwright on Debian's chromium) against a stack they start themselves.
  { name: "web browser", command: "npm", args: ["run", "test:e2e", "--workspace", "apps/web"] },
];

function contractIntegrationTests(): string[] {
  return readdirSync(path.join(REPO_ROOT, "test"))
    .filter((name) => name.endsWith(".test.ts"))
    .sort()
    .map((name) => path.join("test", name));
}

function workspacesWithTests(): string[] {
  const root = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  const found: string[] = [];
  for (const pattern of root.workspaces as string[]) {
    const base = path.join(REPO_ROOT, pattern.replace(/\/\*$/, ""));
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base)) {
      const manifest = path.join(base, entry, "package.json");
      if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).scripts?.test) {
        found.push(path.relative(REPO_ROOT, path.join(base, entry)));
      }
    }
  }
  return found.sort();
}

/** Counts from mocha-style summaries (`N passing`), TAP (`# pass N`) and Playwright (`N passed`). */
function countResults(output: string): Counts {
  const sum = (pattern: RegExp) => [...output.matchAll(pattern)].reduce((total, m) => total + Number(m[1]), 0);
  return {
    // Playwright's list reporter: "  4 passed (52s)", "  1 failed", "  2 skipped".
    passed: sum(/^\s*(\d+) passing/gm) + sum(/^# pass (\d+)/gm) + sum(/^\s*(\d+) passed\b/gm),
    failed:
      sum(/^\s*(\d+) failing/gm) + sum(/^# fail (\d+)/gm) + sum(/^# cancelled (\d+)/gm) + sum(/^\s*(\d+) failed\b/gm),
    skipped:
      sum(/^\s*(\d+) pending/gm) + sum(/^# skipped (\d+)/gm) + sum(/^# todo (\d+)/gm) + sum(/^\s*(\d+) skipped\b/gm),
  };
}

function run(suite: Suite): Promise<{ code: number; counts: Counts }> {
  return new Promise((resolve) => {
    console.log(`\n=== ${suite.name}: ${suite.command} ${suite.args.join(" ")}`);
    const child = spawn(suite.command, suite.args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let output = "";
    const relay = (chunk: Buffer, stream: NodeJS.WriteStream) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on("data", (chunk) => relay(chunk, process.stdout));
    child.stderr.on("data", (chunk) => relay(chunk, process.stderr));
    child.on("close", (code) => resolve({ code: code ?? 1, counts: countResults(output.replace(/\u001b\[[0-9;]*m/g, "")) }));
  });
}

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const failedSuites: string[] = [];
for (const suite of suites) {
  const { code, counts } = await run(suite);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  if (code !== 0) failedSuites.push(suite.name);
  console.log(`=== ${suite.name}: exit ${code}, ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}
console.log(
  `\nTOTAL: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped` +
    (failedSuites.length ? ` (failing suites: ${failedSuites.join(", ")})` : ""),
);
process.exit(failedSuites.length || total.failed ? 1 : 0);
