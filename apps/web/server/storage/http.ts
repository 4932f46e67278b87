/**
 * The relay's HTTP behaviour, independent of Next.js: route handlers in app/api/storage call
 * these. Every failure becomes a JSON `{ error: "<a sentence>" }` with a 4xx/5xx status.
 */
import { createBackend, DEFAULT_CONTENT_TYPE } from "./backend.ts";
import type { ArtifactMeta, StorageBackend } from "./backend.ts";
import { readStorageConfig } from "./config.ts";
import type { StorageConfig } from "./config.ts";
import {
  ArtifactEmptyError,
  ArtifactNotFoundError,
  ArtifactSizeMismatchError,
  ArtifactTooLargeError,
  IntentFormatError,
  IntentReplayedError,
  MethodNotAllowedError,
  RootFormatError,
  RootMismatchError,
  StorageError,
  UploadIncompleteError,
  UploadSessionNotFoundError,
} from "@orm/protocol/storage/errors";
import { admitUpload, getGuardState } from "./guard.ts";
import { INTENT_HEADER, MAX_INTENT_UPLOADS, parseIntentHeader } from "@orm/protocol/storage/intent";
import type { UploadIntentClaim } from "@orm/protocol/storage/intent";
import { isRoot } from "@orm/protocol/storage/root";
import type { Root } from "@orm/protocol/storage/root";
import { stageBody } from "./stage.ts";
import { removeQuietly } from "./fsutil.ts";
import {
  createUploadSession,
  endUploadSession,
  getUploadSession,
  missingChunks,
  parseChunkIndex,
  readChunks,
  sweepUploadSessions,
  uploadSessionIdOf,
  writeChunk,
} from "./uploadSessions.ts";
import type { UploadSession, UploadSessionStatus } from "./uploadSessions.ts";

export type UploadResponse = { root: Root; size: number; backend: string };

/** The methods each route answers; any other method is a JSON 405 with this `Allow` list. */
export const UPLOAD_METHODS = ["GET", "POST"] as const;
export const ARTIFACT_METHODS = ["GET", "HEAD"] as const;
export const OPEN_UPLOAD_METHODS = ["POST"] as const;
export const UPLOAD_SESSION_METHODS = ["GET", "POST", "DELETE"] as const;
export const CHUNK_METHODS = ["PUT"] as const;

