/**
 * One upload to 0G, driven by the relay rather than by the SDK's `Indexer.upload` (whose loops
 * cannot be cancelled, never check the receipt, and send every segment at once). The SDK's
 * `MerkleTree` gives the segment proofs; the submission is built as `ZgFile.createSubmission` does.
 *
 * Order: check the SDK's root and the submission's (the flow contract's fold) and size against the
 * staged bytes → find an existing entry on the nodes (then nothing is paid) → pay once
 * (`zg-payment.ts`) → wait for the nodes to see the entry → send segments a few at a time, backing
 * off while a node answers "too many data writing" → wait for every node to finalize. Every wait
 * ends when `signal` aborts, so an abandoned upload stops for real.
 */
import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { keccak256, concat } from "viem";
import type { Hex } from "viem";
import { iteratorPaddedSize, MemData, MerkleTree, selectNodes, SegmentRange } from "@0gfoundation/0g-ts-sdk";
import { CHUNK_SIZE, createSegmentHasher, SEGMENT_MAX_CHUNKS, SEGMENT_SIZE, toHex } from "@orm/protocol/storage/root";
import type { Root } from "@orm/protocol/storage/root";
import type { ZgConfig } from "../config.ts";
import { BackendUnavailableError } from "@orm/protocol/storage/errors";
import { forgetPayment, payForLogEntry } from "./zg-payment.ts";
import type { Submission } from "./zg-payment.ts";
import type { Payer, StorageNetwork } from "./zg-network.ts";
import { createStorageNodeClient, rpcMessageOf } from "./zg-rpc.ts";
import type { FileInfo, ShardConfig, ShardedNode, StorageNodeClient } from "./zg-rpc.ts";
import { ZgFragmentedFileError, ZgRootDisagreementError } from "./zg-errors.ts";
import { backoffMs, pollUntil, sleep } from "./zg-wait.ts";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** The SDK splits a file above this size into fragments, each its own root (`defaultUploadOption.fragmentSize`). */
export const ZG_FRAGMENT_SIZE = 4 * 1024 ** 3;

export type UploadParameters = {
  path: string;
  root: Root;
  size: number;
  zg: ZgConfig;
  network: StorageNetwork;
  /** Resolved only when a payment is needed (its checks need ZG_EVM_RPC and ZG_PRIVATE_KEY). */
  getPayer: () => Promise<Payer>;
  metaDir: string;
  tmpDir: string;
  signal: AbortSignal;
};

export type UploadResult = { txHash: Hex | null; txSeq: number; paid: boolean };

type SelectedNode = { client: StorageNodeClient; config: ShardConfig };

/** The flow contract's root of a submission: node roots folded from the right, keccak(left ‖ right). */
export function submissionRootOf(submission: Submission): Hex {
  const nodes = submission.data.nodes;
  let root = nodes[nodes.length - 1].root as Hex;
  for (let i = nodes.length - 2; i >= 0; i--) root = keccak256(concat([nodes[i].root as Hex, root]));
  return root;
}

/**
 * The file's merkle tree (the leaves of `ZgFile.merkleTree()`: the roots of the flow-padded file's
 * segments) and its flow submission (`ZgFile.createSubmission()`: one node per `splitNodes()`
 * part), built with the SDK's `MerkleTree` and `segmentRoot` but with whole segments hashed by the
 * relay's keccak (`createSegmentHasher`): the SDK hashes each segment twice, in JavaScript, which
 * took 25 s of the event loop for 64 MiB here; this takes under a second.
 */
export async function buildTreeAndSubmission(path: string, size: number, submitter: string): Promise<{ tree: MerkleTree; submission: Submission }> {
  const hashWholeSegment = await createSegmentHasher();
  const paddedSize = iteratorPaddedSize(size, true);
  const handle = await open(path, "r");
  /** The flow-padded bytes [offset, offset + length): file bytes, then zeros. */
  const readPadded = async (offset: number, length: number) => {
    const buffer = new Uint8Array(length);
    const fromFile = Math.max(0, Math.min(length, size - offset));
    if (fromFile > 0) await handle.read({ buffer, offset: 0, length: fromFile, position: offset });
    return buffer;
  };
  const rootOf = (bytes: Uint8Array): string => (bytes.length === SEGMENT_SIZE ? toHex(hashWholeSegment(bytes)) : MemData.segmentRoot(bytes));
  try {
    const segmentRoots: string[] = [];
    for (let offset = 0; offset < paddedSize; offset += SEGMENT_SIZE) {
      segmentRoots.push(rootOf(await readPadded(offset, Math.min(SEGMENT_SIZE, paddedSize - offset))));
    }
    const tree = treeOf(segmentRoots);
    const nodes: Submission["data"]["nodes"] = [];
    let offset = 0;
    for (const chunks of new MemData(new Uint8Array(0), 0, size).splitNodes() as number[]) {
      const bytes = chunks * CHUNK_SIZE;
      // A part of whole segments is the tree of their roots; a smaller one is one segment's root.
      const root =
        chunks >= SEGMENT_MAX_CHUNKS
          ? treeOf(segmentRoots.slice(offset / SEGMENT_SIZE, (offset + bytes) / SEGMENT_SIZE)).rootHash()!
          : rootOf(await readPadded(offset, bytes));
      nodes.push({ root, height: Math.log2(chunks) });
      offset += bytes;
    }
    return { tree, submission: { data: { length: size, tags: "0x", nodes }, submitter } };
  } finally {
    await handle.close();
  }
}

