/**
 * Storage relay bench: 0G root throughput (ours vs @0glabs/0g-ts-sdk) at 1, 16 and 64 MiB, and
 * local-backend upload throughput at 64 MiB through the POST route handler (hash + temp file +
 * fsync + link), and the `0g` backend against the stand-in of the network (in its own process):
 * upload and download MiB/s at 64 MiB through the route handlers, and the relay's peak memory
 * (RSS) above idle while a 64 MiB download streams (the goal: under 64 MiB). "ours" is the
 * relay's path (segments on worker threads, `root-parallel.ts`); "oursSingleThread" is the
 * browser's (`root.ts`). Prints a table and writes <repo>/bench/results/storage.json:
 *   { "rootMiBps": { "ours", "oursSingleThread", "sdk": { "1", "16", "64" } },
 *     "speedup": { "1", "16", "64" },   // ours / sdk; the target is >= 10
 *     "threads", "uploadMiBps64",
 *     "chunkedUpload64": { "singleMiBps", "chunkedMiBps", "ratio" },   // uploadArtifact over HTTP, chunked / single
 *     "zg": { "uploadMiBps64", "downloadMiBps64", "downloadPeakMiBAboveIdle" } }
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MemData } from "@0glabs/0g-ts-sdk";
import { computeRoot } from "@orm/protocol/storage/root";
import { computeRootParallel } from "../server/storage/root-parallel.ts";
import { getHashPool } from "../server/storage/hash-pool.ts";
import { POST } from "../app/api/storage/route.ts";
import { GET } from "../app/api/storage/[root]/route.ts";
import { generatePrivateKey } from "viem/accounts";
import { newAccount, randomBytes, signIntent } from "../test/support/relay.ts";
import { serveRoutes } from "../test/support/serve-routes.ts";
import { uploadArtifact } from "@orm/protocol/storage/client";

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

/**
 * 64 MiB through `uploadArtifact` over HTTP on loopback (client hashing, signing, sending, the relay
 * storing), in one request and in 4 MiB chunks, interleaved, best of 2 each: what chunking costs.
 */
