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
  MethodNotAllowedError,
  RootFormatError,
  RootMismatchError,
  StorageError,
} from "@orm/protocol/storage/errors";
import { admitUpload } from "./guard.ts";
import { INTENT_HEADER, MAX_INTENT_UPLOADS, parseIntentHeader } from "@orm/protocol/storage/intent";
import type { UploadIntentClaim } from "@orm/protocol/storage/intent";
import { isRoot } from "@orm/protocol/storage/root";
import type { Root } from "@orm/protocol/storage/root";
import { stageBody } from "./stage.ts";
import { removeQuietly } from "./fsutil.ts";

export type UploadResponse = { root: Root; size: number; backend: string };

/** The methods each route answers; any other method is a JSON 405 with this `Allow` list. */
export const UPLOAD_METHODS = ["GET", "POST"] as const;
export const ARTIFACT_METHODS = ["GET", "HEAD"] as const;

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

/** Size checks that need neither signature nor body: declared size, Content-Length. */
function checkDeclaredSize(intent: UploadIntentClaim, request: Request, config: StorageConfig): void {
  const { size } = intent.upload;
  if (size === 0) throw new ArtifactEmptyError();
  if (size > config.maxBytes) throw new ArtifactTooLargeError(config.maxBytes);
  const lengthHeader = request.headers.get("content-length");
  if (lengthHeader === null) return;
  const length = Number(lengthHeader);
  if (!Number.isSafeInteger(length) || length < 0) throw new IntentFormatError("Content-Length is not a byte count");
  if (length > config.maxBytes) throw new ArtifactTooLargeError(config.maxBytes);
  if (length !== size) throw new ArtifactSizeMismatchError(length, size);
}

/** What a client needs before it signs: the chain intents are signed for, the size limit, the most uploads per intent. */
export type RelayTerms = { chainId: number; maxBytes: number; maxUploadsPerIntent: number };

/** GET /api/storage: the relay's terms (`RelayTerms`). */
export function handleTerms(): Response {
  try {
    const config = readStorageConfig();
    const terms: RelayTerms = { chainId: config.chainId, maxBytes: config.maxBytes, maxUploadsPerIntent: MAX_INTENT_UPLOADS };
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
      const { created, ...result } = await storeBody(request, intent, contentType, config);
      return Response.json(result, {
        status: created ? 201 : 200,
        headers: { location: `/api/storage/${result.root}`, "cache-control": "no-store" },
      });
    } catch (error) {
      await reservation.release().catch((releaseError) => console.error("storage relay: releasing a quota reservation failed:", releaseError));
      throw error;
    }
  } catch (error) {
    await request.body?.cancel().catch(() => {});
    return jsonError(error);
  }
}

async function storeBody(
  request: Request,
  intent: UploadIntentClaim,
  contentType: string,
  config: StorageConfig,
): Promise<UploadResponse & { created: boolean }> {
  const staged = await stageBody(request.body, config.dir, { maxBytes: config.maxBytes, declaredSize: intent.upload.size });
  let backend: StorageBackend;
  try {
    if (staged.root !== intent.upload.root) throw new RootMismatchError(intent.upload.root, staged.root);
    backend = await createBackend(config);
  } catch (error) {
    await removeQuietly(staged.path);
    throw error;
  }
  const meta = await backend.put({ ...staged, contentType, uploader: intent.address });
  return { root: meta.root, size: meta.size, backend: backend.name, created: meta.created };
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
