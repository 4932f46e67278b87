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
import { and, asc, client, desc, eq, gt, gte, inArray, lte, ne, or, replaceBigInts, sql, graphql } from "ponder";

import { backingRatioOf } from "../../lib/curve.ts";
import {
  ParamError,
  PROJECT_SORTS,
  decodeCursor,
  encodeCursor,
  likePattern,
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
  type ProjectSort,
} from "../../lib/params.ts";

type SQL = ReturnType<typeof sql>;

const DAY = 86_400n;
const ACC_PRECISION = 10n ** 30n;
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

/** Ether traded per project over the hourly candles of the last 24 hours (by `now`). */
function volumeWindowSubquery(since: bigint) {
  return db
    .select({ projectId: candle.projectId, volume: sql<string>`sum(${candle.volume})`.as("volume") })
    .from(candle)
    .where(and(eq(candle.interval, 3600), gt(candle.start, since)))
    .groupBy(candle.projectId)
    .as("window24h");
}

const listColumns = {
  id: project.id,
  token: project.token,
  name: project.name,
  symbol: project.symbol,
  repository: project.repository,
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

// ------------------------------------------------------------------ /projects

function selectProjects(where: SQL | undefined, order: SQL[], limit: number) {
  return db.select(listColumns).from(project).where(where).orderBy(...order).limit(limit);
}

/** 24 h volume of a page of projects (the hourly candles' primary key covers the lookup). */
async function volumesOf(ids: bigint[], since: bigint): Promise<Map<bigint, bigint>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ projectId: candle.projectId, volume: sql<string>`sum(${candle.volume})` })
    .from(candle)
    .where(and(inArray(candle.projectId, ids), eq(candle.interval, 3600), gt(candle.start, since)))
    .groupBy(candle.projectId);
  return new Map(rows.map((row) => [row.projectId, BigInt(row.volume)]));
}

app.get("/projects", async (c) => {
  const query = c.req.query();
  const sort = parseSort(query.sort);
  const limit = parseLimit(query.limit, 20, 100);
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

  const since = (await now()) - DAY;
  const window = volumeWindowSubquery(since);
  const volume = sql<string>`coalesce(${window.volume}, 0)`;

  const filters: SQL[] = [];
  if (q) {
    const pattern = likePattern(q);
    filters.push(
      sql`(${project.name} ilike ${pattern} or ${project.symbol} ilike ${pattern} or ${project.repository} ilike ${pattern})`,
    );
  }
  if (creator) filters.push(eq(project.creator, creator.toLowerCase() as `0x${string}`));
  if (parent !== undefined) filters.push(eq(project.parentProjectId, parent));
  if (minMarketCap !== undefined) filters.push(gte(project.marketCap, minMarketCap));
  if (maxMarketCap !== undefined) filters.push(lte(project.marketCap, maxMarketCap));
  if (hasOpenProposals !== undefined) {
    filters.push(hasOpenProposals ? gt(project.openProposals, 0) : eq(project.openProposals, 0));
  }

  const key: Record<ProjectSort, SQL> = {
    trending: volume,
    newest: sql`${project.createdAt}`,
    marketCap: sql`${project.marketCap}`,
    improvement: sql`${project.improvementRatio}`,
    activity: sql`${project.lastActivityAt}`,
  };
  const cast = sort === "improvement" ? sql`double precision` : sql`numeric`;
  if (cursor) {
    filters.push(sql`(${key[sort]}, ${project.id}) < (cast(${cursor[1]} as ${cast}), cast(${cursor[2]} as numeric))`);
  }

  const where = filters.length ? and(...filters) : undefined;
  const order = [desc(key[sort]), desc(project.id)];
  let rows: (Awaited<ReturnType<typeof selectProjects>>[number] & { volume24h: bigint })[];
  if (sort === "trending") {
    // Only trending needs every project's window; the other sorts ask it for their page alone.
    rows = await db
      .select({ ...listColumns, volume24h: volume.mapWith((v) => BigInt(v)) })
      .from(project)
      .leftJoin(window, eq(window.projectId, project.id))
      .where(where)
      .orderBy(...order)
      .limit(limit + 1);
  } else {
    const found = await selectProjects(where, order, limit + 1);
    const volumes = await volumesOf(found.map((row) => row.id), since);
    rows = found.map((row) => ({ ...row, volume24h: volumes.get(row.id) ?? 0n }));
  }

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const sortValue = (row: (typeof page)[number]) =>
    ({
      trending: row.volume24h,
      newest: row.createdAt,
      marketCap: row.marketCap,
      improvement: row.improvementRatio,
      activity: row.lastActivityAt,
    })[sort];
  const nextCursor = rows.length > limit && last ? encodeCursor([sortIndex, sortValue(last), last.id]) : null;
  return json(c, { items: page, nextCursor });
});

