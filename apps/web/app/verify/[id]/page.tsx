/**
 * The review screen: what a verifier needs to reproduce a proposal — the `research verify` command
 * that does it in the sandbox, the protocol's benchmark command with its runs, tolerance and limits,
 * the miner's claim, every artifact the benchmark needs (protocol, benchmark bundle, code) and the
 * miner's log with root-verified downloads — and the verdict form (verified score checked against
 * the claim and the best as it is typed, notes stored on 0G as the attestation, approve /
 * superseded / reject), plus claim and release for whoever may.
 */
import type { Metadata } from "next";

import Link from "@/components/layout/Link.tsx";
import { ArtifactList } from "@/components/proposal/ArtifactList.tsx";
import { Deadlines } from "@/components/proposal/Deadlines.tsx";
import { ProposalActions, QuorumReview } from "@/components/proposal/index.tsx";
import { IndexerNotice } from "@/components/proposal/IndexerNotice.tsx";
import { RefreshWhenIndexed } from "@/components/proposal/RefreshWhenIndexed.tsx";
import { actionsPropsOf, loadProposalView, quorumPropsOf } from "@/components/proposal/loadProposalView.server.ts";
import { ProposalSummary, StatusBadge } from "@/components/proposal/ProposalSummary.tsx";
import { BenchmarkPlanCard } from "@/components/verify/BenchmarkPlanCard.tsx";
import { loadVerifyCommand } from "@/components/verify/loadVerifyCommand.server.ts";

type PageProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { id } = await params;
  return { title: `Review proposal #${id}` };
}

export default async function ReviewPage({ params }: PageProps) {
  const view = await loadProposalView((await params).id);
  const { proposal, notice, catchingUpTo, project, unit, clockOffset, open } = view;
  const verify = await loadVerifyCommand(proposal.id, proposal.reviewer);
  const quorum = quorumPropsOf(view);

  return (
    <div className="mx-auto max-w-5xl space-y-6 px-4 py-8 sm:px-6">
      <header className="space-y-2">
        <p className="text-sm text-muted">
          <Link href="/verify" className="text-brand hover:underline">
            Verify
          </Link>{" "}
          ·{" "}
          <Link href={`/projects/${proposal.projectId}`} className="text-brand hover:underline">
            {project.name}
          </Link>
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Review proposal #{proposal.id}</h1>
          <StatusBadge status={proposal.status} pendingVerdict={proposal.pendingVerdict} />
        </div>
        <p className="text-sm">
          <Link href={`/proposals/${proposal.id}`} className="text-brand hover:underline" data-testid="timeline-link">
            See its timeline
          </Link>
        </p>
      </header>

      <IndexerNotice notice={notice} />
      {catchingUpTo ? <RefreshWhenIndexed blockNumber={catchingUpTo} /> : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-6">
          <BenchmarkPlanCard plan={project.benchmarkPlan} error={project.protocolError} verify={verify} />
          <section className="card" aria-labelledby="artifacts-title">
            <h2 id="artifacts-title" className="text-lg font-semibold">Artifacts</h2>
            <p className="mt-1 text-sm text-muted">
              Everything the benchmark needs — the protocol, the benchmark bundle, the code — and the miner&apos;s log; each download is
              checked against its on-chain root.
            </p>
            <ArtifactList
              proposalId={proposal.id}
              codeHash={proposal.codeHash}
              benchmarkLogHash={proposal.benchmarkLogHash}
              metricsHash={proposal.metricsHash}
              project={{ id: project.id, protocolHash: project.protocolHash, benchmarkHash: project.benchmarkHash }}
            />
          </section>
        </div>
        <aside className="min-w-0 space-y-6">
          <section className="card" aria-labelledby="claim-title">
            <h2 id="claim-title" className="text-lg font-semibold">The claim</h2>
            <ProposalSummary proposal={proposal} project={project} unit={unit} />
            {open ? (
              <Deadlines proposal={proposal} clockOffset={clockOffset} heldByQuorum={view.decided} className="mt-2 space-y-1 border-t border-line pt-2 text-sm" rowClassName="flex justify-between gap-2" />
            ) : null}
          </section>
          <section className="card space-y-3" aria-labelledby="verdict-title">
            <h2 id="verdict-title" className="text-lg font-semibold">Review</h2>
            {quorum ? (
              <QuorumReview {...quorum} reviewScreen />
            ) : open ? (
              <ProposalActions {...actionsPropsOf(view)} reviewScreen />
            ) : (
              <p className="text-sm" data-testid="review-settled">
                This proposal is settled; its timeline shows the verdict.
              </p>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}
