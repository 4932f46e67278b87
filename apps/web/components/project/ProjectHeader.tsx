/**
 * The project page's header (server-rendered): name, symbol, token and creator, the parent it forks,
 * the market numbers (price, market cap, holders, supply, 24 h volume) and where the supply sits on
 * the curve (against what can still be bought).
 */
import Link from "@/components/layout/Link.tsx";
import { formatEth, formatTokenAmount, shortenAddress } from "@orm/protocol/format";

import type { ProjectFacts } from "./loadProject.server.ts";

/** Supply limits are huge (2^48 - 1): "281T" reads better than fifteen digits. */
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2 });

function Stat({ label, testId, children }: { label: string; testId: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="num mt-0.5 text-base font-semibold break-words sm:text-lg" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

export function ProjectHeader({ facts, parentName, domain }: { facts: ProjectFacts; parentName: string | undefined; domain: string | undefined }) {
  const limit = facts.maxBuyable === undefined ? undefined : facts.totalSupply + facts.maxBuyable;
  const position = limit && limit > 0n ? Number((facts.totalSupply * 1_000_000n) / limit) / 10_000 : undefined;
  return (
    <header className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 text-sm text-muted">
            <span>Project #{facts.id}</span>
            {domain ? <span className="badge bg-brand-soft text-brand-strong">{domain}</span> : null}
            {facts.parentProjectId !== null ? (
              <Link href={`/projects/${facts.parentProjectId}`} className="text-brand hover:underline" data-testid="parent-link">
                Fork of {parentName ?? `project #${facts.parentProjectId}`}
              </Link>
            ) : null}
          </p>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight text-balance sm:text-3xl">
            {facts.name} <span className="num text-lg font-medium text-muted sm:text-xl">{facts.symbol}</span>
          </h1>
          <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-muted">
            <span>
              Token{" "}
              <span className="num text-ink" title={facts.token} data-testid="project-token">
                {shortenAddress(facts.token, 6)}
              </span>
            </span>
            <span>
              Creator{" "}
              <span className="num text-ink" title={facts.creator}>
                {shortenAddress(facts.creator)}
              </span>
            </span>
          </p>
        </div>
        <Link href={`/projects/${facts.id}/propose`} className="btn btn-primary">
          Propose an improvement
        </Link>
      </div>
      <dl className="card grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
        <Stat label="Price" testId="project-price">
          {formatEth(facts.spotPrice, { maxDecimals: 6 })}
        </Stat>
        <Stat label="Market cap" testId="project-market-cap">
          {formatEth(facts.marketCap)}
        </Stat>
        <Stat label="Holders" testId="project-holders">
          {facts.holderCount === undefined ? "—" : formatTokenAmount(BigInt(facts.holderCount))}
        </Stat>
        <Stat label="Supply" testId="project-supply">
          {formatTokenAmount(facts.totalSupply)}
        </Stat>
        <Stat label="24 h volume" testId="project-volume">
          {facts.volume24h === undefined ? "—" : formatEth(facts.volume24h)}
        </Stat>
        <div className="col-span-2 sm:col-span-3 lg:col-span-5" data-testid="curve-position-text">
          <dt className="sr-only">Curve position</dt>
          <dd className="text-sm text-muted">
            {limit === undefined ? (
              <>Curve position: {formatTokenAmount(facts.totalSupply)} tokens in circulation.</>
            ) : (
              <>
                Curve position: {formatTokenAmount(facts.totalSupply)} tokens of a {compact.format(limit)}-token limit (
                {position !== undefined && position < 0.01 ? "<0.01" : position?.toLocaleString("en-US", { maximumFractionDigits: 2 })}%);{" "}
                {compact.format(facts.maxBuyable!)} more can be bought, {formatTokenAmount(facts.minerPoolCap - facts.minerPoolMinted)} stay reserved for
                miners&apos; rewards.
              </>
            )}
          </dd>
        </div>
      </dl>
    </header>
  );
}
