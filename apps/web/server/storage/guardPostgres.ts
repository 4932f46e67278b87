/**
 * The relay guard's state in Postgres (`DATABASE_URL`), shared by every relay instance. Its tables
 * live in their own schema, `relay_guard`, created on first use (under an advisory lock, so instances
 * starting together do not race). Each admission is one statement: `INSERT … ON CONFLICT DO UPDATE …
 * WHERE <check>` locks the row and evaluates the check against its latest version, so concurrent
 * requests on any instances are admitted exactly as far as the limit allows, never further.
 */
import pg from "pg";
import type { Address } from "viem";

import { StorageError } from "@orm/protocol/storage/errors";
import type { GuardState, WindowAdmission } from "./guard.ts";

const DAY_SECONDS = 86_400;
/** An arbitrary constant naming the schema-creation lock. */
const SCHEMA_LOCK = 0x6f726d67;

const CREATE_SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS relay_guard;
  CREATE TABLE IF NOT EXISTS relay_guard.spent_nonces (
    address text NOT NULL, nonce text NOT NULL, root text NOT NULL, expires_at double precision NOT NULL,
    PRIMARY KEY (address, nonce, root)
  );
  CREATE TABLE IF NOT EXISTS relay_guard.rate_windows (
    address text PRIMARY KEY, times double precision[] NOT NULL
  );
  CREATE TABLE IF NOT EXISTS relay_guard.daily_bytes (
    address text NOT NULL, day integer NOT NULL, bytes bigint NOT NULL, PRIMARY KEY (address, day)
  );`;

/** 503: the relay cannot admit anything without its shared state (it never falls back to memory). */
export class GuardDatabaseError extends StorageError {
  override name = "GuardDatabaseError";
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`The relay cannot reach its admission database at DATABASE_URL (${reason}); uploads are refused until it can.`, 503);
    this.cause = cause;
  }
}

/** `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`, for messages. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

export type PostgresGuardState = GuardState & { close(): Promise<void> };

export function createPostgresGuardState(databaseUrl: string): PostgresGuardState {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 5, connectionTimeoutMillis: 5_000 });
  // An idle connection the server dropped must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  let schema: Promise<void> | undefined;
  let lastPrune = 0;

  /** Connects and creates the tables; rejects with a `GuardDatabaseError` when the database cannot be used. */
  function ready(): Promise<void> {
    schema ??= (async () => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query("SELECT pg_advisory_xact_lock($1)", [SCHEMA_LOCK]);
        await client.query(CREATE_SCHEMA);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    })().catch((error) => {
      schema = undefined; // try again on the next request
      throw new GuardDatabaseError(error);
    });
    return schema;
  }

  async function query(text: string, values: unknown[]): Promise<pg.QueryResult> {
    await ready();
    try {
      return await pool.query(text, values);
    } catch (error) {
      throw new GuardDatabaseError(error);
    }
  }

  /** Drops expired nonces and past days now and then; admissions never depend on it. */
  function prune(now: number): void {
    if (now - lastPrune < 60) return;
    lastPrune = now;
    const today = Math.floor(now / DAY_SECONDS);
    void pool
      .query("DELETE FROM relay_guard.spent_nonces WHERE expires_at < $1", [now])
      .then(() => pool.query("DELETE FROM relay_guard.daily_bytes WHERE day < $1", [today]))
      .catch(() => {});
  }

  const key = (address: Address) => address.toLowerCase();

  return {
    ready,
    close: () => pool.end(),
    async claimNonce(address, nonce, root, expiresAt, now) {
      const result = await query(
        `INSERT INTO relay_guard.spent_nonces AS n (address, nonce, root, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (address, nonce, root) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE n.expires_at < $5
         RETURNING 1`,
        [key(address), nonce.toLowerCase(), root.toLowerCase(), expiresAt, now],
      );
      prune(now);
      return result.rowCount === 1;
    },
    async admitToWindow(address, now, windowSeconds, limit): Promise<WindowAdmission> {
      const windowStart = now - windowSeconds;
      const admitted = await query(
        `INSERT INTO relay_guard.rate_windows AS w (address, times) SELECT $1, ARRAY[$2::float8] WHERE $4::int > 0
         ON CONFLICT (address) DO UPDATE
           SET times = ARRAY(SELECT t FROM unnest(w.times) AS t WHERE t > $3 ORDER BY t) || $2::float8
           WHERE (SELECT count(*) FROM unnest(w.times) AS t WHERE t > $3) < $4
         RETURNING 1`,
        [key(address), now, windowStart, limit],
      );
      if (admitted.rowCount === 1) return { admitted: true };
      const oldest = await query(
        "SELECT min(t) AS oldest FROM relay_guard.rate_windows, unnest(times) AS t WHERE address = $1 AND t > $2",
        [key(address), windowStart],
      );
      return { admitted: false, oldest: Number(oldest.rows[0]?.oldest ?? now) };
    },
    async reserveBytes(address, day, bytes, limit) {
      const result = await query(
        `INSERT INTO relay_guard.daily_bytes AS d (address, day, bytes) SELECT $1, $2, $3 WHERE $3::bigint <= $4::bigint
         ON CONFLICT (address, day) DO UPDATE SET bytes = d.bytes + EXCLUDED.bytes WHERE d.bytes + EXCLUDED.bytes <= $4::bigint
         RETURNING 1`,
        [key(address), day, bytes, limit],
      );
      return result.rowCount === 1;
    },
    async releaseBytes(address, day, bytes) {
      await query("UPDATE relay_guard.daily_bytes SET bytes = GREATEST(0, bytes - $3) WHERE address = $1 AND day = $2", [
        key(address),
        day,
        bytes,
      ]);
    },
  };
}
