"use client";

/**
 * A wallet island for the artifact uploads: with a connected wallet it renders its children with
 * an upload signer (the wallet's EIP-712 `signTypedData`, as the storage relay's `UploadSigner`
 * expects); without one, the "Connect a wallet" prompt.
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
  const { address, isConnected } = useAccount();
  const { signTypedDataAsync } = useSignTypedData();
  const signer = useMemo<UploadSigner | undefined>(
    () => (address ? { address, signTypedData: (typedData) => signTypedDataAsync(typedData) } : undefined),
    [address, signTypedDataAsync],
  );
  if (!isConnected || !signer) return <ConnectPrompt purpose={purpose} />;
  return <>{children(signer)}</>;
}