const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;\s*[a-z0-9!#$&^_.+-]+=("[^"\r\n]*"|[a-z0-9!#$&^_.+-]+))*$/i;
const IMMUTABLE = "public, max-age=31536000, immutable";

export function jsonError(error: unknown): Response {
  const known = error instanceof StorageError;
  if (!known) console.error("storage relay:", error);
  const status = known ? error.status : 500;
  const message = known ? error.message : "The storage relay failed unexpectedly; try again later.";
  const headers: Record<string, string> = { "cache-control": "no-store" };
  const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
  if (known && typeof retryAfter === "number") headers["retry-after"] = String(retryAfter);
  if (error instanceof MethodNotAllowedError) headers.allow = error.allow.join(", ");
  return Response.json({ error: message }, { status, headers });
}

/** Any method a route does not serve: 405, `{ error }`, and the `Allow` header. */
export async function handleWrongMethod(request: Request, allow: readonly string[]): Promise<Response> {
  await request.body?.cancel().catch(() => {});
  return jsonError(new MethodNotAllowedError(request.method, allow));
}

/** OPTIONS: 204 with the `Allow` header (Next's automatic answer would list the 405 stubs too). */
export function handleOptions(allow: readonly string[]): Response {
  return new Response(null, { status: 204, headers: { allow: allow.join(", ") } });
}

function readContentType(request: Request): string {
  const raw = request.headers.get("content-type")?.trim();
  if (!raw) return DEFAULT_CONTENT_TYPE;
  if (raw.length > 200 || !CONTENT_TYPE.test(raw)) {
    throw new StorageError(`"${raw.slice(0, 80)}" is not a valid Content-Type.`, 400);
  }
  return raw;
}

function checkSignedSize(intent: UploadIntentClaim, config: StorageConfig): void {
  const { size } = intent.upload;
  if (size === 0) throw new ArtifactEmptyError();
  if (size > config.maxBytes) throw new ArtifactTooLargeError(config.maxBytes);
}

/** Size checks that need neither signature nor body: declared size, Content-Length. */
function checkDeclaredSize(intent: UploadIntentClaim, request: Request, config: StorageConfig): void {
  const { size } = intent.upload;
  checkSignedSize(intent, config);
  const lengthHeader = request.headers.get("content-length");
  if (lengthHeader === null) return;
  const length = Number(lengthHeader);
  if (!Number.isSafeInteger(length) || length < 0) throw new IntentFormatError("Content-Length is not a byte count");
  if (length > config.maxBytes) throw new ArtifactTooLargeError(config.maxBytes);
  if (length !== size) throw new ArtifactSizeMismatchError(length, size);
}

/**
 * What a client needs before it signs: the chain intents are signed for, the size limit, the most
 * uploads per intent, and the chunk size above which it uploads in chunks.
 */
export type RelayTerms = { chainId: number; maxBytes: number; maxUploadsPerIntent: number; chunkBytes: number };

/** GET /api/storage: the relay's terms (`RelayTerms`). */
export function handleTerms(): Response {
  try {
    const config = readStorageConfig();
    const terms: RelayTerms = {
      chainId: config.chainId,
      maxBytes: config.maxBytes,
      maxUploadsPerIntent: MAX_INTENT_UPLOADS,
      chunkBytes: config.chunkBytes,
    };
    return Response.json(terms, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return jsonError(error);
  }
}

/** POST /api/storage: raw body in, `{ root, size, backend }` out (201 when stored now, 200 when already stored). */
export async function handleUpload(request: Request): Promise<Response> {
  try {
    const config = readStorageConfig();
    const intent = parseIntentHeader(request.headers.get(INTENT_HEADER));
    const contentType = readContentType(request);
    checkDeclaredSize(intent, request, config);
    const reservation = await admitUpload(intent, config);
    try {
      const staged = await stageBody(request.body, config.dir, { maxBytes: config.maxBytes, declaredSize: intent.upload.size });
      return storedResponse(await storeStaged(staged, { ...intent.upload, contentType, uploader: intent.address }, config));
    } catch (error) {
      await reservation.release().catch((releaseError) => console.error("storage relay: releasing a quota reservation failed:", releaseError));
      throw error;
    }
  } catch (error) {
    await request.body?.cancel().catch(() => {});
    return jsonError(error);
  }
}

function storedResponse({ created, ...result }: UploadResponse & { created: boolean }): Response {
  return Response.json(result, {
    status: created ? 201 : 200,
    headers: { location: `/api/storage/${result.root}`, "cache-control": "no-store" },
  });
}

/** What a staged body must be, and how it is recorded: the signed root and size, the uploader's content type. */
type ExpectedArtifact = { root: Root; size: number; contentType: string; uploader: UploadIntentClaim["address"] };

/** Checks a staged body against the signed root and hands it to the backend (which takes the temp file). */
async function storeStaged(
  staged: { path: string; root: Root; size: number },
  expected: ExpectedArtifact,
  config: StorageConfig,
): Promise<UploadResponse & { created: boolean }> {
  let backend: StorageBackend;
  try {
    if (staged.root !== expected.root) throw new RootMismatchError(expected.root, staged.root);
    backend = await createBackend(config);
  } catch (error) {
    await removeQuietly(staged.path);
    throw error;
  }
  const meta = await backend.put({ ...staged, contentType: expected.contentType, uploader: expected.uploader });
  return { root: meta.root, size: meta.size, backend: backend.name, created: meta.created };
}

// ---------------------------------------------------------------------------------------------
// Chunked uploads: POST /api/storage/uploads opens a session with the signed intent (admitted
// once: nonce, rate limit, quota), PUT /api/storage/uploads/<id>/<index> sends chunk `index`,
// GET /api/storage/uploads/<id> says which chunks arrived, POST /api/storage/uploads/<id>
// completes (assemble, hash, root check, store), DELETE /api/storage/uploads/<id> aborts.
// ---------------------------------------------------------------------------------------------

/** Gives back the quota a session reserved when it ends without an object. */
async function releaseSessionQuota(session: UploadSession): Promise<void> {
  const state = await getGuardState();
  await state.releaseBytes(session.uploader, session.quotaDay, session.size);
}

const SWEEP_INTERVAL_MS = 60_000;
const SWEPT_KEY = Symbol.for("open-research-market.storage.sessions-swept");

/** Discards abandoned sessions now and then (at most once a minute per process and store), off the request's path. */
function sweepSessionsSometimes(config: StorageConfig, now = Date.now()): void {
  const holder = globalThis as unknown as Record<symbol, Map<string, number> | undefined>;
  const swept = (holder[SWEPT_KEY] ??= new Map());
  if (now - (swept.get(config.dir) ?? 0) < SWEEP_INTERVAL_MS) return;
  swept.set(config.dir, now);
  sweepUploadSessions(config.dir, config.uploadIdleSeconds, releaseSessionQuota, now).catch((error) =>
    console.error("storage relay: sweeping abandoned upload sessions failed:", error),
  );
}

function sessionResponse(status: UploadSessionStatus, code = 200): Response {
  return Response.json(status, {
    status: code,
    headers: { location: `/api/storage/uploads/${status.id}`, "cache-control": "no-store" },
  });
}

/** The open request's optional JSON body: `{ "contentType": "<the artifact's type>" }`. */
async function readOpenBody(request: Request): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > 4096) {
    throw new StorageError("The body of a request that opens an upload is a small JSON object, not the artifact; send the bytes in chunks.", 400);
  }
  const text = request.body ? await request.text() : "";
  if (text.trim() === "") return DEFAULT_CONTENT_TYPE;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StorageError("The body of a request that opens an upload must be JSON: { \"contentType\": \"…\" }.", 400);
  }
  const contentType = (parsed as { contentType?: unknown } | null)?.contentType;
  if (contentType === undefined) return DEFAULT_CONTENT_TYPE;
  if (typeof contentType !== "string") throw new StorageError("contentType must be a string.", 400);
  return readContentType(new Request("http://relay/", { headers: { "content-type": contentType } }));
}

