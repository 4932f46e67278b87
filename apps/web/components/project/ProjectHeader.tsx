/**
 * The project page's header (server-rendered): its name (the protocol's title) with the token's symbol and name, token and creator, the parent it forks,
 * the market numbers (price, market cap, holders, supply, 24 h volume) and what the miner pool has
 * minted of its cap (`describeSupplyNote`).
 */
import Link from "@/components/layout/Link.tsx";
import { ExplorerLink } from "@/components/layout/ExplorerLink.tsx";
import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";
import { describeSupplyNote } from "@/lib/discovery.ts";
import { formatEth, formatTokenAmount, shortenAddress } from "@orm/protocol/format";

import type { ProjectFacts } from "./loadProject.server.ts";

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
  const { nativeSymbol, targetChainIds } = getRuntimeConfig();
  const native = (wei: bigint, maxDecimals?: number) => formatEth(wei, { symbol: nativeSymbol, maxDecimals });
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
          <h1 className="mt-1 text-2xl font-semibold tracking-tight text-balance sm:text-3xl">{facts.name}</h1>
          <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-muted">
            <span data-testid="project-token-name">
              <span className="badge num bg-canvas text-ink ring-1 ring-line">{facts.symbol}</span> {facts.tokenName}
            </span>
            <span>
              Token{" "}
              <ExplorerLink chainId={targetChainIds[0]} kind="token" id={facts.token}>
                <span className="num text-ink" title={facts.token} data-testid="project-token">
                  {shortenAddress(facts.token, 6)}
                </span>
              </ExplorerLink>
            </span>
            <span>
              Creator{" "}
              <ExplorerLink chainId={targetChainIds[0]} kind="address" id={facts.creator}>
                <span className="num text-ink" title={facts.creator}>
                  {shortenAddress(facts.creator)}
                </span>
              </ExplorerLink>
            </span>
          </p>
        </div>
        <Link href={`/projects/${facts.id}/propose`} className="btn btn-primary">
          Propose an improvement
        </Link>
      </div>
      <dl className="card grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
        <Stat label="Price" testId="project-price">
          {native(facts.spotPrice, 6)}
        </Stat>
        <Stat label="Market cap" testId="project-market-cap">
          {native(facts.marketCap)}
        </Stat>
        <Stat label="Holders" testId="project-holders">
          {facts.holderCount === undefined ? "—" : formatTokenAmount(BigInt(facts.holderCount))}
        </Stat>
        <Stat label="Supply" testId="project-supply">
          {formatTokenAmount(facts.totalSupply)}
        </Stat>
        <Stat label="24 h volume" testId="project-volume">
          {facts.volume24h === undefined ? "—" : native(facts.volume24h)}
        </Stat>
        <div className="col-span-2 sm:col-span-3 lg:col-span-5">
          <dt className="sr-only">Miner pool</dt>
          <dd className="text-sm text-muted" data-testid="supply-note">
            {describeSupplyNote(facts)}
          </dd>
        </div>
      </dl>
    </header>
  );
}
