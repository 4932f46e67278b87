import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { computeRoot } from "@orm/protocol/storage/root";
import type { Root } from "@orm/protocol/storage/root";
import { createBackend } from "../server/storage/backend.ts";
import { readStorageConfig } from "../server/storage/config.ts";
import { RootFormatError } from "@orm/protocol/storage/errors";
import { get, head, listFiles, makeStore, newAccount, randomBytes, setEnv, signIntent, streamOf, upload, uploadRequest } from "./support/relay.ts";
import * as uploadRoute from "../app/api/storage/route.ts";
import * as artifactRoute from "../app/api/storage/[root]/route.ts";

const { POST } = uploadRoute;

let store: { dir: string; cleanup: () => Promise<void> };
let restoreEnv: () => void;

before(async () => {
  store = await makeStore();
  restoreEnv = setEnv({
    STORAGE_DIR: store.dir,
    STORAGE_BACKEND: undefined,
    STORAGE_MAX_BYTES: String(1024 * 1024),
    STORAGE_RATE_LIMIT: undefined,
    STORAGE_DAILY_QUOTA_BYTES: undefined,
    STORAGE_INTENT_WINDOW_SECONDS: "120",
  });
});

after(async () => {
  restoreEnv();
  await store.cleanup();
});

/** Runs `work` in a fresh store folder and returns that folder's files afterwards. */
async function inFreshStore(work: () => Promise<void>): Promise<string[]> {
  const fresh = await makeStore();
  const restore = setEnv({ STORAGE_DIR: fresh.dir });
  try {
    await work();
    return await listFiles(fresh.dir);
  } finally {
    restore();
    await fresh.cleanup();
  }
}

