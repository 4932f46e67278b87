/**
 * The `0g` backend against a local STAND-IN of the 0G indexer, storage node and EVM RPC
 * (test/support/zg-standin.ts) — the real network is not reachable from here. The relay's own
 * code and the SDK's (trees, proofs, node selection) run unmodified; only the far side of the
 * JSON-RPC calls is simulated.
 */
import { after, before, test } from "node:test";
import { readFile } from "node:fs/promises";
import assert from "node:assert/strict";
import { generatePrivateKey } from "viem/accounts";
import { computeRoot } from "@orm/protocol/storage/root";
import { get, head, listFiles, makeStore, randomBytes, setEnv, upload } from "./support/relay.ts";
import { startZgStandIn } from "./support/zg-standin.ts";
import type { ZgStandIn } from "./support/zg-standin.ts";

let store: { dir: string; cleanup: () => Promise<void> };
let zg: ZgStandIn;
let restoreEnv: () => void;

before(async () => {
  zg = await startZgStandIn();
  store = await makeStore();
  restoreEnv = setEnv({
    STORAGE_DIR: store.dir,
    STORAGE_BACKEND: "0g",
    ZG_INDEXER_RPC: zg.indexerUrl,
    ZG_EVM_RPC: zg.evmUrl,
    ZG_PRIVATE_KEY: generatePrivateKey(),
    ZG_TIMEOUT_MS: "30000",
    ZG_RETRIES: "1",
    ZG_RETRY_DELAY_MS: "10",
  });
});

after(async () => {
  restoreEnv();
  await zg.close();
  await store.cleanup();
});

let uploaded: { root: string; body: Uint8Array };

test("an upload reaches the stand-in: log entry paid on chain once, segments proven, file finalized, size recorded", async () => {
  const body = randomBytes(700_001);
  const response = await upload(body, { contentType: "text/csv" });
  assert.equal(response.status, 201);
  const result = (await response.json()) as { root: string; size: number; backend: string };
  assert.deepEqual(result, { root: await computeRoot(body), size: body.length, backend: "0g" });
  const stored = zg.stored(result.root);
  assert.ok(stored?.finalized, "the stand-in finalized the file");
  assert.deepEqual(stored.data, body);
  assert.equal(zg.sentTransactions.length, 1, "one Flow submission was paid");
  assert.equal(zg.calls.filter((call) => call === "zgs_uploadSegmentsByTxSeq").length, 3, "one call per segment");
  const sidecar = JSON.parse(await readFile(`${store.dir}/meta/${result.root}.json`, "utf8")) as { size: number; txHash: string };
  assert.equal(sidecar.size, body.length, "the size is recorded: zero bytes in the padding would keep the root");
  assert.equal(sidecar.txHash, zg.sentTransactions[0]);
  assert.deepEqual(await listFiles(`${store.dir}/meta`), [`${result.root}.json`], "no payment record is left once the file is finalized");
  assert.deepEqual(await listFiles(`${store.dir}/tmp`), [], "the staged temp file is gone");
  uploaded = { root: result.root, body };
});

test("a download streams back proven, with the sidecar's content type; HEAD sees it", async () => {
  const response = await get(uploaded.root);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("x-storage-backend"), "0g");
  assert.equal(response.headers.get("content-type"), "text/csv");
  assert.equal(response.headers.get("content-length"), String(uploaded.body.length));
  assert.deepEqual(new Uint8Array(await response.arrayBuffer()), uploaded.body);
  const found = await head(uploaded.root);
  assert.equal(found.status, 200);
  assert.equal(found.headers.get("content-length"), String(uploaded.body.length));
});

test("a root the network does not know is a 404 at once, on the indexer's word (GET and HEAD)", async () => {
  const start = performance.now();
  const before = zg.calls.length;
  assert.equal((await get(`0x${"12".repeat(32)}`)).status, 404);
  assert.equal((await head(`0x${"12".repeat(32)}`)).status, 404);
  assert.ok(performance.now() - start < 1_000, "no retries");
  assert.deepEqual(zg.calls.slice(before), ["indexer_getFileLocations", "indexer_getFileLocations"]);
});

test("bytes from the network that fail their segment's proof are refused (502) before any is sent, after a retry", async () => {
  const before = zg.calls.filter((call) => call === "indexer_getFileLocations").length;
  zg.corrupt(uploaded.root);
  const response = await get(uploaded.root);
  assert.equal(response.status, 502);
  const { error } = (await response.json()) as { error: string };
  assert.match(error, new RegExp(`returned bytes that are not those of root ${uploaded.root} \\(segment 0 from .* fails its merkle proof .*\\), so the relay refused them\\.$`));
  const attempts = zg.calls.filter((call) => call === "indexer_getFileLocations").length - before;
  assert.equal(attempts, 2, "ZG_RETRIES=1 means two download attempts");
  zg.corrupt(uploaded.root); // flip the byte back
  assert.equal((await get(uploaded.root)).status, 200);
});

test("uploading bytes the network already holds does not pay again, and answers 200 (already stored)", async () => {
  const sends = () => zg.calls.filter((call) => call === "eth_sendRawTransaction").length;
  const before = sends();
  const response = await upload(uploaded.body);
  assert.equal(response.status, 200);
  assert.equal(sends(), before);
});

test("an unreachable indexer is a 503 with one sentence naming ZG_INDEXER_RPC, and leaves no temp file", async () => {
  const restore = setEnv({ ZG_INDEXER_RPC: "http://127.0.0.1:9/indexer", ZG_RETRIES: "0", ZG_TIMEOUT_MS: "20000" });
  try {
    const response = await upload(randomBytes(1000, 3));
    assert.equal(response.status, 503);
    const { error } = (await response.json()) as { error: string };
    assert.match(error, /^The 0G indexer at ZG_INDEXER_RPC \(http:\/\/127\.0\.0\.1:9\/indexer\) did not answer \(.*\); on Galileo it is https:\/\/indexer-storage-testnet-turbo\.0g\.ai\.$/);
    assert.equal((await get(uploaded.root)).status, 503, "downloads need the indexer too");
    assert.deepEqual(await listFiles(`${store.dir}/tmp`), []);
  } finally {
    restore();
  }
});

test("a missing ZG_PRIVATE_KEY is a 500 naming the variable", async () => {
  const restore = setEnv({ ZG_PRIVATE_KEY: undefined });
  try {
    const response = await upload(randomBytes(100, 4));
    assert.equal(response.status, 500);
    assert.match(((await response.json()) as { error: string }).error, /ZG_PRIVATE_KEY is not set/);
  } finally {
    restore();
  }
});
