/** The verifier node's rules: which failures are the miner's fault, which are worth retrying (by error type and code), and the backoff. */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";

import { ExecutionRevertedError, HttpRequestError, LimitExceededRpcError, TimeoutError } from "viem";

import { RootMismatchError, StorageError } from "@orm/protocol/storage/errors";
import { UnsafeArchiveError, unpackInto } from "../src/archive.ts";
import { backoffMs, minerFaultOf } from "../src/commands/verify.ts";
import { CliError } from "../src/output.ts";
import { appendReviewRecord } from "../src/reviewRecord.ts";
import { BenchmarkError } from "../src/sandbox.ts";
import { isTransient } from "../src/transient.ts";
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
  it("retries the relay's and the RPC's failures, not the proposal's, by what the error is", () => {
    const wrapped = (sentence: string, cause: unknown) => new CliError(sentence, undefined, { cause });
    // The relay: unreachable (status 0) or overloaded (5xx) is worth another try; a missing artifact or a bad request is not.
    assert.equal(isTransient(wrapped("The code bundle 0xabc could not be fetched: …", new StorageError("The storage relay could not be reached.", 0))), true);
    assert.equal(isTransient(wrapped("The verification log could not be uploaded: …", new StorageError("busy", 503))), true);
    assert.equal(isTransient(wrapped("The code bundle 0xabc could not be fetched: …", new StorageError("No artifact has that root.", 404))), false);
    assert.equal(isTransient(wrapped("The code bundle does not match its root: …", new RootMismatchError("0x2", "0x1", 502))), false);
    // The RPC: no answer, a gateway error, a rate limit, an overloaded node; not a request it refused.
    const refused = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8545"), { code: "ECONNREFUSED" }) });
    assert.equal(isTransient(new HttpRequestError({ url: "http://127.0.0.1:8545", cause: refused })), true);
    assert.equal(isTransient(wrapped("The chain's RPC does not answer.", refused)), true);
    assert.equal(isTransient(new HttpRequestError({ url: "http://rpc", status: 502 })), true);
    assert.equal(isTransient(new HttpRequestError({ url: "http://rpc", status: 429 })), true);
    assert.equal(isTransient(new HttpRequestError({ url: "http://rpc", status: 401 })), false);
    assert.equal(isTransient(new LimitExceededRpcError(new Error("too many requests"))), true);
    assert.equal(isTransient(new TimeoutError({ body: {}, url: "http://rpc" })), true);
    assert.equal(isTransient(wrapped("claimReview would fail: …", new ExecutionRevertedError())), false);
    // The proposal's: an unsafe archive, a benchmark over its limits; and a bare sentence, whatever its words.
    assert.equal(isTransient(new UnsafeArchiveError("code bundle", "The code bundle has an entry that escapes its directory.")), false);
    assert.equal(isTransient(new BenchmarkError("wall", "The benchmark exceeded its wall-clock limit of 8 s.", outputs)), false);
    assert.equal(isTransient(new CliError("The code bundle could not be fetched: fetch failed (HTTP 503)")), false);
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
