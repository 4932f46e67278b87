/**
 * The one app config. Chains follow the generated deployments (`npm start` and every deploy rewrite
 * `@orm/protocol/generated/deployments`): the local chain when 31337 is deployed, Galileo when 16602 is; with
 * no deployment at all the app targets the local chain and refuses writes with "not deployed".
 * Dev conveniences (the dev wallet, the dev-account list) are on only when every target chain is local.
 *
 * `NEXT_PUBLIC_*` values are fixed when the app is built. The server may override the RPC and indexer
 * URLs when it starts (`lib/runtimeConfig.ts`), so one build serves any chain port.
 */
import { GALILEO_CHAIN_ID, LOCAL_CHAIN_ID } from "@orm/protocol/chains";
import { deployments } from "@orm/protocol/generated/deployments";

export type AppConfig = {
  readonly appName: string;
  readonly description: string;
  /** Chains the app works on, the default one first. */
  readonly targetChainIds: readonly [number, ...number[]];
  readonly rpcUrls: { readonly local: string; readonly galileo: string | undefined };
  /** How often viem polls for blocks and receipts, in ms (viem's default is 4 s). */
  readonly pollingIntervalMs: { readonly local: number; readonly remote: number };
  /** The Ponder indexer's HTTP endpoint (lists, feeds, charts). */
  readonly indexerUrl: string;
  /** WalletConnect Cloud project id; WalletConnect-based wallets are offered only when it is set. */
  readonly walletConnectProjectId: string | undefined;
  /** The built-in dev wallet over the local node's unlocked accounts (local chain only). */
  readonly devWallet: boolean;
};

const deployedChainIds = Object.keys(deployments as Record<string, unknown>).map(Number);

function getTargetChainIds(): readonly [number, ...number[]] {
  // `npm start -- --network galileo` builds for one network; otherwise every deployed one.
  const network = process.env.NEXT_PUBLIC_TARGET_NETWORK;
  if (network === "localhost") return [LOCAL_CHAIN_ID];
  if (network === "galileo") return [GALILEO_CHAIN_ID];
  const ids = [LOCAL_CHAIN_ID, GALILEO_CHAIN_ID].filter((id) => deployedChainIds.includes(id));
  return ids.length > 0 ? (ids as [number, ...number[]]) : [LOCAL_CHAIN_ID];
}

const targetChainIds = getTargetChainIds();

export const appConfig = {
  appName: "Open Research Market",
  description: "Fund, improve and verify open research: project tokens on a bonding curve, miners' proposals, allowlisted verifiers, artifacts on 0G storage.",
  targetChainIds,
  rpcUrls: {
    local: process.env.NEXT_PUBLIC_LOCAL_RPC_URL || "http://127.0.0.1:8545",
    galileo: process.env.NEXT_PUBLIC_GALILEO_RPC_URL || undefined,
  },
  pollingIntervalMs: { local: 250, remote: 4_000 },
  indexerUrl: process.env.NEXT_PUBLIC_INDEXER_URL || "http://127.0.0.1:42069",
  walletConnectProjectId: process.env.NEXT_PUBLIC_WC_PROJECT_ID || undefined,
  devWallet: targetChainIds.every((id) => id === LOCAL_CHAIN_ID),
} as const satisfies AppConfig;
