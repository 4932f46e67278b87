/**
 * Typed client for the storage relay, for the app (browser) and for scripts (Node).
 *
 *   const { root } = await uploadArtifact(file, { signer, onProgress, signal });
 *   const results = await uploadArtifacts([{ body: a }, { body: b }], { signer });  // one signature
 *   const { bytes } = await downloadArtifact(root, { signal });  // throws RootMismatchError
 *
 * Artifacts larger than one chunk of the relay (`chunkBytes` in its terms, 4 MiB by default) go
 * in chunks through a resumable session (`POST {endpoint}/uploads`, `PUT …/uploads/<id>/<index>`,
 * `POST …/uploads/<id>`): each request stays under serverless body limits, and a dropped
 * connection or a relay instance going away mid-upload costs a retry of the chunks in flight,
 * not the whole artifact. Smaller artifacts go in one request.
 *
 * `signer` is anything with an address and an EIP-712 `signTypedData`: a viem account, or
 * `{ address, chainId, signTypedData: (td) => signTypedDataAsync(td) }` with wagmi. Intents are
 * signed for the signer's `chainId` when it has one (a wallet signs for the chain it is on), else
 * for the chain the relay serves (`GET /api/storage`).
 * Every failure is a `StorageError` whose message is one sentence fit to show a person.
 */
import type { Address, Hex } from "viem";
import { createRootHasher, computeRootAndSize, isRoot } from "./root.ts";
import type { Root } from "./root.ts";
import {
  DownloadCancelledError,
  RootFormatError,
  RootMismatchError,
  StorageError,
  UploadCancelledError,
} from "./errors.ts";
import { INTENT_HEADER, createUploadIntent, encodeIntentHeader, toTypedData } from "./intent.ts";
import type { SignedUploadIntent } from "./intent.ts";

export { RootMismatchError, StorageError };

export type UploadSigner = {
  address: Address;
  /** The chain the wallet is on; without it, the intent is signed for the relay's chain. */
  chainId?: number;
  signTypedData: (typedData: ReturnType<typeof toTypedData>) => Promise<Hex>;
};

export type TransferPhase = "hashing" | "signing" | "uploading" | "downloading" | "verifying";
export type TransferProgress = { phase: TransferPhase; loaded: number; total: number };

export type UploadOptions = {
  signer: UploadSigner;
  contentType?: string;
  onProgress?: (progress: TransferProgress) => void;
  signal?: AbortSignal;
  /** The relay's upload URL; defaults to "/api/storage" (same origin). */
  endpoint?: string;
};

/** One artifact of `uploadArtifacts`, with its own progress and cancel. */
export type ArtifactUpload = Omit<UploadOptions, "signer" | "endpoint"> & { body: Blob | Uint8Array };

export type UploadArtifactsOptions = Pick<UploadOptions, "signer" | "endpoint" | "signal">;

export type UploadResult = { root: Root; size: number; backend: string };

/** What the relay answers on `GET /api/storage`. */
export type RelayTerms = { chainId: number; maxBytes: number; maxUploadsPerIntent: number; chunkBytes: number };

/** A chunked upload session as the relay describes it (`GET {endpoint}/uploads/<id>`). */
export type UploadSessionStatus = {
  id: string;
  root: Root;
  size: number;
  chunkSize: number;
  chunkCount: number;
  /** Indexes of the chunks the relay holds, ascending; chunk i is bytes [i × chunkSize, min(size, (i + 1) × chunkSize)). */
  received: number[];
  /** When the session is discarded unless another chunk arrives first (ISO time). */
  expiresAt: string;
};

export type DownloadOptions = {
  onProgress?: (progress: TransferProgress) => void;
  signal?: AbortSignal;
  endpoint?: string;
};

export type DownloadResult = { root: Root; bytes: Uint8Array; size: number; contentType: string };

const DEFAULT_ENDPOINT = "/api/storage";
const STREAM_PIECE = 256 * 1024;
/** Chunks of one artifact in flight at once. */
const CHUNK_CONCURRENCY = 3;
/**
 * Pauses before asking a chunked session where it stands again, after a failure that may pass (the
 * relay unreachable, an instance gone, 502/503/504): ~16 s in all, long enough for a load balancer
 * to stop sending requests to a dead instance.
 */
const RETRY_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000, 8_000];
const RETRYABLE_STATUSES = new Set([0, 409, 502, 503, 504]);

class RelayUnreachableError extends StorageError {
  override name = "RelayUnreachableError";
  constructor() {
    super("The storage relay could not be reached; check the connection and try again.", 0);
  }
}

