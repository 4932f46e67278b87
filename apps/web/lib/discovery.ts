/**
 * Pure helpers behind the discovery board (`/`) and the project page: the board's URL state (search,
 * sort, filters, cursor pagination — all GET parameters so the board works without JavaScript),
 * scores shown in the metric's own unit and direction, the 24-hour price change, the miners'
 * leaderboard, proposals grouped by state, the price chart's ranges and time labels, the supply and
 * backing-ratio sentences.
 * No React, no I/O: safe on the server, in the browser and under node:test.
 */
import { backingRatioOf, priceAt } from "@orm/protocol/curve";
import { formatScore, formatTokenAmount } from "@orm/protocol/format";
import { proposalStatus } from "@orm/protocol/generated/constants";
import { CANDLE_SECONDS, type CandleInterval, type Proposal, type ProposalStatus, type ProjectSort } from "./indexer.ts";

// ------------------------------------------------------------------ the board's URL state

/** The board's sorts, in the order the sort control lists them (values are the API's). */
export const DISCOVERY_SORTS = [
  { value: "trending", label: "Trending" },
  { value: "newest", label: "New" },
  { value: "marketCap", label: "Market cap" },
  { value: "improvement", label: "Improvement" },
  { value: "activity", label: "Recent activity" },
] as const satisfies readonly { value: ProjectSort; label: string }[];

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;
/** The longest search the indexer accepts. */
export const MAX_SEARCH_LENGTH = 100;
/** How many earlier pages "Previous" can walk back through (bounds the URL). */
const MAX_BACK = 20;
/** Stands for "the first page" in the `back` list (the indexer's cursors are far longer). */
const FIRST_PAGE = "0";

export type DiscoveryQuery = {
  q: string;
  sort: ProjectSort;
  /** Only projects with submitted or under-review proposals. */
  open: boolean;
  /** Only forks of this project id. */
  parent: string | undefined;
  limit: number;
  /** The indexer's opaque cursor of this page (none on the first page). */
  cursor: string | undefined;
  /** Cursors of the pages before this one, oldest first ("" for the first page). */
  back: string[];
};

export type SearchParams = Record<string, string | string[] | undefined>;

const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;
const ID = /^\d{1,20}$/;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the board's state from the URL; anything malformed falls back to its default (never throws). */
export function parseDiscoveryQuery(params: SearchParams): DiscoveryQuery {
  const q = (first(params.q) ?? "").trim().slice(0, MAX_SEARCH_LENGTH);
  const sortText = first(params.sort);
  const sort = DISCOVERY_SORTS.find((option) => option.value === sortText)?.value ?? "trending";
  const openText = first(params.open);
  const open = openText === "1" || openText === "true" || openText === "on";
  const parentText = first(params.parent)?.trim();
  const parent = parentText && ID.test(parentText) ? BigInt(parentText).toString() : undefined;
  const limitText = first(params.limit);
  const limitNumber = limitText && /^\d{1,6}$/.test(limitText) ? Number(limitText) : DEFAULT_PAGE_SIZE;
  const limit = Math.min(Math.max(limitNumber, 1), MAX_PAGE_SIZE);
  const cursorText = first(params.cursor);
  const cursor = cursorText && CURSOR.test(cursorText) ? cursorText : undefined;
  const backText = first(params.back) ?? "";
  const back = cursor
    ? backText
        .split(".")
        .filter((part) => part === FIRST_PAGE || CURSOR.test(part))
        .slice(-MAX_BACK)
        .map((part) => (part === FIRST_PAGE ? "" : part))
    : [];
  return { q, sort, open, parent, limit, cursor, back };
}

/** `/?…` for `query` with `changes` applied; defaults are left out so URLs stay short. */
export function discoveryHref(query: DiscoveryQuery, changes: Partial<DiscoveryQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.sort !== "trending") params.set("sort", next.sort);
  if (next.open) params.set("open", "1");
  if (next.parent !== undefined) params.set("parent", next.parent);
  if (next.limit !== DEFAULT_PAGE_SIZE) params.set("limit", String(next.limit));
  if (next.cursor) {
    params.set("cursor", next.cursor);
    if (next.back.length) params.set("back", next.back.map((part) => part || FIRST_PAGE).join("."));
  }
  const text = params.toString();
  return text ? `/?${text}` : "/";
}

