/**
 * Typed client for the storage relay, for the app (browser) and for scripts (Node).
 *
 *   const { root } = await uploadArtifact(file, { signer, onProgress, signal });
 *   const results = await uploadArtifacts([{ body: a }, { body: b }], { signer });  // one signature
 *   const { bytes } = await downloadArtifact(root, { signal });  // throws RootMismatchError
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
export type RelayTerms = { chainId: number; maxBytes: number; maxUploadsPerIntent: number };

export type DownloadOptions = {
  onProgress?: (progress: TransferProgress) => void;
  signal?: AbortSignal;
  endpoint?: string;
};

export type DownloadResult = { root: Root; bytes: Uint8Array; size: number; contentType: string };

const DEFAULT_ENDPOINT = "/api/storage";
const STREAM_PIECE = 256 * 1024;

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
  const hashed = await Promise.all(
    blobs.map(async ({ blob }, index) => {
      artifacts[index]!.onProgress?.({ phase: "hashing", loaded: 0, total: blob.size });
      return computeRootAndSize(blob);
    }),
  );
  throwIfAborted(signal, cancelled);
  for (const [index, { size }] of hashed.entries()) artifacts[index]!.onProgress?.({ phase: "signing", loaded: 0, total: size });
  const chainId = signer.chainId ?? (await getRelayTerms({ endpoint, signal })).chainId;
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
        const headers = { "content-type": blobs[index]!.contentType, [INTENT_HEADER]: encodeIntentHeader(signed, root) };
        sent.set(root, sendUpload({ url: endpoint, blob: blobs[index]!.blob, headers, progress, signal: ownSignal ?? signal }, root));
      }
      return sent.get(root)!;
    }),
  );
}

async function sendUpload(request: SendRequest, root: Root): Promise<UploadResult> {
  if (request.signal?.aborted) throw new UploadCancelledError();
  const send = typeof XMLHttpRequest !== "undefined" ? sendWithXhr : sendWithFetch;
  const result = await send(request);
  if (result.root !== root) throw new RootMismatchError(root, result.root);
  return result;
}

/** One upload request, as either transport sends it. */
type SendRequest = {
  url: string;
  blob: Blob;
  headers: Record<string, string>;
  progress: (loaded: number) => void;
  signal: AbortSignal | undefined;
};

function sendWithXhr({ url, blob, headers, progress, signal }: SendRequest): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => progress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        progress(blob.size);
        resolve(JSON.parse(xhr.responseText) as UploadResult);
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

async function sendWithFetch({ url, blob, headers, progress, signal }: SendRequest): Promise<UploadResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { ...headers, "content-length": String(blob.size) },
      body: countingStream(blob, progress),
      signal,
      duplex: "half",
    } as RequestInit);
  } catch (error) {
    if (signal?.aborted) throw new UploadCancelledError();
    throw Object.assign(new RelayUnreachableError(), { cause: error });
  }
  const text = await response.text();
  if (!response.ok) throw errorFromBody(response.status, text);
  return JSON.parse(text) as UploadResult;
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
