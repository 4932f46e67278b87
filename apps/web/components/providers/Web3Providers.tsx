"use client";

/**
 * The wagmi and TanStack Query contexts for a wallet island: the page's one config and query client
 * (`lib/web3Clients.ts`), without a second `WagmiProvider` (whose mount would restore and reconnect
 * again — `Web3Root` does that once).
 */
import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { WagmiContext } from "wagmi";

import { getWeb3Clients } from "@/lib/web3Clients.ts";

import { useRuntimeConfig } from "./RuntimeConfigContext.tsx";

export function Web3Providers({ children }: { children: ReactNode }) {
  const { wagmiConfig, queryClient } = getWeb3Clients(useRuntimeConfig());
  return (
    <WagmiContext.Provider value={wagmiConfig}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </WagmiContext.Provider>
  );
}
