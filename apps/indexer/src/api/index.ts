/**
 * The read API behind discovery, charts, feeds, queues and portfolios (Hono, on Ponder's server).
 * Every route validates its parameters (400 with one sentence), returns JSON with bigints as decimal
 * strings, and pages with opaque cursors (`nextCursor`, null on the last page). GraphQL at /graphql
 * and Ponder's SQL client at /sql/* are mounted too.
 */
import { db } from "ponder:api";
import schema, {
  balance,
  bestScore,
  candle,
  chainClock,
  minerReward,
  project,
  proposal,
  proposalEvent,
  reputation,
  review,
  trade,
  rewardClaim,
  verifier,
  verifierPool,
  verifierShare,
} from "ponder:schema";
import { Hono, type Context } from "hono";
import { and, asc, client, desc, eq, gt, gte, inArray, isNull, like, lt, lte, ne, notExists, or, replaceBigInts, sql, graphql } from "ponder";

import { backingRatioOf } from "@orm/protocol/curve";
import { proposalStatus } from "@orm/protocol/generated/constants";
import { searchPatternOf } from "../../lib/search.ts";
import { DAY, volumeSince, windowOf } from "../../lib/volume.ts";
import {
  CANDLE_INTERVALS,
  ParamError,
  PROJECT_SORTS,
  decodeCursor,
  encodeCursor,
  parseAddress,
  parseBoolean,
  parseId,
  parseInterval,
  parseLimit,
  parseOptionalAddress,
  parseOptionalId,
  parseOptionalUint,
  parseSearch,
  parseSort,
  parseStatus,
  type CandleInterval,
  type ProjectSort,
} from "../../lib/params.ts";

type SQL = ReturnType<typeof sql>;

const ACC_PRECISION = 10n ** 30n;

/** The most rows one request reads of each list (its route's `limit`, and the overview's counts). */
const MOST = { projects: 100, trades: 500, proposals: 200, candles: 2000 };
const OPEN = [0, 1];

const app = new Hono();

app.use("/graphql", graphql({ db, schema }));
app.use("/sql/*", client({ db, schema }));

/** JSON with bigints as decimal strings. */
const json = (c: Context, body: unknown, status: 200 | 404 = 200) =>
  c.json(replaceBigInts(body, (v) => v.toString()) as object, status);

app.onError((error, c) => {
  if (error instanceof ParamError) return c.json({ error: error.message }, 400);
  console.error(error);
  return c.json({ error: "The indexer failed to answer this request." }, 500);
});

app.notFound((c) => c.json({ error: `There is no route ${c.req.method} ${c.req.path}.` }, 404));

/** "Now" for 24 h windows and the queue: the wall clock, or the chain's if it ran ahead (time travel). */
async function now(): Promise<bigint> {
  const [clock] = await db.select({ timestamp: chainClock.timestamp }).from(chainClock).where(eq(chainClock.id, 0));
  const wall = BigInt(Math.floor(Date.now() / 1000));
  return clock && clock.timestamp > wall ? clock.timestamp : wall;
}

const listColumns = {
  id: project.id,
  token: project.token,
  name: project.name,
  symbol: project.symbol,
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
};

/** What a list row is read with: its columns and its rolling volume window (lib/volume.ts). */
const rowColumns = { ...listColumns, volumeHour: project.volumeHour, volumeSlots: project.volumeSlots, volumeBound: project.volumeBound };

type ListRow = Awaited<ReturnType<typeof selectRows>>[number];
type Item = Omit<ListRow, "volumeHour" | "volumeSlots" | "volumeBound"> & { volume24h: bigint };

function selectRows(where: SQL | undefined, order: SQL[], limit: number) {
  return db.select(rowColumns).from(project).where(where).orderBy(...order).limit(limit);
}

