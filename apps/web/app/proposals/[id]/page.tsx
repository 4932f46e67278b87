/**
 * The proposal timeline: every state the proposal went through (time, actor, transaction, amounts),
 * live countdowns to its deadlines in the chain's time, its artifacts with root-verified downloads,
 * what happens next and who may act, and the buttons for what the connected account may do now.
 * Reads the indexer on the server; when the indexer is down, the chain's record (`getProposal`).
 * Follows the chain by itself (`LiveUpdates`: refreshed from the page cache when a block is indexed).
 */
import type { Metadata } from "next";

import Link from "@/components/layout/Link.tsx";
import { LiveUpdates } from "@/components/live/LiveUpdates.tsx";
import { ArtifactList } from "@/components/proposal/ArtifactList.tsx";
import { Deadlines } from "@/components/proposal/Deadlines.tsx";
import { ProposalActions, QuorumReview } from "@/components/proposal/index.tsx";
import { IndexerNotice } from "@/components/proposal/IndexerNotice.tsx";
import { RefreshWhenIndexed } from "@/components/proposal/RefreshWhenIndexed.tsx";
import { actionsPropsOf, loadProposalView, quorumPropsOf } from "@/components/proposal/loadProposalView.server.ts";
import { ProposalSummary, StatusBadge } from "@/components/proposal/ProposalSummary.tsx";
import { Timeline } from "@/components/proposal/Timeline.tsx";
import { formatTimestamp, shortenAddress } from "@orm/protocol/format";
import { renderedBlockOf } from "@/lib/live/renderedBlock.server.ts";
import { describeNextStep, stateOf } from "@/lib/proposal.ts";

type PageProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { id } = await params;
  return { title: `Proposal #${id}` };
}

export default async function ProposalPage({ params }: PageProps) {
  const view = await loadProposalView((await params).id);
  const { proposal, timeline, notice, catchingUpTo, project, unit, clockOffset, open } = view;
  const now = BigInt(Math.floor(Date.now() / 1000)) + BigInt(clockOffset);
  const state = stateOf(proposal);
  const quorum = quorumPropsOf(view);
  const nextSteps = quorum ? [] : describeNextStep(state, now, { nameOf: (address) => shortenAddress(address), timeOf: formatTimestamp });

  return (
    <div className="mx-auto max-w-5xl space-y-6 px-4 py-8 sm:px-6">
      <header className="space-y-2">
        <p className="text-sm text-muted">
          <Link href={`/projects/${proposal.projectId}`} className="text-brand hover:underline" data-testid="project-link">
            {project.name}
          </Link>{" "}
          · proposal
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Proposal #{proposal.id}</h1>
          <StatusBadge status={proposal.status} pendingVerdict={proposal.pendingVerdict} />
        </div>
      </header>

      <LiveUpdates renderedBlock={await renderedBlockOf()} />
      <IndexerNotice notice={notice} />
      {catchingUpTo ? <RefreshWhenIndexed blockNumber={catchingUpTo} /> : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-6">
          <section className="card" aria-labelledby="summary-title">
            <h2 id="summary-title" className="text-lg font-semibold">Summary</h2>
            <ProposalSummary proposal={proposal} project={project} unit={unit} />
          </section>

          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title" className="mb-4 text-lg font-semibold">Timeline</h2>
            {timeline.length ? (
              <Timeline events={timeline} metricScale={project.metricScale} unit={unit} lowerIsBetter={project.lowerIsBetter} symbol={project.symbol} now={now} proposal={proposal} />
            ) : (
              <p className="text-sm text-muted" data-testid="timeline-unavailable">
                The history of this proposal comes from the indexer, which could not provide it.
              </p>
            )}
          </section>

          <section className="card" aria-labelledby="artifacts-title">
            <h2 id="artifacts-title" className="text-lg font-semibold">Artifacts</h2>
            <p className="mt-1 text-sm text-muted">Stored on 0G; each download is hashed in your browser and must match its root.</p>
            <ArtifactList proposalId={proposal.id} codeHash={proposal.codeHash} benchmarkLogHash={proposal.benchmarkLogHash} metricsHash={proposal.metricsHash} />
          </section>
        </div>

        <aside className="min-w-0 space-y-6">
          {open ? (
            <section className="card space-y-3" aria-labelledby="deadlines-title">
              <h2 id="deadlines-title" className="text-lg font-semibold">Deadlines</h2>
              <Deadlines proposal={proposal} clockOffset={clockOffset} heldByQuorum={view.decided} className="space-y-2 text-sm" rowClassName="flex flex-wrap justify-between gap-2" />
              <p className="text-xs text-muted">Counted in the chain&apos;s time ({formatTimestamp(BigInt(proposal.expiresAt))} is the window&apos;s end).</p>
            </section>
          ) : null}

          {quorum ? (
            <section className="card space-y-3" aria-labelledby="quorum-title">
              <h2 id="quorum-title" className="text-lg font-semibold">
                {quorum.reviewQuorum > 1 ? "Review by a quorum" : "The verdict, open to appeal"}
              </h2>
              <QuorumReview {...quorum} />
              <p className="text-sm">
                <Link href={`/verify/${proposal.id}`} className="text-brand hover:underline" data-testid="review-screen-link">
                  Open the review screen
                </Link>{" "}
                <span className="text-muted">(the command that re-runs it and every artifact the benchmark needs).</span>
              </p>
            </section>
          ) : (
            <section className="card space-y-3" aria-labelledby="next-title">
              <h2 id="next-title" className="text-lg font-semibold">What happens next</h2>
              <div className="space-y-2 text-sm" data-testid="next-steps">
                {nextSteps.map((sentence) => (
                  <p key={sentence}>{sentence}</p>
                ))}
              </div>
              {open ? (
                <>
                  <ProposalActions {...actionsPropsOf(view)} />
                  <p className="text-sm">
                    <Link href={`/verify/${proposal.id}`} className="text-brand hover:underline" data-testid="review-screen-link">
                      Open the review screen
                    </Link>{" "}
                    <span className="text-muted">(the command that re-runs it, every artifact the benchmark needs and the verdict form).</span>
                  </p>
                </>
              ) : null}
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}
