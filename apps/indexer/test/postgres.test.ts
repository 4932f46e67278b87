/**
 * The same suite on a real Postgres (DATABASE_URL), started by the test on 127.0.0.1. Skipped, with
 * the reason printed, only where Postgres cannot be installed.
 */
import { describe } from "node:test";

import { postgresUnavailableReason, startPostgres } from "./helpers/postgres.ts";
import { defineIndexerSuite } from "./helpers/suite.ts";

const reason = postgresUnavailableReason();
if (reason) {
  console.log(`# SKIP indexer on Postgres: ${reason}`);
  describe("indexer on Postgres", { skip: reason }, () => {});
} else {
  defineIndexerSuite("indexer on Postgres", async (dir) => {
    const cluster = await startPostgres(dir);
    return { databaseUrl: cluster.url, stop: cluster.stop };
  });
}
