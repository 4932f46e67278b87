/**
 * Optional end-to-end check of the BUILT app: starts `next start` on a free port and moves an
 * artifact through the real server with the client helper. Skips when there is no build
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
import { makeStore, newAccount, randomBytes } from "./support/relay.ts";

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
