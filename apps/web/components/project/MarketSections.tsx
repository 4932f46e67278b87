/**
 * The project's market (server-rendered): the reserve-coverage meter (the backing ratio and the
 * rewards that moved it), the activity feed (trades, newest first, with the proposals' submissions
 * and settlements between them; rows that arrive live are marked for a moment), and the research
 * graph (the parent and the forks).
 */
import Link from "@/components/layout/Link.tsx";
import { ArrivalList } from "@/components/live/Arrivals.tsx";
import { backingShareOf, describeBacking } from "@/lib/discovery.ts";
import { formatEth, formatRelativeTime, formatTimestamp, formatTokenAmount, projectNameOf, shortenAddress } from "@orm/protocol/format";
import { PROPOSAL_STATUS_LABELS, type ProjectListItem, type Proposal, type Trade } from "@/lib/indexer.ts";

import { ExplorerLink } from "@/components/layout/ExplorerLink.tsx";
import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";

import type { ProjectFacts } from "./loadProject.server.ts";

export function BackingMeter({ facts }: { facts: ProjectFacts }) {
  const { nativeSymbol } = getRuntimeConfig();
  const curve = { basePrice: facts.basePrice, slope: facts.slope, supply: facts.totalSupply, reserve: facts.reserve };
  const share = backingShareOf(curve);
  const width = Math.max(0, Math.min(1, share)) * 100;
  return (
    <section aria-labelledby="backing-title" className="card lazy-render" data-testid="backing-ratio" data-ratio={share.toFixed(6)}>
      <h2 id="backing-title" className="font-semibold">
        Reserve coverage
      </h2>
      <div
        className="mt-3 h-3 overflow-hidden rounded-full bg-canvas ring-1 ring-line"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(width * 10) / 10}
        aria-label="Share of a full sell-out at curve prices the reserve pays"
      >
        <div className={`h-full ${share >= 0.999 ? "bg-brand" : share >= 0.5 ? "bg-amber-500" : "bg-red-600"}`} style={{ width: `${width}%` }} />
      </div>
      <p className="mt-2 text-sm" data-testid="backing-ratio-text">
        {describeBacking(curve, facts.minerPoolMinted)}.
      </p>
      <p className="mt-1 text-xs text-muted">
        Reserve {formatEth(facts.reserve, { symbol: nativeSymbol })}. Minted rewards are not paid for, so every trade runs at the curve scaled by this share:
        holders can always sell, and a full sell-out pays out the whole reserve.
      </p>
    </section>
  );
}

type FeedEntry =
  | { kind: "trade"; time: bigint; order: string; trade: Trade }
  | { kind: "proposal"; time: bigint; order: string; proposal: Proposal; settled: boolean };

/** Trades and proposal milestones merged, newest first (at most `limit`). */
function feedOf(trades: Trade[], proposals: Proposal[], limit: number): FeedEntry[] {
  const entries: FeedEntry[] = trades.map((trade) => ({ kind: "trade", time: BigInt(trade.timestamp), order: trade.id, trade }));
  const oldestTrade = trades.length ? BigInt(trades.at(-1)!.timestamp) : 0n;
  for (const proposal of proposals) {
    const submitted = BigInt(proposal.submittedAt);
    // Only milestones inside the trades' window, so the feed has no gaps when it is cut.
    if (submitted >= oldestTrade) entries.push({ kind: "proposal", time: submitted, order: `p${proposal.id}s`, proposal, settled: false });
    if (proposal.settledAt !== null && BigInt(proposal.settledAt) >= oldestTrade) {
      entries.push({ kind: "proposal", time: BigInt(proposal.settledAt), order: `p${proposal.id}z`, proposal, settled: true });
    }
  }
  return entries.sort((a, b) => (a.time === b.time ? (a.order < b.order ? 1 : -1) : a.time > b.time ? -1 : 1)).slice(0, limit);
}

