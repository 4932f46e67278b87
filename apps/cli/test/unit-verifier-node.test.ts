/** The verifier node's rules: which failures are the miner's fault, which are worth retrying, and the backoff. */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";

import { UnsafeArchiveError, unpackInto } from "../src/archive.ts";
import { backoffMs, isTransient, minerFaultOf } from "../src/commands/verify.ts";
import { CliError } from "../src/output.ts";
import { appendReviewRecord } from "../src/reviewRecord.ts";
import { BenchmarkError } from "../src/sandbox.ts";
import { makeTar } from "./helpers.ts";

const outputs = { stdout: "", stderr: "" };

describe("minerFaultOf (the fault policy)", () => {
  it("holds an escaping code bundle against the miner, with the archive's sentence as the reason", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cli-fault-"));
    try {
      const error = await unpackInto(await makeTar([{ name: "../../escape.txt", body: "x" }]), dir, "code bundle").catch((e: unknown) => e);
      assert.ok(error instanceof UnsafeArchiveError);
      assert.equal(minerFaultOf(error, {}), `cannot be measured by the miner's doing: the code bundle has an entry "../../escape.txt" that escapes its directory (..)`);
      const notTar = await unpackInto(new TextEncoder().encode("not a tar at all, just text that is long enough ".repeat(20)), dir, "code bundle").catch((e: unknown) => e);
      assert.ok(minerFaultOf(notTar, {})?.startsWith("cannot be measured by the miner's doing"), String(notTar));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("does not blame the miner for an unsafe benchmark bundle, a root mismatch or a missing score", () => {
    assert.equal(minerFaultOf(new UnsafeArchiveError("benchmark bundle", "The benchmark bundle has …"), {}), undefined);
    assert.equal(minerFaultOf(new CliError("The code bundle does not match its root: …"), {}), undefined);
    assert.equal(minerFaultOf(new BenchmarkError("no-score", "The benchmark printed no score.", outputs), { limitsNormative: true }), undefined);
  });

  it("holds limits against the miner only where the protocol says they are normative", () => {
    const cpu = new BenchmarkError("cpu", "The benchmark exceeded its CPU-time limit of 2 s and was stopped.", outputs);
    assert.equal(minerFaultOf(cpu, {}), undefined);
    assert.equal(minerFaultOf(cpu, { limitsNormative: false }), undefined);
    assert.equal(minerFaultOf(cpu, { limitsNormative: true }), "exceeds the protocol's normative limits: the benchmark exceeded its CPU-time limit of 2 s and was stopped");
  });
});

describe("isTransient and backoffMs (verify --watch retries)", () => {
  it("retries the relay's and the RPC's failures, not the proposal's", () => {
    assert.equal(isTransient(new CliError("The code bundle 0xabc could not be fetched: The storage relay could not be reached; check the connection and try again.")), true);
    assert.equal(isTransient(new CliError("The verification log could not be uploaded: fetch failed")), true);
    assert.equal(isTransient(new Error("HTTP request failed. Status: 502")), true);
    assert.equal(isTransient(new CliError("The code bundle does not match its root: the relay's bytes hash to 0x1, not 0x2.")), false);
    assert.equal(isTransient(new CliError("The benchmark exceeded its wall-clock limit of 8 s.")), false);
    assert.equal(isTransient(new CliError("Proposal #3 is already claimed by 0x1 (review lock until …).")), false);
  });
  it("doubles the wait per failure, up to ten minutes", () => {
    assert.deepEqual([1, 2, 3, 4].map((n) => backoffMs(10_000, n)), [10_000, 20_000, 40_000, 80_000]);
    assert.equal(backoffMs(10_000, 20), 600_000);
  });
});

describe("appendReviewRecord", () => {
  it("appends one JSON line per attempt, bigints as decimal strings", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cli-record-"));
    try {
      const file = path.join(dir, "nested", "reviews.jsonl");
      await appendReviewRecord(file, { proposalId: 3n, result: "reject", reason: "does not reproduce", measuredScores: [1n, 2n], medianScore: 2n });
      await appendReviewRecord(file, { proposalId: 4n, result: "retry", reason: "relay down" });
      const lines = (await readFile(file, "utf8")).trim().split("\n").map((line) => JSON.parse(line));
      assert.deepEqual(lines.map((l) => [l.proposalId, l.result]), [["3", "reject"], ["4", "retry"]]);
      assert.deepEqual(lines[0].measuredScores, ["1", "2"]);
      assert.match(lines[0].at, /^\d{4}-\d\d-\d\dT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
