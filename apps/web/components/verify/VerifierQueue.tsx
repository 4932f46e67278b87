"use client";

/**
 * The verifier queue with one-click claims. The connected account's view comes from the indexer's
 * `/queue?verifier=<address>` (proposals it may not review — its own, ones it would be rewarded by,
 * ones it held a claim on before — are left out); an account that is not an allowlisted verifier
 * sees why and no live button. Proposals still in their commit window are listed with when claims
 * open (the button wakes up then: no reload, since no block may come meanwhile). A confirmed claim opens the review screen (`/verify/<id>`) once the
 * indexer has the claim (so the screen shows it under review), with a link in the row meanwhile. A
 * claim lost to another verifier between render and click says who took it, beside the row.
 */
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useAccount } from "wagmi";

import Link from "@/components/layout/Link.tsx";
import { useChainNow } from "@/components/proposal/Countdown.tsx";
import { useClaimReview } from "@/components/proposal/useClaimReview.ts";
import { useWaitForIndexer } from "@/components/proposal/waitForIndexer.ts";
import { useProtocolRead } from "@/hooks/useProtocolRead.ts";
import { shortenAddress } from "@orm/protocol/format";
import { createIndexerClient } from "@/lib/indexer.ts";
import { formatCountdown } from "@/lib/proposal.ts";

import { QueueList } from "./QueueList.tsx";
import type { QueueRow } from "./queueRows.ts";

export type VerifierQueueProps = { rows: QueueRow[]; clockOffset: string };

const ZERO = "0x0000000000000000000000000000000000000000";

/**
 * A row's claim button; once its claim is confirmed, a link to the review (the queue then opens it).
 * A proposal still in its commit window shows when claims open, and the button wakes up then.
 */
function ClaimControl({
  row,
  canClaim,
  claimed,
  clockOffset,
  onClaimed,
}: {
  row: QueueRow;
  canClaim: boolean;
  claimed: boolean;
  clockOffset: string;
  onClaimed: () => void;
}) {
  const { claim, lostTo, isPending } = useClaimReview();
  const opensIn = BigInt(row.reviewableAt) - useChainNow(clockOffset);

  async function onClick() {
    if (await claim(BigInt(row.id), { releaseFirst: row.needsRelease })) onClaimed();
  }

  return (
    <div className="flex flex-col items-start gap-1 sm:items-end">
      {claimed ? (
        <>
          <Link href={`/verify/${row.id}`} className="btn btn-primary" data-testid={`review-link-${row.id}`}>
            Review it now
          </Link>
          <p role="status" className="text-xs text-muted">
            Claimed; opening the review screen…
          </p>
        </>
      ) : opensIn > 0n ? (
        <>
          <button type="button" className="btn btn-primary" data-testid={`claim-review-${row.id}`} disabled>
            Claim
          </button>
          <p className="max-w-64 text-xs text-muted" data-testid={`claim-opens-${row.id}`} suppressHydrationWarning>
            Opens in <span className="num">{formatCountdown(opensIn)}</span>: an earlier commitment of this code may still be revealed until then.
          </p>
        </>
      ) : (
        <button type="button" className="btn btn-primary" data-testid={`claim-review-${row.id}`} disabled={!canClaim || isPending} onClick={() => void onClick()}>
          {isPending ? "Claiming…" : "Claim"}
        </button>
      )}
      {lostTo ? (
        <p role="alert" className="max-w-64 text-sm text-warn" data-testid={`claim-lost-${row.id}`}>
          Another verifier took it first: {shortenAddress(lostTo)} holds this review now.
        </p>
      ) : null}
    </div>
  );
}

export default function VerifierQueue({ rows, clockOffset }: VerifierQueueProps) {
  const router = useRouter();
  const { address, isConnected } = useAccount();
  const waitForIndexer = useWaitForIndexer();
  /** Rows this page claimed: they stay (with their link) though a refreshed queue no longer lists them. */
  const [claimedRows, setClaimedRows] = useState<ReadonlyMap<string, QueueRow>>(() => new Map());
  // A visitor who left the queue while the indexer caught up is not pulled back to the review.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  /** After a confirmed claim: the review screen, once the indexer has the claim (so it shows it under review). */
  async function openReview(row: QueueRow) {
    setClaimedRows((claimed) => new Map(claimed).set(row.id, row));
    await waitForIndexer();
    if (mounted.current) router.push(`/verify/${row.id}`);
  }

  const { data: isVerifier, isLoading: checking } = useProtocolRead({
    contractName: "VerifierRegistry",
    functionName: "isVerifier",
    args: [address ?? ZERO],
    enabled: Boolean(address),
  });
  const { data: visibleIds } = useQuery({
    queryKey: ["verifier-queue", address],
    enabled: Boolean(address),
    queryFn: async ({ signal }) => {
      const page = await createIndexerClient().queue({ verifier: address, upcoming: true, limit: 200 }, signal);
      return new Set(page.items.map((item) => item.id));
    },
  });

  const lower = address?.toLowerCase();
  // Until the indexer answers, leave out what the account could not review anyway (the same rule).
  const listed = rows.filter(
    (row) =>
      claimedRows.has(row.id) ||
      (visibleIds ? visibleIds.has(row.id) : !lower || (row.miner.toLowerCase() !== lower && row.rewardRecipient.toLowerCase() !== lower)),
  );
  // A live refresh drops a claimed row from the server's list; the claimer keeps it, with its link.
  const listedIds = new Set(listed.map((row) => row.id));
  const visible = [...listed, ...[...claimedRows.values()].filter((row) => !listedIds.has(row.id))];
  const canClaim = isConnected && isVerifier === true;

  return (
    <div className="space-y-4">
      {isConnected && !checking && isVerifier === false ? (
        <p role="status" data-testid="not-verifier" className="rounded-lg border border-warn/40 bg-warn-soft p-3 text-sm text-warn">
          {address ? shortenAddress(address) : "This account"} is not an allowlisted verifier, so it cannot claim reviews. The verifier
          registry&apos;s owner adds verifiers; until then you can follow the queue here.
        </p>
      ) : null}
      {!isConnected ? <p className="text-sm text-muted">Connect a verifier&apos;s wallet to claim reviews.</p> : null}
      <QueueList
        rows={visible}
        clockOffset={clockOffset}
        renderClaim={(row) =>
          lower && row.reviewer?.toLowerCase() === lower ? (
            <p className="text-sm text-muted">Your claim lapsed; each verifier gets one claim per proposal.</p>
          ) : (
            <ClaimControl
              row={row}
              canClaim={canClaim}
              claimed={claimedRows.has(row.id)}
              clockOffset={clockOffset}
              onClaimed={() => void openReview(row)}
            />
          )
        }
      />
    </div>
  );
}
