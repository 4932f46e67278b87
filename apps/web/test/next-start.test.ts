/**
 * Optional end-to-end check of the BUILT app: starts `next start` on a free port and moves an
 * artifact through the real server with the client helper; and its shutdown: SIGTERM lets an upload
 * in flight finish, SIGKILL mid-upload leaves no object. Skips when there is no build
 * (`npm run build -w apps/web` first); it never builds by itself.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getFreePort as freePort } from "@orm/scripts/lib/ports";
import { downloadArtifact, uploadArtifact } from "@orm/protocol/storage/client";
import { StorageError } from "@orm/protocol/storage/errors";
import { computeRoot } from "@orm/protocol/storage/root";
import { makeStore, newAccount, randomBytes, signIntent } from "./support/relay.ts";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const built = existsSync(new URL("../.next/BUILD_ID", import.meta.url));
let server: ChildProcess | undefined;
let endpoint = "";
let store: { dir: string; cleanup: () => Promise<void> };

async function waitUntilUp(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`next start did not answer at ${url} within ${ms} ms`);
}

before(async () => {
  if (!built) return;
  store = await makeStore();
  const port = await freePort();
  const nextBin = fileURLToPath(import.meta.resolve("next/dist/bin/next"));
  server = spawn(process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: appDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", STORAGE_DIR: store.dir, STORAGE_BACKEND: "local", STORAGE_MAX_BYTES: String(2 * 1024 * 1024) },
    stdio: "ignore",
  });
  endpoint = `http://127.0.0.1:${port}/api/storage`;
  await waitUntilUp(`http://127.0.0.1:${port}/`, 30_000);
});

after(async () => {
  server?.kill("SIGTERM");
  await store?.cleanup();
});

test("the built app (next start) stores and serves an artifact through the client helper", { skip: !built && "no build in apps/web/.next" }, async () => {
  const body = randomBytes(1_500_000, 77);
  const { root, backend } = await uploadArtifact(body, { signer: newAccount(), endpoint, contentType: "application/zip" });
  assert.equal(backend, "local");
  const downloaded = await downloadArtifact(root, { endpoint });
  assert.deepEqual(downloaded.bytes, body);
  assert.equal(downloaded.contentType, "application/zip");
  const headResponse = await fetch(`${endpoint}/${root}`, { method: "HEAD" });
  assert.equal(headResponse.status, 200);
  assert.equal(headResponse.headers.get("cache-control"), "public, max-age=31536000, immutable");
  await assert.rejects(uploadArtifact(randomBytes(3 * 1024 * 1024), { signer: newAccount(), endpoint }), (error) => {
    assert.ok(error instanceof StorageError);
    assert.equal(error.status, 413);
    return true;
  });
  const bad = await fetch(`${endpoint}/0x1234`);
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: string }).error, /not a 0G root/);
});

test("the built app answers wrong methods with a JSON 405 and Allow, and refuses traversal", { skip: !built && "no build in apps/web/.next" }, async () => {
  for (const [url, method, allow] of [
    [endpoint, "PUT", "GET, POST"],
    [endpoint, "DELETE", "GET, POST"],
    [endpoint, "PATCH", "GET, POST"],
    [`${endpoint}/0x${"ab".repeat(32)}`, "POST", "GET, HEAD"],
    [`${endpoint}/0x${"ab".repeat(32)}`, "PATCH", "GET, HEAD"],
  ]) {
    const response = await fetch(url, { method, body: method === "GET" ? undefined : "x" });
    assert.equal(response.status, 405, `${method} ${url}`);
    assert.equal(response.headers.get("allow"), allow);
    assert.match(((await response.json()) as { error: string }).error, new RegExp(`^The method ${method} is not allowed here`));
  }
  // GET on the collection tells clients the chain intents are signed for
  const terms = await fetch(endpoint);
  assert.equal(terms.status, 200);
  assert.equal(((await terms.json()) as { chainId: number }).chainId, 31_337);
  const traversal = await fetch(`${endpoint}/..%2F..%2Fetc%2Fpasswd`);
  assert.equal(traversal.status, 400);
  assert.match(((await traversal.json()) as { error: string }).error, /not a 0G root/);
});

/** A `next start` of its own (the shared one keeps serving the other tests), on `store`. */
async function startOwnServer(storeDir: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const nextBin = fileURLToPath(import.meta.resolve("next/dist/bin/next"));
  const child = spawn(process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: appDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", STORAGE_DIR: storeDir, STORAGE_BACKEND: "local" },
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${base}/api/health`, 30_000);
  return { child, base };
}

/** Sends `body` in two halves: the first at once, the second when `second` resolves. */
function uploadInTwoHalves(base: string, header: string, body: Uint8Array, second: Promise<void>): Promise<Response> {
  const half = Math.floor(body.length / 2);
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(body.slice(0, half));
      await second;
      controller.enqueue(body.slice(half));
      controller.close();
    },
  });
  return fetch(`${base}/api/storage`, {
    method: "POST",
    headers: { "x-upload-intent": header, "content-type": "application/octet-stream" },
    body: stream,
    duplex: "half",
  } as RequestInit);
}

test("on SIGTERM an upload in flight finishes (the object whole), then the server exits; one cut off by SIGKILL leaves no object", { skip: !built && "no build in apps/web/.next", timeout: 120_000 }, async () => {
  const own = await makeStore();
  try {
    const { child, base } = await startOwnServer(own.dir);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const body = randomBytes(1_000_000, 91);
    let sendRest!: () => void;
    const upload = uploadInTwoHalves(base, await signIntent(body), body, new Promise((resolve) => (sendRest = () => resolve())));
    await new Promise((resolve) => setTimeout(resolve, 500)); // the first half is on its way
    child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 500));
    sendRest();
    const response = await upload;
    assert.equal(response.status, 201, JSON.stringify(await response.clone().json()));
    const root = await computeRoot(body);
    assert.equal(((await response.json()) as { root: string }).root, root);
    assert.equal(await exited, 143, "it exits once the upload is done");
    assert.ok(existsSync(`${own.dir}/objects/${root}`), "the object is stored");

    const second = await startOwnServer(own.dir);
    const cut = randomBytes(1_000_000, 92);
    const cutUpload = uploadInTwoHalves(second.base, await signIntent(cut), cut, new Promise(() => {}));
    await new Promise((resolve) => setTimeout(resolve, 500));
    second.child.kill("SIGKILL");
    await assert.rejects(cutUpload);
    assert.equal(existsSync(`${own.dir}/objects/${await computeRoot(cut)}`), false, "no partial object");
  } finally {
    await own.cleanup();
  }
});
