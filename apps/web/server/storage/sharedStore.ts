/**
 * The `local` backend is one folder on one machine, so relay instances that share admission state
 * (`DATABASE_URL`) must also share that folder, or an artifact uploaded through one is missing on the
 * others. Each instance records where it stores artifacts in `relay_guard.stores` when it starts and
 * learns whether another instance (seen within a day) stores them elsewhere.
 */
import { hostname } from "node:os";
import { realpathSync } from "node:fs";
import pg from "pg";

import type { BackendName } from "./config.ts";

export type SharedStoreParameters = { databaseUrl: string; backend: BackendName; storeDir: string; host?: string };

/** Records this instance's store; returns one sentence when another instance's local store is elsewhere. */
export async function checkSharedStore({ databaseUrl, backend, storeDir, host = hostname() }: SharedStoreParameters): Promise<string | undefined> {
  if (backend !== "local") return undefined;
  let dir = storeDir;
  try {
    dir = realpathSync(storeDir);
  } catch {
    // not created yet: compare the configured path
  }
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS relay_guard;
      CREATE TABLE IF NOT EXISTS relay_guard.stores (host text NOT NULL, dir text NOT NULL, seen_at timestamptz NOT NULL, PRIMARY KEY (host, dir))`);
    await client.query(
      "INSERT INTO relay_guard.stores (host, dir, seen_at) VALUES ($1, $2, now()) ON CONFLICT (host, dir) DO UPDATE SET seen_at = now()",
      [host, dir],
    );
    const others = await client.query<{ host: string; dir: string }>(
      "SELECT host, dir FROM relay_guard.stores WHERE NOT (host = $1 AND dir = $2) AND seen_at > now() - interval '1 day' LIMIT 1",
      [host, dir],
    );
    const other = others.rows[0];
    if (!other) return undefined;
    const where = other.host === host ? `in ${other.dir}` : `on ${other.host} (${other.dir})`;
    return `Another relay instance sharing this DATABASE_URL stores artifacts ${where}, not in ${dir} on ${host}: with STORAGE_BACKEND=local every instance must use one shared STORAGE_DIR, or use STORAGE_BACKEND=0g.`;
  } finally {
    await client.end().catch(() => {});
  }
}
