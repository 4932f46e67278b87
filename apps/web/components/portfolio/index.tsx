"use client";

/**
 * The portfolio's islands. The connected account's portfolio waits for a wallet (not eager): until
 * then the page shows the connect prompt. A read-only view of any address (`/portfolio?address=`)
 * reads the chain for every visitor, so it loads the machinery at once.
 */
import { createWeb3Island } from "@/components/providers/createWeb3Island.tsx";

import { ConnectPrompt } from "./ConnectPrompt.tsx";
import { PortfolioSkeleton } from "./PortfolioSkeleton.tsx";

export const ConnectedPortfolio = createWeb3Island(() => import("./ConnectedPortfolio.tsx"), {
  fallback: <ConnectPrompt />,
});

export const AddressPortfolio = createWeb3Island<{ address: `0x${string}` }>(() => import("./AddressPortfolio.tsx"), {
  eager: true,
  fallback: <PortfolioSkeleton />,
});
