"use client";

/**
 * What the wizard's wallet steps show without a connected wallet: what the wallet is needed for
 * and a "Connect a wallet" button (RainbowKit's modal, loaded on demand; no wagmi here).
 */
import { OpenWalletButton } from "@/components/wallet/OpenWalletButton.tsx";

export const UPLOAD_PURPOSE = "to upload the artifacts: the relay takes uploads signed by a wallet.";
export const SIGN_PURPOSE = "to sign the transaction that publishes the project.";

export function ConnectPrompt({ purpose }: { purpose: string }) {
  return (
    <div data-testid="create-connect-prompt" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-dashed border-line bg-canvas px-4 py-3">
      <p className="text-sm">
        <strong className="font-semibold">Connect a wallet</strong> <span className="text-muted">{purpose}</span>
      </p>
      <OpenWalletButton testId="create-connect-wallet" className="btn btn-primary">
        Connect a wallet
      </OpenWalletButton>
    </div>
  );
}
