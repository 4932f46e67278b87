"use client";

/**
 * Keeps a server-rendered page on the indexer's latest block: listens to the live stream
 * (`/api/live`, one push per indexed block, through the page's one connection: `liveStream.ts`) and
 * refreshes the page when a block newer than the one it was rendered after arrives. The refresh is
 * an RSC request the page cache answers with the page rendered for that block (one render for every
 * open tab), and React keeps what is on screen while it loads, so nothing blinks. `EventSource`
 * reconnects by itself after a drop, and the stream's first event is then the latest block: a tab
 * that missed blocks refreshes once, and a block it has already shown never refreshes it again.
 */
import { useRouter } from "next/navigation";
import { startTransition, useEffect, useRef } from "react";

import { subscribeToBlocks } from "./liveStream.ts";

export type LiveUpdatesProps = {
  /**
   * The indexed block the page was rendered after (`renderedBlockOf()`), or null when it was
   * rendered without the indexer (then the first block the stream names refreshes it).
   */
  renderedBlock: string | null;
};

export function LiveUpdates({ renderedBlock }: LiveUpdatesProps) {
  const router = useRouter();
  /** The newest block on screen or asked for: never refresh for it twice. */
  const shown = useRef<bigint | undefined>(renderedBlock === null ? undefined : BigInt(renderedBlock));

  useEffect(() => {
    if (renderedBlock === null) return;
    const block = BigInt(renderedBlock);
    if (shown.current === undefined || block > shown.current) shown.current = block;
  }, [renderedBlock]);

  useEffect(
    () =>
      subscribeToBlocks((block) => {
        if (shown.current !== undefined && block <= shown.current) return;
        shown.current = block;
        startTransition(() => router.refresh());
      }),
    [router],
  );

  return null;
}
