/**
 * Everything the project page shows, read on the server in parallel: the project (indexer), its
 * trades, proposals, candles for each chart range, forks and parent, its protocol artifact (local,
 * root-verified), and `maxBuyable` from the chain (the indexer does not carry it). The indexer is
 * read once (`/projects/:id/overview`: the project, its lists and its candles) rather than once per
 * list: Ponder answers one request at a time and each costs more than its queries (the page's
 * first byte on the local stack: 55-65 ms with seven reads, 40-55 with one). When the indexer
 * cannot be reached, or has not indexed the project yet, the header and market numbers come from
 * the chain and the rest is left empty. `resolveProject` answers first whether the id names a
 * project at all (the page then answers 404 before it streams anything).
 */
import { readProtocol } from "@/lib/artifacts.server.ts";
import { readMaxBuyable, readProjectFromChain, type ChainProject } from "@/lib/chainReads.server.ts";
import { candlesByRange, candlesNeeded, type ChartRangeKey } from "@/lib/discovery.ts";
import {
  createIndexerClient,
  IndexerError,
  type BestScoreStep,
  type Candle,
  type ProjectListItem,
  type ProjectOverview,
  type Proposal,
  type Trade,
} from "@/lib/indexer.ts";
import type { ParsedProtocol } from "@orm/protocol/document";
import { projectNameOf } from "@orm/protocol/format";
import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";

/** A busy indexer gets this long before the page falls back to the chain (ms). */
const INDEXER_TIMEOUT_MS = 10_000;

/** The largest id the page asks anyone about (ids are uint256; anything longer is not a project). */
const PROJECT_ID = /^(0|[1-9]\d{0,29})$/;
const TRADES_SHOWN = 30;
const PROPOSALS_READ = 200;
const FORKS_SHOWN = 50;

/** The project's numbers, whichever source they came from (bigints; hashes as hex). */
export type ProjectFacts = {
  id: string;
  /** The project's name (`projectNameOf`: its protocol's title, else the token's name). */
  name: string;
  /** The token's name and symbol, shown beside the project's name. */
  tokenName: string;
  symbol: string;
  token: `0x${string}`;
  creator: `0x${string}`;
  protocolHash: `0x${string}`;
  repoSnapshotHash: `0x${string}` | null;
  benchmarkHash: `0x${string}` | null;
  baselineMetricsHash: `0x${string}` | null;
  parentProjectId: string | null;
  spotPrice: bigint;
  marketCap: bigint;
  totalSupply: bigint;
  reserve: bigint;
  basePrice: bigint;
  slope: bigint;
  maxBuyable: bigint | undefined;
  minerPoolCap: bigint;
  minerPoolMinted: bigint;
  holderCount: number | undefined;
  volume24h: bigint | undefined;
  baselineScore: bigint;
  bestScore: bigint;
  metricScale: bigint;
  lowerIsBetter: boolean;
  minImprovement: bigint;
  bestMiner: `0x${string}` | null;
  bestCodeHash: `0x${string}` | null;
  createdAt: bigint;
};

export type ChartSeries = Record<ChartRangeKey, Candle[]>;

export type ProjectPageData = {
  kind: "found";
  source: "indexer" | "chain";
  /** Why the page fell back to the chain (shown in the notice). */
  notice: string | undefined;
  facts: ProjectFacts;
  protocol: ParsedProtocol;
  bestHistory: BestScoreStep[];
  trades: Trade[];
  proposals: Proposal[];
  candles: ChartSeries;
  forks: ProjectListItem[];
  parentName: string | undefined;
  now: number;
};

const EMPTY_CANDLES: ChartSeries = { "1h": [], "1d": [], "1w": [], all: [] };

/** Ignores a failed read: the section it feeds shows its empty state instead. */
async function orEmpty<value>(read: Promise<value>, empty: value): Promise<value> {
  try {
    return await read;
  } catch {
    return empty;
  }
}

/** The API's most candles per read (the "all" range reads that many of the newest days). */
const CANDLES_MAX = 2000;

/** What the page reads in its one indexer read besides the project itself. */
const OVERVIEW_QUERY = {
  trades: TRADES_SHOWN,
  proposals: PROPOSALS_READ,
  forks: FORKS_SHOWN,
  candles1m: candlesNeeded("1m") ?? CANDLES_MAX,
  candles1h: candlesNeeded("1h") ?? CANDLES_MAX,
  candles1d: candlesNeeded("1d") ?? CANDLES_MAX,
};

/** Whether the id names a project, and where its row comes from (answered before the page streams). */
export type ProjectResolution =
  | { kind: "missing" }
  | { kind: "unreachable"; error: string }
  | { kind: "indexed"; overview: ProjectOverview }
  | { kind: "chain"; project: ChainProject; notIndexedYet: boolean };

/**
 * Finds the project behind `idText` (the one indexer read, which brings its lists too, or the chain
 * when the indexer does not know it or is down). The page answers 404 with it before anything streams.
 */
export async function resolveProject(idText: string): Promise<ProjectResolution> {
  if (!PROJECT_ID.test(idText)) return { kind: "missing" };
  const indexer = createIndexerClient(getRuntimeConfig().indexerUrl, { timeoutMs: INDEXER_TIMEOUT_MS });
  try {
    return { kind: "indexed", overview: await indexer.projectOverview(idText, OVERVIEW_QUERY) };
  } catch (error) {
    if (error instanceof IndexerError && error.status === 400) return { kind: "missing" };
    const chain = await readProjectFromChain(BigInt(idText));
    if (chain.status === "missing") return { kind: "missing" };
    if (chain.status === "unreachable") {
      return { kind: "unreachable", error: "Neither the indexer nor the chain could be reached. Try again in a moment." };
    }
    return { kind: "chain", project: chain.project, notIndexedYet: error instanceof IndexerError && error.status === 404 };
  }
}

