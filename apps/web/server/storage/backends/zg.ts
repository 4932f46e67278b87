/**
 * The `0g` backend: uploads and downloads through the 0G Storage indexer with
 * `@0gfoundation/0g-ts-sdk` (the maintained successor of `@0glabs/0g-ts-sdk`; same roots).
 * The relay pays for uploads with ZG_PRIVATE_KEY on the chain at ZG_EVM_RPC.
 * Every download is hashed again and refused unless it matches the requested root.
 * A small sidecar per root (content type, uploader, time) is kept under <dir>/meta, since
 * 0G stores bytes only.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Address } from "viem";
import type { ArtifactMeta, ArtifactReader, PutResult, StagedArtifact, StorageBackend } from "../artifact.ts";
import { DEFAULT_CONTENT_TYPE } from "../artifact.ts";
import { StorageConfigError } from "../config.ts";
import type { StorageConfig } from "../config.ts";
import { BackendUnavailableError, StorageError } from "@orm/protocol/storage/errors";
import { ensureDir, removeQuietly, writeFileExclusive } from "../fsutil.ts";
import { withRetries, withTimeout } from "../retry.ts";
import { computeRootParallel } from "../root-parallel.ts";
import type { Root } from "@orm/protocol/storage/root";
import { tmpDirOf } from "../stage.ts";

const BACKEND = "0G";

export class ZgDownloadCorruptError extends StorageError {
  override name = "ZgDownloadCorruptError";
  constructor(root: string, actual: string) {
    super(`The 0G network returned bytes for root ${root} that hash to ${actual}, so the relay refused them.`, 502);
  }
}

type Sidecar = { contentType: string; uploader: Address | null; uploadedAt: string | null; txHash?: string };

function requireSetting(value: string | undefined, variable: string): string {
  if (!value) throw new StorageConfigError(variable, "is not set, and STORAGE_BACKEND=0g needs it");
  return value;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error);
  return message.split("\n")[0].slice(0, 300);
}

/** Runs an SDK call, turning anything it throws into a sentence-shaped backend error. */
async function callSdk<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StorageError) throw error;
    throw new BackendUnavailableError(BACKEND, `${operation} failed: ${describe(error)}`);
  }
}

async function loadSdk() {
  const [sdk, ethers] = await Promise.all([import("@0gfoundation/0g-ts-sdk"), import("ethers")]);
  return { sdk, ethers };
}

