/**
 * After a confirmed write, the page's server data comes from the indexer, which follows the chain a
 * moment later: wait (through the app's proxy, about 10 s at most) until the indexer has indexed the
 * chain's head as of now, which is at or past the block the write landed in; then the caller
 * refreshes the page (`router.refresh()`).
 */
import { useCallback } from "react";
import { useConfig, type Config } from "wagmi";
import { getBlockNumber } from "wagmi/actions";

import { useTargetChain } from "@/hooks/useTargetChain.ts";
import { INDEXER_PROXY_PATH } from "@/lib/indexer.ts";
import { waitForIndexedBlock } from "@orm/protocol/indexerStatus";

/** Resolves true once the indexer has caught up with the chain's current head, false after `timeoutMs`. */
export async function waitForIndexerAtHead(config: Config, chainId: number, timeoutMs = 10_000): Promise<boolean> {
  let head: bigint;
  try {
    head = await getBlockNumber(config, { chainId, cacheTime: 0 });
  } catch {
    return false; // the node did not answer: refresh with what the indexer has
  }
  return waitForIndexedBlock(INDEXER_PROXY_PATH, head, { timeoutMs });
}

/** `waitForIndexerAtHead` bound to the app's wagmi config and target chain. */
export function useWaitForIndexer(): (timeoutMs?: number) => Promise<boolean> {
  const config = useConfig();
  const { chain } = useTargetChain();
  return useCallback((timeoutMs?: number) => waitForIndexerAtHead(config, chain.id, timeoutMs), [config, chain.id]);
}