/** The same search with another sort or filter: back to the first page. */
export function firstPageHref(query: DiscoveryQuery, changes: Partial<DiscoveryQuery> = {}): string {
  return discoveryHref(query, { ...changes, cursor: undefined, back: [] });
}

/** The page after this one (`nextCursor` from the indexer). */
export function nextPageHref(query: DiscoveryQuery, nextCursor: string): string {
  return discoveryHref(query, { cursor: nextCursor, back: [...query.back, query.cursor ?? ""].slice(-MAX_BACK) });
}

/** The page before this one, or `undefined` on the first page. */
export function previousPageHref(query: DiscoveryQuery): string | undefined {
  if (!query.cursor) return undefined;
  const back = [...query.back];
  const previous = back.pop();
  return discoveryHref(query, { cursor: previous || undefined, back: previous ? back : [] });
}

/** The board's page number (1 for the first), as far as the URL remembers. */
export function pageNumberOf(query: DiscoveryQuery): number {
  return query.cursor ? query.back.length + 1 : 1;
}

// ------------------------------------------------------------------ scores in the metric's unit

const MINUS = "\u2212";

export type ScoreChangeInput = {
  baseline: bigint;
  best: bigint;
  metricScale: bigint;
  lowerIsBetter: boolean;
  /** The metric's unit from the protocol's benchmark plan ("nats/token"; "" or undefined: none). */
  unit?: string | undefined;
};

export type ScoreChange = {
  baseline: string;
  best: string;
  unit: string;
  /**
   * How far the best moved from the baseline, relative to it, as a positive amount and the way it
   * moved ("5.4% lower": a lower loss), "unchanged", or undefined for a zero baseline. A signed
   * "−5.4%" read as a loss on a lower-is-better metric, so the sign is a word, as in
   * `formatImprovement`.
   */
  change: string | undefined;
  direction: "lower is better" | "higher is better";
  /** The best score is past the baseline in the project's direction. */
  improved: boolean;
  /** "3.498 → 3.31 nats, 5.4% lower, lower is better" */
  text: string;
};

/** A ratio's size as a percentage with one decimal ("5.4%", "1,234.6%"; "<0.1%" when tiny, "0%" at zero). */
function formatPercentSize(ratio: number): string {
  const percent = Math.abs(ratio) * 100;
  if (!Number.isFinite(percent) || percent === 0) return "0%";
  const rounded = percent.toFixed(1);
  if (rounded === "0.0") return "<0.1%";
  return `${Number(rounded).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`;
}

/** Formats a signed ratio as a percentage with one decimal ("+3.2%", "−5.4%", "0%"; "<0.1%" when tiny). */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio === 0) return "0%";
  return `${ratio < 0 ? MINUS : "+"}${formatPercentSize(ratio)}`;
}

/** A score with trimmed decimals (at most 4 for display on the board; the page shows full precision). */
function displayScore(score: bigint, metricScale: bigint, maxDecimals: number | undefined): string {
  return formatScore(score, metricScale, { maxDecimals }).replace(/^-/, MINUS);
}

/** Baseline → best in the metric's unit, with the relative change and which way is better. */
export function describeScoreChange(
  { baseline, best, metricScale, lowerIsBetter, unit }: ScoreChangeInput,
  { maxDecimals = 4 }: { maxDecimals?: number } = {},
): ScoreChange {
  const unitText = unit?.trim() ?? "";
  const direction = lowerIsBetter ? "lower is better" : "higher is better";
  const improved = lowerIsBetter ? best < baseline : best > baseline;
  let change: string | undefined;
  if (best === baseline) {
    change = "unchanged";
  } else if (baseline !== 0n) {
    const magnitude = baseline < 0n ? -baseline : baseline;
    // Four decimals of the ratio in integer math, then one decimal of a percent.
    const ratio = Number(((best - baseline) * 1_000_000n) / magnitude) / 1_000_000;
    change = `${formatPercentSize(ratio)} ${best < baseline ? "lower" : "higher"}`;
  }
  const baselineText = displayScore(baseline, metricScale, maxDecimals);
  const bestText = displayScore(best, metricScale, maxDecimals);
  const text = [`${baselineText} → ${bestText}${unitText ? ` ${unitText}` : ""}`, change, direction].filter(Boolean).join(", ");
  return { baseline: baselineText, best: bestText, unit: unitText, change, direction, improved, text };
}

