/**
 * The discovery board's data, read on the server: one page of projects from the indexer (which
 * carries each row's 24 h volume and its price 24 hours ago), and each row's protocol unit and
 * domain from its root-verified protocol artifact (read once per root). When the indexer cannot be
 * reached, the first projects are read from the chain instead, and the board says so.
 */
import { readProtocol } from "@/lib/artifacts.server.ts";
import { CHAIN_LIST_LIMIT, readProjectsFromChain, type ChainProjectSummary } from "@/lib/chainReads.server.ts";
import { describeScoreChange, priceChangeOf, type DiscoveryQuery, type ScoreChange } from "@/lib/discovery.ts";
import { createIndexerClient, IndexerError, type ProjectListItem } from "@/lib/indexer.ts";
import { improvementRatioOf, improvementOf } from "@orm/protocol/curve";
import type { ParsedProtocol } from "@orm/protocol/document";
import { projectNameOf } from "@orm/protocol/format";
import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";

/** A busy indexer gets this long before the page falls back to the chain (ms). */
const INDEXER_TIMEOUT_MS = 10_000;

export type BoardRow = {
  id: string;
  /** The project's name (`projectNameOf`: its protocol's title). */
  name: string;
  /** The token's name, shown beside it with the symbol. */
  tokenName: string;
  symbol: string;
  domain: string | undefined;
  parentProjectId: string | null;
  spotPrice: bigint;
  marketCap: bigint;
  /** Undefined when unknown (no trade before the window, or read from the chain). */
  change24h: number | undefined;
  volume24h: bigint | undefined;
  score: ScoreChange;
  openProposals: number | undefined;
  lastActivityAt: bigint | undefined;
};

export type Board =
  | { source: "indexer"; rows: BoardRow[]; nextCursor: string | null }
  | { source: "chain"; rows: BoardRow[]; total: bigint; limit: number }
  | { source: "none"; error: string }
  | { source: "invalid"; error: string };

type ProtocolFacts = { title: string | undefined; unit: string | undefined; domain: string | undefined };

function factsOf(parsed: ParsedProtocol | undefined): ProtocolFacts {
  if (!parsed?.ok) return { title: undefined, unit: undefined, domain: undefined };
  return { title: parsed.protocol.title, unit: parsed.protocol.benchmarkPlan.unit, domain: parsed.protocol.domain };
}

/** A row's title, unit and domain from its protocol (read once per root: see `readProtocol`). */
async function protocolFactsAt(root: string): Promise<ProtocolFacts> {
  return factsOf(await readProtocol(root).catch(() => undefined));
}

async function rowOfIndexed(item: ProjectListItem): Promise<BoardRow> {
  const facts = await protocolFactsAt(item.protocolHash);
  const spotPrice = BigInt(item.spotPrice);
  return {
    id: item.id,
    name: projectNameOf({ title: item.title ?? facts.title, name: item.name }),
    tokenName: item.name,
    symbol: item.symbol,
    domain: item.domain ?? facts.domain ?? undefined,
    parentProjectId: item.parentProjectId,
    spotPrice,
    marketCap: BigInt(item.marketCap),
    change24h: priceChangeOf(spotPrice, item.price24hAgo === null ? undefined : BigInt(item.price24hAgo)),
    volume24h: BigInt(item.volume24h),
    score: describeScoreChange({
      baseline: BigInt(item.baselineScore),
      best: BigInt(item.bestScore),
      metricScale: BigInt(item.metricScale),
      lowerIsBetter: item.lowerIsBetter,
      unit: facts.unit,
    }),
    openProposals: item.openProposals,
    lastActivityAt: BigInt(item.lastActivityAt),
  };
}

async function rowOfChain(project: ChainProjectSummary): Promise<BoardRow> {
  const facts = await protocolFactsAt(project.protocolHash);
  return {
    id: project.id.toString(),
    name: projectNameOf({ title: facts.title, name: project.name }),
    tokenName: project.name,
    symbol: project.symbol,
    domain: facts.domain,
    parentProjectId: project.parentProjectId?.toString() ?? null,
    spotPrice: project.spotPrice,
    marketCap: project.marketCap,
    change24h: undefined,
    volume24h: undefined,
    score: describeScoreChange({
      baseline: project.baselineScore,
      best: project.bestScore,
      metricScale: project.metricScale,
      lowerIsBetter: project.lowerIsBetter,
      unit: facts.unit,
    }),
    openProposals: undefined,
    lastActivityAt: undefined,
  };
}

/** The chain's projects filtered and sorted as the board asks, as far as the chain alone allows. */
function arrangeChainProjects(projects: ChainProjectSummary[], query: DiscoveryQuery): ChainProjectSummary[] {
  const words = query.q.toLowerCase();
  const kept = projects.filter(
    (project) =>
      (!words || project.name.toLowerCase().includes(words) || project.symbol.toLowerCase().includes(words)) &&
      (query.parent === undefined || project.parentProjectId?.toString() === query.parent),
  );
  const ratio = (project: ChainProjectSummary) =>
    improvementRatioOf(improvementOf(project.baselineScore, project.bestScore, project.lowerIsBetter), project.baselineScore, project.metricScale);
  const byId = (a: ChainProjectSummary, b: ChainProjectSummary) => (a.id === b.id ? 0 : a.id > b.id ? -1 : 1);
  return kept.sort((a, b) => {
    if (query.sort === "marketCap" && a.marketCap !== b.marketCap) return a.marketCap > b.marketCap ? -1 : 1;
    if (query.sort === "improvement" && ratio(a) !== ratio(b)) return ratio(b) - ratio(a);
    return byId(a, b); // newest first; trending and activity need the indexer's history
  });
}

export async function loadBoard(query: DiscoveryQuery): Promise<Board> {
  const indexer = createIndexerClient(getRuntimeConfig().indexerUrl, { timeoutMs: INDEXER_TIMEOUT_MS });
  try {
    const page = await indexer.projects({
      q: query.q || undefined,
      sort: query.sort,
      limit: query.limit,
      cursor: query.cursor,
      parent: query.parent,
      hasOpenProposals: query.open ? true : undefined,
    });
    const rows = await Promise.all(page.items.map(rowOfIndexed));
    return { source: "indexer", rows, nextCursor: page.nextCursor };
  } catch (error) {
    if (error instanceof IndexerError && error.status === 400) return { source: "invalid", error: error.message };
  }
  const fromChain = await readProjectsFromChain(CHAIN_LIST_LIMIT);
  if (!fromChain) return { source: "none", error: "Neither the indexer nor the chain could be reached. Try again in a moment." };
  const arranged = query.open ? [] : arrangeChainProjects(fromChain.projects, query);
  const rows = await Promise.all(arranged.map(rowOfChain));
  return { source: "chain", rows, total: fromChain.total, limit: CHAIN_LIST_LIMIT };
}
