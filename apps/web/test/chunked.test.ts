/**
 * Chunked uploads: the session store (`server/storage/uploadSessions.ts`) and its routes
 * (`app/api/storage/uploads/**`), called with `new Request(…)` on a real store in a temp dir.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, utimes } from "node:fs/promises";
import { join } from "node:path";
import { computeRoot } from "@orm/protocol/storage/root";
import * as openRoute from "../app/api/storage/uploads/route.ts";
import * as sessionRoute from "../app/api/storage/uploads/[id]/route.ts";
import * as chunkRoute from "../app/api/storage/uploads/[id]/[index]/route.ts";
import { readStorageConfig } from "../server/storage/config.ts";
import { getGuardState } from "../server/storage/guard.ts";
import { sweepUploadSessions } from "../server/storage/uploadSessions.ts";
import type { UploadSessionStatus } from "../server/storage/uploadSessions.ts";
import { get, listFiles, makeStore, newAccount, randomBytes, setEnv, signIntent, streamOf, upload } from "./support/relay.ts";
import type { SignOptions } from "./support/relay.ts";

const CHUNK = 64 * 1024;
const BASE = "http://relay.test/api/storage/uploads";

let store: { dir: string; cleanup: () => Promise<void> };
let restoreEnv: () => void;

before(async () => {
  store = await makeStore();
  restoreEnv = setEnv({
    STORAGE_DIR: store.dir,
    STORAGE_BACKEND: undefined,
    STORAGE_MAX_BYTES: String(1024 * 1024),
    STORAGE_CHUNK_BYTES: String(CHUNK),
    STORAGE_UPLOAD_IDLE_SECONDS: "600",
    STORAGE_RATE_LIMIT: undefined,
    STORAGE_DAILY_QUOTA_BYTES: undefined,
    DATABASE_URL: undefined,
  });
});

after(async () => {
  restoreEnv();
  await store.cleanup();
});

async function open(body: Uint8Array, options: SignOptions & { header?: string; contentType?: string } = {}): Promise<Response> {
  const header = options.header ?? (await signIntent(body, options));
  return openRoute.POST(
    new Request(BASE, {
      method: "POST",
      headers: { "x-upload-intent": header, "content-type": "application/json" },
      body: JSON.stringify({ contentType: options.contentType ?? "application/x-tar" }),
    }),
  );
}

async function openSession(body: Uint8Array, options: SignOptions = {}): Promise<UploadSessionStatus> {
  const response = await open(body, options);
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()) as UploadSessionStatus;
}

function putChunk(id: string, index: number | string, body: Uint8Array | ReadableStream<Uint8Array>): Promise<Response> {
  const request = new Request(`${BASE}/${id}/${index}`, { method: "PUT", body: body as BodyInit, duplex: "half" } as RequestInit);
  return chunkRoute.PUT(request, { params: Promise.resolve({ id, index: String(index) }) });
}

function chunkOf(body: Uint8Array, index: number): Uint8Array {
  return body.slice(index * CHUNK, (index + 1) * CHUNK);
}

function status(id: string): Promise<Response> {
  return sessionRoute.GET(new Request(`${BASE}/${id}`), { params: Promise.resolve({ id }) });
}

function complete(id: string): Promise<Response> {
  return sessionRoute.POST(new Request(`${BASE}/${id}`, { method: "POST" }), { params: Promise.resolve({ id }) });
}

async function expectError(response: Response, code: number, pattern: RegExp): Promise<void> {
  const text = await response.text();
  assert.equal(response.status, code, text);
  const { error } = JSON.parse(text) as { error: string };
  assert.match(error, pattern);
  assert.match(error, /^[A-Z"].*\.$/, `"${error}" should read as one sentence`);
}

async function sessionsLeft(): Promise<string[]> {
  return readdir(join(store.dir, "uploads")).catch(() => []);
}

test("chunks sent out of order and twice, in parallel, become one whole object only at completion", async () => {
  const body = randomBytes(5 * CHUNK + 1234, 1);
  const session = await openSession(body);
  assert.equal(session.chunkCount, 6);
  assert.equal(session.chunkSize, CHUNK);
  assert.deepEqual(session.received, []);
  const order = [5, 2, 0, 4, 1, 3];
  const answers = await Promise.all([...order, ...order].map((index) => putChunk(session.id, index, chunkOf(body, index))));
  assert.deepEqual(answers.map((response) => response.status), answers.map(() => 200), "a duplicate chunk is harmless");
  const root = await computeRoot(body);
  assert.equal((await get(root)).status, 404, "no object before completion");
  assert.deepEqual(((await (await status(session.id)).json()) as UploadSessionStatus).received, [0, 1, 2, 3, 4, 5]);

  const completions = await Promise.all([complete(session.id), complete(session.id), complete(session.id)]);
  const codes = completions.map((response) => response.status).sort();
  assert.ok(codes.every((code) => code === 200 || code === 201), String(codes));
  assert.equal(codes.filter((code) => code === 201).length, 1, `one completion stored it: ${codes}`);
  assert.deepEqual(await completions.find((response) => response.status === 201)!.json(), { root, size: body.length, backend: "local" });

  const download = await get(root);
  assert.deepEqual(new Uint8Array(await download.arrayBuffer()), body);
  assert.equal(download.headers.get("content-type"), "application/x-tar");
  const files = await listFiles(store.dir);
  assert.deepEqual(files.filter((file) => file.includes(root)).sort(), [`objects/${root}`, `objects/${root}.json`]);
  assert.deepEqual(files.filter((file) => file.startsWith("tmp") || file.startsWith("uploads")), [], "no session or temp file left");
  await expectError(await status(session.id), 404, /No upload session/);
});

test("a chunk cut off mid-body is not kept; the client asks what arrived and resumes from there", async () => {
  const body = randomBytes(3 * CHUNK + 10, 2);
  const session = await openSession(body);
  assert.equal((await putChunk(session.id, 0, chunkOf(body, 0))).status, 200);
  // The connection drops halfway through chunk 1.
  let sent = 0;
  const dropping = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= CHUNK / 2) return controller.error(new Error("connection reset"));
      controller.enqueue(chunkOf(body, 1).slice(sent, sent + 8192));
      sent += 8192;
    },
  });
  await expectError(await putChunk(session.id, 1, dropping), 400, /interrupted/);
  const resumed = (await (await status(session.id)).json()) as UploadSessionStatus;
  assert.deepEqual(resumed.received, [0], "only whole chunks count");
  await expectError(await complete(session.id), 409, /chunks 1, 2, 3 have not arrived/);
  for (const index of [1, 2, 3]) assert.equal((await putChunk(session.id, index, chunkOf(body, index))).status, 200);
  assert.equal((await complete(session.id)).status, 201);
  assert.deepEqual(new Uint8Array(await (await get(await computeRoot(body))).arrayBuffer()), body);
  assert.deepEqual((await listFiles(store.dir)).filter((file) => file.startsWith("tmp")), []);
});

test("bytes that do not hash to the signed root at the end leave nothing, and give the quota back", async () => {
  const fresh = await makeStore();
  const restore = setEnv({ STORAGE_DIR: fresh.dir, STORAGE_DAILY_QUOTA_BYTES: String(3 * CHUNK) });
  try {
    const account = newAccount();
    const signed = randomBytes(2 * CHUNK, 3);
    const sent = randomBytes(2 * CHUNK, 4);
    const session = await openSession(signed, { account });
    for (const index of [0, 1]) assert.equal((await putChunk(session.id, index, chunkOf(sent, index))).status, 200);
    await expectError(await complete(session.id), 400, new RegExp(`not to the expected root ${session.root}`));
    assert.deepEqual(await listFiles(fresh.dir), [], "no object, no chunk, no temp file");
    await expectError(await status(session.id), 404, /No upload session/);
    // 2 chunks' worth came back: another 2-chunk upload fits the 3-chunk quota.
    assert.equal((await open(randomBytes(2 * CHUNK, 5), { account })).status, 201);
  } finally {
    restore();
    await fresh.cleanup();
  }
});

test("an abandoned session is discarded after the idle timeout and its quota given back", async () => {
  const fresh = await makeStore();
  const restore = setEnv({ STORAGE_DIR: fresh.dir, STORAGE_DAILY_QUOTA_BYTES: String(3 * CHUNK), STORAGE_UPLOAD_IDLE_SECONDS: "60" });
  try {
    const account = newAccount();
    const first = await openSession(randomBytes(2 * CHUNK, 6), { account });
    assert.equal((await putChunk(first.id, 0, chunkOf(randomBytes(2 * CHUNK, 6), 0))).status, 200);
    const second = await openSession(randomBytes(CHUNK, 7), { account });
    await expectError(await open(randomBytes(2 * CHUNK, 8), { account }), 429, /quota/);

    const config = readStorageConfig();
    const guard = await getGuardState();
    const release = (session: { uploader: `0x${string}`; quotaDay: number; size: number }) => guard.releaseBytes(session.uploader, session.quotaDay, session.size);
    assert.deepEqual(await sweepUploadSessions(config.dir, 60, release, Date.now() + 30_000), [], "not idle long enough yet");
    assert.deepEqual((await sweepUploadSessions(config.dir, 60, release, Date.now() + 61_000)).sort(), [first.id, second.id].sort());
    assert.deepEqual(await listFiles(fresh.dir), [], "chunks and sessions removed");
    await expectError(await status(first.id), 404, /No upload session/);
    assert.equal((await open(randomBytes(2 * CHUNK, 8), { account })).status, 201, "the quota came back");

    // A session found idle by a request is discarded on the spot: 410.
    const third = await openSession(randomBytes(CHUNK, 9));
    const past = new Date(Date.now() - 120_000);
    await utimes(join(fresh.dir, "uploads", third.id, "session.json"), past, past);
    await utimes(join(fresh.dir, "uploads", third.id, "chunks"), past, past);
    await expectError(await putChunk(third.id, 0, chunkOf(randomBytes(CHUNK, 9), 0)), 410, /received nothing for 60 seconds/);
    await expectError(await status(third.id), 404, /No upload session/);
  } finally {
    restore();
    await fresh.cleanup();
  }
});

test("the intent is spent once per artifact, not per chunk: opening again finds the session, a single-request replay is refused", async () => {
  const restore = setEnv({ STORAGE_RATE_LIMIT: "2" });
  try {
    const account = newAccount();
    const body = randomBytes(8 * CHUNK, 10);
    const header = await signIntent(body, { account });
    const session = await openSession(body, { header } as SignOptions);
    for (let index = 0; index < 8; index++) assert.equal((await putChunk(session.id, index, chunkOf(body, index))).status, 200);
    // the answer to the open was lost: the same intent opens the same session
    const again = await open(body, { header });
    assert.equal(again.status, 200);
    assert.deepEqual(((await again.json()) as UploadSessionStatus).received, [0, 1, 2, 3, 4, 5, 6, 7]);
    const replay = await openRoute.POST(new Request(BASE, { method: "POST", headers: { "x-upload-intent": header } }));
    assert.equal(replay.status, 200, "no body is fine too");
    await expectError(await upload(body, { header }), 403, /already used/);
    assert.equal((await complete(session.id)).status, 201);
    await expectError(await open(body, { header }), 403, /already used/);
    // Eight chunks counted as one upload against a limit of two per window: a second artifact still fits.
    assert.equal((await open(randomBytes(CHUNK + 1, 11), { account })).status, 201);
  } finally {
    restore();
  }
});

test("opening an upload of an artifact already stored answers it at once", async () => {
  const body = randomBytes(2 * CHUNK, 12);
  assert.equal((await upload(body)).status, 201);
  const response = await open(body);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { root: await computeRoot(body), size: body.length, backend: "local" });
});

test("bad input is a 4xx with one sentence", async () => {
  const body = randomBytes(2 * CHUNK + 5, 13);
  const session = await openSession(body);
  await expectError(await putChunk(session.id, 3, new Uint8Array(5)), 400, /^Chunk "3" is out of range; this upload has chunks 0 to 2\.$/);
  await expectError(await putChunk(session.id, "-1", new Uint8Array(5)), 400, /out of range/);
  await expectError(await putChunk(session.id, "x", new Uint8Array(5)), 400, /out of range/);
  await expectError(await putChunk(session.id, 2, new Uint8Array(4)), 400, /^Chunk 2 has 4 bytes but must have 5\.$/);
  await expectError(await putChunk(session.id, 2, new Uint8Array(6)), 400, /^Chunk 2 has more than 5 bytes but must have 5\.$/);
  await expectError(await putChunk(session.id, 0, streamOf(randomBytes(CHUNK + 100))), 400, /more than 65536 bytes/);
  await expectError(await putChunk("f".repeat(40), 0, new Uint8Array(5)), 404, /No upload session/);
  await expectError(await putChunk("../../etc", 0, new Uint8Array(5)), 404, /No upload session/);
  await expectError(await complete(session.id), 409, /chunks 0, 1, 2 have not arrived/);
  await expectError(await open(randomBytes(2 * 1024 * 1024, 14)), 413, /larger than the relay's limit/);
  await expectError(
    await openRoute.POST(new Request(BASE, { method: "POST", headers: { "x-upload-intent": await signIntent(body) }, body: "{nope" })),
    400,
    /must be JSON/,
  );
  await expectError(await open(body, { contentType: "not a type" }), 400, /not a valid Content-Type/);
  await expectError(
    await openRoute.POST(
      new Request(BASE, { method: "POST", headers: { "x-upload-intent": await signIntent(body), "content-length": String(body.length) }, body }),
    ),
    400,
    /not the artifact; send the bytes in chunks/,
  );
  await expectError(await open(body, { header: "{}" }), 400, /malformed/);
  const wrong = await chunkRoute.GET(new Request(`${BASE}/${session.id}/0`));
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.get("allow"), "PUT");
  assert.equal((await sessionRoute.DELETE(new Request(`${BASE}/${session.id}`, { method: "DELETE" }), { params: Promise.resolve({ id: session.id }) })).status, 204);
  await expectError(await status(session.id), 404, /No upload session/);
  assert.deepEqual((await sessionsLeft()).filter((name) => name === session.id), []);
});
