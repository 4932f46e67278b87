/**
 * The embedded default backend: a content-addressed folder.
 *   <dir>/objects/<root>        the bytes (linked into place from an fsynced temp file)
 *   <dir>/objects/<root>.json   sidecar: size, content type, uploader, time
 *   <dir>/tmp/                  temp files (same file system, so the link is atomic)
 * Reads verify that the file still hashes to its root before any byte is served.
 *
 * Concurrent uploads of the same root (in this process or another sharing the folder) are
 * settled by the file system: the sidecar and then the object are hard-linked into place, which
 * never overwrites, so the first upload's metadata and one object stay and the others only
 * delete their temp files. The sidecar goes first so the object is never served without it.
 */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { Address } from "viem";
import type { ArtifactMeta, ArtifactReader, PutResult, StagedArtifact, StorageBackend } from "../artifact.ts";
import { DEFAULT_CONTENT_TYPE } from "../artifact.ts";
import type { StorageConfig } from "../config.ts";
import { isRoot } from "@orm/protocol/storage/root";
import type { Root } from "@orm/protocol/storage/root";
import { computeRootParallel } from "../root-parallel.ts";
import { ensureDir, placeExclusive, removeQuietly, syncDir, writeFileExclusive } from "../fsutil.ts";
import { RootFormatError, StorageError } from "@orm/protocol/storage/errors";
import { tmpDirOf } from "../stage.ts";

export class StoredArtifactCorruptError extends StorageError {
  override name = "StoredArtifactCorruptError";
  constructor(root: string) {
    super(`The stored bytes for root ${root} no longer hash to it, so the relay will not serve them.`, 500);
  }
}

type Sidecar = { size: number; contentType: string; uploader: Address | null; uploadedAt: string | null };

/** Roots whose file was verified, keyed to the file's size and mtime at that time. */
const verified = new Map<string, string>();

function fileStamp(stats: Stats): string {
  return `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

async function readSidecar(path: string): Promise<Partial<Sidecar>> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as Partial<Sidecar>;
  } catch {
    return {};
  }
}

async function verifyObject(path: string, root: Root, stats: Stats): Promise<void> {
  const stamp = fileStamp(stats);
  if (verified.get(root) === stamp) return;
  const actual = await computeRootParallel(Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>);
  if (actual !== root) throw new StoredArtifactCorruptError(root);
  verified.set(root, stamp);
}

export function createLocalBackend(config: StorageConfig): StorageBackend {
  const objectsDir = join(config.dir, "objects");
  const tmpDir = tmpDirOf(config.dir);
  /** Paths are only ever built from validated roots, so no request can name a file outside the store. */
  const checked = (root: Root): Root => {
    if (!isRoot(root)) throw new RootFormatError(String(root));
    return root.toLowerCase() as Root;
  };
  const objectPath = (root: Root) => join(objectsDir, checked(root));
  const sidecarPath = (root: Root) => join(objectsDir, `${checked(root)}.json`);

  async function stat(root: Root): Promise<ArtifactMeta | null> {
    const stats = await statOrNull(objectPath(root));
    if (!stats) return null;
    const sidecar = await readSidecar(sidecarPath(root));
    return {
      root,
      size: stats.size,
      contentType: sidecar.contentType ?? DEFAULT_CONTENT_TYPE,
      uploader: sidecar.uploader ?? null,
      uploadedAt: sidecar.uploadedAt ?? null,
    };
  }

  async function put(staged: StagedArtifact): Promise<PutResult> {
    try {
      await ensureDir(objectsDir);
      const existing = await stat(staged.root);
      if (existing) return { ...existing, created: false };
      const sidecar: Sidecar = {
        size: staged.size,
        contentType: staged.contentType,
        uploader: staged.uploader,
        uploadedAt: new Date().toISOString(),
      };
      await writeFileExclusive(sidecarPath(staged.root), `${JSON.stringify(sidecar, null, 2)}\n`, tmpDir);
      const created = await placeExclusive(staged.path, objectPath(staged.root));
      if (created) await syncDir(objectsDir);
      const meta = await stat(staged.root);
      if (!meta) throw new StorageError(`The object for root ${staged.root} vanished while it was being stored.`, 500);
      return { ...meta, created };
    } finally {
      await removeQuietly(staged.path);
    }
  }

  async function open(root: Root): Promise<ArtifactReader | null> {
    const path = objectPath(root);
    const stats = await statOrNull(path);
    if (!stats) return null;
    await verifyObject(path, root, stats);
    const meta = await stat(root);
    if (!meta) return null;
    const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
    return { meta, body };
  }

  return { name: "local", put, stat, open };
}
