/**
 * The `0g` backend against a stand-in that misbehaves as the real network does
 * (test/support/zg-standin.ts): a payment never mined, concurrent uploads on one key, nodes
 * pushing back, late finality, an empty account, chains that disagree, nodes that lag or fall
 * silent, a 64 MiB file across two sharded nodes. Each test gets its own network and store.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { computeRoot } from "@orm/protocol/storage/root";
import type { Root } from "@orm/protocol/storage/root";
import { get, head, listFiles, makeStore, randomBytes, setEnv, upload } from "./support/relay.ts";
import { startZgStandIn } from "./support/zg-standin.ts";
import type { ZgStandIn, ZgStandInOptions } from "./support/zg-standin.ts";
import { createZgBackend } from "../server/storage/backends/zg.ts";
import { readStorageConfig } from "../server/storage/config.ts";

type Network = { zg: ZgStandIn; dir: string; key: `0x${string}`; address: string };

/** Runs `work` against a fresh stand-in and store, with the relay's env pointed at them. */
async function withNetwork(options: ZgStandInOptions, env: Record<string, string>, work: (network: Network) => Promise<void>): Promise<void> {
  const zg = await startZgStandIn(options);
  const store = await makeStore();
  const key = generatePrivateKey();
  const restore = setEnv({
    STORAGE_DIR: store.dir,
    STORAGE_BACKEND: "0g",
    STORAGE_MAX_BYTES: String(64 * 1024 * 1024),
    ZG_INDEXER_RPC: zg.indexerUrl,
    ZG_EVM_RPC: zg.evmUrl,
    ZG_PRIVATE_KEY: key,
    ZG_TIMEOUT_MS: "30000",
    ZG_RETRIES: "0",
    ZG_RETRY_DELAY_MS: "10",
    ZG_NODE_TIMEOUT_MS: "2000",
    ...env,
  });
  try {
    await work({ zg, dir: store.dir, key, address: privateKeyToAccount(key).address });
  } finally {
    restore();
    await zg.close();
    await store.cleanup();
  }
}

async function errorOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: string }).error;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("a payment that is never mined: 504 naming it, paid once, nothing polled after the answer; a retry waits for it, and completes once it is mined", async () => {
  await withNetwork({}, { ZG_TIMEOUT_MS: "1500", ZG_RETRIES: "1" }, async ({ zg, dir }) => {
    zg.mining = "never";
    const body = randomBytes(300_000, 11);
    const root = await computeRoot(body);
    const first = await upload(body);
    assert.equal(first.status, 504);
    assert.match(
      await errorOf(first),
      new RegExp(`^The 0G payment for root ${root} \\(transaction ${zg.sentTransactions[0]}\\) was not mined within 2 seconds; the relay will not pay for this root again while it is pending`),
    );
    assert.equal(zg.sentTransactions.length, 1, "one payment, though ZG_RETRIES=1");
    const callsAtAnswer = zg.calls.length;
    await sleep(1_000);
    assert.equal(zg.calls.length, callsAtAnswer, "the abandoned upload stopped: no polling after the relay answered");
    assert.deepEqual(await listFiles(`${dir}/meta`), [`${root}.payment.json`], "the payment is remembered");

    assert.equal((await upload(body)).status, 504, "still pending");
    assert.equal(zg.sentTransactions.length, 1, "the retry did not pay again");

    zg.mine();
    const last = await upload(body);
    assert.equal(last.status, 201, await last.clone().text());
    assert.equal(zg.sentTransactions.length, 1);
    assert.equal(zg.entries.length, 1, "one log entry, paid once");
    assert.ok(zg.stored(root)?.finalized);
    assert.deepEqual(await listFiles(`${dir}/meta`), [`${root}.json`], "the payment record is gone once stored");
  });
});

test("a payment the chain lost is sent again as the same signed bytes, never as a second payment", async () => {
  await withNetwork({}, { ZG_TIMEOUT_MS: "1000" }, async ({ zg, dir }) => {
    zg.mining = "never";
    const body = randomBytes(1_000, 12);
    const root = await computeRoot(body);
    assert.equal((await upload(body)).status, 504);
    const record = JSON.parse(await readFile(`${dir}/meta/${root}.payment.json`, "utf8")) as { txHash: string };
    // The node forgets the transaction (evicted from its pool) before it is mined.
    zg.forget(record.txHash);
    zg.mining = "instant";
    const response = await upload(body);
    assert.equal(response.status, 201, await response.clone().text());
    assert.deepEqual(zg.entries.map((entry) => entry.txHash), [record.txHash], "the one signed payment landed, once");
  });
});

test("concurrent uploads on one key sign distinct nonces and each pays once; the same root at once pays once", async () => {
  await withNetwork({}, {}, async ({ zg }) => {
    const bodies = [1, 2, 3, 4].map((seed) => randomBytes(50_000 + seed, 100 + seed));
    const responses = await Promise.all(bodies.map((body) => upload(body)));
    assert.deepEqual(
      responses.map((response) => response.status),
      [201, 201, 201, 201],
    );
    assert.equal(zg.sentTransactions.length, 4);
    assert.equal(zg.entries.length, 4, "no nonce collided");

    const same = randomBytes(70_000, 200);
    const twice = await Promise.all([upload(same), upload(same)]);
    assert.deepEqual(twice.map((response) => response.status).sort(), [200, 201]);
    assert.equal(zg.sentTransactions.length, 5, "one payment for the root uploaded twice at once");
  });
});

