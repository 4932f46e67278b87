/**
 * The project's research progress (server-rendered): baseline against the current best and the
 * best-score history (each step links to its proposal and shows its code root), the miners'
 * leaderboard, and the proposals grouped by state. Improvements read as positive amounts in the
 * metric's better direction ("0.188 nats lower"), as everywhere in the app (`formatImprovement`).
 */
import type { ReactNode } from "react";

import Link from "@/components/layout/Link.tsx";
import { describeScoreChange, groupProposals, minerLeaderboard } from "@/lib/discovery.ts";
import {
  formatImprovement,
  formatRelativeTime,
  formatScore,
  formatTimestamp,
  formatTokenAmount,
  shortenAddress,
  shortenHash,
} from "@orm/protocol/format";
import { PROPOSAL_STATUS_LABELS, type BestScoreStep, type Proposal } from "@/lib/indexer.ts";

import type { ProjectFacts } from "./loadProject.server.ts";

type Metric = { unit: string | undefined; metricScale: bigint };

function score(value: bigint | string, { unit, metricScale }: Metric): string {
  return `${formatScore(BigInt(value), metricScale)}${unit ? ` ${unit}` : ""}`;
}

const STATUS_STYLES: Record<number, string> = {
  0: "bg-sky-100 text-sky-800",
  1: "bg-amber-100 text-amber-800",
  2: "bg-emerald-100 text-emerald-800",
  3: "bg-red-100 text-red-800",
  4: "bg-slate-100 text-slate-700",
  5: "bg-violet-100 text-violet-800",
};

export function StatusBadge({ status }: { status: Proposal["status"] }) {
  return <span className={`badge ${STATUS_STYLES[status] ?? ""}`}>{PROPOSAL_STATUS_LABELS[status]}</span>;
}

