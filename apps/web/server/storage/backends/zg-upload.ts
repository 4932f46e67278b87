/**
 * One upload to 0G, driven by the relay rather than by the SDK's `Indexer.upload` (whose loops
 * cannot be cancelled, never check the receipt, and send every segment at once). The SDK still
 * builds what the network checks: the merkle tree and its segment proofs, and the flow submission.
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
import { encodeBase64 } from "ethers";
import { selectNodes, SegmentRange, ZgFile } from "@0gfoundation/0g-ts-sdk";
import type { MerkleTree } from "@0gfoundation/0g-ts-sdk";
import { CHUNK_SIZE, SEGMENT_SIZE } from "@orm/protocol/storage/root";
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

/** Reads and checks the SDK's tree and submission before anything is paid. */
async function prepare(parameters: UploadParameters, submitter: string): Promise<{ tree: MerkleTree; submission: Submission }> {
  const { path, root, size } = parameters;
  const file = await ZgFile.fromFilePath(path);
  try {
    const [tree, treeError] = await file.merkleTree();
    if (treeError || !tree) throw new BackendUnavailableError("0G", `the SDK could not build the merkle tree: ${String(treeError)}`);
    const treeRoot = String(tree.rootHash()).toLowerCase();
    if (treeRoot !== root) throw new ZgRootDisagreementError("the root", treeRoot, root);
    const [submission, submissionError] = await file.createSubmission("0x", submitter);
    if (submissionError || !submission) throw new BackendUnavailableError("0G", `the SDK could not build the submission: ${String(submissionError)}`);
    const typed = submission as unknown as Submission;
    if (Number(typed.data.length) !== size) throw new ZgRootDisagreementError("a submission length of", String(typed.data.length), root);
    const folded = submissionRootOf(typed).toLowerCase();
    if (folded !== root) throw new ZgRootDisagreementError("a submission whose root is", folded, root);
    return { tree, submission: typed };
  } finally {
    await file.close();
  }
}

/** The trusted nodes that answer, narrowed to a set covering every shard `expectedReplica` times. */
async function selectUploadNodes(parameters: UploadParameters): Promise<SelectedNode[]> {
  const { network, zg, signal } = parameters;
  const answering = (
    await Promise.all(
      network.trusted.map(async (node): Promise<ShardedNode | null> => {
        const client = createStorageNodeClient(node.url, { timeoutMs: zg.nodeTimeoutMs, signal });
        const config = await client.getShardConfig().catch(() => null);
        return config && config.numShard > 0 ? { ...node, config } : null;
      }),
    )
  ).filter((node): node is ShardedNode => node !== null);
  const [selected, ok] = selectNodes(answering, zg.expectedReplica, "min");
  if (!ok) {
    throw new BackendUnavailableError(
      "0G",
      `only ${answering.length} of the ${network.trusted.length} trusted storage nodes answered, too few to hold ${zg.expectedReplica} full ${zg.expectedReplica === 1 ? "copy" : "copies"}`,
    );
  }
  return selected.map((node) => ({ client: createStorageNodeClient(node.url, { timeoutMs: zg.nodeTimeoutMs, signal }), config: node.config }));
}

/** An entry for `root` any selected node already knows (paid by anyone, finalized or not). */
async function findEntry(nodes: SelectedNode[], root: Root): Promise<FileInfo | null> {
  const infos = await Promise.all(nodes.map((node) => node.client.getFileInfo(root, false).catch(() => null)));
  return infos.find((info) => info?.finalized) ?? infos.find((info) => info !== null) ?? null;
}

function isBusy(message: string): boolean {
  return /too many data writing|returned null|timed? ?out|took too long|fetch failed|ECONNRE/i.test(message);
}

function isAlreadyStored(message: string): boolean {
  return /already uploaded and finalized/i.test(message);
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
        const segment = { root, data: encodeBase64(data), index, proof: tree.proofAt(index), fileSize: size };
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
  const nodes = await selectUploadNodes(parameters);
  let info = await findEntry(nodes, root);
  if (info?.finalized) {
    await forgetPayment(parameters.metaDir, root);
    return { txHash: null, txSeq: info.tx.seq, paid: false };
  }
  let txHash: Hex | null = null;
  if (!info) {
    const payer = await parameters.getPayer();
    const { tree, submission } = await prepare(parameters, payer.account.address);
    const payment = await payForLogEntry({
      root,
      submission,
      flowAddress: parameters.network.flowAddress,
      payer,
      metaDir: parameters.metaDir,
      tmpDir: parameters.tmpDir,
      signal,
      timeoutMs: parameters.zg.timeoutMs,
    });
    txHash = payment.txHash;
    // The nodes learn of the entry from the chain, some blocks later.
    const seen = await pollUntil(async () => {
      const infos = await Promise.all(nodes.map((node) => node.client.getFileInfoByTxSeq(payment.txSeq).catch(() => null)));
      return infos.every((one) => one !== null) ? infos[0] : null;
    }, signal);
    await uploadSegments(parameters, nodes, tree, seen);
    info = seen;
  } else {
    const { tree } = await prepare(parameters, "0x0000000000000000000000000000000000000000");
    await uploadSegments(parameters, nodes, tree, info);
  }
  const seq = info.tx.seq;
  await pollUntil(async () => {
    const infos = await Promise.all(nodes.map((node) => node.client.getFileInfoByTxSeq(seq).catch(() => null)));
    return infos.every((one) => one?.finalized) ? true : null;
  }, signal);
  await forgetPayment(parameters.metaDir, root);
  return { txHash, txSeq: seq, paid: txHash !== null };
}
