/**
 * Projects: discovery (`GET /projects`, every sort and filter), one project, and a project page in
 * one read (the overview, built from the same queries as the trades, proposals and candles routes).
 */
import { db } from "ponder:api";
import { bestScore, candle, project, proposal, trade, verifierPool } from "ponder:schema";
import type { Context } from "hono";
import { and, desc, eq, gt, gte, inArray, isNull, like, lt, lte, or, sql } from "ponder";

import { backingRatioOf } from "@orm/protocol/curve";
import { searchPatternOf } from "../../lib/search.ts";
import { DAY, volumeSince, windowOf } from "../../lib/volume.ts";
import {
  CANDLE_INTERVALS,
  ParamError,
  PROJECT_SORTS,
  decodeCursor,
  encodeCursor,
  parseBoolean,
  parseId,
  parseLimit,
  parseOptionalAddress,
  parseOptionalId,
  parseOptionalUint,
  parseSearch,
  parseSort,
  type CandleInterval,
  type ProjectSort,
} from "../../lib/params.ts";
import { newestCandles } from "./candles.ts";
import { newestProposals } from "./proposals.ts";
import { json, MOST, now, type SQL } from "./shared.ts";
import { newestTrades } from "./trades.ts";
import type { Page, ProjectListColumn, WithBigints } from "./types.ts";

type Item = WithBigints["ProjectListItem"];

/** What a list item shows (`ProjectListColumn`: the compiler holds the two to the same names). */
const listColumns = {
  id: project.id,
  token: project.token,
  name: project.name,
  symbol: project.symbol,
  title: project.title,
  repository: project.repository,
  domain: project.domain,
  protocolHash: project.protocolHash,
  creator: project.creator,
  parentProjectId: project.parentProjectId,
  spotPrice: project.spotPrice,
  totalSupply: project.totalSupply,
  reserve: project.reserve,
  marketCap: project.marketCap,
  holderCount: project.holderCount,
  baselineScore: project.baselineScore,
  bestScore: project.bestScore,
  metricScale: project.metricScale,
  lowerIsBetter: project.lowerIsBetter,
  improvement: project.improvement,
  improvementRatio: project.improvementRatio,
  openProposals: project.openProposals,
  tradeCount: project.tradeCount,
  createdAt: project.createdAt,
  lastActivityAt: project.lastActivityAt,
} satisfies { [name in ProjectListColumn]: (typeof project)[name] };

/** What a list row is read with: its columns and its rolling volume window (lib/volume.ts). */
const rowColumns = { ...listColumns, volumeHour: project.volumeHour, volumeSlots: project.volumeSlots, volumeBound: project.volumeBound };

type ListRow = Awaited<ReturnType<typeof selectRows>>[number];
/** A list item before `price24hAgo` is added (`withPrice24hAgo`). */
type RankedItem = Omit<Item, "price24hAgo">;

function selectRows(where: SQL | undefined, order: SQL[], limit: number) {
  return db.select(rowColumns).from(project).where(where).orderBy(...order).limit(limit);
}

/** The row as the API shows it: the exact 24 h volume instead of the window it comes from. */
function toItem(row: ListRow, since: bigint): RankedItem {
  const { volumeHour: _hour, volumeSlots: _slots, volumeBound: _bound, ...item } = row;
  return { ...item, volume24h: volumeSince(windowOf(row), since) };
}

