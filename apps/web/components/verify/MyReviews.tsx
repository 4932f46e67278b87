"use client";

/**
 * "My reviews": the proposals the connected account has claimed and not settled, with a countdown
 * to each lock's end and a link to the review screen. The server passes every proposal under
 * review (indexer); this island keeps the connected account's.
 */
import { useAccount } from "wagmi";

import Link from "@/components/layout/Link.tsx";
import { Countdown } from "@/components/proposal/Countdown.tsx";

import type { QueueRow } from "./queueRows.ts";

export type MyReviewsProps = { rows: QueueRow[]; clockOffset: string };

export default function MyReviews({ rows, clockOffset }: MyReviewsProps) {
  const { address } = useAccount();
  if (!address) return null;
  const mine = rows.filter((row) => row.reviewer?.toLowerCase() === address.toLowerCase());
  return (
    <section className="card" aria-labelledby="my-reviews-title" data-testid="my-reviews">
      <h2 id="my-reviews-title" className="text-lg font-semibold">My reviews</h2>
      <p className="mt-1 text-sm text-muted">Reviews you have claimed and not settled yet. Settle before the lock ends, or release the claim.</p>
      {mine.length === 0 ? (
        <p className="mt-3 text-sm" data-testid="my-reviews-empty">
          You hold no review.
        </p>
      ) : (
        <ul className="mt-3 divide-y divide-line">
          {mine.map((row) => (
            <li key={row.id} data-testid={`my-review-${row.id}`} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0">
                <p className="font-medium">
                  {row.projectName} <span className="text-muted">· proposal #{row.id}</span>
                </p>
                <p className="text-sm text-muted">
                  Claimed score {row.claimedScoreText} · stake {row.stakeText} · lock ends in{" "}
                  {row.reviewLockUntil ? (
                    <Countdown until={row.reviewLockUntil} clockOffset={clockOffset} passedText="lapsed" testId={`my-review-lock-${row.id}`} />
                  ) : (
                    "—"
                  )}
                </p>
              </div>
              <Link href={`/verify/${row.id}`} className="btn btn-primary shrink-0" data-testid={`open-review-${row.id}`}>
                Review
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