function treeOf(leafHashes: string[]): MerkleTree {
  const tree = new MerkleTree();
  for (const hash of leafHashes) tree.addLeafByHash(hash);
  return tree.build() ?? tree;
}

/** Builds the tree and submission and checks them against the staged bytes' root and size before anything is paid. */
async function prepare(parameters: UploadParameters, submitter: string): Promise<{ tree: MerkleTree; submission: Submission }> {
  const { path, root, size } = parameters;
  const { tree, submission } = await buildTreeAndSubmission(path, size, submitter);
  const treeRoot = String(tree.rootHash()).toLowerCase();
  if (treeRoot !== root) throw new ZgRootDisagreementError("the root", treeRoot, root);
  if (submission.data.length !== size) throw new ZgRootDisagreementError("a submission length of", String(submission.data.length), root);
  const folded = submissionRootOf(submission).toLowerCase();
  if (folded !== root) throw new ZgRootDisagreementError("a submission whose root is", folded, root);
  return { tree, submission };
}

/** The trusted nodes that answer (a silent one is left out after one request's timeout). */
async function answeringNodes(parameters: UploadParameters): Promise<SelectedNode[]> {
  const { network, zg, signal } = parameters;
  const answers = await Promise.all(
    network.trusted.map(async (node): Promise<SelectedNode | null> => {
      const client = createStorageNodeClient(node.url, { timeoutMs: zg.nodeTimeoutMs, signal });
      const config = await client.getShardConfig().catch(() => null);
      return config && config.numShard > 0 ? { client, config } : null;
    }),
  );
  return answers.filter((node): node is SelectedNode => node !== null);
}

/** A smallest set of `nodes` covering every shard `replicas` times (the SDK's `selectNodes`), or null. */
function coverOf(nodes: SelectedNode[], replicas: number): SelectedNode[] | null {
  const [selected, ok] = selectNodes(
    nodes.map((node): ShardedNode => ({ url: node.client.url, config: node.config, latency: 0, since: 0 })),
    replicas,
    "min",
  );
  return ok ? selected.map((chosen) => nodes.find((node) => node.client.url === chosen.url)!) : null;
}

/** An entry for `root` any of `nodes` already knows (paid by anyone, finalized or not). */
async function findEntry(nodes: SelectedNode[], root: Root): Promise<FileInfo | null> {
  const infos = await Promise.all(nodes.map((node) => node.client.getFileInfo(root, false).catch(() => null)));
  return infos.find((info) => info?.finalized) ?? infos.find((info) => info !== null) ?? null;
}

function isBusy(message: string): boolean {
  return /too many data writing|returned null|timed? ?out|took too long|fetch failed|ECONNRE/i.test(message);
}

function isAlreadyStored(message: string): boolean {
  // The node's own words (0g-storage-node rpc): finalized, or this segment is already in (or on its way).
  return /already uploaded and finalized|already been uploaded or is being uploaded/i.test(message);
}

/** Segment `index` of the file as a node wants it: whole chunks, the last one zero-padded. */
async function readSegment(handle: FileHandle, index: number, size: number): Promise<Uint8Array> {
  const start = index * SEGMENT_SIZE;
  const length = Math.min(SEGMENT_SIZE, size - start);
  const buffer = new Uint8Array(Math.ceil(length / CHUNK_SIZE) * CHUNK_SIZE);
  await handle.read({ buffer, offset: 0, length, position: start });
  return buffer;
}

