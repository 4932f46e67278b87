/**
 * Errors of the storage relay. Each carries the HTTP status the relay answers with and a
 * message that is one sentence a person can act on; the relay sends it as `{ error }`.
 * Shared by server and client (no Node-only imports).
 */
export class StorageError extends Error {
  override name = "StorageError";
  status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

export class RootFormatError extends StorageError {
  override name = "RootFormatError";
  constructor(value: string) {
    super(`"${value.slice(0, 80)}" is not a 0G root; expected 0x followed by 64 hex digits.`, 400);
  }
}

export class ArtifactNotFoundError extends StorageError {
  override name = "ArtifactNotFoundError";
  constructor(root: string) {
    super(`No artifact with root ${root} is stored here.`, 404);
  }
}

export class ArtifactEmptyError extends StorageError {
  override name = "ArtifactEmptyError";
  constructor() {
    super("The upload is empty; an artifact needs at least one byte.", 400);
  }
}

export class ArtifactTooLargeError extends StorageError {
  override name = "ArtifactTooLargeError";
  constructor(limit: number) {
    super(`The artifact is larger than the relay's limit of ${formatBytes(limit)}.`, 413);
  }
}

export class ArtifactSizeMismatchError extends StorageError {
  override name = "ArtifactSizeMismatchError";
  constructor(received: number, declared: number) {
    super(`The body has ${received} bytes but the signed intent declares ${declared}.`, 400);
  }
}

export class RootMismatchError extends StorageError {
  override name = "RootMismatchError";
  expected: string;
  actual: string;
  constructor(expected: string, actual: string, status = 400) {
    super(`The bytes hash to root ${actual}, not to the expected root ${expected}.`, status);
    this.expected = expected;
    this.actual = actual;
  }
}

export class IntentMissingError extends StorageError {
  override name = "IntentMissingError";
  constructor() {
    super("Uploads need a wallet-signed intent in the X-Upload-Intent header.", 400);
  }
}

export class IntentFormatError extends StorageError {
  override name = "IntentFormatError";
  constructor(problem: string) {
    super(`The upload intent is malformed: ${problem}.`, 400);
  }
}

export class IntentSignatureError extends StorageError {
  override name = "IntentSignatureError";
  constructor() {
    super("The upload intent's signature does not match its address.", 400);
  }
}

export class IntentStaleError extends StorageError {
  override name = "IntentStaleError";
  constructor(windowSeconds: number) {
    super(`The upload intent was signed more than ${windowSeconds} seconds from the relay's clock; sign a new one.`, 400);
  }
}

export class IntentReplayedError extends StorageError {
  override name = "IntentReplayedError";
  constructor() {
    super("This upload intent was already used for these bytes; sign a new one with a fresh nonce.", 403);
  }
}

export class IntentWrongChainError extends StorageError {
  override name = "IntentWrongChainError";
  constructor(signedFor: number, serves: number) {
    super(`The upload intent was signed for chain ${signedFor}, but this relay serves chain ${serves}; switch the wallet to chain ${serves} and sign again.`, 400);
  }
}

export class MethodNotAllowedError extends StorageError {
  override name = "MethodNotAllowedError";
  /** The methods the route accepts, for the `Allow` header. */
  allow: readonly string[];
  constructor(method: string, allow: readonly string[]) {
    super(`The method ${method.slice(0, 20)} is not allowed here; this route accepts ${joinMethods(allow)}.`, 405);
    this.allow = allow;
  }
}

function joinMethods(methods: readonly string[]): string {
  if (methods.length <= 1) return methods.join("");
  return `${methods.slice(0, -1).join(", ")} and ${methods[methods.length - 1]}`;
}

export class UploadRateLimitError extends StorageError {
  override name = "UploadRateLimitError";
  retryAfterSeconds: number;
  constructor(limit: number, windowSeconds: number, retryAfterSeconds: number) {
    super(`This address has reached its limit of ${limit} uploads per ${windowSeconds} seconds; retry in ${retryAfterSeconds} seconds.`, 429);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class UploadQuotaError extends StorageError {
  override name = "UploadQuotaError";
  retryAfterSeconds: number;
  constructor(quota: number, retryAfterSeconds: number) {
    super(`This upload would take the address past its daily quota of ${formatBytes(quota)}; retry in ${retryAfterSeconds} seconds.`, 429);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class BackendUnavailableError extends StorageError {
  override name = "BackendUnavailableError";
  constructor(backend: string, detail: string) {
    super(`The ${backend} storage backend failed: ${detail.replace(/[.\s]+$/, "")}.`, 502);
  }
}

export class BackendTimeoutError extends StorageError {
  override name = "BackendTimeoutError";
  constructor(backend: string, operation: string, ms: number) {
    super(`The ${backend} storage backend did not finish the ${operation} within ${Math.round(ms / 1000)} seconds.`, 504);
  }
}

export class UploadSessionNotFoundError extends StorageError {
  override name = "UploadSessionNotFoundError";
  constructor(id: string) {
    super(`No upload session ${id.slice(0, 80)} is open here; it was completed, abandoned or never opened, so open a new one.`, 404);
  }
}

export class UploadSessionExpiredError extends StorageError {
  override name = "UploadSessionExpiredError";
  constructor(idleSeconds: number) {
    super(`The upload session received nothing for ${idleSeconds} seconds and was discarded; sign a new intent and upload again.`, 410);
  }
}

export class ChunkOutOfRangeError extends StorageError {
  override name = "ChunkOutOfRangeError";
  constructor(index: string, count: number) {
    super(`Chunk "${index.slice(0, 20)}" is out of range; this upload has chunks 0 to ${count - 1}.`, 400);
  }
}

export class ChunkSizeError extends StorageError {
  override name = "ChunkSizeError";
  /** `overran`: the body went past `expected` and was not read further (`received` is where it stopped). */
  constructor(index: number, received: number, expected: number, overran = false) {
    super(`Chunk ${index} has ${overran ? "more than " : ""}${overran ? expected : received} bytes but must have ${expected}.`, 400);
  }
}

export class UploadIncompleteError extends StorageError {
  override name = "UploadIncompleteError";
  missing: number[];
  constructor(missing: number[]) {
    const listed = missing.length > 8 ? `${missing.slice(0, 8).join(", ")} and ${missing.length - 8} more` : missing.join(", ");
    super(`The upload cannot be completed yet: chunk${missing.length === 1 ? "" : "s"} ${listed} ha${missing.length === 1 ? "s" : "ve"} not arrived.`, 409);
    this.missing = missing;
  }
}

export class UploadCancelledError extends StorageError {
  override name = "UploadCancelledError";
  constructor() {
    super("The upload was cancelled.", 499);
  }
}

export class DownloadCancelledError extends StorageError {
  override name = "DownloadCancelledError";
  constructor() {
    super("The download was cancelled.", 499);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GiB`;
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
