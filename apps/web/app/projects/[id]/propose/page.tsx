/**
 * `/projects/[id]/propose`: a miner stakes project tokens behind better code. The page (server) reads
 * the project's terms from the chain and shows them; the form is a wallet island (roots computed in
 * the browser, uploads signed by the wallet, the stake permitted and submitted in one transaction).
 */
import type { Metadata } from "next";
import { notFound } from "next/navigation";

import Link from "@/components/layout/Link.tsx";
import { ProposeForm } from "@/components/propose/index.tsx";
import { formatScore, formatTokenAmount } from "@orm/protocol/format";
import { minimumStakeOf } from "@orm/protocol/ledger";
import { proposalLedgerConstants } from "@orm/protocol/generated/constants";
import { describeRewardRule } from "@/lib/propose.ts";

import { loadProposeTerms } from "./loadProposeTerms.ts";

type PageProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { id } = await params;
  return { title: `Propose an improvement · project #${id}` };
}

function durationOf(seconds: bigint): string {
  const hours = Number(seconds) / 3600;
  return hours >= 48 && hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`;
}

export default async function ProposePage({ params }: PageProps) {
  const { id } = await params;
  const result = await loadProposeTerms(id);
  if (result.kind === "unknown") notFound();
  if (result.kind === "error") {
    return (
      <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
        <h1 className="text-2xl font-semibold tracking-tight">Propose an improvement</h1>
        <p role="alert" className="card mt-6 text-sm" data-testid="propose-error">{result.message}</p>
      </div>
    );
  }
  const { terms } = result;
  const score = (value: bigint) => `${formatScore(value, terms.metricScale)}${terms.unit ? ` ${terms.unit}` : ""}`;
  const rows: { label: string; value: string; testId: string; numeric?: boolean }[] = [
    { label: "Current best", value: score(terms.best), testId: "term-best", numeric: true },
    { label: "Direction", value: terms.lowerIsBetter ? "Lower is better" : "Higher is better", testId: "term-direction" },
    {
      label: "Minimum improvement",
      value: terms.minImprovement > 0n ? score(terms.minImprovement) : "Any strict improvement",
      testId: "term-min-improvement",
      numeric: terms.minImprovement > 0n,
    },
    terms.reviewQuorum > 1
      ? {
          label: "Minimum stake (a review fee per seat)",
          value: `${formatTokenAmount(minimumStakeOf(terms), terms.symbol)} (${terms.reviewQuorum} seats × ${formatTokenAmount(terms.minStake)})`,
          testId: "term-min-stake",
          numeric: true,
        }
      : { label: "Minimum stake (the review fee)", value: formatTokenAmount(terms.minStake, terms.symbol), testId: "term-min-stake", numeric: true },
    {
      label: "Review",
      value: terms.reviewQuorum > 1 ? `A quorum of ${terms.reviewQuorum} bonded verifiers, drawn at random; the median of their measurements settles` : "One allowlisted verifier claims and decides",
      testId: "term-review",
    },
    { label: "Reward on approval", value: describeRewardRule({ ...terms, unit: terms.unit }), testId: "term-reward-rule" },
  ];

  // At least a screen tall (as the loading skeleton is): the form grows as the wallet machinery
  // arrives, and the footer should not show under it first and then jump away.
  return (
    <div className="mx-auto min-h-dvh max-w-5xl space-y-6 px-4 py-8 sm:px-6 sm:py-10">
      <div className="min-w-0">
        <Link href={`/projects/${terms.projectId}`} className="text-sm text-brand hover:underline" data-testid="back-to-project">
          ← {terms.name}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-balance sm:text-3xl">Propose an improvement</h1>
        <p className="mt-2 text-pretty text-muted">
          <span className="font-medium text-ink" data-testid="project-name">{terms.name}</span>{" "}
          <span className="text-muted" data-testid="project-token-name">({terms.tokenName}, {terms.symbol}, project #{terms.projectId.toString()})</span>
          {terms.metric ? <> · measured by {terms.metric}</> : null}. Stake {terms.symbol} behind code that beats the current
          best; an allowlisted verifier re-runs the benchmark and approves (stake back, reward minted) or rejects (stake
          slashed). Either way the verifier earns the project&apos;s review fee, its minimum stake.
        </p>
      </div>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="order-2 min-w-0 lg:order-1">
          <ProposeForm terms={terms} />
        </div>
        <aside aria-labelledby="terms-title" className="order-1 min-w-0 lg:order-2">
          <section className="card">
            <h2 id="terms-title" className="font-semibold">The project&apos;s terms</h2>
            <dl className="mt-3 space-y-2 text-sm">
              {rows.map((row) => (
                <div key={row.testId} className="flex flex-wrap justify-between gap-x-3">
                  <dt className="text-muted">{row.label}</dt>
                  <dd className={`text-right text-ink ${row.numeric ? "num" : ""}`} data-testid={row.testId}>{row.value}</dd>
                </div>
              ))}
            </dl>
            <p className="mt-4 text-xs text-muted">
              A verifier who claims your proposal has {durationOf(proposalLedgerConstants.REVIEW_LOCK)} to settle it; a proposal nobody
              settles expires {durationOf(proposalLedgerConstants.EXPIRY_WINDOW)} after submission (plus the time first claims held it), and
              its stake goes back whole.
            </p>
          </section>
        </aside>
      </div>
    </div>
  );
}