function errorFromBody(status: number, text: string): StorageError {
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === "string") return new StorageError(parsed.error, status);
  } catch {
    // fall through to a generic sentence
  }
  return new StorageError(`The storage relay answered with HTTP status ${status}.`, status);
}

function toBlob(body: Blob | Uint8Array, contentType: string): Blob {
  if (body instanceof Blob) return body;
  return new Blob([body as Uint8Array<ArrayBuffer>], { type: contentType });
}

function throwIfAborted(signal: AbortSignal | undefined, error: () => StorageError): void {
  if (signal?.aborted) throw error();
}

/** The relay's terms: the chain its intents are signed for, its size limit. */
export async function getRelayTerms(options: { endpoint?: string; signal?: AbortSignal } = {}): Promise<RelayTerms> {
  let response: Response;
  try {
    response = await fetch(options.endpoint ?? DEFAULT_ENDPOINT, { signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw new UploadCancelledError();
    throw Object.assign(new RelayUnreachableError(), { cause: error });
  }
  const text = await response.text();
  if (!response.ok) throw errorFromBody(response.status, text);
  return JSON.parse(text) as RelayTerms;
}

/** Hashes, signs and uploads one artifact; resolves with the relay's `{ root, size, backend }`. */
export async function uploadArtifact(body: Blob | Uint8Array, options: UploadOptions): Promise<UploadResult> {
  const { signer, endpoint, ...artifact } = options;
  const [outcome] = await uploadArtifacts([{ body, ...artifact }], { signer, endpoint, signal: options.signal });
  if (outcome!.status === "rejected") throw outcome!.reason;
  return outcome!.value;
}

/**
 * Hashes every artifact, asks the signer for one signature over all of them (one intent listing
 * each root and size), then uploads them side by side. Rejects when hashing or signing fails (or
 * `options.signal` aborts before the uploads start); after that each artifact settles on its own,
 * so a failed or cancelled upload can be retried alone (with a new intent).
 */
export async function uploadArtifacts(
  artifacts: ArtifactUpload[],
  options: UploadArtifactsOptions,
): Promise<PromiseSettledResult<UploadResult>[]> {
  const { signer, signal } = options;
  const endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
  const cancelled = () => new UploadCancelledError();
  const blobs = artifacts.map(({ body, contentType }) => {
    const type = contentType || (body instanceof Blob && body.type) || "application/octet-stream";
    return { blob: toBlob(body, type), contentType: type };
  });
  // Asked while hashing: the chain (when the signer has none) and the chunk size come from the relay.
  const terms = getRelayTerms({ endpoint, signal });
  terms.catch(() => {}); // awaited below; an early rejection must not go unhandled meanwhile
  const hashed = await Promise.all(
    blobs.map(async ({ blob }, index) => {
      artifacts[index]!.onProgress?.({ phase: "hashing", loaded: 0, total: blob.size });
      return computeRootAndSize(blob);
    }),
  );
  throwIfAborted(signal, cancelled);
  for (const [index, { size }] of hashed.entries()) artifacts[index]!.onProgress?.({ phase: "signing", loaded: 0, total: size });
  const { chainId: relayChainId, chunkBytes } = await terms;
  const chainId = signer.chainId ?? relayChainId;
  // The same bytes chosen twice are one upload (an intent lists each root once).
  const uploads = [...new Map(hashed.map((item) => [item.root, item])).values()];
  const intent = createUploadIntent(chainId, uploads);
  const signature = await signer.signTypedData(toTypedData(intent));
  throwIfAborted(signal, cancelled);
  const signed: SignedUploadIntent = { ...intent, address: signer.address, signature };
  const sent = new Map<Root, Promise<UploadResult>>();
  return Promise.allSettled(
    hashed.map(({ root, size }, index) => {
      const { onProgress, signal: ownSignal } = artifacts[index]!;
      const progress = (loaded: number) => onProgress?.({ phase: "uploading", loaded, total: size });
      if (!sent.has(root)) {
        const { blob, contentType } = blobs[index]!;
        const header = encodeIntentHeader(signed, root);
        const upload = { endpoint, blob, contentType, header, progress, signal: ownSignal ?? signal };
        sent.set(root, size > chunkBytes ? sendChunked(upload, root) : sendUpload(upload, root));
      }
      return sent.get(root)!;
    }),
  );
}

/** One artifact's upload, whichever way it is sent. */
type ArtifactSend = {
  endpoint: string;
  blob: Blob;
  contentType: string;
  /** The signed X-Upload-Intent header naming this artifact's root. */
  header: string;
  progress: (loaded: number) => void;
  signal: AbortSignal | undefined;
};

function checkResult(result: UploadResult, root: Root): UploadResult {
  if (result.root !== root) throw new RootMismatchError(root, result.root);
  return result;
}

/** The whole artifact in one request. */
async function sendUpload({ endpoint, blob, contentType, header, progress, signal }: ArtifactSend, root: Root): Promise<UploadResult> {
  if (signal?.aborted) throw new UploadCancelledError();
  const headers = { "content-type": contentType, [INTENT_HEADER]: header };
  return checkResult((await sendBody({ method: "POST", url: endpoint, blob, headers, progress, signal })) as UploadResult, root);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new UploadCancelledError());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new UploadCancelledError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function isRetryable(error: unknown): boolean {
  return error instanceof StorageError && !(error instanceof UploadCancelledError) && RETRYABLE_STATUSES.has(error.status);
}

/**
 * The artifact in chunks through a session: open it with the signed intent, send the chunks the
 * relay lacks (a few at a time), complete. After a failure that may pass, it waits, asks the
 * session which chunks arrived, and goes on from there; a session that ended while the answer to
 * its completion was lost is settled by asking whether the object exists.
 */
async function sendChunked({ endpoint, blob, contentType, header, progress, signal }: ArtifactSend, root: Root): Promise<UploadResult> {
  if (signal?.aborted) throw new UploadCancelledError();
  const uploads = `${endpoint}/uploads`;
  let session: UploadSessionStatus | undefined;
  let shown = 0;
  const show = (loaded: number) => {
    // the bytes of a chunk cut off in flight are sent again: the bar does not move back
    if (loaded > shown) progress((shown = loaded));
  };
  for (let attempt = 0; ; attempt++) {
    try {
      if (!session) {
        const opened = (await requestJson("POST", uploads, signal, {
          headers: { "content-type": "application/json", [INTENT_HEADER]: header },
          body: JSON.stringify({ contentType }),
        })) as UploadSessionStatus | UploadResult;
        if (!("id" in opened)) return checkResult(opened, root); // already stored
        session = opened;
      } else {
        session = (await requestJson("GET", `${uploads}/${session.id}`, signal)) as UploadSessionStatus;
      }
      await sendMissingChunks(`${uploads}/${session.id}`, blob, session, show, signal);
      const result = checkResult((await requestJson("POST", `${uploads}/${session.id}`, signal)) as UploadResult, root);
      show(blob.size);
      return result;
    } catch (error) {
      if (signal?.aborted || error instanceof UploadCancelledError) {
        if (session) void fetch(`${uploads}/${session.id}`, { method: "DELETE" }).catch(() => {});
        throw new UploadCancelledError();
      }
      if (session && error instanceof StorageError && error.status === 404) {
        // The session ended: completed by a request whose answer was lost, or discarded.
        const stored = await statArtifact(endpoint, root, signal);
        if (stored) {
          show(blob.size);
          return stored;
        }
      }
      if (!isRetryable(error) || attempt >= RETRY_DELAYS_MS.length) throw error;
      await sleep(RETRY_DELAYS_MS[attempt]!, signal);
    }
  }
}

/** Sends every chunk `session` lacks, `CHUNK_CONCURRENCY` at a time; rejects with the first failure. */
async function sendMissingChunks(
  sessionUrl: string,
  blob: Blob,
  session: UploadSessionStatus,
  show: (loaded: number) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const lengthOf = (index: number) => Math.min(session.chunkSize, blob.size - index * session.chunkSize);
  const have = new Set(session.received);
  const missing = Array.from({ length: session.chunkCount }, (_, index) => index).filter((index) => !have.has(index));
  let acknowledged = session.received.reduce((sum, index) => sum + lengthOf(index), 0);
  const inFlight = new Map<number, number>();
  const report = () => show(acknowledged + [...inFlight.values()].reduce((sum, loaded) => sum + loaded, 0));
  let failed = false;
  const worker = async () => {
    while (missing.length > 0 && !failed) {
      const index = missing.shift()!;
      const start = index * session.chunkSize;
      inFlight.set(index, 0);
      try {
        await sendBody({
          method: "PUT",
          url: `${sessionUrl}/${index}`,
          blob: blob.slice(start, start + lengthOf(index)),
          headers: { "content-type": "application/octet-stream" },
          progress: (loaded) => {
            inFlight.set(index, loaded);
            report();
          },
          signal,
        });
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        inFlight.delete(index);
      }
      acknowledged += lengthOf(index);
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHUNK_CONCURRENCY, missing.length) }, worker));
}

