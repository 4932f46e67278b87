/**
 * `npm run bench:serve` (part of `npm run bench`): how many visitors the pages and the indexer's
 * board query hold at once, on a seeded local stack (`startLocalStack()`, or E2E_BASE_URL and
 * E2E_INDEXER_URL for a stack that is already up), while trades keep landing.
 *
 * For each target in turn: a warm-up, then `CONNECTIONS` keep-alive connections on 127.0.0.1 each
 * sending its next request as soon as the last one answered, for `DURATION_MS` (a bounded, closed
 * load: the figures are what the server sustains, not a queue growing without end). The ceiling is
 * the same web server sending one of the page's static script chunks in the same run.
 *
 * Meanwhile a dev account buys one token of project 0 every `TRADE_EVERY_MS`, and `/status` of the
 * indexer is read every 50 ms to learn when each block became indexed. A page names the indexed
 * block it was rendered from (`x-indexed-block`, set by the page cache); a page served at time t
 * from block b, when block b' > b had been indexed since t', was t − t' stale. `maxStalenessMs` is
 * the worst of that (null when the pages do not name their block: rendered per request).
 *
 * Prints a table and writes bench/results/serve.json:
 *   { "staticRps": n, "routes": { "/": { "rps", "p50Ms", "p99Ms", "errors", "maxStalenessMs" }, … } }
 * Targets: `/` and `/projects/[id]` >= 1,000 rps, p99 <= 250 ms, no errors, staleness <= 1,500 ms;
 * `/proposals/[id]` and `/verify` >= 500 rps.
 */
import http from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPublicClient, createWalletClient, http as viemHttp, type Address } from "viem";
import { hardhat } from "viem/chains";

import { startLocalStack } from "@orm/scripts/lib/localStack";
import { projectTokenAbi } from "@orm/protocol/generated/abis";
import { readIndexedBlock } from "@orm/protocol/indexerStatus";
import { devAccounts } from "../lib/devAccounts.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const RESULTS_DIR = path.join(REPO_ROOT, "bench/results");

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 2_000);
const TRADE_EVERY_MS = 500;
/** The account that trades during the run (a speculator of the seeded world). */
const TRADER = devAccounts[2].address;

/** What is driven: route pattern → a concrete URL on the seeded world. */
type Target = { name: string; url: string; page: boolean };

type Sample = { latencyMs: number; ok: boolean; receivedAt: number; block: bigint | undefined };

type RunResult = { rps: number; p50Ms: number; p99Ms: number; errors: number; samples: Sample[] };

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS });

/** One GET, its body read to the end; never throws (a failure is a sample that is not ok). */
function get(url: string): Promise<Sample> {
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (ok: boolean, block: bigint | undefined) =>
      resolve({ latencyMs: performance.now() - started, ok, receivedAt: Date.now(), block });
    const request = http.get(url, { agent, headers: { accept: "text/html,application/json,*/*" } }, (response) => {
      const header = response.headers["x-indexed-block"];
      const block = typeof header === "string" && /^\d+$/.test(header) ? BigInt(header) : undefined;
      response.on("data", () => {});
      response.on("end", () => done((response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300, block));
      response.on("error", () => done(false, undefined));
    });
    request.setTimeout(30_000, () => request.destroy());
    request.on("error", () => done(false, undefined));
  });
}

/** `connections` loops of back-to-back requests for `durationMs`. */
async function drive(url: string, durationMs: number, connections = CONNECTIONS): Promise<RunResult> {
  const samples: Sample[] = [];
  const started = performance.now();
  const end = started + durationMs;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) samples.push(await get(url));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const latencies = samples.map((sample) => sample.latencyMs).sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    rps: Math.round(samples.length / seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors: samples.filter((sample) => !sample.ok).length,
    samples,
  };
}

/** When each block was first seen indexed (ms since the epoch), read every 50 ms. */
function watchIndexedBlocks(indexerUrl: string) {
  const firstSeen = new Map<bigint, number>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const block = await readIndexedBlock(indexerUrl);
      if (block !== undefined && !firstSeen.has(block)) firstSeen.set(block, Date.now());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    /** How long before `at` a block newer than `block` had been indexed (0 when none had). */
    stalenessOf(block: bigint, at: number): number {
      let earliestNewer: number | undefined;
      for (const [number, seen] of firstSeen) {
        if (number > block && seen <= at && (earliestNewer === undefined || seen < earliestNewer)) earliestNewer = seen;
      }
      return earliestNewer === undefined ? 0 : at - earliestNewer;
    },
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/** Buys one token of `token` every `TRADE_EVERY_MS` from the trader's unlocked account until stopped. */
function keepTrading(rpcUrl: string, token: Address) {
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  const client = createPublicClient({ chain, transport: viemHttp(rpcUrl) });
  const wallet = createWalletClient({ account: TRADER, chain, transport: viemHttp(rpcUrl) });
  let trades = 0;
  let failures = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const cost = await client.readContract({ address: token, abi: projectTokenAbi, functionName: "quoteBuyExact", args: [1n] });
        const block = await client.getBlock();
        const hash = await wallet.writeContract({
          address: token,
          abi: projectTokenAbi,
          functionName: "buyExact",
          args: [1n, cost, block.timestamp + 3_600n],
          value: cost,
        });
        await client.waitForTransactionReceipt({ hash, pollingInterval: 100 });
        trades++;
      } catch {
        failures++;
      }
      await new Promise((resolve) => setTimeout(resolve, TRADE_EVERY_MS));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return { trades, failures };
    },
  };
}

