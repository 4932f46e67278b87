/**
 * The page's one wagmi config and one TanStack Query client, created on first use from the URLs the
 * server gave. Shared by the root provider (which reconnects) and every wallet island.
 */
import { QueryClient } from "@tanstack/react-query";

import { connectDespiteDeclinedNetwork } from "./declinedNetworkOnConnect.ts";
import type { RuntimeConfig } from "./runtimeConfig.ts";
import { createWagmiConfig, type WagmiConfig } from "./wagmi.ts";

let clients: { wagmiConfig: WagmiConfig; queryClient: QueryClient } | undefined;

export function getWeb3Clients(runtime: RuntimeConfig): { wagmiConfig: WagmiConfig; queryClient: QueryClient } {
  if (!clients) {
    clients = {
      wagmiConfig: createWagmiConfig(runtime),
      queryClient: new QueryClient({ defaultOptions: { queries: { staleTime: 1_000, refetchOnWindowFocus: true, retry: 1 } } }),
    };
    if (typeof window !== "undefined") connectDespiteDeclinedNetwork(clients.queryClient, clients.wagmiConfig);
  }
  return clients;
}
