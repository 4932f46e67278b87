/**
 * The server's view of the chain, for server components that must show chain state (the indexer is
 * down, or a number must be exact at render time): a viem public client on the app's default chain
 * at the runtime RPC URL. Reads only; the browser signs.
 */
import { createPublicClient, http, type PublicClient } from "viem";

import { getChain } from "@orm/protocol/chains";
import { getRuntimeConfig, getServerRpcUrl } from "./runtimeConfig.ts";

let cached: { key: string; client: PublicClient } | undefined;

/** A public client on the default target chain; `undefined` when its RPC URL is unknown. */
export function getServerPublicClient(): PublicClient | undefined {
  const runtime = getRuntimeConfig();
  const chainId = runtime.targetChainIds[0];
  const rpcUrl = getServerRpcUrl(chainId);
  const chain = rpcUrl ? getChain(chainId, rpcUrl) : getChain(chainId, "");
  if (!chain) return undefined;
  const url = rpcUrl || chain.rpcUrls.default.http[0];
  if (!url) return undefined;
  const key = `${chainId}:${url}`;
  if (cached?.key !== key) {
    cached = { key, client: createPublicClient({ chain, transport: http(url, { timeout: 5_000, retryCount: 1 }) }) as PublicClient };
  }
  return cached.client;
}

/** The default target chain's id (what the server reads and the generated addresses are keyed by). */
export function getServerChainId(): number {
  return getRuntimeConfig().targetChainIds[0];
}
