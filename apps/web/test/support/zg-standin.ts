/**
 * A local STAND-IN for the 0G network at the SDK's HTTP boundary (not the real network).
 * One HTTP server speaks the three JSON-RPC surfaces `@0gfoundation/0g-ts-sdk` talks to:
 *   /indexer  indexer_getShardedNodes, indexer_getFileLocations, indexer_getNodeLocations
 *   /node     zgs_getStatus, zgs_getShardConfig, zgs_getFileInfo(ByTxSeq),
 *             zgs_uploadSegmentsByTxSeq, zgs_downloadSegment(ByTxSeq)
 *   /evm      the handful of eth_* calls the SDK's Uploader makes to submit a log entry
 *             to the Flow contract (market, pricePerSector, fee data, nonce, raw tx).
 * It checks what a storage node checks: the submission's root (folded from its nodes), each
 * segment's merkle proof against that root (using @0glabs/0g-ts-sdk's own Proof), and it
 * finalizes a file only once every segment arrived. `corrupt(root)` flips a stored byte so
 * tests can prove the relay refuses bytes that do not hash to their root.
 */
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AbiCoder, Interface, Transaction, decodeBase64, encodeBase64, keccak256, concat } from "ethers";
import { FixedPriceFlow__factory } from "@0gfoundation/0g-ts-sdk";
import { MemData, Proof } from "@0glabs/0g-ts-sdk";

const CHUNK = 256;
const SEGMENT_CHUNKS = 1024;
const SEGMENT = CHUNK * SEGMENT_CHUNKS;
const CHAIN_ID = 16602;
const FLOW_ADDRESS = "0x0000000000000000000000000000000000f10a00";
const MARKET_ADDRESS = "0x0000000000000000000000000000000000a12e00";
const PRICE_PER_SECTOR = 1n;
const ZERO_HASH = `0x${"0".repeat(64)}`;

type Entry = {
  seq: number;
  root: string;
  size: number;
  startEntryIndex: number;
  paddedChunks: number;
  data: Uint8Array;
  received: Set<number>;
  finalized: boolean;
};

type RpcRequest = { jsonrpc: "2.0"; id: unknown; method: string; params?: unknown[] };

