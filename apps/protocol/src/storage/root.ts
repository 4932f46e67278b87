/**
 * 0G Storage merkle roots, computed exactly as `@0glabs/0g-ts-sdk` and
 * `@0gfoundation/0g-ts-sdk` compute them (`MemData(bytes).merkleTree()` then
 * `rootHash()`), but with the WebAssembly keccak256 of `hash-wasm` (`createKeccak(256)`)
 * and without building node objects: one reusable hasher, leaves hashed from views of the
 * input, every tree level reduced in place in one preallocated buffer.
 * `root-parallel.ts` (Node only) spreads the segments over worker threads.
 *
 * The tree, as the SDK builds it:
 * - the data is cut into 256-byte chunks; the last one is zero-padded;
 * - the chunk count is padded ("flow padding") to `computePaddedSize(chunks)`:
 *   a power of two stays as it is; otherwise it is rounded up to a multiple of
 *   `nextPow2(chunks) / 16` (or of 1 below 16 chunks); padding chunks are zero;
 * - each segment of up to 1024 chunks gets a root over keccak256(chunk) leaves;
 * - the file root is the root over the segment roots;
 * - both trees are built level by level: pairs are hashed as keccak256(left ‖ right),
 *   and an odd last node is promoted to the next level unchanged.
 * An empty input has no root in either SDK (`merkleTree()` returns no tree).
 *
 * No Node-only imports: this module runs in the relay and in the browser.
 */
import { createKeccak } from "hash-wasm";
import type { IHasher } from "hash-wasm";

export type Hex = `0x${string}`;
export type Root = Hex;

export const CHUNK_SIZE = 256;
export const SEGMENT_MAX_CHUNKS = 1024;
export const SEGMENT_SIZE = CHUNK_SIZE * SEGMENT_MAX_CHUNKS;
const HASH_SIZE = 32;
const PAIR_SIZE = 2 * HASH_SIZE;
const READ_BLOCK_SIZE = 16 * SEGMENT_SIZE;

export type RootInput =
  | Uint8Array
  | ArrayBuffer
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>;

export class EmptyArtifactError extends Error {
  override name = "EmptyArtifactError";
  constructor() {
    super("An empty artifact has no 0G root; send at least one byte.");
  }
}

const ROOT_PATTERN = /^0x[0-9a-fA-F]{64}$/;

/** True when `value` is a 0x-prefixed 32-byte hex string. */
export function isRoot(value: unknown): value is Root {
  return typeof value === "string" && ROOT_PATTERN.test(value);
}

/** Number of chunks after the SDK's flow padding (`computePaddedSize`). */
export function computePaddedChunks(chunks: number): number {
  if (chunks <= 1) return chunks;
  const nextPow2 = 2 ** Math.ceil(Math.log2(chunks));
  if (nextPow2 === chunks) return chunks;
  const minChunks = nextPow2 >= 16 ? nextPow2 / 16 : 1;
  return Math.ceil(chunks / minChunks) * minChunks;
}

/**
 * The tree builder over one hash-wasm keccak256 hasher. `nodes` holds one segment's levels
 * (1024 leaves, reduced in place); `pairs[i]` is the fixed view of its i-th 64-byte sibling pair,
 * so hashing a tree allocates nothing of ours per node (hash-wasm returns each digest as a new
 * 32-byte array, copied into place). Every use is synchronous, so one builder can be shared.
 */
type Tree = {
  keccak: IHasher;
  nodes: Uint8Array;
  pairs: Uint8Array[];
  zeroLeaf: Uint8Array;
};

function pairViews(nodes: Uint8Array): Uint8Array[] {
  const views: Uint8Array[] = [];
  for (let at = 0; at + PAIR_SIZE <= nodes.length; at += PAIR_SIZE) views.push(nodes.subarray(at, at + PAIR_SIZE));
  return views;
}

function makeTree(keccak: IHasher): Tree {
  const nodes = new Uint8Array(SEGMENT_MAX_CHUNKS * HASH_SIZE);
  const zeroLeaf = keccak.init().update(new Uint8Array(CHUNK_SIZE)).digest("binary");
  return { keccak, nodes, pairs: pairViews(nodes), zeroLeaf };
}

let treePromise: Promise<Tree> | undefined;

/** The module's one keccak256 hasher and segment buffer, created on first use. */
function loadTree(): Promise<Tree> {
  treePromise ??= createKeccak(256).then(makeTree);
  treePromise.catch(() => (treePromise = undefined)); // a failed load is retried by the next caller
  return treePromise;
}

