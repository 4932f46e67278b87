/**
 * The README's promise, end to end: `npm start` brings up the local stack with the seeded world,
 * prints the URL, serves the app and the seeded artifacts, and stops everything it started on
 * SIGTERM. A crashed indexer or web server (SIGKILL) is restarted while the chain and its state keep
 * running, and the indexer resumes equal to the chain. A taken port is refused with a sentence naming the variable to set; a network with no
 * deployment file, with the commands that deploy there.
 *
 * Run by `npm test` (scripts/test.ts) with `node --test`; it writes deployments/localhost.json,
 * like `npm start` does.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { createPublicClient, http } from "viem";

import { projectRegistryAbi, projectTokenAbi, proposalLedgerAbi } from "@orm/protocol/generated/abis";
import { readDeployment } from "@orm/protocol/deployments";
import { waitForIndexedBlock } from "@orm/protocol/indexerStatus";
import { getFreePort as freePort, isPortFree } from "../../scripts/lib/ports.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function startStack(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn(process.execPath, ["scripts/start.ts"], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function waitForOutput(stack: ReturnType<typeof startStack>, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = stack.output().match(pattern);
    if (match) return match;
    if (stack.child.exitCode !== null) throw new Error(`npm start exited early:\n${stack.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${pattern}:\n${stack.output()}`);
}

/** The process listening on `port` on 127.0.0.1 (from `ss`), as a crash would find it. */
function listeningPid(port: number): number {
  const line = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = Number(line.match(/pid=(\d+)/)?.[1]);
  assert.ok(pid > 0, `nothing listens on ${port}: ${line}`);
  return pid;
}

async function waitForStatus(url: string, status: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    last = await fetch(url).then((response) => response.status, () => 0);
    if (last === status) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.fail(`${url} answered ${last}, not ${status}, for ${timeoutMs / 1000} s`);
}

