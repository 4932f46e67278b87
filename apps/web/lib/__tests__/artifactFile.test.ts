import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";

import { packTree } from "@orm/protocol/tar";
import { artifactKindOf, downloadFileNameOf } from "../artifactFile.ts";

const text = (value: string) => new TextEncoder().encode(value);

describe("artifactKindOf", () => {
  it("knows archives by their magic bytes", async () => {
    const tar = await packTree({ "bench.mjs": "console.log(1)\n", "README.md": "# code\n" });
    assert.equal(artifactKindOf(tar), "tar");
    assert.equal(artifactKindOf(gzipSync(tar)), "gzip");
    assert.equal(artifactKindOf(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0])), "zip");
  });

  it("tells JSON from other text, and text from binary", () => {
    assert.equal(artifactKindOf(text('{ "schema": "open-research-market/attestation@1" }\n')), "json");
    assert.equal(artifactKindOf(text("[1, 2, 3]")), "json");
    assert.equal(artifactKindOf(text("{ not json")), "text");
    assert.equal(artifactKindOf(text("$ node bench.mjs\nscore 2.61 x\n")), "text");
    assert.equal(artifactKindOf(text("Größe: 3 µs\n")), "text");
    assert.equal(artifactKindOf(new Uint8Array([0, 1, 2, 3])), "binary");
    assert.equal(artifactKindOf(new Uint8Array([0xff, 0xfe, 0x41])), "binary");
    assert.equal(artifactKindOf(new Uint8Array()), "binary");
  });
});

describe("downloadFileNameOf", () => {
  it("names a gzipped bundle .tar.gz, not .tar", async () => {
    const bundle = gzipSync(await packTree({ "src/index.ts": "export const x = 1;\n" }));
    assert.equal(downloadFileNameOf("proposal-21-code", bundle), "proposal-21-code.tar.gz");
    assert.equal(downloadFileNameOf("proposal-21-code", await packTree({ a: "b" })), "proposal-21-code.tar");
  });

  it("keeps an artifact's own text extension, and names JSON and binaries by what they are", () => {
    assert.equal(downloadFileNameOf("proposal-21-benchmark", text("score 2.61\n"), { textExtension: "log" }), "proposal-21-benchmark.log");
    assert.equal(downloadFileNameOf("proposal-21-code", text("code bundle 1\n")), "proposal-21-code.txt");
    assert.equal(downloadFileNameOf("proposal-21-review", text('{"decision":"approve"}')), "proposal-21-review.json");
    assert.equal(downloadFileNameOf("proposal-21-review", new Uint8Array([0, 0, 0])), "proposal-21-review.bin");
  });
});
