/**
 * What both proposal screens (`/proposals/[id]`, `/verify/[id]`) render from: the proposal from the
 * id in the URL (indexer, else chain; a malformed or unknown id is a 404), its project, the chain's
 * clock — and the props of the actions island, built from that one record so both screens hand it
 * the same thing.
 */
import { notFound } from "next/navigation";

import { getContractAddress } from "@orm/protocol/contracts";
import { reviewQuorumAbi } from "@orm/protocol/generated/abis";
import { reviewPhase } from "@orm/protocol/generated/constants";
import { formerReviewersOf } from "@/lib/proposal.ts";
import { getServerChainId, getServerPublicClient } from "@/lib/serverClient.ts";

import { loadClockOffset, loadProjectInfo, loadProposal, type LoadedProposal, type ProjectInfo } from "./loadProposal.server.ts";
import type { ProposalActionsProps } from "./ProposalActions.tsx";
import type { QuorumReviewProps } from "./QuorumReview.tsx";

export type ProposalView = LoadedProposal & {
  project: ProjectInfo;
  /** The metric's unit from the project's protocol ("" when unknown). */
  unit: string;
  /** The chain's clock lead over the wall clock, seconds (see `loadClockOffset`). */
  clockOffset: string;
  /** Pending or under review: its deadlines run and someone may still act on it. */
  open: boolean;
  /**
   * A one-reviewer project's proposal whose reviewer has decided: the verdict waits out its appeal
   * window (or an appeal) in the review quorum, which holds the proposal until it is final.
   */
  decided: boolean;
};

/** The proposal named by the route's `id`, with its project and the chain's clock; a 404 otherwise. */
export async function loadProposalView(idText: string): Promise<ProposalView> {
  if (!/^\d{1,15}$/.test(idText)) notFound();
  const [loaded, clockOffset] = await Promise.all([loadProposal(BigInt(idText)), loadClockOffset()]);
  if (!loaded) notFound();
  const { proposal } = loaded;
  const project = await loadProjectInfo(BigInt(proposal.projectId));
  const decided = project.reviewQuorum <= 1 && proposal.status === 1 && (await readDecided(BigInt(proposal.id)));
  return {
    ...loaded,
    project,
    unit: project.benchmarkPlan?.unit ?? "",
    clockOffset,
    open: proposal.status === 0 || proposal.status === 1,
    decided,
  };
}

/** Whether the review quorum holds a decided single review of the proposal (false when the chain cannot say). */
async function readDecided(id: bigint): Promise<boolean> {
  const client = getServerPublicClient();
  const quorum = getContractAddress("ReviewQuorum", getServerChainId());
  if (!client || !quorum) return false;
  try {
    const review = await client.readContract({ address: quorum, abi: reviewQuorumAbi, functionName: "reviewOf", args: [id] });
    return review.phase !== reviewPhase.None && review.phase !== reviewPhase.Final;
  } catch {
    return false;
  }
}

/** The actions island's props for a loaded proposal (the server's record until the chain read arrives). */
export function actionsPropsOf({ proposal, reviews, project, unit, clockOffset }: ProposalView): ProposalActionsProps {
  return {
    proposalId: proposal.id,
    projectId: proposal.projectId,
    initial: {
      status: proposal.status,
      miner: proposal.miner,
      rewardRecipient: proposal.rewardRecipient,
      reviewer: proposal.reviewer,
      reviewLockUntil: proposal.reviewLockUntil,
      submittedAt: proposal.submittedAt,
      expiresAt: proposal.expiresAt,
    },
    claimedScore: proposal.claimedScore,
    stake: proposal.stake,
    symbol: project.symbol,
    formerReviewers: [...formerReviewersOf(reviews)],
    metricScale: project.metricScale,
    unit,
    scoreTerms: { best: project.bestScore, minImprovement: project.minImprovement, lowerIsBetter: project.lowerIsBetter },
    tolerance: project.benchmarkPlan?.tolerance ?? null,
    clockOffset,
  };
}

/**
 * The quorum island's props, for a project reviewed by a quorum (`reviewQuorum` above 1), or a single
 * reviewer's decision waiting out its appeal window; else null.
 */
export function quorumPropsOf({ proposal, project, unit, clockOffset, decided }: ProposalView): QuorumReviewProps | null {
  if (project.reviewQuorum <= 1 && !decided) return null;
  return {
    proposalId: proposal.id,
    projectId: proposal.projectId,
    reviewQuorum: project.reviewQuorum,
    claimedScore: proposal.claimedScore,
    metricScale: project.metricScale,
    unit,
    clockOffset,
  };
}
