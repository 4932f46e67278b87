"use client";

/**
 * A wallet island for the artifact uploads: with a connected wallet it renders its children with
 * an upload signer (the wallet's EIP-712 `signTypedData`, as the storage relay's `UploadSigner`
 * expects, for the app's chain: a wallet on another network is asked to switch before it is asked
 * to sign, `useEnsureChain`); without one, the "Connect a wallet" prompt.
 */
import { useMemo, type ReactNode } from "react";
import { useAccount, useSignTypedData } from "wagmi";

import { useEnsureChain } from "@/hooks/useEnsureChain.ts";
import { useTargetChain } from "@/hooks/useTargetChain.ts";
import type { UploadSigner } from "@orm/protocol/storage/client";

import { ConnectPrompt } from "./ConnectPrompt.tsx";

export type WalletGateProps = {
  /** Finishes the prompt's sentence: "Connect a wallet to upload the artifacts." */
  purpose: string;
  children: (signer: UploadSigner) => ReactNode;
};

export default function WalletGate({ purpose, children }: WalletGateProps) {
  const { address, isConnected } = useAccount();
  const { chain } = useTargetChain();
  const { ensureChain } = useEnsureChain();
  const { signTypedDataAsync } = useSignTypedData();
  const signer = useMemo<UploadSigner | undefined>(
    () =>
      address
        ? {
            address,
            chainId: chain.id,
            signTypedData: async (typedData) => {
              await ensureChain();
              return signTypedDataAsync(typedData);
            },
          }
        : undefined,
    [address, chain.id, ensureChain, signTypedDataAsync],
  );
  if (!isConnected || !signer) return <ConnectPrompt purpose={purpose} />;
  return <>{children(signer)}</>;
}
