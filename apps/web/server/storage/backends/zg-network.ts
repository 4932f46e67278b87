/**
 * The relay's view of the 0G network, checked before it is used: the indexer answers and lists
 * storage nodes, the chain RPC answers and is on the storage network's chain (ZG_CHAIN_ID, 16602 on
 * Galileo), and the paying key holds something. Each problem is one sentence (a 503, logged once),
 * so a wrong URL or an empty account reads as what it is instead of a retried 502 or a timeout.
 * A passed check is remembered for a few minutes per configuration; a failed one is tried again.
 */
import { createPublicClient, createWalletClient, formatEther, http } from "viem";
import type { Address, Chain, Hex, PublicClient, WalletClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { PrivateKeyAccount } from "viem/accounts";
import { zeroGTestnet } from "viem/chains";
import { GALILEO_CHAIN_ID, getGalileoChain } from "@orm/protocol/chains";
import { StorageConfigError } from "../config.ts";
import type { ZgConfig } from "../config.ts";
import { createIndexerClient, createStorageNodeClient, rpcMessageOf } from "./zg-rpc.ts";
import type { IndexerClient, ShardedNode } from "./zg-rpc.ts";
import { ZgNetworkUnavailableError } from "./zg-errors.ts";

/** Galileo's public endpoints, named in the sentences below and in the README. */
export const GALILEO_INDEXER_RPC = "https://indexer-storage-testnet-turbo.0g.ai";
export const GALILEO_EVM_RPC = "https://evmrpc-testnet.0g.ai";

const CHECK_TTL_MS = 5 * 60_000;

export type StorageNetwork = {
  indexer: IndexerClient;
  /** The indexer's trusted storage nodes (the set uploads are sent to). */
  trusted: ShardedNode[];
  /** Every node the indexer knows of (trusted and discovered): where a download looks last. */
  known: ShardedNode[];
  chainId: number;
  flowAddress: Address;
};

export type Payer = {
  account: PrivateKeyAccount;
  chain: Chain;
  publicClient: PublicClient;
  walletClient: WalletClient;
};

export function requireSetting(value: string | undefined, variable: string): string {
  if (!value) throw new StorageConfigError(variable, "is not set, and STORAGE_BACKEND=0g needs it");
  return value;
}

function firstLine(error: unknown): string {
  return rpcMessageOf(error).split("\n")[0].slice(0, 200);
}

const reported = new Set<string>();
/** Logs each distinct problem once per process (the relay answers every request with it). */
function unavailable(sentence: string): ZgNetworkUnavailableError {
  if (!reported.has(sentence)) {
    reported.add(sentence);
    console.error(`storage relay: ${sentence}`);
  }
  return new ZgNetworkUnavailableError(sentence);
}

type Cached<T> = { value: Promise<T>; at: number };
const networkChecks = new Map<string, Cached<StorageNetwork>>();
const payerChecks = new Map<string, Cached<Payer>>();

function remembered<T>(cache: Map<string, Cached<T>>, key: string, check: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CHECK_TTL_MS) return hit.value;
  const value = check();
  cache.set(key, { value, at: Date.now() });
  value.catch(() => cache.delete(key));
  return value;
}

/** The storage network behind ZG_INDEXER_RPC, checked (downloads and uploads need it). */
export function getStorageNetwork(zg: ZgConfig): Promise<StorageNetwork> {
  const url = requireSetting(zg.indexerRpc, "ZG_INDEXER_RPC");
  return remembered(networkChecks, `${url} ${zg.chainId}`, () => checkStorageNetwork(url, zg));
}

