/**
 * A process-wide pool of worker threads that compute 0G segment roots (Node only; the browser
 * and single-core hosts use `root.ts` on one thread). Segments of 1024 chunks are independent,
 * so whole segments are hashed on the workers and only the small top tree on the caller's side
 * (`root-parallel.ts`).
 *
 * Each worker creates its own `hash-wasm` keccak256 hasher (`createKeccak(256)`) and reduces a
 * segment as `root.ts` does: leaves hashed from views of the job's bytes, the levels in place in
 * one buffer. The worker script is inline (`eval`: no worker file for the bundler to trace); it
 * loads `hash-wasm` relative to this module (`import.meta.url`, which Next's server bundle maps
 * back to the source path), else relative to the working directory. The root tests prove this
 * path equal to the 0G SDK too. Jobs share their bytes through a SharedArrayBuffer (no copy).
 * A worker that fails (including one that cannot load `hash-wasm`) marks the pool broken: its
 * jobs are rejected (callers hash those segments themselves) and later callers get no pool.
 *
 * STORAGE_HASH_THREADS sets the number of workers (default: the available cores, at most 4);
 * below 2 there is no pool.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { CHUNK_SIZE, SEGMENT_MAX_CHUNKS, SEGMENT_SIZE } from "@orm/protocol/storage/root";

export const MAX_HASH_THREADS = 4;

export type HashPool = {
  readonly threads: number;
  /** Roots (32 bytes each) of the whole segments in `data`, computed on a worker. */
  segmentRoots(data: Uint8Array<SharedArrayBuffer>): Promise<Uint8Array>;
};

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const { join } = require("node:path");
const { from, CHUNK, CHUNKS, SEGMENT } = workerData;

function loadHashWasm() {
  const failures = [];
  for (const base of [from, join(process.cwd(), "[hash-worker]")]) {
    try {
      return createRequire(base)("hash-wasm");
    } catch (error) {
      failures.push(String((error && error.message) || error).split("\\n")[0]);
    }
  }
  throw new Error("a hashing worker could not load hash-wasm (" + failures.join("; ") + ")");
}

// One keccak256 hasher and one buffer of 1024 nodes per worker; pairs[i] views nodes 64i..64i+64.
const nodes = new Uint8Array(CHUNKS * 32);
const pairs = [];
for (let at = 0; at < nodes.length; at += 64) pairs.push(nodes.subarray(at, at + 64));

const ready = loadHashWasm().createKeccak(256);
// A hasher that cannot start is a worker failure: the pool breaks and its callers hash themselves.
ready.catch((error) => process.nextTick(() => { throw error; }));

function hashSegments(keccak, data) {
  const count = data.length / SEGMENT;
  const roots = new Uint8Array(count * 32);
  for (let s = 0; s < count; s++) {
    for (let i = 0, at = s * SEGMENT; i < CHUNKS; i++, at += CHUNK) {
      nodes.set(keccak.init().update(data.subarray(at, at + CHUNK)).digest("binary"), i * 32);
    }
    for (let n = CHUNKS; n > 1; n >>= 1) {
      const half = n >> 1;
      for (let i = 0; i < half; i++) nodes.set(keccak.init().update(pairs[i]).digest("binary"), i * 32);
    }
    roots.set(nodes.subarray(0, 32), s * 32);
  }
  return roots;
}

parentPort.on("message", ({ id, data }) => {
  ready.then((keccak) => {
    try {
      const roots = hashSegments(keccak, data);
      parentPort.postMessage({ id, roots }, [roots.buffer]);
    } catch (error) {
      parentPort.postMessage({ id, error: String((error && error.message) || error) });
    }
  }, () => {});
});
`;

type Pending = { resolve: (roots: Uint8Array) => void; reject: (error: Error) => void };
type Slot = { worker: Worker; pending: Map<number, Pending> };

export class HashPoolBrokenError extends Error {
  override name = "HashPoolBrokenError";
  constructor(detail: string) {
    super(`The hashing worker pool stopped: ${detail.replace(/[.\s]+$/, "")}.`);
  }
}

function readThreads(env: Record<string, string | undefined>): number {
  const raw = env.STORAGE_HASH_THREADS?.trim();
  const value = raw ? Number(raw) : NaN;
  if (Number.isSafeInteger(value) && value >= 0) return Math.min(value, 16);
  return Math.min(MAX_HASH_THREADS, availableParallelism());
}

function startHashPool(threads: number): HashPool & { broken: boolean } {
  let nextId = 0;
  const slots: Slot[] = [];
  const pool = { threads, broken: false, segmentRoots };

  function fail(detail: string): void {
    if (pool.broken) return;
    pool.broken = true;
    const error = new HashPoolBrokenError(detail);
    for (const slot of slots) {
      for (const job of slot.pending.values()) job.reject(error);
      slot.pending.clear();
      void slot.worker.terminate();
    }
  }

  function startSlot(): Slot {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { from: import.meta.url, CHUNK: CHUNK_SIZE, CHUNKS: SEGMENT_MAX_CHUNKS, SEGMENT: SEGMENT_SIZE },
    });
    const slot: Slot = { worker, pending: new Map() };
    // Only pending jobs keep the process alive: unref at start, once online, and whenever idle.
    const unrefWhenIdle = () => {
      if (slot.pending.size === 0) worker.unref();
    };
    worker.unref();
    worker.on("online", unrefWhenIdle);
    worker.on("message", (message: { id: number; roots?: Uint8Array; error?: string }) => {
      const job = slot.pending.get(message.id);
      if (!job) return;
      slot.pending.delete(message.id);
      unrefWhenIdle();
      if (message.roots) job.resolve(message.roots);
      else job.reject(new HashPoolBrokenError(message.error ?? "a worker failed"));
    });
    worker.on("error", (error) => fail(error.message));
    worker.on("exit", (code) => fail(`a worker exited with code ${code}`));
    return slot;
  }

  function segmentRoots(data: Uint8Array<SharedArrayBuffer>): Promise<Uint8Array> {
    if (pool.broken) return Promise.reject(new HashPoolBrokenError("an earlier failure"));
    let slot = slots.find((candidate) => candidate.pending.size === 0);
    if (!slot && slots.length < threads) slots.push((slot = startSlot()));
    slot ??= slots.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
    const id = nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      // A pending job keeps the process alive; an idle pool does not.
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, data });
    });
  }

  return pool;
}

const POOL_KEY = Symbol.for("open-research-market.storage.hash-pool");

/** The process-wide hashing pool, started on first use; null when threads < 2 or the pool broke. */
export function getHashPool(env: Record<string, string | undefined> = process.env): HashPool | null {
  const holder = globalThis as unknown as Record<symbol, (HashPool & { broken: boolean }) | null | undefined>;
  if (holder[POOL_KEY] === undefined) {
    const threads = readThreads(env);
    holder[POOL_KEY] = threads >= 2 ? startHashPool(threads) : null;
  }
  const pool = holder[POOL_KEY];
  return pool && !pool.broken ? pool : null;
}
