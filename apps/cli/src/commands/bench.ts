/**
 * `research bench <dir>`: measures a directory exactly as `research verify` measures a proposal (the
 * directory packed as `submit` packs it, the benchmark bundle unpacked over it in a fresh temporary
 * directory, the protocol's command `runs` times in the same sandbox, the median), and says what a
 * verifier would decide for a claim of that median (or of `--score`), by the shared rule
 * (`impliedVerdictOf`). Reads only: no key, no transaction.
 *
 * `<dir>` is a workspace of `research checkout` (or its checkout/ folder), whose project it names;
 * any other directory needs `--project`.
 */
import { writeFile } from "node:fs/promises";

import type { Hex } from "viem";

import { formatScore } from "@orm/protocol/format";
import { requiredScoreOf, toleranceOfPpm } from "@orm/protocol/ledger";
import { measureDirectory, type Measurement } from "../bench.ts";
import { ABI, loadContext, parseId, read, readProject, type Context, type GlobalOptions } from "../chain.ts";
import { CliError, type Output } from "../output.ts";
import { computeRoot, fetchProtocol, type BenchmarkPlan } from "../storage.ts";
import { benchmarkBundleFor, checkWorkspaceMatches, findWorkspace, type FoundWorkspace } from "../workspace.ts";
import { claimedScoreInput, toFixedScore } from "./submit.ts";
import { decide, type Decision } from "./verify.ts";

export type BenchOptions = { project?: string; score?: string; fixedScore?: string; saveLog?: string };

export type DirectoryMeasurement = {
  projectId: bigint;
  codeDir: string;
  code: Uint8Array;
  codeRoot: Hex;
  plan: BenchmarkPlan;
  measurement: Measurement;
  workspace?: FoundWorkspace;
};

/**
 * Which project a directory is measured for: a workspace names its own (and `--project` must agree);
 * another directory needs `--project`. One sentence otherwise.
 */
export async function projectOfDirectory(ctx: Context, dir: string, projectArg: string | undefined): Promise<{ projectId: bigint; codeDir: string; workspace?: FoundWorkspace }> {
  const requested = projectArg !== undefined ? parseId(projectArg, "project") : undefined;
  const workspace = await findWorkspace(dir);
  if (workspace) return { projectId: checkWorkspaceMatches(workspace, ctx, requested), codeDir: workspace.codeDir, workspace };
  if (requested === undefined) {
    throw new CliError(`${dir} is not a checkout of a project (no .research/workspace.json): run \`research checkout <project-id>\` first, or pass --project <id>.`);
  }
  return { projectId: requested, codeDir: dir };
}

/** Measures a directory for a project as a verifier would (the benchmark bundle root-checked). */
export async function measureForProject(ctx: Context, dir: string, projectArg: string | undefined, label = "bench"): Promise<DirectoryMeasurement> {
  const { projectId, codeDir, workspace } = await projectOfDirectory(ctx, dir, projectArg);
  const project = await readProject(ctx, projectId);
  const protocol = await fetchProtocol(ctx, project.protocolHash);
  const bench = await benchmarkBundleFor(ctx, project.benchmarkHash, workspace);
  const measurement = await measureDirectory(codeDir, bench, protocol.benchmarkPlan, ctx.out, label);
  return { projectId, codeDir, code: measurement.code, codeRoot: await computeRoot(measurement.code), plan: protocol.benchmarkPlan, measurement, workspace };
}

export type ImpliedReview = { decision: Decision; reason: string; claimed: bigint; best: bigint; required: bigint };

/** What a verifier would decide, now, for a fresh proposal claiming `claimed` whose code measures `measured`. */
export async function impliedReviewOf(ctx: Context, projectId: bigint, plan: BenchmarkPlan, claimed: bigint, measured: bigint): Promise<ImpliedReview> {
  const [project, [, meets]] = await Promise.all([
    readProject(ctx, projectId),
    read<[bigint, boolean]>(ctx, ctx.addresses.registry, ABI.registry, "improvementOf", [projectId, measured]),
  ]);
  // A fresh submission: no approval has overtaken it yet.
  const { decision, reason } = decide({ claimed, measured, tolerance: toleranceOfPpm(project.config.tolerancePpm), meets, bestMovedSinceSubmission: false });
  const required = requiredScoreOf({ best: project.currentBestAggregateScore, minImprovement: project.config.minImprovement, lowerIsBetter: project.config.lowerIsBetter });
  return { decision, reason, claimed, best: project.currentBestAggregateScore, required };
}

export async function benchCommand(dir: string, options: BenchOptions, globals: GlobalOptions, out: Output): Promise<void> {
  const claimInput = options.score !== undefined || options.fixedScore !== undefined ? claimedScoreInput(options) : undefined;
  const ctx = await loadContext(out, globals);
  const measured = await measureForProject(ctx, dir, options.project);
  const { plan, measurement, projectId } = measured;
  const scale = BigInt(plan.scale);
  const claimed = claimInput ? toFixedScore(claimInput, scale) : measurement.median;
  const review = await impliedReviewOf(ctx, projectId, plan, claimed, measurement.median);
  if (options.saveLog) await writeFile(options.saveLog, measurement.log);
  const show = (score: bigint) => `${formatScore(score, scale)}${plan.unit ? ` ${plan.unit}` : ""}`;
  out.result(
    {
      ok: true,
      projectId,
      dir: measured.codeDir,
      codeRoot: measured.codeRoot,
      scores: measurement.scores,
      median: measurement.median,
      claimed,
      networkBest: review.best,
      requiredScore: review.required,
      verdict: review.decision,
      reason: review.reason,
      log: options.saveLog ?? null,
    },
    () => {
      const color = review.decision === "approve" ? out.c.green : out.c.red;
      out.line(`${out.c.bold(`Measured ${show(measurement.median)}`)} (median of ${measurement.scores.length}: ${measurement.scores.join(", ")}) for project #${projectId}.`);
      out.line(`  on-chain best ${show(review.best)}; a submission needs ${show(review.required)}`);
      out.line(`  a verifier would ${color(review.decision)} a claim of ${show(claimed)}: it ${review.reason}`);
      if (options.saveLog) out.line(`  log ${options.saveLog}`);
    },
  );
}
