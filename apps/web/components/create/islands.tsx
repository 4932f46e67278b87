"use client";

/**
 * The publish wizard's wallet islands (see docs/web3-loading.md): the page and the form load
 * without wagmi; these load with the wallet machinery. Until then (and on the server) each shows
 * the "Connect a wallet" prompt.
 */
import { createWeb3Island } from "@/components/providers/createWeb3Island.tsx";

import { ConnectPrompt, SIGN_PURPOSE, UPLOAD_PURPOSE } from "./ConnectPrompt.tsx";
import type { PublishActionProps } from "./PublishAction.tsx";
import type { WalletGateProps } from "./WalletGate.tsx";

export const WalletGate = createWeb3Island<WalletGateProps>(() => import("./WalletGate.tsx"), {
  fallback: <ConnectPrompt purpose={UPLOAD_PURPOSE} />,
});

export const PublishAction = createWeb3Island<PublishActionProps>(() => import("./PublishAction.tsx"), {
  fallback: <ConnectPrompt purpose={SIGN_PURPOSE} />,
});
