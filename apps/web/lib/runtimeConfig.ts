/**
 * What the browser needs from the environment, read by the server when it renders (not when the app
 * is built), so one build serves any chain port, indexer port or target network: `npm start`
 * passes `NEXT_PUBLIC_LOCAL_RPC_URL`, `NEXT_PUBLIC_INDEXER_URL`, `NEXT_PUBLIC_TARGET_NETWORK` (and
 * `CHAIN_PORT`) to the web server after building it. Reading them through `env` (a parameter) keeps
 * Next from freezing the build-time values in. Falls back to the build-time `appConfig`.
 * Call it from server components only (the root layout passes the result to the providers).
 */
import { GALILEO_CHAIN_ID, LOCAL_CHAIN_ID, nativeSymbolOf } from "@orm/protocol/chains";
import { appConfig } from "./config.ts";

export type RuntimeConfig = {
  /** The app's chains, default first. */
  targetChainIds: readonly [number, ...number[]];
  /** The dev wallet and dev-account list are offered (every target chain is local). */
  devWallet: boolean;
  localRpcUrl: string;
  /**
   * Galileo's RPC as handed to the browser and the user's wallet: `NEXT_PUBLIC_GALILEO_RPC_URL`, else
   * the chain's public RPC. Never `GALILEO_RPC_URL`, which may carry a provider's key and is the
   * server's alone (`getServerRpcUrl`).
   */
  galileoRpcUrl: string | undefined;
  indexerUrl: string;
  /** The default chain's currency symbol, for every native amount a page shows ("ETH", "0G"). */
  nativeSymbol: string;
};

/** `localhost` → the local chain; `galileo` → 0G Galileo; anything else → `undefined`. */
function chainIdOfNetwork(network: string | undefined): number | undefined {
  if (network === "localhost" || network === "hardhat" || network === "local") return LOCAL_CHAIN_ID;
  if (network === "galileo" || network === "0g-galileo" || network === "zeroGTestnet") return GALILEO_CHAIN_ID;
  return undefined;
}

export function getRuntimeConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  const port = env.CHAIN_PORT && /^\d+$/.test(env.CHAIN_PORT) ? env.CHAIN_PORT : undefined;
  const networkChainId = chainIdOfNetwork(env.TARGET_NETWORK || env.NEXT_PUBLIC_TARGET_NETWORK);
  const targetChainIds: readonly [number, ...number[]] = networkChainId ? [networkChainId] : appConfig.targetChainIds;
  return {
    targetChainIds,
    devWallet: targetChainIds.every((id) => id === LOCAL_CHAIN_ID),
    localRpcUrl:
      env.LOCAL_RPC_URL || env.NEXT_PUBLIC_LOCAL_RPC_URL || (port ? `http://127.0.0.1:${port}` : appConfig.rpcUrls.local),
    galileoRpcUrl: env.NEXT_PUBLIC_GALILEO_RPC_URL || appConfig.rpcUrls.galileo,
    indexerUrl: env.INDEXER_URL || env.NEXT_PUBLIC_INDEXER_URL || appConfig.indexerUrl,
    nativeSymbol: nativeSymbolOf(targetChainIds[0]),
  };
}

/**
 * The RPC URL the browser and the user's wallet use for `chainId` (`lib/wagmi.ts`; the CSP allows its
 * origin): empty for Galileo without `NEXT_PUBLIC_GALILEO_RPC_URL`, meaning the chain's public RPC.
 */
export function getBrowserRpcUrl(runtime: RuntimeConfig, chainId: number): string {
  return chainId === LOCAL_CHAIN_ID ? runtime.localRpcUrl : (runtime.galileoRpcUrl ?? "");
}

/**
 * The RPC the server itself reads `chainId` through: for Galileo `GALILEO_RPC_URL` when set (a keyed,
 * private endpoint is fine here: it never leaves the server), else the public one.
 */
export function getServerRpcUrl(chainId: number, env: Record<string, string | undefined> = process.env): string | undefined {
  const runtime = getRuntimeConfig(env);
  if (chainId === GALILEO_CHAIN_ID) return env.GALILEO_RPC_URL || runtime.galileoRpcUrl;
  return runtime.localRpcUrl;
}
