/**
 * A local STAND-IN for the 0G network at its HTTP boundary (not the real network). One HTTP server
 * speaks the three JSON-RPC surfaces the relay talks to:
 *   /indexer   indexer_getShardedNodes, indexer_getFileLocations
 *   /node/<i>  zgs_getStatus, zgs_getShardConfig, zgs_getFileInfo(ByTxSeq),
 *              zgs_uploadSegmentsByTxSeq, zgs_downloadSegmentWithProof — one per storage node
 *   /evm       the eth_* calls that pay the Flow contract for a log entry and read its receipt.
 * It checks what the network checks: the submission's root (folded from its nodes) and fee, the
 * sender's nonce and balance, each segment's merkle proof against the root and that the node is
 * responsible for it (its shard), and a node finalizes a file once it holds all its segments.
 *
 * It also misbehaves as the network does, on demand: the indexer's "file not found" for a root it
 * never saw; nodes that lag (do not see new entries) or fall silent (never answer); nodes that
 * push back ("too many data writing") beyond a few writes in flight or a set number of times;
 * finality that comes late; transactions that are never mined until `mine()`; an empty account;
 * a chain id that differs between the storage network and the RPC; and `corrupt(root)`.
 */
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AbiCoder, Interface, Transaction, decodeBase64, encodeBase64, keccak256, concat } from "ethers";
import { FixedPriceFlow__factory, MemData, Proof } from "@0gfoundation/0g-ts-sdk";
import { createSegmentHasher, toHex } from "@orm/protocol/storage/root";

const CHUNK = 256;
const SEGMENT_CHUNKS = 1024;
const SEGMENT = CHUNK * SEGMENT_CHUNKS;
export const STAND_IN_CHAIN_ID = 16602;
const FLOW_ADDRESS = "0x0000000000000000000000000000000000f10a00";
const MARKET_ADDRESS = "0x0000000000000000000000000000000000a12e00";
const PRICE_PER_SECTOR = 1n;
const GAS_PRICE = 1_000_000_000n;
const GAS_LIMIT = 500_000n;
const DEFAULT_BALANCE = 10n ** 18n;
const ZERO_HASH = `0x${"0".repeat(64)}`;

type ShardConfig = { shardId: number; numShard: number };
type SegmentProof = { lemma: string[]; path: boolean[] };

/** A log entry the flow contract accepted (one per mined payment, even for a root paid before). */
type Entry = { seq: number; root: string; size: number; startEntryIndex: number; paddedChunks: number; txHash: string };

/** What one node holds of one entry: its shard's segments, as uploaded, with their proofs. */
type Holding = { segments: Map<number, { data: Uint8Array; proof: SegmentProof }>; completedAt: number | null };

export type StandInNode = {
  url: string;
  shard: ShardConfig;
  /** Behind the chain's log: knows no entry (getFileInfo answers null; uploads are refused). */
  lagging: boolean;
  /** Accepts connections and never answers. */
  silent: boolean;
  /** Answers the next `busy` segment uploads with "too many data writing". */
  busy: number;
  /** Segment uploads it accepts at once; beyond that, "too many data writing". */
  maxWritesInFlight: number;
  writesInFlight: number;
  /** Segment upload calls it received (accepted or not). */
  writeCalls: number;
  holdings: Map<number, Holding>;
};

type PendingTx = { hash: string; from: string; nonce: number; value: bigint; raw: string; size: number; root: string; nodes: { root: string; height: bigint }[] };

export type ZgStandInOptions = {
  /** One entry per storage node: its shard (default: the whole file). */
  nodes?: { shard?: ShardConfig }[];
  /** Segment uploads each node accepts at once (default 8). */
  maxWritesInFlight?: number;
};

export type ZgStandIn = {
  indexerUrl: string;
  evmUrl: string;
  nodes: StandInNode[];
  /** Every JSON-RPC method called, in order. */
  calls: string[];
  /** Hashes of every distinct transaction the RPC accepted (mined or not). */
  sentTransactions: string[];
  /** Mined payments (log entries), in order. */
  entries: Entry[];
  /** "never": accepted transactions wait for `mine()`. */
  mining: "instant" | "never";
  mine(): void;
  /** Drops a transaction not yet mined, as a node evicting it from its pool would. */
  forget(hash: string): void;
  /** How long after its last segment a node reports the file finalized. */
  finalityDelayMs: number;
  /** The nodes (by index) the indexer names for every root it knows; null: the nodes holding it, finalized. */
  locations: number[] | null;
  evmChainId: number;
  storageChainId: number;
  setBalance(address: string, wei: bigint): void;
  /** The file as the nodes hold it (segments merged), and whether every node finalized it. */
  stored(root: string): { data: Uint8Array; finalized: boolean } | null;
  /** Flips the first byte of segment `index` (default 0) wherever it is held. */
  corrupt(root: string, index?: number): void;
  close(): Promise<void>;
};

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

