/**
 * `npm start` (production web build) / `npm run dev` (`-- --dev`, hot reload): the product on an
 * embedded local stack, all on 127.0.0.1 —
 *   1. compile the contracts (incremental) and regenerate the typed modules,
 *   2. start a Hardhat node (fresh chain each time) and wait for it,
 *   3. deploy and wire the contracts (writes deployments/localhost.json),
 *   4. build the web app when its sources changed, start it with the local storage relay,
 *   5. seed the demo world through the relay and the contracts (scripts/seed.ts),
 *   6. print the URL, the chain and the dev accounts with their roles.
 * Ctrl-C or SIGTERM stops every process it started, and only those.
 *
 * Supervision: the indexer and the web server keep their state outside their processes (the indexer's
 * store, the relay's folder), so when one of them crashes it is restarted with backoff and the chain,
 * whose state lives in its memory, keeps running; the terminal says what happened.
 *
 * `--instances N` (N >= 2): the production shape on this machine — a local Postgres (Debian's
 * `postgresql`; or DATABASE_URL), one indexer writer (`ponder start`) and one reader (`ponder serve`)
 * on it, N web instances sharing the relay's admission state through it, and a round-robin proxy in
 * front on WEB_PORT (the printed URL). See the README, "Running beyond one machine".
 *
 * `--network galileo` (or START_NETWORK=galileo) skips the local chain and the seed: the web app runs
 * against deployments/galileo.json with the `0g` storage backend (ZG_* variables, see apps/web).
 *
 * Ports: CHAIN_PORT (8545), WEB_PORT (3000), INDEXER_PORT (42069), and with --instances
 * INDEXER_READER_PORT (42070; the web instances take free ports behind the proxy). A taken port is an
 * error naming the variable to set.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

import { createPublicClient, createWalletClient, http } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import { ponderNodeOptions } from "@orm/indexer/lib/nodeOptions";
import { waitForIndexedBlock } from "@orm/protocol/indexerStatus";
import { generateContractModules } from "./generate-abis.ts";
import { createArtifactDeployer } from "./lib/artifactDeployer.ts";
import { DEFAULT_QUORUM_PHASES, deployProtocol, type QuorumPhases } from "./lib/deployProtocol.ts";
import { mineScheduledDraws } from "./lib/drawBlockMiner.ts";
import { readDeployment, REPO_ROOT, writeDeployment, type Deployment } from "@orm/protocol/deployments";
import { describeDatabaseProblem, dropSchema, redactDatabaseUrl } from "./lib/database.ts";
import { getFreePort, isPortFree } from "./lib/ports.ts";
import { postgresUnavailableReason, startPostgres } from "./lib/postgres.ts";
import { startRoundRobinProxy } from "./lib/roundRobinProxy.ts";
import { stopGroup, superviseProcess, type SupervisedProcess } from "./lib/supervise.ts";
import { DEV_MNEMONIC } from "@orm/protocol/devAccounts";
import { ROLE_INDEX, ROLE_LABELS, seedWorld, type Role } from "./seed.ts";

/** The seeded history spans about ten days; the chain starts that far back and ends at the present. */
const CHAIN_START = new Date(Date.now() - 11 * 24 * 3600 * 1000).toISOString();

/**
 * The local ledger's COMMIT_WINDOW: a miner reveals within it after committing, and claims open when
 * it has passed since the commitment. Real deployments use ten minutes; locally it only has to cover a
 * commit, two uploads and a reveal on a busy machine, and a verifier waits that long for a new proposal.
 */
const LOCAL_COMMIT_WINDOW_SECONDS = 20n;

/**
 * The local review quorum's phases: a real network's, except the appeal window. A verdict (a single
 * reviewer's or a quorum's) stands for `APPEAL_WINDOW` before anyone may finalize it; real deployments
 * wait two days, the local stack ten minutes, so a newcomer who approves a proposal sees it final.
 */
const LOCAL_QUORUM_PHASES: QuorumPhases = { ...DEFAULT_QUORUM_PHASES, appealWindowSeconds: 10n * 60n };

