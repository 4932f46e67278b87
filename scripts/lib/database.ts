/** Checks on a `DATABASE_URL` before anything is started with it, each problem one sentence. */
import pg from "pg";

/** `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`, for messages. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

/** Why `url` cannot be used (one sentence), or undefined when a query goes through. */
export async function describeDatabaseProblem(url: string): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `DATABASE_URL is not a URL ("${redactDatabaseUrl(url).slice(0, 80)}"); it should look like postgresql://user:password@host:5432/database.`;
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    return `DATABASE_URL must be a postgresql:// URL, not ${parsed.protocol}//….`;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return `DATABASE_URL (${redactDatabaseUrl(url)}) cannot be reached: ${(error as Error).message || (error as Error).name}.`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drops `schema` and everything in it (an indexer schema of a chain that no longer exists). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`);
  } finally {
    await client.end().catch(() => {});
  }
}
