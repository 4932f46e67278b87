/**
 * Storage relay bench: 0G root throughput (ours vs @0glabs/0g-ts-sdk) at 1, 16 and 64 MiB, and
 * local-backend upload throughput at 64 MiB through the POST route handler (hash + temp file +
 * fsync + link). "ours" is the relay's path (segments on worker threads, `root-parallel.ts`);
 * "oursSingleThread" is the browser's (`root.ts`). Prints a table and writes
 * <repo>/bench/results/storage.json:
 *   { "rootMiBps": { "ours", "oursSingleThread", "sdk": { "1", "16", "64" } },
 *     "speedup": { "1", "16", "64" },   // ours / sdk; the target is >= 10
 *     "threads", "uploadMiBps64" }
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MemData } from "@0glabs/0g-ts-sdk";
import { computeRoot } from "@orm/protocol/storage/root";
import { computeRootParallel } from "../server/storage/root-parallel.ts";
import { getHashPool } from "../server/storage/hash-pool.ts";
import { POST } from "../app/api/storage/route.ts";
import { newAccount, randomBytes, signIntent } from "../test/support/relay.ts";

const MiB = 1024 * 1024;
const SIZES = [1, 16, 64] as const;
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const resultsPath = join(repoRoot, "bench", "results", "storage.json");

function mibps(bytes: number, ms: number): number {
  return Math.round((bytes / MiB / (ms / 1000)) * 10) / 10;
}

/** Best (fastest) of `runs` timings of `work`, in ms. */
async function bestOf(runs: number, work: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

async function sdkRoot(data: Uint8Array): Promise<string | null> {
  const [tree] = await new MemData(data).merkleTree();
  return tree?.rootHash() ?? null;
}

async function benchRoots() {
  const ours: Record<string, number> = {};
  const oursSingleThread: Record<string, number> = {};
  const sdk: Record<string, number> = {};
  const speedup: Record<string, number> = {};
  // Create the hash-wasm hashers (here and in the workers) and start the workers once.
  await computeRoot(randomBytes(MiB));
  await computeRootParallel(randomBytes(4 * MiB));
  for (const size of SIZES) {
    const data = randomBytes(size * MiB, size);
    const runs = size === 64 ? 3 : 5;
    ours[size] = mibps(data.length, await bestOf(runs, () => computeRootParallel(data)));
    oursSingleThread[size] = mibps(data.length, await bestOf(runs, () => computeRoot(data)));
    sdk[size] = mibps(data.length, await bestOf(size === 64 ? 1 : 2, () => sdkRoot(data)));
    speedup[size] = Math.round((ours[size] / sdk[size]) * 10) / 10;
    const expected = await sdkRoot(data);
    if ((await computeRoot(data)) !== expected || (await computeRootParallel(data)) !== expected) {
      throw new Error(`roots differ at ${size} MiB`);
    }
  }
  return { rootMiBps: { ours, oursSingleThread, sdk }, speedup };
}

async function benchUpload(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "orm-bench-"));
  process.env.STORAGE_DIR = dir;
  process.env.STORAGE_BACKEND = "local";
  process.env.STORAGE_MAX_BYTES = String(64 * MiB);
  process.env.STORAGE_DAILY_QUOTA_BYTES = String(1024 * MiB);
  try {
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const body = randomBytes(64 * MiB, 1000 + run);
      const header = await signIntent(body, { account: newAccount() });
      const request = new Request("http://bench/api/storage", {
        method: "POST",
        headers: { "x-upload-intent": header, "content-type": "application/octet-stream" },
        body,
      });
      const start = performance.now();
      const response = await POST(request);
      const elapsed = performance.now() - start;
      if (response.status !== 201) throw new Error(`upload failed: ${await response.text()}`);
      best = Math.min(best, elapsed);
    }
    return mibps(64 * MiB, best);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const { rootMiBps, speedup } = await benchRoots();
const uploadMiBps64 = await benchUpload();
const threads = getHashPool()?.threads ?? 1;
const results = { rootMiBps, speedup, threads, uploadMiBps64 };

console.log("storage relay                          1 MiB    16 MiB    64 MiB");
const row = (label: string, values: Record<string, number>, unit = "MiB/s") =>
  console.log(`${label.padEnd(36)}${SIZES.map((size) => String(values[size]).padStart(8)).join("  ")}  ${unit}`);
row(`0G root, ours (${threads} worker threads)`, rootMiBps.ours);
row("0G root, ours (one thread, browser)", rootMiBps.oursSingleThread);
row("0G root, @0glabs/0g-ts-sdk", rootMiBps.sdk);
row("ours / SDK (target >= 10)", speedup, "x");
console.log(`${"upload through POST, local backend".padEnd(36)}${"".padStart(20)}${String(uploadMiBps64).padStart(8)}  MiB/s`);

await mkdir(join(repoRoot, "bench", "results"), { recursive: true });
await writeFile(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${resultsPath}`);
