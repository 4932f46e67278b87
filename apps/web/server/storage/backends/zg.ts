/**
 * The `0g` backend: uploads and downloads through 0G Storage (Galileo, chain 16602, by default),
 * with `@0gfoundation/0g-ts-sdk` (the maintained successor of `@0glabs/0g-ts-sdk`; same roots)
 * building the merkle tree, segment proofs and flow submission, and the relay driving the network
 * calls itself so it can bound, cancel and check them:
 * - the network is checked first (`zg-network.ts`): a wrong URL, chain or an empty account is a
 *   503 with one sentence, not a retried 502;
 * - an upload pays at most once (`zg-upload.ts`, `zg-payment.ts`);
 * - a download streams segments proven against the root, at the size recorded at upload
 *   (`zg-download.ts`).
 * A small sidecar per root (content type, uploader, time, size) is kept under <dir>/meta, since
 * 0G stores bytes only.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Address } from "viem";
import type { ArtifactMeta, ArtifactReader, PutResult, StagedArtifact, StorageBackend } from "../artifact.ts";
import { DEFAULT_CONTENT_TYPE } from "../artifact.ts";
import type { StorageConfig } from "../config.ts";
import { BackendTimeoutError, BackendUnavailableError, StorageError } from "@orm/protocol/storage/errors";
import { ensureDir, removeQuietly, writeFileExclusive } from "../fsutil.ts";
import { withRetries } from "../retry.ts";
import type { RetryPolicy } from "../retry.ts";
import type { Root } from "@orm/protocol/storage/root";
import { tmpDirOf } from "../stage.ts";
import { getPayer, getStorageNetwork } from "./zg-network.ts";
import { uploadToZg } from "./zg-upload.ts";
import { locateFile, openVerified } from "./zg-download.ts";
import { rpcMessageOf } from "./zg-rpc.ts";
import { ZgFinalError, ZgSizeMismatchError } from "./zg-errors.ts";

export { ZgDownloadCorruptError } from "./zg-errors.ts";

const BACKEND = "0G";

type Sidecar = { contentType: string; uploader: Address | null; uploadedAt: string | null; size?: number; txHash?: string };

/** Turns whatever a network step threw into a sentence-shaped backend error; past the deadline, a timeout. */
function asStorageError(error: unknown, operation: string, signal: AbortSignal | null, timeoutMs: number): StorageError {
  if (error instanceof StorageError) return error;
  if (signal?.aborted) return new BackendTimeoutError(BACKEND, operation, timeoutMs);
  return new BackendUnavailableError(BACKEND, `${operation} failed: ${rpcMessageOf(error).split("\n")[0].slice(0, 300)}`);
}

const INFLIGHT_KEY = Symbol.for("open-research-market.storage.zg-uploads");

/** Uploads of a root in progress in this process: a second request for the same root joins the first. */
function inflightUploads(): Map<string, Promise<{ txHash: string | null }>> {
  const holder = globalThis as unknown as Record<symbol, Map<string, Promise<{ txHash: string | null }>> | undefined>;
  return (holder[INFLIGHT_KEY] ??= new Map());
}

export function createZgBackend(config: StorageConfig): StorageBackend {
  const { zg } = config;
  const metaDir = join(config.dir, "meta");
  const tmpDir = tmpDirOf(config.dir);
  const policy: RetryPolicy = { retries: zg.retries, delayMs: zg.retryDelayMs, shouldRetry: (error) => !(error instanceof ZgFinalError) };
  const sidecarPath = (root: Root) => join(metaDir, `${root}.json`);

  async function readSidecar(root: Root): Promise<Partial<Sidecar>> {
    try {
      return JSON.parse(await readFile(sidecarPath(root), "utf8")) as Partial<Sidecar>;
    } catch {
      return {};
    }
  }

  /** One upload attempt with its own deadline; everything it started stops when the deadline passes. */
  async function uploadAttempt(staged: StagedArtifact): Promise<{ txHash: string | null }> {
    const signal = AbortSignal.timeout(zg.timeoutMs);
    try {
      const network = await getStorageNetwork(zg);
      const result = await uploadToZg({
        path: staged.path,
        root: staged.root,
        size: staged.size,
        zg,
        network,
        getPayer: () => getPayer(zg, network),
        metaDir,
        tmpDir,
        signal,
      });
      return { txHash: result.txHash };
    } catch (error) {
      throw asStorageError(error, "upload", signal, zg.timeoutMs);
    }
  }

  async function put(staged: StagedArtifact): Promise<PutResult> {
    try {
      const uploads = inflightUploads();
      let upload = uploads.get(staged.root);
      if (!upload) {
        upload = withRetries(() => uploadAttempt(staged), policy);
        uploads.set(staged.root, upload);
        void upload.finally(() => uploads.delete(staged.root)).catch(() => {});
      }
      const { txHash } = await upload;
      const sidecar: Sidecar = {
        contentType: staged.contentType,
        uploader: staged.uploader,
        uploadedAt: new Date().toISOString(),
        size: staged.size,
        txHash: txHash ?? undefined,
      };
      await ensureDir(metaDir);
      // The first upload's sidecar stays: a concurrent or later upload of the same root keeps it.
      const created = await writeFileExclusive(sidecarPath(staged.root), `${JSON.stringify(sidecar, null, 2)}\n`, tmpDir);
      if (created) return { root: staged.root, ...sidecar, size: staged.size, created };
      const kept = await readSidecar(staged.root);
      return {
        root: staged.root,
        size: staged.size,
        contentType: kept.contentType ?? DEFAULT_CONTENT_TYPE,
        uploader: kept.uploader ?? null,
        uploadedAt: kept.uploadedAt ?? null,
        created,
      };
    } finally {
      await removeQuietly(staged.path);
    }
  }

  /** The entry's size from the chain, refused when it differs from the size uploaded under the root. */
  function checkedSize(root: Root, reported: number, sidecar: Partial<Sidecar>): number {
    if (sidecar.size !== undefined && sidecar.size !== reported) throw new ZgSizeMismatchError(root, reported, sidecar.size);
    return reported;
  }

  function metaOf(root: Root, size: number, sidecar: Partial<Sidecar>): ArtifactMeta {
    return {
      root,
      size,
      contentType: sidecar.contentType ?? DEFAULT_CONTENT_TYPE,
      uploader: sidecar.uploader ?? null,
      uploadedAt: sidecar.uploadedAt ?? null,
    };
  }

  async function stat(root: Root): Promise<ArtifactMeta | null> {
    const network = await getStorageNetwork(zg);
    const located = await withRetries(async () => {
      try {
        return await locateFile(network, zg, root, false);
      } catch (error) {
        throw asStorageError(error, "lookup", null, zg.timeoutMs);
      }
    }, policy);
    if (!located) return null;
    const sidecar = await readSidecar(root);
    return metaOf(root, checkedSize(root, Number(located.info.tx.size), sidecar), sidecar);
  }

  async function open(root: Root): Promise<ArtifactReader | null> {
    const network = await getStorageNetwork(zg);
    const sidecar = await readSidecar(root);
    return withRetries(async () => {
      try {
        const located = await locateFile(network, zg, root, true);
        if (!located) return null;
        const size = checkedSize(root, Number(located.info.tx.size), sidecar);
        return { meta: metaOf(root, size, sidecar), body: await openVerified(located, root, size) };
      } catch (error) {
        throw asStorageError(error, "download", null, zg.timeoutMs);
      }
    }, policy);
  }

  return { name: "0g", put, stat, open };
}
