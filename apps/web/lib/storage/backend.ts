/** The interface every storage backend implements, and the factory that picks one from config. */
import type { Address } from "viem";
import type { Root } from "./root.ts";
import type { BackendName, StorageConfig } from "./config.ts";
import { sweepStaleTemps } from "./fsutil.ts";
import { tmpDirOf } from "./stage.ts";

export type ArtifactMeta = {
  root: Root;
  size: number;
  contentType: string;
  /** The wallet that signed the upload intent, when known. */
  uploader: Address | null;
  /** ISO time of the upload, when known. */
  uploadedAt: string | null;
};

/** An upload already written to a temp file under the store's tmp folder, fsynced, and hashed. */
export type StagedArtifact = {
  path: string;
  root: Root;
  size: number;
  contentType: string;
  uploader: Address;
};

export type ArtifactReader = {
  meta: ArtifactMeta;
  /** Bytes that were verified (or are verified while read) to hash to `meta.root`. */
  body: ReadableStream<Uint8Array>;
};

/** What `put` stored; `created` is false when the root was already stored (the first upload's metadata is kept). */
export type PutResult = ArtifactMeta & { created: boolean };

export interface StorageBackend {
  readonly name: BackendName;
  /**
   * Takes ownership of `staged.path`: moves or uploads it, and never leaves it behind.
   * Safe to call concurrently for the same root (in one process or several): one object stays.
   */
  put(staged: StagedArtifact): Promise<PutResult>;
  /** Metadata of a stored artifact, or null when the root is unknown. */
  stat(root: Root): Promise<ArtifactMeta | null>;
  /** The artifact's verified bytes, or null when the root is unknown. */
  open(root: Root): Promise<ArtifactReader | null>;
}

export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

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
