/**
 * 0G roots on worker threads (Node only: the relay and the bench). Same roots as `root.ts`,
 * bit for bit: whole segments go to the hashing pool (`hash-pool.ts`, each worker with its own
 * hash-wasm keccak256) as they fill, and the last partial segment, the flow padding and the tree
 * over the segment roots are done here by `root.ts`. A hasher holds at most `threads` segments in
 * flight. When all of them are out: if the host has a core to spare beyond the workers, it hashes
 * the next segment on this thread instead of waiting; if not (e.g. 2 workers on 2 cores), hashing
 * here would only slow the workers down, so it waits for the first of its jobs to finish. Without
 * a pool (one core, STORAGE_HASH_THREADS=1, or a failed worker) it is `root.ts`'s single-threaded
 * hasher.
 */
import { availableParallelism } from "node:os";
import { getHashPool } from "./hash-pool.ts";
import type { HashPool } from "./hash-pool.ts";
import { SEGMENT_SIZE, createRootHasher, createSegmentHasher, finishRootFromSegments, toChunks } from "@orm/protocol/storage/root";
import type { Root, RootInput } from "@orm/protocol/storage/root";

/** Bytes per job: one segment, so even a 1 MiB artifact spreads over the workers. */
const JOB_SIZE = SEGMENT_SIZE;
const HASH_SIZE = 32;

/**
 * Job buffers are SharedArrayBuffers (the workers read them without a copy). Allocating one
 * costs far more than hashing a few chunks, so they are recycled through this free list.
 */
const spareBuffers: Uint8Array<SharedArrayBuffer>[] = [];
const MAX_SPARE_BUFFERS = 64;

function takeJobBuffer(): Uint8Array<SharedArrayBuffer> {
  return spareBuffers.pop() ?? new Uint8Array(new SharedArrayBuffer(JOB_SIZE));
}

function returnJobBuffer(buffer: Uint8Array<SharedArrayBuffer>): void {
  if (spareBuffers.length < MAX_SPARE_BUFFERS) spareBuffers.push(buffer);
}

export type ParallelRootHasher = {
  /** Feeds the next bytes (keep them unchanged until it resolves). */
  update(bytes: Uint8Array): Promise<void>;
  /** Bytes fed so far. */
  readonly size: number;
  /** The 0G root of everything fed; rejects with `EmptyArtifactError` when nothing was fed. */
  digest(): Promise<Root>;
};

export type ParallelOptions = {
  /** The pool to use; defaults to the process-wide one. `null` hashes on this thread. */
  pool?: HashPool | null;
};

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function createSingleThreadHasher(): Promise<ParallelRootHasher> {
  return createRootHasher().then((hasher) => ({
    update: async (bytes) => hasher.update(bytes),
    digest: async () => hasher.digest(),
    get size() {
      return hasher.size;
    },
  }));
}

/** An incremental 0G root hasher that hashes whole segments on worker threads while bytes arrive. */
export async function createParallelRootHasher(options: ParallelOptions = {}): Promise<ParallelRootHasher> {
  const pool = options.pool === undefined ? getHashPool() : options.pool;
  if (!pool) return createSingleThreadHasher();
  const hashHere = await createSegmentHasher();
  const jobs: Promise<Uint8Array>[] = [];
  const running = new Set<Promise<Uint8Array>>();
  // With a core to spare beyond the workers, this thread hashes when they are all busy; without
  // one, it would only slow them down, so it waits for the first of its jobs to finish instead.
  const spareCore = availableParallelism() > pool.threads;
  let inFlight = 0;
  const firstDone = (): Promise<unknown> => Promise.race(running).catch(() => {});
  let job = takeJobBuffer();
  let filled = 0;
  let size = 0;
  let finished = false;

  /**
   * Hashes whole segments of `buffer` on the pool (on this thread if every worker still has one
   * of ours, or if the pool fails). Returns false when it kept `buffer` (hashed here), true when
   * the buffer went to a worker and will be recycled when it is done.
   */
  function dispatch(buffer: Uint8Array<SharedArrayBuffer>, length: number): boolean {
    const data = buffer.subarray(0, length);
    if (inFlight >= pool!.threads) {
      jobs.push(Promise.resolve(hashHere(data)));
      return false;
    }
    inFlight++;
    const roots: Promise<Uint8Array> = pool!
      .segmentRoots(data)
      .catch(() => hashHere(data))
      .finally(() => {
        inFlight--;
        running.delete(roots);
        returnJobBuffer(buffer);
      });
    running.add(roots);
    roots.catch(() => {}); // awaited in digest(); never an unhandled rejection if the upload is abandoned
    jobs.push(roots);
    return true;
  }

  async function update(bytes: Uint8Array): Promise<void> {
    if (finished) throw new Error("This root hasher has already produced its digest.");
    size += bytes.length;
    let offset = 0;
    while (offset < bytes.length) {
      const take = Math.min(JOB_SIZE - filled, bytes.length - offset);
      job.set(bytes.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === JOB_SIZE) {
        // Every worker busy with ours: with a spare core, let their answers in first, then hash
        // here if they still are; without one, wait for the first of them to finish.
        if (inFlight >= pool!.threads) await (spareCore ? yieldToEventLoop() : firstDone());
        if (dispatch(job, JOB_SIZE)) job = takeJobBuffer();
        filled = 0;
      }
    }
  }

  async function digest(): Promise<Root> {
    finished = true;
    const whole = filled - (filled % SEGMENT_SIZE);
    const rest = job.slice(whole, filled);
    if (whole === 0 || !dispatch(job, whole)) returnJobBuffer(job);
    const roots: Uint8Array[] = [];
    for (const batch of await Promise.all(jobs)) {
      for (let offset = 0; offset < batch.length; offset += HASH_SIZE) roots.push(batch.subarray(offset, offset + HASH_SIZE));
    }
    return finishRootFromSegments(roots, rest, size);
  }

  return {
    update,
    digest,
    get size() {
      return size;
    },
  };
}

/** The 0G root of `input` (bytes, Blob, stream or iterable), hashed on worker threads where possible. */
export async function computeRootParallel(input: RootInput, options: ParallelOptions = {}): Promise<Root> {
  const hasher = await createParallelRootHasher(options);
  for await (const chunk of toChunks(input)) await hasher.update(chunk);
  return hasher.digest();
}