export function createZgBackend(config: StorageConfig): StorageBackend {
  const { zg } = config;
  const metaDir = join(config.dir, "meta");
  const tmpDir = tmpDirOf(config.dir);
  const policy = { retries: zg.retries, delayMs: zg.retryDelayMs };
  const sidecarPath = (root: Root) => join(metaDir, `${root}.json`);

  async function readSidecar(root: Root): Promise<Partial<Sidecar>> {
    try {
      return JSON.parse(await readFile(sidecarPath(root), "utf8")) as Partial<Sidecar>;
    } catch {
      return {};
    }
  }

  type UploadSettings = { indexerRpc: string; evmRpc: string; privateKey: string };

  function uploadSettings(): UploadSettings {
    return {
      indexerRpc: requireSetting(zg.indexerRpc, "ZG_INDEXER_RPC"),
      evmRpc: requireSetting(zg.evmRpc, "ZG_EVM_RPC"),
      privateKey: requireSetting(zg.privateKey, "ZG_PRIVATE_KEY"),
    };
  }

  function uploadOnce(path: string, settings: UploadSettings, attempt: number): Promise<{ rootHash: string; txHash: string }> {
    return callSdk("upload", () => uploadWithSdk(path, settings, attempt));
  }

  async function uploadWithSdk(path: string, settings: UploadSettings, attempt: number): Promise<{ rootHash: string; txHash: string }> {
    const { indexerRpc, evmRpc, privateKey } = settings;
    const { sdk, ethers } = await loadSdk();
    const signer = new ethers.Wallet(privateKey, new ethers.JsonRpcProvider(evmRpc));
    const indexer = new sdk.Indexer(indexerRpc);
    const file = await sdk.ZgFile.fromFilePath(path);
    try {
      const upload = indexer.upload(
        file,
        evmRpc,
        signer,
        // skipTx: a retry re-uses the log entry an earlier attempt paid for instead of paying again.
        { expectedReplica: zg.expectedReplica, skipTx: true, finalityRequired: true },
        { Retries: 3, Interval: 1, MaxGasPrice: 0, TooManyDataRetries: 3 },
      );
      const [result, error] = await withTimeout(upload, zg.timeoutMs, BACKEND, `upload (attempt ${attempt + 1})`);
      if (error) throw new BackendUnavailableError(BACKEND, `upload failed: ${describe(error)}`);
      if (!("rootHash" in result)) throw new BackendUnavailableError(BACKEND, "the upload was split into fragments");
      return result;
    } finally {
      await file.close();
    }
  }

  async function put(staged: StagedArtifact): Promise<PutResult> {
    try {
      const settings = uploadSettings();
      const result = await withRetries((attempt) => uploadOnce(staged.path, settings, attempt), policy);
      if (result.rootHash.toLowerCase() !== staged.root) {
        throw new BackendUnavailableError(BACKEND, `the network reported root ${result.rootHash} for bytes whose root is ${staged.root}`);
      }
      const sidecar: Sidecar = {
        contentType: staged.contentType,
        uploader: staged.uploader,
        uploadedAt: new Date().toISOString(),
        txHash: result.txHash || undefined,
      };
      await ensureDir(metaDir);
      // The first upload's sidecar stays: a concurrent or later upload of the same root keeps it.
      const created = await writeFileExclusive(sidecarPath(staged.root), `${JSON.stringify(sidecar, null, 2)}\n`, tmpDir);
      if (created) return { root: staged.root, size: staged.size, ...sidecar, created };
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

  async function stat(root: Root): Promise<ArtifactMeta | null> {
    const indexerRpc = requireSetting(zg.indexerRpc, "ZG_INDEXER_RPC");
    const { sdk } = await loadSdk();
    const indexer = new sdk.Indexer(indexerRpc);
    const lookup = async () => {
      const locations = await indexer.getFileLocations(root).catch((error: unknown) => {
        if (isUnknownRoot(error)) return null;
        throw error;
      });
      if (!locations) return null;
      for (const location of locations) {
        const info = await new sdk.StorageNode(location.url).getFileInfo(root, true);
        if (info?.finalized) return info;
      }
      return null;
    };
    const info = await withRetries(() => callSdk("lookup", () => withTimeout(lookup(), zg.timeoutMs, BACKEND, "lookup")), policy);
    if (!info) return null;
    const sidecar = await readSidecar(root);
    return {
      root,
      size: Number(info.tx.size),
      contentType: sidecar.contentType ?? DEFAULT_CONTENT_TYPE,
      uploader: sidecar.uploader ?? null,
      uploadedAt: sidecar.uploadedAt ?? null,
    };
  }

  /** Whether the network's answer means it knows no such root (not that it failed). */
  function isUnknownRoot(error: unknown): boolean {
    return error instanceof Error && /no locations found|file not found/i.test(error.message);
  }

  /** One verified download; null when the network knows no such root. */
  async function downloadOnce(root: Root, indexerRpc: string, attempt: number): Promise<Uint8Array<ArrayBuffer> | null> {
    const { sdk } = await loadSdk();
    const indexer = new sdk.Indexer(indexerRpc);
    const download = indexer.downloadToBlob(root, { proof: false });
    // The SDK returns some failures in its [result, error] pair and throws others (an unknown root's
    // "file not found" from the indexer): both are read the same way.
    const [blob, error] = await withTimeout(download, zg.timeoutMs, BACKEND, `download (attempt ${attempt + 1})`).catch((thrown: unknown) => {
      if (isUnknownRoot(thrown)) return [null, thrown as Error] as const;
      throw thrown;
    });
    if (error || !blob) {
      if (isUnknownRoot(error)) return null;
      throw new BackendUnavailableError(BACKEND, `download failed: ${describe(error)}`);
    }
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const actual = bytes.length === 0 ? "nothing" : await computeRootParallel(bytes);
    if (actual !== root) throw new ZgDownloadCorruptError(root, actual);
    return bytes;
  }

  async function open(root: Root): Promise<ArtifactReader | null> {
    const indexerRpc = requireSetting(zg.indexerRpc, "ZG_INDEXER_RPC");
    const bytes = await withRetries((attempt) => callSdk("download", () => downloadOnce(root, indexerRpc, attempt)), policy);
    if (!bytes) return null;
    const sidecar = await readSidecar(root);
    const meta: ArtifactMeta = {
      root,
      size: bytes.length,
      contentType: sidecar.contentType ?? DEFAULT_CONTENT_TYPE,
      uploader: sidecar.uploader ?? null,
      uploadedAt: sidecar.uploadedAt ?? null,
    };
    return { meta, body: new Blob([bytes]).stream() };
  }

  return { name: "0g", put, stat, open };
}
