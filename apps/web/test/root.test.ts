import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { MemData as LabsMemData, ZgFile as LabsZgFile, computePaddedSize } from "@0glabs/0g-ts-sdk";
import { MemData as FoundationMemData } from "@0gfoundation/0g-ts-sdk";
import {
  CHUNK_SIZE,
  EmptyArtifactError,
  SEGMENT_SIZE,
  computePaddedChunks,
  computeRoot,
  computeRootAndSize,
  createRootHasher,
  isRoot,
} from "@orm/protocol/storage/root";
import { computeRootParallel, createParallelRootHasher } from "../server/storage/root-parallel.ts";
import { createSegmentHasher, finishRootFromSegments } from "@orm/protocol/storage/root";
import { getHashPool } from "../server/storage/hash-pool.ts";
import { createKeccak } from "hash-wasm";
import { keccak256 } from "ethers";
import { randomBytes } from "./support/relay.ts";

const MiB = 1024 * 1024;
const HELLO_ROOT = "0x3c0a2457170aa849c8f7051e23d7874a362be798d95fbb333c901c6cf19dca5a";

type MemDataClass = new (data: Uint8Array) => { merkleTree(): Promise<[{ rootHash(): string | null } | null, Error | null]> };

async function sdkRoot(MemData: MemDataClass, data: Uint8Array): Promise<string | null> {
  const [tree, error] = await new MemData(data).merkleTree();
  assert.equal(error, null);
  return tree?.rootHash() ?? null;
}

/** Chunk, padding-threshold and segment boundaries, each -1/0/+1, plus 1, 255..257 and 1 MiB + 1. */
const BOUNDARY_SIZES = [
  ...[1, 2, 15, 16, 17, 1023, 1024, 1025].flatMap((chunks) => [chunks * CHUNK_SIZE - 1, chunks * CHUNK_SIZE, chunks * CHUNK_SIZE + 1]),
  ...[1, 2, 3, 16, 17].flatMap((segments) => [segments * SEGMENT_SIZE - 1, segments * SEGMENT_SIZE, segments * SEGMENT_SIZE + 1]),
  1,
  MiB - 1,
  MiB,
  MiB + 1,
].filter((size, index, all) => size > 0 && all.indexOf(size) === index);

test('the root of "hello" is the known 0G root', async () => {
  assert.equal(await computeRoot(new TextEncoder().encode("hello")), HELLO_ROOT);
});

test("an empty input has no root, in either SDK or here", async () => {
  assert.equal(await sdkRoot(LabsMemData as MemDataClass, new Uint8Array(0)), null);
  assert.equal(await sdkRoot(FoundationMemData as MemDataClass, new Uint8Array(0)), null);
  await assert.rejects(computeRoot(new Uint8Array(0)), EmptyArtifactError);
});

test("flow padding matches the SDK's computePaddedSize for every count up to 20000 and at large powers", () => {
  const counts = [...Array.from({ length: 20_000 }, (_, i) => i + 1), 2 ** 20 - 1, 2 ** 20, 2 ** 20 + 1, 3 * 2 ** 18 + 7];
  for (const chunks of counts) assert.equal(computePaddedChunks(chunks), computePaddedSize(chunks)[0], `chunks=${chunks}`);
});

test(`roots equal @0glabs/0g-ts-sdk and @0gfoundation/0g-ts-sdk at ${BOUNDARY_SIZES.length} boundary sizes`, async () => {
  for (const size of BOUNDARY_SIZES) {
    const data = randomBytes(size);
    const ours = await computeRoot(data);
    assert.equal(ours, await sdkRoot(LabsMemData as MemDataClass, data), `@0glabs, size ${size}`);
    assert.equal(await computeRootParallel(data), ours, `worker threads, size ${size}`);
    if (size <= MiB + 1) assert.equal(ours, await sdkRoot(FoundationMemData as MemDataClass, data), `@0gfoundation, size ${size}`);
  }
});

test("roots equal @0glabs/0g-ts-sdk at random sizes up to 64 MiB", async (t) => {
  const seed = Number(process.env.ROOT_TEST_SEED ?? Date.now() % 1_000_000);
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const sizes = [64 * MiB, Math.floor(next() * 64 * MiB) + 1, Math.floor(next() * 24 * MiB) + 1, Math.floor(next() * 2 * MiB) + 1];
  t.diagnostic(`seed ${seed} (set ROOT_TEST_SEED to repeat); sizes ${sizes.join(", ")}`);
  for (const size of sizes) {
    const data = randomBytes(size, seed + size);
    const ours = await computeRoot(data);
    assert.equal(ours, await sdkRoot(LabsMemData as MemDataClass, data), `size ${size}, seed ${seed}`);
    assert.equal(await computeRootParallel(data), ours, `worker threads, size ${size}, seed ${seed}`);
  }
});