async function expectError(response: Response, status: number, pattern: RegExp): Promise<void> {
  assert.equal(response.status, status);
  assert.match(response.headers.get("content-type") ?? "", /application\/json/);
  const body = (await response.json()) as { error: string };
  assert.match(body.error, pattern);
  assert.match(body.error, /^[A-Z"].*\.$/, `"${body.error}" should read as one sentence`);
}

test("upload then download returns the same bytes with immutable-content headers", async () => {
  const body = randomBytes(300_001);
  const account = newAccount();
  const response = await upload(body, { account, contentType: "application/x-tar" });
  assert.equal(response.status, 201);
  const result = (await response.json()) as { root: string; size: number; backend: string };
  assert.deepEqual(result, { root: await computeRoot(body), size: body.length, backend: "local" });
  assert.equal(response.headers.get("location"), `/api/storage/${result.root}`);

  const download = await get(result.root);
  assert.equal(download.status, 200);
  assert.deepEqual(new Uint8Array(await download.arrayBuffer()), body);
  assert.equal(download.headers.get("content-length"), String(body.length));
  assert.equal(download.headers.get("content-type"), "application/x-tar");
  assert.equal(download.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.equal(download.headers.get("etag"), `"${result.root}"`);
  assert.equal(download.headers.get("x-content-type-options"), "nosniff");

  const sidecar = JSON.parse(await readFile(join(store.dir, "objects", `${result.root}.json`), "utf8"));
  assert.equal(sidecar.size, body.length);
  assert.equal(sidecar.contentType, "application/x-tar");
  assert.equal(sidecar.uploader, account.address);
  assert.ok(Date.now() - Date.parse(sidecar.uploadedAt) < 60_000);
});

test("HEAD answers 200 with length for a stored root and 404 for an unknown one; If-None-Match gives 304", async () => {
  const body = randomBytes(1000);
  const { root } = (await (await upload(body)).json()) as { root: string };
  const found = await head(root);
  assert.equal(found.status, 200);
  assert.equal(found.headers.get("content-length"), "1000");
  assert.equal(await found.text(), "");
  assert.equal((await head(`0x${"ab".repeat(32)}`)).status, 404);
  const cached = await get(root, { "if-none-match": `"${root}"` });
  assert.equal(cached.status, 304);
  assert.equal(await cached.text(), "");
});

test("uploading the same bytes twice is idempotent (201, then 200) and roots are case-insensitive on GET", async () => {
  const body = randomBytes(5000);
  const firstResponse = await upload(body);
  const secondResponse = await upload(body);
  assert.equal(firstResponse.status, 201);
  assert.equal(secondResponse.status, 200);
  const first = (await firstResponse.json()) as { root: string };
  const second = (await secondResponse.json()) as { root: string };
  assert.equal(first.root, second.root);
  const upper = `0x${first.root.slice(2).toUpperCase()}`;
  assert.deepEqual(new Uint8Array(await (await get(upper)).arrayBuffer()), body);
});

test("a root that tries to leave the store is a 400 before any path is built", async () => {
  const secret = join(store.dir, "..", `outside-${process.pid}.txt`);
  await writeFile(secret, "not an artifact");
  try {
    for (const attempt of ["..%2F..%2Fetc%2Fpasswd", "../../etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", `..%2F${secret.split("/").pop()}`, "objects", "tmp"]) {
      await expectError(await get(attempt), 400, /not a 0G root/);
      assert.equal((await head(attempt)).status, 400);
    }
    const backend = await createBackend(readStorageConfig());
    await assert.rejects(backend.open("../../etc/passwd" as Root), RootFormatError);
    await assert.rejects(backend.stat(`../outside-${process.pid}.txt` as Root), RootFormatError);
  } finally {
    await rm(secret, { force: true });
  }
});

test("a malformed root is a 400 with a sentence; an unknown root is a 404", async () => {
  await expectError(await get("0x1234"), 400, /not a 0G root/);
  await expectError(await get(`${"ab".repeat(32)}`), 400, /not a 0G root/);
  await expectError(await get(`0x${"zz".repeat(32)}`), 400, /not a 0G root/);
  assert.equal((await head("nope")).status, 400);
  await expectError(await get(`0x${"cd".repeat(32)}`), 404, /No artifact with root/);
});

test("an intent declaring more than STORAGE_MAX_BYTES is a 413 and leaves no file", async () => {
  const files = await inFreshStore(async () => {
    const body = randomBytes(1024 * 1024 + 1);
    await expectError(await upload(body, { contentLength: true }), 413, /larger than the relay's limit of 1 MiB/);
  });
  assert.deepEqual(files, []);
});

test("a body that outgrows the limit mid-stream (lying intent, no Content-Length) is a 413 and leaves no temp file", async () => {
  const files = await inFreshStore(async () => {
    const small = randomBytes(1000);
    const huge = randomBytes(2 * 1024 * 1024);
    const response = await upload(small, { sendBody: streamOf(huge) });
    await expectError(response, 413, /larger than the relay's limit/);
  });
  assert.deepEqual(files, []);
});

test("a body longer or shorter than the signed size is a 400 and leaves no file", async () => {
  const files = await inFreshStore(async () => {
    const body = randomBytes(4096);
    await expectError(await upload(body, { sendBody: streamOf(randomBytes(5000)) }), 400, /has 5000 bytes but the signed intent declares 4096/);
    await expectError(await upload(body, { sendBody: streamOf(body.slice(0, 4000)) }), 400, /has 4000 bytes but the signed intent declares 4096/);
    await expectError(await upload(body, { sendBody: body.slice(0, 4000), contentLength: true }), 400, /4000 bytes/);
  });
  assert.deepEqual(files, []);
});

test("a body whose root differs from the signed root is a 400 and leaves no file", async () => {
  const files = await inFreshStore(async () => {
    const body = randomBytes(4096);
    const other = randomBytes(4096, 99);
    await expectError(await upload(body, { sendBody: other }), 400, /hash to root 0x[0-9a-f]{64}, not to the expected root/);
  });
  assert.deepEqual(files, []);
});

test("an empty upload is a 400", async () => {
  await expectError(await upload(new Uint8Array(0)), 400, /empty/);
});

test("a missing or malformed intent is a 400", async () => {
  const body = randomBytes(100);
  await expectError(await upload(body, { header: null }), 400, /signed intent in the X-Upload-Intent header/);
  await expectError(await upload(body, { header: "not json" }), 400, /not JSON/);
  const valid = JSON.parse(await signIntent(body));
  await expectError(await upload(body, { header: JSON.stringify({ ...valid, nonce: "0x12" }) }), 400, /nonce must be 32 bytes/);
  await expectError(await upload(body, { header: JSON.stringify({ ...valid, uploads: [{ ...valid.uploads[0], size: -1 }] }) }), 400, /size must be/);
  const { chainId: _chainId, ...withoutChain } = valid;
  await expectError(await upload(body, { header: JSON.stringify(withoutChain) }), 400, /chainId must be/);
});

test("a signature from another key is a 400", async () => {
  const body = randomBytes(100);
  await expectError(await upload(body, { account: newAccount(), signWith: newAccount() }), 400, /signature does not match its address/);
  const valid = JSON.parse(await signIntent(body));
  const tampered = { ...valid, timestamp: valid.timestamp - 1 };
  await expectError(await upload(body, { header: JSON.stringify(tampered) }), 400, /signature does not match/);
});

test("an intent signed outside the freshness window is a 400", async () => {
  const body = randomBytes(100);
  const now = Math.floor(Date.now() / 1000);
  await expectError(await upload(body, { intent: { timestamp: now - 121 } }), 400, /more than 120 seconds/);
  await expectError(await upload(body, { intent: { timestamp: now + 121 } }), 400, /more than 120 seconds/);
  assert.equal((await upload(body, { intent: { timestamp: now - 100 } })).status, 201);
});

test("a replayed intent is a 403 (the signature is valid, but already spent)", async () => {
  const body = randomBytes(200);
  const header = await signIntent(body);
  assert.equal((await upload(body, { header })).status, 201);
  await expectError(await upload(body, { header }), 403, /already used/);
});

test("one intent admits each of its uploads once: the listed bodies upload, a replay and unlisted bytes do not", async () => {
  const account = newAccount();
  const bodies = [randomBytes(3000, 71), randomBytes(4000, 72), randomBytes(5000, 73)];
  const header = (index: number) => signIntent(bodies[index]!, { account, alongWith: bodies.filter((_, other) => other !== index) });
  // one signature over all three: sign once, then address each request to one of its roots
  const signed = JSON.parse(await header(0)) as Record<string, unknown>;
  const roots = await Promise.all(bodies.map((body) => computeRoot(body)));
  const headerFor = (index: number) => JSON.stringify({ ...signed, root: roots[index] });
  for (const [index, body] of bodies.entries()) {
    const response = await upload(body, { header: headerFor(index) });
    assert.equal(response.status, 201, `upload ${index}`);
    assert.equal(((await response.json()) as { root: string }).root, roots[index]);
  }
  // the same upload again under the same signature is spent, as a single intent would be
  await expectError(await upload(bodies[1]!, { header: headerFor(1) }), 403, /already used/);
  // other bytes: a root the intent does not list, or a listed root with different bytes behind it
  const stranger = randomBytes(3000, 74);
  await expectError(await upload(stranger, { header: JSON.stringify({ ...signed, root: await computeRoot(stranger) }) }), 400, /not one of the intent's uploads/);
  const fresh = JSON.parse(await signIntent(bodies[0]!, { account, alongWith: [bodies[1]!] })) as Record<string, unknown>;
  await expectError(await upload(bodies[0]!, { header: JSON.stringify({ ...fresh, root: roots[1] }), sendBody: bodies[0] }), 400, /(signed intent declares|hash to root)/);
  // the list is signed: adding a root to it breaks the signature
  const uploads = [...(signed.uploads as unknown[]), { root: await computeRoot(stranger), size: stranger.length }];
  await expectError(
    await upload(stranger, { header: JSON.stringify({ ...signed, uploads, root: await computeRoot(stranger) }) }),
    400,
    /signature does not match/,
  );
});

test("an intent listing a root twice, or none, is malformed", async () => {
  const body = randomBytes(100, 81);
  const signed = JSON.parse(await signIntent(body)) as { uploads: unknown[] };
  await expectError(await upload(body, { header: JSON.stringify({ ...signed, uploads: [...signed.uploads, ...signed.uploads] }) }), 400, /each root once/);
  await expectError(await upload(body, { header: JSON.stringify({ ...signed, uploads: [] }) }), 400, /non-empty list/);
});

test("an intent signed for another chain is a 400 naming both chains; STORAGE_CHAIN_ID sets the relay's chain", async () => {
  const body = randomBytes(500, 91);
  await expectError(await upload(body, { intent: { chainId: 16_602 } }), 400, /signed for chain 16602, but this relay serves chain 31337/);
  // the chain id is in the signed domain: relabelling the header does not make it valid elsewhere
  const galileo = JSON.parse(await signIntent(body, { intent: { chainId: 16_602 } })) as Record<string, unknown>;
  await expectError(await upload(body, { header: JSON.stringify({ ...galileo, chainId: 31_337 }) }), 400, /signature does not match/);
  const restore = setEnv({ STORAGE_CHAIN_ID: "16602" });
  try {
    assert.equal((await upload(body, { header: JSON.stringify(galileo) })).status, 201);
    await expectError(await upload(randomBytes(500, 92)), 400, /signed for chain 31337, but this relay serves chain 16602/);
    const terms = await uploadRoute.GET();
    assert.deepEqual(await terms.json(), { chainId: 16_602, maxBytes: 1024 * 1024, maxUploadsPerIntent: 16, chunkBytes: 4 * 1024 * 1024 });
  } finally {
    restore();
  }
});

test("a batch's uploads count one by one against the rate limit and their sizes add up against the daily quota", async () => {
  const restore = setEnv({ STORAGE_DAILY_QUOTA_BYTES: "1000" });
  try {
    const account = newAccount();
    const bodies = [randomBytes(400, 101), randomBytes(400, 102), randomBytes(400, 103)];
    const signed = JSON.parse(await signIntent(bodies[0]!, { account, alongWith: bodies.slice(1) })) as Record<string, unknown>;
    const roots = await Promise.all(bodies.map((body) => computeRoot(body)));
    assert.equal((await upload(bodies[0]!, { header: JSON.stringify({ ...signed, root: roots[0] }) })).status, 201);
    assert.equal((await upload(bodies[1]!, { header: JSON.stringify({ ...signed, root: roots[1] }) })).status, 201);
    await expectError(await upload(bodies[2]!, { header: JSON.stringify({ ...signed, root: roots[2] }) }), 429, /daily quota of 1000 bytes/);
  } finally {
    restore();
  }
  const restoreRate = setEnv({ STORAGE_RATE_LIMIT: "2", STORAGE_RATE_WINDOW_SECONDS: "60" });
  try {
    const bodies = [randomBytes(10, 111), randomBytes(10, 112), randomBytes(10, 113)];
    const signed = JSON.parse(await signIntent(bodies[0]!, { alongWith: bodies.slice(1) })) as Record<string, unknown>;
    const roots = await Promise.all(bodies.map((body) => computeRoot(body)));
    assert.equal((await upload(bodies[0]!, { header: JSON.stringify({ ...signed, root: roots[0] }) })).status, 201);
    assert.equal((await upload(bodies[1]!, { header: JSON.stringify({ ...signed, root: roots[1] }) })).status, 201);
    await expectError(await upload(bodies[2]!, { header: JSON.stringify({ ...signed, root: roots[2] }) }), 429, /limit of 2 uploads per 60 seconds/);
  } finally {
    restoreRate();
  }
});

test("more uploads than STORAGE_RATE_LIMIT in the window is a 429 with Retry-After, per address", async () => {
  const restore = setEnv({ STORAGE_RATE_LIMIT: "2", STORAGE_RATE_WINDOW_SECONDS: "60" });
  try {
    const account = newAccount();
    assert.equal((await upload(randomBytes(10, 1), { account })).status, 201);
    assert.equal((await upload(randomBytes(10, 2), { account })).status, 201);
    const limited = await upload(randomBytes(10, 3), { account });
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert.ok(retryAfter > 0 && retryAfter <= 60);
    await expectError(limited, 429, /limit of 2 uploads per 60 seconds/);
    assert.equal((await upload(randomBytes(10, 3), { account: newAccount() })).status, 201);
  } finally {
    restore();
  }
});

test("the daily byte quota is enforced per address, and failed uploads give their bytes back", async () => {
  const restore = setEnv({ STORAGE_DAILY_QUOTA_BYTES: "1000" });
  try {
    const account = newAccount();
    assert.equal((await upload(randomBytes(600, 1), { account })).status, 201);
    const mismatched = await upload(randomBytes(300, 2), { account, sendBody: randomBytes(300, 3) });
    assert.equal(mismatched.status, 400);
    assert.equal((await upload(randomBytes(400, 4), { account })).status, 201);
    const over = await upload(randomBytes(1, 5), { account });
    assert.ok(Number(over.headers.get("retry-after")) > 0);
    await expectError(over, 429, /daily quota of 1000 bytes/);
    assert.equal((await upload(randomBytes(1, 5), { account: newAccount() })).status, 201);
  } finally {
    restore();
  }
});

test("a malformed Content-Type is a 400", async () => {
  await expectError(await upload(randomBytes(10), { contentType: "definitely not a type" }), 400, /not a valid Content-Type/);
});

test("a stored object that no longer hashes to its root is never served", async () => {
  const body = randomBytes(70_000);
  const { root } = (await (await upload(body)).json()) as { root: string };
  const path = join(store.dir, "objects", root);
  const corrupted = body.slice();
  corrupted[12_345] ^= 0xff;
  await writeFile(path, corrupted);
  await expectError(await get(root), 500, /no longer hash to it/);
});

test("a misconfigured backend answers 500 with a sentence naming the variable", async () => {
  const restore = setEnv({ STORAGE_BACKEND: "s3" });
  try {
    await expectError(await upload(randomBytes(10)), 500, /STORAGE_BACKEND must be "local" or "0g"/);
  } finally {
    restore();
  }
  const restoreZg = setEnv({ STORAGE_BACKEND: "0g", ZG_INDEXER_RPC: undefined });
  try {
    await expectError(await get(`0x${"ab".repeat(32)}`), 500, /ZG_INDEXER_RPC is not set/);
  } finally {
    restoreZg();
  }
});

test("concurrent uploads of different artifacts all land intact", async () => {
  const bodies = Array.from({ length: 6 }, (_, i) => randomBytes(50_000 + i * 777, i + 50));
  const responses = await Promise.all(bodies.map((body) => uploadRequest(body).then(POST)));
  for (const [i, response] of responses.entries()) {
    assert.equal(response.status, 201);
    const { root } = (await response.json()) as { root: string };
    assert.deepEqual(new Uint8Array(await (await get(root)).arrayBuffer()), bodies[i]);
  }
  assert.deepEqual((await listFiles(join(store.dir, "tmp"))), []);
});

test("a wrong method is a 405 with a JSON sentence and the Allow header, on both routes", async () => {
  const root = `0x${"ab".repeat(32)}`;
  const context = { params: Promise.resolve({ root }) };
  const cases = [
    { handlers: uploadRoute as Record<string, unknown>, url: "http://relay.test/api/storage", methods: ["HEAD", "PUT", "PATCH", "DELETE"], allow: "GET, POST", accepts: /accepts GET and POST\./ },
    { handlers: artifactRoute as Record<string, unknown>, url: `http://relay.test/api/storage/${root}`, methods: ["POST", "PUT", "PATCH", "DELETE"], allow: "GET, HEAD", accepts: /accepts GET and HEAD\./ },
  ];
  for (const { handlers, url, methods, allow, accepts } of cases) {
    for (const method of methods) {
      const handler = handlers[method] as ((request: Request, context: unknown) => Promise<Response>) | undefined;
      assert.ok(handler, `${url} exports ${method}`);
      const body = method === "GET" || method === "HEAD" ? undefined : "x";
      const response = await handler(new Request(url, { method, body }), context);
      assert.equal(response.headers.get("allow"), allow, `${method} ${url}`);
      await expectError(response, 405, new RegExp(`^The method ${method} is not allowed here; .*${accepts.source}`));
    }
    const options = (handlers.OPTIONS as () => Response)();
    assert.equal(options.status, 204);
    assert.equal(options.headers.get("allow"), allow);
  }
});
