/**
 * `npm run bench:indexer` (also `npm run bench -w apps/indexer`, part of the root `npm run bench`):
 *
 * 1. Catch-up: a local Hardhat node gets >= 50,000 real events (project creations with a first buy,
 *    then buys and sells, mined in blocks of a few hundred transactions); a fresh Ponder (PGlite)
 *    indexes them from scratch. Events/s = events Ponder processed / its historical catch-up time
 *    (sync + indexing, from its own metrics); the wall time including process start is printed too.
 * 2. Discovery latency: the index is grown to 10,000 projects and 1,000,000 trades (synthetic rows
 *    inserted straight into the database, with their candles), Ponder is restarted on it, and every
 *    `/projects` query shape (each sort, search, filters, a second page) is timed over HTTP.
 *
 * `BENCH_PROFILE=catchup` prints Ponder's own metrics after the PGlite catch-up and stops there;
 * `BENCH_CPU_PROFILE=1` profiles the PGlite catch-up (node --cpu-prof; slows it a little) and prints
 * where the CPU went, then goes on.
 *
 * Writes bench/results/indexer.json: { events, catchupEventsPerSec, projects, trades, projectsP50Ms, projectsP95Ms }
 * (projectsP95Ms is the worst shape's p95). Targets: >= 5,000 events/s; p95 <= 50 ms for every shape.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { encodeFunctionData, keccak256, parseEther, toHex, type Hex } from "viem";

import { projectRegistryAbi, projectTokenAbi } from "@orm/protocol/generated/abis";
import { costFromZero } from "@orm/protocol/curve";
import { summarizeCpuProfile, topFunctions } from "./cpuProfile.ts";
import { makeTempDir, REPO_ROOT, startHardhatNode, startPonder, waitForIndexed } from "../test/helpers/processes.ts";
import { postgresUnavailableReason, startPostgres } from "../test/helpers/postgres.ts";
import { deployTestProtocol, type Protocol } from "../test/helpers/protocol.ts";

const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const TARGET_PROJECTS = 10_000;
const TARGET_TRADES = 1_000_000;
const CHAIN_PROJECTS = 100;
const PER_BLOCK = 200;
const RESULT_FILE = path.join(REPO_ROOT, "bench/results/indexer.json");
const FAR = 2n ** 63n;

type Tx = { account: number; to: Hex; data: Hex; value: bigint; gas: bigint };

async function rpc(url: string, calls: { method: string; params: unknown[] }[]): Promise<any[]> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(calls.map((call, id) => ({ jsonrpc: "2.0", id, ...call }))),
  });
  const results = (await response.json()) as { id: number; result?: unknown; error?: { message: string } }[];
  results.sort((a, b) => a.id - b.id);
  for (const r of results) if (r.error) throw new Error(`${calls[r.id]!.method}: ${r.error.message}`);
  return results.map((r) => r.result);
}

/** Signs locally with explicit nonces and gas, sends in JSON-RPC batches, mines a block per batch. */
async function sendMined(p: Protocol, url: string, txs: Tx[], nonces: number[]): Promise<void> {
  for (let i = 0; i < txs.length; i += PER_BLOCK) {
    const batch = txs.slice(i, i + PER_BLOCK);
    const raws = await Promise.all(
      batch.map((tx) =>
        p.accounts[tx.account]!.signTransaction({
          chainId: 31337,
          type: "eip1559",
          nonce: nonces[tx.account]!++,
          to: tx.to,
          data: tx.data,
          value: tx.value,
          gas: tx.gas,
          maxFeePerGas: 50_000_000_000n,
          maxPriorityFeePerGas: 1_000_000_000n,
        }),
      ),
    );
    const hashes = (await rpc(url, raws.map((raw) => ({ method: "eth_sendRawTransaction", params: [raw] })))) as Hex[];
    await rpc(url, [{ method: "evm_mine", params: [] }]);
    // Whatever did not fit in the block goes into the next ones.
    const last = hashes.at(-1)!;
    for (let tries = 0; tries < 20; tries++) {
      const [receipt] = await rpc(url, [{ method: "eth_getTransactionReceipt", params: [last] }]);
      if (receipt) {
        if (receipt.status !== "0x1") throw new Error(`A bench transaction reverted (${last}).`);
        break;
      }
      await rpc(url, [{ method: "evm_mine", params: [] }]);
    }
  }
}

