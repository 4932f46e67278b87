"use client";

/**
 * Says so while the chain's node does not answer (the live stream's `chain` event, from one probe
 * per server: `lib/live/chainStatus.server.ts`), on every page: figures read from the chain or the
 * indexer may be stale and a signature would not go through. It goes away by itself when the node
 * answers again. A bar along the bottom of the window, so nothing on the page moves when it appears.
 */
import { useEffect, useState } from "react";

import { subscribeToChainStatus } from "./liveStream.ts";

export function ChainStatusNotice() {
  const [chainDown, setChainDown] = useState(false);
  useEffect(() => subscribeToChainStatus((answering) => setChainDown(!answering)), []);
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
