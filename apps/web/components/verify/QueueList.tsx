/**
 * The verifier queue as a list (oldest deadline first, as the indexer orders it): project, the
 * miner's claimed score and its improvement in the metric's unit, stake, time left, and a slot for the
 * claim control. "Claim" means a verifier's hold on a review; the miner's number is its "claimed score".
 * No hooks: the server renders it as the island's fallback and the island renders it with buttons.
 */
import type { ReactNode } from "react";

import Link from "@/components/layout/Link.tsx";
import { Countdown } from "@/components/proposal/Countdown.tsx";

import type { QueueRow } from "./queueRows.ts";

export type QueueListProps = {
  rows: QueueRow[];
  clockOffset: string;
  /** The claim control of a row (a disabled button until the wallet machinery is loaded). */
  renderClaim?: (row: QueueRow) => ReactNode;
};

export function QueueList({ rows, clockOffset, renderClaim }: QueueListProps) {
  if (rows.length === 0) {
    return (
      <p className="text-sm text-muted" data-testid="queue-empty">
        No proposal is waiting for a verifier.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-line" data-testid="queue">
      {rows.map((row) => (
        <li key={row.id} data-testid={`queue-item-${row.id}`} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between">
          <div className="min-w-0 space-y-1">
            <p className="font-medium">
              <Link href={`/projects/${row.projectId}`} className="text-brand hover:underline">
                {row.projectName}
              </Link>{" "}
              <Link href={`/proposals/${row.id}`} className="text-sm text-muted hover:underline">
                · proposal #{row.id}
              </Link>
            </p>
            <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
              <div className="flex gap-1.5">
                <dt className="text-muted">Claimed score</dt>
                <dd className="num" data-testid={`queue-claimed-score-${row.id}`}>
                  {row.claimedScoreText}
                </dd>
              </div>
              <div className="flex gap-1.5">
                <dt className="text-muted">Improvement</dt>
                <dd className="num" data-testid={`queue-improvement-${row.id}`}>
                  {row.beatsBest ? row.improvementText : <span className="text-warn">does not beat the best</span>}
                </dd>
              </div>
              <div className="flex gap-1.5">
                <dt className="text-muted">Stake</dt>
                <dd className="num">{row.stakeText}</dd>
              </div>
              <div className="flex gap-1.5">
                <dt className="text-muted">Time left</dt>
                <dd>
                  <Countdown until={row.expiresAt} clockOffset={clockOffset} passedText="closed" testId={`queue-time-left-${row.id}`} />
                </dd>
              </div>
            </dl>
            {row.needsRelease ? <p className="text-xs text-muted">A previous claim lapsed; claiming releases it first (two transactions).</p> : null}
          </div>
          <div className="shrink-0">{renderClaim ? renderClaim(row) : null}</div>
        </li>
      ))}
    </ul>
  );
}