async function checkStorageNetwork(url: string, zg: ZgConfig): Promise<StorageNetwork> {
  const indexer = createIndexerClient(url, { timeoutMs: zg.nodeTimeoutMs });
  const sharded = await indexer.getShardedNodes().catch((error: unknown) => {
    throw unavailable(`The 0G indexer at ZG_INDEXER_RPC (${url}) did not answer (${firstLine(error)}); on Galileo it is ${GALILEO_INDEXER_RPC}.`);
  });
  const trusted = sharded?.trusted ?? [];
  if (trusted.length === 0) throw unavailable(`The 0G indexer at ZG_INDEXER_RPC (${url}) lists no storage nodes, so nothing can be stored or read.`);
  // The storage network's chain and flow contract, as its nodes report them: the first node to answer.
  const statuses = trusted.map((node) => createStorageNodeClient(node.url, { timeoutMs: zg.nodeTimeoutMs }).getStatus());
  const status = await Promise.any(statuses.map((pending) => pending.then((value) => value ?? Promise.reject(new Error("no status"))))).catch(() => {
    throw unavailable(`None of the ${trusted.length} storage nodes the 0G indexer at ZG_INDEXER_RPC (${url}) lists answered.`);
  });
  const { chainId, flowAddress } = status.networkIdentity;
  if (chainId !== zg.chainId) {
    throw unavailable(`The storage network behind ZG_INDEXER_RPC (${url}) belongs to chain ${chainId}, not ZG_CHAIN_ID ${zg.chainId} (0G Galileo is ${GALILEO_CHAIN_ID}).`);
  }
  return { indexer, trusted, known: [...trusted, ...(sharded?.discovered ?? [])], chainId, flowAddress };
}

/** The paying account on ZG_EVM_RPC, checked against the storage network's chain and for a balance (uploads need it). */
export function getPayer(zg: ZgConfig, network: StorageNetwork): Promise<Payer> {
  const url = requireSetting(zg.evmRpc, "ZG_EVM_RPC");
  const key = requireSetting(zg.privateKey, "ZG_PRIVATE_KEY");
  let account: PrivateKeyAccount;
  try {
    account = privateKeyToAccount((key.startsWith("0x") ? key : `0x${key}`) as Hex);
  } catch {
    throw new StorageConfigError("ZG_PRIVATE_KEY", "is not a 32-byte hex private key");
  }
  return remembered(payerChecks, `${url} ${account.address} ${network.chainId}`, () => checkPayer(url, account, zg, network));
}

function chainAt(chainId: number, url: string): Chain {
  if (chainId === GALILEO_CHAIN_ID) return getGalileoChain(url);
  return { ...zeroGTestnet, id: chainId, name: `0G chain ${chainId}`, rpcUrls: { default: { http: [url] } } };
}

async function checkPayer(url: string, account: PrivateKeyAccount, zg: ZgConfig, network: StorageNetwork): Promise<Payer> {
  const chain = chainAt(network.chainId, url);
  const transport = http(url, { timeout: zg.nodeTimeoutMs, retryCount: 1 });
  const publicClient = createPublicClient({ chain, transport }) as PublicClient;
  const walletClient = createWalletClient({ account, chain, transport });
  const rpcChainId = await publicClient.getChainId().catch((error: unknown) => {
    throw unavailable(`The 0G chain RPC at ZG_EVM_RPC (${url}) did not answer (${firstLine(error)}); on Galileo it is ${GALILEO_EVM_RPC}.`);
  });
  if (rpcChainId !== network.chainId) {
    throw unavailable(`ZG_EVM_RPC (${url}) serves chain ${rpcChainId}, but the storage network behind ZG_INDEXER_RPC belongs to chain ${network.chainId}.`);
  }
  await requireBalance({ account, chain, publicClient, walletClient }, 1n);
  return { account, chain, publicClient, walletClient };
}

/** Refuses (503, with the reason) when the paying account holds less than `needed` wei. */
export async function requireBalance(payer: Payer, needed: bigint): Promise<void> {
  const balance = await payer.publicClient.getBalance({ address: payer.account.address });
  if (balance >= needed) return;
  const symbol = zeroGTestnet.nativeCurrency.symbol;
  const held = balance === 0n ? "holds nothing" : `holds ${formatEther(balance)} ${symbol}, less than the ${formatEther(needed)} ${symbol} this upload costs`;
  throw unavailable(
    `The relay's 0G account ${payer.account.address} ${held} on chain ${payer.chain.id}, so it cannot pay for uploads; fund it or set ZG_PRIVATE_KEY to a funded key.`,
  );
}
