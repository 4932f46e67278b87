/**
 * The production shape on this machine, `npm start -- --instances 2` (a local Postgres, an indexer
 * writer and a `ponder serve` reader, two web instances behind the round-robin proxy), under faults,
 * each check counting that nothing is lost or doubled:
 *   - an upload intent used on instance A and replayed on instance B is refused; a daily quota spent
 *     across both instances is enforced once; parallel uploads through the proxy spread over both and
 *     each lands once, whole;
 *   - one web instance killed (SIGKILL): pages keep answering through the other, and it comes back;
 *   - one web instance killed (SIGKILL) in the middle of a chunked upload through the proxy: the client
 *     resumes through the other instance and the store holds the object once, whole;
 *   - the indexer writer killed while the chain moves on: restarted, it catches up and the reader's
 *     numbers equal the chain;
 *   - the chain stopped for a few seconds: the web instances stay healthy, their live stream tells
 *     open pages the chain is not answering (the pages' sentence is checked in a browser by
 *     `apps/web/e2e/chain-paused.spec.ts`) and that it answers again once it returns, and the
 *     indexer follows new blocks again by itself.
 * All traffic is on 127.0.0.1. Run by `npm test` (scripts/test.ts) with `node --test`.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";

import { createPublicClient, createWalletClient, http, parseEther, type Hex } from "viem";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import { LOCAL_CHAIN_ID } from "@orm/protocol/chains";
import { REPO_ROOT } from "@orm/protocol/deployments";
import { DEV_MNEMONIC } from "@orm/protocol/devAccounts";
import { projectTokenAbi } from "@orm/protocol/generated/abis";
import { waitForIndexedBlock } from "@orm/protocol/indexerStatus";
import { uploadArtifact } from "@orm/protocol/storage/client";
import { createUploadIntent, encodeIntentHeader, toTypedData } from "@orm/protocol/storage/intent";
import { computeRoot, type Root } from "@orm/protocol/storage/root";
import { startLocalStack, type LocalStack } from "../../scripts/lib/localStack.ts";
import { getFreePort } from "../../scripts/lib/ports.ts";

/** Small enough that a test account reaches it in a few uploads, large enough for the seed's accounts. */
const DAILY_QUOTA = 400_000;
/** Small chunks, so an artifact within the quota above still goes in a dozen requests. */
const CHUNK_BYTES = 32 * 1024;

function listeningPid(port: string | number): number {
  const line = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = Number(line.match(/pid=(\d+)/)?.[1]);
  assert.ok(pid > 0, `nothing listens on ${port}: ${line}`);
  return pid;
}

/** Bytes of a new object on every run (a run's salt after the seed), so a rerun against the same store still uploads. */
const RUN_SALT = crypto.getRandomValues(new Uint8Array(16));

function bytesOf(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed * 7919) & 0xff;
  out[0] = seed & 0xff;
  out[1] = (seed >> 8) & 0xff;
  out.set(RUN_SALT.subarray(0, Math.max(0, Math.min(RUN_SALT.length, size - 2))), 2);
  return out;
}

/** A signed X-Upload-Intent header for `body` (local chain) and its root. */
async function signUpload(account: PrivateKeyAccount, body: Uint8Array): Promise<{ header: string; root: Root }> {
  const root = await computeRoot(body);
  const intent = createUploadIntent(LOCAL_CHAIN_ID, [{ root, size: body.length }]);
  const signature = await account.signTypedData(toTypedData(intent));
  return { header: encodeIntentHeader({ ...intent, address: account.address, signature }, root), root };
}