/** `HEAD {endpoint}/<root>`: the stored artifact as an upload result, or null when the relay does not have it. */
async function statArtifact(endpoint: string, root: Root, signal: AbortSignal | undefined): Promise<UploadResult | null> {
  const response = await fetch(`${endpoint}/${root}`, { method: "HEAD", signal }).catch(() => null);
  if (!response?.ok) return null;
  return { root, size: Number(response.headers.get("content-length")), backend: response.headers.get("x-storage-backend") ?? "" };
}

/** A request without a body to send in pieces; resolves with the JSON answer, rejects with the relay's sentence. */
async function requestJson(
  method: string,
  url: string,
  signal: AbortSignal | undefined,
  init: { headers?: Record<string, string>; body?: string } = {},
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { method, signal, ...init });
  } catch (error) {
    if (signal?.aborted) throw new UploadCancelledError();
    throw Object.assign(new RelayUnreachableError(), { cause: error });
  }
  const text = await response.text().catch(() => {
    throw signal?.aborted ? new UploadCancelledError() : new RelayUnreachableError();
  });
  if (!response.ok) throw errorFromBody(response.status, text);
  return JSON.parse(text) as unknown;
}

/** One request with a body, as either transport sends it. */
type SendRequest = {
  method: "POST" | "PUT";
  url: string;
  blob: Blob;
  headers: Record<string, string>;
  progress: (loaded: number) => void;
  signal: AbortSignal | undefined;
};

