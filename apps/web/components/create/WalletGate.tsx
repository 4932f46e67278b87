"use client";

/**
 * A wallet island for the artifact uploads: with a connected wallet it renders its children with
 * an upload signer (the wallet's EIP-712 `signTypedData` for the chain it is on, as the storage
 * relay's `UploadSigner` expects; a relay on another chain refuses it, naming its chain); without
 * one, the "Connect a wallet" prompt.
 */
import { useMemo, type ReactNode } from "react";
import { useAccount, useSignTypedData } from "wagmi";

import type { UploadSigner } from "@orm/protocol/storage/client";

import { ConnectPrompt } from "./ConnectPrompt.tsx";

export type WalletGateProps = {
  /** Finishes the prompt's sentence: "Connect a wallet to upload the artifacts." */
  purpose: string;
  children: (signer: UploadSigner) => ReactNode;
};

export default function WalletGate({ purpose, children }: WalletGateProps) {
  const { address, chainId, isConnected } = useAccount();
  const { signTypedDataAsync } = useSignTypedData();
  const signer = useMemo<UploadSigner | undefined>(
    () => (address ? { address, chainId, signTypedData: (typedData) => signTypedDataAsync(typedData) } : undefined),
    [address, chainId, signTypedDataAsync],
  );
  if (!isConnected || !signer) return <ConnectPrompt purpose={purpose} />;
  return <>{children(signer)}</>;
}
