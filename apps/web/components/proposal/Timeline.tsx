/**
 * Every state a proposal went through, from the indexer's events: when, who, the transaction, and
 * the amounts each step moved (stake, reward, the reviewer's review fee and where it came from, the
 * slash split between burning and the project's fee fund with the rule in words, an expiry's refund),
 * the improvement in the metric's better direction; on a quorum project, the review's request, each
 * seat drawn, committed and revealed, the median, any appeal and the final verdict; on a one-reviewer
 * project, the reviewer's decision (open to appeal until its deadline) and its finality. A settlement
 * the review quorum carried out names it, not a verifier. Server-rendered; items carry
 * `data-testid="timeline-<kind>"` (the indexer's kinds).
 */
import type { ReactNode } from "react";

import type { Proposal, ProposalEvent } from "@/lib/indexer.ts";
import { describeSlashRule } from "@/lib/proposal.ts";
import { getServerChainId } from "@/lib/serverClient.ts";
import { getContractAddress } from "@orm/protocol/contracts";
import { proposalStatusNames } from "@orm/protocol/generated/constants";
import {
  formatEth,
  formatImprovement,
  formatRelativeTime,
  formatScore,
  formatTimestamp,
  formatTokenAmount,
  shortenAddress,
  shortenHash,
} from "@orm/protocol/format";

export type TimelineProps = {
  events: ProposalEvent[];
  metricScale: string;
  unit: string;
  lowerIsBetter: boolean;
  symbol: string;
  /** The chain's "now" at render (for "3 hours ago"). */
  now: bigint;
  /** The proposal's row: its review fee (once settled by a verdict) and what its stake became. */
  proposal?: Pick<Proposal, "stake" | "reviewFee" | "stakeReturned">;
};

const TITLES: Record<string, string> = {
  submitted: "Submitted",
  claimed: "Review claimed",
  decided: "Verdict decided, open to appeal",
  released: "Claim released",
  approved: "Approved",
  paid: "Paid",
  rejected: "Rejected",
  slashed: "Stake slashed",
  superseded: "Superseded",
  expired: "Expired",
  refunded: "Stake refunded",
  displaced: "Displaced by an earlier commitment",
  "quorum-requested": "Quorum review requested",
  "seat-drawn": "Seat drawn",
  "score-committed": "Measurement committed",
  "seat-replaced": "Idle seat replaced",
  "score-revealed": "Measurement revealed",
  "round-closed": "Round closed on the median",
  appealed: "Appealed",
  "appeal-voided": "Appeal voided",
  "quorum-final": "Review final",
};

const ACTOR_ROLES: Record<string, string> = {
  submitted: "Miner",
  claimed: "Verifier",
  decided: "Verifier",
  released: "Released by",
  approved: "Verifier",
  paid: "Miner",
  rejected: "Verifier",
  superseded: "Verifier",
  expired: "Expired by",
  "quorum-requested": "Requested by",
  "seat-drawn": "Verifier",
  "score-committed": "Verifier",
  "seat-replaced": "Verifier",
  "score-revealed": "Verifier",
  "round-closed": "Closed by",
  appealed: "Appellant",
  "appeal-voided": "Appellant",
  "quorum-final": "Finalized by",
};

const str = (value: unknown): string | undefined => (typeof value === "string" || typeof value === "number" ? String(value) : undefined);