const dev = process.argv.includes("--dev");
/** `--network galileo` (or START_NETWORK=galileo): the app against the deployed testnet, 0G storage. */
const networkIndex = process.argv.indexOf("--network");
const network = (networkIndex >= 0 ? process.argv[networkIndex + 1] : process.env.START_NETWORK) ?? "localhost";
/** Children find the repo's binaries (and its Node 22) first, as under `npm run`. */
const BIN_DIR = path.join(REPO_ROOT, "node_modules/.bin");
const childEnv = { ...process.env, PATH: `${BIN_DIR}${path.delimiter}${process.env.PATH ?? ""}` };
/** `--instances N`: N web instances behind a proxy, indexer writer and reader on Postgres. */
const instancesIndex = process.argv.indexOf("--instances");
const instancesArg = instancesIndex >= 0 ? process.argv[instancesIndex + 1] : "1";
const instances = Number(instancesArg);
const chainPort = readPort("CHAIN_PORT", 8545);
const webPort = readPort("WEB_PORT", 3000);
const indexerPort = readPort("INDEXER_PORT", 42069);
const readerPort = readPort("INDEXER_READER_PORT", 42070);
/** Every process this command started, in start order. */
const running: Array<Pick<SupervisedProcess, "name" | "child" | "stop">> = [];
/** The last lines each child printed, shown when something fails. */
const recentLines = new Map<string, string[]>();

function readPort(variable: string, fallback: number): number {
  const value = Number(process.env[variable] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) fail(`${variable} must be a port number, not "${process.env[variable]}".`);
  return value;
}

function fail(message: string): never {
  console.error(`\nnpm start: ${message}`);
  for (const [name, lines] of recentLines) {
    if (lines.length) console.error(`\nLast lines from ${name}:\n${lines.map((line) => `  ${line}`).join("\n")}`);
  }
  stopAll();
  process.exit(1);
}

process.on("uncaughtException", (error) => fail(error.message));
process.on("unhandledRejection", (error) => fail(error instanceof Error ? error.message : String(error)));

async function assertPortFree(port: number, variable: string): Promise<void> {
  if (!(await isPortFree(port))) {
    fail(`port ${port} on 127.0.0.1 is already in use. Stop what uses it, or set ${variable} to a free port.`);
  }
}

/** Spawns `command` in its own process group (stopping the group stops its children too), remembering its last lines. */
function spawnChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): ChildProcess {
  const child = spawn(command, args, { cwd, env: { ...childEnv, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const lines = recentLines.get(name) ?? [];
  recentLines.set(name, lines);
  const remember = (chunk: Buffer, echo: boolean) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 20) lines.shift();
      if (echo) process.stdout.write(`[${name}] ${line}\n`);
    }
  };
  child.stdout?.on("data", (chunk) => remember(chunk, Boolean(process.env.START_VERBOSE)));
  child.stderr?.on("data", (chunk) => remember(chunk, Boolean(process.env.START_VERBOSE)));
  child.on("error", (error) => fail(`${name} could not start (${error.message}). Run \`npm install\` first.`));
  return child;
}

/**
 * A process whose state lives elsewhere (the indexer's store, the relay's folder), so a crash is
 * survivable: it is restarted with backoff while the rest of the stack, the chain included, keeps running.
 */
function startSupervised(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = REPO_ROOT): SupervisedProcess {
  const supervised = superviseProcess({
    name,
    spawnChild: () => spawnChild(name, command, args, env, cwd),
    report: (sentence) => console.log(`npm start: ${sentence}`),
  });
  running.push(supervised);
  return supervised;
}

/** A process whose state dies with it (the local chain keeps its state in memory): its exit ends the stack. */
function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = REPO_ROOT): ChildProcess {
  const child = spawnChild(name, command, args, env, cwd);
  running.push({ name, child, stop: (graceMs = 8_000) => stopGroup(child, graceMs) });
  child.on("exit", (code, signal) => {
    if (!stopping) fail(`${name} exited unexpectedly (${signal ?? `code ${code}`}).`);
  });
  return child;
}