async function generateEvents(p: Protocol, url: string): Promise<{ transactions: number }> {
  const nonces = await Promise.all(p.accounts.map((a) => p.publicClient.getTransactionCount({ address: a.address })));
  const basePrice = 10n ** 15n;
  const slope = 10n ** 12n;
  const firstBuy = 10n;
  const creates: Tx[] = [];
  for (let i = 0; i < CHAIN_PROJECTS; i++) {
    const name = `Bench ${["Vision", "Speech", "Protein", "Solver", "Compiler"][i % 5]} ${i}`;
    creates.push({
      account: 1 + (i % 9),
      to: p.registry,
      value: costFromZero(basePrice, slope, firstBuy),
      gas: 900_000n,
      data: encodeFunctionData({
        abi: projectRegistryAbi,
        functionName: "createProjectWithConfig",
        args: [
          {
            protocolHash: keccak256(toHex(`p${i}`)),
            repoSnapshotHash: keccak256(toHex(`r${i}`)),
            benchmarkHash: keccak256(toHex(`b${i}`)),
            baselineAggregateScore: 1_000_000n,
            baselineMetricsHash: keccak256(toHex(`m${i}`)),
            tokenName: name,
            tokenSymbol: `B${i}`,
            basePrice,
            slope,
            minerPoolCap: 100_000n,
            config: {
              lowerIsBetter: false,
              minImprovement: 0n,
              metricScale: 1_000_000n,
              rewardRule: 2,
              rewardBps: 10_000,
              impactTarget: 1_000_000n,
              minStake: 1n,
              hasParent: false,
              parentProjectId: 0n,
              tolerancePpm: 10_000,
              reviewQuorum: 1,
            },
            firstBuyAmount: firstBuy,
          },
        ],
      }),
    });
  }
  await sendMined(p, url, creates, nonces);
  const next = await p.publicClient.readContract({ address: p.registry, abi: projectRegistryAbi, functionName: "nextProjectId" });
  const tokens: Hex[] = [];
  for (let id = next - BigInt(CHAIN_PROJECTS); id < next; id++) {
    tokens.push(await p.publicClient.readContract({ address: p.registry, abi: projectRegistryAbi, functionName: "tokenOf", args: [id] }));
  }

  // Each creation gives 4 handled events (ProjectCreated, ProjectConfigured, Transfer, Trade); each trade 2.
  const tradesNeeded = Math.ceil((TARGET_EVENTS - 4 * CHAIN_PROJECTS) / 2) + 200;
  const buy = encodeFunctionData({ abi: projectTokenAbi, functionName: "buyExact", args: [2n, parseEther("1"), FAR] });
  const sell = encodeFunctionData({ abi: projectTokenAbi, functionName: "sellExact", args: [1n, 0n, FAR] });
  const trades: Tx[] = [];
  for (let i = 0; trades.length < tradesNeeded; i++) {
    const account = 1 + (i % 9);
    const token = tokens[(i * 7) % tokens.length]!;
    // Buy two, later sell one: every sale is covered by an earlier buy of the same account.
    trades.push({ account, to: token, data: buy, value: parseEther("0.05"), gas: 150_000n });
    if (i % 2 === 1) trades.push({ account, to: token, data: sell, value: 0n, gas: 150_000n });
  }
  await sendMined(p, url, trades, nonces);
  return { transactions: creates.length + trades.length };
}

async function metric(apiUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  let total = 0;
  let found = false;
  for (const line of text.split("\n")) {
    if (line.startsWith(name) && (line[name.length] === " " || line[name.length] === "{")) {
      total += Number(line.slice(line.lastIndexOf(" ") + 1));
      found = true;
    }
  }
  if (!found) throw new Error(`Ponder exposes no metric ${name}.`);
  return total;
}

