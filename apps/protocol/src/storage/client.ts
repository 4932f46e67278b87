/**
 * Typed client for the storage relay, for the app (browser) and for scripts (Node).
 *
 *   const { root } = await uploadArtifact(file, { signer, onProgress, signal });
 *   const { bytes } = await downloadArtifact(root, { signal });  // throws RootMismatchError
 *
 * `signer` is anything with an address and an EIP-712 `signTypedData`: a viem account, or
 * `{ address, signTypedData: (td) => signTypedDataAsync(td) }` with wagmi.
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

export { RootMismatchError, StorageError };

export type UploadSigner = {
  address: Address;
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

export type UploadResult = { root: Root; size: number; backend: string };

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

/** Hashes, signs and uploads one artifact; resolves with the relay's `{ root, size, backend }`. */
export async function uploadArtifact(body: Blob | Uint8Array, options: UploadOptions): Promise<UploadResult> {
  const { signer, onProgress, signal } = options;
  const contentType = options.contentType || (body instanceof Blob && body.type) || "application/octet-stream";
  const blob = toBlob(body, contentType);
  const cancelled = () => new UploadCancelledError();
  onProgress?.({ phase: "hashing", loaded: 0, total: blob.size });
  const { root, size } = await computeRootAndSize(blob);
  throwIfAborted(signal, cancelled);
  onProgress?.({ phase: "signing", loaded: 0, total: size });
  const intent = createUploadIntent(root, size);
  const signature = await signer.signTypedData(toTypedData(intent));
  throwIfAborted(signal, cancelled);
  const headers = {
    "content-type": contentType,
    [INTENT_HEADER]: encodeIntentHeader({ ...intent, address: signer.address, signature }),
  };
  const send = typeof XMLHttpRequest !== "undefined" ? sendWithXhr : sendWithFetch;
  const progress = (loaded: number) => onProgress?.({ phase: "uploading", loaded, total: size });
  const result = await send({ url: options.endpoint ?? DEFAULT_ENDPOINT, blob, headers, progress, signal });
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