let stopping = false;
/** Asks every process it started to stop (SIGTERM to each process group), and only those. */
function stopAll(): void {
  stopping = true;
  for (const started of running) void started.stop(8_000);
}

/** The graceful end: SIGTERM to every process group, SIGKILL to what still runs after `graceMs`. */
async function shutDown(graceMs: number): Promise<void> {
  stopping = true;
  await Promise.all(running.map((started) => started.stop(graceMs)));
}

function runToCompletion(name: string, command: string, args: string[], cwd = REPO_ROOT): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => (code === 0 ? resolve() : fail(`${name} failed:\n${output.slice(-4000)}`)));
  });
}

async function waitFor(url: string, what: string, timeoutMs: number, init?: RequestInit): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, init);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  fail(`${what} did not answer at ${url} within ${timeoutMs / 1000} s.`);
}

/** What under apps/web does not go into its build (output, dependencies, tests, docs, tool state). */
const NOT_BUILT = ["node_modules", ".next", "test", "bench", "e2e", "docs", "tsconfig.tsbuildinfo", "next-env.d.ts", "README.md"];

/** The newest modification time under `dir` (skipping what is not built). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_BUILT.includes(entry.name) || entry.name.startsWith("__tests__")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** In-flight requests (an upload, a page) get this long to finish after Ctrl-C or SIGTERM. */
const SHUTDOWN_GRACE_MS = 8_000;
let shuttingDown = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (signal === "SIGINT") console.log("\nStopping the local stack...");
    void shutDown(SHUTDOWN_GRACE_MS).finally(() => process.exit(0));
  });
}

if (network !== "localhost" && network !== "galileo") fail(`--network must be localhost or galileo, not "${network}".`);
const local = network === "localhost";
if (!Number.isInteger(instances) || instances < 1 || instances > 8) fail(`--instances must be a whole number from 1 to 8, not "${instancesArg}".`);
const scaledOut = instances > 1;
if (scaledOut && dev) fail("--instances runs production builds behind a proxy; it cannot be combined with --dev.");
if (scaledOut && !local) fail("--instances runs the production shape against the local chain; for Galileo, run each process as the README's \"Running beyond one machine\" shows.");
if (local) await assertPortFree(chainPort, "CHAIN_PORT");
await assertPortFree(webPort, "WEB_PORT");
await assertPortFree(indexerPort, "INDEXER_PORT");
if (scaledOut) await assertPortFree(readerPort, "INDEXER_READER_PORT");
const testnet = local ? undefined : await readDeployment(network).catch((error: Error) => fail(error.message));
/** The database the indexer and the relay's guard share: DATABASE_URL, or (with --instances) a local Postgres started below. */
let databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
if (databaseUrl) {
  const problem = await describeDatabaseProblem(databaseUrl);
  if (problem) fail(problem);
} else if (scaledOut) {
  const reason = postgresUnavailableReason();
  if (reason) fail(`--instances needs Postgres: ${reason} Or set DATABASE_URL to a Postgres of yours.`);
}

console.log("Compiling contracts...");
// The contracts only: the Solidity tests (fuzz and invariant suites) take minutes to compile on a
// fresh clone and the stack does not need them (`npm test` compiles them).
await runToCompletion("hardhat build", path.join(BIN_DIR, "hardhat"), ["build", "--quiet", "--no-tests"]);
await generateContractModules();

