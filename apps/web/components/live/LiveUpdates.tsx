"use client";

/**
 * Keeps a server-rendered page on the indexer's latest block: listens to the live stream
 * (`/api/live`, one push per indexed block) and refreshes the page when a block newer than the one
 * it was rendered after arrives. The refresh is an RSC request the page cache answers with the page
 * rendered for that block (one render for every open tab), and React keeps what is on screen while
 * it loads, so nothing blinks. `EventSource` reconnects by itself after a drop, and the stream's
 * first event is then the latest block: a tab that missed blocks refreshes once, and a block it has
 * already shown never refreshes it again.
 *
 * The same stream says when the chain's node stops answering (`event: chain`, `down` / `up`): the
 * page then says its figures may be stale, and stops saying so when the node answers again (the
 * blocks that follow refresh the page as usual).
 */
import { useRouter } from "next/navigation";
import { startTransition, useEffect, useRef, useState } from "react";

/** The stream's path (`app/api/live/route.ts`). */
export const LIVE_STREAM_PATH = "/api/live";

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
  const [chainDown, setChainDown] = useState(false);

  useEffect(() => {
    if (renderedBlock === null) return;
    const block = BigInt(renderedBlock);
    if (shown.current === undefined || block > shown.current) shown.current = block;
  }, [renderedBlock]);

  useEffect(() => {
    const source = new EventSource(LIVE_STREAM_PATH);
    const onBlock = (event: MessageEvent<string>) => {
      if (!/^\d+$/.test(event.data)) return;
      const block = BigInt(event.data);
      if (shown.current !== undefined && block <= shown.current) return;
      shown.current = block;
      startTransition(() => router.refresh());
    };
    const onChain = (event: MessageEvent<string>) => setChainDown(event.data === "down");
    source.addEventListener("block", onBlock);
    source.addEventListener("chain", onChain);
    return () => {
      source.removeEventListener("block", onBlock);
      source.removeEventListener("chain", onChain);
      source.close();
    };
  }, [router]);

  if (!chainDown) return null;
  return (
    <p
      role="status"
      data-testid="chain-down"
      className="fixed inset-x-0 bottom-0 z-40 border-t border-warn/40 bg-warn-soft px-4 py-2 text-center text-sm text-warn"
    >
      The chain is not answering; figures may be stale. This page catches up by itself when it answers again.
    </p>
  );
}
