/**
 * The sandbox: the benchmark's score comes out; no network; the system is read-only and only the
 * work directory is writable; CPU-time, memory and wall-clock limits stop a run with one sentence;
 * a run that prints no score or crashes is an error. The decision rule and the median, too.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";

import { decide } from "../src/commands/verify.ts";
import { median, runSandboxed, scoreFromStdout, type Limits } from "../src/sandbox.ts";

const scratch = await mkdtemp(path.join(os.tmpdir(), "cli-sandbox-"));
after(() => rm(scratch, { recursive: true, force: true }));

const LIMITS: Limits = { cpuSeconds: 5, memoryMiB: 512, wallSeconds: 20 };

async function work(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(scratch, "w-"));
  for (const [name, body] of Object.entries(files)) await writeFile(path.join(dir, name), body);
  return dir;
}

describe("the sandbox", () => {
  it("runs node on the work dir and reads the score from the last JSON line", async () => {
    const dir = await work({ "bench.mjs": 'import { writeFileSync } from "node:fs"; writeFileSync("metrics.json", "{}"); console.log("warming up"); console.log(JSON.stringify({ score: 1234567 }));' });
    const result = await runSandboxed(dir, "node bench.mjs", LIMITS);
    assert.equal(result.score, 1234567n);
    assert.equal(await readFile(path.join(dir, "metrics.json"), "utf8"), "{}", "the work dir is writable");
  });

  it("has no network, a read-only system and no view of the host's files", async () => {
    const dir = await work({
      "probe.mjs": `
        import { writeFileSync, existsSync } from "node:fs";
        const out = {};
        try { await fetch("http://1.1.1.1/", { signal: AbortSignal.timeout(3000) }); out.net = "reached"; } catch (e) { out.net = "blocked"; }
        try { writeFileSync("/usr/evil", "x"); out.usr = "written"; } catch { out.usr = "read-only"; }
        out.home = existsSync("/root") || existsSync("/work/main");
        out.uid = process.getuid();
        console.log(JSON.stringify({ ...out, score: 1 }));
      `,
    });
    const result = await runSandboxed(dir, "node probe.mjs", LIMITS);
    const probe = JSON.parse(result.stdout.trim().split("\n").pop()!);
    assert.equal(probe.net, "blocked");
    assert.equal(probe.usr, "read-only");
    assert.equal(probe.home, false);
    assert.equal(probe.uid, 65534);
  });

  it("stops a run over its CPU-time limit", async () => {
    const dir = await work({ "spin.mjs": "for (;;) {}" });
    await assert.rejects(runSandboxed(dir, "node spin.mjs", { ...LIMITS, cpuSeconds: 1 }), (error: Error & { reason?: string }) => {
      assert.equal(error.reason, "cpu");
      assert.match(error.message, /exceeded its CPU-time limit of 1 s/);
      return true;
    });
  });

  it("stops a run over its wall-clock limit", async () => {
    const dir = await work({ "sleep.mjs": "setTimeout(() => {}, 60_000);" });
    const started = Date.now();
    await assert.rejects(runSandboxed(dir, "node sleep.mjs", { ...LIMITS, wallSeconds: 1 }), /exceeded its wall-clock limit of 1 s/);
    assert.ok(Date.now() - started < 10_000);
  });

  it("stops a run over its memory limit", async () => {
    const dir = await work({ "hog.mjs": "const keep = []; for (;;) keep.push(Buffer.alloc(16 * 1024 * 1024, 1));" });
    await assert.rejects(runSandboxed(dir, "node hog.mjs", { ...LIMITS, memoryMiB: 256 }), /exceeded its memory limit of 256 MiB/);
  });

  it("refuses a run that prints no score, and one that fails", async () => {
    const quiet = await work({ "bench.mjs": 'console.log("done, no score here")' });
    await assert.rejects(runSandboxed(quiet, "node bench.mjs", LIMITS), /printed no score/);
    const crash = await work({ "bench.mjs": 'console.error("boom: round trip failed"); process.exit(3)' });
    await assert.rejects(runSandboxed(crash, "node bench.mjs", LIMITS), /failed with exit code 3: boom: round trip failed/);
  });
});

describe("scores and decisions", () => {
  it("parses the last score line and takes medians", () => {
    assert.equal(scoreFromStdout('{"score": 1}\nnoise\n{"score": 2.6}\n'), 3n);
    assert.equal(scoreFromStdout("no json"), undefined);
    assert.equal(median([5n, 1n, 3n]), 3n);
    assert.equal(median([4n, 1n, 3n, 10n]), 3n);
  });

  it("approves, supersedes or rejects", () => {
    const base = { claimed: 100n, measured: 100n, tolerance: 0 };
    assert.equal(decide({ ...base, meets: true, bestMovedSinceSubmission: false }).decision, "approve");
    assert.equal(decide({ ...base, meets: false, bestMovedSinceSubmission: true }).decision, "supersede");
    assert.equal(decide({ ...base, meets: false, bestMovedSinceSubmission: false }).decision, "reject");
    assert.equal(decide({ ...base, measured: 90n, meets: true, bestMovedSinceSubmission: false }).decision, "reject");
    assert.match(decide({ ...base, measured: 90n, meets: true, bestMovedSinceSubmission: false }).reason, /^does not reproduce: measured 90, claimed 100/);
  });
});