const webDir = path.join(REPO_ROOT, "apps/web");
const webUrl = `http://127.0.0.1:${webPort}`;
const webEnv: NodeJS.ProcessEnv = {
  NEXT_TELEMETRY_DISABLED: "1",
  STORAGE_BACKEND: process.env.STORAGE_BACKEND ?? (local ? "local" : "0g"),
  // The seed uploads a few dozen artifacts per dev account within a minute.
  STORAGE_RATE_LIMIT: process.env.STORAGE_RATE_LIMIT ?? (local ? "600" : undefined),
  NEXT_PUBLIC_TARGET_NETWORK: network,
  NEXT_PUBLIC_LOCAL_RPC_URL: `http://127.0.0.1:${chainPort}`,
  NEXT_PUBLIC_INDEXER_URL: `http://127.0.0.1:${indexerPort}`,
};
const indexerUrl = `http://127.0.0.1:${indexerPort}`;
const readerUrl = `http://127.0.0.1:${readerPort}`;
// Per port on the local chain, so two local stacks (say, a test beside a dev stack) never share one.
const indexerData = path.join(REPO_ROOT, ".data/indexer", local ? `localhost-${indexerPort}` : network);
/** The indexer's schema (in PGlite or DATABASE_URL); the reader serves the same one. */
const INDEXER_SCHEMA = "indexer";