/** Grows the index to the latency bench's size with synthetic rows (triggers off: no reorg bookkeeping). */
async function growIndex(dataDir: string): Promise<{ projects: number; trades: number }> {
  const db = new PGlite(dataDir);
  await db.exec(`SET search_path TO indexer; SET session_replication_role = replica;`);
  const count = async (table: string) =>
    Number((await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0]!.n);
  const [{ max }] = (await db.query<{ max: string }>(`SELECT coalesce(max(id), -1)::text AS max FROM project`)).rows as { max: string }[];
  const [{ now }] = (await db.query<{ now: string }>(`SELECT extract(epoch from now())::bigint::text AS now`)).rows as { now: string }[];
  const first = Number(max) + 1;
  const words = `ARRAY['Vision','Speech','Protein','Solver','Compiler','Weather','Chess','Retrieval','Robotics','Genome']`;
  const domains = `ARRAY['Compression','Machine learning','Biology','Optimization','Compilers','Climate','Games','Search','Robotics','Genomics']`;
  await db.exec(`
    INSERT INTO project (
      id, token, creator, name, symbol, repository, domain, search_text, protocol_hash, has_parent, parent_project_id, lower_is_better,
      min_improvement, metric_scale, reward_rule, reward_bps, impact_target, min_stake, base_price, slope,
      miner_pool_cap, miner_pool_minted, total_supply, reserve, spot_price, market_cap, holder_count,
      volume_total, volume_bound, trade_count, baseline_score, best_score, best_updated_at, improvement, improvement_ratio,
      open_proposals, proposal_count, approved_count, created_at, created_block, last_activity_at)
    SELECT g, '0x' || substr(md5('t' || g) || md5('u' || g), 1, 40), '0x' || substr(md5('c' || (g % 500)) || md5('d' || (g % 500)), 1, 40),
      (${words})[1 + g % 10] || ' ' || (${words})[1 + (g / 10) % 10] || ' ' || g, 'S' || g,
      CASE WHEN g % 3 = 0 THEN 'https://github.com/research/' || lower((${words})[1 + g % 10]) || '-' || g END,
      CASE WHEN g % 2 = 0 THEN (${domains})[1 + (g / 7) % 10] END, '',
      '0x' || md5('p' || g) || md5('q' || g), g % 20 = 0, CASE WHEN g % 20 = 0 THEN g % 97 END, g % 4 = 0,
      0, 1000000, 0, 0, 0, 1, 1000000000000000, 1000000000000, 100000, 0,
      s, s * 1000000000000000 + (s * (s - 1) / 2) * 1000000000000, 1000000000000000 + s * 1000000000000,
      s * (1000000000000000 + s * 1000000000000), 1 + g % 50, 0, 0, 0,
      1000000, 1000000 + (g % 37) * 1000, ${now} - (g % 5000) * 1000, (g % 37) * 1000, (g % 37) * 0.001,
      g % 5, g % 11, g % 3, ${now} - (${TARGET_PROJECTS} - g) * 600, g, ${now} - (g * 7919) % 2592000
    FROM (SELECT g, (10 + (g * 7919) % 5000)::numeric AS s FROM generate_series(${first}::bigint, ${TARGET_PROJECTS - 1}::bigint) AS g) AS src;
  `);
  const existingTrades = await count("trade");
  const synthetic = TARGET_TRADES - existingTrades;
  // Trades over the last 30 days (so a 24 h window holds ~1/30 of them), on the synthetic projects.
  await db.exec(`
    INSERT INTO trade (id, project_id, trader, is_buy, amount, value, total_supply, spot_price, reserve, timestamp, block_number, transaction_hash)
    SELECT 'z' || lpad(g::text, 9, '0'), ${first} + (g * 7919) % ${TARGET_PROJECTS - first},
      '0x' || substr(md5('a' || (g % 20000)) || md5('b' || (g % 20000)), 1, 40), g % 3 <> 0, 1 + g % 5,
      (1 + g % 5) * 1100000000000000, 100 + g % 1000, 1000000000000000 + (g % 1000) * 1000000000000,
      (100 + g % 1000) * 1000000000000000, ${now} - 2592000 + (g::bigint * 2592000) / ${synthetic}, g, '0x' || md5('x' || g) || md5('y' || g)
    FROM generate_series(1::bigint, ${synthetic}::bigint) AS g;
  `);
  for (const interval of [60, 3600, 86400]) {
    await db.exec(`
      INSERT INTO candle (project_id, interval, start, open, high, low, close, volume, token_volume, trades)
      SELECT project_id, ${interval}, timestamp - timestamp % ${interval}, min(spot_price), max(spot_price), min(spot_price),
        max(spot_price), sum(value), sum(amount), count(*)
      FROM trade WHERE id LIKE 'z%' GROUP BY project_id, timestamp - timestamp % ${interval}
      ON CONFLICT DO NOTHING;
    `);
  }
  // What the handlers keep per project: the search column (lib/search.ts) and the rolling 24 h
  // volume window (lib/volume.ts: the 24 hourly candles ending with the newest one, newest first).
  await db.exec(`
    UPDATE project SET search_text = lower(name || chr(31) || symbol || chr(31) || coalesce(repository, '') || chr(31) || coalesce(domain, ''))
    WHERE id >= ${first};
    WITH newest AS (
      SELECT project_id, max(start) AS hour FROM candle WHERE interval = 3600 AND volume > 0 AND project_id >= ${first} GROUP BY project_id
    ), slots AS (
      SELECT n.project_id, n.hour, i, coalesce(c.volume, 0) AS volume
      FROM newest n CROSS JOIN generate_series(0, 23) AS i
      LEFT JOIN candle c ON c.project_id = n.project_id AND c.interval = 3600 AND c.start = n.hour - 3600 * i
    ), windows AS (
      SELECT project_id, hour, string_agg(volume::text, ',' ORDER BY i) AS slots, sum(volume) AS bound FROM slots GROUP BY project_id, hour
    )
    UPDATE project SET volume_hour = w.hour, volume_slots = w.slots, volume_bound = w.bound, volume_total = t.total, trade_count = t.trades
    FROM windows w, (SELECT project_id, sum(value) AS total, count(*) AS trades FROM trade WHERE id LIKE 'z%' GROUP BY project_id) t
    WHERE project.id = w.project_id AND t.project_id = w.project_id;
  `);
  await db.exec(`ANALYZE;`);
  const result = { projects: await count("project"), trades: await count("trade") };
  await db.close();
  return result;
}

