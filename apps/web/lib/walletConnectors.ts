/**
 * The wallets RainbowKit's modal offers, as wagmi connectors. This is RainbowKit's
 * `connectorsForWallets` (v2.2, `src/wallets/connectorsForWallets.ts`) without the rest of
 * RainbowKit's main module, which importing it would pull into every page: the modal itself loads
 * on demand (`components/providers/RainbowKitLayer.tsx`).
 */
import type { Wallet, WalletList } from "@rainbow-me/rainbowkit";
import type { CreateConnectorFn } from "wagmi";

export type GetWalletConnectorsParameters = {
  appName: string;
  appDescription?: string;
  appUrl?: string;
  /** WalletConnect Cloud project id ("" when WalletConnect is off). */
  projectId: string;
};

/** The connectors for `walletList`, each carrying the `rkDetails` RainbowKit's modal reads. */
export function getWalletConnectors(walletList: WalletList, { appName, appDescription, appUrl, projectId }: GetWalletConnectorsParameters): CreateConnectorFn[] {
  const metadata = { name: appName, description: appDescription ?? appName, url: appUrl ?? (typeof window === "undefined" ? "" : window.location.origin), icons: [] };
  const items: (Wallet & { groupIndex: number; groupName: string; index: number })[] = [];
  let index = -1;
  for (const [groupIndex, { groupName, wallets }] of walletList.entries()) {
    for (const createWallet of wallets) {
      index += 1;
      const wallet = createWallet({ projectId, appName, options: { metadata }, walletConnectParameters: { metadata } } as never);
      items.push({ ...wallet, groupIndex: groupIndex + 1, groupName, index });
    }
  }
  const seen = new Set<string>();
  const connectors: CreateConnectorFn[] = [];
  // Visible wallets first, then those that may hide themselves (as RainbowKit orders them).
  for (const item of [...items.filter((wallet) => typeof wallet.hidden !== "function"), ...items.filter((wallet) => typeof wallet.hidden === "function")]) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    const { createConnector, hidden, groupIndex, groupName, ...walletMeta } = item;
    if (typeof hidden === "function" && hidden()) continue;
    const details = (extra: Record<string, unknown> = {}) => ({
      rkDetails: Object.fromEntries(
        Object.entries({ ...walletMeta, groupIndex, groupName, isRainbowKitConnector: true, ...extra }).filter(([, value]) => value !== undefined),
      ),
    });
    if (walletMeta.id === "walletConnect") {
      connectors.push(createConnector(details({ isWalletConnectModalConnector: true, showQrModal: true }) as never));
    }
    connectors.push(createConnector(details() as never));
  }
  return connectors;
}