async function findProject(id: bigint) {
  const [row] = await db.select().from(project).where(eq(project.id, id));
  return row;
}

app.get("/projects/:id", async (c) => {
  const id = parseId(c.req.param("id"), "The project id");
  const row = await findProject(id);
  if (!row) return json(c, { error: `Project ${id} does not exist (or is not indexed yet).` }, 404);
  const since = (await now()) - DAY;
  const [[volume], [pool], history] = await Promise.all([
    db
      .select({ volume: sql<string>`coalesce(sum(${candle.volume}), 0)` })
      .from(candle)
      .where(and(eq(candle.projectId, id), eq(candle.interval, 3600), gt(candle.start, since))),
    db.select().from(verifierPool).where(eq(verifierPool.projectId, id)),
    db.select().from(bestScore).where(eq(bestScore.projectId, id)).orderBy(desc(bestScore.id)).limit(50),
  ]);
  const { lastBestId: _lastBestId, ...rest } = row;
  return json(c, {
    ...rest,
    volume24h: BigInt(volume?.volume ?? "0"),
    backingRatio: backingRatioOf(row.basePrice, row.slope, row.totalSupply, row.reserve),
    verifierPool: pool ?? null,
    bestHistory: history,
  });
});

app.get("/projects/:id/trades", async (c) => {
  const id = parseId(c.req.param("id"), "The project id");
  const query = c.req.query();
  const limit = parseLimit(query.limit, 50, 500);
  const trader = parseOptionalAddress(query.trader, "trader");
  const cursor = decodeCursor(query.cursor, 1);
  const filters: SQL[] = [eq(trade.projectId, id)];
  if (trader) filters.push(eq(trade.trader, trader.toLowerCase() as `0x${string}`));
  if (cursor) filters.push(sql`${trade.id} < ${cursor[0]}`);
  const rows = await db
    .select()
    .from(trade)
    .where(and(...filters))
    .orderBy(desc(trade.id))
    .limit(limit + 1);
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
  const limit = parseLimit(query.limit, 500, 2000);
  const filters: SQL[] = [eq(candle.projectId, id), eq(candle.interval, interval)];
  if (from !== undefined) filters.push(gte(candle.start, from - (from % BigInt(interval))));
  if (to !== undefined) filters.push(lte(candle.start, to));
  // The newest `limit` buckets of the range, oldest first.
  const rows = await db
    .select()
    .from(candle)
    .where(and(...filters))
    .orderBy(desc(candle.start))
    .limit(limit);
  return json(c, { interval, items: rows.reverse() });
});

app.get("/projects/:id/proposals", async (c) => {
  const id = parseId(c.req.param("id"), "The project id");
  const query = c.req.query();
  const limit = parseLimit(query.limit, 50, 200);
  const status = parseStatus(query.status);
  const cursor = decodeCursor(query.cursor, 1);
  const filters: SQL[] = [eq(proposal.projectId, id)];
  if (status !== undefined) filters.push(eq(proposal.status, status));
  if (cursor) filters.push(sql`${proposal.id} < cast(${cursor[0]} as numeric)`);
  const rows = await db
    .select()
    .from(proposal)
    .where(and(...filters))
    .orderBy(desc(proposal.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor([page.at(-1)!.id]) : null;
  return json(c, { items: page, nextCursor });
});

// ------------------------------------------------------------------ proposals and the review queue

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
    const v = forVerifier.toLowerCase() as `0x${string}`;
    filters.push(ne(proposal.miner, v), ne(proposal.rewardRecipient, v));
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
  const page = rows.slice(0, limit).map((row) => ({ ...row, needsRelease: row.status === 1 }));
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
