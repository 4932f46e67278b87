/**
 * Finding and reading a file on 0G, verified segment by segment as it streams.
 *
 * Finding: every node the indexer lists for the root is asked at once (a silent one costs one
 * request's timeout, and the first that holds the file answers for HEAD); when none of them holds
 * it, the indexer's other nodes are asked before the answer is "not found". A root the indexer has
 * never seen is "not found" at once.
 *
 * Reading: `zgs_downloadSegmentWithProof`, a few segments ahead, in order. A node answers with the
 * segment's chunks (no flow padding) and its proof in the file's tree (0g-storage-node
 * `get_segment_with_proof_by_tx`); each proof is checked against the requested root at the
 * segment's position (the SDK's `Proof.validateHash`, as the Go client's proof download does), so
 * no byte leaves the relay before it is proven part of the root; the length is the entry's
 * size from the chain, checked against the size recorded at upload (zero bytes in the padding
 * would keep the same root), and the padding after the last byte must be zeros. Memory stays at
 * a few segments whatever the file's size. A bad segment is fetched from another holder; when
 * none has it right, the stream errors (the client sees a cut-off body, never a complete one).
 */
import { MemData, nodeForSegment, Proof, selectNodes } from "@0gfoundation/0g-ts-sdk";
import { CHUNK_SIZE, computePaddedChunks, createSegmentHasher, SEGMENT_MAX_CHUNKS, SEGMENT_SIZE, toHex } from "@orm/protocol/storage/root";
import type { Root } from "@orm/protocol/storage/root";
import type { ZgConfig } from "../config.ts";
import type { StorageNetwork } from "./zg-network.ts";
import { createStorageNodeClient, rpcMessageOf } from "./zg-rpc.ts";
import type { FileInfo, SegmentWithProof, ShardedNode, StorageNodeClient } from "./zg-rpc.ts";
import { ZgDownloadCorruptError } from "./zg-errors.ts";
import { BackendUnavailableError } from "@orm/protocol/storage/errors";

/** Segments fetched ahead of the one being sent. */
const READ_AHEAD = 8; // 2 MiB of segments: enough to cover a node's latency, still a few MiB of memory

export type Holder = { node: ShardedNode; client: StorageNodeClient };
export type Located = { info: FileInfo; holders: Holder[] };

/** Whether the indexer's answer means it never saw the root (not that it failed). */
export function isUnknownRoot(error: unknown): boolean {
  return /no locations found|file not found/i.test(rpcMessageOf(error));
}

type AskOptions = { zg: ZgConfig; root: Root; enough: (holders: Holder[]) => boolean };

/** Asks `nodes` at once; resolves with the holders of a finalized copy as soon as `enough` of them answered, or when all have. */
function askNodes(nodes: ShardedNode[], { zg, root, enough }: AskOptions): Promise<{ holders: Holder[]; info: FileInfo | null }> {
  return new Promise((resolve) => {
    const holders: Holder[] = [];
    let info: FileInfo | null = null;
    let left = nodes.length;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({ holders, info });
    };
    if (left === 0) return finish();
    for (const node of nodes) {
      const client = createStorageNodeClient(node.url, { timeoutMs: zg.nodeTimeoutMs });
      client
        .getFileInfo(root, true)
        .then((found) => {
          if (found?.finalized) {
            holders.push({ node, client });
            info ??= found;
          }
        })
        .catch(() => {})
        .finally(() => {
          left--;
          if ((info && enough(holders)) || left === 0) finish();
        });
    }
  });
}

/** Whether `holders` cover every shard (a complete copy). */
function coversAllShards(holders: Holder[]): boolean {
  return selectNodes(holders.map((holder) => holder.node), 1, "min")[1];
}

/**
 * Where `root` is stored, finalized; null when the network does not have it. `forRead` waits for
 * holders covering every shard; otherwise the first holder's answer (HEAD) is enough.
 */
export async function locateFile(network: StorageNetwork, zg: ZgConfig, root: Root, forRead: boolean): Promise<Located | null> {
  let listed: ShardedNode[];
  try {
    listed = await network.indexer.getFileLocations(root);
  } catch (error) {
    if (isUnknownRoot(error)) return null;
    throw error;
  }
  const enough = forRead ? coversAllShards : () => true;
  const first = await askNodes(listed, { zg, root, enough });
  const firstOk = first.info && enough(first.holders);
  // The listed set lags or is down: ask the nodes it left out before saying "not found".
  const asked = new Set(listed.map((node) => node.url));
  const second = firstOk ? { holders: [], info: null } : await askNodes(network.known.filter((node) => !asked.has(node.url)), { zg, root, enough });
  const holders = [...first.holders, ...second.holders];
  const info = first.info ?? second.info;
  if (!info || !enough(holders)) return null;
  return { info, holders };
}

