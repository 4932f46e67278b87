"use client";

/**
 * The wallet machinery, mounted once per page when first needed: wagmi's provider (which restores
 * and reconnects the last wallet), TanStack Query, the toasts, and RainbowKit's modals (their own
 * chunk, on the first modal request). Wallet islands render under `Web3Providers`, which share this
 * config and query client.
 */
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect } from "react";
import { Toaster } from "sonner";
import { WagmiProvider } from "wagmi";

import { subscribeToBlocks } from "@/components/live/liveStream.ts";
import { getWeb3Clients } from "@/lib/web3Clients.ts";
import { markWeb3Ready } from "@/lib/web3Loader.ts";

import { useRuntimeConfig } from "./RuntimeConfigContext.tsx";
import { useWeb3Loader } from "./useWeb3Loader.ts";

const RainbowKitLayer = lazy(() => import("./RainbowKitLayer.tsx"));

/** The queries that follow the chain: wagmi's contract reads and balances, and the islands' indexer rows. */
const FOLLOWS_BLOCKS = new Set<unknown>(["readContract", "readContracts", "balance", "indexer", "verifier-queue"]);

/**
 * Refetches the page's active chain and indexer reads when the live stream pushes a newer indexed
 * block (the page's one stream, `liveStream.ts`): the islands follow the chain by push, within a
 * block, instead of each polling on its own timer (they keep only `FALLBACK_REFETCH_MS`).
 */
function FollowIndexedBlocks({ queryClient }: { queryClient: QueryClient }) {
  useEffect(() => {
    let seen: bigint | undefined;
    return subscribeToBlocks((block) => {
      const first = seen === undefined;
      if (!first && block <= seen!) return;
      seen = block;
      // The latest block is handed over on subscribing: what just mounted has read it already. A
      // hidden tab only marks its reads stale: they refetch when it is shown (`refetchOnWindowFocus`).
      if (!first) {
        void queryClient.invalidateQueries({
          predicate: (query) => FOLLOWS_BLOCKS.has(query.queryKey[0]),
          refetchType: document.hidden ? "none" : "active",
        });
      }
    });
  }, [queryClient]);
  return null;
}

function ReadySignal() {
  useEffect(() => markWeb3Ready(), []);
  return null;
}

export default function Web3Root() {
  const { wagmiConfig, queryClient } = getWeb3Clients(useRuntimeConfig());
  const { modalsWanted } = useWeb3Loader();
  return (
    <WagmiProvider config={wagmiConfig}>
      <QueryClientProvider client={queryClient}>
        <ReadySignal />
        <FollowIndexedBlocks queryClient={queryClient} />
        <Toaster position="bottom-right" richColors closeButton />
        {modalsWanted ? (
          <Suspense fallback={null}>
            <RainbowKitLayer />
          </Suspense>
        ) : null}
      </QueryClientProvider>
    </WagmiProvider>
  );
}