/** Everything else the page shows, for a project `resolveProject` found. */
export async function loadProject(found: Extract<ProjectResolution, { kind: "indexed" | "chain" }>): Promise<ProjectPageData> {
  const indexer = createIndexerClient(getRuntimeConfig().indexerUrl, { timeoutMs: INDEXER_TIMEOUT_MS });
  const now = Math.floor(Date.now() / 1000);

  if (found.kind === "indexed") {
    const { project: detail, trades, proposals, forks, candles } = found.overview;
    // The chain's clock can run ahead of the wall clock on a local node: chart ranges end at the later.
    const chartNow = Math.max(now, Number(detail.lastActivityAt));
    const [protocol, maxBuyable, parent] = await Promise.all([
      readProtocol(detail.protocolHash),
      readMaxBuyable(detail.token),
      detail.parentProjectId === null ? Promise.resolve(undefined) : orEmpty(indexer.project(detail.parentProjectId), undefined),
    ]);
    return {
      kind: "found",
      source: "indexer",
      notice: undefined,
      facts: {
        id: detail.id,
        name: projectNameOf({ title: detail.title ?? (protocol.ok ? protocol.protocol.title : null), name: detail.name }),
        tokenName: detail.name,
        symbol: detail.symbol,
        token: detail.token,
        creator: detail.creator,
        protocolHash: detail.protocolHash,
        repoSnapshotHash: detail.repoSnapshotHash,
        benchmarkHash: detail.benchmarkHash,
        baselineMetricsHash: detail.baselineMetricsHash,
        parentProjectId: detail.parentProjectId,
        spotPrice: BigInt(detail.spotPrice),
        marketCap: BigInt(detail.marketCap),
        totalSupply: BigInt(detail.totalSupply),
        reserve: BigInt(detail.reserve),
        basePrice: BigInt(detail.basePrice),
        slope: BigInt(detail.slope),
        maxBuyable,
        minerPoolCap: BigInt(detail.minerPoolCap),
        minerPoolMinted: BigInt(detail.minerPoolMinted),
        holderCount: detail.holderCount,
        volume24h: BigInt(detail.volume24h),
        baselineScore: BigInt(detail.baselineScore),
        bestScore: BigInt(detail.bestScore),
        metricScale: BigInt(detail.metricScale),
        lowerIsBetter: detail.lowerIsBetter,
        minImprovement: BigInt(detail.minImprovement),
        bestMiner: detail.bestMiner,
        bestCodeHash: detail.bestCodeHash,
        createdAt: BigInt(detail.createdAt),
      },
      protocol,
      bestHistory: detail.bestHistory,
      trades,
      proposals,
      candles: candlesByRange(candles, chartNow),
      forks,
      parentName: parent ? projectNameOf(parent) : undefined,
      now: chartNow,
    };
  }

  // The indexer does not know the project (yet), or is down: the chain's numbers alone.
  const { project, notIndexedYet } = found;
  const id = project.id.toString();
  const zeroToNull = (hash: `0x${string}`) => (/^0x0*$/.test(hash) ? null : hash);
  const protocol = await readProtocol(project.protocolHash);
  return {
    kind: "found",
    source: "chain",
    notice: notIndexedYet
      ? "The indexer has not caught up with this project yet: the numbers below are read from the chain; charts, proposals and activity appear once it has."
      : "The indexer cannot be reached: the numbers below are read from the chain; charts, proposals and activity come back with it.",
    facts: {
      id,
      name: projectNameOf({ title: protocol.ok ? protocol.protocol.title : null, name: project.name }),
      tokenName: project.name,
      symbol: project.symbol,
      token: project.token,
      creator: project.creator,
      protocolHash: project.protocolHash,
      repoSnapshotHash: zeroToNull(project.repoSnapshotHash),
      benchmarkHash: zeroToNull(project.benchmarkHash),
      baselineMetricsHash: zeroToNull(project.baselineMetricsHash),
      parentProjectId: project.parentProjectId?.toString() ?? null,
      spotPrice: project.spotPrice,
      marketCap: project.marketCap,
      totalSupply: project.totalSupply,
      reserve: project.reserve,
      basePrice: project.basePrice,
      slope: project.slope,
      maxBuyable: project.maxBuyable,
      minerPoolCap: project.minerPoolCap,
      minerPoolMinted: project.minerPoolMinted,
      holderCount: undefined,
      volume24h: undefined,
      baselineScore: project.baselineScore,
      bestScore: project.bestScore,
      metricScale: project.metricScale,
      lowerIsBetter: project.lowerIsBetter,
      minImprovement: project.minImprovement,
      bestMiner: /^0x0{40}$/.test(project.bestMiner) ? null : project.bestMiner,
      bestCodeHash: zeroToNull(project.bestCodeHash),
      createdAt: project.createdAt,
    },
    protocol,
    bestHistory: [],
    trades: [],
    proposals: [],
    candles: EMPTY_CANDLES,
    forks: [],
    parentName: undefined,
    now,
  };
}

