/**
 * The dev wallet: a wagmi connector over the local Hardhat node's unlocked accounts, offered in the
 * RainbowKit modal as "Dev wallet — local chain" when every target chain is local.
 *
 * It keeps no keys. Account and chain questions (`eth_accounts`, `eth_chainId`, …) are answered here;
 * everything else — `eth_sendTransaction`, `personal_sign`, `eth_signTypedData_v4`, reads — goes to
 * the node as JSON-RPC with the selected account as `from`, and the node signs with the account it
 * holds. So transactions are real, signed and mined, and signatures verify like any wallet's.
 * `selectAccount(index)` switches between the ten accounts (see docs/dev-wallet.md).
 */
import type { Wallet } from "@rainbow-me/rainbowkit";
import {
  getAddress,
  numberToHex,
  RpcRequestError,
  SwitchChainError,
  UserRejectedRequestError,
  type Address,
  type EIP1193RequestFn,
  type Hex,
} from "viem";
import { createConnector, type CreateConnectorFn } from "wagmi";

import { LOCAL_CHAIN_ID } from "@orm/protocol/chains";
import { devAccounts, type DevAccount } from "./devAccounts.ts";

export const DEV_WALLET_ID = "devWallet";
export const DEV_WALLET_NAME = "Dev wallet — local chain";

export type DevWalletParameters = {
  /** The local node's JSON-RPC URL. */
  rpcUrl: string;
  /** The local chain's id (31337). */
  chainId?: number;
  /** The accounts offered (the node must hold their keys). */
  accounts?: readonly DevAccount[];
};

export type DevWalletProvider = { request: EIP1193RequestFn };

export type DevWalletProperties = {
  /** Makes the dev account at `index` the connected one (wagmi sees an account change). */
  selectAccount(index: number): Promise<void>;
  /** The index of the selected dev account. */
  getAccountIndex(): number;
  readonly devAccounts: readonly DevAccount[];
};

type DevWalletStorage = { "devWallet.connected": boolean; "devWallet.account": number };

export type DevWalletConnector = ReturnType<CreateConnectorFn<DevWalletProvider, DevWalletProperties, DevWalletStorage>>;

/** Is `connector` the dev wallet? (A type guard for the role picker.) */
export function isDevWalletConnector(connector: { id: string } | undefined): connector is DevWalletConnector {
  return connector?.id === DEV_WALLET_ID && typeof (connector as Partial<DevWalletConnector>).selectAccount === "function";
}

let nextRequestId = 1;