async function benchChunkedUpload(): Promise<{ singleMiBps: number; chunkedMiBps: number; ratio: number }> {
  const dir = await mkdtemp(join(tmpdir(), "orm-bench-chunked-"));
  Object.assign(process.env, { STORAGE_DIR: dir, STORAGE_BACKEND: "local", STORAGE_MAX_BYTES: String(64 * MiB), STORAGE_DAILY_QUOTA_BYTES: String(1024 * MiB) });
  const relay = await serveRoutes();
  try {
    const best = { single: Infinity, chunked: Infinity };
    for (let run = 0; run < 2; run++) {
      for (const way of ["single", "chunked"] as const) {
        process.env.STORAGE_CHUNK_BYTES = String(way === "single" ? 128 * MiB : 4 * MiB);
        const body = randomBytes(64 * MiB, 3000 + run * 2 + (way === "single" ? 0 : 1));
        const start = performance.now();
        await uploadArtifact(body, { signer: newAccount(), endpoint: relay.endpoint });
        best[way] = Math.min(best[way], performance.now() - start);
      }
    }
    const singleMiBps = mibps(64 * MiB, best.single);
    const chunkedMiBps = mibps(64 * MiB, best.chunked);
    return { singleMiBps, chunkedMiBps, ratio: Math.round((chunkedMiBps / singleMiBps) * 100) / 100 };
  } finally {
    delete process.env.STORAGE_CHUNK_BYTES;
    await relay.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A full garbage collection, so that "idle" memory is what the relay holds, not what it has yet to free. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/** The `0g` backend against the stand-in (its own process): 64 MiB up, 64 MiB down, and the relay's peak RSS above idle during the download. */
async function benchZg(): Promise<{ uploadMiBps64: number; downloadMiBps64: number; downloadPeakMiBAboveIdle: number }> {
  const standIn = spawn(process.execPath, [fileURLToPath(new URL("./zg-standin-process.ts", import.meta.url))], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = (await once(createInterface({ input: standIn.stdout! }), "line")) as [string];
  const { indexerUrl, evmUrl } = JSON.parse(line) as { indexerUrl: string; evmUrl: string };
  const dir = await mkdtemp(join(tmpdir(), "orm-bench-zg-"));
  Object.assign(process.env, {
    STORAGE_DIR: dir,
    STORAGE_BACKEND: "0g",
    ZG_INDEXER_RPC: indexerUrl,
    ZG_EVM_RPC: evmUrl,
    ZG_PRIVATE_KEY: generatePrivateKey(),
    ZG_RETRIES: "0",
  });
  try {
    const body = randomBytes(64 * MiB, 2000);
    const header = await signIntent(body, { account: newAccount() });
    const request = new Request("http://bench/api/storage", { method: "POST", headers: { "x-upload-intent": header }, body });
    let start = performance.now();
    const uploaded = await POST(request);
    const uploadMs = performance.now() - start;
    if (uploaded.status !== 201) throw new Error(`0g upload failed: ${await uploaded.text()}`);
    const { root } = (await uploaded.json()) as { root: string };

    collectGarbage();
    const idle = process.memoryUsage().rss;
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    start = performance.now();
    const response = await GET(new Request(`http://bench/api/storage/${root}`), { params: Promise.resolve({ root }) });
    if (response.status !== 200) throw new Error(`0g download failed: ${await response.text()}`);
    let received = 0;
    const reader = response.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      received += read.value.length;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const downloadMs = performance.now() - start;
    clearInterval(sampler);
    if (received !== body.length) throw new Error(`0g download returned ${received} bytes, not ${body.length}`);
    return {
      uploadMiBps64: mibps(body.length, uploadMs),
      downloadMiBps64: mibps(body.length, downloadMs),
      downloadPeakMiBAboveIdle: Math.round(((peak - idle) / MiB) * 10) / 10,
    };
  } finally {
    standIn.kill("SIGTERM");
    await rm(dir, { recursive: true, force: true });
  }
}

const { rootMiBps, speedup } = await benchRoots();
const uploadMiBps64 = await benchUpload();
const chunkedUpload64 = await benchChunkedUpload();
const zg = await benchZg();
const threads = getHashPool()?.threads ?? 1;
const results = { rootMiBps, speedup, threads, uploadMiBps64, chunkedUpload64, zg };

console.log("storage relay                          1 MiB    16 MiB    64 MiB");
const row = (label: string, values: Record<string, number>, unit = "MiB/s") =>
  console.log(`${label.padEnd(36)}${SIZES.map((size) => String(values[size]).padStart(8)).join("  ")}  ${unit}`);
row(`0G root, ours (${threads} worker threads)`, rootMiBps.ours);
row("0G root, ours (one thread, browser)", rootMiBps.oursSingleThread);
row("0G root, @0glabs/0g-ts-sdk", rootMiBps.sdk);
row("ours / SDK (target >= 10)", speedup, "x");
console.log(`${"upload through POST, local backend".padEnd(36)}${"".padStart(20)}${String(uploadMiBps64).padStart(8)}  MiB/s`);
console.log(`${"uploadArtifact over HTTP, one request".padEnd(36)}${"".padStart(20)}${String(chunkedUpload64.singleMiBps).padStart(8)}  MiB/s`);
console.log(`${"uploadArtifact over HTTP, 4 MiB chunks".padEnd(36)}${"".padStart(20)}${String(chunkedUpload64.chunkedMiBps).padStart(8)}  MiB/s (${chunkedUpload64.ratio}x)`);
console.log(`${"0g backend (stand-in): upload".padEnd(36)}${"".padStart(20)}${String(zg.uploadMiBps64).padStart(8)}  MiB/s`);
console.log(`${"0g backend (stand-in): download".padEnd(36)}${"".padStart(20)}${String(zg.downloadMiBps64).padStart(8)}  MiB/s`);
console.log(`${"0g download, relay peak above idle".padEnd(36)}${"".padStart(20)}${String(zg.downloadPeakMiBAboveIdle).padStart(8)}  MiB (goal < 64)`);

await mkdir(join(repoRoot, "bench", "results"), { recursive: true });
await writeFile(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${resultsPath}`);
