/** A project's price candles: `GET /projects/:id/candles`, and the newest candles the overview shows. */
import { db } from "ponder:api";
import { candle } from "ponder:schema";
import type { Context } from "hono";
import { and, desc, eq, gte, lte } from "ponder";

import { ParamError, parseId, parseInterval, parseLimit, parseOptionalUint } from "../../lib/params.ts";
import { json, MOST, type SQL } from "./shared.ts";
import type { WithBigints } from "./types.ts";

/** The newest `limit` candles matching `filters` (a project's, of one interval), oldest first. */
export async function newestCandles(filters: SQL[], limit: number): Promise<WithBigints["Candle"][]> {
  const rows = await db
    .select()
    .from(candle)
    .where(and(...filters))
    .orderBy(desc(candle.start))
    .limit(limit);
  return rows.reverse();
}

/** One interval's candles (`interval`, default 1h), `from` / `to` (unix s), `limit`; oldest first. */
export async function listProjectCandles(c: Context) {
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
  return json(c, { interval, items: await newestCandles(filters, limit) } satisfies WithBigints["CandleSeries"]);
}
