/**
 * Small durable-write helpers: temp file + fsync + no-clobber link into place, quiet cleanup,
 * and the start-up sweep of temp files a crashed process left behind.
 *
 * Temp files are named `<process tag>-<uuid><suffix>`. The tag is random per process, so a
 * sweep can tell its own in-flight files from those of another process sharing the store.
 */
import { randomUUID } from "node:crypto";
import { link, mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/** Temp files of other processes older than this are treated as left over by a crash. */
export const STALE_TEMP_MS = 10 * 60 * 1000;

const TEMP_SUFFIXES = [".part", ".tmp"];
const TAG_KEY = Symbol.for("open-research-market.storage.process-tag");

/** This process's temp-file tag (shared by every route bundle in the process). */
export function processTag(): string {
  const holder = globalThis as unknown as Record<symbol, string | undefined>;
  holder[TAG_KEY] ??= randomUUID().slice(0, 8);
  return holder[TAG_KEY];
}

export async function ensureDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
}

/** fsync a directory so a rename inside it survives a crash (a no-op where unsupported). */
export async function syncDir(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, "r");
    await handle.sync();
  } catch {
    // Some platforms cannot fsync directories; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

export async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true });
}

export function tempPath(tmpDir: string, suffix = ".part"): string {
  return join(/*turbopackIgnore: true*/ tmpDir, `${processTag()}-${randomUUID()}${suffix}`);
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/**
 * Moves `temp` to `target` unless `target` exists; true when this call placed it. The hard link
 * is atomic and never overwrites, so of several concurrent callers exactly one wins. Where the
 * file system has no hard links it falls back to check-then-rename. `temp` may remain; the
 * caller removes it.
 */
export async function placeExclusive(temp: string, target: string): Promise<boolean> {
  try {
    await link(temp, target);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EOPNOTSUPP") throw error;
  }
  if (await exists(target)) return false;
  await rename(temp, target);
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (errorCode(error) === "ENOENT") return false;
    throw error;
  }
}

/** Writes `data` to a new fsynced temp file in `tmpDir` (same file system as the target) and returns its path. */
async function writeTemp(data: string | Uint8Array, tmpDir: string): Promise<string> {
  await ensureDir(tmpDir);
  const temp = tempPath(tmpDir, ".tmp");
  try {
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return temp;
  } catch (error) {
    await removeQuietly(temp);
    throw error;
  }
}

/**
 * Writes `data` to `target` through an fsynced temp file in `tmpDir` (same file system), placed
 * with `placeExclusive`: an existing `target` is kept. True when this call wrote it.
 */
export async function writeFileExclusive(target: string, data: string | Uint8Array, tmpDir: string): Promise<boolean> {
  const temp = await writeTemp(data, tmpDir);
  try {
    return await placeExclusive(temp, target);
  } finally {
    await removeQuietly(temp);
  }
}

/**
 * Removes temp files (`*.part`, `*.tmp`) in `tmpDir` that a crashed process left behind: those of
 * other processes (another tag) not written to for `maxAgeMs`. This process's own files are
 * in-flight uploads and are never touched. Returns the names removed.
 */
export async function sweepStaleTemps(tmpDir: string, maxAgeMs = STALE_TEMP_MS, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(tmpDir);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return [];
    throw error;
  }
  const own = `${processTag()}-`;
  const removed: string[] = [];
  for (const name of names) {
    if (name.startsWith(own) || !TEMP_SUFFIXES.some((suffix) => name.endsWith(suffix))) continue;
    const path = join(/*turbopackIgnore: true*/ tmpDir, name);
    try {
      const stats = await stat(path);
      if (!stats.isFile() || now - stats.mtimeMs < maxAgeMs) continue;
      await rm(path, { force: true });
      removed.push(name);
    } catch (error) {
      if (errorCode(error) !== "ENOENT") throw error;
    }
  }
  return removed;
}
