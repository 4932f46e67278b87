/**
 * An open proposal's deadlines as live countdowns in the chain's time: the reviewer's claim lapsing
 * (while one holds) and the review window closing. A proposal the review quorum holds has neither:
 * its review's own phases (shown beside it) say what is due. The screens lay the rows out their own way.
 */
import type { Proposal } from "@/lib/indexer.ts";
import { proposalStatus } from "@orm/protocol/generated/constants";
import { isHeldByQuorum } from "@orm/protocol/ledger";

import { Countdown } from "./Countdown.tsx";

export function Deadlines({
  proposal,
  clockOffset,
  className,
  rowClassName,
  heldByQuorum = false,
}: {
  proposal: Pick<Proposal, "status" | "reviewLockUntil" | "expiresAt">;
  clockOffset: string;
  className: string;
  rowClassName: string;
  /** The review quorum holds it (a decided single review), whatever the record's lock says. */
  heldByQuorum?: boolean;
}) {
  if (proposal.status === proposalStatus.Reviewing && (heldByQuorum || isHeldByQuorum(proposal.reviewLockUntil))) {
    return (
      <dl className={className}>
        <div className={rowClassName} data-testid="held-by-quorum">
          <dt className="text-muted">Under review</dt>
          <dd>held by the review quorum until its verdict is final</dd>
        </div>
      </dl>
    );
  }
  return (
    <dl className={className}>
      {proposal.status === proposalStatus.Reviewing && proposal.reviewLockUntil ? (
        <div className={rowClassName}>
          <dt className="text-muted">The claim lapses in</dt>
          <dd>
            <Countdown until={proposal.reviewLockUntil} clockOffset={clockOffset} passedText="lapsed" testId="lock-countdown" />
          </dd>
        </div>
      ) : null}
      <div className={rowClassName}>
        <dt className="text-muted">The review window closes in</dt>
        <dd>
          <Countdown until={proposal.expiresAt} clockOffset={clockOffset} passedText="closed" testId="expiry-countdown" />
        </dd>
      </div>
    </dl>
  );
}
