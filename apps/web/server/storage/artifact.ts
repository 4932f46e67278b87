/**
 * What a storage backend stores and serves, and the interface every backend implements. Apart from
 * `backend.ts` (the factory that picks one) so that the backends depend on this module only, and the
 * factory on them: no import cycle.
 */
import type { Address } from "viem";
import type { Root } from "@orm/protocol/storage/root";
import type { BackendName } from "./config.ts";

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