/** The row as the API shows it: the exact 24 h volume instead of the window it comes from. */
function toItem(row: ListRow, since: bigint): Item {
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
  const items: Item[] = [];
  if (!cursor || cursor[0] > 0n) {
    const active = and(where, gt(project.volumeHour, since));
    const ranked: Item[] = [];
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

app.get("/projects", async (c) => {
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
  let rows: Item[];
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
  const sortValue = (row: Item) =>
    ({
      trending: row.volume24h,
      newest: row.createdAt,
      marketCap: row.marketCap,
      improvement: row.improvementRatio,
      activity: row.lastActivityAt,
    })[sort];
  const nextCursor = rows.length > limit && last ? encodeCursor([sortIndex, sortValue(last), last.id]) : null;
  return json(c, { items: await withPrice24hAgo(page, since), nextCursor });
});

/** List items with `price24hAgo`: each project's price at `since`, or null (see `pricesAt`). */
async function withPrice24hAgo(items: Item[], since: bigint) {
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
async function projectDetail(id: bigint, since: bigint) {
  const row = await findProject(id);
  if (!row) return undefined;
  const [[pool], history] = await Promise.all([
    db.select().from(verifierPool).where(eq(verifierPool.projectId, id)),
    db.select().from(bestScore).where(eq(bestScore.projectId, id)).orderBy(desc(bestScore.id)).limit(50),
  ]);
  const { lastBestId: _lastBestId, searchText: _searchText, volumeHour: _hour, volumeSlots: _slots, volumeBound: _bound, ...rest } = row;
  return {
    ...rest,
    volume24h: volumeSince(windowOf(row), since),
    backingRatio: backingRatioOf(row.basePrice, row.slope, row.totalSupply, row.reserve),
    verifierPool: pool ?? null,
    bestHistory: history,
  };
}

const notIndexed = (id: bigint) => ({ error: `Project ${id} does not exist (or is not indexed yet).` });

app.get("/projects/:id", async (c) => {
  const id = parseId(c.req.param("id"), "The project id");
  const detail = await projectDetail(id, (await now()) - DAY);
  return detail ? json(c, detail) : json(c, notIndexed(id), 404);
});

/** The newest trades matching `filters`, newest first. */
function newestTrades(filters: SQL[], limit: number) {
  return db
    .select()
    .from(trade)
    .where(and(...filters))
    .orderBy(desc(trade.id))
    .limit(limit);
}

/** The newest `limit` candles matching `filters` (a project's, of one interval), oldest first. */
async function newestCandles(filters: SQL[], limit: number) {
  const rows = await db
    .select()
    .from(candle)
    .where(and(...filters))
    .orderBy(desc(candle.start))
    .limit(limit);
  return rows.reverse();
}

/** The newest proposals matching `filters`, newest first. */
function newestProposals(filters: SQL[], limit: number) {
  return db
    .select()
    .from(proposal)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(proposal.id))
    .limit(limit);
}

/**
 * A project page in one read: the project (as `GET /projects/:id`), its newest `trades` (default 50,
 * at most 500) and `proposals` (50, 200), its newest `forks` (20, 100; as `GET /projects` items) and
 * the newest `candles1m` / `candles1h` / `candles1d` candles of each interval (at most 2000, oldest
 * first; none of an interval not asked for). One request instead of seven: Ponder answers requests
 * one at a time, and each costs more than the queries behind it.
 */
app.get("/projects/:id/overview", async (c) => {
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
  return json(c, { project: detail, trades, proposals, forks, candles: Object.fromEntries(intervals.map((interval, i) => [interval, candles[i]])) });
});

app.get("/projects/:id/trades", async (c) => {
  const id = parseId(c.req.param("id"), "The project id");
  const query = c.req.query();
  const limit = parseLimit(query.limit, 50, MOST.trades);
  const trader = parseOptionalAddress(query.trader, "trader");
  const cursor = decodeCursor(query.cursor, 1);
  const filters: SQL[] = [eq(trade.projectId, id)];
  if (trader) filters.push(eq(trade.trader, trader.toLowerCase() as `0x${string}`));
  if (cursor) filters.push(sql`${trade.id} < ${cursor[0]}`);
  const rows = await newestTrades(filters, limit + 1);
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor([page.at(-1)!.id]) : null;
  return json(c, { items: page, nextCursor });
});

app.get("/projects/:id/candles", async (c) => {
  const id = parseId(c.req.param("id"), "The project id");
  const query = c.req.query();
  const interval = parseInterval(query.interval);
  const from = parseOptionalUint(query.from, "from");
  const to = parseOptionalUint(query.to, "to");
  if (from !== undefined && to !== undefined && from > to) throw new ParamError("from must not be after to.");
  const limit = parseLimit(query.limit, 500, MOST.candles);
  const filters: SQL[] = [eq(candle.projectId, id), eq(candle.interval, interval)];
  if (from !== undefined) filters.push(gte(candle.start, from - (from % BigInt(interval))));
  if (to !== undefined) filters.push(lte(candle.start, to));
  // The newest `limit` buckets of the range, oldest first.
  return json(c, { interval, items: await newestCandles(filters, limit) });
});

/** A page of proposals matching `filters` and the request's `status`, newest first (cursor: the last id). */
async function proposalPage(c: Context, filters: SQL[]) {
  const query = c.req.query();
  const limit = parseLimit(query.limit, 50, MOST.proposals);
  const status = parseStatus(query.status);
  const cursor = decodeCursor(query.cursor, 1);
  if (status !== undefined) filters.push(eq(proposal.status, status));
  if (cursor) filters.push(sql`${proposal.id} < cast(${cursor[0]} as numeric)`);
  const rows = await newestProposals(filters, limit + 1);
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor([page.at(-1)!.id]) : null;
  return json(c, { items: page, nextCursor });
}

app.get("/projects/:id/proposals", (c) => proposalPage(c, [eq(proposal.projectId, parseId(c.req.param("id"), "The project id"))]));

// ------------------------------------------------------------------ proposals and the review queue

/** Proposals across projects: `status`, `reviewer` (the verifier holding the claim, or who settled it), `limit`, `cursor`. */
app.get("/proposals", (c) => {
  const reviewer = parseOptionalAddress(c.req.query("reviewer"), "reviewer");
  return proposalPage(c, reviewer ? [eq(proposal.reviewer, reviewer.toLowerCase() as `0x${string}`)] : []);
});

app.get("/proposals/:id", async (c) => {
  const id = parseId(c.req.param("id"), "The proposal id");
  const [row] = await db.select().from(proposal).where(eq(proposal.id, id));
  if (!row) return json(c, { error: `Proposal ${id} does not exist (or is not indexed yet).` }, 404);
  const [timeline, reviews] = await Promise.all([
    db.select().from(proposalEvent).where(eq(proposalEvent.proposalId, id)).orderBy(asc(proposalEvent.id)),
    db.select().from(review).where(eq(review.proposalId, id)).orderBy(asc(review.id)),
  ]);
  return json(c, { ...row, timeline, reviews });
});

app.get("/queue", async (c) => {
  const query = c.req.query();
  const limit = parseLimit(query.limit, 50, 200);
  const projectId = parseOptionalId(query.projectId, "projectId");
  const forVerifier = parseOptionalAddress(query.verifier, "verifier");
  const cursor = decodeCursor(query.cursor, 2);
  const time = await now();
  // Claimable now: submitted, or under a lapsed claim (anyone may release it first), before expiry.
  const filters: SQL[] = [
    gt(proposal.expiresAt, time),
    or(
      eq(proposal.status, 0),
      and(eq(proposal.status, 1), lte(proposal.reviewLockUntil, time)),
    )!,
  ];
  if (projectId !== undefined) filters.push(eq(proposal.projectId, projectId));
  if (forVerifier) {
    // Not its own work, nor work it would be rewarded for, nor a proposal it held a claim on before
    // (the ledger refuses a second claim: ProposalLedgerClaimedBefore).
    const v = forVerifier.toLowerCase() as `0x${string}`;
    const claimedBefore = db
      .select({ id: review.id })
      .from(review)
      .where(and(eq(review.proposalId, proposal.id), eq(review.verifier, v)));
    filters.push(ne(proposal.miner, v), ne(proposal.rewardRecipient, v), notExists(claimedBefore));
  }
  if (cursor) {
    filters.push(sql`(${proposal.expiresAt}, ${proposal.id}) > (cast(${cursor[0]} as numeric), cast(${cursor[1]} as numeric))`);
  }
  const rows = await db
    .select()
    .from(proposal)
    .where(and(...filters))
    .orderBy(asc(proposal.expiresAt), asc(proposal.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map((row) => ({ ...row, needsRelease: row.status === proposalStatus.Reviewing }));
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor([last.expiresAt, last.id]) : null;
  return json(c, { now: time, items: page, nextCursor });
});

// ------------------------------------------------------------------ accounts

app.get("/accounts/:address", async (c) => {
  const address = parseAddress(c.req.param("address"));
  const account = address.toLowerCase() as `0x${string}`;
  const [holdings, stakes, rewards, shares, claims, [rep], [verifierRow]] = await Promise.all([
    db
      .select({
        projectId: balance.projectId,
        token: balance.token,
        balance: balance.balance,
        name: project.name,
        symbol: project.symbol,
        spotPrice: project.spotPrice,
      })
      .from(balance)
      .innerJoin(project, eq(project.id, balance.projectId))
      .where(and(eq(balance.account, account), gt(balance.balance, 0n)))
      .orderBy(asc(balance.projectId)),
    db
      .select()
      .from(proposal)
      .where(and(eq(proposal.miner, account), inArray(proposal.status, OPEN)))
      .orderBy(desc(proposal.id)),
    db.select().from(minerReward).where(eq(minerReward.account, account)).orderBy(desc(minerReward.id)).limit(100),
    db
      .select({ share: verifierShare, pool: verifierPool })
      .from(verifierShare)
      .innerJoin(verifierPool, eq(verifierPool.projectId, verifierShare.projectId))
      .where(eq(verifierShare.verifier, account)),
    db.select().from(rewardClaim).where(eq(rewardClaim.account, account)).orderBy(desc(rewardClaim.id)).limit(100),
    db.select().from(reputation).where(eq(reputation.address, account)),
    db.select().from(verifier).where(eq(verifier.address, account)),
  ]);
  const verifierEarnings = shares.map(({ share, pool }) => {
    const claimable = share.owed + (share.reviews * (pool.accPerReview - share.accSnapshot)) / ACC_PRECISION;
    return {
      projectId: share.projectId,
      token: pool.token,
      settledReviews: share.reviews,
      claimable,
      claimed: share.claimed,
      earned: claimable + share.claimed,
    };
  });
  return json(c, {
    address,
    holdings: holdings.map((h) => ({ ...h, value: h.balance * h.spotPrice })),
    stakes,
    rewards,
    verifier: verifierRow ?? null,
    verifierEarnings,
    rewardClaims: claims,
    reputation: rep ?? null,
  });
});

export default app;
