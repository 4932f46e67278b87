"use client";

/**
 * A proposal submitted a moment ago is on the chain before the indexer has it: the page then shows
 * the chain's record without its history. This waits (quietly, up to a minute) for the indexer to
 * list the proposal and refreshes the page once it does, so the timeline appears by itself.
 */
import { useRouter } from "next/navigation";
import { useEffect } from "react";

import { waitForIndexer } from "./waitForIndexer.ts";

export function RefreshWhenIndexed({ proposalId }: { proposalId: string }) {
  const router = useRouter();
  useEffect(() => {
    let live = true;
    void waitForIndexer(proposalId, undefined, 60_000).then((indexed) => {
      if (indexed && live) router.refresh();
    });
    return () => {
      live = false;
    };
  }, [proposalId, router]);
  return null;
}
