/** The interface every storage backend implements, and the factory that picks one from config. */
import type { StorageBackend } from "./artifact.ts";
import type { StorageConfig } from "./config.ts";
import { sweepStaleTemps } from "./fsutil.ts";
import { tmpDirOf } from "./stage.ts";

export { DEFAULT_CONTENT_TYPE } from "./artifact.ts";
export type { ArtifactMeta, ArtifactReader, PutResult, StagedArtifact, StorageBackend } from "./artifact.ts";

const SWEEPS_KEY = Symbol.for("open-research-market.storage.swept-dirs");

/**
 * Removes the temp files a crashed process left in the store's tmp folder, once per store
 * folder per process (the first time a backend is created for it); see `sweepStaleTemps`.
 */
export function sweepStoreOnce(storeDir: string): Promise<void> {
  const holder = globalThis as unknown as Record<symbol, Map<string, Promise<void>> | undefined>;
  const sweeps = (holder[SWEEPS_KEY] ??= new Map());
  let sweep = sweeps.get(storeDir);
  if (!sweep) {
    sweep = sweepStaleTemps(tmpDirOf(storeDir)).then(
      () => {},
      (error) => console.error("storage relay: the temp-file sweep failed:", error),
    );
    sweeps.set(storeDir, sweep);
  }
  return sweep;
}

export async function createBackend(config: StorageConfig): Promise<StorageBackend> {
  await sweepStoreOnce(config.dir);
  if (config.backend === "0g") {
    const { createZgBackend } = await import("./backends/zg.ts");
    return createZgBackend(config);
  }
  const { createLocalBackend } = await import("./backends/local.ts");
  return createLocalBackend(config);
}