test("nodes pushing back ('too many data writing') slow the upload down but do not fail it", async () => {
  await withNetwork({ maxWritesInFlight: 2 }, { ZG_SEGMENT_CONCURRENCY: "4" }, async ({ zg }) => {
    zg.nodes[0].busy = 6;
    const body = randomBytes(12 * 256 * 1024 + 5, 13);
    const response = await upload(body);
    assert.equal(response.status, 201, await response.clone().text());
    assert.ok(zg.nodes[0].writeCalls > 13, `pushed back and retried (${zg.nodes[0].writeCalls} calls for 13 segments)`);
    assert.deepEqual(zg.stored(await computeRoot(body))?.data, body);
  });
});

test("finality that comes late is waited for", async () => {
  await withNetwork({}, {}, async ({ zg }) => {
    zg.finalityDelayMs = 1_500;
    const start = performance.now();
    const response = await upload(randomBytes(10_000, 14));
    assert.equal(response.status, 201);
    assert.ok(performance.now() - start >= 1_500, "answered only once finalized");
  });
});

test("an account with nothing to pay with is a 503 saying so, and nothing is sent", async () => {
  await withNetwork({}, {}, async ({ zg, address }) => {
    zg.setBalance(address, 0n);
    const response = await upload(randomBytes(5_000, 15));
    assert.equal(response.status, 503);
    assert.equal(
      await errorOf(response),
      `The relay's 0G account ${address} holds nothing on chain 16602, so it cannot pay for uploads; fund it or set ZG_PRIVATE_KEY to a funded key.`,
    );
    assert.equal(zg.sentTransactions.length, 0);
  });
});

test("a chain RPC on another chain than the storage network, or not answering, is a 503 naming ZG_EVM_RPC", async () => {
  await withNetwork({}, {}, async ({ zg }) => {
    zg.evmChainId = 1;
    const response = await upload(randomBytes(5_000, 16));
    assert.equal(response.status, 503);
    assert.equal(await errorOf(response), `ZG_EVM_RPC (${zg.evmUrl}) serves chain 1, but the storage network behind ZG_INDEXER_RPC belongs to chain 16602.`);
    const restore = setEnv({ ZG_EVM_RPC: "http://127.0.0.1:9/evm" });
    try {
      const unreachable = await upload(randomBytes(5_000, 17));
      assert.equal(unreachable.status, 503);
      assert.match(await errorOf(unreachable), /^The 0G chain RPC at ZG_EVM_RPC \(http:\/\/127\.0\.0\.1:9\/evm\) did not answer \(.*\); on Galileo it is https:\/\/evmrpc-testnet\.0g\.ai\.$/);
    } finally {
      restore();
    }
    assert.equal(zg.sentTransactions.length, 0);
  });
});

test("a storage network on another chain than ZG_CHAIN_ID is a 503 saying which", async () => {
  await withNetwork({}, {}, async ({ zg }) => {
    zg.storageChainId = 16601;
    const response = await upload(randomBytes(5_000, 18));
    assert.equal(response.status, 503);
    assert.equal(
      await errorOf(response),
      `The storage network behind ZG_INDEXER_RPC (${zg.indexerUrl}) belongs to chain 16601, not ZG_CHAIN_ID 16602 (0G Galileo is 16602).`,
    );
  });
});

test("a file the indexer's nodes miss (lagging) is found on the others; a silent node does not fail HEAD or GET", async () => {
  await withNetwork({ nodes: [{}, {}] }, { ZG_EXPECTED_REPLICA: "2", ZG_NODE_TIMEOUT_MS: "3000" }, async ({ zg }) => {
    const body = randomBytes(400_000, 19);
    const response = await upload(body);
    assert.equal(response.status, 201);
    const { root } = (await response.json()) as { root: Root };

    zg.nodes[0].lagging = true;
    zg.locations = [0];
    assert.equal((await head(root)).status, 200, "HEAD asks the nodes the indexer left out");
    const found = await get(root);
    assert.equal(found.status, 200);
    assert.deepEqual(new Uint8Array(await found.arrayBuffer()), body);

    zg.nodes[0].lagging = false;
    zg.nodes[0].silent = true;
    zg.locations = [0, 1];
    const start = performance.now();
    assert.equal((await head(root)).status, 200);
    const read = await get(root);
    assert.equal(read.status, 200);
    assert.deepEqual(new Uint8Array(await read.arrayBuffer()), body);
    assert.ok(performance.now() - start < 2_000, "the silent node was not waited for");
  });
});

test("an upload leaves out a trusted node that does not answer and stores the file on the others", async () => {
  await withNetwork({ nodes: [{}, {}] }, { ZG_NODE_TIMEOUT_MS: "1000" }, async ({ zg }) => {
    zg.nodes[0].silent = true;
    const body = randomBytes(600_000, 26);
    const response = await upload(body);
    assert.equal(response.status, 201, await response.clone().text());
    assert.equal(zg.nodes[0].writeCalls, 0);
    assert.deepEqual(zg.stored(await computeRoot(body))?.data, body);
  });
});

