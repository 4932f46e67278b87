"use client";

/**
 * The wallet machinery, mounted once per page when first needed: wagmi's provider (which restores
 * and reconnects the last wallet), TanStack Query, the toasts, and RainbowKit's modals (their own
 * chunk, on the first modal request). Wallet islands render under `Web3Providers`, which share this
 * config and query client.
 */
import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, useEffect } from "react";
import { Toaster } from "sonner";
import { WagmiProvider } from "wagmi";

import { getWeb3Clients } from "@/lib/web3Clients.ts";
import { markWeb3Ready } from "@/lib/web3Loader.ts";

import { useRuntimeConfig } from "./RuntimeConfigContext.tsx";
import { useWeb3Loader } from "./useWeb3Loader.ts";

const RainbowKitLayer = lazy(() => import("./RainbowKitLayer.tsx"));

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