export function ScoresSection({ facts, unit, history, now }: { facts: ProjectFacts; unit: string | undefined; history: BestScoreStep[]; now: number }) {
  const metric = { unit, metricScale: facts.metricScale };
  const change = describeScoreChange(
    { baseline: facts.baselineScore, best: facts.bestScore, metricScale: facts.metricScale, lowerIsBetter: facts.lowerIsBetter, unit },
    { maxDecimals: 6 },
  );
  return (
    <section aria-labelledby="scores-title" className="card lazy-render space-y-4" data-testid="scores">
      <h2 id="scores-title" className="text-lg font-semibold">
        Baseline and best score
      </h2>
      <dl className="grid grid-cols-2 gap-4">
        <div>
          <dt className="text-xs text-muted">Baseline</dt>
          <dd className="num text-lg font-semibold" data-testid="baseline-score">
            {score(facts.baselineScore, metric)}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Current best</dt>
          <dd className="num text-lg font-semibold" data-testid="best-score">
            {score(facts.bestScore, metric)}
          </dd>
        </div>
        <div className="col-span-2 text-sm text-muted" data-testid="score-change">
          <dt className="sr-only">Change</dt>
          <dd>
            {change.text}; a proposal must improve on the best by at least {score(facts.minImprovement, metric)}.
          </dd>
        </div>
      </dl>
      <div>
        <h3 className="font-semibold">Best-score history</h3>
        {history.length === 0 ? (
          <p className="mt-1 text-sm text-muted">No proposal has beaten the baseline yet.</p>
        ) : (
          <ol className="mt-2 divide-y divide-line" data-testid="best-history">
            {history.map((step) => (
              <li key={step.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2 text-sm" data-testid="best-step">
                <span className="min-w-0">
                  <span className="num font-semibold">{score(step.score, metric)}</span>
                  <span className="text-muted"> from {score(step.previousScore, metric)}</span>
                  {" · "}
                  <span className="num text-emerald-700" data-testid="best-step-improvement">
                    {formatImprovement(BigInt(step.improvement), facts.metricScale, { lowerIsBetter: facts.lowerIsBetter, unit })}
                  </span>
                  {step.proposalId !== null ? (
                    <>
                      {" · "}
                      <Link href={`/proposals/${step.proposalId}`} className="text-brand hover:underline">
                        Proposal #{step.proposalId}
                      </Link>
                    </>
                  ) : null}
                </span>
                <span className="flex flex-wrap gap-x-3 text-xs text-muted">
                  <span>
                    code <code className="num" title={step.codeHash}>{shortenHash(step.codeHash)}</code>
                  </span>
                  <span title={formatTimestamp(BigInt(step.timestamp))}>{formatRelativeTime(BigInt(step.timestamp), now)}</span>
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

/** A card with its heading and its list, or one sentence when there is nothing to list. */
function ListCard({ name, title, isEmpty, emptyText, children }: { name: string; title: string; isEmpty: boolean; emptyText: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${name}-title`} className="card lazy-render" data-testid={name}>
      <h2 id={`${name}-title`} className="text-lg font-semibold">
        {title}
      </h2>
      {isEmpty ? <p className="mt-2 text-sm text-muted">{emptyText}</p> : children}
    </section>
  );
}

export function LeaderboardSection({
  proposals,
  unit,
  metricScale,
  lowerIsBetter,
  symbol,
}: {
  proposals: Proposal[];
  unit: string | undefined;
  metricScale: bigint;
  lowerIsBetter: boolean;
  symbol: string;
}) {
  const rows = minerLeaderboard(proposals);
  return (
    <ListCard name="leaderboard" title="Miners" isEmpty={rows.length === 0} emptyText="No approved proposal yet.">
      <div className="mt-2 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-muted">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">Miner</th>
              <th scope="col" className="py-2 pr-3 font-medium">Improvement</th>
              <th scope="col" className="py-2 pr-3 font-medium">Accepted</th>
              <th scope="col" className="py-2 font-medium">Rewards</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {rows.map((row) => (
              <tr key={row.miner} data-testid="leaderboard-row">
                <td className="num py-2 pr-3" title={row.miner}>{shortenAddress(row.miner)}</td>
                <td className="num py-2 pr-3">{formatImprovement(row.totalImprovement, metricScale, { lowerIsBetter, unit })}</td>
                <td className="num py-2 pr-3">{row.accepted}</td>
                <td className="num py-2">{formatTokenAmount(row.rewards, symbol)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ListCard>
  );
}

export function ProposalsSection({ proposals, unit, metricScale, now }: { proposals: Proposal[]; unit: string | undefined; metricScale: bigint; now: number }) {
  const groups = groupProposals(proposals);
  return (
    <ListCard name="proposals" title="Proposals" isEmpty={groups.length === 0} emptyText="No proposal has been submitted yet.">
      <div className="mt-2 space-y-4">
        {groups.map((group) => (
          <div key={group.status} data-testid={`proposals-${group.status}`}>
            <h3 className="flex items-center gap-2 text-sm font-semibold">
              <StatusBadge status={group.status} /> <span className="text-muted">{group.items.length}</span>
            </h3>
            <ul className="mt-1 divide-y divide-line">
              {group.items.map((proposal) => (
                <li key={proposal.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2 text-sm">
                  <Link href={`/proposals/${proposal.id}`} className="font-medium text-brand hover:underline">
                    Proposal #{proposal.id}
                  </Link>
                  <span className="flex flex-wrap gap-x-3 text-xs text-muted">
                    <span>
                      claimed score <span className="num text-ink">{score(proposal.claimedScore, { unit, metricScale })}</span>
                    </span>
                    {proposal.verifiedScore !== null ? (
                      <span>
                        measured <span className="num text-ink">{score(proposal.verifiedScore, { unit, metricScale })}</span>
                      </span>
                    ) : null}
                    <span>
                      stake <span className="num text-ink">{formatTokenAmount(BigInt(proposal.stake))}</span>
                    </span>
                    <span className="num" title={proposal.miner}>{shortenAddress(proposal.miner)}</span>
                    <span>{formatRelativeTime(BigInt(proposal.updatedAt), now)}</span>
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </ListCard>
  );
}
