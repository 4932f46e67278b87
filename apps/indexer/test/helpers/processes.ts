/**
 * Child processes for tests and the bench: a Hardhat node, Ponder and a throwaway Postgres cluster,
 * each started in its own process group on a free 127.0.0.1 port and stopped (group and all) on
 * `stop()`, and on exit of this process whatever happens.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { ponderNodeOptions } from "../../lib/nodeOptions.ts";
import { waitForIndexedBlock } from "@orm/protocol/indexerStatus";

export const INDEXER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const REPO_ROOT = path.resolve(INDEXER_DIR, "../..");
const BIN = path.join(REPO_ROOT, "node_modules/.bin");

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

process.on("exit", () => {
  for (const child of live) killGroup(child, "SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const child of live) killGroup(child, "SIGKILL");
    process.exit(130);
  });
}

export function makeTempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type Managed = { child: ChildProcess; logFile: string; stop(): Promise<void>; log(): string };

/** Spawns `command` in its own process group, logging to `logFile`; resolves once `ready(log)` holds. */
export async function startManaged(options: {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  logFile: string;
  ready: (log: string) => boolean;
  timeoutMs: number;
  name: string;
  uid?: number;
  gid?: number;
  pollMs?: number;
}): Promise<Managed> {
  const out = createWriteStream(options.logFile);
  let text = "";
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, PATH: `${BIN}:${process.env.PATH}`, ...options.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    uid: options.uid,
    gid: options.gid,
  });
  live.add(child);
  const onData = (chunk: Buffer) => {
    out.write(chunk);
    if (text.length < 2_000_000) text += chunk.toString();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", () => live.delete(child));

  const managed: Managed = {
    child,
    logFile: options.logFile,
    log: () => text,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(child, "SIGTERM");
        const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      live.delete(child);
      out.end();
    },
  };

  const deadline = Date.now() + options.timeoutMs;
  while (!options.ready(text)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await managed.stop();
      throw new Error(`${options.name} exited before it was ready:\n${text.slice(-4000)}`);
    }
    if (Date.now() > deadline) {
      await managed.stop();
      throw new Error(`${options.name} was not ready after ${options.timeoutMs} ms:\n${text.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
  return managed;
}

export async function startHardhatNode(dir: string): Promise<Managed & { rpcUrl: string }> {
  const port = await freePort();
  const managed = await startManaged({
    name: "hardhat node",
    command: path.join(BIN, "hardhat"),
    args: ["node", "--hostname", "127.0.0.1", "--port", String(port)],
    cwd: REPO_ROOT,
    logFile: path.join(dir, "hardhat.log"),
    ready: (log) => log.includes("Started HTTP and WebSocket JSON-RPC server at"),
    timeoutMs: 120_000,
  });
  return { ...managed, rpcUrl: `http://127.0.0.1:${port}` };
}

export type PonderOptions = {
  dir: string;
  deploymentFile: string;
  rpcUrl: string;
  databaseUrl?: string;
  schema?: string;
  dataDir?: string;
  /** More environment (e.g. STORAGE_URL). */
  env?: NodeJS.ProcessEnv;
};

/** `ponder start` on a free port; ready when its HTTP server answers (indexing may still run). */
export async function startPonder(options: PonderOptions): Promise<Managed & { apiUrl: string; healthyAt: number }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PONDER_TELEMETRY_DISABLED: "true",
    PONDER_DEPLOYMENT_FILE: options.deploymentFile,
    PONDER_RPC_URL: options.rpcUrl,
    PONDER_DATA_DIR: options.dataDir ?? path.join(options.dir, "pglite"),
    PONDER_LOG_LEVEL: process.env.PONDER_LOG_LEVEL ?? "warn",
    DATABASE_URL: options.databaseUrl ?? "",
    DATABASE_PRIVATE_URL: "",
    NODE_ENV: "production",
    ...options.env,
    NODE_OPTIONS: ponderNodeOptions(process.env.NODE_OPTIONS, options.env?.NODE_OPTIONS),
  };
  if (!options.databaseUrl) delete env.DATABASE_URL;
  const apiUrl = `http://127.0.0.1:${port}`;
  let healthy = false;
  let healthyAt = 0;
  const managed = await startManaged({
    name: "ponder",
    command: path.join(BIN, "ponder"),
    args: ["--log-format", "json", "start", "--schema", options.schema ?? "indexer", "--port", String(port), "--hostname", "127.0.0.1"],
    cwd: INDEXER_DIR,
    env,
    logFile: path.join(options.dir, `ponder-${port}.log`),
    ready: () => {
      if (!healthy) {
        fetch(`${apiUrl}/health`)
          .then((r) => {
            if (r.ok && !healthy) healthyAt = performance.now();
            healthy = r.ok;
          })
          .catch(() => {});
      }
      return healthy;
    },
    timeoutMs: 180_000,
    pollMs: 25,
  });
  return { ...managed, apiUrl, healthyAt };
}

/**
 * Waits until Ponder is past historical sync (`/ready`: its API routes answer) and has indexed
 * `blockNumber` (`@orm/protocol/indexerStatus`); throws when the time is up.
 */
export async function waitForIndexed(apiUrl: string, blockNumber: bigint | number, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fetch(`${apiUrl}/ready`).then((ready) => ready.ok, () => false))) {
    if (Date.now() > deadline) throw new Error(`The indexer was not ready within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  if (!(await waitForIndexedBlock(apiUrl, blockNumber, { timeoutMs: Math.max(0, deadline - Date.now()), pollMs: 150 }))) {
    throw new Error(`The indexer did not reach block ${blockNumber} within ${timeoutMs} ms.`);
  }
}

export function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