/**
 * Opens a verified stream of the file's `size` bytes. The first segment is fetched and checked
 * before this resolves; the rest follow as the client reads.
 */
export async function openVerified(located: Located, root: Root, size: number): Promise<ReadableStream<Uint8Array>> {
  const chunks = Math.ceil(size / CHUNK_SIZE);
  const paddedChunks = computePaddedChunks(chunks);
  const paddedSegments = Math.ceil(paddedChunks / SEGMENT_MAX_CHUNKS);
  const segments = Math.ceil(size / SEGMENT_SIZE);
  const startSegment = Math.floor(located.info.tx.startEntryIndex / SEGMENT_MAX_CHUNKS);
  const hashWholeSegment = await createSegmentHasher();

  function segmentRootOf(data: Uint8Array, index: number): string {
    const segmentChunks = Math.min(SEGMENT_MAX_CHUNKS, paddedChunks - index * SEGMENT_MAX_CHUNKS);
    if (data.length === SEGMENT_SIZE) return toHex(hashWholeSegment(data));
    return MemData.segmentRoot(data, segmentChunks - data.length / CHUNK_SIZE);
  }

  /** Why `segment` is not segment `index` of `root`, or null when it is. */
  function problemWith(segment: SegmentWithProof | null, index: number): { data?: Uint8Array; problem: string | null } {
    if (!segment) return { problem: "is missing" };
    const data: Uint8Array = Buffer.from(segment.data, "base64");
    const expected = Math.min(SEGMENT_SIZE, Math.ceil((size - index * SEGMENT_SIZE) / CHUNK_SIZE) * CHUNK_SIZE);
    if (data.length !== expected) return { problem: `has ${data.length} bytes, not ${expected}` };
    const proof = new Proof(
      segment.proof.lemma.map((hash) => hash.toLowerCase()),
      segment.proof.path,
    );
    const failure = proof.validateHash(root, segmentRootOf(data, index), index, paddedSegments);
    if (failure !== null) return { problem: `fails its merkle proof (${String(failure)})` };
    if (index === segments - 1) {
      const tail = data.subarray(size - index * SEGMENT_SIZE);
      if (tail.some((byte) => byte !== 0)) return { problem: "carries data after the file's last byte" };
    }
    return { data, problem: null };
  }

  /** Segment `index`, verified, from the holder responsible for it or, failing that, any other holder. */
  async function fetchSegment(index: number): Promise<Uint8Array> {
    const responsible = nodeForSegment(
      located.holders.map((holder) => holder.node),
      startSegment + index,
    );
    const ordered = [...located.holders].sort((a, b) => Number(b.node === responsible) - Number(a.node === responsible));
    const problems: string[] = [];
    let refused = false;
    for (const holder of ordered) {
      const { config } = holder.node;
      if ((startSegment + index) % config.numShard !== config.shardId) continue;
      try {
        const { data, problem } = problemWith(await holder.client.downloadSegmentWithProof(root, index), index);
        if (data) {
          const end = Math.min(SEGMENT_SIZE, size - index * SEGMENT_SIZE);
          return data.subarray(0, end);
        }
        refused = true;
        problems.push(`segment ${index} from ${holder.node.url} ${problem}`);
      } catch (error) {
        problems.push(`segment ${index} from ${holder.node.url} failed: ${rpcMessageOf(error).split("\n")[0].slice(0, 120)}`);
      }
    }
    const detail = problems.join("; ") || `segment ${index} has no holder`;
    throw refused ? new ZgDownloadCorruptError(root, detail) : new BackendUnavailableError("0G", detail);
  }

  const ahead: Promise<Uint8Array>[] = [];
  let requested = 0;
  const fill = () => {
    while (requested < segments && ahead.length < READ_AHEAD) {
      const pending = fetchSegment(requested++);
      pending.catch(() => {}); // read (and reported) in order by `pull`
      ahead.push(pending);
    }
  };
  fill();
  const first = await ahead[0]; // throws before any byte is sent
  let sentFirst = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const segment = sentFirst ? await ahead[0] : first;
          sentFirst = true;
          ahead.shift();
          fill();
          controller.enqueue(segment);
          if (ahead.length === 0) controller.close();
        } catch (error) {
          controller.error(error);
        }
      },
      cancel() {
        requested = segments; // fetch nothing more
      },
    },
    { highWaterMark: 0 },
  );
}
