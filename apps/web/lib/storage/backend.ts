/** The interface every storage backend implements, and the factory that picks one from config. */
import type { Address } from "viem";
import type { Root } from "./root.ts";
import type { BackendName, StorageConfig } from "./config.ts";

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

export interface StorageBackend {
  readonly name: BackendName;
  /** Takes ownership of `staged.path`: moves or uploads it, and never leaves it behind. */
  put(staged: StagedArtifact): Promise<ArtifactMeta>;
  /** Metadata of a stored artifact, or null when the root is unknown. */
  stat(root: Root): Promise<ArtifactMeta | null>;
  /** The artifact's verified bytes, or null when the root is unknown. */
  open(root: Root): Promise<ArtifactReader | null>;
}

export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

export async function createBackend(config: StorageConfig): Promise<StorageBackend> {
  if (config.backend === "0g") {
    const { createZgBackend } = await import("./backends/zg.ts");
    return createZgBackend(config);
  }
  const { createLocalBackend } = await import("./backends/local.ts");
  return createLocalBackend(config);
}