/** (a, b) compared as tuples of (volume, id): negative, zero or positive. */
function compareVolumeId(a: readonly [bigint, bigint], b: readonly [bigint, bigint]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

/**
 * A page of the trending sort: (exact 24 h volume, id), both descending, after `cursor`.
 *
 * Active projects (volume > 0, i.e. `volumeHour > since`) come first. They are read in
 * (`volumeBound`, id) order, which bounds (volume, id) from above for every row, so once the page's
 * last row (volume, id) is at least the last row read's (bound, id), no unread project can rank above
 * it; otherwise the next rows are read, twice as many each time. Inactive projects (volume 0)
 * follow, by id. A page costs O(rows read), and page n reads from the top again (cursors are short).
 */
async function trendingPage(where: SQL | undefined, cursor: readonly [bigint, bigint] | undefined, want: number, since: bigint) {
  const items: RankedItem[] = [];
  if (!cursor || cursor[0] > 0n) {
    const active = and(where, gt(project.volumeHour, since));
    const ranked: RankedItem[] = [];
    let last: ListRow | undefined;
    for (let batch = 2 * want; ; batch *= 2) {
      // The next rows in (bound, id) order after the last one read.
      const next = last ? sql`(${project.volumeBound}, ${project.id}) < (cast(${String(last.volumeBound)} as numeric), cast(${String(last.id)} as numeric))` : undefined;
      const rows = await selectRows(and(active, next), [desc(project.volumeBound), desc(project.id)], batch);
      for (const row of rows) {
        const item = toItem(row, since);
        if (!cursor || compareVolumeId([item.volume24h, item.id], cursor) < 0) ranked.push(item);
      }
      ranked.sort((a, b) => compareVolumeId([b.volume24h, b.id], [a.volume24h, a.id]));
      ranked.length = Math.min(ranked.length, want);
      last = rows.at(-1) ?? last;
      const edge = ranked[want - 1];
      const complete =
        rows.length < batch || (edge && last && compareVolumeId([edge.volume24h, edge.id], [last.volumeBound, last.id]) >= 0);
      if (complete) {
        items.push(...ranked.slice(0, want));
        break;
      }
    }
  }
  if (items.length < want) {
    const inactive: SQL[] = [or(isNull(project.volumeHour), lte(project.volumeHour, since))!];
    if (cursor && cursor[0] === 0n) inactive.push(lt(project.id, cursor[1]));
    const rows = await selectRows(and(where, ...inactive), [desc(project.id)], want - items.length);
    items.push(...rows.map((row) => toItem(row, since)));
  }
  return items;
}

/** Discovery: `q`, `sort`, filters (`creator`, `parent`, market cap, `hasOpenProposals`), `limit`, `cursor`. */
export async function listProjects(c: Context) {
  const query = c.req.query();
  const sort = parseSort(query.sort);
  const limit = parseLimit(query.limit, 20, MOST.projects);
  const q = parseSearch(query.q);
  const creator = parseOptionalAddress(query.creator, "creator");
  const parent = parseOptionalId(query.parent, "parent");
  const minMarketCap = parseOptionalUint(query.minMarketCap, "minMarketCap");
  const maxMarketCap = parseOptionalUint(query.maxMarketCap, "maxMarketCap");
  const hasOpenProposals = parseBoolean(query.hasOpenProposals, "hasOpenProposals");
  const cursor = decodeCursor(query.cursor, 3);
  const sortIndex = PROJECT_SORTS.indexOf(sort);
  if (cursor && cursor[0] !== String(sortIndex)) {
    throw new ParamError("cursor belongs to another sort: start again without a cursor.");
  }

  const filters: SQL[] = [];
  if (q) filters.push(like(project.searchText, searchPatternOf(q)));
  if (creator) filters.push(eq(project.creator, creator.toLowerCase() as `0x${string}`));
  if (parent !== undefined) filters.push(eq(project.parentProjectId, parent));
  if (minMarketCap !== undefined) filters.push(gte(project.marketCap, minMarketCap));
  if (maxMarketCap !== undefined) filters.push(lte(project.marketCap, maxMarketCap));
  if (hasOpenProposals !== undefined) {
    filters.push(hasOpenProposals ? gt(project.openProposals, 0) : eq(project.openProposals, 0));
  }

  const since = (await now()) - DAY;
  let rows: RankedItem[];
  if (sort === "trending") {
    let after: [bigint, bigint] | undefined;
    if (cursor) {
      if (!/^[0-9]+$/.test(cursor[1]!) || !/^[0-9]+$/.test(cursor[2]!)) {
        throw new ParamError("cursor is not valid: pass back the nextCursor of a previous page unchanged.");
      }
      after = [BigInt(cursor[1]!), BigInt(cursor[2]!)];
    }
    rows = await trendingPage(filters.length ? and(...filters) : undefined, after, limit + 1, since);
  } else {
    const key: Record<Exclude<ProjectSort, "trending">, SQL> = {
      newest: sql`${project.createdAt}`,
      marketCap: sql`${project.marketCap}`,
      improvement: sql`${project.improvementRatio}`,
      activity: sql`${project.lastActivityAt}`,
    };
    const cast = sort === "improvement" ? sql`double precision` : sql`numeric`;
    if (cursor) {
      filters.push(sql`(${key[sort]}, ${project.id}) < (cast(${cursor[1]} as ${cast}), cast(${cursor[2]} as numeric))`);
    }
    const found = await selectRows(filters.length ? and(...filters) : undefined, [desc(key[sort]), desc(project.id)], limit + 1);
    rows = found.map((row) => toItem(row, since));
  }

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const sortValue = (row: RankedItem) =>
    ({
      trending: row.volume24h,
      newest: row.createdAt,
      marketCap: row.marketCap,
      improvement: row.improvementRatio,
      activity: row.lastActivityAt,
    })[sort];
  const nextCursor = rows.length > limit && last ? encodeCursor([sortIndex, sortValue(last), last.id]) : null;
  return json(c, { items: await withPrice24hAgo(page, since), nextCursor } satisfies Page<Item>);
}

/** List items with `price24hAgo`: each project's price at `since`, or null (see `pricesAt`). */
async function withPrice24hAgo(items: RankedItem[], since: bigint): Promise<Item[]> {
  const dayAgo = await pricesAt(items.map((item) => item.id), since);
  return items.map((item) => ({ ...item, price24hAgo: dayAgo.get(item.id) ?? null }));
}

/**
 * Each project's price at `since` (24 h ago), to the hour: the close of its last hourly candle that
 * started at or before then (one indexed lookup per project). Absent when nothing had traded by then.
 */
async function pricesAt(ids: bigint[], since: bigint): Promise<Map<bigint, bigint>> {
  if (ids.length === 0) return new Map();
  const close = sql`(select ${candle.close} from ${candle} where ${candle.projectId} = ${project.id} and ${candle.interval} = ${CANDLE_INTERVALS["1h"]} and ${candle.start} <= cast(${String(since)} as numeric) order by ${candle.start} desc limit 1)`;
  const rows = await db.select({ id: project.id, close: close.mapWith(candle.close) }).from(project).where(inArray(project.id, ids));
  return new Map(rows.flatMap((row) => (row.close === null ? [] : [[row.id, row.close as bigint] as const])));
}

async function findProject(id: bigint) {
  const [row] = await db.select().from(project).where(eq(project.id, id));
  return row;
}

/** The project as `GET /projects/:id` shows it (`since`: 24 h ago), or undefined when it is not indexed. */
async function projectDetail(id: bigint, since: bigint): Promise<WithBigints["ProjectDetail"] | undefined> {
  const row = await findProject(id);
  if (!row) return undefined;
  const [[pool], history] = await Promise.all([
    db.select().from(verifierPool).where(eq(verifierPool.projectId, id)),
    db.select().from(bestScore).where(eq(bestScore.projectId, id)).orderBy(desc(bestScore.id)).limit(50),
  ]);
  const { searchText: _searchText, volumeHour: _hour, volumeSlots: _slots, volumeBound: _bound, ...rest } = row;
  return {
    ...rest,
    volume24h: volumeSince(windowOf(row), since),
    backingRatio: backingRatioOf(row.basePrice, row.slope, row.totalSupply, row.reserve),
    verifierPool: pool ?? null,
    bestHistory: history,
  };
}

const notIndexed = (id: bigint) => ({ error: `Project ${id} does not exist (or is not indexed yet).` });

/** The project, with its 24 h volume, backing ratio, verifier pool and best-score history. */
export async function getProject(c: Context) {
  const id = parseId(c.req.param("id"), "The project id");
  const detail = await projectDetail(id, (await now()) - DAY);
  return detail ? json(c, detail) : json(c, notIndexed(id), 404);
}

/**
 * A project page in one read: the project (as `GET /projects/:id`), its newest `trades` (default 50,
 * at most 500) and `proposals` (50, 200), its newest `forks` (20, 100; as `GET /projects` items) and
 * the newest `candles1m` / `candles1h` / `candles1d` candles of each interval (at most 2000, oldest
 * first; none of an interval not asked for). One request instead of seven: Ponder answers requests
 * one at a time, and each costs more than the queries behind it.
 */
export async function getProjectOverview(c: Context) {
  const id = parseId(c.req.param("id"), "The project id");
  const query = c.req.query();
  const tradeCount = parseLimit(query.trades, 50, MOST.trades, "trades");
  const proposalCount = parseLimit(query.proposals, 50, MOST.proposals, "proposals");
  const forkCount = parseLimit(query.forks, 20, MOST.projects, "forks");
  const intervals = Object.keys(CANDLE_INTERVALS) as CandleInterval[];
  const candleCounts = intervals.map((interval) => {
    const name = `candles${interval}`;
    return query[name] === undefined ? 0 : parseLimit(query[name], 0, MOST.candles, name);
  });
  const since = (await now()) - DAY;
  const detail = await projectDetail(id, since);
  if (!detail) return json(c, notIndexed(id), 404);
  const [trades, proposals, forkRows, ...candles] = await Promise.all([
    newestTrades([eq(trade.projectId, id)], tradeCount),
    newestProposals([eq(proposal.projectId, id)], proposalCount),
    selectRows(eq(project.parentProjectId, id), [desc(project.createdAt), desc(project.id)], forkCount),
    ...intervals.map((interval, i) =>
      candleCounts[i] ? newestCandles([eq(candle.projectId, id), eq(candle.interval, CANDLE_INTERVALS[interval])], candleCounts[i]) : [],
    ),
  ]);
  const forks = await withPrice24hAgo(forkRows.map((row) => toItem(row, since)), since);
  const candlesByInterval = Object.fromEntries(intervals.map((interval, i) => [interval, candles[i]])) as Record<CandleInterval, WithBigints["Candle"][]>;
  return json(c, { project: detail, trades, proposals, forks, candles: candlesByInterval } satisfies WithBigints["ProjectOverview"]);
}
