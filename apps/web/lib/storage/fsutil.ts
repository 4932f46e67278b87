/** Small durable-write helpers: temp file + fsync + rename, and quiet cleanup. */
import { randomUUID } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";

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
  return join(/*turbopackIgnore: true*/ tmpDir, `${randomUUID()}${suffix}`);
}

/** Writes `data` to `target` through a temp file in `tmpDir` (same file system), fsynced, then renamed. */
export async function writeFileAtomic(target: string, data: string | Uint8Array, tmpDir: string): Promise<void> {
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
    await rename(temp, target);
  } catch (error) {
    await removeQuietly(temp);
    throw error;
  }
}
