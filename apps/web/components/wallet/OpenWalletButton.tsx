"use client";

/**
 * A button that opens one of RainbowKit's modals, loading the wallet machinery on hover or focus so
 * the click finds it ready (or on the click itself). No wagmi here: it renders before the machinery.
 */
import type { ReactNode } from "react";

import { openWalletModal, preloadWalletModals, type WalletModal } from "@/lib/web3Loader.ts";

export function OpenWalletButton({
  modal = "connect",
  className,
  testId,
  title,
  children,
}: {
  /** Which modal: "connect" (the default) or "account". */
  modal?: WalletModal;
  className: string;
  testId: string;
  title?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      data-testid={testId}
      className={className}
      onClick={() => openWalletModal(modal)}
      onPointerEnter={preloadWalletModals}
      onFocus={preloadWalletModals}
      title={title}
    >
      {children}
    </button>
  );
}
