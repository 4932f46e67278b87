/**
 * One writer and read replicas on one Postgres (the production shape of the README's "Running beyond
 * one machine"): the writer (`ponder start`) is killed with SIGKILL while it catches up on a scripted
 * history, started again on the same database and schema, and resumes (Ponder's crash recovery, after
 * the dead writer's lock lapses); a reader (`ponder serve`) then serves numbers equal to the chain,
 * every one the indexer suite checks. A reader started before any writer refuses with a sentence.
 * Skipped, with the reason printed, only where Postgres cannot be installed.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { startArtifactServer, type ArtifactServer } from "./helpers/artifacts.ts";
import { postgresUnavailableReason, startPostgres, type PostgresCluster } from "./helpers/postgres.ts";
import {
  freePort,
  INDEXER_DIR,
  makeTempDir,
  startHardhatNode,
  startManaged,
  startPonder,
  waitForIndexed,
  type Managed,
} from "./helpers/processes.ts";
import { deployTestProtocol, type Protocol } from "./helpers/protocol.ts";
import { scriptActivity, verifyAgainstChain, type ScenarioResult } from "./helpers/scenario.ts";
import { ponderNodeOptions } from "../lib/nodeOptions.ts";

/** `ponder serve` (a read replica) on a free port over `databaseUrl`; resolves once its HTTP server answers. */
async function startReader(dir: string, p: Protocol, rpcUrl: string, databaseUrl: string): Promise<Managed & { apiUrl: string }> {
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  let healthy = false;
  const managed = await startManaged({
    name: "ponder serve",
    command: path.join(INDEXER_DIR, "../../node_modules/.bin/ponder"),
    args: ["serve", "--schema", "indexer", "--port", String(port), "--hostname", "127.0.0.1"],
    cwd: INDEXER_DIR,
    env: {
      PONDER_TELEMETRY_DISABLED: "true",
      PONDER_DEPLOYMENT_FILE: p.deploymentFile,
      PONDER_RPC_URL: rpcUrl,
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      NODE_OPTIONS: ponderNodeOptions(process.env.NODE_OPTIONS),
    },
    logFile: path.join(dir, `ponder-serve-${port}.log`),
    ready: () => {
      fetch(`${apiUrl}/health`).then((r) => (healthy = r.ok), () => {});
      return healthy;
    },
    timeoutMs: 180_000,
    pollMs: 100,
  });
  return { ...managed, apiUrl };
}

const reason = postgresUnavailableReason();
if (reason) {
  console.log(`# SKIP indexer writer and readers: ${reason}`);
  describe("indexer writer and readers on Postgres", { skip: reason }, () => {});
} else {
  describe("indexer writer and readers on Postgres", { timeout: 600_000 }, () => {
    let dir: string;
    let node: (Managed & { rpcUrl: string }) | undefined;
    let cluster: PostgresCluster | undefined;
    let relay: ArtifactServer | undefined;
    const started: Managed[] = [];
    let p: Protocol;
    let scenario: ScenarioResult;

    before(async () => {
      dir = makeTempDir("orm-indexer-replicas");
      node = await startHardhatNode(dir);
      p = await deployTestProtocol(node.rpcUrl, dir);
      relay = await startArtifactServer();
      scenario = await scriptActivity(p);
      cluster = await startPostgres(dir);
    });

    after(async () => {
      for (const managed of started) await managed.stop();
      await node?.stop();
      await cluster?.stop();
      await relay?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("a reader with no writer refuses to start, saying the schema does not exist", async () => {
      await assert.rejects(startReader(dir, p, node!.rpcUrl, cluster!.url), /exited before it was ready[\s\S]*Schema does not exist/);
    });

    it("a writer killed during catch-up resumes on restart; a reader then serves numbers equal to the chain", async () => {
      const options = { dir, deploymentFile: p.deploymentFile, rpcUrl: node!.rpcUrl, databaseUrl: cluster!.url, env: { STORAGE_URL: relay!.url } };
      const first = await startPonder(options);
      started.push(first);
      // Its HTTP server answers as soon as it starts; the history is still being indexed.
      const readyAtKill = await fetch(`${first.apiUrl}/ready`).then((r) => r.status);
      first.child.kill("SIGKILL");
      await first.stop();
      console.log(`# writer killed (its /ready answered ${readyAtKill})`);

      const second = await startPonder({ ...options, env: { ...options.env, PONDER_LOG_LEVEL: "info" } });
      started.push(second);
      await waitForIndexed(second.apiUrl, scenario.head);
      assert.match(second.log(), /Detected crash recovery/, "it resumed the dead writer's schema");

      const reader = await startReader(dir, p, node!.rpcUrl, cluster!.url);
      started.push(reader);
      await waitForIndexed(reader.apiUrl, scenario.head);
      await verifyAgainstChain(p, reader.apiUrl, scenario);
      await verifyAgainstChain(p, second.apiUrl, scenario);
    });
  });
}
