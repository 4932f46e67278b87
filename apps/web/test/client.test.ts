import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { downloadArtifact, getRelayTerms, uploadArtifact, uploadArtifacts } from "@orm/protocol/storage/client";
import type { TransferProgress, UploadSigner } from "@orm/protocol/storage/client";
import { RootFormatError, RootMismatchError, StorageError, UploadCancelledError } from "@orm/protocol/storage/errors";
import { computeRoot } from "@orm/protocol/storage/root";
import { listFiles, makeStore, newAccount, randomBytes, setEnv } from "./support/relay.ts";
import { serveRoutes } from "./support/serve-routes.ts";
import type { Served } from "./support/serve-routes.ts";

let store: { dir: string; cleanup: () => Promise<void> };
let restoreEnv: () => void;
let relay: Served;
/** Roots for which the relay below serves the wrong bytes (a lying or broken relay). */
const lyingRoots = new Set<string>();

before(async () => {
  store = await makeStore();
  restoreEnv = setEnv({ STORAGE_DIR: store.dir, STORAGE_BACKEND: undefined, STORAGE_MAX_BYTES: String(8 * 1024 * 1024) });
  relay = await serveRoutes(async (request) => {
    const root = new URL(request.url).pathname.split("/").pop() ?? "";
    if (request.method === "GET" && lyingRoots.has(root)) return new Response(randomBytes(1000, 7));
    return null;
  });
});

after(async () => {
  await relay.close();
  restoreEnv();
  await store.cleanup();
});

test("uploadArtifact hashes, signs and uploads over HTTP with progress; downloadArtifact verifies", async () => {
  const body = randomBytes(3 * 1024 * 1024 + 5);
  const progress: TransferProgress[] = [];
  const result = await uploadArtifact(new Blob([body], { type: "application/json" }), {
    signer: newAccount(),
    endpoint: relay.endpoint,
    onProgress: (event) => progress.push(event),
  });
  assert.deepEqual(result, { root: await computeRoot(body), size: body.length, backend: "local" });
  assert.deepEqual([...new Set(progress.map((event) => event.phase))], ["hashing", "signing", "uploading"]);
  const uploaded = progress.filter((event) => event.phase === "uploading").map((event) => event.loaded);
  assert.ok(uploaded.length > 3, "several progress events while uploading");
  assert.deepEqual(uploaded, [...uploaded].sort((a, b) => a - b));
  assert.equal(uploaded.at(-1), body.length);

  const downloadProgress: number[] = [];
  const downloaded = await downloadArtifact(result.root, {
    endpoint: relay.endpoint,
    onProgress: (event) => downloadProgress.push(event.loaded),
  });
  assert.deepEqual(downloaded.bytes, body);
  assert.equal(downloaded.contentType, "application/json");
  assert.equal(downloadProgress.at(-1), body.length);
});

test("uploadArtifacts asks for one signature for several artifacts and uploads each of them", async () => {
  const account = newAccount();
  const signed: unknown[] = [];
  const signer: UploadSigner = {
    address: account.address,
    signTypedData: (typedData) => {
      signed.push(typedData);
      return account.signTypedData(typedData);
    },
  };
  const bodies = [randomBytes(10_000, 21), randomBytes(20_000, 22), randomBytes(30_000, 23)];
  const phases: string[][] = bodies.map(() => []);
  const outcomes = await uploadArtifacts(
    bodies.map((body, index) => ({ body, onProgress: (event: TransferProgress) => phases[index]!.push(event.phase) })),
    { signer, endpoint: relay.endpoint },
  );
  assert.equal(signed.length, 1, "one signature for the batch");
  const typedData = signed[0] as { domain: { chainId: number }; message: { uploads: { root: string; size: bigint }[] } };
  // no chain on the signer: the intent is signed for the chain the relay serves
  assert.equal(typedData.domain.chainId, (await getRelayTerms({ endpoint: relay.endpoint })).chainId);
  const roots = await Promise.all(bodies.map((body) => computeRoot(body)));
  assert.deepEqual(typedData.message.uploads, roots.map((root, index) => ({ root, size: BigInt(bodies[index]!.length) })));
  for (const [index, outcome] of outcomes.entries()) {
    assert.equal(outcome.status, "fulfilled");
    assert.deepEqual(outcome.value, { root: roots[index], size: bodies[index]!.length, backend: "local" });
    assert.deepEqual([...new Set(phases[index])], ["hashing", "signing", "uploading"]);
    assert.deepEqual((await downloadArtifact(roots[index]!, { endpoint: relay.endpoint })).bytes, bodies[index]);
  }
});

test("a signer on another chain than the relay's is refused with the relay's sentence", async () => {
  const account = newAccount();
  const signer: UploadSigner = { address: account.address, chainId: 1, signTypedData: (typedData) => account.signTypedData(typedData) };
  await assert.rejects(uploadArtifact(randomBytes(100, 31), { signer, endpoint: relay.endpoint }), (error) => {
    assert.ok(error instanceof StorageError);
    assert.equal(error.status, 400);
    assert.match(error.message, /signed for chain 1, but this relay serves chain 31337/);
    return true;
  });
});

test("downloadArtifact throws RootMismatchError when the relay serves other bytes", async () => {
  const root = await computeRoot(randomBytes(1000, 8));
  lyingRoots.add(root);
  await assert.rejects(downloadArtifact(root, { endpoint: relay.endpoint }), (error) => {
    assert.ok(error instanceof RootMismatchError);
    assert.match(error.message, new RegExp(`not to the expected root ${root}\\.$`));
    return true;
  });
});

test("relay errors reach the caller as StorageError sentences with the HTTP status", async () => {
  await assert.rejects(downloadArtifact(`0x${"ef".repeat(32)}`, { endpoint: relay.endpoint }), (error) => {
    assert.ok(error instanceof StorageError);
    assert.equal(error.status, 404);
    assert.match(error.message, /^No artifact with root 0x(ef){32} is stored here\.$/);
    return true;
  });
  await assert.rejects(downloadArtifact("0xabc", { endpoint: relay.endpoint }), RootFormatError);
  const restore = setEnv({ STORAGE_MAX_BYTES: "1000" });
  try {
    await assert.rejects(uploadArtifact(randomBytes(5000), { signer: newAccount(), endpoint: relay.endpoint }), (error) => {
      assert.ok(error instanceof StorageError);
      assert.equal(error.status, 413);
      assert.match(error.message, /larger than the relay's limit of 1000 bytes\.$/);
      return true;
    });
  } finally {
    restore();
  }
});

test("an upload cancelled through its AbortSignal rejects with UploadCancelledError and stores nothing", async () => {
  const controller = new AbortController();
  const body = randomBytes(6 * 1024 * 1024, 9);
  const promise = uploadArtifact(body, {
    signer: newAccount(),
    endpoint: relay.endpoint,
    signal: controller.signal,
    onProgress: (event) => {
      if (event.phase === "uploading" && event.loaded >= 1024 * 1024) controller.abort();
    },
  });
  await assert.rejects(promise, UploadCancelledError);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const root = await computeRoot(body);
  const files = await listFiles(store.dir);
  assert.ok(!files.some((file) => file.includes(root)), "no object for the cancelled upload");
  assert.deepEqual(files.filter((file) => file.startsWith("tmp")), [], "no temp file left");
});
