"use client";

/**
 * "My seats": the review seats the connected account was drawn for on projects reviewed by a quorum
 * (the indexer's `/accounts/:address` `seats`: reviews not final yet), each with what is due from it
 * (commit, reveal, or waiting for the others), the phase's deadline and a link to the review screen;
 * and the review pay the quorum owes it. Read in the browser, since the page itself is the same for
 * every visitor; refreshed every few seconds.
 */
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useAccount } from "wagmi";

import { FALLBACK_REFETCH_MS } from "@/components/live/liveStream.ts";
import Link from "@/components/layout/Link.tsx";
import { Countdown } from "@/components/proposal/Countdown.tsx";
import { formatEth } from "@orm/protocol/format";
import { reviewPhase } from "@orm/protocol/generated/constants";
import { createIndexerClient, type HeldSeat } from "@/lib/indexer.ts";
import { describePhase } from "@/lib/quorum.ts";

export type MySeatsProps = { clockOffset: string };

/** What a seat's holder has to do in its review's phase. */
function dueOf(seat: HeldSeat): string {
  if (seat.phase === reviewPhase.Committing) return seat.committed ? "Committed; waiting for the other seats" : "Commit your measurement";
  if (seat.phase === reviewPhase.Revealing) return seat.revealed ? "Revealed; waiting for the other seats" : seat.committed ? "Reveal your measurement" : "Missed its commit";
  if (seat.phase === reviewPhase.Decided) return "Decided; waiting out the appeal window";
  return describePhase({ phase: seat.phase as never, round: seat.round });
}

export default function MySeats({ clockOffset }: MySeatsProps) {
  const { address } = useAccount();
  const indexer = useMemo(() => createIndexerClient(), []);
  const { data: account } = useQuery({
    queryKey: ["indexer", "account", address?.toLowerCase()],
    queryFn: ({ signal }) => indexer.account(address!, signal),
    enabled: Boolean(address),
    refetchInterval: FALLBACK_REFETCH_MS,
    retry: 1,
  });
  if (!address || !account) return null;
  const owed = account.quorumPay ? BigInt(account.quorumPay.owed) : 0n;
  if (account.seats.length === 0 && owed === 0n) return null;
  return (
    <section className="card" aria-labelledby="my-seats-title" data-testid="my-seats">
      <h2 id="my-seats-title" className="text-lg font-semibold">My review seats</h2>
      <p className="mt-1 text-sm text-muted">
        Seats you were drawn for on projects reviewed by a quorum. Commit your measurement before the deadline, reveal it once every seat
        has committed; a seat that misses its commit is replaced and loses part of its lock.
      </p>
      {account.seats.length ? (
        <ul className="mt-3 divide-y divide-line">
          {account.seats.map((seat) => (
            <li key={`${seat.proposalId}-${seat.seat}`} data-testid={`my-seat-${seat.proposalId}-${seat.seat}`} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0">
                <p className="font-medium">
                  Proposal #{seat.proposalId} <span className="text-muted">· seat {seat.seat}{seat.round > 0 ? " (appeal round)" : ""}</span>
                </p>
                <p className="text-sm text-muted">
                  {dueOf(seat)}
                  {seat.deadline && seat.phase !== reviewPhase.Drawing ? (
                    <>
                      {" "}
                      · ends in <Countdown until={seat.deadline} clockOffset={clockOffset} passedText="now" />
                    </>
                  ) : null}
                  {seat.seatLock ? ` · locks ${formatEth(BigInt(seat.seatLock))}` : ""}
                </p>
              </div>
              <Link href={`/verify/${seat.proposalId}`} className="btn btn-primary shrink-0" data-testid={`open-seat-${seat.proposalId}`}>
                Review
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {owed > 0n ? (
        <p className="mt-3 text-sm" data-testid="my-seats-pay">
          The review quorum owes you {formatEth(owed)} (penalties of seats that disagreed, appeal bonds); withdraw it from any of your
          reviews&apos; pages.
        </p>
      ) : null}
    </section>
  );
}
