"use client";

/**
 * A proposal submitted a moment ago is on the chain before the indexer has it: the page then shows
 * the chain's record without its history. This waits (quietly, up to a minute) for the indexer to
 * reach the block that record was read at and refreshes the page once it has, so the timeline
 * appears by itself.
 */
import { useRouter } from "next/navigation";
import { useEffect } from "react";

import { INDEXER_PROXY_PATH } from "@/lib/indexer.ts";
import { waitForIndexedBlock } from "@orm/protocol/indexerStatus";

export function RefreshWhenIndexed({ blockNumber }: { blockNumber: string }) {
  const router = useRouter();
  useEffect(() => {
    const abort = new AbortController();
    void waitForIndexedBlock(INDEXER_PROXY_PATH, BigInt(blockNumber), { timeoutMs: 60_000, signal: abort.signal }).then((indexed) => {
      if (indexed) router.refresh();
    });
    return () => abort.abort();
  }, [blockNumber, router]);
  return null;
}
