/**
 * Starts the whole local stack (`node scripts/start.ts`: chain, deploy, indexer, web build and
 * server, seed) on free ports for a test or benchmark, waits for the line with the app's URL, and
 * hands back the URLs and a `stop()` that ends the stack's whole process group (SIGTERM, then
 * SIGKILL after 15 s). The browser tests' global setup and the web benchmark use it.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";

import { REPO_ROOT } from "@orm/protocol/deployments";
import { getFreePort } from "./ports.ts";

export type LocalStack = {
  webUrl: string;
  rpcUrl: string;
  indexerUrl: string;
  /** Seconds from spawn to the "is running" line. */
  startSeconds: number;
  /** Everything the stack printed so far. */
  output: () => string;
  stop: () => Promise<void>;
};

export type StartLocalStackOptions = {
  /** Extra arguments for scripts/start.ts (`--dev`). */
  args?: string[];
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Called with each chunk the stack prints (progress for long starts). */
  onOutput?: (chunk: string) => void;
};

const READY_LINE = /is running: (http:\/\/127\.0\.0\.1:\d+)/;

/** Distinct free ports for the chain, the web app and the indexer. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await getFreePort());
  return [...ports];
}

export async function startLocalStack({ args = [], env = {}, timeoutMs = 8 * 60_000, onOutput }: StartLocalStackOptions = {}): Promise<LocalStack> {
  const [chainPort, webPort, indexerPort] = await freePorts(3);
  const started = Date.now();
  const child = spawn(process.execPath, ["scripts/start.ts", ...args], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      CHAIN_PORT: String(chainPort),
      WEB_PORT: String(webPort),
      INDEXER_PORT: String(indexerPort),
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: stop() ends it and everything it started
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk;
    onOutput?.(String(chunk));
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 15_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    const webUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the stack did not start within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
      const check = () => {
        const match = output.match(READY_LINE);
        if (!match) return;
        clearTimeout(timer);
        resolve(match[1]!);
      };
      child.stdout!.on("data", check);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`scripts/start.ts exited early (${signal ?? `code ${code}`}):\n${output}`));
      });
    });
    return {
      webUrl,
      rpcUrl: `http://127.0.0.1:${chainPort}`,
      indexerUrl: `http://127.0.0.1:${indexerPort}`,
      startSeconds: (Date.now() - started) / 1000,
      output: () => output,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
