/**
 * Server-side reads for the proposal screens (`/proposals/[id]`, `/verify/[id]`): the proposal with
 * its timeline and reviews from the indexer, or from the chain (`ProposalLedger.getProposal`) when
 * the indexer is down or has not caught up; the project's name, scale and unit (indexer, else
 * chain); its protocol's benchmark plan (root-verified read); and the chain's clock.
 */
import { zeroHash, type Address, type Hex } from "viem";

import { readProtocol } from "@/lib/artifacts.server.ts";
import { getContractAddress } from "@orm/protocol/contracts";
import { projectRegistryAbi, projectTokenAbi, proposalLedgerAbi } from "@orm/protocol/generated/abis";
import { createIndexerClient, IndexerError, type Proposal, type ProposalEvent, type Review } from "@/lib/indexer.ts";
import { chainClockOffset, proposalFromChain } from "@/lib/proposal.ts";
import type { BenchmarkPlan } from "@orm/protocol/document";
import { projectNameOf } from "@orm/protocol/format";
import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";
import { getServerChainId, getServerPublicClient } from "@/lib/serverClient.ts";

/** What the screens know about a proposal's project. */
export type ProjectInfo = {
  id: string;
  /** The project's name (`projectNameOf`: its protocol's title, else the token's name). */
  name: string;
  /** The token's name, shown beside the project's name with its symbol. */
  tokenName: string;
  symbol: string;
  metricScale: string;
  lowerIsBetter: boolean;
  /** The smallest improvement an approval must bring (fixed point; "0": any strict one). */
  minImprovement: string;
  bestScore: string;
  /** Reviewers per proposal: 1, an allowlisted verifier claims and decides; above 1, a drawn quorum. */
  reviewQuorum: number;
  /** `ProjectRegistry.bestUpdatedAt` (supersede needs it); null when unknown. */
  bestUpdatedAt: string | null;
  protocolHash: Hex | null;
  /** The benchmark bundle's root (the harness a verifier unpacks over the code); null when not recorded. */
  benchmarkHash: Hex | null;
  /** The protocol's benchmark plan, when its artifact could be read. */
  benchmarkPlan: BenchmarkPlan | null;
  protocolError: string | null;
};

export type LoadedProposal = {
  proposal: Proposal;
  timeline: ProposalEvent[];
  reviews: Review[];
  /** "indexer", or "chain" when the indexer could not answer (with `notice`). */
  source: "indexer" | "chain";
  notice: string | null;
  /**
   * The indexer answers but has not indexed this proposal yet (it was just submitted): the chain's
   * block the record was read at, which the indexer must reach (a decimal string); else null.
   */
  catchingUpTo: string | null;
};

export function indexer() {
  return createIndexerClient(getRuntimeConfig().indexerUrl);
}

/** The proposal, or `undefined` when neither the indexer nor the chain knows it. */
export async function loadProposal(id: bigint): Promise<LoadedProposal | undefined> {
  let notice: string;
  let catchingUp = false;
  try {
    const detail = await indexer().proposal(id);
    const { timeline, reviews, ...proposal } = detail;
    return { proposal, timeline, reviews, source: "indexer", notice: null, catchingUpTo: null };
  } catch (error) {
    if (!(error instanceof IndexerError)) throw error;
    catchingUp = error.status === 404;
    notice =
      error.status === 404
        ? "The indexer has not caught up with this proposal yet: this is the chain's record, without its history."
        : "The indexer is unavailable: this is the chain's record of the proposal, without its history and amounts.";
  }
  const chain = await readChainProposal(id);
  if (!chain) return undefined;
  return { proposal: chain.proposal, timeline: [], reviews: [], source: "chain", notice, catchingUpTo: catchingUp ? chain.blockNumber.toString() : null };
}

