import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { downloadArtifact, getRelayTerms, uploadArtifact, uploadArtifacts } from "@orm/protocol/storage/client";
import type { TransferProgress, UploadSigner } from "@orm/protocol/storage/client";
import { RootFormatError, RootMismatchError, StorageError, UploadCancelledError } from "@orm/protocol/storage/errors";
import { computeRoot } from "@orm/protocol/storage/root";
import { listFiles, makeStore, newAccount, randomBytes, setEnv } from "./support/relay.ts";
import { serveRoutes } from "./support/serve-routes.ts";
import { POST as COMPLETE_UPLOAD } from "../app/api/storage/uploads/[id]/route.ts";
import type { Served } from "./support/serve-routes.ts";

let store: { dir: string; cleanup: () => Promise<void> };
let restoreEnv: () => void;
let relay: Served;
/** Roots for which the relay below serves the wrong bytes (a lying or broken relay). */
const lyingRoots = new Set<string>();
/** A test's faults: answers (or breaks) the requests it claims before the relay sees them. */
let fault: ((request: Request) => Promise<Response | null>) | null = null;

before(async () => {
  store = await makeStore();
  restoreEnv = setEnv({ STORAGE_DIR: store.dir, STORAGE_BACKEND: undefined, STORAGE_MAX_BYTES: String(8 * 1024 * 1024) });
  relay = await serveRoutes(async (request) => {
    const root = new URL(request.url).pathname.split("/").pop() ?? "";
    if (request.method === "GET" && lyingRoots.has(root)) return new Response(randomBytes(1000, 7));
    return (await fault?.(request)) ?? null;
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

test("an artifact over one chunk goes in chunks, resuming after a refused open, a dropped chunk and a lost completion answer", async () => {
  const chunk = 256 * 1024;
  const restore = setEnv({ STORAGE_CHUNK_BYTES: String(chunk) });
  const body = randomBytes(8 * chunk + 7, 41);
  const seen: string[] = [];
  const once = new Set<string>();
  const first = (key: string) => !once.has(key) && once.add(key) !== undefined;
  fault = async (request) => {
    const { pathname } = new URL(request.url);
    seen.push(`${request.method} ${pathname.replace(/^\/api\/storage/, "").replace(/\/uploads\/[0-9a-f]{40}/, "/uploads/<id>")}`);
    if (request.method === "POST" && pathname === "/api/storage/uploads" && first("open")) {
      return Response.json({ error: "The web instance serving this request went away; send it again." }, { status: 502 });
    }
    if (request.method === "PUT" && pathname.endsWith("/4") && first("chunk 4")) {
      await request.body!.getReader().read(); // part of the chunk arrives, then the connection drops
      throw new Error("connection reset");
    }
    const session = /^\/api\/storage\/uploads\/([0-9a-f]{40})$/.exec(pathname);
    if (request.method === "POST" && session && first("complete")) {
      await COMPLETE_UPLOAD(request, { params: Promise.resolve({ id: session[1]! }) }); // stored, but the answer is lost
      throw new Error("connection reset");
    }
    return null;
  };
  try {
    const progress: TransferProgress[] = [];
    const result = await uploadArtifact(new Blob([body], { type: "application/x-tar" }), {
      signer: newAccount(),
      endpoint: relay.endpoint,
      onProgress: (event) => progress.push(event),
    });
    const root = await computeRoot(body);
    assert.deepEqual(result, { root, size: body.length, backend: "local" });
    assert.deepEqual(seen.filter((line) => line === "POST /uploads").length, 2, "opened twice: the first attempt was refused");
    const puts = seen.filter((line) => line.startsWith("PUT"));
    assert.deepEqual(puts.map((line) => Number(line.split("/").pop())).sort((a, b) => a - b), [0, 1, 2, 3, 4, 4, 5, 6, 7, 8], "only the dropped chunk went twice");
    assert.ok(seen.includes("GET /uploads/<id>"), "asked which chunks arrived before resuming");
    assert.ok(seen.includes(`HEAD /${root}`), "a lost completion answer is settled by asking for the object");
    const uploaded = progress.filter((event) => event.phase === "uploading").map((event) => event.loaded);
    assert.deepEqual(uploaded, [...uploaded].sort((a, b) => a - b), "progress never moves back");
    assert.equal(uploaded.at(-1), body.length);
    const downloaded = await downloadArtifact(root, { endpoint: relay.endpoint });
    assert.deepEqual(downloaded.bytes, body);
    assert.equal(downloaded.contentType, "application/x-tar");
    assert.deepEqual((await listFiles(store.dir)).filter((file) => file.startsWith("tmp") || file.startsWith("uploads")), []);
  } finally {
    fault = null;
    restore();
  }
});

test("a chunked upload stops on a relay's refusal (4xx) without retrying", async () => {
  const restore = setEnv({ STORAGE_CHUNK_BYTES: String(64 * 1024), STORAGE_DAILY_QUOTA_BYTES: "100000" });
  try {
    await assert.rejects(uploadArtifact(randomBytes(200_000, 42), { signer: newAccount(), endpoint: relay.endpoint }), (error) => {
      assert.ok(error instanceof StorageError);
      assert.equal(error.status, 429);
      assert.match(error.message, /daily quota/);
      return true;
    });
  } finally {
    restore();
  }
});