test("an upload whose chosen node lags behind the chain goes to another node that sees the entry", async () => {
  await withNetwork({ nodes: [{}, {}] }, { ZG_NODE_TIMEOUT_MS: "500" }, async ({ zg }) => {
    zg.nodes[0].lagging = true; // the first full copy the selection picks
    const body = randomBytes(300_000, 27);
    const response = await upload(body);
    assert.equal(response.status, 201, await response.clone().text());
    assert.equal(zg.nodes[0].writeCalls, 0);
    assert.ok(zg.nodes[1].holdings.get(0)?.segments.size === 2, "node 1 holds both segments");
    assert.equal(zg.sentTransactions.length, 1);
  });
});

test("a segment after the first that fails its proof cuts the body off: no byte of it is sent, and the client never gets a complete body", async () => {
  await withNetwork({}, {}, async ({ zg }) => {
    const body = randomBytes(20 * 256 * 1024 + 77, 25);
    const response = await upload(body);
    const { root } = (await response.json()) as { root: Root };
    zg.corrupt(root, 13);
    const read = await get(root);
    assert.equal(read.status, 200, "the first segments were proven, so the answer started");
    const reader = read.body!.getReader();
    let received = 0;
    await assert.rejects(
      (async () => {
        for (let piece = await reader.read(); !piece.done; piece = await reader.read()) received += piece.value.length;
      })(),
      new RegExp(`returned bytes that are not those of root ${root} \\(segment 13 from .* fails its merkle proof`),
    );
    assert.equal(received, 13 * 256 * 1024, "exactly the 13 proven segments were sent");
  });
});

test("a size that differs from the one uploaded under the root is refused (zero bytes in the padding keep the root)", async () => {
  await withNetwork({}, {}, async ({ dir }) => {
    const body = randomBytes(3_000, 20);
    const response = await upload(body, { contentType: "text/plain" });
    const { root } = (await response.json()) as { root: Root };
    const sidecarPath = `${dir}/meta/${root}.json`;
    const sidecar = JSON.parse(await readFile(sidecarPath, "utf8")) as { size: number };
    await writeFile(sidecarPath, JSON.stringify({ ...sidecar, size: body.length + 10 }));
    const refused = await get(root);
    assert.equal(refused.status, 502);
    assert.equal(await errorOf(refused), `The 0G network reports ${body.length} bytes for root ${root}, but ${body.length + 10} bytes were uploaded under it, so the relay refused them.`);
  });
});

test("bytes whose root is not the staged root, or a file that would be split into fragments, are refused before paying", async () => {
  await withNetwork({}, {}, async ({ zg, dir }) => {
    const backend = createZgBackend(readStorageConfig());
    const path = `${dir}/staged.bin`;
    await writeFile(path, randomBytes(2_000, 21));
    const otherRoot = await computeRoot(randomBytes(2_000, 22));
    const uploader = privateKeyToAccount(generatePrivateKey()).address;
    await assert.rejects(backend.put({ path, root: otherRoot, size: 2_000, contentType: "text/plain", uploader }), (error: Error) => {
      assert.equal((error as { status?: number }).status, 500);
      assert.match(error.message, new RegExp(`^The 0G SDK computed the root 0x[0-9a-f]{64} for bytes whose root is ${otherRoot}; nothing was paid\\.$`));
      return true;
    });
    await writeFile(path, randomBytes(10, 23));
    const huge = 4 * 1024 ** 3 + 1;
    await assert.rejects(backend.put({ path, root: otherRoot, size: huge, contentType: "text/plain", uploader }), (error: Error) => {
      assert.equal((error as { status?: number }).status, 413);
      assert.match(error.message, /would be split into 0G fragments of 4294967296 bytes, which the relay does not store; nothing was paid\.$/);
      return true;
    });
    assert.equal(zg.sentTransactions.length, 0);
  });
});

test("a 64 MiB file across two sharded nodes: each node gets its half, a few segments at a time; it streams back verified", async () => {
  await withNetwork(
    { nodes: [{ shard: { shardId: 0, numShard: 2 } }, { shard: { shardId: 1, numShard: 2 } }], maxWritesInFlight: 3 },
    { ZG_TIMEOUT_MS: "120000", ZG_SEGMENT_CONCURRENCY: "4" },
    async ({ zg }) => {
      const body = randomBytes(64 * 1024 * 1024, 24);
      const response = await upload(body);
      assert.equal(response.status, 201, await response.clone().text());
      const { root } = (await response.json()) as { root: Root };
      for (const node of zg.nodes) assert.equal(node.holdings.get(0)?.segments.size, 128, "each shard holds half of the 256 segments");
      const read = await get(root);
      assert.equal(read.status, 200);
      assert.equal(read.headers.get("content-length"), String(body.length));
      assert.deepEqual(new Uint8Array(await read.arrayBuffer()), body);
    },
  );
});
