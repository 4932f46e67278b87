"use client";

/** "Connect wallet": opens RainbowKit's connect modal (loaded on hover, focus or click). No wagmi here. */
import { openWalletModal, preloadWalletModals } from "@/lib/web3Loader.ts";

export function ConnectButton({ busy = false }: { busy?: boolean }) {
  return (
    <button
      type="button"
      data-testid="connect-wallet"
      className="btn btn-primary"
      onClick={() => openWalletModal("connect")}
      onPointerEnter={preloadWalletModals}
      onFocus={preloadWalletModals}
    >
      {busy ? "Connecting…" : "Connect wallet"}
    </button>
  );
}