export function ActivityFeed({ trades, proposals, symbol, now }: { trades: Trade[]; proposals: Proposal[]; symbol: string; now: number }) {
  const entries = feedOf(trades, proposals, 40);
  const { nativeSymbol, targetChainIds } = getRuntimeConfig();
  return (
    <section aria-labelledby="activity-title" className="card lazy-render">
      <h2 id="activity-title" className="text-lg font-semibold">
        Activity
      </h2>
      {entries.length === 0 ? (
        <p className="mt-2 text-sm text-muted" data-testid="activity-feed">
          No trades yet.
        </p>
      ) : (
        <ArrivalList className="mt-2 divide-y divide-line" data-testid="activity-feed">
          {entries.map((entry) =>
            entry.kind === "trade" ? (
              <li
                key={entry.order}
                data-testid="activity-item"
                data-trade-id={entry.trade.id}
                data-side={entry.trade.isBuy ? "buy" : "sell"}
                className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2 text-sm"
              >
                <span className="min-w-0">
                  <span className="num" title={entry.trade.trader}>
                    {shortenAddress(entry.trade.trader)}
                  </span>{" "}
                  <span className={entry.trade.isBuy ? "font-medium text-emerald-700" : "font-medium text-red-700"}>
                    {entry.trade.isBuy ? "bought" : "sold"}
                  </span>{" "}
                  <span className="num">{formatTokenAmount(BigInt(entry.trade.amount), symbol)}</span>{" "}
                  <span className="text-muted">for</span> <span className="num">{formatEth(BigInt(entry.trade.value), { maxDecimals: 6, symbol: nativeSymbol })}</span>
                </span>
                <span className="text-xs text-muted" title={formatTimestamp(entry.time)}>
                  <ExplorerLink chainId={targetChainIds[0]} kind="tx" id={entry.trade.transactionHash}>
                    {formatRelativeTime(entry.time, now)}
                  </ExplorerLink>
                </span>
              </li>
            ) : (
              <li key={entry.order} data-testid="activity-event" className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2 text-sm">
                <span className="min-w-0 text-muted">
                  {entry.settled ? (
                    <>
                      <Link href={`/proposals/${entry.proposal.id}`} className="text-brand hover:underline">
                        Proposal #{entry.proposal.id}
                      </Link>{" "}
                      {PROPOSAL_STATUS_LABELS[entry.proposal.status].toLowerCase()}
                    </>
                  ) : (
                    <>
                      <span className="num" title={entry.proposal.miner}>
                        {shortenAddress(entry.proposal.miner)}
                      </span>{" "}
                      submitted{" "}
                      <Link href={`/proposals/${entry.proposal.id}`} className="text-brand hover:underline">
                        proposal #{entry.proposal.id}
                      </Link>{" "}
                      staking {formatTokenAmount(BigInt(entry.proposal.stake), symbol)}
                    </>
                  )}
                </span>
                <span className="text-xs text-muted" title={formatTimestamp(entry.time)}>
                  {formatRelativeTime(entry.time, now)}
                </span>
              </li>
            ),
          )}
        </ArrivalList>
      )}
    </section>
  );
}

export function ResearchGraph({ facts, parentName, forks }: { facts: ProjectFacts; parentName: string | undefined; forks: ProjectListItem[] }) {
  return (
    <section aria-labelledby="graph-title" className="card lazy-render" data-testid="research-graph">
      <h2 id="graph-title" className="text-lg font-semibold">
        Parent and forks
      </h2>
      <p className="mt-2 text-sm">
        {facts.parentProjectId !== null ? (
          <>
            Forked from{" "}
            <Link href={`/projects/${facts.parentProjectId}`} className="text-brand hover:underline" data-testid="graph-parent">
              {parentName ?? `project #${facts.parentProjectId}`}
            </Link>
            .
          </>
        ) : (
          <span className="text-muted">An original project (no parent).</span>
        )}
      </p>
      {forks.length === 0 ? (
        <p className="mt-1 text-sm text-muted">No fork yet.</p>
      ) : (
        <ul className="mt-2 space-y-1 text-sm" data-testid="forks">
          {forks.map((fork) => (
            <li key={fork.id}>
              <Link href={`/projects/${fork.id}`} className="text-brand hover:underline" data-testid={`fork-${fork.id}`}>
                {projectNameOf(fork)}
              </Link>{" "}
              <span className="num text-muted">{fork.symbol}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
