"use client";

import { useSwitchChain } from "wagmi";

import { useTargetChain } from "@/hooks/useTargetChain.ts";
import { getChainName } from "@orm/protocol/chains";
import { getErrorMessage } from "@orm/protocol/errors";

/** Shown while the connected wallet is on a chain the app does not run on, with a switch button. */
export default function WrongChainBanner() {
  const { chain, isWrongChain, walletChainId } = useTargetChain();
  const { switchChain, isPending, error } = useSwitchChain();
  if (!isWrongChain) return null;
  return (
    <div role="alert" data-testid="wrong-chain" className="border-b border-amber-200 bg-warn-soft">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm sm:px-6">
        <p>
          Your wallet is on <strong>{getChainName(walletChainId)}</strong>. This app runs on <strong>{chain.name}</strong>.
          {error ? <span className="block text-warn">{getErrorMessage(error)}</span> : null}
        </p>
        <button type="button" className="btn btn-primary" disabled={isPending} onClick={() => switchChain({ chainId: chain.id })}>
          {isPending ? "Switching…" : `Switch to ${chain.name}`}
        </button>
      </div>
    </div>
  );
}
