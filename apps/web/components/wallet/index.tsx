"use client";

/** The wallet parts of every page, as islands: they load with the wallet machinery, not with the page. */
import { createWeb3Island } from "@/components/providers/createWeb3Island.tsx";

import { ConnectButton } from "./ConnectButton.tsx";

/** The header's wallet area; a plain "Connect wallet" button until the machinery is loaded. */
export const WalletArea = createWeb3Island(() => import("./WalletArea.tsx"), { fallback: <ConnectButton /> });

/** The wrong-network prompt (only a connected wallet can be on the wrong network). */
export const WrongChainBanner = createWeb3Island(() => import("./WrongChainBanner.tsx"));
