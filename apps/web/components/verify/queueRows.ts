/**
 * The verifier queue's rows, built on the server from the indexer's `/queue` and each project's
 * facts (name, token, scale, and the unit from its protocol's benchmark plan): plain strings, so
 * they cross into the wallet island as props.
 */
import type { ProjectInfo } from "@/components/proposal/loadProposal.server.ts";
import { improvementOf } from "@orm/protocol/curve";
import { formatImprovement, formatScore, formatTokenAmount } from "@orm/protocol/format";
import type { Proposal } from "@/lib/indexer.ts";

export type QueueRow = {
  id: string;
  projectId: string;
  projectName: string;
  miner: string;
  rewardRecipient: string;
  reviewer: string | null;
  /** The miner's claimed score, in the metric's unit ("claimed score", never "claimed": a claim is a verifier's hold on a review). */
  claimedScoreText: string;
  /** The claimed score's improvement over the project's best, in the metric's better direction ("0.128 nats lower"; "" when it does not beat it). */
  improvementText: string;
  beatsBest: boolean;
  stakeText: string;
  expiresAt: string;
  /** When claims open (its priority plus the ledger's commit window), Unix seconds. */
  reviewableAt: string;
  reviewLockUntil: string | null;
  /** A lapsed claim: it must be released before it can be claimed again. */
  needsRelease: boolean;
};

export function toQueueRow(proposal: Proposal & { needsRelease?: boolean }, project: ProjectInfo): QueueRow {
  const scale = BigInt(project.metricScale);
  const unit = project.benchmarkPlan?.unit ?? "";
  const withUnit = (value: bigint) => `${formatScore(value, scale)}${unit ? ` ${unit}` : ""}`;
  const improvement = improvementOf(BigInt(project.bestScore), BigInt(proposal.claimedScore), project.lowerIsBetter);
  return {
    id: proposal.id,
    projectId: proposal.projectId,
    projectName: project.name,
    miner: proposal.miner,
    rewardRecipient: proposal.rewardRecipient,
    reviewer: proposal.reviewer,
    claimedScoreText: withUnit(BigInt(proposal.claimedScore)),
    improvementText: improvement > 0n ? formatImprovement(improvement, scale, { lowerIsBetter: project.lowerIsBetter, unit }) : "",
    beatsBest: improvement > 0n,
    stakeText: formatTokenAmount(BigInt(proposal.stake), project.symbol),
    expiresAt: proposal.expiresAt,
    reviewableAt: proposal.reviewableAt,
    reviewLockUntil: proposal.reviewLockUntil,
    needsRelease: Boolean(proposal.needsRelease),
  };
}
