/**
 * The relay builds a file's 0G merkle tree and flow submission with its own keccak for whole
 * segments (server/storage/backends/zg-upload.ts); they must be exactly the SDK's
 * (`ZgFile.merkleTree()`, `ZgFile.createSubmission()`), or nodes refuse the segments and the
 * flow contract records another root.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ZgFile } from "@0gfoundation/0g-ts-sdk";
import { buildTreeAndSubmission, submissionRootOf } from "../server/storage/backends/zg-upload.ts";
import { computeRoot } from "@orm/protocol/storage/root";
import { randomBytes } from "./support/relay.ts";

const KiB = 1024;
const SIZES = [1, 255, 256, 257, 4 * KiB + 1, 256 * KiB - 1, 256 * KiB, 256 * KiB + 1, 1024 * KiB + 13, 3.5 * 1024 * KiB, 8 * 1024 * KiB + 1, 17 * 256 * KiB + 300];
const SUBMITTER = "0x00000000000000000000000000000000000000a1";

test("the relay's tree and submission equal the SDK's at segment and chunk boundaries", async () => {
  const dir = await mkdtemp(join(tmpdir(), "orm-zg-tree-"));
  try {
    for (const size of SIZES) {
      const path = join(dir, `${size}.bin`);
      const body = randomBytes(size, size);
      await writeFile(path, body);
      const file = await ZgFile.fromFilePath(path);
      try {
        const [sdkTree] = await file.merkleTree();
        const [sdkSubmission] = await file.createSubmission("0x", SUBMITTER);
        const ours = await buildTreeAndSubmission(path, size, SUBMITTER);
        assert.equal(ours.tree.rootHash(), sdkTree!.rootHash(), `root at ${size} B`);
        assert.equal(ours.tree.rootHash(), await computeRoot(body));
        assert.equal(ours.tree.leaves.length, sdkTree!.leaves.length);
        for (let index = 0; index < ours.tree.leaves.length; index++) {
          assert.deepEqual(ours.tree.proofAt(index), sdkTree!.proofAt(index), `proof of segment ${index} at ${size} B`);
        }
        const sdk = sdkSubmission as unknown as { data: { length: number; tags: string; nodes: { root: string; height: number }[] }; submitter: string };
        assert.deepEqual(ours.submission, { data: { length: sdk.data.length, tags: sdk.data.tags, nodes: sdk.data.nodes.map(({ root, height }) => ({ root, height })) }, submitter: sdk.submitter }, `submission at ${size} B`);
        assert.equal(submissionRootOf(ours.submission), ours.tree.rootHash(), "the flow contract's fold gives the root");
      } finally {
        await file.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