/** Sends every segment each node is responsible for, `zg.segmentConcurrency` at a time, backing off while a node is busy. */
async function uploadSegments(parameters: UploadParameters, nodes: SelectedNode[], tree: MerkleTree, info: FileInfo): Promise<void> {
  const { root, size, zg, signal } = parameters;
  const [startSegment, endSegment] = SegmentRange(info.tx.startEntryIndex, info.tx.size) as [number, number];
  const tasks: { node: SelectedNode; index: number }[] = [];
  const pending = await Promise.all(nodes.map((node) => node.client.getFileInfo(root, true).catch(() => null)));
  nodes.forEach((node, n) => {
    if (pending[n]?.finalized) return;
    for (let global = startSegment; global <= endSegment; global++) {
      if (global % node.config.numShard === node.config.shardId) tasks.push({ node, index: global - startSegment });
    }
  });
  const handle = await open(parameters.path, "r");
  try {
    let next = 0;
    const worker = async () => {
      while (next < tasks.length) {
        const { node, index } = tasks[next++];
        const data = await readSegment(handle, index, size);
        const segment = { root, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64"), index, proof: tree.proofAt(index), fileSize: size };
        for (let attempt = 0; ; attempt++) {
          signal.throwIfAborted();
          try {
            await node.client.uploadSegmentsByTxSeq([segment as never], info.tx.seq);
            break;
          } catch (error) {
            const message = rpcMessageOf(error);
            if (isAlreadyStored(message)) break;
            if (signal.aborted || !isBusy(message)) {
              throw new BackendUnavailableError("0G", `storage node ${node.client.url} refused segment ${index}: ${message.split("\n")[0].slice(0, 200)}`);
            }
            await sleep(backoffMs(attempt, 200, 10_000), signal);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(zg.segmentConcurrency, tasks.length) }, worker));
  } finally {
    await handle.close();
  }
}

/** Uploads the staged file at `path` (root and size already checked by the relay); pays only when no node knows the root. */
export async function uploadToZg(parameters: UploadParameters): Promise<UploadResult> {
  const { root, signal } = parameters;
  if (parameters.size > ZG_FRAGMENT_SIZE) throw new ZgFragmentedFileError(parameters.size, ZG_FRAGMENT_SIZE);
  const { zg } = parameters;
  const answering = await answeringNodes(parameters);
  let nodes = coverOf(answering, zg.expectedReplica);
  if (!nodes) {
    throw new BackendUnavailableError(
      "0G",
      `only ${answering.length} of the ${parameters.network.trusted.length} trusted storage nodes answered, too few to hold ${zg.expectedReplica} full ${zg.expectedReplica === 1 ? "copy" : "copies"}`,
    );
  }
  // Any answering node's word that the root is already paid for is enough not to pay again.
  const known = await findEntry(answering, root);
  if (known?.finalized) {
    await forgetPayment(parameters.metaDir, root);
    return { txHash: null, txSeq: known.tx.seq, paid: false };
  }
  let txHash: Hex | null = null;
  let tree: MerkleTree;
  let seq: number;
  if (known) {
    ({ tree } = await prepare(parameters, ZERO_ADDRESS));
    seq = known.tx.seq;
  } else {
    const payer = await parameters.getPayer();
    const prepared = await prepare(parameters, payer.account.address);
    tree = prepared.tree;
    const payment = await payForLogEntry({
      root,
      submission: prepared.submission,
      flowAddress: parameters.network.flowAddress,
      payer,
      metaDir: parameters.metaDir,
      tmpDir: parameters.tmpDir,
      signal,
      timeoutMs: zg.timeoutMs,
    });
    txHash = payment.txHash;
    seq = payment.txSeq;
  }
  // The nodes learn of the entry from the chain, some blocks later. A chosen node still behind
  // after one request's timeout is replaced by answering nodes that see it, if they cover the shards.
  const waitingSince = performance.now();
  const chosen = nodes;
  const ready = await pollUntil(async () => {
    const infos = await Promise.all(answering.map((node) => node.client.getFileInfoByTxSeq(seq).catch(() => null)));
    const seeing = answering.filter((_, index) => infos[index] !== null);
    const entry = infos.find((one) => one !== null);
    if (!entry) return null;
    if (chosen.every((node) => seeing.includes(node))) return { entry, nodes: chosen };
    const cover = performance.now() - waitingSince >= zg.nodeTimeoutMs ? coverOf(seeing, zg.expectedReplica) : null;
    return cover ? { entry, nodes: cover } : null;
  }, signal);
  nodes = ready.nodes;
  await uploadSegments(parameters, nodes, tree, ready.entry);
  const storing = nodes;
  await pollUntil(async () => {
    const infos = await Promise.all(storing.map((node) => node.client.getFileInfoByTxSeq(seq).catch(() => null)));
    return infos.every((one) => one?.finalized) ? true : null;
  }, signal);
  await forgetPayment(parameters.metaDir, root);
  return { txHash, txSeq: seq, paid: txHash !== null };
}
