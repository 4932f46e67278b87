/**
 * The README's promise, end to end: `npm start` brings up the local stack with the seeded world,
 * prints the URL, serves the app and the seeded artifacts, and stops everything it started on
 * SIGTERM. A taken port is refused with a sentence naming the variable to set; a network with no
 * deployment file, with the commands that deploy there.
 *
 * Run by `npm test` (scripts/test.ts) with `node --test`; it writes deployments/localhost.json,
 * like `npm start` does.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { createPublicClient, http } from "viem";

import { projectRegistryAbi, proposalLedgerAbi } from "@orm/protocol/generated/abis";
import { readDeployment } from "@orm/protocol/deployments";
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

    stack.child.kill("SIGTERM");
    await once(stack.child, "exit");
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