/**
 * POST /api/storage/uploads: opens a chunked upload of one artifact of the signed intent. Answers
 * 201 with the session (`UploadSessionStatus`); 200 with the same session when the intent already
 * opened it (a client whose answer was lost); 200 `{ root, size, backend }` when the root is already stored.
 */
export async function handleOpenUpload(request: Request): Promise<Response> {
  try {
    const config = readStorageConfig();
    const intent = parseIntentHeader(request.headers.get(INTENT_HEADER));
    checkSignedSize(intent, config);
    const contentType = await readOpenBody(request);
    sweepSessionsSometimes(config);
    const id = uploadSessionIdOf(intent.address, intent.nonce, intent.upload.root);
    let reservation;
    try {
      reservation = await admitUpload(intent, config);
    } catch (error) {
      if (!(error instanceof IntentReplayedError)) throw error;
      // The signature was checked before the replay was noticed: this is the signer opening again.
      const existing = await getUploadSession(config.dir, id, config.uploadIdleSeconds, releaseSessionQuota).catch(() => null);
      if (existing) return sessionResponse(existing.status);
      throw error;
    }
    try {
      const backend = await createBackend(config);
      const stored = await backend.stat(intent.upload.root);
      if (stored) return storedResponse({ root: stored.root, size: stored.size, backend: backend.name, created: false });
      const session: UploadSession = {
        id,
        root: intent.upload.root,
        size: intent.upload.size,
        chunkSize: config.chunkBytes,
        contentType,
        uploader: intent.address,
        quotaDay: reservation.day,
        openedAt: new Date().toISOString(),
      };
      await createUploadSession(config.dir, session);
      const { status } = await getUploadSession(config.dir, id, config.uploadIdleSeconds, releaseSessionQuota);
      return sessionResponse(status, 201);
    } catch (error) {
      await reservation.release().catch((releaseError) => console.error("storage relay: releasing a quota reservation failed:", releaseError));
      throw error;
    }
  } catch (error) {
    await request.body?.cancel().catch(() => {});
    return jsonError(error);
  }
}

/** GET /api/storage/uploads/<id>: the session and the chunks that arrived (404 unknown, 410 expired). */
export async function handleUploadStatus(id: string): Promise<Response> {
  try {
    const config = readStorageConfig();
    const { status } = await getUploadSession(config.dir, id, config.uploadIdleSeconds, releaseSessionQuota);
    return sessionResponse(status);
  } catch (error) {
    return jsonError(error);
  }
}

