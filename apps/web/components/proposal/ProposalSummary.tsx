/**
 * A proposal's facts at a glance: who staked what behind which claim, and how it settled (verified
 * score, improvement in the metric's better direction, stake returned, the reviewer's review fee,
 * reward, slash split between burning and the project's fee fund).
 * Server-rendered; amounts in the project's token, scores in the protocol's unit.
 */
import type { ReactNode } from "react";

import { formatImprovement, formatScore, formatTimestamp, formatTokenAmount, shortenAddress } from "@orm/protocol/format";
import { proposalStatus } from "@orm/protocol/generated/constants";
import { PROPOSAL_STATUS_LABELS, type Proposal, type ProposalStatus } from "@/lib/indexer.ts";

import type { ProjectInfo } from "./loadProposal.server.ts";

const BADGE_CLASSES: Record<ProposalStatus, string> = {
  0: "bg-brand-soft text-brand-strong",
  1: "bg-sky-100 text-sky-800",
  2: "bg-emerald-100 text-emerald-800",
  3: "bg-red-100 text-red-800",
  4: "bg-slate-200 text-slate-700",
  5: "bg-warn-soft text-warn",
  6: "bg-slate-200 text-slate-700",
};

/**
 * The proposal's status; under review with a verdict waiting out its appeal window (`pendingVerdict`,
 * the indexer's), the verdict it will take unless appealed ("Approved, open to appeal").
 */
export function StatusBadge({ status, pendingVerdict = null }: { status: ProposalStatus; pendingVerdict?: number | null }) {
  const pending = status === proposalStatus.Reviewing && pendingVerdict !== null ? (pendingVerdict as ProposalStatus) : undefined;
  return (
    <span className={`badge ${BADGE_CLASSES[pending ?? status]}`} data-testid="proposal-status" data-status={status}>
      {pending === undefined ? PROPOSAL_STATUS_LABELS[status] : `${PROPOSAL_STATUS_LABELS[pending]}, open to appeal`}
    </span>
  );
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="flex flex-wrap justify-between gap-x-3 gap-y-0.5 py-1.5">
      <dt className="text-muted">{label}</dt>
      <dd className="num min-w-0 break-all text-right" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

export function ProposalSummary({ proposal, project, unit }: { proposal: Proposal; project: ProjectInfo; unit: string }) {
  const scale = BigInt(project.metricScale);
  const score = (value: string) => `${formatScore(BigInt(value), scale)}${unit ? ` ${unit}` : ""}`;
  const tokens = (value: string) => formatTokenAmount(BigInt(value), project.symbol);
  return (
    <dl className="mt-3 divide-y divide-line text-sm">
      <Row label="Miner">
        <span title={proposal.miner}>{shortenAddress(proposal.miner)}</span>
      </Row>
      {proposal.rewardRecipient.toLowerCase() !== proposal.miner.toLowerCase() ? (
        <Row label="Reward recipient">
          <span title={proposal.rewardRecipient}>{shortenAddress(proposal.rewardRecipient)}</span>
        </Row>
      ) : null}
      <Row label="Stake" testId="summary-stake">
        {tokens(proposal.stake)}
      </Row>
      <Row label="Claimed score" testId="summary-claimed-score">
        {score(proposal.claimedScore)}
      </Row>
      <Row label={`Project best (${project.lowerIsBetter ? "lower" : "higher"} is better)`}>{score(project.bestScore)}</Row>
      {proposal.verifiedScore !== null ? (
        <Row label="Verified score" testId="summary-verified-score">
          {score(proposal.verifiedScore)}
        </Row>
      ) : null}
      {proposal.improvement !== null && proposal.status === 2 ? (
        <Row label="Improvement" testId="summary-improvement">
          {formatImprovement(BigInt(proposal.improvement), scale, { lowerIsBetter: project.lowerIsBetter, unit })}
        </Row>
      ) : null}
      {proposal.stakeReturned !== null ? (
        <Row label={proposal.status === 4 ? "Stake returned (whole: nobody reviewed it)" : "Stake returned"} testId="summary-stake-returned">
          {tokens(proposal.stakeReturned)}
        </Row>
      ) : null}
      {proposal.reviewFee !== null ? (
        <Row label="Review fee to the reviewer" testId="summary-review-fee">
          {tokens(proposal.reviewFee)}
        </Row>
      ) : null}
      {proposal.reward !== null ? (
        <Row label="Reward minted" testId="summary-reward">
          {tokens(proposal.reward)}
        </Row>
      ) : null}
      {proposal.slashedBurned !== null ? (
        <Row label="Slashed: burned" testId="summary-burned">
          {tokens(proposal.slashedBurned)}
        </Row>
      ) : null}
      {proposal.slashedToPool !== null ? (
        <Row label="Slashed: to the project's fee fund" testId="summary-to-pool">
          {tokens(proposal.slashedToPool)}
        </Row>
      ) : null}
      {proposal.reviewer ? (
        <Row label={proposal.status === 1 ? "Reviewer" : "Reviewed by"}>
          <span title={proposal.reviewer}>{shortenAddress(proposal.reviewer)}</span>
        </Row>
      ) : null}
      <Row label="Submitted">{formatTimestamp(BigInt(proposal.submittedAt))}</Row>
      {proposal.settledAt ? <Row label="Settled">{formatTimestamp(BigInt(proposal.settledAt))}</Row> : null}
    </dl>
  );
}
