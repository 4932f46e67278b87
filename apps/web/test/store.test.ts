/**
 * The store under pressure and after a crash: 100 parallel uploads of distinct files and 100 of
 * the same file through the POST handler (nothing lost, nothing duplicated, no temp files), and
 * the start-up sweep of temp files a crashed process left behind.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { POST } from "../app/api/storage/route.ts";
import { createBackend } from "../server/storage/backend.ts";
import { readStorageConfig } from "../server/storage/config.ts";
import { processTag, sweepStaleTemps, STALE_TEMP_MS } from "../server/storage/fsutil.ts";
import { computeRoot } from "@orm/protocol/storage/root";
import { get, listFiles, makeStore, newAccount, randomBytes, setEnv, uploadRequest } from "./support/relay.ts";

const PARALLEL = 100;
let restoreEnv: () => void;

before(() => {
  restoreEnv = setEnv({
    STORAGE_BACKEND: undefined,
    STORAGE_MAX_BYTES: String(1024 * 1024),
    // One signer sends every upload below, so its limits must allow 2 × 100 uploads.
    STORAGE_RATE_LIMIT: String(10 * PARALLEL),
    STORAGE_DAILY_QUOTA_BYTES: String(1024 * 1024 * 1024),
  });
});

after(() => restoreEnv());

/** Runs `work` with STORAGE_DIR set to a fresh store; removes the store afterwards. */
async function withStore(work: (dir: string) => Promise<void>): Promise<void> {
  const store = await makeStore();
  const restore = setEnv({ STORAGE_DIR: store.dir });
  try {
    await work(store.dir);
  } finally {
    restore();
    await store.cleanup();
  }
}

/** Every request is signed first (each with its own nonce), then all are sent at once. */
async function postAll(bodies: Uint8Array[]): Promise<Response[]> {
  const account = newAccount();
  const requests = await Promise.all(bodies.map((body) => uploadRequest(body, { account })));
  return Promise.all(requests.map((request) => POST(request)));
}

test(`${PARALLEL} parallel uploads of distinct files: ${PARALLEL} objects, each intact, no temp file`, async () => {
  await withStore(async (dir) => {
    const bodies = Array.from({ length: PARALLEL }, (_, i) => randomBytes(1 + ((i * 7919) % 20_000), i + 1));
    const roots = await Promise.all(bodies.map((body) => computeRoot(body)));
    const responses = await postAll(bodies);
    for (const [i, response] of responses.entries()) {
      assert.equal(response.status, 201, `upload ${i}: ${response.status}`);
      assert.equal(((await response.json()) as { root: string }).root, roots[i]);
    }
    const files = await listFiles(dir);
    assert.equal(files.filter((file) => file.startsWith("tmp/")).length, 0, "no temp file is left");
    assert.equal(files.length, 2 * PARALLEL, "one object and one sidecar per upload");
    for (const [i, root] of roots.entries()) {
      const stored = await readFile(join(dir, "objects", root));
      assert.equal(await computeRoot(stored), root);
      assert.deepEqual(new Uint8Array(stored), bodies[i]);
    }
    const served = await get(roots[42]);
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), bodies[42]);
  });
});

test(`${PARALLEL} parallel uploads of the same file: one object, one sidecar, every answer the same root`, async () => {
  await withStore(async (dir) => {
    const body = randomBytes(300_000, 4242);
    const root = await computeRoot(body);
    const responses = await postAll(Array.from({ length: PARALLEL }, () => body));
    const statuses = responses.map((response) => response.status);
    assert.ok(statuses.every((status) => status === 201 || status === 200), `statuses: ${[...new Set(statuses)]}`);
    assert.equal(statuses.filter((status) => status === 201).length, 1, "exactly one upload created the object");
    for (const response of responses) assert.equal(((await response.json()) as { root: string }).root, root);
    assert.deepEqual((await listFiles(dir)).sort(), [`objects/${root}`, `objects/${root}.json`]);
    assert.deepEqual(new Uint8Array(await readFile(join(dir, "objects", root))), body);
    const sidecar = JSON.parse(await readFile(join(dir, "objects", `${root}.json`), "utf8"));
    assert.equal(sidecar.size, body.length);
  });
});

test("stray temp files of a crashed process are removed when the backend is first created; live ones stay", async () => {
  await withStore(async (dir) => {
    const tmp = join(dir, "tmp");
    await mkdir(tmp, { recursive: true });
    const old = new Date(Date.now() - STALE_TEMP_MS - 60_000);
    const stray = "0badc0de-6e4b7a2c-3f0d-4c57-9f3e-0d6b7c1f2a90.part";
    const straySidecar = "0badc0de-a1b2c3d4-3f0d-4c57-9f3e-0d6b7c1f2a90.tmp";
    const live = "1eaf1eaf-0e4b7a2c-3f0d-4c57-9f3e-0d6b7c1f2a91.part"; // another process, still writing
    const own = `${processTag()}-0e4b7a2c-3f0d-4c57-9f3e-0d6b7c1f2a92.part`; // this process's, in flight
    for (const name of [stray, straySidecar, live, own]) await writeFile(join(tmp, name), randomBytes(1000));
    for (const name of [stray, straySidecar, own]) await utimes(join(tmp, name), old, old);

    await createBackend(readStorageConfig());

    assert.deepEqual((await listFiles(dir)).sort(), [`tmp/${live}`, `tmp/${own}`].sort(), "no object appeared and only the stale strays went");
  });
});

test("the sweep is a no-op on a missing tmp folder and leaves files that are not temp files", async () => {
  await withStore(async (dir) => {
    assert.deepEqual(await sweepStaleTemps(join(dir, "tmp")), []);
    await mkdir(join(dir, "tmp"), { recursive: true });
    await writeFile(join(dir, "tmp", "notes.txt"), "keep");
    const old = new Date(Date.now() - 2 * STALE_TEMP_MS);
    await utimes(join(dir, "tmp", "notes.txt"), old, old);
    assert.deepEqual(await sweepStaleTemps(join(dir, "tmp")), []);
  });
});
