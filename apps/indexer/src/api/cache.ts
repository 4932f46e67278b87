/**
 * Answers computed once per indexed block: a crowd opening the board, or a project page rendered for
 * many visitors, asks the same URLs again and again between two blocks, and each answer costs a
 * dozen queries on a database that serves one query at a time (PGlite). The read routes' answers are
 * kept by URL and stamped with Ponder's latest checkpoint (what `/status` reports as the last
 * indexed block, read once per request: one indexed lookup of a one-row table); an answer is reused
 * while the checkpoint has not moved and for at most `MAX_AGE_MS` (the 24 h windows and the queue
 * depend on the clock too). Concurrent askers of the same URL share one computation. A request
 * with `Cache-Control: no-cache` is computed afresh.
 *
 * Chosen over the alternatives after measuring (bench/results/serve.json, `indexer /projects`):
 * Postgres (`DATABASE_URL`) lets queries run side by side but each still costs the same; Ponder's
 * own scaling path for reads (more `ponder serve` processes on one Postgres) multiplies processes
 * and needs Postgres; a cache keyed by the block makes a repeated read cost one small query, on
 * PGlite as on Postgres, and is never older than the indexed data.
 */
import { db } from "ponder:api";
import type { MiddlewareHandler } from "hono";
import { sql } from "ponder";

/** An answer is computed again after this long even without a new block (ms). */
const MAX_AGE_MS = 5_000;
/** URLs kept (each search, sort and page of the board has its own). */
const MAX_ENTRIES = 2_000;

type Entry = { checkpoint: string; at: number; status: number; contentType: string; body: string };

const entries = new Map<string, Entry>();
const computing = new Map<string, Promise<Entry>>();

/** Ponder's latest checkpoint (block number and position, as a string that sorts in chain order). */
async function latestCheckpoint(): Promise<string> {
  const schema = (globalThis as { PONDER_NAMESPACE_BUILD?: { schema?: string } }).PONDER_NAMESPACE_BUILD?.schema ?? "public";
  const result = (await db.execute(sql`SELECT max(latest_checkpoint) AS checkpoint FROM ${sql.identifier(schema)}._ponder_checkpoint`)) as unknown as {
    rows: { checkpoint: string | null }[];
  };
  return result.rows[0]?.checkpoint ?? "";
}

function remember(key: string, entry: Entry): void {
  entries.delete(key); // re-inserted last: the oldest entries go first
  entries.set(key, entry);
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

/** The read routes' answers, once per indexed block and URL (`x-indexer-cache`: hit or miss). */
export const cacheByCheckpoint: MiddlewareHandler = async (c, next) => {
  // `Cache-Control: no-cache` asks for a fresh computation (the indexer bench times the queries so).
  if (c.req.method !== "GET" || /\bno-cache\b/.test(c.req.header("cache-control") ?? "")) return next();
  const checkpoint = await latestCheckpoint();
  const key = c.req.url;
  const kept = entries.get(key);
  if (kept && kept.checkpoint === checkpoint && Date.now() - kept.at < MAX_AGE_MS) {
    return c.body(kept.body, kept.status as 200, { "content-type": kept.contentType, "x-indexer-cache": "hit" });
  }
  const pending = computing.get(key);
  if (pending) {
    const shared = await pending.catch(() => undefined);
    if (shared && shared.status === 200 && shared.checkpoint === checkpoint) {
      return c.body(shared.body, shared.status as 200, { "content-type": shared.contentType, "x-indexer-cache": "hit" });
    }
    return next(); // the shared computation failed, or answered an older block: compute for this request alone
  }
  let settle!: (entry: Entry) => void;
  let fail!: (error: unknown) => void;
  const computation = new Promise<Entry>((resolve, reject) => ((settle = resolve), (fail = reject)));
  computation.catch(() => {}); // a failure is the asker's own; the sharers compute again
  computing.set(key, computation);
  try {
    await next();
    const entry: Entry = {
      checkpoint,
      at: Date.now(),
      status: c.res.status,
      contentType: c.res.headers.get("content-type") ?? "application/json",
      body: await c.res.clone().text(),
    };
    // Only whole answers are kept (a 400 or 404 is cheap to compute again, and may change with a block).
    if (entry.status === 200) remember(key, entry);
    settle(entry);
    c.header("x-indexer-cache", "miss");
  } catch (error) {
    fail(error);
    throw error;
  } finally {
    computing.delete(key);
  }
};