test("a file read through the SDK's ZgFile has the same root", async () => {
  const dir = await mkdtemp(join(tmpdir(), "orm-root-"));
  try {
    const data = randomBytes(3 * SEGMENT_SIZE + 777);
    const path = join(dir, "artifact.bin");
    await writeFile(path, data);
    const file = await LabsZgFile.fromFilePath(path);
    const [tree] = await file.merkleTree();
    await file.close();
    assert.equal(await computeRoot(data), tree?.rootHash());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("every input form gives the same root: bytes, Blob, ReadableStream, uneven async pieces", async () => {
  const data = randomBytes(5 * SEGMENT_SIZE + 4321);
  const expected = await computeRoot(data);
  async function* unevenPieces() {
    let offset = 0;
    let step = 1;
    while (offset < data.length) {
      yield data.subarray(offset, offset + step);
      offset += step;
      step = (step * 7 + 13) % 300_000 || 1;
    }
  }
  assert.equal(await computeRoot(new Blob([data])), expected);
  assert.equal(await computeRoot(new Blob([data]).stream()), expected);
  assert.equal(await computeRoot(unevenPieces()), expected);
  assert.equal(await computeRoot(data.buffer as ArrayBuffer), expected);
  assert.deepEqual(await computeRootAndSize(unevenPieces()), { root: expected, size: data.length });
});

test("a root changes with any byte, but not with trailing zeros inside the padding (so intents also sign the size)", async () => {
  const data = randomBytes(SEGMENT_SIZE + 10);
  const flipped = data.slice();
  flipped[SEGMENT_SIZE + 3] ^= 1;
  assert.notEqual(await computeRoot(flipped), await computeRoot(data));
  const longer = new Uint8Array(data.length + CHUNK_SIZE);
  longer.set(data);
  const [tree] = await new LabsMemData(longer).merkleTree();
  assert.equal(await computeRoot(longer), tree?.rootHash());
  assert.equal(await computeRoot(longer), await computeRoot(data));
});

test("a hasher refuses input after its digest, and isRoot accepts only 32-byte hex", async () => {
  const hasher = await createRootHasher();
  hasher.update(new Uint8Array([1]));
  assert.ok(isRoot(hasher.digest()));
  assert.throws(() => hasher.update(new Uint8Array([2])));
  assert.equal(isRoot(HELLO_ROOT.toUpperCase().replace("0X", "0x")), true);
  assert.equal(isRoot(HELLO_ROOT.slice(0, -1)), false);
  assert.equal(isRoot(HELLO_ROOT.slice(2)), false);
  assert.equal(isRoot(`${HELLO_ROOT.slice(0, -1)}g`), false);
});

test("the keccak256 in use (hash-wasm createKeccak(256)) gives the known vectors and equals ethers' on chunks and pairs", async () => {
  const keccak = await createKeccak(256);
  const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString("hex")}`;
  const vectors: [string, string][] = [
    ["", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"],
    ["abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"],
  ];
  for (const [text, expected] of vectors) assert.equal(hex(keccak.init().update(new TextEncoder().encode(text)).digest("binary")), expected, `"${text}"`);
  // Reused hasher, subarray views, the chunk and pair sizes of the tree, against an independent keccak (ethers, @noble/hashes).
  const data = randomBytes(256 * 64, 31);
  for (const size of [256, 64, 135, 136, 137]) {
    for (let at = 0; at + size <= data.length; at += size * 7) {
      const view = data.subarray(at, at + size);
      assert.equal(hex(keccak.init().update(view).digest("binary")), keccak256(view), `${size} bytes at ${at}`);
    }
  }
});

test("the tree over many segment roots promotes odd nodes like the SDK", async () => {
  const reference = await createKeccak(256);
  // 4608 = 9 × 512 segments: no flow padding (a multiple of nextPow2 / 16) and odd levels (9 → 4 + 1);
  // the reference below builds the levels as arrays of nodes, hashing update(left).update(right).
  const count = 4608;
  assert.equal(computePaddedChunks(count * 1024), count * 1024);
  const roots = Array.from({ length: count }, (_, i) => randomBytes(32, i + 1));
  let level: Uint8Array[] = roots;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(reference.init().update(level[i]).update(level[i + 1]).digest("binary"));
    if (level.length % 2) next.push(level[level.length - 1]);
    level = next;
  }
  const expected = `0x${Buffer.from(level[0]).toString("hex")}`;
  assert.equal(await finishRootFromSegments(roots, new Uint8Array(0), count * SEGMENT_SIZE), expected);
});

test("the worker-thread hasher takes uneven pieces, and falls back to this thread when the pool fails", async () => {
  if (availableParallelism() >= 2 && !process.env.STORAGE_HASH_THREADS) assert.ok(getHashPool(), "with 2+ cores the tests exercise the pool");
  const data = randomBytes(9 * SEGMENT_SIZE + 1234, 5);
  const expected = await computeRoot(data);
  const hasher = await createParallelRootHasher();
  for (let offset = 0, step = 1; offset < data.length; offset += step, step = (step * 7 + 13) % 700_000 || 1) {
    await hasher.update(data.subarray(offset, offset + step));
  }
  assert.equal(hasher.size, data.length);
  assert.equal(await hasher.digest(), expected);
  const pool = getHashPool();
  if (pool) {
    // The workers' own hash-wasm hashers, asked directly: the same segment roots as root.ts's.
    const shared = new Uint8Array(new SharedArrayBuffer(3 * SEGMENT_SIZE));
    shared.set(data.subarray(0, shared.length));
    assert.deepEqual(await pool.segmentRoots(shared), (await createSegmentHasher())(shared));
    assert.ok(getHashPool(), "the pool is still up");
  }
  const failing = { threads: 2, segmentRoots: () => Promise.reject(new Error("worker lost")) };
  assert.equal(await computeRootParallel(data, { pool: failing }), expected);
  assert.equal(await computeRootParallel(data, { pool: null }), expected);
  await assert.rejects(computeRootParallel(new Uint8Array(0)), EmptyArtifactError);
});
