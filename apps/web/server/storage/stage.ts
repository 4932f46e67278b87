/**
 * Staging of an upload: the request body is streamed to a temp file under `<dir>/tmp`, hashed
 * on the way (one pass, whole segments on the hashing workers while this thread writes),
 * size-checked chunk by chunk, and fsynced. On any failure the temp file is removed, so a
 * rejected or broken upload never leaves a partial file; a crash leaves at most a temp file,
 * which the next process removes at start-up (`sweepStaleTemps`).
 */
import { open } from "node:fs/promises";
import { join } from "node:path";
import { createParallelRootHasher } from "./root-parallel.ts";
import type { Root } from "@orm/protocol/storage/root";
import { ensureDir, removeQuietly, tempPath } from "./fsutil.ts";
import { ArtifactEmptyError, ArtifactSizeMismatchError, ArtifactTooLargeError, StorageError } from "@orm/protocol/storage/errors";

export type StagedBody = { path: string; root: Root; size: number };

export type StageLimits = {
  /** The relay's size limit. */
  maxBytes: number;
  /** The size the signed intent declares. */
  declaredSize: number;
};

export function tmpDirOf(storeDir: string): string {
  return join(storeDir, "tmp");
}

/**
 * The body has passed its declared size: count (without storing) what is left, up to the
 * relay's limit, so the answer says whether the body is too large (413) or just mislabelled (400).
 */
async function overrunError(reader: ReadableStreamDefaultReader<Uint8Array>, received: number, limits: StageLimits): Promise<Error> {
  let total = received;
  while (total <= limits.maxBytes) {
    const { done, value } = await readPiece(reader);
    if (done) return new ArtifactSizeMismatchError(total, limits.declaredSize);
    total += value.length;
  }
  await reader.cancel().catch(() => {});
  return new ArtifactTooLargeError(limits.maxBytes);
}

export class UploadInterruptedError extends StorageError {
  override name = "UploadInterruptedError";
  constructor() {
    super("The upload was interrupted before the whole body arrived.", 400);
  }
}

export async function readPiece(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<ReadableStreamReadResult<Uint8Array>> {
  try {
    return await reader.read();
  } catch {
    throw new UploadInterruptedError();
  }
}

export async function stageBody(
  body: ReadableStream<Uint8Array> | null,
  storeDir: string,
  limits: StageLimits,
): Promise<StagedBody> {
  const tmpDir = tmpDirOf(storeDir);
  await ensureDir(tmpDir);
  const path = tempPath(tmpDir);
  const hasher = await createParallelRootHasher();
  const handle = await open(path, "wx");
  const reader = body?.getReader();
  let closed = false;
  try {
    let size = 0;
    while (reader) {
      const { done, value } = await readPiece(reader);
      if (done) break;
      size += value.length;
      if (size > limits.declaredSize) throw await overrunError(reader, size, limits);
      await Promise.all([hasher.update(value), handle.write(value)]);
    }
    if (size === 0) throw new ArtifactEmptyError();
    if (size !== limits.declaredSize) throw new ArtifactSizeMismatchError(size, limits.declaredSize);
    const [root] = await Promise.all([hasher.digest(), handle.sync()]);
    await handle.close();
    closed = true;
    return { path, root, size };
  } catch (error) {
    if (!closed) await handle.close().catch(() => {});
    await removeQuietly(path);
    throw error;
  }
}
