/**
 * The session store of chunked uploads: what lets an artifact arrive in requests of a few MiB,
 * on any instance sharing the store folder, and resume after a dropped connection.
 *
 *   <dir>/uploads/<id>/session.json     what the signed intent admitted (written once, no-clobber)
 *   <dir>/uploads/<id>/chunks/<index>   each chunk that arrived whole (temp file in <dir>/tmp,
 *                                       fsynced, hard-linked into place: never partial, never replaced)
 *
 * Every step is a file-system operation that is atomic across processes, so no lock is needed:
 * duplicate chunks race to one `link()` (the first stays), and a session ends — completed, failed
 * its root check, aborted or abandoned — by one `rename()` of its folder out of the way, which
 * exactly one caller wins; that caller gives the quota back when the upload did not complete.
 * The object itself is assembled from the chunks, hashed and placed only at completion
 * (`http.ts`), so the store never holds part of an artifact.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { Address, Hex } from "viem";
import type { UploadSessionStatus } from "@orm/protocol/storage/client";
import type { Root } from "@orm/protocol/storage/root";
import {
  ChunkOutOfRangeError,
  ChunkSizeError,
  UploadSessionExpiredError,
  UploadSessionNotFoundError,
} from "@orm/protocol/storage/errors";
import { ensureDir, placeExclusive, removeQuietly, tempPath } from "./fsutil.ts";
import { readPiece, tmpDirOf } from "./stage.ts";

/** What the signed intent admitted for one chunked upload. */
export type UploadSession = {
  id: string;
  root: Root;
  size: number;
  /** Fixed when the session opens, so instances configured differently still agree on the chunks. */
  chunkSize: number;
  contentType: string;
  uploader: Address;
  /** The UTC day (floor(seconds / 86400)) whose quota holds the session's bytes. */
  quotaDay: number;
  openedAt: string;
};

/** What the relay answers about an open session: which chunks it holds and until when it waits (the wire type the client reads). */
export type { UploadSessionStatus };

/** Called once for a session that ended without an object (its quota goes back). */
export type OnDiscard = (session: UploadSession) => Promise<void>;

const ID = /^[0-9a-f]{40}$/;
const SESSION_FILE = "session.json";
const DISCARDED = ".discarded-";

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

export function uploadsDirOf(storeDir: string): string {
  return join(/*turbopackIgnore: true*/ storeDir, "uploads");
}

/**
 * The session of (address, nonce, root): derived, not random, so a client whose "opened" answer
 * was lost finds its session again with the same signed intent. The nonce is secret to the
 * signer and the relay, so the id is too.
 */
export function uploadSessionIdOf(address: Address, nonce: Hex, root: Root): string {
  return createHash("sha256").update(`${address.toLowerCase()}:${nonce.toLowerCase()}:${root.toLowerCase()}`).digest("hex").slice(0, 40);
}

function sessionDir(storeDir: string, id: string): string {
  if (!ID.test(id)) throw new UploadSessionNotFoundError(id);
  return join(/*turbopackIgnore: true*/ uploadsDirOf(storeDir), id);
}

export function chunkCountOf(session: Pick<UploadSession, "size" | "chunkSize">): number {
  return Math.ceil(session.size / session.chunkSize);
}

/** The byte length chunk `index` must have. */
export function chunkLengthOf(session: Pick<UploadSession, "size" | "chunkSize">, index: number): number {
  return Math.min(session.chunkSize, session.size - index * session.chunkSize);
}

