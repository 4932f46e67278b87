/** The miner's brief (`program.md`) and how a directory is recognized as a workspace of a project. */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";

import { renderBrief, type BriefParameters, type TrialRecord } from "../src/brief.ts";
import { findWorkspace, WORKSPACE_SCHEMA, workspacePaths } from "../src/workspace.ts";

const plan = {
  metric: "compression ratio",
  unit: "x",
  direction: "higher" as const,
  minimumImprovement: 0.05,
  scale: 1_000_000,
  command: "node bench.mjs",
  runs: 3,
  tolerance: 0.01,
  limits: { cpuSeconds: 30, memoryMiB: 512, wallSeconds: 60 },
};

const trial = (n: number, extra: Partial<TrialRecord> = {}): TrialRecord => ({
  trial: n,
  startedAt: "2026-01-01T00:00:00.000Z",
  durationMs: 10,
  hypothesis: `idea ${n} | with a pipe`,
  agentExitCode: 0,
  scores: ["3000000"],
  median: "3000000",
  kept: n % 2 === 0,
  loopBest: "3000000",
  networkBest: "2500000",
  codeRoot: null,
  log: null,
  diff: null,
  ...extra,
});

const base: BriefParameters = {
  projectId: 0n,
  protocol: { title: "Raise the compression ratio", problem: "Compress the corpus better.", motivation: "Smaller is cheaper.", benchmarkPlan: plan },
  plan,
  config: { metricScale: 1_000_000n, minImprovement: 50_000n, lowerIsBetter: false },
  source: { label: "the current best code", root: "0xabc" },
  networkBest: 2_500_000n,
  loopBest: 3_000_000n,
  replacedFiles: ["bench.mjs", "corpus.txt"],
};

describe("renderBrief", () => {
  it("states the problem, how the work is judged, what the bundle replaces and the standing", () => {
    const brief = renderBrief(base);
    assert.match(brief, /^# Raise the compression ratio/);
    assert.match(brief, /## Problem\n\nCompress the corpus better\./);
    assert.match(brief, /## Motivation\n\nSmaller is cheaper\./);
    assert.match(brief, /Command: `node bench\.mjs`, run 3 times/);
    assert.match(brief, /30 s CPU, 512 MiB memory, 60 s wall clock/);
    assert.match(brief, /within 1% of it/);
    assert.match(brief, /Minimum improvement over the best: 0\.05 x/);
    assert.match(brief, /`bench\.mjs`, `corpus\.txt`/);
    // The required score is the best plus the minimum (higher is better).
    assert.match(brief, /On-chain best: 2\.5 x \(fixed point 2500000\); a submission must score at least 2\.55 x/);
    assert.match(brief, /This loop's best: 3 x/);
    assert.doesNotMatch(brief, /The last/);
  });

  it("says 'at most' when lower is better", () => {
    const brief = renderBrief({ ...base, config: { ...base.config, lowerIsBetter: true } });
    assert.match(brief, /must score at most 2\.45 x/);
  });

  it("lists only the last trials, each in one table row", () => {
    const trials = Array.from({ length: 12 }, (_, i) => trial(i + 1));
    trials[11] = trial(12, { median: null, error: "the agent exited with code 2" });
    const brief = renderBrief({ ...base, trials, lastTrials: 3 });
    assert.match(brief, /## The last 3 trials/);
    assert.doesNotMatch(brief, /\| 9 \|/);
    assert.match(brief, /\| 10 \| idea 10 \\\| with a pipe \| 3 \| yes \|/);
    assert.match(brief, /\| 12 \| idea 12 \\\| with a pipe \| – \| yes \| the agent exited with code 2 \|/);
  });
});

describe("findWorkspace", () => {
  it("finds a workspace from itself or its checkout/ folder, and nothing elsewhere", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cli-workspace-"));
    try {
      const paths = workspacePaths(dir);
      await mkdir(paths.checkout, { recursive: true });
      await mkdir(path.dirname(paths.meta), { recursive: true });
      assert.equal(await findWorkspace(dir), undefined);
      await writeFile(paths.meta, JSON.stringify({ schema: WORKSPACE_SCHEMA, projectId: "3" }));
      assert.equal((await findWorkspace(dir))?.codeDir, paths.checkout);
      assert.equal((await findWorkspace(paths.checkout))?.codeDir, paths.checkout);
      assert.equal((await findWorkspace(paths.checkout))?.meta.projectId, "3");
      assert.equal(await findWorkspace(path.join(dir, ".research")), undefined);
      await writeFile(paths.meta, JSON.stringify({ schema: "something-else", projectId: "3" }));
      assert.equal(await findWorkspace(dir), undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