function Detail({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="flex min-w-0 gap-1.5">
      <dt className="text-muted">{label}</dt>
      <dd className="num min-w-0 break-all text-ink" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function Address({ value }: { value: string }) {
  return <span title={value}>{shortenAddress(value)}</span>;
}

export function Timeline({ events, metricScale, unit, lowerIsBetter, symbol, now, proposal }: TimelineProps) {
  const scale = BigInt(metricScale);
  const quorum = getContractAddress("ReviewQuorum", getServerChainId())?.toLowerCase();
  const byQuorum = (actor: string) => quorum !== undefined && actor.toLowerCase() === quorum;
  const tokens = (value: unknown) => formatTokenAmount(BigInt(str(value) ?? "0"), symbol);
  const score = (value: unknown) => `${formatScore(BigInt(str(value) ?? "0"), scale)}${unit ? ` ${unit}` : ""}`;
  const native = (value: unknown) => formatEth(BigInt(str(value) ?? "0"));
  /** A seat's or a median's measurement ("did not run" ranks worst). */
  const measurement = (data: Record<string, unknown>, field: string) => (data.ran === false ? "did not run" : score(data[field]));
  const seatText = (data: Record<string, unknown>) => `${str(data.seat) ?? "?"}${Number(data.round ?? 0) > 0 ? " (appeal round)" : ""}`;

  /** The reviewer's fee on a verdict's step, and where it came from (an approval's, from the fee fund first). */
  function reviewFeeText(kind: string): string | undefined {
    if (!proposal?.reviewFee) return undefined;
    const fee = BigInt(proposal.reviewFee);
    const feeText = formatTokenAmount(fee, symbol);
    if (kind !== "approved") return `${feeText} (from the stake)`;
    if (proposal.stakeReturned === null) return feeText;
    const fromStake = BigInt(proposal.stake) - BigInt(proposal.stakeReturned);
    if (fromStake === 0n) return `${feeText} (from the fee fund)`;
    if (fromStake === fee) return `${feeText} (from the stake)`;
    return `${feeText} (${formatTokenAmount(fee - fromStake)} from the fee fund, ${formatTokenAmount(fromStake)} from the stake)`;
  }

  function details(event: ProposalEvent): ReactNode[] {
    const data = event.data ?? {};
    const out: ReactNode[] = [];
    const add = (label: string, value: ReactNode, field?: string) =>
      out.push(
        <Detail key={label} label={label} testId={field ? `${event.kind}-${field}` : undefined}>
          {value}
        </Detail>,
      );
    switch (event.kind) {
      case "submitted":
        add("Stake", tokens(data.stake), "stake");
        add("Claimed score", score(data.claimedScore), "claimed-score");
        if (str(data.rewardRecipient) && str(data.rewardRecipient)!.toLowerCase() !== event.actor?.toLowerCase()) {
          add("Reward to", <Address value={str(data.rewardRecipient)!} />);
        }
        break;
      case "decided":
        add("Verdict", proposalStatusNames[Number(data.verdict)]?.toLowerCase() ?? String(data.verdict), "verdict");
        if (data.ran !== false) add("Measured", score(data.score), "score");
        add("Bond locked", native(data.seatLock), "seat-lock");
        if (str(data.appealDeadline)) add("Appeals until", formatTimestamp(BigInt(str(data.appealDeadline)!)), "appeal-deadline");
        break;
      case "claimed":
        if (str(data.reviewLockUntil)) add("Lock until", formatTimestamp(BigInt(str(data.reviewLockUntil)!)));
        break;
      case "released":
        if (str(data.reviewer)) add("Reviewer", <Address value={str(data.reviewer)!} />);
        add("Why", data.lapsed ? "the claim lapsed" : "the reviewer released it");
        break;
      case "approved":
        add("Verified score", score(data.verifiedScore), "verified-score");
        add("Improvement", formatImprovement(BigInt(str(data.improvement) ?? "0"), scale, { lowerIsBetter, unit }), "improvement");
        if (reviewFeeText(event.kind)) add("Review fee", reviewFeeText(event.kind), "review-fee");
        if (str(data.metricsHash)) add("Metrics root", <span title={str(data.metricsHash)}>{shortenHash(str(data.metricsHash)!)}</span>);
        break;
      case "paid":
        add("Stake returned", tokens(data.stakeReturned), "stake");
        add("Reward minted", tokens(data.reward), "reward");
        if (str(data.rewardRecipient)) add("Reward to", <Address value={str(data.rewardRecipient)!} />);
        break;
      case "rejected":
        if (reviewFeeText(event.kind)) add("Review fee", reviewFeeText(event.kind), "review-fee");
        if (str(data.metricsHash)) add("Reason root", <span title={str(data.metricsHash)}>{shortenHash(str(data.metricsHash)!)}</span>);
        break;
      case "slashed":
        add("Burned", tokens(data.burned), "burned");
        add("To the fee fund", tokens(data.toVerifierPool), "to-pool");
        break;
      case "displaced":
        add("Stake returned", tokens(data.stakeReturned), "stake");
        if (str(data.byProposalId)) add("Code now in", <span>proposal #{str(data.byProposalId)}</span>);
        break;
      case "refunded":
        add("Stake returned", tokens(data.stakeReturned), "stake");
        break;
      case "quorum-requested":
        if (str(data.drawBlock)) add("Seats drawn from block", str(data.drawBlock));
        break;
      case "seat-drawn":
        add("Seat", seatText(data), "seat");
        add("Locks", native(data.seatLock));
        if (str(data.commitDeadline)) add("Commit by", formatTimestamp(BigInt(str(data.commitDeadline)!)));
        break;
      case "score-committed":
        add("Seat", seatText(data), "seat");
        break;
      case "seat-replaced":
        add("Seat", seatText(data), "seat");
        add("Penalty", native(data.penalty), "penalty");
        break;
      case "score-revealed":
        add("Seat", seatText(data), "seat");
        add("Measured", measurement(data, "score"), "score");
        break;
      case "round-closed":
        add("Median", measurement(data, "median"), "median");
        if (str(data.appealDeadline)) add("Appeals until", formatTimestamp(BigInt(str(data.appealDeadline)!)));
        break;
      case "appealed":
      case "appeal-voided":
        add(event.kind === "appealed" ? "Bond" : "Bond returned", native(data.bond), "bond");
        break;
      case "quorum-final":
        add("Verdict", proposalStatusNames[Number(data.verdict)]?.toLowerCase() ?? String(data.verdict), "verdict");
        add("Final measurement", measurement(data, "median"), "median");
        if (data.overturned) add("Appeal", "overturned the first round");
        break;
      case "superseded":
        add("Verified score", score(data.verifiedScore), "verified-score");
        add("Stake returned", tokens(data.stakeReturned), "stake");
        if (reviewFeeText(event.kind)) add("Review fee", reviewFeeText(event.kind), "review-fee");
        if (str(data.metricsHash)) add("Metrics root", <span title={str(data.metricsHash)}>{shortenHash(str(data.metricsHash)!)}</span>);
        break;
    }
    return out;
  }

  return (
    <ol data-testid="timeline" className="relative space-y-4 border-l-2 border-line pl-5">
      {events.map((event) => (
        <li key={event.id} data-testid={`timeline-${event.kind}`} className="relative">
          <span aria-hidden className="absolute top-1.5 -left-[27px] size-3 rounded-full border-2 border-surface bg-brand" />
          <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
            <h3 className="font-medium">{TITLES[event.kind] ?? event.kind}</h3>
            <time className="text-xs text-muted" dateTime={new Date(Number(event.timestamp) * 1000).toISOString()}>
              {formatTimestamp(BigInt(event.timestamp))} · {formatRelativeTime(BigInt(event.timestamp), now)}
            </time>
          </div>
          <dl className="mt-1 flex flex-wrap gap-x-5 gap-y-1 text-sm">
            {event.actor ? (
              byQuorum(event.actor) ? (
                <Detail label="Settled by">
                  <span title={event.actor}>the review quorum</span>
                </Detail>
              ) : (
                <Detail label={ACTOR_ROLES[event.kind] ?? "By"}>
                  <Address value={event.actor} />
                </Detail>
              )
            ) : null}
            {details(event)}
            <Detail label="Tx">
              <span title={event.transactionHash}>{shortenHash(event.transactionHash)}</span>
            </Detail>
          </dl>
          {event.kind === "slashed" ? (
            <p className="mt-1 text-xs text-muted" data-testid="slash-rule">
              The stake less the review fee, split {describeSlashRule()}. The fee fund pays the review fees of later approvals on this
              project, so honest miners get their stake back whole; no verifier gets a share of it.
            </p>
          ) : null}
          {event.kind === "refunded" ? (
            <p className="mt-1 text-xs text-muted" data-testid="refund-rule">
              Nobody reviewed the proposal in its window, so the stake went back to the miner whole: no review fee, no slash.
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