describe("npm start", () => {
  const started: ChildProcess[] = [];
  after(() => {
    for (const child of started) if (child.exitCode === null) child.kill("SIGKILL");
  });

  it("brings up the seeded stack, serves it, and stops everything on SIGTERM", { timeout: 600_000 }, async () => {
    const chainPort = await freePort();
    const webPort = await freePort();
    const indexerPort = await freePort();
    const stack = startStack({ CHAIN_PORT: String(chainPort), WEB_PORT: String(webPort), INDEXER_PORT: String(indexerPort) });
    started.push(stack.child);
    const [, url] = await waitForOutput(stack, /is running: (http:\/\/127\.0\.0\.1:\d+)/, 540_000);
    assert.equal(url, `http://127.0.0.1:${webPort}`);
    assert.match(stack.output(), /Seeded 7 projects, \d+ proposals/);

    const page = await fetch(url);
    assert.equal(page.status, 200);

    // The seeded world: projects with a fork, proposals in every state, artifacts in the store.
    const deployment = await readDeployment("localhost");
    const client = createPublicClient({ transport: http(`http://127.0.0.1:${chainPort}`) });
    const registry = { address: deployment.contracts.ProjectRegistry.address, abi: projectRegistryAbi } as const;
    const ledger = { address: deployment.contracts.ProposalLedger.address, abi: proposalLedgerAbi } as const;
    const projects = await client.readContract({ ...registry, functionName: "nextProjectId" });
    assert.ok(projects >= 6n, `${projects} projects`);
    let forks = 0;
    for (let id = 0n; id < projects; id++) {
      const config = await client.readContract({ ...registry, functionName: "getProjectConfig", args: [id] });
      if (config.hasParent) forks += 1;
    }
    assert.ok(forks >= 1, "a project forks another");
    const statuses = new Set<number>();
    const proposals = await client.readContract({ ...ledger, functionName: "nextProposalId" });
    for (let id = 0n; id < proposals; id++) {
      statuses.add((await client.readContract({ ...ledger, functionName: "getProposal", args: [id] })).status);
    }
    assert.deepEqual([...statuses].sort(), [0, 1, 2, 3, 4, 5], "proposals in every state");
    const project = await client.readContract({ ...registry, functionName: "getProject", args: [0n] });
    const protocol = await fetch(`${url}/api/storage/${project.protocolHash}`);
    assert.equal(protocol.status, 200);
    const document = await protocol.json();
    assert.equal(typeof document.benchmarkPlan.metric, "string");

    // The indexer has caught up with the seeded chain.
    const listed = await (await fetch(`http://127.0.0.1:${indexerPort}/projects?limit=50`)).json();
    const items = listed.items ?? listed.projects ?? listed.data ?? listed;
    assert.equal(items.length, Number(projects), "every project is indexed");

    // Health routes for load balancers: the web app's and the indexer's own.
    assert.deepEqual(await (await fetch(`${url}/api/health`)).json(), { status: "ok", guard: "memory" });
    assert.equal((await fetch(`http://127.0.0.1:${indexerPort}/health`)).status, 200);

    // The indexer crashes: it comes back on its own, from its store, and the chain kept its state.
    const indexerUrl = `http://127.0.0.1:${indexerPort}`;
    const headBefore = await client.getBlockNumber();
    process.kill(listeningPid(indexerPort), "SIGKILL");
    await waitForOutput(stack, /indexer was killed \(SIGKILL\); restarting it in/, 10_000);
    await waitForOutput(stack, /indexer restarted \(restart 1\)/, 20_000);
    await waitForStatus(`${indexerUrl}/ready`, 200, 120_000);
    assert.equal(await client.readContract({ ...registry, functionName: "nextProjectId" }), projects, "the chain kept its projects");
    assert.ok((await client.getBlockNumber()) >= headBefore, "the chain kept its blocks");
    assert.ok(await waitForIndexedBlock(indexerUrl, headBefore, { timeoutMs: 60_000 }), "the indexer caught up again");
    const reindexed = await (await fetch(`${indexerUrl}/projects?limit=50`)).json();
    assert.equal(reindexed.items.length, Number(projects), "every project is indexed after the restart");
    for (const item of reindexed.items as Array<{ token: `0x${string}`; totalSupply: string }>) {
      const supply = await client.readContract({ address: item.token, abi: projectTokenAbi, functionName: "totalSupply" });
      assert.equal(BigInt(item.totalSupply), supply, `supply of ${item.token} equals the chain`);
    }

    // The web server crashes: it comes back on the same port, serving the same world.
    process.kill(listeningPid(webPort), "SIGKILL");
    await waitForOutput(stack, /web was killed \(SIGKILL\); restarting it in/, 10_000);
    await waitForStatus(`${url}/api/health`, 200, 120_000);
    assert.equal((await fetch(`${url}/api/storage/${project.protocolHash}`)).status, 200, "the relay serves the stored artifacts again");
    assert.equal((await fetch(url)).status, 200);

    const stopping = Date.now();
    stack.child.kill("SIGTERM");
    await once(stack.child, "exit");
    assert.ok(Date.now() - stopping < 12_000, `stopped in ${Date.now() - stopping} ms`);
    const deadline = Date.now() + 15_000;
    const allFree = async () => (await isPortFree(chainPort)) && (await isPortFree(webPort)) && (await isPortFree(indexerPort));
    while (Date.now() < deadline && !(await allFree())) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(await isPortFree(chainPort), "the chain stopped");
    assert.ok(await isPortFree(webPort), "the web app stopped");
    assert.ok(await isPortFree(indexerPort), "the indexer stopped");
  });

  it("refuses a taken port with a sentence naming the variable to set", { timeout: 60_000 }, async () => {
    const blocker = createServer();
    blocker.listen(0, "127.0.0.1");
    await once(blocker, "listening");
    const { port } = blocker.address() as AddressInfo;
    try {
      const stack = startStack({ CHAIN_PORT: String(port), WEB_PORT: String(await freePort()), INDEXER_PORT: String(await freePort()) });
      started.push(stack.child);
      const [code] = await once(stack.child, "exit");
      assert.equal(code, 1);
      assert.match(stack.output(), new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*set CHAIN_PORT`));
    } finally {
      blocker.close();
    }
  });

  it("refuses an unreachable DATABASE_URL in one sentence before starting anything", { timeout: 60_000 }, async () => {
    const closed = await freePort(); // nothing listens there
    const stack = startStack({
      DATABASE_URL: `postgresql://postgres:secret@127.0.0.1:${closed}/postgres`,
      CHAIN_PORT: String(await freePort()),
      WEB_PORT: String(await freePort()),
      INDEXER_PORT: String(await freePort()),
    });
    started.push(stack.child);
    const [code] = await once(stack.child, "exit");
    assert.equal(code, 1);
    assert.match(stack.output(), new RegExp(`npm start: DATABASE_URL \\(postgresql://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${closed}/postgres\\) cannot be reached: .+\\.`));
    assert.doesNotMatch(stack.output(), /secret/, "the password is not printed");
    assert.doesNotMatch(stack.output(), /Compiling contracts/);
  });

  it("on a network with no deployment file, says how to deploy there and starts nothing", { timeout: 60_000 }, async () => {
    const stack = startStack({ START_NETWORK: "galileo", WEB_PORT: String(await freePort()), INDEXER_PORT: String(await freePort()) });
    started.push(stack.child);
    const [code] = await once(stack.child, "exit");
    assert.equal(code, 1);
    assert.match(stack.output(), /No deployment for "galileo": deployments\/galileo\.json does not exist/);
    assert.match(stack.output(), /npx hardhat keystore set GALILEO_DEPLOYER_KEY/);
    assert.match(stack.output(), /npx hardhat run --network galileo scripts\/deploy\.ts/);
    assert.doesNotMatch(stack.output(), /Compiling contracts/);
  });
});