// ------------------------------------------------------------------ 24-hour price change

export const DAY_SECONDS = 86_400;

/**
 * The reference "now" for 24-hour windows: the wall clock, or the newest activity if the chain's
 * clock ran ahead of it (a local node whose time was moved forward), as the indexer does.
 */
export function windowNow(wallSeconds: number, lastActivity: readonly (bigint | string | number)[]): number {
  let now = Math.floor(wallSeconds);
  for (const time of lastActivity) now = Math.max(now, Number(time));
  return now;
}

/**
 * The 24-hour price change: the current spot price against the close of the last hourly candle
 * that started at or before 24 hours ago (the last traded price then, to the hour). `undefined` when
 * nothing traded before the window (a project younger than a day) or the reference is zero.
 */
export function priceChangeOf(current: bigint, referenceClose: bigint | undefined): number | undefined {
  if (referenceClose === undefined || referenceClose === 0n) return undefined;
  return Number(((current - referenceClose) * 1_000_000n) / referenceClose) / 1_000_000;
}

// ------------------------------------------------------------------ the project page

/** The price chart's ranges and the candle interval each reads (the API has 1m, 1h and 1d candles). */
export const CHART_RANGES = [
  { key: "1h", label: "1 h", interval: "1m", seconds: 3_600 },
  { key: "1d", label: "1 d", interval: "1h", seconds: DAY_SECONDS },
  { key: "1w", label: "1 w", interval: "1h", seconds: 7 * DAY_SECONDS },
  { key: "all", label: "All", interval: "1d", seconds: undefined },
] as const;

export type ChartRangeKey = (typeof CHART_RANGES)[number]["key"];

/**
 * How many of an interval's newest candles the page reads so that every range on that interval is
 * covered: candles exist only for buckets that traded, so the newest `n` include every bucket of a
 * window that can hold at most `n` (its partial first bucket counted); `undefined` reads them all.
 * Reading by count rather than by time lets the read start before the project's clock is known.
 */
export function candlesNeeded(interval: CandleInterval): number | undefined {
  let needed = 0;
  for (const range of CHART_RANGES) {
    if (range.interval !== interval) continue;
    if (range.seconds === undefined) return undefined;
    needed = Math.max(needed, range.seconds / CANDLE_SECONDS[interval] + 1);
  }
  return needed;
}

/**
 * Each chart range's candles (oldest first) from the newest candles of each interval: those whose
 * bucket holds a moment of the range's last `seconds` before `now` (the bucket `now - seconds` falls
 * in included, as the API's `from` does).
 */
export function candlesByRange<candle extends { start: string }>(
  newestByInterval: Record<CandleInterval, readonly candle[]>,
  now: number,
): Record<ChartRangeKey, candle[]> {
  const series = {} as Record<ChartRangeKey, candle[]>;
  for (const range of CHART_RANGES) {
    const candles = newestByInterval[range.interval];
    if (range.seconds === undefined) {
      series[range.key] = [...candles];
      continue;
    }
    const from = now - range.seconds;
    const firstBucket = from - (from % CANDLE_SECONDS[range.interval]);
    series[range.key] = candles.filter((candle) => Number(candle.start) >= firstBucket);
  }
  return series;
}

/** The first range with at least `minimum` points, else "all" (what the chart opens on). */
export function defaultChartRange(pointsByRange: Record<ChartRangeKey, number>, minimum = 2): ChartRangeKey {
  return CHART_RANGES.find((range) => pointsByRange[range.key] >= minimum)?.key ?? "all";
}