/** With --instances and no DATABASE_URL: a Postgres of our own, fresh like the chain, under .data/. */
async function startLocalPostgres(): Promise<string> {
  const dir = path.join(REPO_ROOT, ".data/postgres", `localhost-${webPort}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log("Starting Postgres...");
  const cluster = await startPostgres(dir).catch((error: Error) => fail(`Postgres did not start: ${error.message.split("\n")[0]}`));
  running.push({ name: "postgres", child: cluster.child, stop: () => cluster.stop() });
  cluster.child.on("exit", (code, signal) => {
    if (!stopping) fail(`Postgres exited unexpectedly (${signal ?? `code ${code}`}); the indexer and the relay cannot run without it.`);
  });
  return cluster.url;
}

/**
 * Starts the indexer (the writer) over `deployment`. Its database is reset when it was built from
 * another deployment (and always on the local chain, which is new on every start), never mixed in.
 */
async function startIndexer(deployment: Deployment, rpcUrl: string): Promise<void> {
  const marker = path.join(indexerData, "deployment.json");
  const identity = JSON.stringify({ chainId: deployment.chainId, contracts: deployment.contracts, deployedAt: deployment.deployedAt });
  const previous = existsSync(marker) ? readFileSync(marker, "utf8") : undefined;
  if (local || previous !== identity) {
    if (previous !== undefined || existsSync(indexerData)) console.log("Resetting the indexer's data (it belongs to an earlier chain)...");
    rmSync(indexerData, { recursive: true, force: true });
    // On Postgres the earlier chain's schema would be resumed as if it were this one's.
    if (databaseUrl && local) await dropSchema(databaseUrl, INDEXER_SCHEMA);
  }
  mkdirSync(indexerData, { recursive: true });
  writeFileSync(marker, identity);
  console.log(databaseUrl ? `Starting the indexer on Postgres (${redactDatabaseUrl(databaseUrl)})...` : "Starting the indexer...");
  startSupervised(
    "indexer",
    path.join(BIN_DIR, "ponder"),
    ["start", "--schema", INDEXER_SCHEMA, "--port", String(indexerPort), "--hostname", "127.0.0.1"],
    {
      ...indexerEnv(rpcUrl),
      // The relay the indexer reads each project's protocol from (repository and domain for search).
      STORAGE_URL: `${webUrl}/api/storage`,
    },
    path.join(REPO_ROOT, "apps/indexer"),
  );
}

function indexerEnv(rpcUrl: string): NodeJS.ProcessEnv {
  return {
    PONDER_NETWORK: network,
    PONDER_RPC_URL: rpcUrl,
    PONDER_DATA_DIR: path.join(indexerData, "pglite"),
    PONDER_TELEMETRY_DISABLED: "true",
    NODE_OPTIONS: ponderNodeOptions(process.env.NODE_OPTIONS),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

/** A read replica of the indexer's API (`ponder serve`) over the writer's schema; it writes nothing. */
async function startIndexerReader(rpcUrl: string): Promise<void> {
  // The reader refuses to start before the writer has created its schema.
  await waitFor(`${indexerUrl}/health`, "The indexer writer", 120_000);
  console.log("Starting the indexer reader...");
  startSupervised(
    "indexer reader",
    path.join(BIN_DIR, "ponder"),
    ["serve", "--schema", INDEXER_SCHEMA, "--port", String(readerPort), "--hostname", "127.0.0.1"],
    indexerEnv(rpcUrl),
    path.join(REPO_ROOT, "apps/indexer"),
  );
  await waitFor(`${readerUrl}/health`, "The indexer reader", 120_000);
}

async function buildWeb(): Promise<void> {
  const buildId = path.join(webDir, ".next/BUILD_ID");
  // The build bundles the workspace packages the app imports too: the protocol package and the
  // indexer's route table, so a change there alone must rebuild it as well.
  const sources = [webDir, path.join(REPO_ROOT, "apps/protocol/src"), path.join(REPO_ROOT, "apps/indexer/src/api")];
  if (!existsSync(buildId) || Math.max(...sources.map(newestMtime)) > statSync(buildId).mtimeMs) {
    console.log("Building the web app (about 30 s)...");
    await runToCompletion("next build", path.join(BIN_DIR, "next"), ["build"], webDir);
  }
}

async function startWeb(): Promise<void> {
  if (dev) {
    console.log("Starting the web app (development mode)...");
    startSupervised("web", path.join(BIN_DIR, "next"), ["dev", "apps/web", "-H", "127.0.0.1", "-p", String(webPort)], webEnv);
  } else {
    await buildWeb();
    console.log("Starting the web app...");
    startSupervised("web", path.join(BIN_DIR, "next"), ["start", "apps/web", "-H", "127.0.0.1", "-p", String(webPort)], webEnv);
  }
  await waitFor(webUrl, "The web app", 120_000);
}

/** The web instances behind the round-robin proxy on WEB_PORT; returns their URLs. */
async function startWebInstances(): Promise<string[]> {
  await buildWeb();
  const ports: number[] = [];
  while (ports.length < instances) {
    const port = await getFreePort();
    if (![chainPort, webPort, indexerPort, readerPort, ...ports].includes(port)) ports.push(port);
  }
  console.log(`Starting ${instances} web instances...`);
  const env: NodeJS.ProcessEnv = {
    ...webEnv,
    // Pages and the browser read the indexer through the reader; the writer only writes.
    INDEXER_URL: readerUrl,
    NEXT_PUBLIC_INDEXER_URL: readerUrl,
    // The relay's nonces, rate windows and quotas, shared by every instance.
    DATABASE_URL: databaseUrl,
  };
  ports.forEach((port, index) =>
    startSupervised(`web ${index + 1}`, path.join(BIN_DIR, "next"), ["start", "apps/web", "-H", "127.0.0.1", "-p", String(port)], env),
  );
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  await Promise.all(urls.map((url, index) => waitFor(`${url}/api/health`, `Web instance ${index + 1}`, 120_000)));
  const proxy = await startRoundRobinProxy({ port: webPort, upstreams: urls });
  running.push({ name: "proxy", child: undefined, stop: () => proxy.close() });
  return urls;
}

if (testnet) {
  await startIndexer(testnet, process.env.GALILEO_RPC_URL ?? "https://evmrpc-testnet.0g.ai");
  await startWeb();
  const line = "-".repeat(78);
  console.log(`\n${line}\n  Open Research Market is running: ${webUrl}\n${line}`);
  console.log(`  Chain      ${testnet.network}, chain id ${testnet.chainId}`);
  console.log(`  Storage    ${webUrl}/api/storage (backend: ${webEnv.STORAGE_BACKEND})`);
  console.log(`  Indexer    ${indexerUrl} (catching up; /ready answers 200 when it has)`);
  console.log(`  Contracts  ${Object.entries(testnet.contracts).map(([name, c]) => `${name} ${c.address}`).join("\n             ")}`);
  console.log(`${line}\n  Ctrl-C stops everything this command started.\n`);
  await new Promise(() => {});
}

if (scaledOut && !databaseUrl) databaseUrl = await startLocalPostgres();
console.log(`Starting the local chain on 127.0.0.1:${chainPort}...`);
startProcess("chain", path.join(BIN_DIR, "hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(chainPort)], {
  LOCAL_CHAIN_START_DATE: CHAIN_START,
});
const rpcUrl = `http://127.0.0.1:${chainPort}`;
await waitFor(rpcUrl, "The local chain", 60_000, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
});

console.log("Deploying the contracts...");
const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
const publicClient = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 100 });
const deployer = createWalletClient({ account: mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 0 }), chain, transport: http(rpcUrl) });
const deployed = await deployProtocol(createArtifactDeployer(publicClient, deployer), undefined, LOCAL_COMMIT_WINDOW_SECONDS, LOCAL_QUORUM_PHASES).catch((error: Error) =>
  fail(`deploying the contracts failed: ${error.message.split("\n")[0]}`),
);
const deployment = { network: "localhost", deployedAt: new Date().toISOString(), ...deployed };
await writeDeployment(deployment);
await generateContractModules();
// blocks come only with transactions here: a scheduled seat draw gets its block (see drawBlockMiner.ts)
mineScheduledDraws({
  client: publicClient as never,
  quorum: deployed.contracts.ReviewQuorum.address,
  onError: (error) => console.error(`[chain] mining a seat draw's block failed: ${error.message.split("\n")[0]}`),
});
await startIndexer(deployment, rpcUrl);
let webInstanceUrls: string[] = [];
if (scaledOut) {
  await startIndexerReader(rpcUrl);
  webInstanceUrls = await startWebInstances();
} else {
  await startWeb();
}

