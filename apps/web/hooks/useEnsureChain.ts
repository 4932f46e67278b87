"use client";

/**
 * The chain is checked before anything is signed. A wallet on another network is asked to switch
 * (it may first ask to add the network); a wallet that refuses, or cannot switch by itself, gets one
 * sentence that names both networks, and nothing is signed or sent. Signing anything on the wrong
 * network would fail later and more confusingly: the upload intent and the stake permit are EIP-712
 * data bound to the app's chain id (wallets refuse typed data for a chain they are not on), and a
 * transaction would go to the wrong network.
 */
import { useCallback } from "react";
import { useAccount, useConfig } from "wagmi";
import { switchChain } from "wagmi/actions";

import { getChainName } from "@orm/protocol/chains";
import { getErrorMessage, USER_REJECTED_SENTENCE } from "@orm/protocol/errors";

import { useTargetChain } from "./useTargetChain.ts";

/** Why the wallet is not on the app's network, as the sentence a form shows. */
export class WrongChainError extends Error {
  override name = "WrongChainError";
}

export type UseEnsureChainReturnType = {
  /** Resolves once the wallet is on the app's chain; throws `WrongChainError` (a sentence) if it is not. */
  ensureChain: () => Promise<void>;
  /** True when a connected wallet is on another network (a button can say "Switch to …" instead). */
  isWrongChain: boolean;
  /** The app's chain. */
  chainName: string;
};

export function useEnsureChain(): UseEnsureChainReturnType {
  const config = useConfig();
  const { chain, isWrongChain } = useTargetChain();
  const { chainId: walletChainId, isConnected } = useAccount();

  const ensureChain = useCallback(async () => {
    // Read the wallet's network now, not from the last render: the user may have switched since.
    const connection = config.state.current ? config.state.connections.get(config.state.current) : undefined;
    const current = connection?.chainId ?? walletChainId;
    if (!isConnected || current === undefined || config.chains.some((known) => known.id === current)) return;
    try {
      await switchChain(config, { chainId: chain.id });
    } catch (error) {
      const declined = getErrorMessage(error) === USER_REJECTED_SENTENCE;
      throw new WrongChainError(
        declined
          ? `Your wallet is on ${getChainName(current)} and the switch to ${chain.name} was declined; nothing was signed. Switch to ${chain.name} to continue.`
          : `Your wallet is on ${getChainName(current)} and could not be switched to ${chain.name}; switch it to ${chain.name} in the wallet, then try again.`,
      );
    }
  }, [chain.id, chain.name, config, isConnected, walletChainId]);

  return { ensureChain, isWrongChain, chainName: chain.name };
}
