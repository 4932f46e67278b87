"use client";

/**
 * RainbowKit's provider with its connect, account and chain modals, loaded on demand. It does not
 * wrap the page: the header's own light buttons ask for a modal (`openWalletModal`) and this
 * layer opens it (`lib/web3Loader.ts`).
 */
import "@rainbow-me/rainbowkit/styles.css";

import {
  lightTheme,
  RainbowKitProvider,
  useAccountModal,
  useChainModal,
  useConnectModal,
  type AvatarComponent,
} from "@rainbow-me/rainbowkit";
import { useEffect, useRef } from "react";

import { appConfig } from "@/lib/config.ts";

import { useWeb3Loader } from "./useWeb3Loader.ts";

function ModalOpener() {
  const { modalRequest: request } = useWeb3Loader();
  const { openConnectModal } = useConnectModal();
  const { openAccountModal } = useAccountModal();
  const { openChainModal } = useChainModal();

  const handled = useRef(0);
  const open = request ? { connect: openConnectModal, account: openAccountModal, chain: openChainModal }[request.modal] : undefined;

  useEffect(() => {
    // Each request opens its modal once, as soon as RainbowKit offers that modal (right after it
    // loads, the connection state may still be settling).
    if (!request || request.id <= handled.current || !open) return;
    handled.current = request.id;
    open();
  }, [request, open]);
  return null;
}

/** A plain coloured disc from the address (RainbowKit's default avatar fetches nothing either). */
const Avatar: AvatarComponent = ({ address, size }) => (
  <div
    aria-hidden
    style={{
      width: size,
      height: size,
      borderRadius: "999px",
      background: `linear-gradient(135deg, #${address.slice(2, 8)}, #${address.slice(-6)})`,
    }}
  />
);

export default function RainbowKitLayer() {
  return (
    <RainbowKitProvider
      appInfo={{ appName: appConfig.appName }}
      avatar={Avatar}
      modalSize="compact"
      theme={lightTheme({ accentColor: "#0f766e", borderRadius: "medium", fontStack: "system" })}
    >
      <ModalOpener />
    </RainbowKitProvider>
  );
}