const hex = (n: number | bigint) => `0x${n.toString(16)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startZgStandIn(options: ZgStandInOptions = {}): Promise<ZgStandIn> {
  const flow = FixedPriceFlow__factory.createInterface() as unknown as Interface;
  const market = new Interface(["function pricePerSector() view returns (uint256)"]);
  const coder = AbiCoder.defaultAbiCoder();
  const calls: string[] = [];
  const entries: Entry[] = [];
  // Whole segments hashed with the protocol's keccak (the SDK's is ~15 MiB/s); the others with the SDK's segmentRoot.
  const hashWholeSegment = await createSegmentHasher();
  const balances = new Map<string, bigint>();
  const mined = new Map<string, number>();
  const pending: PendingTx[] = [];
  const transactions = new Map<string, PendingTx & { blockNumber?: number }>();
  const receipts = new Map<string, unknown>();
  const sentTransactions: string[] = [];
  let nextEntryIndex = 0;
  let blockNumber = 1;
  let baseUrl = "";

  const nodes: StandInNode[] = (options.nodes ?? [{}]).map((node) => ({
    url: "",
    shard: node.shard ?? { shardId: 0, numShard: 1 },
    lagging: false,
    silent: false,
    busy: 0,
    maxWritesInFlight: options.maxWritesInFlight ?? 8,
    writesInFlight: 0,
    writeCalls: 0,
    holdings: new Map(),
  }));

  const state = {
    mining: "instant" as "instant" | "never",
    finalityDelayMs: 0,
    locations: null as number[] | null,
    evmChainId: STAND_IN_CHAIN_ID,
    storageChainId: STAND_IN_CHAIN_ID,
  };

  const dataSegmentsOf = (entry: Entry) => Math.ceil(entry.size / SEGMENT);
  const startSegmentOf = (entry: Entry) => Math.floor(entry.startEntryIndex / SEGMENT_CHUNKS);
  const responsible = (node: StandInNode, entry: Entry, index: number) =>
    (startSegmentOf(entry) + index) % node.shard.numShard === node.shard.shardId;
  const expectedOn = (node: StandInNode, entry: Entry) =>
    Array.from({ length: dataSegmentsOf(entry) }, (_, index) => index).filter((index) => responsible(node, entry, index)).length;

  function isFinalizedOn(node: StandInNode, entry: Entry): boolean {
    const holding = node.holdings.get(entry.seq);
    return !!holding && holding.completedAt !== null && Date.now() - holding.completedAt >= state.finalityDelayMs;
  }

  function visible(node: StandInNode, entry: Entry | undefined): entry is Entry {
    return !!entry && !node.lagging;
  }

  function fileInfo(node: StandInNode, entry: Entry | undefined) {
    if (!visible(node, entry)) return null;
    return {
      tx: { streamIds: [], data: [], dataMerkleRoot: entry.root, merkleNodes: [], startEntryIndex: entry.startEntryIndex, size: entry.size, seq: entry.seq },
      finalized: isFinalizedOn(node, entry),
      isCached: false,
      uploadedSegNum: node.holdings.get(entry.seq)?.segments.size ?? 0,
    };
  }

  const entryByRoot = (root: unknown) => entries.find((entry) => entry.root === String(root).toLowerCase());

  function mine() {
    const batch = pending.splice(0);
    if (batch.length === 0) return;
    blockNumber++;
    const blockHash = keccak256(coder.encode(["uint256"], [blockNumber]));
    batch.forEach((tx, transactionIndex) => {
      balances.set(tx.from, (balances.get(tx.from) ?? DEFAULT_BALANCE) - tx.value - GAS_LIMIT * GAS_PRICE);
      mined.set(tx.from, tx.nonce + 1);
      const paddedChunks = paddedChunksOf(tx.size);
      const entry: Entry = { seq: entries.length, root: tx.root, size: tx.size, startEntryIndex: nextEntryIndex, paddedChunks, txHash: tx.hash };
      nextEntryIndex += Math.ceil(paddedChunks / SEGMENT_CHUNKS) * SEGMENT_CHUNKS;
      entries.push(entry);
      const event = flow.getEvent("Submit")!;
      const log = flow.encodeEventLog(event, [tx.from, tx.root, entry.seq, entry.startEntryIndex, tx.size, [tx.size, "0x", tx.nodes.map((node) => [node.root, node.height])]]);
      transactions.get(tx.hash)!.blockNumber = blockNumber;
      receipts.set(tx.hash, {
        transactionHash: tx.hash,
        transactionIndex: hex(transactionIndex),
        blockHash,
        blockNumber: hex(blockNumber),
        from: tx.from,
        to: FLOW_ADDRESS,
        cumulativeGasUsed: hex(GAS_LIMIT),
        gasUsed: hex(GAS_LIMIT),
        effectiveGasPrice: hex(GAS_PRICE),
        contractAddress: null,
        logsBloom: `0x${"0".repeat(512)}`,
        status: "0x1",
        type: "0x0",
        logs: [
          {
            address: FLOW_ADDRESS,
            topics: log.topics,
            data: log.data,
            blockHash,
            blockNumber: hex(blockNumber),
            transactionHash: tx.hash,
            transactionIndex: hex(transactionIndex),
            logIndex: hex(transactionIndex),
            removed: false,
          },
        ],
      });
    });
  }

  function sendRawTransaction(raw: string): string {
    const tx = Transaction.from(raw);
    const hash = tx.hash!;
    if (transactions.has(hash)) return hash; // the same signed bytes again: nothing new
    if (tx.to?.toLowerCase() !== FLOW_ADDRESS) throw new RpcError(-32000, "execution reverted: unknown contract");
    const from = tx.from!.toLowerCase();
    const expected = (mined.get(from) ?? 0) + pending.filter((one) => one.from === from).length;
    if (tx.nonce < expected) throw new RpcError(-32000, "nonce too low");
    if (tx.nonce > expected) throw new RpcError(-32000, "nonce too high");
    const balance = balances.get(from) ?? DEFAULT_BALANCE;
    if (balance < tx.value + tx.gasLimit * (tx.gasPrice ?? GAS_PRICE)) throw new RpcError(-32000, "insufficient funds for gas * price + value");
    const [submission] = flow.decodeFunctionData("submit", tx.data);
    // `data.length` would be the Result's field count: read the fields by position.
    const [length, , submittedNodes] = submission[0];
    const nodesOf = submittedNodes.map((node: { root: string; height: bigint }) => ({ root: node.root, height: node.height }));
    const sectors = nodesOf.reduce((sum: bigint, node: { height: bigint }) => sum + (1n << BigInt(node.height)), 0n);
    if (tx.value < sectors * PRICE_PER_SECTOR) throw new RpcError(-32000, "execution reverted: not enough fee");
    const record: PendingTx = { hash, from, nonce: tx.nonce, value: tx.value, raw, size: Number(length), root: submissionRoot(nodesOf), nodes: nodesOf };
    transactions.set(hash, record);
    sentTransactions.push(hash);
    pending.push(record);
    if (state.mining === "instant") mine();
    return hash;
  }

  function transactionObject(hash: string) {
    const tx = transactions.get(String(hash));
    if (!tx) return null;
    const parsed = Transaction.from(tx.raw);
    return {
      hash: tx.hash,
      nonce: hex(tx.nonce),
      blockHash: tx.blockNumber ? keccak256(coder.encode(["uint256"], [tx.blockNumber])) : null,
      blockNumber: tx.blockNumber ? hex(tx.blockNumber) : null,
      transactionIndex: tx.blockNumber ? "0x0" : null,
      from: tx.from,
      to: FLOW_ADDRESS,
      value: hex(tx.value),
      gas: hex(parsed.gasLimit),
      gasPrice: hex(parsed.gasPrice ?? GAS_PRICE),
      input: parsed.data,
      type: "0x0",
      chainId: hex(state.evmChainId),
      v: "0x1b",
      r: parsed.signature!.r,
      s: parsed.signature!.s,
    };
  }

  async function uploadSegments(node: StandInNode, segments: { root: string; data: string; index: number; proof: SegmentProof }[], seq: number) {
    node.writeCalls++;
    if (node.busy > 0) {
      node.busy--;
      throw new RpcError(-32000, "too many data writing");
    }
    if (node.writesInFlight >= node.maxWritesInFlight) throw new RpcError(-32000, "too many data writing");
    node.writesInFlight++;
    try {
      await sleep(2); // writes overlap, as on a real node
      const entry = entries[Number(seq)];
      if (!visible(node, entry)) throw new RpcError(-32602, "Invalid params: unknown tx seq");
      const holding = node.holdings.get(entry.seq) ?? { segments: new Map(), completedAt: null };
      node.holdings.set(entry.seq, holding);
      const paddedSegments = Math.ceil(entry.paddedChunks / SEGMENT_CHUNKS);
      for (const segment of segments) {
        if (segment.root.toLowerCase() !== entry.root) throw new RpcError(-32602, "Invalid params: root mismatch");
        if (segment.index < 0 || segment.index >= dataSegmentsOf(entry)) throw new RpcError(-32602, "Invalid params: segment index out of range");
        if (!responsible(node, entry, segment.index)) throw new RpcError(-32602, "Invalid params: segment not in this node's shard");
        const bytes = decodeBase64(segment.data);
        const segmentChunks = Math.min(SEGMENT_CHUNKS, entry.paddedChunks - segment.index * SEGMENT_CHUNKS);
        const padding = segmentChunks - bytes.length / CHUNK;
        const segmentRoot = bytes.length === SEGMENT ? toHex(hashWholeSegment(bytes)) : MemData.segmentRoot(bytes, padding);
        const problem = new Proof(segment.proof.lemma, segment.proof.path).validateHash(entry.root, segmentRoot, segment.index, paddedSegments);
        if (problem !== null) throw new RpcError(-32602, `Invalid params: ${problem}`);
        holding.segments.set(segment.index, { data: bytes, proof: segment.proof });
      }
      if (holding.completedAt === null && holding.segments.size === expectedOn(node, entry)) holding.completedAt = Date.now();
      return null;
    } finally {
      node.writesInFlight--;
    }
  }

  function downloadSegmentWithProof(node: StandInNode, root: string, index: number) {
    const entry = entryByRoot(root);
    if (!visible(node, entry) || !isFinalizedOn(node, entry)) return null;
    const segment = node.holdings.get(entry.seq)!.segments.get(Number(index));
    if (!segment) return null;
    return { root: entry.root, data: encodeBase64(segment.data), index: Number(index), proof: segment.proof, fileSize: entry.size };
  }

  const indexer: Record<string, (params: any[]) => unknown> = {
    indexer_getShardedNodes: () => ({ trusted: nodes.map((node) => ({ url: node.url, config: node.shard, latency: 1, since: 0 })), discovered: [] }),
    // The real indexer answers a root it has never seen with a JSON-RPC error, not an empty result
    // (0g-storage-client indexer/api.go: "file not found"); the SDK throws it.
    indexer_getFileLocations: ([root]) => {
      const entry = entryByRoot(root);
      if (!entry) throw new RpcError(-32000, "file not found");
      const named = state.locations ? state.locations.map((index) => nodes[index]) : nodes.filter((node) => isFinalizedOn(node, entry));
      return named.map((node) => ({ url: node.url, config: node.shard, latency: 1, since: 0 }));
    },
  };

  function storageNode(node: StandInNode): Record<string, (params: any[]) => unknown> {
    return {
      zgs_getStatus: () => ({
        connectedPeers: 1,
        logSyncHeight: blockNumber,
        logSyncBlock: ZERO_HASH,
        nextTxSeq: entries.length,
        networkIdentity: { chainId: state.storageChainId, flowAddress: FLOW_ADDRESS, p2pProtocolVersion: { major: 0, minor: 4, build: 0 } },
      }),
      zgs_getShardConfig: () => node.shard,
      zgs_getFileInfo: ([root]) => fileInfo(node, entryByRoot(root)),
      zgs_getFileInfoByTxSeq: ([seq]) => fileInfo(node, entries[Number(seq)]),
      zgs_uploadSegmentsByTxSeq: ([segments, seq]) => uploadSegments(node, segments, seq),
      zgs_downloadSegmentWithProof: ([root, index]) => downloadSegmentWithProof(node, root, index),
    };
  }

  function ethCall([call]: [{ to: string; data: string }]): string {
    const to = call.to.toLowerCase();
    const selector = call.data.slice(0, 10);
    if (to === FLOW_ADDRESS && selector === flow.getFunction("market")!.selector) return coder.encode(["address"], [MARKET_ADDRESS]);
    if (to === MARKET_ADDRESS && selector === market.getFunction("pricePerSector")!.selector) return coder.encode(["uint256"], [PRICE_PER_SECTOR]);
    throw new RpcError(-32000, "execution reverted");
  }

  /** A pre-London block: no base fee, so the relay prices its transaction with eth_gasPrice. */
  function block() {
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

  const evm: Record<string, (params: any[]) => unknown> = {
    eth_chainId: () => hex(state.evmChainId),
    net_version: () => String(state.evmChainId),
    eth_blockNumber: () => hex(blockNumber),
    eth_gasPrice: () => hex(GAS_PRICE),
    eth_getBlockByNumber: () => block(),
    eth_estimateGas: () => hex(GAS_LIMIT),
    eth_getTransactionCount: ([address, tag]) => {
      const from = String(address).toLowerCase();
      const count = (mined.get(from) ?? 0) + (tag === "pending" ? pending.filter((one) => one.from === from).length : 0);
      return hex(count);
    },
    eth_getBalance: ([address]) => hex(balances.get(String(address).toLowerCase()) ?? DEFAULT_BALANCE),
    eth_call: (params) => ethCall(params as [{ to: string; data: string }]),
    eth_sendRawTransaction: ([raw]) => sendRawTransaction(raw),
    eth_getTransactionByHash: ([hash]) => transactionObject(hash),
    eth_getTransactionReceipt: ([hash]) => receipts.get(String(hash)) ?? null,
  };

  async function answer(methods: Record<string, (params: any[]) => unknown>, request: { id: unknown; method: string; params?: unknown[] }) {
    calls.push(request.method);
    const method = methods[request.method];
    try {
      if (!method) throw new RpcError(-32601, `Method not found: ${request.method}`);
      return { jsonrpc: "2.0", id: request.id, result: await method(request.params ?? []) };
    } catch (error) {
      const rpc = error instanceof RpcError ? error : new RpcError(-32603, String(error));
      return { jsonrpc: "2.0", id: request.id, error: { code: rpc.code, message: rpc.message, data: rpc.data } };
    }
  }

  function surfaceOf(url: string): Record<string, (params: any[]) => unknown> | StandInNode | null {
    if (url === "/indexer") return indexer;
    if (url === "/evm") return evm;
    const match = /^\/node\/(\d+)$/.exec(url);
    return match ? (nodes[Number(match[1])] ?? null) : null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const pieces: Buffer[] = [];
    for await (const piece of req) pieces.push(piece as Buffer);
    const surface = surfaceOf(req.url ?? "");
    if (!surface) {
      res.writeHead(404).end();
      return;
    }
    const node = nodes.find((one) => one === surface);
    if (node?.silent) return; // never answers; the connection stays open
    const methods = node ? storageNode(node) : (surface as Record<string, (params: any[]) => unknown>);
    const body = JSON.parse(Buffer.concat(pieces).toString("utf8"));
    const reply = Array.isArray(body) ? await Promise.all(body.map((one) => answer(methods, one))) : await answer(methods, body);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  nodes.forEach((node, index) => (node.url = `${baseUrl}/node/${index}`));

  return {
    indexerUrl: `${baseUrl}/indexer`,
    evmUrl: `${baseUrl}/evm`,
    nodes,
    calls,
    sentTransactions,
    entries,
    get mining() {
      return state.mining;
    },
    set mining(value) {
      state.mining = value;
    },
    mine,
    forget(hash) {
      const index = pending.findIndex((tx) => tx.hash === hash);
      if (index < 0) throw new Error(`no pending transaction ${hash}`);
      pending.splice(index, 1);
      transactions.delete(hash);
    },
    get finalityDelayMs() {
      return state.finalityDelayMs;
    },
    set finalityDelayMs(value) {
      state.finalityDelayMs = value;
    },
    get locations() {
      return state.locations;
    },
    set locations(value) {
      state.locations = value;
    },
    get evmChainId() {
      return state.evmChainId;
    },
    set evmChainId(value) {
      state.evmChainId = value;
    },
    get storageChainId() {
      return state.storageChainId;
    },
    set storageChainId(value) {
      state.storageChainId = value;
    },
    setBalance(address, wei) {
      balances.set(address.toLowerCase(), wei);
    },
    stored(root) {
      const entry = entryByRoot(root);
      if (!entry) return null;
      const data = new Uint8Array(dataSegmentsOf(entry) * SEGMENT);
      let finalized = true;
      for (const node of nodes) {
        const holding = node.holdings.get(entry.seq);
        if (!isFinalizedOn(node, entry)) finalized = false;
        for (const [index, segment] of holding?.segments ?? []) data.set(segment.data, index * SEGMENT);
      }
      return { data: data.subarray(0, entry.size), finalized };
    },
    corrupt(root, index = 0) {
      const entry = entryByRoot(root);
      if (!entry) throw new Error(`the stand-in holds no file with root ${root}`);
      for (const node of nodes) {
        const segment = node.holdings.get(entry.seq)?.segments.get(index);
        if (segment) segment.data[0] ^= 0xff;
      }
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

