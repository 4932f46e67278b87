/**
 * `npm run bench`: runs every benchmark (gas, storage relay, each workspace's `bench` script, page
 * weight and pages under load),
 * then prints one table of the figures from `bench/results/*.json`, each beside its reference.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT } from "@orm/protocol/deployments";

const RESULTS = path.join(REPO_ROOT, "bench/results");

function run(command: string, args: string[]): boolean {
  console.log(`\n=== ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: "inherit", env: process.env });
  return result.status === 0;
}

const failures: string[] = [];
if (!run("hardhat", ["run", "scripts/bench-gas.ts"])) failures.push("gas");
for (const workspace of ["apps/web", "apps/indexer"]) {
  const manifest = path.join(REPO_ROOT, workspace, "package.json");
  if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, "utf8")).scripts?.bench) continue;
  if (!run("npm", ["run", "bench", "--workspace", workspace])) failures.push(workspace);
}
if (!run("npm", ["run", "bench:web", "--workspace", "apps/web"])) failures.push("web");
if (!run("npm", ["run", "bench:serve", "--workspace", "apps/web"])) failures.push("serve");

const read = (name: string) => {
  const file = path.join(RESULTS, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
};
const rows: { figure: string; ours: string; reference: string }[] = [];
const gasReference: Record<string, string> = {
  createProject: "1,250,791 (target <= 30%)",
  buyNewHolder: "74,171 (target <= 70,000)",
  buyExistingHolder: "39,953 (target <= 45,000)",
  sell: "45,512 (target <= 45,000)",
  submit: "253,555 (target <= 65%)",
  claimReview: "58,092 (target <= 58,000)",
  approve: "203,171 (target <= 65%)",
  reject: "113,957 (target <= 80%)",
  claimVerifierRewards: "59,518 (target <= 60,000)",
};
for (const [operation, value] of Object.entries(read("gas.json")?.gas ?? {})) {
  rows.push({ figure: `gas ${operation}`, ours: Number(value).toLocaleString("en-US"), reference: gasReference[operation] ?? "-" });
}
const storage = read("storage.json");
if (storage) {
  for (const size of ["1", "16", "64"]) {
    rows.push({ figure: `0G root ${size} MiB (MiB/s)`, ours: String(storage.rootMiBps.ours[size]), reference: `SDK ${storage.rootMiBps.sdk[size]}` });
  }
  rows.push({ figure: "relay upload 64 MiB (MiB/s)", ours: String(storage.uploadMiBps64), reference: "-" });
  if (storage.zg) {
    rows.push({ figure: "0g backend upload 64 MiB, stand-in (MiB/s)", ours: String(storage.zg.uploadMiBps64), reference: "-" });
    rows.push({ figure: "0g backend download 64 MiB, stand-in (MiB/s)", ours: String(storage.zg.downloadMiBps64), reference: "-" });
    rows.push({ figure: "0g download, relay peak above idle (MiB)", ours: String(storage.zg.downloadPeakMiBAboveIdle), reference: "goal < 64" });
  }
}
const indexer = read("indexer.json");
if (indexer) {
  rows.push({ figure: `indexer catch-up (${indexer.events} events/s)`, ours: String(indexer.catchupEventsPerSec), reference: "target >= 5,000" });
  rows.push({ figure: `/projects p50 ms (${indexer.projects} projects, ${indexer.trades} trades)`, ours: String(indexer.projectsP50Ms), reference: "-" });
  rows.push({ figure: "/projects p95 ms", ours: String(indexer.projectsP95Ms), reference: "target <= 50" });
}
const web = read("web.json");
if (web) {
  for (const [route, kb] of Object.entries(web.firstLoadJsKb ?? {})) {
    rows.push({ figure: `first-load JS ${route} (kB gzip)`, ours: String(kb), reference: route === "/" ? "target <= 200" : "-" });
  }
  for (const [route, score] of Object.entries(web.lighthouse ?? {})) {
    rows.push({ figure: `Lighthouse performance ${route}`, ours: String(score), reference: "target >= 95" });
  }
}
const serve = read("serve.json");
if (serve) {
  rows.push({ figure: "static chunk under load (rps, the ceiling)", ours: String(serve.staticRps), reference: "-" });
  for (const [route, figures] of Object.entries(serve.routes ?? {}) as [string, { rps: number; p99Ms: number; errors: number; maxStalenessMs: number | null }][]) {
    const crowd = route === "/" || route === "/projects/[id]";
    rows.push({ figure: `${route} under load (rps)`, ours: String(figures.rps), reference: route.startsWith("indexer") ? "-" : crowd ? "target >= 1,000" : "target >= 500" });
    rows.push({ figure: `${route} under load p99 ms / errors`, ours: `${figures.p99Ms} / ${figures.errors}`, reference: crowd ? "target <= 250 / 0" : "-" });
    if (figures.maxStalenessMs !== null) rows.push({ figure: `${route} staleness ms`, ours: String(figures.maxStalenessMs), reference: "target <= 1,500" });
  }
}
console.log("\nAll figures:");
console.table(rows);
if (failures.length) {
  console.error(`Benchmarks that failed: ${failures.join(", ")}`);
  process.exit(1);
}
