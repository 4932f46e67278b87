/**
 * Storage relay configuration, read from the environment on every request (so a change of
 * env in tests or a restart takes effect without code). Every variable has a default; see
 * apps/web/README.md ("Storage relay") for the table.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { StorageError } from "@orm/protocol/storage/errors";
import { DEFAULT_CHUNK_BYTES, DEFAULT_MAX_BYTES } from "@orm/protocol/storage/limits";
import { GALILEO_CHAIN_ID, LOCAL_CHAIN_ID } from "@orm/protocol/chains";

export type BackendName = "local" | "0g";

export type ZgConfig = {
  indexerRpc: string | undefined;
  evmRpc: string | undefined;
  privateKey: string | undefined;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  expectedReplica: number;
  /** The chain the storage network and ZG_EVM_RPC must both be on (0G Galileo: 16602). */
  chainId: number;
  /** One request to the indexer, a storage node or the chain RPC: a silent server costs this much. */
  nodeTimeoutMs: number;
  /** Segment uploads in flight at once, across all nodes (real nodes answer "too many data writing" beyond a few). */
  segmentConcurrency: number;
};

export type StorageConfig = {
  backend: BackendName;
  dir: string;
  maxBytes: number;
  /** The chain upload intents must be signed for (their EIP-712 domain's `chainId`). */
  chainId: number;
  intentWindowSeconds: number;
  rateLimitUploads: number;
  rateLimitWindowSeconds: number;
  dailyQuotaBytes: number;
  /** Bytes per request of a chunked upload (the last chunk may be shorter). */
  chunkBytes: number;
  /** A chunked upload that receives nothing for this long is abandoned: discarded, its quota given back. */
  uploadIdleSeconds: number;
  zg: ZgConfig;
};

export { DEFAULT_MAX_BYTES };

export class StorageConfigError extends StorageError {
  override name = "StorageConfigError";
  constructor(variable: string, problem: string) {
    super(`The relay is misconfigured: ${variable} ${problem}.`, 500);
  }
}

type Env = Record<string, string | undefined>;

function readInteger(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new StorageConfigError(name, `must be an integer of at least ${min}, not "${raw}"`);
  }
  return value;
}

function readBackend(env: Env): BackendName {
  const raw = (env.STORAGE_BACKEND ?? "local").trim().toLowerCase() || "local";
  if (raw === "local" || raw === "0g") return raw;
  throw new StorageConfigError("STORAGE_BACKEND", `must be "local" or "0g", not "${raw}"`);
}

let cachedRepoRoot: string | undefined;

/** The monorepo root: the nearest ancestor of the working directory whose package.json declares workspaces. */
export function findRepoRoot(start = process.cwd()): string {
  if (cachedRepoRoot !== undefined && start === process.cwd()) return cachedRepoRoot;
  let dir = resolve(/*turbopackIgnore: true*/ start);
  let found = dir;
  while (true) {
    const manifest = join(/*turbopackIgnore: true*/ dir, "package.json");
    if (existsSync(manifest) && "workspaces" in JSON.parse(readFileSync(manifest, "utf8"))) {
      found = dir;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (start === process.cwd()) cachedRepoRoot = found;
  return found;
}

function readDir(env: Env): string {
  const raw = env.STORAGE_DIR?.trim();
  const repoRoot = findRepoRoot();
  if (!raw) return join(/*turbopackIgnore: true*/ repoRoot, ".data", "storage");
  return isAbsolute(raw) ? raw : resolve(/*turbopackIgnore: true*/ repoRoot, raw);
}

function readOptional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function readStorageConfig(env: Env = process.env): StorageConfig {
  return {
    backend: readBackend(env),
    dir: readDir(env),
    maxBytes: readInteger(env, "STORAGE_MAX_BYTES", DEFAULT_MAX_BYTES, 1),
    // the app's network (`npm start -- --network galileo` sets it) unless the relay is told otherwise
    chainId: readInteger(env, "STORAGE_CHAIN_ID", env.NEXT_PUBLIC_TARGET_NETWORK === "galileo" ? GALILEO_CHAIN_ID : LOCAL_CHAIN_ID, 1),
    intentWindowSeconds: readInteger(env, "STORAGE_INTENT_WINDOW_SECONDS", 300, 1),
    rateLimitUploads: readInteger(env, "STORAGE_RATE_LIMIT", 30, 1),
    rateLimitWindowSeconds: readInteger(env, "STORAGE_RATE_WINDOW_SECONDS", 60, 1),
    dailyQuotaBytes: readInteger(env, "STORAGE_DAILY_QUOTA_BYTES", 1024 * 1024 * 1024, 1),
    chunkBytes: readInteger(env, "STORAGE_CHUNK_BYTES", DEFAULT_CHUNK_BYTES, 1024),
    uploadIdleSeconds: readInteger(env, "STORAGE_UPLOAD_IDLE_SECONDS", 1800, 1),
    zg: {
      indexerRpc: readOptional(env, "ZG_INDEXER_RPC"),
      evmRpc: readOptional(env, "ZG_EVM_RPC"),
      privateKey: readOptional(env, "ZG_PRIVATE_KEY"),
      timeoutMs: readInteger(env, "ZG_TIMEOUT_MS", 300_000, 1),
      retries: readInteger(env, "ZG_RETRIES", 2, 0),
      retryDelayMs: readInteger(env, "ZG_RETRY_DELAY_MS", 2_000, 0),
      expectedReplica: readInteger(env, "ZG_EXPECTED_REPLICA", 1, 1),
      chainId: readInteger(env, "ZG_CHAIN_ID", GALILEO_CHAIN_ID, 1),
      nodeTimeoutMs: readInteger(env, "ZG_NODE_TIMEOUT_MS", 15_000, 1),
      segmentConcurrency: readInteger(env, "ZG_SEGMENT_CONCURRENCY", 4, 1),
    },
  };
}
