"use client";

import type { Chain } from "viem";
import { useAccount, useChains } from "wagmi";

export type UseTargetChainReturnType = {
  /** The chain reads and writes go to: the wallet's, when it is one of the app's; else the default. */
  chain: Chain;
  /** True when a wallet is connected on a chain the app does not run on. */
  isWrongChain: boolean;
  /** The wallet's chain id (undefined when no wallet is connected). */
  walletChainId: number | undefined;
};

/** Which of the app's chains is in use, and whether the connected wallet is on another one. */
export function useTargetChain(): UseTargetChainReturnType {
  const chains = useChains();
  const { chainId: walletChainId, isConnected } = useAccount();
  const walletChain = chains.find((chain) => chain.id === walletChainId);
  return {
    chain: walletChain ?? chains[0],
    isWrongChain: isConnected && walletChainId !== undefined && !walletChain,
    walletChainId: isConnected ? walletChainId : undefined,
  };
}
