/**
 * Measuring: a fresh temporary directory (always removed), the bundles unpacked into it (the code,
 * then the benchmark bundle over it, so a code bundle cannot replace the harness), and the
 * protocol's command run `runs` times in the sandbox; the median is the measured score.
 */
import { mkdtemp, rm, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { formatScore } from "@orm/protocol/format";
import { packTree, readTree, unpackInto } from "./archive.ts";
import type { Output } from "./output.ts";
import { BenchmarkError, median, runSandboxed, type RunResult } from "./sandbox.ts";
import type { BenchmarkPlan } from "./storage.ts";

/** Runs `body` with a fresh temporary directory and removes it afterwards, whatever happens. */
export async function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `research-${prefix}-`));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    void cleanup().finally(() => process.kill(process.pid, signal));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await body(dir);
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await cleanup();
  }
}

export type Bundle = { bytes: Uint8Array; label: string };

/** Unpacks the bundles, in order, into a new `work` folder under `base`; returns its path. */
export async function unpackBundles(base: string, bundles: Bundle[]): Promise<string> {
  const work = path.join(base, "work");
  await mkdir(work, { recursive: true });
  for (const bundle of bundles) await unpackInto(bundle.bytes, work, bundle.label);
  return work;
}

export type Measurement = { scores: bigint[]; median: bigint; runs: Array<Omit<RunResult, "stdout" | "stderr" | "metrics">>; log: string; metrics?: unknown };

/** The protocol's command, `plan.runs` times, in the sandbox over `work`. */
export async function measure(work: string, plan: BenchmarkPlan, out: Output, options: { runs?: number; label?: string } = {}): Promise<Measurement> {
  const runs = options.runs ?? plan.runs;
  const scores: bigint[] = [];
  const summaries: Measurement["runs"] = [];
  const logParts: string[] = [];
  let metrics: unknown;
  for (let i = 1; i <= runs; i++) {
    out.progress(`${options.label ? `${options.label}: ` : ""}run ${i}/${runs}: ${plan.command} (sandbox: ${plan.limits.cpuSeconds} s CPU, ${plan.limits.memoryMiB} MiB, ${plan.limits.wallSeconds} s wall)`);
    logParts.push(`$ ${plan.command}    # run ${i} of ${runs}`);
    let result: RunResult;
    try {
      result = await runSandboxed(work, plan.command, plan.limits);
    } catch (error) {
      if (error instanceof BenchmarkError) {
        logParts.push(error.stdout, error.stderr, `# failed: ${error.message}`);
        error.message = runs > 1 ? `${error.message.replace(/\.$/, "")} (run ${i} of ${runs}).` : error.message;
      }
      throw error;
    }
    scores.push(result.score);
    metrics = result.metrics;
    summaries.push({ score: result.score, exitCode: result.exitCode, durationMs: result.durationMs });
    logParts.push(result.stdout.trimEnd(), result.stderr.trimEnd(), `# score ${result.score} in ${(result.durationMs / 1000).toFixed(2)} s`);
    out.progress(`  score ${[formatScore(result.score, BigInt(plan.scale)), plan.unit].filter(Boolean).join(" ")} (${result.score}) in ${(result.durationMs / 1000).toFixed(1)} s`);
  }
  const mid = median(scores);
  logParts.push(`# median of ${runs}: ${mid}`);
  return { scores, median: mid, runs: summaries, log: `${logParts.filter((part) => part !== "").join("\n")}\n`, metrics };
}

/**
 * Measures code exactly as a verifier does: the code bundle's bytes unpacked into a fresh temporary
 * directory, the benchmark bundle unpacked over them, the protocol's command `runs` times in the
 * sandbox. `mine`, `bench` and `submit --measure` all measure through here, and `verify` the same way.
 */
export async function measureCode(code: Uint8Array, bench: Uint8Array, plan: BenchmarkPlan, out: Output, label: string): Promise<Measurement> {
  return withTempDir("measure", async (dir) => {
    const work = await unpackBundles(dir, [
      { bytes: code, label: "code" },
      { bytes: bench, label: "benchmark bundle" },
    ]);
    return measure(work, plan, out, { label });
  });
}

/** A directory packed as `submit` packs it (the code bundle a verifier would fetch), then measured by `measureCode`. */
export async function measureDirectory(dir: string, bench: Uint8Array, plan: BenchmarkPlan, out: Output, label: string): Promise<Measurement & { code: Uint8Array }> {
  const code = await packTree(await readTree(dir));
  return { ...(await measureCode(code, bench, plan, out, label)), code };
}
