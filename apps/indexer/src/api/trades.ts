/** A project's trades: `GET /projects/:id/trades`, and the newest trades the overview shows. */
import { db } from "ponder:api";
import { trade } from "ponder:schema";
import type { Context } from "hono";
import { and, desc, eq, sql } from "ponder";

import { decodeCursor, encodeCursor, parseId, parseLimit, parseOptionalAddress } from "../../lib/params.ts";
import { json, MOST, type SQL } from "./shared.ts";
import type { Page, WithBigints } from "./types.ts";

/** The newest trades matching `filters`, newest first. */
export function newestTrades(filters: SQL[], limit: number): Promise<WithBigints["Trade"][]> {
  return db
    .select()
    .from(trade)
    .where(and(...filters))
    .orderBy(desc(trade.id))
    .limit(limit);
}

/** Newest first; `trader`, `limit`, `cursor` (the last id). */
export async function listProjectTrades(c: Context) {
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
  return json(c, { items: page, nextCursor } satisfies Page<WithBigints["Trade"]>);
}