/**
 * Reduces `count` 32-byte nodes at the start of `nodes` to their root, in place, as the SDK's
 * `MerkleTree.build()`: pair i (bytes 64i..64i+64, the view `pairs[i]`) becomes node i (bytes
 * 32i..32i+32, already read), and an odd last node moves up unchanged. The root is left in
 * `nodes[0..32]`.
 */
function reduceInPlace(keccak: IHasher, nodes: Uint8Array, pairs: Uint8Array[], count: number): void {
  let n = count;
  while (n > 1) {
    const half = n >> 1;
    for (let i = 0; i < half; i++) nodes.set(keccak.init().update(pairs[i]).digest("binary"), i * HASH_SIZE);
    if (n & 1) nodes.copyWithin(half * HASH_SIZE, (n - 1) * HASH_SIZE, n * HASH_SIZE);
    n = half + (n & 1);
  }
}

/**
 * Root of one segment: `dataChunks` chunks read from `data` (already zero-padded to
 * whole chunks), followed by `totalChunks - dataChunks` zero chunks.
 */
function segmentRoot(tree: Tree, data: Uint8Array, dataChunks: number, totalChunks: number): Uint8Array {
  const { keccak, nodes, pairs, zeroLeaf } = tree;
  for (let i = 0, at = 0; i < dataChunks; i++, at += CHUNK_SIZE) {
    nodes.set(keccak.init().update(data.subarray(at, at + CHUNK_SIZE)).digest("binary"), i * HASH_SIZE);
  }
  for (let i = dataChunks; i < totalChunks; i++) nodes.set(zeroLeaf, i * HASH_SIZE);
  reduceInPlace(keccak, nodes, pairs, totalChunks);
  return nodes.slice(0, HASH_SIZE);
}

/** Root of the tree over the segment roots. */
function topRoot(tree: Tree, roots: Uint8Array[]): Uint8Array {
  const nodes = new Uint8Array(roots.length * HASH_SIZE);
  roots.forEach((root, i) => nodes.set(root, i * HASH_SIZE));
  reduceInPlace(tree.keccak, nodes, pairViews(nodes), roots.length);
  return nodes.slice(0, HASH_SIZE);
}

export function toHex(bytes: Uint8Array): Hex {
  let hex = "0x";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex as Hex;
}

export type RootHasher = {
  /** Feeds the next bytes of the artifact. */
  update(bytes: Uint8Array): void;
  /** Bytes fed so far. */
  readonly size: number;
  /** The 0G root of everything fed; throws `EmptyArtifactError` when nothing was fed. */
  digest(): Root;
};

/**
 * The file root from the roots of its leading whole segments, the bytes after them (`tailLength`
 * bytes at the start of `tail`, a buffer of SEGMENT_SIZE bytes that this overwrites), and the
 * total size: the last data segment, the flow-padding segments, and the tree over all of them.
 */
function finishRoot(tree: Tree, segmentRoots: Uint8Array[], tail: Uint8Array, tailLength: number, size: number): Root {
  if (size === 0) throw new EmptyArtifactError();
  const roots = segmentRoots.slice();
  const paddedChunks = computePaddedChunks(Math.ceil(size / CHUNK_SIZE));
  if (tailLength > 0) {
    const dataChunks = Math.ceil(tailLength / CHUNK_SIZE);
    tail.fill(0, tailLength, dataChunks * CHUNK_SIZE);
    const total = Math.min(SEGMENT_MAX_CHUNKS, paddedChunks - roots.length * SEGMENT_MAX_CHUNKS);
    roots.push(segmentRoot(tree, tail, dataChunks, total));
  }
  let zeroSegment: Uint8Array | undefined;
  while (roots.length * SEGMENT_MAX_CHUNKS < paddedChunks) {
    const total = Math.min(SEGMENT_MAX_CHUNKS, paddedChunks - roots.length * SEGMENT_MAX_CHUNKS);
    if (total === SEGMENT_MAX_CHUNKS) {
      zeroSegment ??= segmentRoot(tree, tail, 0, total);
      roots.push(zeroSegment);
    } else {
      roots.push(segmentRoot(tree, tail, 0, total));
    }
  }
  return toHex(topRoot(tree, roots));
}

export type SegmentHasher = (data: Uint8Array) => Uint8Array;

