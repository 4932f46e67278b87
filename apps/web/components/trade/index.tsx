"use client";

/**
 * The trade panel of a project page, as a wallet island: it reads quotes from the chain for every
 * visitor, so it asks for the wallet machinery as soon as it mounts. The skeleton is what the server
 * renders and what shows until the machinery is loaded.
 */
import { createWeb3Island } from "@/components/providers/createWeb3Island.tsx";

import { TradePanelSkeleton } from "./TradePanelSkeleton.tsx";
import type { TradePanelProps } from "./types.ts";

export type { TradePanelProps };

export const TradePanel = createWeb3Island<TradePanelProps>(() => import("./TradePanel.tsx"), {
  eager: true,
  fallback: <TradePanelSkeleton />,
});
