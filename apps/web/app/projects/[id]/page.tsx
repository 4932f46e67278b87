import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { LiveUpdates } from "@/components/live/LiveUpdates.tsx";
import BondingCurve from "@/components/project/BondingCurve.tsx";
import { loadProject, resolveProject, type ProjectResolution } from "@/components/project/loadProject.server.ts";
import { ActivityFeed, BackingMeter, ResearchGraph } from "@/components/project/MarketSections.tsx";
import PriceChart, { type PricePoint } from "@/components/project/PriceChart.tsx";
import { LeaderboardSection, ProposalsSection, ScoresSection } from "@/components/project/ProgressSections.tsx";
import { ProjectHeader } from "@/components/project/ProjectHeader.tsx";
import { ProtocolSection } from "@/components/project/ProtocolSection.tsx";
import { TradePanel } from "@/components/trade/index.tsx";
import { CHART_RANGES, type ChartRangeKey } from "@/lib/discovery.ts";
import { formatScore } from "@orm/protocol/format";
import { renderedBlockOf } from "@/lib/live/renderedBlock.server.ts";
import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";

type Params = { params: Promise<{ id: string }> };

const WEI_PER_ETHER = 1e18;

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  return { title: /^\d{1,30}$/.test(id) ? `Project #${id}` : "Project not found" };
}

/**
 * A project: header and market numbers, the trade panel (an island) beside the price chart, the
 * bonding curve and the reserve coverage, the protocol, baseline against best and its history, the
 * miners, the proposals, the activity and the research graph. Server-rendered from the indexer (the
 * trade panel calls `router.refresh()` after a trade, which re-renders all of it); with the indexer
 * down, the header comes from the chain. It follows the chain by itself: `LiveUpdates` refreshes it
 * when the indexer has a new block (other people's trades, a project the indexer just caught up
 * with), and the page cache answers the refresh with the page rendered once for that block.
 *
 * Whether the id names a project is settled before anything streams, so an unknown id answers a real
 * 404 (no `loading.tsx` above this page for that reason: a streamed shell is always a 200). The body
 * is not streamed behind a skeleton either: its reads take tens of milliseconds, while a streamed
 * reveal waits for React's script (and its batching of reveals) and would hold the page's largest
 * paint back until after hydration.
 */
export default async function ProjectPage({ params }: Params) {
  const { id } = await params;
  const found = await resolveProject(id);
  if (found.kind === "missing") notFound();
  const live = <LiveUpdates renderedBlock={await renderedBlockOf()} />;
  if (found.kind === "unreachable") {
    return (
      <div className="mx-auto max-w-3xl px-4 py-12 sm:px-6">
        {live}
        <div role="alert" className="card" data-testid="indexer-down">
          <h1 className="text-xl font-semibold">Project #{id}</h1>
          <p className="mt-2">{found.error}</p>
        </div>
      </div>
    );
  }
  return (
    <>
      {live}
      <ProjectBody found={found} />
    </>
  );
}

async function ProjectBody({ found }: { found: Extract<ProjectResolution, { kind: "indexed" | "chain" }> }) {
  const data = await loadProject(found);
  const { facts, protocol } = data;
  const { nativeSymbol } = getRuntimeConfig();
  const unit = protocol.ok ? protocol.protocol.benchmarkPlan.unit : undefined;
  const domain = protocol.ok ? protocol.protocol.domain : undefined;
  const series = Object.fromEntries(
    CHART_RANGES.map((range) => [
      range.key,
      data.candles[range.key].map((candle): PricePoint => ({ time: Number(candle.start), value: Number(BigInt(candle.close)) / WEI_PER_ETHER })),
    ]),
  ) as Record<ChartRangeKey, PricePoint[]>;
  const markers = data.bestHistory.map((step) => ({
    time: Number(step.timestamp),
    label: `${formatScore(BigInt(step.score), facts.metricScale, { maxDecimals: 4 })}${unit ? ` ${unit}` : ""}`,
  }));

  return (
    <div className="mx-auto max-w-6xl space-y-6 px-4 py-6 sm:px-6 sm:py-8">
      {data.notice ? (
        <p role="status" data-testid="indexer-down" className="rounded-lg bg-warn-soft px-4 py-3 text-sm text-warn">
          {data.notice}
        </p>
      ) : null}
      <ProjectHeader facts={facts} parentName={data.parentName} domain={domain} />

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <aside className="space-y-6 lg:col-start-2 lg:row-start-1" aria-label="Trade">
          <TradePanel projectId={facts.id} token={facts.token} symbol={facts.symbol} />
          <BackingMeter facts={facts} />
          <section aria-labelledby="curve-title" className="card lazy-render">
            <h2 id="curve-title" className="font-semibold">
              Bonding curve
            </h2>
            <div className="mt-3">
              <BondingCurve
                nativeSymbol={nativeSymbol}
                projectId={facts.id}
                symbol={facts.symbol}
                basePrice={facts.basePrice.toString()}
                slope={facts.slope.toString()}
                supply={facts.totalSupply.toString()}
                reserve={facts.reserve.toString()}
                maxBuyable={facts.maxBuyable?.toString()}
              />
            </div>
          </section>
        </aside>

        <div className="min-w-0 space-y-6 lg:col-start-1 lg:row-start-1">
          <section aria-labelledby="chart-title" className="card lazy-render">
            <h2 id="chart-title" className="mb-3 text-lg font-semibold">
              Price
            </h2>
            {data.source === "indexer" ? (
              <PriceChart nativeSymbol={nativeSymbol} series={series} current={{ time: data.now, value: Number(facts.spotPrice) / WEI_PER_ETHER }} markers={markers} />
            ) : (
              <p className="text-sm text-muted">The price history comes back with the indexer.</p>
            )}
          </section>
          <ScoresSection facts={facts} unit={unit} history={data.bestHistory} now={data.now} />
          <ProtocolSection parsed={protocol} facts={facts} />
          {data.source === "indexer" ? (
            <>
              <LeaderboardSection proposals={data.proposals} unit={unit} metricScale={facts.metricScale} lowerIsBetter={facts.lowerIsBetter} symbol={facts.symbol} />
              <ProposalsSection proposals={data.proposals} unit={unit} metricScale={facts.metricScale} now={data.now} />
              <ActivityFeed trades={data.trades} proposals={data.proposals} symbol={facts.symbol} now={data.now} />
              <ResearchGraph facts={facts} parentName={data.parentName} forks={data.forks} />
            </>
          ) : null}
        </div>
      </div>
    </div>
  );
}