/** Starts Ponder on a fresh database and times its historical catch-up: from its server coming up
 * (right after migrations, as the backfill starts) until /ready, polled every 25 ms. */
async function measureCatchup(options: Parameters<typeof startPonder>[0], head: bigint, label = "PGlite") {
  const t = performance.now();
  const ponder = await startPonder(options);
  for (;;) {
    const ready = await fetch(`${ponder.apiUrl}/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (performance.now() - t > 600_000) throw new Error("The catch-up took more than 10 minutes.");
    await new Promise((r) => setTimeout(r, 25));
  }
  const readyAt = performance.now();
  await waitForIndexed(ponder.apiUrl, head, 120_000);
  const events = await metric(ponder.apiUrl, "ponder_indexing_completed_events");
  if (events < TARGET_EVENTS) throw new Error(`Only ${events} events were indexed (wanted ${TARGET_EVENTS}).`);
  const seconds = (readyAt - ponder.healthyAt) / 1000;
  const wall = (readyAt - t) / 1000;
  const eventsPerSec = Math.round(events / seconds);
  console.log(
    `${label}: caught up on ${events} events in ${seconds.toFixed(2)} s (${eventsPerSec} events/s); ` +
      `${wall.toFixed(1)} s wall including process start and migrations (${Math.round(events / wall)} events/s)`,
  );
  return { ponder, events, seconds, eventsPerSec };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function timeShapes(apiUrl: string) {
  const creator = ((await (await fetch(`${apiUrl}/projects?sort=newest&limit=1`)).json()) as any).items[0].creator;
  const shapes: Record<string, string> = {
    "trending": "/projects",
    "newest": "/projects?sort=newest",
    "marketCap": "/projects?sort=marketCap",
    "improvement": "/projects?sort=improvement",
    "activity": "/projects?sort=activity",
    "search": "/projects?q=protein",
    "search (one match)": "/projects?q=s9876",
    "search domain": "/projects?q=genomics",
    "search+marketCap": "/projects?q=chess&sort=marketCap",
    "search+newest": "/projects?q=research%2Fvision&sort=newest",
    "creator": `/projects?creator=${creator}&sort=newest`,
    "open+minCap": "/projects?hasOpenProposals=true&minMarketCap=1000000000000000000&sort=marketCap",
    "parent": "/projects?parent=3",
  };
  // Second pages, through the cursor each first page returns.
  for (const sort of ["trending", "newest", "marketCap", "improvement", "activity"]) {
    const first = (await (await fetch(`${apiUrl}/projects?sort=${sort}`)).json()) as any;
    shapes[`${sort} page 2`] = `/projects?sort=${sort}&cursor=${first.nextCursor}`;
  }
  const searched = (await (await fetch(`${apiUrl}/projects?q=protein`)).json()) as any;
  shapes["search page 2"] = `/projects?q=protein&cursor=${searched.nextCursor}`;
  const rows: { shape: string; p50: number; p95: number; items: number }[] = [];
  const all: number[] = [];
  for (const [shape, route] of Object.entries(shapes)) {
    let items = 0;
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${apiUrl}${route}`);
      if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
      items = ((await response.json()) as any).items.length;
    }
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const start = performance.now();
      // The query's own cost, as the first read after a block pays it (not the API's block cache).
      const response = await fetch(`${apiUrl}${route}`, { headers: { "cache-control": "no-cache" } });
      await response.arrayBuffer();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    rows.push({ shape, p50: percentile(times, 50), p95: percentile(times, 95), items });
  }
  all.sort((a, b) => a - b);
  return { rows, p50: percentile(all, 50), worstP95: Math.max(...rows.map((r) => r.p95)) };
}

