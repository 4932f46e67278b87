/**
 * Brings up the whole local stack for the browser tests: `node scripts/start.ts` from the repo root
 * on free ports (chain, deploy, web build, seed; 1–3 minutes), waits for the line with the app's
 * URL, and hands the URLs to the tests through E2E_BASE_URL and E2E_RPC_URL. The returned function
 * (Playwright's teardown) stops the stack's whole process group with SIGTERM.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { getFreePort as freePort } from "../../../scripts/lib/ports.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const READY_LINE = /is running: (http:\/\/127\.0\.0\.1:\d+)/;
const START_TIMEOUT_MS = 8 * 60_000;

export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.E2E_BASE_URL && process.env.E2E_RPC_URL) return undefined; // a stack that is already up
  // Another `next build` of apps/web (a second stack starting in the same checkout) makes ours
  // refuse to run: wait and try again a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startStack();
    } catch (error) {
      if (attempt >= 4 || !/Another next build process is already running/.test(String(error))) throw error;
      console.log("[e2e] another next build is running in this checkout; retrying in 20 s");
      await new Promise((resolve) => setTimeout(resolve, 20_000));
    }
  }
}

async function startStack(): Promise<() => Promise<void>> {
  const chainPort = await freePort();
  const ports = new Set<number>([chainPort]);
  const nextFreePort = async () => {
    let port = await freePort();
    while (ports.has(port)) port = await freePort();
    ports.add(port);
    return port;
  };
  const webPort = await nextFreePort();
  const indexerPort = await nextFreePort();
  const started = Date.now();
  const child = spawn(process.execPath, ["scripts/start.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, CHAIN_PORT: String(chainPort), WEB_PORT: String(webPort), INDEXER_PORT: String(indexerPort), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: the teardown stops it and everything it started
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));

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
        // gone
      }
    }, 15_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the stack did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS);
      const check = () => {
        const match = output.match(READY_LINE);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout!.on("data", check);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`scripts/start.ts exited early (${signal ?? `code ${code}`}):\n${output}`));
      });
    });
    process.env.E2E_BASE_URL = url;
    process.env.E2E_RPC_URL = `http://127.0.0.1:${chainPort}`;
    console.log(`[e2e] stack up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${url} (chain ${process.env.E2E_RPC_URL})`);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
