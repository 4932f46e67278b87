/**
 * The chains the app can target: the local Hardhat node (chain id 31337) and 0G's Galileo testnet
 * (chain id 16602 — viem's `zeroGGalileoTestnet` still carries the retired id 16601, so the app uses
 * `zeroGTestnet`). RPC URLs come from the app config, never from the chain objects' defaults.
 */
import type { Chain } from "viem";
import { hardhat, zeroGTestnet } from "viem/chains";

export const LOCAL_CHAIN_ID = 31_337;
export const GALILEO_CHAIN_ID = 16_602;

/** Chain ids the app knows how to talk to. */
export const KNOWN_CHAIN_IDS = [LOCAL_CHAIN_ID, GALILEO_CHAIN_ID] as const;
export type KnownChainId = (typeof KNOWN_CHAIN_IDS)[number];

/** The local Hardhat node at `rpcUrl` (automining: blocks are mined as transactions arrive). */
export function getLocalChain(rpcUrl: string): Chain {
  return { ...hardhat, name: "Local chain", rpcUrls: { default: { http: [rpcUrl] } } };
}

/** 0G's Galileo testnet (chain id 16602), optionally through another RPC endpoint. */
export function getGalileoChain(rpcUrl?: string): Chain {
  if (!rpcUrl) return zeroGTestnet;
  return { ...zeroGTestnet, rpcUrls: { default: { http: [rpcUrl] } } };
}

/** The chain object for `chainId` at `rpcUrl`, or `undefined` for a chain the app does not know. */
export function getChain(chainId: number, rpcUrl: string): Chain | undefined {
  if (chainId === LOCAL_CHAIN_ID) return getLocalChain(rpcUrl);
  if (chainId === GALILEO_CHAIN_ID) return getGalileoChain(rpcUrl);
  return undefined;
}

export function isLocalChainId(chainId: number | undefined): boolean {
  return chainId === LOCAL_CHAIN_ID;
}

/**
 * Networks a visitor's wallet is often on, by name (as viem names them), so a wrong-chain message
 * says "Ethereum" rather than "chain 1". Names only: viem's chain objects for OP-stack chains carry
 * their formatters and serializers, which added ~30 kB to the pages with a wallet (measured).
 */
const WELL_KNOWN_CHAIN_NAMES: Readonly<Record<number, string>> = {
  1: "Ethereum",
  10: "OP Mainnet",
  56: "BNB Smart Chain",
  137: "Polygon",
  8453: "Base",
  42161: "Arbitrum One",
  11155111: "Sepolia",
};

/** A short, human name for a chain id ("Local chain", "0G Galileo Testnet", "Ethereum", "chain 999"). */
export function getChainName(chainId: number | undefined): string {
  if (chainId === LOCAL_CHAIN_ID) return "Local chain";
  if (chainId === GALILEO_CHAIN_ID) return zeroGTestnet.name;
  if (chainId === undefined) return "an unknown network";
  return WELL_KNOWN_CHAIN_NAMES[chainId] ?? `chain ${chainId}`;
}

/** The symbol of `chainId`'s native currency, for every amount of it a person reads ("ETH", "0G"). */
export function nativeSymbolOf(chainId: number | undefined): string {
  return chainId === GALILEO_CHAIN_ID ? zeroGTestnet.nativeCurrency.symbol : "ETH";
}

/** `chainId`'s block explorer (no trailing slash), or `undefined` for a chain without one (the local node). */
export function explorerUrlOf(chainId: number | undefined): string | undefined {
  return chainId === GALILEO_CHAIN_ID ? zeroGTestnet.blockExplorers?.default.url.replace(/\/$/, "") : undefined;
}

/** A link to a transaction, address or token on `chainId`'s explorer, when it has one. */
export function explorerLinkOf(chainId: number | undefined, kind: "tx" | "address" | "token", id: string): string | undefined {
  const base = explorerUrlOf(chainId);
  return base ? `${base}/${kind}/${id}` : undefined;
}