/** The chain's record of the proposal, read at one block (which the page may wait for the indexer to reach). */
async function readChainProposal(id: bigint): Promise<{ proposal: Proposal; blockNumber: bigint } | undefined> {
  const client = getServerPublicClient();
  const ledger = getContractAddress("ProposalLedger", getServerChainId());
  if (!client || !ledger) return undefined;
  try {
    const blockNumber = await client.getBlockNumber();
    const next = await client.readContract({ address: ledger, abi: proposalLedgerAbi, functionName: "nextProposalId", blockNumber });
    if (id >= next) return undefined;
    const [tuple, expiresAt] = await Promise.all([
      client.readContract({ address: ledger, abi: proposalLedgerAbi, functionName: "getProposal", args: [id], blockNumber }),
      client.readContract({ address: ledger, abi: proposalLedgerAbi, functionName: "expiresAt", args: [id], blockNumber }),
    ]);
    return { proposal: proposalFromChain(id, tuple, expiresAt), blockNumber };
  } catch {
    return undefined;
  }
}

/** The project's display facts: the indexer's row, else the chain's; the protocol from storage. */
export async function loadProjectInfo(projectId: bigint): Promise<ProjectInfo> {
  let info: Omit<ProjectInfo, "benchmarkPlan" | "protocolError" | "tokenName"> | undefined;
  try {
    const project = await indexer().project(projectId);
    info = {
      id: project.id,
      name: project.name,
      symbol: project.symbol,
      metricScale: project.metricScale,
      lowerIsBetter: project.lowerIsBetter,
      minImprovement: project.minImprovement,
      bestScore: project.bestScore,
      reviewQuorum: project.reviewQuorum,
      bestUpdatedAt: project.bestUpdatedAt,
      protocolHash: project.protocolHash,
      benchmarkHash: project.benchmarkHash,
    };
  } catch {
    info = await readChainProject(projectId);
  }
  info ??= {
    id: projectId.toString(),
    name: `Project #${projectId}`,
    symbol: "",
    metricScale: "1000000",
    lowerIsBetter: false,
    minImprovement: "0",
    bestScore: "0",
    reviewQuorum: 1,
    bestUpdatedAt: null,
    protocolHash: null,
    benchmarkHash: null,
  };
  const named = { ...info, tokenName: info.name };
  if (!info.protocolHash) return { ...named, benchmarkPlan: null, protocolError: "The project's protocol could not be located." };
  const parsed = await readProtocol(info.protocolHash);
  return parsed.ok
    ? { ...named, name: projectNameOf({ title: parsed.protocol.title, name: info.name }), benchmarkPlan: parsed.protocol.benchmarkPlan, protocolError: null }
    : { ...named, benchmarkPlan: null, protocolError: parsed.error };
}

async function readChainProject(projectId: bigint): Promise<Omit<ProjectInfo, "benchmarkPlan" | "protocolError" | "tokenName"> | undefined> {
  const client = getServerPublicClient();
  const registry = getContractAddress("ProjectRegistry", getServerChainId());
  if (!client || !registry) return undefined;
  try {
    const [project, config, bestUpdatedAt] = await Promise.all([
      client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProject", args: [projectId] }),
      client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProjectConfig", args: [projectId] }),
      client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "bestUpdatedAt", args: [projectId] }),
    ]);
    const token = project.token as Address;
    const [name, symbol] = await Promise.all([
      client.readContract({ address: token, abi: projectTokenAbi, functionName: "name" }),
      client.readContract({ address: token, abi: projectTokenAbi, functionName: "symbol" }),
    ]);
    return {
      id: projectId.toString(),
      name,
      symbol,
      metricScale: config.metricScale.toString(),
      lowerIsBetter: config.lowerIsBetter,
      minImprovement: config.minImprovement.toString(),
      bestScore: project.currentBestAggregateScore.toString(),
      reviewQuorum: config.reviewQuorum,
      bestUpdatedAt: bestUpdatedAt.toString(),
      protocolHash: project.protocolHash,
      benchmarkHash: project.benchmarkHash === zeroHash ? null : project.benchmarkHash,
    };
  } catch {
    return undefined;
  }
}

/**
 * The chain's clock lead over the wall clock, in seconds, as a string for client props (see
 * `chainClockOffset`): countdowns count to the ledger's deadlines in the ledger's time.
 */
export async function loadClockOffset(): Promise<string> {
  const client = getServerPublicClient();
  if (!client) return "0";
  try {
    const block = await client.getBlock();
    return chainClockOffset(block.timestamp, BigInt(Math.floor(Date.now() / 1000))).toString();
  } catch {
    return "0";
  }
}