async function main() {
  const dir = makeTempDir("orm-indexer-bench");
  const node = await startHardhatNode(dir);
  let ponder: Awaited<ReturnType<typeof startPonder>> | undefined;
  try {
    const p = await deployTestProtocol(node.rpcUrl, dir);
    await rpc(node.rpcUrl, [{ method: "evm_setAutomine", params: [false] }]);
    let t = performance.now();
    const { transactions } = await generateEvents(p, node.rpcUrl);
    // Past Ponder's 30-block finality window, so the whole history is a historical catch-up.
    // (evm_mine, not hardhat_mine: the latter's lazily reserved blocks do not chain by parent hash.)
    await rpc(node.rpcUrl, Array.from({ length: 40 }, () => ({ method: "evm_mine", params: [] })));
    const head = await p.blockNumber();
    console.log(`generated ${transactions} transactions in ${head} blocks (${((performance.now() - t) / 1000).toFixed(1)} s)`);

    const dataDir = path.join(dir, "pglite");
    const cpuDir = path.join(dir, "cpu");
    const env = process.env.BENCH_CPU_PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${cpuDir}` } : undefined;
    const pglite = await measureCatchup({ dir, deploymentFile: p.deploymentFile, rpcUrl: node.rpcUrl, dataDir, env }, head);
    ponder = pglite.ponder;
    const { events } = pglite;
    const catchupEventsPerSec = pglite.eventsPerSec;
    if (process.env.BENCH_PROFILE) {
      const text = await (await fetch(`${ponder.apiUrl}/metrics`)).text();
      console.log(text.split("\n").filter((l) => /^ponder_(indexing|historical|database)/.test(l) && !/_bucket/.test(l)).join("\n"));
    }
    // A CPU profile is written when the process exits: right after the catch-up.
    await ponder.stop();
    ponder = undefined;
    if (process.env.BENCH_CPU_PROFILE) {
      console.log("\nPonder's CPU time by self time, process start to the end of the catch-up (PGlite):");
      console.table(summarizeCpuProfile(cpuDir));
      if (process.env.BENCH_CPU_TOP) console.table(topFunctions(cpuDir, Number(process.env.BENCH_CPU_TOP)));
    }
    if (process.env.BENCH_PROFILE === "catchup") return;

    // The same catch-up on Postgres (DATABASE_URL), where it is installed.
    let postgres: Awaited<ReturnType<typeof measureCatchup>> | undefined;
    if (!postgresUnavailableReason()) {
      const cluster = await startPostgres(dir);
      try {
        postgres = await measureCatchup(
          { dir, deploymentFile: p.deploymentFile, rpcUrl: node.rpcUrl, databaseUrl: cluster.url },
          head,
          "Postgres",
        );
        await postgres.ponder.stop();
      } finally {
        await cluster.stop();
      }
    } else {
      console.log("Postgres is not installed: the catch-up is measured on PGlite only.");
    }

    t = performance.now();
    const size = await growIndex(dataDir);
    console.log(`grew the index to ${size.projects} projects and ${size.trades} trades (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    ponder = await startPonder({ dir, deploymentFile: p.deploymentFile, rpcUrl: node.rpcUrl, dataDir });
    await waitForIndexed(ponder.apiUrl, head, 300_000);
    const latency = await timeShapes(ponder.apiUrl);

    const result = {
      events,
      catchupEventsPerSec,
      projects: size.projects,
      trades: size.trades,
      projectsP50Ms: Number(latency.p50.toFixed(2)),
      projectsP95Ms: Number(latency.worstP95.toFixed(2)),
    };
    await mkdir(path.dirname(RESULT_FILE), { recursive: true });
    await writeFile(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);

    console.log("\n/projects latency by query shape (PGlite, 40 requests each after 3 warm-ups):");
    console.table(latency.rows.map((r) => ({ shape: r.shape, items: r.items, "p50 ms": r.p50.toFixed(1), "p95 ms": r.p95.toFixed(1) })));
    console.log("\nindexer bench                         figure        target");
    console.log(`catch-up (events/s, ${events} events)   ${String(catchupEventsPerSec).padEnd(13)} >= 5000  ${catchupEventsPerSec >= 5000 ? "ok" : "MISSED"}`);
    console.log(`/projects p50 (ms)                    ${String(result.projectsP50Ms).padEnd(13)}`);
    console.log(`/projects p95, worst shape (ms)       ${String(result.projectsP95Ms).padEnd(13)} <= 50    ${result.projectsP95Ms <= 50 ? "ok" : "MISSED"}`);
    console.log(`(${result.projects} projects, ${result.trades} trades) -> ${path.relative(REPO_ROOT, RESULT_FILE)}`);
  } finally {
    await ponder?.stop();
    await node.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
