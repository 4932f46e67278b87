"use client";

/**
 * The trade panel of a project page, as a wallet island. It reads quotes from the chain, which
 * takes the wallet machinery (wagmi, viem) — most of a page's JavaScript — so the machinery loads
 * when the visitor reaches for the panel (or has a wallet connected), not with the page: a reader
 * of the project pays nothing for it. Until then the server-rendered idle panel shows.
 */
import { createWeb3Island } from "@/components/providers/createWeb3Island.tsx";

import { TradePanelIdle } from "./TradePanelIdle.tsx";
import type { TradePanelProps } from "./types.ts";

export type { TradePanelProps };

export const TradePanel = createWeb3Island<TradePanelProps>(() => import("./TradePanel.tsx"), {
  loadOnInteraction: true,
  fallback: (props) => <TradePanelIdle {...props} />,
});