/** A static script chunk the home page loads (the ceiling: the same server, no rendering). */
async function findStaticChunk(baseUrl: string): Promise<string> {
  const html = await (await fetch(baseUrl)).text();
  const chunk = html.match(/\/_next\/static\/chunks\/[\w.-]+\.js/)?.[0];
  if (!chunk) throw new Error(`no static chunk found in ${baseUrl}`);
  return new URL(chunk, baseUrl).toString();
}

const external = process.env.E2E_BASE_URL;
const stack = external ? undefined : await startLocalStack({ onOutput: (chunk) => process.stdout.write(`[stack] ${chunk}`) });
const baseUrl = external ?? stack!.webUrl;
const indexerUrl = process.env.E2E_INDEXER_URL ?? stack!.indexerUrl;
const rpcUrl = process.env.E2E_RPC_URL ?? stack!.rpcUrl;
try {
  const project = (await (await fetch(`${indexerUrl}/projects/0`)).json()) as { token: Address };
  const targets: Target[] = [
    { name: "/", url: new URL("/", baseUrl).toString(), page: true },
    { name: "/projects/[id]", url: new URL("/projects/0", baseUrl).toString(), page: true },
    { name: "/proposals/[id]", url: new URL("/proposals/0", baseUrl).toString(), page: true },
    { name: "/verify", url: new URL("/verify", baseUrl).toString(), page: true },
    { name: "indexer /projects", url: `${indexerUrl}/projects?sort=trending&limit=20`, page: false },
  ];
  const staticUrl = await findStaticChunk(baseUrl);

  const blocks = watchIndexedBlocks(indexerUrl);
  const trading = keepTrading(rpcUrl, project.token);
  const routes: Record<string, { rps: number; p50Ms: number; p99Ms: number; errors: number; maxStalenessMs: number | null }> = {};
  let staticRps = 0;
  try {
    for (const target of [...targets, { name: "static chunk", url: staticUrl, page: false }]) {
      await drive(target.url, WARMUP_MS);
      const result = await drive(target.url, DURATION_MS);
      if (target.name === "static chunk") {
        staticRps = result.rps;
        console.log(`static chunk: ${result.rps} rps, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.errors} errors`);
        continue;
      }
      const stamped = result.samples.filter((sample) => sample.ok && sample.block !== undefined);
      const maxStalenessMs = !target.page
        ? null
        : stamped.length
          ? Math.round(Math.max(...stamped.map((sample) => blocks.stalenessOf(sample.block!, sample.receivedAt))))
          : null;
      routes[target.name] = { rps: result.rps, p50Ms: result.p50Ms, p99Ms: result.p99Ms, errors: result.errors, maxStalenessMs };
      console.log(`${target.name}: ${result.rps} rps, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.errors} errors, staleness ${maxStalenessMs ?? "-"} ms`);
    }
  } finally {
    const traded = await trading.stop();
    await blocks.stop();
    console.log(`trades landed during the run: ${traded.trades} (${traded.failures} failed)`);
  }

  const target = (name: string) => (name === "/" || name === "/projects/[id]" ? ">= 1,000 rps, p99 <= 250 ms, staleness <= 1,500 ms" : name.startsWith("indexer") ? "-" : ">= 500 rps");
  console.table([
    { figure: "static chunk (ceiling)", rps: staticRps, "p50 ms": "-", "p99 ms": "-", errors: "-", "staleness ms": "-", "of ceiling": "100%", target: "-" },
    ...Object.entries(routes).map(([name, figures]) => ({
      figure: name,
      rps: figures.rps,
      "p50 ms": figures.p50Ms,
      "p99 ms": figures.p99Ms,
      errors: figures.errors,
      "staleness ms": figures.maxStalenessMs ?? "-",
      "of ceiling": `${((100 * figures.rps) / Math.max(1, staticRps)).toFixed(1)}%`,
      target: target(name),
    })),
  ]);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, "serve.json"), `${JSON.stringify({ connections: CONNECTIONS, durationMs: DURATION_MS, staticRps, routes }, null, 2)}\n`);
  console.log(`wrote ${path.relative(REPO_ROOT, path.join(RESULTS_DIR, "serve.json"))}`);
} finally {
  agent.destroy();
  await stack?.stop();
}
