/**
 * Server-side chain reads for when the indexer is down (or has not caught up with a new project):
 * the discovery board lists projects and the project page shows its header and market numbers
 * straight from the contracts, through the server's public client (`serverClient.ts`). Bounded (the
 * first `CHAIN_LIST_LIMIT` projects) and parallel; every failure becomes `undefined` or an empty
 * list, so a page can say so rather than fail.
 */
import type { Address, Hex, PublicClient } from "viem";

import { getContractAddress } from "@orm/protocol/contracts";
import { projectRegistryAbi, projectTokenAbi } from "@orm/protocol/generated/abis";
import { getServerChainId, getServerPublicClient } from "./serverClient.ts";

/** Projects the board lists from the chain at most. */
export const CHAIN_LIST_LIMIT = 50;

export type ChainProjectSummary = {
  id: bigint;
  token: Address;
  name: string;
  symbol: string;
  creator: Address;
  protocolHash: Hex;
  baselineScore: bigint;
  bestScore: bigint;
  lowerIsBetter: boolean;
  metricScale: bigint;
  parentProjectId: bigint | null;
  createdAt: bigint;
  totalSupply: bigint;
  spotPrice: bigint;
  marketCap: bigint;
};

export type ChainProject = ChainProjectSummary & {
  repoSnapshotHash: Hex;
  benchmarkHash: Hex;
  baselineMetricsHash: Hex;
  bestCodeHash: Hex;
  bestMetricsHash: Hex;
  bestMiner: Address;
  minImprovement: bigint;
  reserve: bigint;
  basePrice: bigint;
  slope: bigint;
  minerPoolCap: bigint;
  minerPoolMinted: bigint;
  maxBuyable: bigint;
};

type Context = { client: PublicClient; registry: Address };

function context(): Context | undefined {
  const client = getServerPublicClient();
  const registry = getContractAddress("ProjectRegistry", getServerChainId());
  return client && registry ? { client, registry } : undefined;
}

/** `ProjectRegistry.nextProjectId()` (the number of projects), or `undefined` when the chain cannot be read. */
export async function readProjectCount(): Promise<bigint | undefined> {
  const ctx = context();
  if (!ctx) return undefined;
  try {
    return await ctx.client.readContract({ address: ctx.registry, abi: projectRegistryAbi, functionName: "nextProjectId" });
  } catch {
    return undefined;
  }
}

async function readSummary({ client, registry }: Context, id: bigint): Promise<ChainProjectSummary & { raw: RawProject }> {
  const [project, config] = await Promise.all([
    client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProject", args: [id] }),
    client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProjectConfig", args: [id] }),
  ]);
  const token = project.token;
  const read = <name extends "name" | "symbol" | "totalSupply" | "spotPrice">(functionName: name) =>
    client.readContract({ address: token, abi: projectTokenAbi, functionName });
  const [name, symbol, totalSupply, spotPrice] = await Promise.all([read("name"), read("symbol"), read("totalSupply"), read("spotPrice")]);
  return {
    id,
    token,
    name,
    symbol,
    creator: project.creator,
    protocolHash: project.protocolHash,
    baselineScore: project.baselineAggregateScore,
    bestScore: project.currentBestAggregateScore,
    lowerIsBetter: config.lowerIsBetter,
    metricScale: config.metricScale,
    parentProjectId: config.hasParent ? config.parentProjectId : null,
    createdAt: project.createdAt,
    totalSupply,
    spotPrice,
    marketCap: totalSupply * spotPrice,
    raw: { project, minImprovement: config.minImprovement },
  };
}

type RawProject = {
  project: {
    repoSnapshotHash: Hex;
    benchmarkHash: Hex;
    baselineMetricsHash: Hex;
    currentBestCodeHash: Hex;
    currentBestMetricsHash: Hex;
    currentBestMiner: Address;
  };
  minImprovement: bigint;
};

/** The first `limit` projects (by id) with their token's market numbers; empty when the chain cannot be read. */
export async function readProjectsFromChain(limit = CHAIN_LIST_LIMIT): Promise<{ projects: ChainProjectSummary[]; total: bigint } | undefined> {
  const ctx = context();
  const total = await readProjectCount();
  if (!ctx || total === undefined) return undefined;
  const count = total < BigInt(limit) ? Number(total) : limit;
  const results = await Promise.allSettled(Array.from({ length: count }, (_, index) => readSummary(ctx, BigInt(index))));
  const projects = results.flatMap((result) => {
    if (result.status !== "fulfilled") return [];
    const { raw: _raw, ...summary } = result.value;
    return [summary];
  });
  return { projects, total };
}

export type ChainProjectRead = { status: "found"; project: ChainProject } | { status: "missing" } | { status: "unreachable" };

/** One project's header and market numbers; "missing" when `id` is past `nextProjectId`. */
export async function readProjectFromChain(id: bigint): Promise<ChainProjectRead> {
  const ctx = context();
  const total = await readProjectCount();
  if (!ctx || total === undefined) return { status: "unreachable" };
  if (id < 0n || id >= total) return { status: "missing" };
  try {
    const summary = await readSummary(ctx, id);
    const token = summary.token;
    const read = <name extends "reserve" | "basePrice" | "slope" | "minerPoolCap" | "minerPoolMinted" | "maxBuyable">(functionName: name) =>
      ctx.client.readContract({ address: token, abi: projectTokenAbi, functionName });
    const [reserve, basePrice, slope, minerPoolCap, minerPoolMinted, maxBuyable] = await Promise.all([
      read("reserve"),
      read("basePrice"),
      read("slope"),
      read("minerPoolCap"),
      read("minerPoolMinted"),
      read("maxBuyable"),
    ]);
    const { raw, ...rest } = summary;
    return {
      status: "found",
      project: {
        ...rest,
        repoSnapshotHash: raw.project.repoSnapshotHash,
        benchmarkHash: raw.project.benchmarkHash,
        baselineMetricsHash: raw.project.baselineMetricsHash,
        bestCodeHash: raw.project.currentBestCodeHash,
        bestMetricsHash: raw.project.currentBestMetricsHash,
        bestMiner: raw.project.currentBestMiner,
        minImprovement: raw.minImprovement,
        reserve,
        basePrice,
        slope,
        minerPoolCap,
        minerPoolMinted,
        maxBuyable,
      },
    };
  } catch {
    return { status: "unreachable" };
  }
}

/** `maxBuyable()` of one token (the indexer does not carry it); `undefined` when the chain cannot be read. */
export async function readMaxBuyable(token: Address): Promise<bigint | undefined> {
  const client = getServerPublicClient();
  if (!client) return undefined;
  try {
    return await client.readContract({ address: token, abi: projectTokenAbi, functionName: "maxBuyable" });
  } catch {
    return undefined;
  }
}