function post(baseUrl: string, header: string, body: Uint8Array): Promise<Response> {
  return fetch(`${baseUrl}/api/storage`, {
    method: "POST",
    headers: { "x-upload-intent": header, "content-type": "application/octet-stream" },
    body: body as BodyInit,
  });
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

/**
 * Whether `baseUrl`'s live stream (`/api/live`, server-sent events) sends what `pattern` matches
 * within `timeoutMs`; the connection is closed either way.
 */
async function streamSends(baseUrl: string, pattern: RegExp, timeoutMs: number): Promise<boolean> {
  const signal = AbortSignal.timeout(timeoutMs);
  const decoder = new TextDecoder();
  let text = "";
  try {
    const response = await fetch(`${baseUrl}/api/live`, { signal });
    for await (const chunk of response.body!) {
      text += decoder.decode(chunk, { stream: true });
      if (pattern.test(text)) {
        await response.body!.cancel().catch(() => {});
        return true;
      }
    }
  } catch {
    // timed out (or dropped): not seen
  }
  return false;
}

describe("npm start -- --instances 2", { timeout: 900_000 }, () => {
  let stack: LocalStack;
  let proxyUrl: string;
  let instanceA: string;
  let instanceB: string;
  let readerUrl: string;

  before(async () => {
    const readerPort = await getFreePort();
    stack = await startLocalStack({
      args: ["--instances", "2"],
      env: { INDEXER_READER_PORT: String(readerPort), STORAGE_DAILY_QUOTA_BYTES: String(DAILY_QUOTA), STORAGE_CHUNK_BYTES: String(CHUNK_BYTES) },
      timeoutMs: 10 * 60_000,
    });
    proxyUrl = stack.webUrl;
    readerUrl = `http://127.0.0.1:${readerPort}`;
    // The banner's lines after the URL may arrive a moment later than the URL itself.
    const instancesLine = /Web {8}(http:\/\/127\.0\.0\.1:\d+), (http:\/\/127\.0\.0\.1:\d+) \(round-robin behind/;
    for (let waited = 0; !instancesLine.test(stack.output()) && waited < 10_000; waited += 100) await delay(100);
    const web = stack.output().match(instancesLine);
    assert.ok(web, `the instances are printed:\n${stack.output()}`);
    [, instanceA, instanceB] = web as unknown as [string, string, string];
  });

  after(async () => {
    await stack?.stop();
  });

  it("prints the proxy's URL; pages, health and indexer reads work through either instance", async () => {
    const served = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const page = await fetch(proxyUrl);
      assert.equal(page.status, 200);
      served.add(page.headers.get("x-upstream") ?? "");
    }
    assert.deepEqual([...served].sort(), ["0", "1"], "round-robin over both instances");
    for (const url of [instanceA, instanceB]) {
      assert.deepEqual(await (await fetch(`${url}/api/health`)).json(), { status: "ok", guard: "postgres" });
      assert.equal((await fetch(`${url}/api/indexer/projects?limit=1`)).status, 200);
    }
    const projects = await (await fetch(`${readerUrl}/projects?limit=50`)).json();
    assert.equal(projects.items.length, 7, "the reader serves the seeded projects");
  });

  it("refuses an intent used on instance A when it is replayed on instance B", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const body = bytesOf(5_000, 1);
    const { header, root } = await signUpload(account, body);
    assert.equal((await post(instanceA, header, body)).status, 201);
    const replay = await post(instanceB, header, body);
    assert.equal(replay.status, 403);
    assert.match((await replay.json()).error, /already/i);
    assert.equal((await fetch(`${instanceB}/api/storage/${root}`)).status, 200, "the object itself is on both");
  });

  it("spends one daily quota across both instances", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const size = 120_000; // three fit in the quota, a fourth does not
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const body = bytesOf(size, 100 + i);
      const { header } = await signUpload(account, body);
      const response = await post(i % 2 ? instanceB : instanceA, header, body);
      statuses.push(response.status);
      if (response.status === 429) assert.match((await response.json()).error, /quota/i);
    }
    assert.deepEqual(statuses, [201, 201, 201, 429]);
  });

  it("lands parallel uploads through the proxy once each, whole, on both instances", async () => {
    const bodies = Array.from({ length: 8 }, (_, i) => bytesOf(20_000 + i, 200 + i));
    const results = await Promise.all(
      bodies.map(async (body) => {
        const { header, root } = await signUpload(privateKeyToAccount(generatePrivateKey()), body);
        const response = await post(proxyUrl, header, body);
        return { status: response.status, upstream: response.headers.get("x-upstream"), root, json: await response.json() };
      }),
    );
    assert.deepEqual(results.map((r) => r.status), bodies.map(() => 201), JSON.stringify(results.map((r) => r.json)));
    assert.deepEqual([...new Set(results.map((r) => r.upstream))].sort(), ["0", "1"], "spread over both instances");
    for (const [i, { root }] of results.entries()) {
      assert.ok(existsSync(path.join(REPO_ROOT, ".data/storage/objects", root)), "one object in the shared store");
      const download = await fetch(`${i % 2 ? instanceA : instanceB}/api/storage/${root}`);
      assert.deepEqual(new Uint8Array(await download.arrayBuffer()), bodies[i], "whole");
    }
  });

  it("keeps serving pages through the other instance while one is killed, and restarts it", async () => {
    const port = new URL(instanceA).port;
    process.kill(listeningPid(port), "SIGKILL");
    for (let i = 0; i < 6; i++) {
      const page = await fetch(proxyUrl);
      assert.equal(page.status, 200, "the proxy skips the dead instance");
      assert.equal(page.headers.get("x-upstream"), "1");
    }
    await waitForStatus(`${instanceA}/api/health`, 200, 120_000);
    assert.match(stack.output(), /web 1 was killed \(SIGKILL\); restarting it in/);
  });

  it("resumes a chunked upload through the other instance when one is killed mid-upload; the object is stored once, whole", async () => {
    const body = bytesOf(12 * CHUNK_BYTES - 1_000, 300); // 12 chunks
    crypto.getRandomValues(body.subarray(2, 34)); // new bytes each run: a stored root would be answered at once, with nothing to send
    const victim = instanceB;
    const failures: string[] = [];
    const realFetch = globalThis.fetch;
    // Count what the client meets after the kill: the proxy's 502 for a request the dead instance had, or a reset.
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      try {
        const response = await realFetch(input, init);
        if (response.status >= 500) failures.push(`${init?.method ?? "GET"} ${response.status}`);
        return response;
      } catch (error) {
        failures.push(`${init?.method ?? "GET"} ${(error as Error).message}`);
        throw error;
      }
    }) as typeof fetch;
    let killedAt = -1;
    let result;
    try {
      result = await uploadArtifact(body, {
        signer: privateKeyToAccount(generatePrivateKey()),
        endpoint: `${proxyUrl}/api/storage`,
        onProgress: ({ phase, loaded }) => {
          if (phase !== "uploading" || killedAt >= 0 || loaded < 2 * CHUNK_BYTES) return;
          killedAt = loaded;
          process.kill(listeningPid(new URL(victim).port), "SIGKILL");
        },
      });
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.ok(killedAt > 0 && killedAt < body.length, "the instance died in the middle of the upload");
    assert.ok(failures.length > 0, "the client met the dead instance and went on");
    const root = await computeRoot(body);
    assert.deepEqual(result, { root, size: body.length, backend: "local" });
    const store = path.join(REPO_ROOT, ".data/storage");
    assert.deepEqual(readdirSync(path.join(store, "objects")).filter((name) => name.startsWith(root)).sort(), [root, `${root}.json`], "one object");
    const download = await fetch(`${instanceA}/api/storage/${root}`);
    assert.deepEqual(new Uint8Array(await download.arrayBuffer()), body, "whole");
    assert.deepEqual(existsSync(path.join(store, "uploads")) ? readdirSync(path.join(store, "uploads")) : [], [], "the session ended");
    await waitForStatus(`${victim}/api/health`, 200, 120_000);
  });

  it("restarts a killed indexer writer, which catches up on what the chain did meanwhile; the reader then equals the chain", async () => {
    const chain = { ...hardhat, rpcUrls: { default: { http: [stack.rpcUrl] } } };
    const client = createPublicClient({ chain, transport: http(stack.rpcUrl) });
    const wallet = createWalletClient({ account: mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 9 }), chain, transport: http(stack.rpcUrl) });
    process.kill(listeningPid(new URL(stack.indexerUrl).port), "SIGKILL");
    const projects = (await (await fetch(`${readerUrl}/projects?limit=50`)).json()).items as Array<{ token: Hex; totalSupply: string }>;
    // Trades while the writer is down: it must catch up on them.
    for (const { token } of projects.slice(0, 3)) {
      const hash = await wallet.writeContract({ address: token, abi: projectTokenAbi, functionName: "buy", value: parseEther("0.01") });
      await client.waitForTransactionReceipt({ hash });
    }
    const head = await client.getBlockNumber();
    assert.ok(await waitForIndexedBlock(readerUrl, head, { timeoutMs: 180_000 }), "the reader shows the new blocks once the writer is back");
    const after = (await (await fetch(`${readerUrl}/projects?limit=50`)).json()).items as Array<{ token: Hex; totalSupply: string }>;
    assert.equal(after.length, projects.length, "no project lost or doubled");
    for (const { token, totalSupply } of after) {
      const supply = await client.readContract({ address: token, abi: projectTokenAbi, functionName: "totalSupply" });
      assert.equal(BigInt(totalSupply), supply, `supply of ${token} equals the chain`);
    }
    assert.match(stack.output(), /indexer was killed \(SIGKILL\); restarting it in/);
  });

  it("stays healthy while the chain is stopped for a few seconds, tells open pages so, and follows it again when it returns", async () => {
    const chainPid = listeningPid(new URL(stack.rpcUrl).port);
    // A page's stream, open before the node stops (as a visitor's would be).
    const toldDown = streamSends(instanceA, /event: chain\ndata: down\n/, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    process.kill(chainPid, "SIGSTOP");
    try {
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      for (const url of [instanceA, instanceB]) assert.equal((await fetch(`${url}/api/health`)).status, 200);
      assert.equal((await fetch(`${readerUrl}/projects?limit=1`, { signal: AbortSignal.timeout(10_000) })).status, 200, "indexed lists still answer");
      assert.ok(await toldDown, "the live stream says the chain is not answering while it is stopped");
    } finally {
      process.kill(chainPid, "SIGCONT");
    }
    assert.ok(await streamSends(instanceA, /event: chain\ndata: up\n/, 15_000), "and that it answers once it returns");
    const chain = { ...hardhat, rpcUrls: { default: { http: [stack.rpcUrl] } } };
    const client = createPublicClient({ chain, transport: http(stack.rpcUrl) });
    const wallet = createWalletClient({ account: mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 3 }), chain, transport: http(stack.rpcUrl) });
    const { token } = (await (await fetch(`${readerUrl}/projects?limit=1`)).json()).items[0] as { token: Hex };
    const hash = await wallet.writeContract({ address: token, abi: projectTokenAbi, functionName: "buy", value: parseEther("0.01") });
    const receipt = await client.waitForTransactionReceipt({ hash });
    assert.ok(await waitForIndexedBlock(readerUrl, receipt.blockNumber, { timeoutMs: 60_000 }), "the indexer follows the chain again");
    assert.equal((await fetch(proxyUrl)).status, 200);
  });
});
