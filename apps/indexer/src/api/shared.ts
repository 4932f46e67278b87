/**
 * What every resource module of the read API shares: the JSON answer (bigints as decimal strings),
 * "now", each list's largest page, and the SQL fragment type the query helpers pass around.
 */
import { db } from "ponder:api";
import { chainClock } from "ponder:schema";
import type { Context } from "hono";
import { eq, replaceBigInts, sql } from "ponder";

export type SQL = ReturnType<typeof sql>;

/** The most rows one request reads of each list (its route's `limit`, and the overview's counts). */
export const MOST = { projects: 100, trades: 500, proposals: 200, candles: 2000 };

/** JSON with bigints as decimal strings. */
export const json = (c: Context, body: unknown, status: 200 | 404 = 200) =>
  c.json(replaceBigInts(body, (v) => v.toString()) as object, status);

/** "Now" for 24 h windows and the queue: the wall clock, or the chain's if it ran ahead (time travel). */
export async function now(): Promise<bigint> {
  const [clock] = await db.select({ timestamp: chainClock.timestamp }).from(chainClock).where(eq(chainClock.id, 0));
  const wall = BigInt(Math.floor(Date.now() / 1000));
  return clock && clock.timestamp > wall ? clock.timestamp : wall;
}
