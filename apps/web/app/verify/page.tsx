/**
 * The verifier queue: proposals any allowlisted verifier may claim now, across projects, oldest
 * deadline first (the indexer's `/queue`), each with its project, the miner's claimed score and its
 * improvement in the metric's unit, stake and time left; one-click claims (a confirmed one opens the
 * review screen); the connected verifier's open reviews with their lock countdowns; and the review
 * fees it earned, with a claim per project; its verifier bond (post, leave, withdraw); the quorum
 * projects' open proposals (requested by anyone, reviewed by drawn seats) and the connected
 * account's seats. The queue follows the chain by itself
 * (`LiveUpdates`: refreshed from the page cache when a block is indexed).
 */
import type { Metadata } from "next";

import { VerifierRewards } from "@/components/home/index.tsx";
import { LiveUpdates } from "@/components/live/LiveUpdates.tsx";
import { IndexerNotice } from "@/components/proposal/IndexerNotice.tsx";
import { indexer, loadClockOffset, loadProjectInfo, type ProjectInfo } from "@/components/proposal/loadProposal.server.ts";
import Link from "@/components/layout/Link.tsx";
import { BondPanel, MyReviews, MySeats, VerifierQueue } from "@/components/verify/index.tsx";
import { toQueueRow, type QueueRow } from "@/components/verify/queueRows.ts";
import type { Proposal, QueueItem } from "@/lib/indexer.ts";
import { renderedBlockOf } from "@/lib/live/renderedBlock.server.ts";

export const metadata: Metadata = { title: "Verify" };

/** How many proposals under review the page reads for "My reviews" (each claim is one verifier's, held for a day). */
const UNDER_REVIEW_READ = 1_000;

/** Proposals with `status` across projects (for "My reviews" and the quorum list), newest first, page by page. */
async function loadProposals(status: 0 | 1): Promise<Proposal[]> {
  const client = indexer();
  const proposals: Proposal[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.proposals({ status, limit: 200, cursor });
    proposals.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && proposals.length < UNDER_REVIEW_READ);
  return proposals;
}

export default async function VerifyPage() {
  let queue: QueueItem[] = [];
  let underReview: Proposal[] = [];
  let waiting: Proposal[] = [];
  let indexerDown = false;
  const clockOffsetPromise = loadClockOffset();
  try {
    [queue, underReview, waiting] = await Promise.all([
      indexer().queue({ limit: 200, upcoming: true }).then((page) => page.items),
      loadProposals(1),
      loadProposals(0),
    ]);
  } catch {
    indexerDown = true;
  }
  // Quorum projects' open proposals: nobody claims them; anyone requests their review and the seats are drawn.
  const byQuorum = [...waiting, ...underReview].filter((proposal) => proposal.reviewQuorum > 1).sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
  const projectIds = [...new Set([...queue, ...underReview, ...waiting].map((proposal) => proposal.projectId))];
  const infos = new Map<string, ProjectInfo>(await Promise.all(projectIds.map(async (id) => [id, await loadProjectInfo(BigInt(id))] as const)));
  const rows: QueueRow[] = queue.map((item) => toQueueRow(item, infos.get(item.projectId)!));
  const reviewRows: QueueRow[] = underReview
    .map((proposal) => toQueueRow(proposal, infos.get(proposal.projectId)!))
    .sort((a, b) => Number(BigInt(a.reviewLockUntil ?? "0") - BigInt(b.reviewLockUntil ?? "0")));
  const clockOffset = await clockOffsetPromise;

  return (
    <div className="mx-auto max-w-5xl space-y-6 px-4 py-8 sm:px-6">
      <header className="max-w-3xl space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Verify</h1>
        <p className="text-muted">
          Claim a proposal&apos;s review, re-run the project&apos;s benchmark on its hash-verified artifacts, and approve or reject it
          on-chain. A claim holds for 24 hours. Every review you settle earns you the proposal&apos;s review fee (the project&apos;s
          minimum stake when it was submitted), the same whether you approve, mark it superseded or reject it; a proposal nobody
          reviews in its window goes back to its miner whole and pays no one.
        </p>
        <p className="text-sm text-muted" data-testid="verify-cli-hint">
          From a terminal, <code className="num">npx research verify &lt;id&gt;</code> does it all in a sandbox: it fetches and checks the
          artifacts, runs the benchmark and settles the review. Each review screen shows the command for this network.
        </p>
      </header>

      <LiveUpdates renderedBlock={await renderedBlockOf()} />
      <IndexerNotice
        notice={indexerDown ? "The indexer is unavailable, so the queue cannot be listed right now. A proposal's own page still reads the chain." : null}
      />

      <MySeats clockOffset={clockOffset} />
      <MyReviews rows={reviewRows} clockOffset={clockOffset} />

      <section className="card" aria-labelledby="queue-title">
        <h2 id="queue-title" className="text-lg font-semibold">Waiting for a verifier</h2>
        <p className="mt-1 mb-3 text-sm text-muted">Oldest deadline first. You cannot review a proposal you submitted or would be rewarded by.</p>
        <VerifierQueue rows={rows} clockOffset={clockOffset} />
      </section>

      {byQuorum.length ? (
        <section className="card" aria-labelledby="quorum-queue-title" data-testid="quorum-queue">
          <h2 id="quorum-queue-title" className="text-lg font-semibold">Reviewed by a quorum</h2>
          <p className="mt-1 text-sm text-muted">
            Nobody claims these: anyone requests the review, and its seats are drawn from the bonded verifiers, weighted by bond. A
            drawn verifier finds its seat under &ldquo;My review seats&rdquo;.
          </p>
          <ul className="mt-3 divide-y divide-line">
            {byQuorum.map((proposal) => {
              const row = toQueueRow(proposal, infos.get(proposal.projectId)!);
              return (
                <li key={row.id} data-testid={`quorum-row-${row.id}`} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
                  <div className="min-w-0">
                    <p className="font-medium">
                      {row.projectName} <span className="text-muted">· proposal #{row.id} · {proposal.reviewQuorum} seats</span>
                    </p>
                    <p className="text-sm text-muted">
                      Claimed score {row.claimedScoreText} · stake {row.stakeText} · {proposal.status === 0 ? "review not requested yet" : "under review"}
                    </p>
                  </div>
                  <Link href={`/verify/${row.id}`} className="btn btn-secondary shrink-0" data-testid={`open-quorum-${row.id}`}>
                    Open
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}

      <VerifierRewards />

      <BondPanel clockOffset={clockOffset} />
    </div>
  );
}
