/**
 * The 0G indexer's and storage nodes' JSON-RPC methods, as the relay calls them. The SDK's own
 * clients (`Indexer`, `StorageNode`, over open-jsonrpc-provider) have neither a timeout nor a way to
 * cancel, so a silent node holds a request for minutes and a timed-out upload keeps polling; the
 * same methods go here through viem's HTTP transport, which has both. Method names, parameters and
 * result shapes are the SDK's (`lib.esm/node/StorageNode.js`, `lib.esm/indexer/Indexer.js`).
 */
import { http } from "viem";
import type { Address, Hex } from "viem";

export type ShardConfig = { shardId: number; numShard: number };
export type ShardedNode = { url: string; config: ShardConfig; latency: number; since: number };
export type FileInfo = {
  tx: { dataMerkleRoot: Hex; size: number; seq: number; startEntryIndex: number };
  finalized: boolean;
  uploadedSegNum: number;
};
export type NodeStatus = { logSyncHeight: number; networkIdentity: { chainId: number; flowAddress: Address } };
export type SegmentProof = { lemma: Hex[]; path: boolean[] };
export type SegmentWithProof = { root: Hex; data: string; index: number; proof: SegmentProof; fileSize: number };

export type RpcOptions = {
  /** Each request's own limit: a silent server costs this much, not the whole operation's time. */
  timeoutMs: number;
  /** Cancels every request in flight and refuses new ones (the operation was abandoned). */
  signal?: AbortSignal;
};

type Call = <T>(method: string, params?: unknown[]) => Promise<T>;

function createCall(url: string, options: RpcOptions): Call {
  const transport = http(url, {
    timeout: options.timeoutMs,
    retryCount: 0,
    fetchOptions: options.signal ? { signal: options.signal } : undefined,
  })({});
  return <T>(method: string, params: unknown[] = []) => {
    options.signal?.throwIfAborted();
    return transport.request({ method, params } as never) as Promise<T>;
  };
}

/** The message a JSON-RPC server sent, under whatever viem wrapped it in. */
export function rpcMessageOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    const { details, shortMessage } = current as { details?: string; shortMessage?: string };
    parts.push(details ?? "", shortMessage ?? current.message);
    current = current.cause;
  }
  return [...new Set(parts.filter(Boolean))].join(": ") || String(error);
}

export type IndexerClient = ReturnType<typeof createIndexerClient>;

export function createIndexerClient(url: string, options: RpcOptions) {
  const call = createCall(url, options);
  return {
    url,
    getShardedNodes: () => call<{ trusted: ShardedNode[] | null; discovered: ShardedNode[] | null }>("indexer_getShardedNodes"),
    /** Nodes the indexer believes hold `root`; throws "file not found" for a root it never saw. */
    getFileLocations: async (root: Hex) => (await call<ShardedNode[] | null>("indexer_getFileLocations", [root])) ?? [],
  };
}

export type StorageNodeClient = ReturnType<typeof createStorageNodeClient>;

export function createStorageNodeClient(url: string, options: RpcOptions) {
  const call = createCall(url, options);
  return {
    url,
    getStatus: () => call<NodeStatus | null>("zgs_getStatus"),
    getShardConfig: () => call<ShardConfig | null>("zgs_getShardConfig"),
    /** `needAvailable`: only a file whose data the node holds (false also finds a paid entry still waiting for its data). */
    getFileInfo: (root: Hex, needAvailable: boolean) => call<FileInfo | null>("zgs_getFileInfo", [root, needAvailable]),
    getFileInfoByTxSeq: (txSeq: number) => call<FileInfo | null>("zgs_getFileInfoByTxSeq", [txSeq]),
    uploadSegmentsByTxSeq: (segments: SegmentWithProof[], txSeq: number) => call<unknown>("zgs_uploadSegmentsByTxSeq", [segments, txSeq]),
    downloadSegmentWithProof: (root: Hex, index: number) => call<SegmentWithProof | null>("zgs_downloadSegmentWithProof", [root, index]),
  };
}
