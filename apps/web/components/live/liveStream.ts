/**
 * The page's one connection to the live stream (`/api/live`, `app/api/live/route.ts`), shared by
 * whatever listens: `LiveUpdates` (indexed blocks) on the pages that follow the chain, and
 * `ChainStatusNotice` (whether the chain's node answers) in the header of every page. Opened with
 * the first listener and closed after the last, so a tab holds one stream, never one per listener
 * (a browser allows only a few connections per site). The latest block and status are kept and
 * given to each new listener at once, as a fresh connection's first events would be: a page reached
 * by a client navigation learns the latest block without reconnecting. `EventSource` reconnects by
 * itself after a drop, and the server then sends both again.
 */

/** The stream's path. */
export const LIVE_STREAM_PATH = "/api/live";

/**
 * How often a wallet island's reads (chain reads, its account's indexer rows) refetch on a timer:
 * only a fallback for a stream that hears of no block (the indexer down). Each block pushed refetches
 * them at once (`FollowIndexedBlocks` in `Web3Root`), so no island polls to follow the chain.
 */
export const FALLBACK_REFETCH_MS = 15_000;

type Listeners = { block: Set<(block: bigint) => void>; chain: Set<(answering: boolean) => void> };

const listeners: Listeners = { block: new Set(), chain: new Set() };
let source: EventSource | undefined;
let latestBlock: bigint | undefined;
let chainAnswering: boolean | undefined;

function open(): void {
  if (source) return;
  source = new EventSource(LIVE_STREAM_PATH);
  source.addEventListener("block", (event: MessageEvent<string>) => {
    if (!/^\d+$/.test(event.data)) return;
    latestBlock = BigInt(event.data);
    for (const listener of listeners.block) listener(latestBlock);
  });
  source.addEventListener("chain", (event: MessageEvent<string>) => {
    chainAnswering = event.data !== "down";
    for (const listener of listeners.chain) listener(chainAnswering);
  });
}

function closeWhenUnused(): void {
  if (listeners.block.size > 0 || listeners.chain.size > 0 || !source) return;
  source.close();
  source = undefined;
  latestBlock = undefined;
  chainAnswering = undefined;
}

/** Calls `listener` with the latest indexed block (when known) and each one after; returns the unsubscribe. */
export function subscribeToBlocks(listener: (block: bigint) => void): () => void {
  listeners.block.add(listener);
  open();
  if (latestBlock !== undefined) listener(latestBlock);
  return () => {
    listeners.block.delete(listener);
    closeWhenUnused();
  };
}

/** Calls `listener` with whether the chain's node answers (when known) and at each change; returns the unsubscribe. */
export function subscribeToChainStatus(listener: (answering: boolean) => void): () => void {
  listeners.chain.add(listener);
  open();
  if (chainAnswering !== undefined) listener(chainAnswering);
  return () => {
    listeners.chain.delete(listener);
    closeWhenUnused();
  };
}
