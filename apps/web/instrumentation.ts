/**
 * Runs once when a server instance starts. With `DATABASE_URL` set, the relay's shared admission
 * state is connected and its tables created now, so a wrong or unreachable database is one sentence
 * at start rather than a failure at the first upload (the instance still serves pages; uploads and
 * `/api/health` answer 503 until the database answers). Instances on the `local` backend that do not
 * share one store folder are one sentence too.
 */
export async function register(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (process.env.NEXT_RUNTIME !== "nodejs" || !databaseUrl) return;
  const { getGuardState } = await import("./server/storage/guard.ts");
  const { redactDatabaseUrl } = await import("./server/storage/guardPostgres.ts");
  const { checkSharedStore } = await import("./server/storage/sharedStore.ts");
  const { readStorageConfig } = await import("./server/storage/config.ts");
  try {
    await (await getGuardState()).ready();
    console.log(`Relay admission state: Postgres at ${redactDatabaseUrl(databaseUrl)}.`);
    const config = readStorageConfig();
    const problem = await checkSharedStore({ databaseUrl, backend: config.backend, storeDir: config.dir });
    if (problem) console.error(problem);
  } catch (error) {
    console.error((error as Error).message);
  }
}