/** Creates the session's folder; false when a session with this id exists already. */
export async function createUploadSession(storeDir: string, session: UploadSession): Promise<boolean> {
  const dir = sessionDir(storeDir, session.id);
  await mkdir(join(dir, "chunks"), { recursive: true });
  const tmpDir = tmpDirOf(storeDir);
  await ensureDir(tmpDir);
  const temp = tempPath(tmpDir, ".tmp");
  try {
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(`${JSON.stringify(session, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return await placeExclusive(temp, join(dir, SESSION_FILE));
  } finally {
    await removeQuietly(temp);
  }
}

type SessionState = { session: UploadSession; received: number[]; lastActivityMs: number };

async function readSessionState(storeDir: string, id: string): Promise<SessionState | null> {
  const dir = sessionDir(storeDir, id);
  try {
    const session = JSON.parse(await readFile(join(dir, SESSION_FILE), "utf8")) as UploadSession;
    const chunksDir = join(dir, "chunks");
    const [names, sessionStats, chunksStats] = await Promise.all([readdir(chunksDir), stat(join(dir, SESSION_FILE)), stat(chunksDir)]);
    const received = names.filter((name) => /^\d+$/.test(name)).map(Number).sort((a, b) => a - b);
    // A chunk linked into place touches the folder: its mtime is the last arrival.
    return { session, received, lastActivityMs: Math.max(sessionStats.mtimeMs, chunksStats.mtimeMs) };
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
}

function statusOf({ session, received, lastActivityMs }: SessionState, idleSeconds: number): UploadSessionStatus {
  const { id, root, size, chunkSize } = session;
  return { id, root, size, chunkSize, chunkCount: chunkCountOf(session), received, expiresAt: new Date(lastActivityMs + idleSeconds * 1000).toISOString() };
}

/**
 * Ends a session: its folder is renamed out of the way (one caller wins, across processes), then
 * removed. `onDiscard` runs for the winner when the upload produced no object. True when this call ended it.
 */
export async function endUploadSession(storeDir: string, id: string, onDiscard?: OnDiscard): Promise<boolean> {
  const dir = sessionDir(storeDir, id);
  const gone = join(uploadsDirOf(storeDir), `${DISCARDED}${id}-${randomUUID().slice(0, 8)}`);
  try {
    await rename(dir, gone);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return false;
    throw error;
  }
  try {
    if (onDiscard) {
      const session = await readFile(join(gone, SESSION_FILE), "utf8").then((text) => JSON.parse(text) as UploadSession, () => null);
      if (session) await onDiscard(session);
    }
  } finally {
    await rm(gone, { recursive: true, force: true });
  }
  return true;
}

/** The open session `id` and the chunks it holds; throws 404 when unknown, 410 (after discarding it) when idle too long. */
export async function getUploadSession(
  storeDir: string,
  id: string,
  idleSeconds: number,
  onDiscard: OnDiscard,
  now = Date.now(),
): Promise<{ session: UploadSession; status: UploadSessionStatus }> {
  const state = await readSessionState(storeDir, id);
  if (!state) throw new UploadSessionNotFoundError(id);
  if (now - state.lastActivityMs > idleSeconds * 1000) {
    await endUploadSession(storeDir, id, onDiscard);
    throw new UploadSessionExpiredError(idleSeconds);
  }
  return { session: state.session, status: statusOf(state, idleSeconds) };
}

/** Parses a chunk index from the URL against the session's chunk count (400 when out of range). */
export function parseChunkIndex(session: UploadSession, raw: string): number {
  const count = chunkCountOf(session);
  const index = /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
  if (index < 0 || index >= count) throw new ChunkOutOfRangeError(raw, count);
  return index;
}

/**
 * Stores chunk `index` from `body`: exactly `chunkLengthOf(session, index)` bytes, streamed to an
 * fsynced temp file and linked into place. A chunk that is already there stays as it was (a
 * duplicate costs nothing; the root check at completion judges the content). False for a duplicate.
 */
export async function writeChunk(
  storeDir: string,
  session: UploadSession,
  index: number,
  body: ReadableStream<Uint8Array> | null,
): Promise<boolean> {
  const expected = chunkLengthOf(session, index);
  const tmpDir = tmpDirOf(storeDir);
  await ensureDir(tmpDir);
  const temp = tempPath(tmpDir);
  const handle = await open(temp, "wx");
  const reader = body?.getReader();
  let closed = false;
  try {
    let received = 0;
    while (reader) {
      const { done, value } = await readPiece(reader);
      if (done) break;
      received += value.length;
      if (received > expected) {
        await reader.cancel().catch(() => {});
        throw new ChunkSizeError(index, received, expected, true);
      }
      await handle.write(value);
    }
    if (received !== expected) throw new ChunkSizeError(index, received, expected);
    await handle.sync();
    await handle.close();
    closed = true;
    try {
      return await placeExclusive(temp, join(sessionDir(storeDir, session.id), "chunks", String(index)));
    } catch (error) {
      // the session ended (completed or discarded) while the chunk arrived
      if (errorCode(error) === "ENOENT") throw new UploadSessionNotFoundError(session.id);
      throw error;
    }
  } finally {
    if (!closed) await handle.close().catch(() => {});
    await removeQuietly(temp);
  }
}

/** The chunk indexes of `session` not in `received`. */
export function missingChunks(session: UploadSession, received: number[]): number[] {
  const have = new Set(received);
  return Array.from({ length: chunkCountOf(session) }, (_, index) => index).filter((index) => !have.has(index));
}

/** The artifact's bytes, read from its chunks in order (every chunk must be there). */
export function readChunks(storeDir: string, session: UploadSession): ReadableStream<Uint8Array> {
  const dir = join(sessionDir(storeDir, session.id), "chunks");
  async function* pieces(): AsyncGenerator<Uint8Array> {
    for (let index = 0; index < chunkCountOf(session); index++) {
      for await (const piece of createReadStream(join(dir, String(index)))) yield new Uint8Array(piece as Buffer);
    }
  }
  return Readable.toWeb(Readable.from(pieces())) as ReadableStream<Uint8Array>;
}

/**
 * Discards every session idle for longer than `idleSeconds` (calling `onDiscard` for each), and
 * removes the leftovers of an end that a crash interrupted. Returns the ids discarded.
 */
export async function sweepUploadSessions(storeDir: string, idleSeconds: number, onDiscard: OnDiscard, now = Date.now()): Promise<string[]> {
  const uploadsDir = uploadsDirOf(storeDir);
  let names: string[];
  try {
    names = await readdir(uploadsDir);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return [];
    throw error;
  }
  const discarded: string[] = [];
  for (const name of names) {
    if (name.startsWith(DISCARDED)) {
      const stats = await stat(join(uploadsDir, name)).catch(() => null);
      if (stats && now - stats.mtimeMs > idleSeconds * 1000) await rm(join(uploadsDir, name), { recursive: true, force: true });
      continue;
    }
    if (!ID.test(name)) continue;
    const state = await readSessionState(storeDir, name);
    const lastActivityMs = state?.lastActivityMs ?? (await stat(join(uploadsDir, name)).then((stats) => stats.mtimeMs, () => now));
    if (now - lastActivityMs <= idleSeconds * 1000) continue;
    if (await endUploadSession(storeDir, name, onDiscard)) discarded.push(name);
  }
  return discarded;
}
