#!/usr/bin/env node
// The `research` command. The CLI is TypeScript run by Node's type stripping (Node >= 22.18); on an
// older Node (the machine's Node 20, say) this launcher re-runs it with the repository's Node 22
// (`node_modules/node`, installed by the root devDependencies).
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(realpathSync(fileURLToPath(import.meta.url)));
const main = path.join(here, "../src/main.ts");
const [major, minor] = process.versions.node.split(".").map(Number);

if (major > 22 || (major === 22 && minor >= 18)) {
  await import(main);
} else {
  const candidates = [
    path.join(here, "../../../node_modules/node/bin/node"),
    path.join(here, "../node_modules/node/bin/node"),
  ];
  const node = candidates.find((file) => existsSync(file));
  if (!node) {
    console.error(`research: error: Node ${process.versions.node} cannot run the CLI; install Node 22.18 or later (or run \`npm install\` at the repository root).`);
    process.exit(1);
  }
  const result = spawnSync(node, [main, ...process.argv.slice(2)], { stdio: "inherit" });
  if (result.signal) process.kill(process.pid, result.signal);
  process.exit(result.status ?? 1);
}
