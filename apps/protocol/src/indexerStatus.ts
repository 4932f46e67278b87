/**
 * One way to wait for the indexer: Ponder's `/status` reports, per chain, the last block it has
 * indexed. Whoever wrote to the chain (a page after a confirmed transaction, the local stack after
 * the seed, a test) knows the block its write landed in, and waits until the indexer is at or past it
 * before reading lists, feeds or charts. Works in Node and in the browser (`fetch` only); the web app
 * passes its same-origin proxy (`/api/indexer`) as the base URL.
 */

/** Ponder's `/status` body: chain name -> the last indexed block. */
export type IndexerStatus = Record<string, { id?: number; block?: { number?: number; timestamp?: number } | null }>;

/** The latest indexed block: its number, and its timestamp in seconds (0 when the indexer omits it). */
export type IndexedHead = { number: bigint; timestamp: bigint };

/** The highest block the indexer reports as indexed, with its timestamp, or `undefined` when it does not answer (yet). */
export async function readIndexedHead(baseUrl: string, { signal }: { signal?: AbortSignal } = {}): Promise<IndexedHead | undefined> {
  try {
    // No `cache` option: the app's proxy answers `no-store`, and Node's fetch keeps no cache.
    const response = await fetch(`${baseUrl.replace(/\/+$/, "")}/status`, { signal });
    if (!response.ok) return undefined;
    let head: IndexedHead | undefined;
    for (const chain of Object.values((await response.json()) as IndexerStatus)) {
      const number = chain?.block?.number;
      if (typeof number !== "number" || (head && BigInt(number) <= head.number)) continue;
      const timestamp = chain?.block?.timestamp;
      head = { number: BigInt(number), timestamp: typeof timestamp === "number" ? BigInt(timestamp) : 0n };
    }
    return head;
  } catch {
    return undefined; // not up yet, or the request was aborted
  }
}

/** The highest block the indexer reports as indexed, or `undefined` when it does not answer (yet). */
export async function readIndexedBlock(baseUrl: string, options: { signal?: AbortSignal } = {}): Promise<bigint | undefined> {
  return (await readIndexedHead(baseUrl, options))?.number;
}

export type WaitForIndexedBlockOptions = {
  /** Give up after this long (default 10 s); the result is then `false`. */
  timeoutMs?: number;
  /** Time between two reads of `/status` (default 250 ms). */
  pollMs?: number;
  signal?: AbortSignal;
};

/**
 * Resolves `true` once the indexer has indexed `blockNumber`, `false` when the time is up or `signal`
 * aborts (the caller then shows what the indexer has, or fails, as it sees fit).
 * @example if (await waitForIndexedBlock("/api/indexer", receipt.blockNumber)) router.refresh();
 */
export async function waitForIndexedBlock(
  baseUrl: string,
  blockNumber: bigint | number,
  { timeoutMs = 10_000, pollMs = 250, signal }: WaitForIndexedBlockOptions = {},
): Promise<boolean> {
  const target = BigInt(blockNumber);
  const deadline = Date.now() + timeoutMs;
  while (!signal?.aborted) {
    const indexed = await readIndexedBlock(baseUrl, { signal });
    if (indexed !== undefined && indexed >= target) return true;
    if (Date.now() + pollMs > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return false;
}
