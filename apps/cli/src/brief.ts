/**
 * The miner's brief, `program.md`: what a coding agent (or a person) needs to improve a project's
 * code, rendered from the root-verified protocol and the chain: the problem, the metric and how it
 * is judged (direction, scale, minimum improvement, tolerance, limits, the command), which files the
 * benchmark bundle replaces, the on-chain best, the loop's best and the last trials. Pure: no I/O.
 */
import { describeMetric, formatTolerance, STATEMENT_SECTIONS } from "@orm/protocol/document";
import { formatScore } from "@orm/protocol/format";
import { requiredScoreOf } from "@orm/protocol/ledger";
import type { BenchmarkPlan, Protocol } from "./storage.ts";

/** One row of `trials.jsonl` (scores are fixed-point integers as decimal strings). */
export type TrialRecord = {
  trial: number;
  startedAt: string;
  durationMs: number;
  /** The agent's one-line hypothesis (from $RESEARCH_HYPOTHESIS_FILE), if it wrote one. */
  hypothesis: string | null;
  agentExitCode: number | null;
  scores: string[];
  median: string | null;
  kept: boolean;
  loopBest: string;
  networkBest: string;
  codeRoot: string | null;
  /** The benchmark log and the diff against the tree the trial started from, relative to the work directory. */
  log: string | null;
  diff: string | null;
  error?: string;
  submitted?: { proposalId: string; url: string } | { skipped: string };
};

export type BriefParameters = {
  projectId: bigint;
  protocol: Protocol;
  plan: BenchmarkPlan;
  config: { metricScale: bigint; minImprovement: bigint; lowerIsBetter: boolean };
  /** What was checked out: "current best code", "proposal #3", … with its root. */
  source: { label: string; root: string };
  networkBest: bigint;
  loopBest?: bigint;
  /** The files the benchmark bundle lays over the code before every run (they cannot be changed by a proposal). */
  replacedFiles: string[];
  trials?: TrialRecord[];
  /** How many of the last trials to show. */
  lastTrials?: number;
};

export function renderBrief(p: BriefParameters): string {
  const { plan, config } = p;
  const scale = config.metricScale;
  const show = (score: bigint) => `${formatScore(score, scale)}${plan.unit ? ` ${plan.unit}` : ""} (fixed point ${score})`;
  const required = requiredScoreOf({ best: p.networkBest, minImprovement: config.minImprovement, lowerIsBetter: config.lowerIsBetter });
  const title = typeof p.protocol.title === "string" ? p.protocol.title : `Project #${p.projectId}`;
  const sections: string[] = [`# ${title}`, "", `Project #${p.projectId}. Checked out: ${p.source.label} (root \`${p.source.root}\`).`];
  for (const [key, heading] of STATEMENT_SECTIONS) {
    const body = p.protocol[key];
    if (typeof body === "string" && body.trim()) sections.push("", `## ${heading}`, "", body.trim());
  }
  sections.push(
    "",
    "## How the work is judged",
    "",
    `- Metric: ${describeMetric(plan)}; scores are fixed point with scale ${plan.scale} (the benchmark prints \`{"score": <integer>}\` as its last line, or writes \`score\` to metrics.json).`,
    `- Command: \`${plan.command}\`, run ${plan.runs} time${plan.runs === 1 ? "" : "s"} in the sandbox; the median counts.`,
    `- Sandbox: no network, ${plan.limits.cpuSeconds} s CPU, ${plan.limits.memoryMiB} MiB memory, ${plan.limits.wallSeconds} s wall clock; only the work directory is writable.`,
    `- A verifier must reproduce a claim ${plan.tolerance === 0 ? "exactly" : `within ${formatTolerance(plan.tolerance)} of it`}; a claim it cannot reproduce is rejected and the stake slashed.`,
    `- Minimum improvement over the best: ${formatScore(config.minImprovement, scale)}${plan.unit ? ` ${plan.unit}` : ""}.`,
    `- The benchmark bundle is laid over the code before every run, so these files are the benchmark's, not yours: ${p.replacedFiles.length ? p.replacedFiles.map((f) => `\`${f}\``).join(", ") : "(none)"}.`,
    "",
    "## Where things stand",
    "",
    `- On-chain best: ${show(p.networkBest)}; a submission must score ${config.lowerIsBetter ? "at most" : "at least"} ${show(required)}.`,
  );
  if (p.loopBest !== undefined) sections.push(`- This loop's best: ${show(p.loopBest)}.`);
  const trials = (p.trials ?? []).slice(-(p.lastTrials ?? 10));
  if (trials.length) {
    sections.push("", `## The last ${trials.length === 1 ? "trial" : `${trials.length} trials`}`, "", "| trial | hypothesis | median | kept | note |", "| --- | --- | --- | --- | --- |");
    for (const t of trials) {
      const median = t.median === null ? "–" : formatScore(BigInt(t.median), scale);
      const note = t.error ?? (t.submitted ? ("proposalId" in t.submitted ? `submitted #${t.submitted.proposalId}` : `not submitted: ${t.submitted.skipped}`) : "");
      sections.push(`| ${t.trial} | ${cell(t.hypothesis ?? "")} | ${median} | ${t.kept ? "yes" : "no"} | ${cell(note)} |`);
    }
  }
  sections.push(
    "",
    "## Your loop",
    "",
    "1. Form one hypothesis; write it as one line to `$RESEARCH_HYPOTHESIS_FILE` (when mining).",
    "2. Edit the code in `checkout/` (never `benchmark/`: it is read-only, and laid over your code anyway).",
    "3. Run `./bench` (or `research bench <this directory>`): it measures `checkout/` exactly as a verifier will and says what the verifier would decide.",
    "4. Keep what improves; `research mine` submits what beats the on-chain best by the minimum (or run `research submit checkout --project " +
      `${p.projectId} --measure\`).`,
    "",
  );
  return sections.join("\n");
}

/** Text safe inside one Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\|/g, "\\|").slice(0, 160);
}
