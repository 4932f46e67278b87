/**
 * Runs once when a server instance starts. With `DATABASE_URL` set, the relay's shared admission
 * state is connected and its tables created now, so a wrong or unreachable database is one sentence
 * at start rather than a failure at the first upload (the instance still serves pages; uploads and
 * `/api/health` answer 503 until the database answers).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.DATABASE_URL?.trim()) return;
  const { getGuardState } = await import("./server/storage/guard.ts");
  const { redactDatabaseUrl } = await import("./server/storage/guardPostgres.ts");
  try {
    await (await getGuardState()).ready();
    console.log(`Relay admission state: Postgres at ${redactDatabaseUrl(process.env.DATABASE_URL)}.`);
  } catch (error) {
    console.error((error as Error).message);
  }
}
