/**
 * The wagmi config: the target chains at the URLs the server gave (`RuntimeConfig`), quick polling on
 * the local chain, and the wallets RainbowKit offers — the dev wallet first when every target chain is
 * local, a browser (injected / EIP-6963) wallet always, WalletConnect-based wallets only when
 * `NEXT_PUBLIC_WC_PROJECT_ID` is set (otherwise the page would call WalletConnect's servers).
 */
import type { WalletList } from "@rainbow-me/rainbowkit";
import { coinbaseWallet, injectedWallet, metaMaskWallet, rainbowWallet, walletConnectWallet } from "@rainbow-me/rainbowkit/wallets";
import type { Chain } from "viem";
import { createConfig, http, type Transport } from "wagmi";

import { getChain, LOCAL_CHAIN_ID } from "@orm/protocol/chains";
import { appConfig } from "./config.ts";
import { devWallet } from "./devWallet.ts";
import { getBrowserRpcUrl, type RuntimeConfig } from "./runtimeConfig.ts";
import { getWalletConnectors } from "./walletConnectors.ts";

/** The target chains, default first, at the runtime RPC URLs. */
export function getTargetChains(runtime: RuntimeConfig): readonly [Chain, ...Chain[]] {
  return runtime.targetChainIds.map((id) => getChain(id, getBrowserRpcUrl(runtime, id))!) as unknown as readonly [Chain, ...Chain[]];
}

/**
 * Whether a browser extension announces itself by EIP-6963 (MetaMask, Rabby, …). Extensions answer
 * the request inside its dispatch, so the answer is known here, synchronously.
 */
function hasAnnouncedWallet(): boolean {
  if (typeof window === "undefined") return false;
  let announced = false;
  const onAnnounce = () => (announced = true);
  window.addEventListener("eip6963:announceProvider", onAnnounce);
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  window.removeEventListener("eip6963:announceProvider", onAnnounce);
  return announced;
}

/**
 * RainbowKit's "Browser Wallet" (whatever `window.ethereum` is), only for a wallet that does not
 * announce itself: an extension that does is listed by its own name (wagmi discovers it), and both
 * entries would be the same extension — two ways in, two connections to it, and a Disconnect that
 * ends only one of them.
 */
const browserWalletUnlessAnnounced: typeof injectedWallet = () => ({ ...injectedWallet(), hidden: hasAnnouncedWallet });

function getWalletList(runtime: RuntimeConfig): WalletList {
  const lists: WalletList = [];
  if (runtime.devWallet) {
    lists.push({ groupName: "Local development", wallets: [devWallet({ rpcUrl: runtime.localRpcUrl, chainId: LOCAL_CHAIN_ID })] });
  }
  lists.push({
    groupName: "Wallets",
    // Written out (not `appConfig.walletConnectProjectId`) so the build drops the WalletConnect
    // wallets entirely when the id is unset.
    wallets: process.env.NEXT_PUBLIC_WC_PROJECT_ID
      ? [browserWalletUnlessAnnounced, metaMaskWallet, rainbowWallet, coinbaseWallet, walletConnectWallet]
      : [browserWalletUnlessAnnounced],
  });
  return lists;
}

/** Creates the app's wagmi config (one per page: `lib/web3Clients.ts`). */
export function createWagmiConfig(runtime: RuntimeConfig) {
  const chains = getTargetChains(runtime);
  const transports: Record<number, Transport> = {};
  const pollingInterval: Record<number, number> = {};
  for (const chain of chains) {
    transports[chain.id] = http(chain.rpcUrls.default.http[0], { batch: { wait: 16 } });
    pollingInterval[chain.id] = chain.id === LOCAL_CHAIN_ID ? appConfig.pollingIntervalMs.local : appConfig.pollingIntervalMs.remote;
  }
  return createConfig({
    chains,
    transports,
    connectors: getWalletConnectors(getWalletList(runtime), {
      appName: appConfig.appName,
      appDescription: appConfig.description,
      projectId: appConfig.walletConnectProjectId ?? "",
    }),
    pollingInterval,
    ssr: true,
  });
}

export type WagmiConfig = ReturnType<typeof createWagmiConfig>;

declare module "wagmi" {
  interface Register {
    config: WagmiConfig;
  }
}