/**
 * A synchronous hasher of whole segments: roots, 32 bytes each, for `data` whose length is a
 * multiple of SEGMENT_SIZE. Segments are independent, so a caller may compute them anywhere
 * (e.g. on worker threads) and combine them with `finishRootFromSegments`.
 */
export async function createSegmentHasher(): Promise<SegmentHasher> {
  const tree = await loadTree();
  return (data) => {
    if (data.length % SEGMENT_SIZE !== 0) throw new RangeError("A segment hasher needs whole segments.");
    const count = data.length / SEGMENT_SIZE;
    const out = new Uint8Array(count * HASH_SIZE);
    for (let i = 0; i < count; i++) {
      const segment = data.subarray(i * SEGMENT_SIZE, (i + 1) * SEGMENT_SIZE);
      out.set(segmentRoot(tree, segment, SEGMENT_MAX_CHUNKS, SEGMENT_MAX_CHUNKS), i * HASH_SIZE);
    }
    return out;
  };
}

/**
 * The root of an artifact of `size` bytes, given the roots of its leading whole segments
 * (`createSegmentHasher`) and the bytes after them (fewer than SEGMENT_SIZE).
 */
export async function finishRootFromSegments(segmentRoots: Uint8Array[], rest: Uint8Array, size: number): Promise<Root> {
  if (rest.length >= SEGMENT_SIZE) throw new RangeError("finishRootFromSegments takes less than one segment of trailing bytes.");
  const tail = new Uint8Array(SEGMENT_SIZE);
  tail.set(rest);
  return finishRoot(await loadTree(), segmentRoots, tail, rest.length, size);
}

/** An incremental 0G root hasher: feed bytes as they arrive, one segment of memory at most. */
export async function createRootHasher(): Promise<RootHasher> {
  const tree = await loadTree();
  const segment = new Uint8Array(SEGMENT_SIZE);
  const segmentRoots: Uint8Array[] = [];
  let filled = 0;
  let size = 0;
  let finished = false;

  function addFullSegment(data: Uint8Array): void {
    segmentRoots.push(segmentRoot(tree, data, SEGMENT_MAX_CHUNKS, SEGMENT_MAX_CHUNKS));
  }

  function update(bytes: Uint8Array): void {
    if (finished) throw new Error("This root hasher has already produced its digest.");
    size += bytes.length;
    let offset = 0;
    if (filled > 0) {
      const take = Math.min(SEGMENT_SIZE - filled, bytes.length);
      segment.set(bytes.subarray(0, take), filled);
      filled += take;
      offset = take;
      if (filled < SEGMENT_SIZE) return;
      addFullSegment(segment);
      filled = 0;
    }
    while (bytes.length - offset >= SEGMENT_SIZE) {
      addFullSegment(bytes.subarray(offset, offset + SEGMENT_SIZE));
      offset += SEGMENT_SIZE;
    }
    if (offset < bytes.length) {
      segment.set(bytes.subarray(offset), 0);
      filled = bytes.length - offset;
    }
  }

  function digest(): Root {
    if (size === 0) throw new EmptyArtifactError();
    finished = true;
    return finishRoot(tree, segmentRoots, segment, filled, size);
  }

  return {
    update,
    digest,
    get size() {
      return size;
    },
  };
}

async function* readBlob(blob: Blob): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < blob.size; offset += READ_BLOCK_SIZE) {
    yield new Uint8Array(await blob.slice(offset, offset + READ_BLOCK_SIZE).arrayBuffer());
  }
}

async function* readStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The input as a sequence of byte chunks. */
export function toChunks(input: RootInput): AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
  if (input instanceof Uint8Array) return [input];
  if (input instanceof ArrayBuffer) return [new Uint8Array(input)];
  if (typeof Blob !== "undefined" && input instanceof Blob) return readBlob(input);
  if (typeof ReadableStream !== "undefined" && input instanceof ReadableStream) return readStream(input);
  return input as AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** The 0G root of `input` together with its size in bytes. */
export async function computeRootAndSize(input: RootInput): Promise<{ root: Root; size: number }> {
  const hasher = await createRootHasher();
  for await (const chunk of toChunks(input)) hasher.update(chunk);
  return { root: hasher.digest(), size: hasher.size };
}

/** The 0G root of `input`: bytes, a Blob/File, a ReadableStream or an (async) iterable of byte chunks. */
export async function computeRoot(input: RootInput): Promise<Root> {
  return (await computeRootAndSize(input)).root;
}