class RpcError extends Error {
  code: number;
  data: unknown;
  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

function paddedChunksOf(size: number): number {
  const chunks = Math.ceil(size / CHUNK);
  const next = 2 ** Math.ceil(Math.log2(Math.max(chunks, 1)));
  if (next === chunks) return chunks;
  const min = next >= 16 ? next / 16 : 1;
  return Math.ceil(chunks / min) * min;
}

/** The Flow contract's submission root: nodes folded from the right, keccak(left ‖ right). */
function submissionRoot(nodes: { root: string }[]): string {
  let root = nodes[nodes.length - 1].root;
  for (let i = nodes.length - 2; i >= 0; i--) root = keccak256(concat([nodes[i].root, root]));
  return root.toLowerCase();
}

export type ZgStandIn = {
  indexerUrl: string;
  nodeUrl: string;
  evmUrl: string;
  /** Stored files by root (lower-case). */
  files: Map<string, Entry>;
  /** Every JSON-RPC method called, in order. */
  calls: string[];
  corrupt(root: string): void;
  close(): Promise<void>;
};

export async function startZgStandIn(): Promise<ZgStandIn> {
  const flow = FixedPriceFlow__factory.createInterface() as unknown as Interface;
  const market = new Interface(["function pricePerSector() view returns (uint256)"]);
  const coder = AbiCoder.defaultAbiCoder();
  const files = new Map<string, Entry>();
  const bySeq = new Map<number, Entry>();
  const nonces = new Map<string, number>();
  const calls: string[] = [];
  let nextEntryIndex = 0;
  let blockNumber = 1;
  let baseUrl = "";

  function fileInfo(entry: Entry | undefined) {
    if (!entry) return null;
    return {
      tx: {
        streamIds: [],
        data: [],
        dataMerkleRoot: entry.root,
        merkleNodes: [],
        startEntryIndex: entry.startEntryIndex,
        size: entry.size,
        seq: entry.seq,
      },
      finalized: entry.finalized,
      isCached: false,
      uploadedSegNum: entry.received.size,
    };
  }

  function registerSubmission(raw: string): string {
    const tx = Transaction.from(raw);
    if (tx.to?.toLowerCase() !== FLOW_ADDRESS) throw new RpcError(-32000, "execution reverted: unknown contract");
    const [submission] = flow.decodeFunctionData("submit", tx.data);
    // `data.length` would be the Result's field count: read the fields by position.
    const [length, , submittedNodes] = submission[0];
    const size = Number(length);
    const nodes = submittedNodes.map((node: { root: string }) => ({ root: node.root }));
    const root = submissionRoot(nodes);
    const sectors = submittedNodes.reduce((sum: bigint, node: { height: bigint }) => sum + (1n << BigInt(node.height)), 0n);
    if (tx.value < sectors * PRICE_PER_SECTOR) throw new RpcError(-32000, "execution reverted: not enough fee");
    const from = tx.from!.toLowerCase();
    nonces.set(from, (nonces.get(from) ?? 0) + 1);
    blockNumber++;
    if (!files.has(root)) {
      const paddedChunks = paddedChunksOf(size);
      const entry: Entry = {
        seq: bySeq.size,
        root,
        size,
        startEntryIndex: nextEntryIndex,
        paddedChunks,
        data: new Uint8Array(Math.ceil(size / CHUNK) * CHUNK),
        received: new Set(),
        finalized: false,
      };
      nextEntryIndex += Math.ceil(paddedChunks / SEGMENT_CHUNKS) * SEGMENT_CHUNKS;
      files.set(root, entry);
      bySeq.set(entry.seq, entry);
    }
    return tx.hash!;
  }

  function uploadSegments(segments: { root: string; data: string; index: number; proof: { lemma: string[]; path: boolean[] } }[], seq: number) {
    const entry = bySeq.get(Number(seq));
    if (!entry) throw new RpcError(-32602, "Invalid params: unknown tx seq");
    const dataSegments = Math.ceil(entry.data.length / SEGMENT);
    const paddedSegments = Math.ceil(entry.paddedChunks / SEGMENT_CHUNKS);
    for (const segment of segments) {
      if (segment.root.toLowerCase() !== entry.root) throw new RpcError(-32602, "Invalid params: root mismatch");
      if (segment.index < 0 || segment.index >= dataSegments) throw new RpcError(-32602, "Invalid params: segment index out of range");
      const bytes = decodeBase64(segment.data);
      const dataChunks = bytes.length / CHUNK;
      const segmentChunks = Math.min(SEGMENT_CHUNKS, entry.paddedChunks - segment.index * SEGMENT_CHUNKS);
      const segmentRoot = MemData.segmentRoot(bytes, segmentChunks - dataChunks);
      const problem = new Proof(segment.proof.lemma, segment.proof.path).validateHash(entry.root, segmentRoot, segment.index, paddedSegments);
      if (problem !== null) throw new RpcError(-32602, `Invalid params: ${problem}`);
      entry.data.set(bytes, segment.index * SEGMENT);
      entry.received.add(segment.index);
    }
    entry.finalized = entry.received.size === dataSegments;
    return null;
  }

  function downloadChunks(entry: Entry | undefined, start: number, end: number): string | null {
    if (!entry || !entry.finalized) return null;
    return encodeBase64(entry.data.subarray(start * CHUNK, end * CHUNK));
  }

  function node() {
    return [{ url: `${baseUrl}/node`, config: { shardId: 0, numShard: 1 }, latency: 1, since: 0 }];
  }

  const indexer: Record<string, (params: any[]) => unknown> = {
    indexer_getShardedNodes: () => ({ trusted: node(), discovered: [] }),
    indexer_getNodeLocations: () => ({}),
    // The real indexer answers a root it has never seen with a JSON-RPC error, not an empty result
    // (0g-storage-client indexer/api.go: "file not found"); the SDK throws it.
    indexer_getFileLocations: ([root]) => {
      const entry = files.get(String(root).toLowerCase());
      if (!entry) throw new RpcError(-32000, "file not found");
      return entry.finalized ? node() : null;
    },
  };

  const storageNode: Record<string, (params: any[]) => unknown> = {
    zgs_getStatus: () => ({
      connectedPeers: 1,
      logSyncHeight: blockNumber,
      logSyncBlock: ZERO_HASH,
      nextTxSeq: bySeq.size,
      networkIdentity: { chainId: CHAIN_ID, flowAddress: FLOW_ADDRESS, p2pProtocolVersion: { major: 0, minor: 4, build: 0 } },
    }),
    zgs_getShardConfig: () => ({ shardId: 0, numShard: 1 }),
    zgs_getFileInfo: ([root]) => fileInfo(files.get(String(root).toLowerCase())),
    zgs_getFileInfoByTxSeq: ([seq]) => fileInfo(bySeq.get(Number(seq))),
    zgs_uploadSegmentsByTxSeq: ([segments, seq]) => uploadSegments(segments, seq),
    zgs_downloadSegmentByTxSeq: ([seq, start, end]) => downloadChunks(bySeq.get(Number(seq)), start, end),
    zgs_downloadSegment: ([root, start, end]) => downloadChunks(files.get(String(root).toLowerCase()), start, end),
  };

  /** A pre-London block: no base fee, so the SDK prices its transaction with eth_gasPrice. */
  function block() {
    const hex = (n: number) => `0x${n.toString(16)}`;
    return {
      hash: keccak256(coder.encode(["uint256"], [blockNumber])),
      parentHash: ZERO_HASH,
      number: hex(blockNumber),
      timestamp: hex(Math.floor(Date.now() / 1000)),
      nonce: "0x0000000000000000",
      difficulty: "0x0",
      gasLimit: hex(30_000_000),
      gasUsed: "0x0",
      miner: `0x${"0".repeat(40)}`,
      extraData: "0x",
      transactions: [],
    };
  }

  function ethCall([call]: [{ to: string; data: string }]): string {
    const to = call.to.toLowerCase();
    const selector = call.data.slice(0, 10);
    if (to === FLOW_ADDRESS && selector === flow.getFunction("market")!.selector) return coder.encode(["address"], [MARKET_ADDRESS]);
    if (to === MARKET_ADDRESS && selector === market.getFunction("pricePerSector")!.selector) return coder.encode(["uint256"], [PRICE_PER_SECTOR]);
    throw new RpcError(-32000, "execution reverted");
  }

  const evm: Record<string, (params: any[]) => unknown> = {
    eth_chainId: () => `0x${CHAIN_ID.toString(16)}`,
    net_version: () => String(CHAIN_ID),
    eth_blockNumber: () => `0x${blockNumber.toString(16)}`,
    eth_gasPrice: () => "0x3b9aca00",
    eth_getBlockByNumber: () => block(),
    eth_estimateGas: () => "0x7a120",
    eth_getTransactionCount: ([address]) => `0x${(nonces.get(String(address).toLowerCase()) ?? 0).toString(16)}`,
    eth_getBalance: () => "0xde0b6b3a7640000",
    eth_call: (params) => ethCall(params as [{ to: string; data: string }]),
    eth_sendRawTransaction: ([raw]) => registerSubmission(raw),
    eth_getTransactionByHash: () => null,
    eth_getTransactionReceipt: () => null,
  };

  const surfaces: Record<string, Record<string, (params: any[]) => unknown>> = {
    "/indexer": indexer,
    "/node": storageNode,
    "/evm": evm,
  };

  function answer(methods: Record<string, (params: any[]) => unknown>, request: RpcRequest) {
    calls.push(request.method);
    const method = methods[request.method];
    try {
      if (!method) throw new RpcError(-32601, `Method not found: ${request.method}`);
      return { jsonrpc: "2.0", id: request.id, result: method(request.params ?? []) };
    } catch (error) {
      const rpc = error instanceof RpcError ? error : new RpcError(-32603, String(error));
      return { jsonrpc: "2.0", id: request.id, error: { code: rpc.code, message: rpc.message, data: rpc.data } };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const pieces: Buffer[] = [];
    for await (const piece of req) pieces.push(piece as Buffer);
    const methods = surfaces[req.url ?? ""];
    if (!methods) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(pieces).toString("utf8")) as RpcRequest | RpcRequest[];
    const reply = Array.isArray(body) ? body.map((one) => answer(methods, one)) : answer(methods, body);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    indexerUrl: `${baseUrl}/indexer`,
    nodeUrl: `${baseUrl}/node`,
    evmUrl: `${baseUrl}/evm`,
    files,
    calls,
    corrupt(root) {
      const entry = files.get(root.toLowerCase());
      if (!entry) throw new Error(`the stand-in holds no file with root ${root}`);
      entry.data[0] ^= 0xff;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