console.log("Seeding the demo world...");
const seedStarted = Date.now();
const seeded = await seedWorld({ rpcUrl, storageUrl: webUrl, deployment }).catch((error: Error) =>
  fail(`seeding the demo world failed: ${error.message.split("\n")[0]}`),
);
await waitFor(`${indexerUrl}/ready`, "The indexer", 120_000);
// `/ready` answers once the history is synced, but the seed's last blocks arrive through live polling a
// moment later, and the printed URL should open on the whole seeded world.
const seededHead = await publicClient.getBlockNumber();
for (const url of scaledOut ? [indexerUrl, readerUrl] : [indexerUrl]) {
  if (!(await waitForIndexedBlock(url, seededHead, { timeoutMs: 60_000 }))) {
    fail(`The indexer did not reach block ${seededHead} within 60 s (${url}/status).`);
  }
}
console.log(
  `Seeded ${seeded.projects} projects, ${seeded.proposals} proposals, ${seeded.trades} trades and ${seeded.uploads} artifacts in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s.`,
);

const line = "-".repeat(78);
console.log(`\n${line}`);
console.log(`  Open Research Market is running: ${webUrl}`);
console.log(line);
console.log(`  Chain      Hardhat local, chain id ${deployed.chainId}, RPC ${rpcUrl}`);
console.log(`  Storage    ${webUrl}/api/storage (backend: ${webEnv.STORAGE_BACKEND})`);
if (scaledOut) {
  console.log(`  Web        ${webInstanceUrls.join(", ")} (round-robin behind ${webUrl}; health: /api/health)`);
  console.log(`  Indexer    writer ${indexerUrl}, reader ${readerUrl} (e.g. ${readerUrl}/projects)`);
  console.log(`  Postgres   ${redactDatabaseUrl(databaseUrl!)} (indexer schema "${INDEXER_SCHEMA}", relay schema "relay_guard")`);
} else {
  console.log(`  Indexer    ${indexerUrl} (e.g. ${indexerUrl}/projects)`);
}
console.log(`  Contracts  ${Object.entries(deployed.contracts).map(([name, c]) => `${name} ${c.address}`).join("\n             ")}`);
console.log("  Dev accounts (local chain only; 10000 ETH each):");
for (const [role, index] of Object.entries(ROLE_INDEX)) {
  const address = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).address;
  console.log(`    #${index} ${address}  ${ROLE_LABELS[role as Role]}`);
}
console.log(`${line}\n  Ctrl-C stops everything this command started.\n`);