/** PUT /api/storage/uploads/<id>/<index>: stores one chunk (exactly its length); answers the session's status. */
export async function handleUploadChunk(request: Request, id: string, indexParam: string): Promise<Response> {
  try {
    const config = readStorageConfig();
    const { session } = await getUploadSession(config.dir, id, config.uploadIdleSeconds, releaseSessionQuota);
    const index = parseChunkIndex(session, indexParam);
    await writeChunk(config.dir, session, index, request.body);
    const { status } = await getUploadSession(config.dir, id, config.uploadIdleSeconds, releaseSessionQuota);
    return sessionResponse(status);
  } catch (error) {
    await request.body?.cancel().catch(() => {});
    return jsonError(error);
  }
}

/**
 * POST /api/storage/uploads/<id>: once every chunk arrived, assembles them (hashing on the way, one
 * pass), checks the signed root and stores the object: `201 { root, size, backend }` (200 when it
 * was already stored). A root mismatch ends the session with nothing kept and the quota given back.
 * Safe to repeat and to race: a request that finds the session ended by another's success answers 200.
 */
export async function handleCompleteUpload(request: Request, id: string): Promise<Response> {
  await request.body?.cancel().catch(() => {});
  try {
    const config = readStorageConfig();
    const { session, status } = await getUploadSession(config.dir, id, config.uploadIdleSeconds, releaseSessionQuota);
    const missing = missingChunks(session, status.received);
    if (missing.length > 0) throw new UploadIncompleteError(missing);
    let staged;
    try {
      staged = await stageBody(readChunks(config.dir, session), config.dir, { maxBytes: config.maxBytes, declaredSize: session.size });
    } catch (error) {
      // Another request ended the session while this one read its chunks: it stored the object, or found it bad.
      const stored = await (await createBackend(config)).stat(session.root);
      if (stored) return storedResponse({ root: stored.root, size: stored.size, backend: config.backend, created: false });
      throw error instanceof StorageError ? new UploadSessionNotFoundError(id) : error;
    }
    if (staged.root !== session.root) {
      await removeQuietly(staged.path);
      await endUploadSession(config.dir, id, releaseSessionQuota);
      throw new RootMismatchError(session.root, staged.root);
    }
    const result = await storeStaged(staged, session, config);
    await endUploadSession(config.dir, id);
    return storedResponse(result);
  } catch (error) {
    return jsonError(error);
  }
}

/** DELETE /api/storage/uploads/<id>: abandons the session now (its chunks removed, its quota given back). */
export async function handleAbortUpload(id: string): Promise<Response> {
  try {
    const config = readStorageConfig();
    if (!(await endUploadSession(config.dir, id, releaseSessionQuota))) throw new UploadSessionNotFoundError(id);
    return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return jsonError(error);
  }
}

function parseRoot(value: string): Root {
  const decoded = safeDecode(value);
  if (!isRoot(decoded)) throw new RootFormatError(decoded);
  return decoded.toLowerCase() as Root;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function artifactHeaders(meta: ArtifactMeta, backend: string): Headers {
  return new Headers({
    "content-type": meta.contentType,
    "content-length": String(meta.size),
    "cache-control": IMMUTABLE,
    etag: `"${meta.root}"`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "content-length, etag, x-0g-root, x-storage-backend",
    "x-0g-root": meta.root,
    "x-storage-backend": backend,
  });
}

function matchesEtag(request: Request, root: Root): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === `"${root}"` || tag.trim() === "*");
}

/** GET/HEAD /api/storage/<root>: the verified bytes (GET) or just their headers (HEAD). */
export async function handleDownload(request: Request, rootParam: string, method: "GET" | "HEAD"): Promise<Response> {
  try {
    const root = parseRoot(rootParam);
    const config = readStorageConfig();
    const backend = await createBackend(config);
    if (method === "HEAD" || matchesEtag(request, root)) {
      const meta = await backend.stat(root);
      if (!meta) throw new ArtifactNotFoundError(root);
      const headers = artifactHeaders(meta, backend.name);
      if (method === "HEAD") return new Response(null, { status: 200, headers });
      headers.delete("content-length");
      return new Response(null, { status: 304, headers });
    }
    const artifact = await backend.open(root);
    if (!artifact) throw new ArtifactNotFoundError(root);
    return new Response(artifact.body, { status: 200, headers: artifactHeaders(artifact.meta, backend.name) });
  } catch (error) {
    return jsonError(error);
  }
}