/** Sends a body with upload progress: XMLHttpRequest in the browser, a counting stream in Node. */
function sendBody(request: SendRequest): Promise<unknown> {
  if (request.signal?.aborted) return Promise.reject(new UploadCancelledError());
  return typeof XMLHttpRequest !== "undefined" ? sendWithXhr(request) : sendWithFetch(request);
}

function sendWithXhr({ method, url, blob, headers, progress, signal }: SendRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => progress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        progress(blob.size);
        resolve(JSON.parse(xhr.responseText) as unknown);
      } else {
        reject(errorFromBody(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(new RelayUnreachableError());
    xhr.onabort = () => reject(new UploadCancelledError());
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(blob);
  });
}

/** A request body that reports how much of the blob the transport has pulled. */
function countingStream(blob: Blob, progress: (loaded: number) => void): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset >= blob.size) {
        controller.close();
        return;
      }
      const piece = new Uint8Array(await blob.slice(offset, offset + STREAM_PIECE).arrayBuffer());
      offset += piece.length;
      controller.enqueue(piece);
      progress(offset);
    },
  });
}

async function sendWithFetch({ method, url, blob, headers, progress, signal }: SendRequest): Promise<unknown> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers: { ...headers, "content-length": String(blob.size) },
      body: countingStream(blob, progress),
      signal,
      duplex: "half",
    } as RequestInit);
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw new UploadCancelledError();
    throw Object.assign(new RelayUnreachableError(), { cause: error });
  }
  if (!response.ok) throw errorFromBody(response.status, text);
  return JSON.parse(text) as unknown;
}

/** Downloads an artifact and proves it: resolves only when the bytes hash to `root`. */
export async function downloadArtifact(root: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  if (!isRoot(root)) throw new RootFormatError(root);
  const expected = root.toLowerCase() as Root;
  const { onProgress, signal } = options;
  let response: Response;
  try {
    response = await fetch(`${options.endpoint ?? DEFAULT_ENDPOINT}/${expected}`, { signal });
  } catch (error) {
    if (signal?.aborted) throw new DownloadCancelledError();
    throw Object.assign(new RelayUnreachableError(), { cause: error });
  }
  if (!response.ok) throw errorFromBody(response.status, await response.text());
  const total = Number(response.headers.get("content-length") ?? 0);
  const hasher = await createRootHasher();
  const pieces: Uint8Array[] = [];
  try {
    const reader = response.body!.getReader();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      hasher.update(value);
      pieces.push(value);
      onProgress?.({ phase: "downloading", loaded: hasher.size, total });
    }
  } catch (error) {
    if (signal?.aborted) throw new DownloadCancelledError();
    throw Object.assign(new RelayUnreachableError(), { cause: error });
  }
  onProgress?.({ phase: "verifying", loaded: hasher.size, total });
  const actual = hasher.size === 0 ? ("0x" as Root) : hasher.digest();
  if (actual !== expected) throw new RootMismatchError(expected, actual);
  const bytes = concat(pieces, hasher.size);
  const contentType = response.headers.get("content-type") ?? "application/octet-stream";
  return { root: expected, bytes, size: bytes.length, contentType };
}

function concat(pieces: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}