/** One JSON-RPC call to the node; node errors become viem `RpcRequestError`s (code and revert data kept). */
async function callNode(url: string, method: string, params: unknown): Promise<unknown> {
  const body = { jsonrpc: "2.0", id: nextRequestId++, method, params: params ?? [] };
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const reply = (await response.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
  if (reply.error) throw new RpcRequestError({ body, error: reply.error, url });
  return reply.result;
}

/** The dev wallet as a plain wagmi connector. */
export function devWalletConnector(parameters: DevWalletParameters) {
  const chainId = parameters.chainId ?? LOCAL_CHAIN_ID;
  const accounts = parameters.accounts ?? devAccounts;
  let accountIndex = 0;
  let connected = false;

  return createConnector<DevWalletProvider, DevWalletProperties, DevWalletStorage>((config) => {
    const selected = (): Address => getAddress(accounts[accountIndex]!.address);

    const request: EIP1193RequestFn = (async ({ method, params }: { method: string; params?: unknown }) => {
      switch (method) {
        case "eth_chainId":
          return numberToHex(chainId);
        case "net_version":
          return String(chainId);
        case "eth_accounts":
          return connected ? [selected()] : [];
        case "eth_requestAccounts":
          connected = true;
          return [selected()];
        case "wallet_switchEthereumChain": {
          const [{ chainId: requested }] = params as [{ chainId: Hex }];
          if (Number(requested) !== chainId) throw new SwitchChainError(new Error("The dev wallet works on the local chain only."));
          return null;
        }
        case "wallet_requestPermissions":
        case "wallet_getPermissions":
          return [{ parentCapability: "eth_accounts" }];
        case "wallet_addEthereumChain":
        case "wallet_watchAsset":
          throw new UserRejectedRequestError(new Error("The dev wallet does not add chains or assets."));
        default:
          return callNode(parameters.rpcUrl, method, params);
      }
    }) as EIP1193RequestFn;
    const provider: DevWalletProvider = { request };

    return {
      id: DEV_WALLET_ID,
      name: DEV_WALLET_NAME,
      type: "devWallet",
      devAccounts: accounts,

      async setup() {
        const stored = await config.storage?.getItem("devWallet.account");
        if (typeof stored === "number" && stored >= 0 && stored < accounts.length) accountIndex = stored;
      },
      async connect({ chainId: wanted } = {}) {
        if (wanted !== undefined && wanted !== chainId) throw new SwitchChainError(new Error("The dev wallet works on the local chain only."));
        connected = true;
        await config.storage?.setItem("devWallet.connected", true);
        // Typed as wagmi's connect result; the dev wallet never reports capabilities.
        return { accounts: [selected()], chainId } as never;
      },
      async disconnect() {
        connected = false;
        await config.storage?.removeItem("devWallet.connected");
      },
      async getAccounts() {
        return connected ? [selected()] : [];
      },
      async getChainId() {
        return chainId;
      },
      async getProvider() {
        return provider;
      },
      async isAuthorized() {
        return (await config.storage?.getItem("devWallet.connected")) === true;
      },
      async switchChain({ chainId: wanted }) {
        const chain = config.chains.find((candidate) => candidate.id === wanted);
        if (!chain || wanted !== chainId) throw new SwitchChainError(new Error("The dev wallet works on the local chain only."));
        return chain;
      },
      async selectAccount(index: number) {
        if (!Number.isInteger(index) || index < 0 || index >= accounts.length) throw new Error(`There is no dev account #${index}.`);
        accountIndex = index;
        await config.storage?.setItem("devWallet.account", index);
        if (connected) config.emitter.emit("change", { accounts: [selected()] });
      },
      getAccountIndex() {
        return accountIndex;
      },
      onAccountsChanged(changed) {
        if (changed.length === 0) this.onDisconnect();
        else config.emitter.emit("change", { accounts: changed.map((address) => getAddress(address)) });
      },
      onChainChanged(changed) {
        config.emitter.emit("change", { chainId: Number(changed) });
      },
      onDisconnect() {
        connected = false;
        config.emitter.emit("disconnect");
      },
    };
  });
}

/** A flask on a dark square: the dev wallet's icon in the RainbowKit modal. */
const DEV_WALLET_ICON =
  "data:image/svg+xml;base64," +
  btoa(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 28"><rect width="28" height="28" rx="6" fill="#0f172a"/><path d="M11 6h6M12 6v6l-5 8a2 2 0 0 0 1.7 3h10.6a2 2 0 0 0 1.7-3l-5-8V6" fill="none" stroke="#5eead4" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/><path d="M9.5 18h9" stroke="#5eead4" stroke-width="1.8" stroke-linecap="round"/></svg>',
  );

/** The dev wallet as a RainbowKit wallet (for `connectorsForWallets`). */
export function devWallet(parameters: DevWalletParameters): () => Wallet {
  return () => ({
    id: DEV_WALLET_ID,
    name: DEV_WALLET_NAME,
    shortName: "Dev wallet",
    iconUrl: DEV_WALLET_ICON,
    iconBackground: "#0f172a",
    installed: true,
    createConnector: (walletDetails) =>
      createConnector((config) => ({ ...devWalletConnector(parameters)(config), ...walletDetails })),
  });
}
