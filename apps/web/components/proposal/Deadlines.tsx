/**
 * An open proposal's deadlines as live countdowns in the chain's time: the reviewer's claim lapsing
 * (while one holds) and the review window closing. The screens lay the rows out their own way.
 */
import type { Proposal } from "@/lib/indexer.ts";
import { proposalStatus } from "@orm/protocol/generated/constants";

import { Countdown } from "./Countdown.tsx";

export function Deadlines({
  proposal,
  clockOffset,
  className,
  rowClassName,
}: {
  proposal: Pick<Proposal, "status" | "reviewLockUntil" | "expiresAt">;
  clockOffset: string;
  className: string;
  rowClassName: string;
}) {
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