/** lightweight-charts' `TickMarkType` values (the library loads on demand, so `lib/` does not import it). */
export const CHART_TICK = { year: 0, month: 1, dayOfMonth: 2, time: 3, timeWithSeconds: 4 } as const;

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/**
 * A label on the price chart's time axis, for a Unix time in seconds, in UTC like every other time
 * the app shows. The library's own label for the tick that starts a day is the bare day of the month
 * ("5"), which reads as a count beside "12:00"; here a day reads "5 Dec", a month "Dec", a year
 * "2026", a time "13:05" (at most 8 characters, the library's limit before labels overlap).
 */
export function formatChartTick(seconds: number, tickMarkType: number): string {
  const date = new Date(seconds * 1000);
  const two = (value: number) => String(value).padStart(2, "0");
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}`;
  switch (tickMarkType) {
    case CHART_TICK.year:
      return String(date.getUTCFullYear());
    case CHART_TICK.month:
      return MONTH_NAMES[date.getUTCMonth()]!;
    case CHART_TICK.dayOfMonth:
      return `${date.getUTCDate()} ${MONTH_NAMES[date.getUTCMonth()]}`;
    case CHART_TICK.timeWithSeconds:
      return `${time}:${two(date.getUTCSeconds())}`;
    default:
      return time;
  }
}

/** Snaps each marker time to the start of the bar that holds it (`times` ascending); drops those before the first bar. */
export function snapToBars(markerTimes: readonly number[], barTimes: readonly number[]): (number | undefined)[] {
  return markerTimes.map((time) => {
    let found: number | undefined;
    for (const bar of barTimes) {
      if (bar <= time) found = bar;
      else break;
    }
    return found;
  });
}

export type LeaderboardRow = { miner: string; accepted: number; totalImprovement: bigint; rewards: bigint };

/** Miners ranked by the improvement their approved proposals brought (then by approvals, then rewards). */
export function minerLeaderboard(proposals: readonly Proposal[]): LeaderboardRow[] {
  const rows = new Map<string, LeaderboardRow>();
  for (const proposal of proposals) {
    if (proposal.status !== 2) continue;
    const miner = proposal.miner.toLowerCase();
    const row = rows.get(miner) ?? { miner: proposal.miner, accepted: 0, totalImprovement: 0n, rewards: 0n };
    row.accepted += 1;
    row.totalImprovement += BigInt(proposal.improvement ?? "0");
    row.rewards += BigInt(proposal.reward ?? "0");
    rows.set(miner, row);
  }
  return [...rows.values()].sort((a, b) =>
    a.totalImprovement !== b.totalImprovement
      ? a.totalImprovement > b.totalImprovement
        ? -1
        : 1
      : b.accepted - a.accepted || (a.rewards === b.rewards ? 0 : a.rewards > b.rewards ? -1 : 1),
  );
}

/** The order proposal groups are shown in: what needs attention first. */
export const PROPOSAL_GROUP_ORDER: readonly ProposalStatus[] = [
  proposalStatus.Submitted,
  proposalStatus.Reviewing,
  proposalStatus.Approved,
  proposalStatus.Rejected,
  proposalStatus.Superseded,
  proposalStatus.Expired,
  proposalStatus.Displaced,
];

/** Proposals by status (newest first within each), only the non-empty groups, in `PROPOSAL_GROUP_ORDER`. */
export function groupProposals(proposals: readonly Proposal[]): { status: ProposalStatus; items: Proposal[] }[] {
  return PROPOSAL_GROUP_ORDER.map((status) => ({
    status,
    items: proposals.filter((proposal) => proposal.status === status).sort((a, b) => Number(BigInt(b.id) - BigInt(a.id))),
  })).filter((group) => group.items.length > 0);
}

export type CurveInput = { basePrice: bigint; slope: bigint; supply: bigint; reserve: bigint };

/** The backing ratio as a fraction (1 = the reserve pays a full sell-out at raw curve prices). */
export function backingShareOf({ basePrice, slope, supply, reserve }: CurveInput): number {
  return Number(backingRatioOf(basePrice, slope, supply, reserve)) / 1e18;
}

/** "Reserve covers 87.3% of the curve; 120 tokens minted as rewards" */
export function describeBacking(curve: CurveInput, minted: bigint): string {
  const share = backingShareOf(curve);
  const percent = `${(Math.floor(share * 1000) / 10).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`;
  const rewards =
    minted === 0n
      ? "no tokens minted as rewards yet"
      : `${formatTokenAmount(minted)} ${minted === 1n ? "token" : "tokens"} minted as rewards`;
  return `Reserve covers ${percent} of the curve; ${rewards}`;
}

export type SupplyNoteInput = { minerPoolMinted: bigint; minerPoolCap: bigint; maxBuyable: bigint | undefined };

/**
 * The project header's line under the supply: how much of the miner pool has been minted as rewards
 * (rewards dilute holders, so a buyer wants to know what is still to come). The curve's storage cap
 * (`BondingCurve.MAX_SUPPLY`, 2^48 − 1) limits nothing a buyer does, so it is said only once it has
 * run out; the trade panel names it when a typed amount runs into it.
 */
export function describeSupplyNote({ minerPoolMinted, minerPoolCap, maxBuyable }: SupplyNoteInput): string {
  const tokens = (amount: bigint) => `${formatTokenAmount(amount)} ${amount === 1n ? "token" : "tokens"}`;
  const left = minerPoolCap - minerPoolMinted;
  const pool =
    minerPoolCap === 0n
      ? "No miner pool: approved proposals get their stake back without a reward."
      : left <= 0n
        ? `Miner pool spent: all ${tokens(minerPoolCap)} minted as rewards, so approved proposals now get their stake back without a reward.`
        : `Miner pool: ${formatTokenAmount(minerPoolMinted)} of ${tokens(minerPoolCap)} minted as rewards; ${formatTokenAmount(left)} more can be minted for approved proposals.`;
  return maxBuyable === 0n ? `${pool} The curve has no tokens left to sell.` : pool;
}

export type CurvePoint = { supply: number; price: number };

/**
 * The curve as the contract trades it: the raw price at each supply scaled by the backing ratio,
 * sampled at up to `samples + 1` supplies from 0 to `maxSupply` plus every supply in `include` within
 * that range (prices in wei as numbers, for drawing), ascending with no supply twice — the order a
 * chart's horizontal scale requires.
 */
export function tradedCurvePoints(
  { basePrice, slope, supply, reserve }: CurveInput,
  maxSupply: bigint,
  samples = 48,
  include: readonly bigint[] = [],
): CurvePoint[] {
  const ratio = backingRatioOf(basePrice, slope, supply, reserve);
  const top = maxSupply > 0n ? maxSupply : 1n;
  const steps = BigInt(samples) < top ? BigInt(samples) : top;
  const supplies = new Set<bigint>(include.filter((at) => at >= 0n && at <= top));
  for (let index = 0n; index <= steps; index++) supplies.add((top * index) / steps);
  return [...supplies]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((at) => ({ supply: Number(at), price: Number((priceAt(basePrice, slope, at) * ratio) / 10n ** 18n) }));
}

/** The traded price at one supply (wei), on the same scale as `tradedCurvePoints`. */
export function tradedPriceAt({ basePrice, slope, supply, reserve }: CurveInput, at: bigint): bigint {
  return (priceAt(basePrice, slope, at < 0n ? 0n : at) * backingRatioOf(basePrice, slope, supply, reserve)) / 10n ** 18n;
}

/** How much of the curve the chart shows: twice the supply (or the preview), at least 20 tokens, within the limit. */
export function curveWindowOf(supply: bigint, preview: bigint, limit: bigint): bigint {
  const wanted = [supply * 2n, supply + preview * 2n, 20n].reduce((a, b) => (b > a ? b : a));
  return limit > 0n && wanted > limit ? limit : wanted;
}
