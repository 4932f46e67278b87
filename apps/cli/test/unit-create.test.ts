/**
 * `research create` checks the whole protocol document by the schema the web app's project page
 * reads it with (`@orm/protocol/document`), before anything is read from the chain or measured.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { runCli } from "./helpers.ts";

const FIXTURE = path.join(import.meta.dirname, "fixtures/limits");
let dir = "";
let protocol: Record<string, unknown> = {};

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "cli-create-"));
  protocol = JSON.parse(await readFile(path.join(FIXTURE, "protocol.json"), "utf8"));
});
after(() => rm(dir, { recursive: true, force: true }));

async function create(document: Record<string, unknown>) {
  const file = path.join(dir, "protocol.json");
  await writeFile(file, JSON.stringify(document));
  // An RPC nobody listens on: the check must come before the chain is asked anything.
  return runCli(["--rpc", "http://127.0.0.1:9", "create", path.join(FIXTURE, "repo"), "--protocol", file, "--benchmark", path.join(FIXTURE, "benchmark")], { env: { RESEARCH_DEV_ACCOUNT: "1" } });
}

describe("research create: the whole protocol document", () => {
  it("refuses a protocol the project page would refuse (no repository), in one sentence", async () => {
    const { repository: _, ...withoutRepository } = protocol;
    const run = await create(withoutRepository);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^research: error: The protocol .*protocol\.json does not follow open-research-market\/protocol@1: .* \(at repository\)\.\n$/);
  });

  it("refuses a malformed miningLoop section and an empty problem", async () => {
    const loop = await create({ ...protocol, miningLoop: { maxTrials: 0 } });
    assert.match(loop.stderr, /\(at miningLoop\.maxTrials\)\.\n$/);
    const problem = await create({ ...protocol, problem: " " });
    assert.match(problem.stderr, /The problem is required \(at problem\)\.\n$/);
  });

  it("lets a complete protocol through to the chain (the token and bundle fields are the CLI's own)", async () => {
    const run = await create({ ...protocol, miningLoop: { maxTrials: 5, stopAfterSubmit: true } });
    assert.match(run.stderr, /^research: error: The chain's RPC at http:\/\/127\.0\.0\.1:9 does not answer/);
  });
});
