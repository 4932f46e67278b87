"use client";

/** "Connect wallet": opens RainbowKit's connect modal (loaded on hover, focus or click). No wagmi here. */
import { OpenWalletButton } from "./OpenWalletButton.tsx";

export function ConnectButton({ busy = false }: { busy?: boolean }) {
  return (
    <OpenWalletButton testId="connect-wallet" className="btn btn-primary">
      {busy ? "Connecting…" : "Connect wallet"}
    </OpenWalletButton>
  );
}
