/**
 * `research mine <project-id> --agent "<command>"`: the autonomous research loop.
 *
 *   checkout  <- the project's current best code (the latest approved code root, or the repository
 *                snapshot), fetched by root and checked
 *   loop best <- the checkout measured in the sandbox
 *   each trial: run the agent (any program that edits the checkout; `sh -c` in the checkout, not
 *     sandboxed: it is your own tool), benchmark the result in the sandbox, keep the change if it
 *     beats the loop's best, restore the previous tree otherwise, and append the trial to
 *     trials.jsonl. When a kept result beats the freshly read on-chain best by the project's
 *     minimum, submit it (asking first unless --auto-submit; without a terminal and without
 *     --auto-submit it is logged, not submitted).
 */
import { spawn } from "node:child_process";
import { appendFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import type { Hex } from "viem";

import { improvementOf } from "@orm/protocol/curve";
import { formatScore } from "@orm/protocol/format";
import { PACK_EXCLUDES, packTree, readTree, unpackInto, type FileTree } from "../archive.ts";
import { measure, unpackBundles, withTempDir, type Measurement } from "../bench.ts";
import { ABI, loadContext, parseId, read, readProject, type Context, type GlobalOptions } from "../chain.ts";
import { loadSigner } from "../signer.ts";
import { CliError, type Output } from "../output.ts";
import { confirm } from "../prompt.ts";
import { computeRoot, fetchArtifact, fetchProtocol, type BenchmarkPlan } from "../storage.ts";
import { parseAmount, submitProposal } from "./submit.ts";

export type MineOptions = {
  agent: string;
  trials?: string;
  workdir?: string;
  autoSubmit?: boolean;
  stake?: string;
  buy?: boolean;
  agentTimeout?: string;
};

type Trial = {
  trial: number;
  startedAt: string;
  durationMs: number;
  agentExitCode: number | null;
  score: string | null;
  kept: boolean;
  loopBest: string;
  codeRoot: Hex | null;
  error?: string;
  submitted?: { proposalId: string; url: string } | { skipped: string };
};

/**
 * Names of the variables an agent never sees: what unlocks or names a wallet's key (the keystore's
 * passphrase and path, the dev account the CLI signs as, private keys, mnemonics). The agent is any
 * program, run unattended, often one that sends what it reads to a model provider; the wallet stays
 * with the CLI, which alone signs (and only what the loop decides to submit). The agent's own
 * credentials (a model provider's API key) are not a wallet's, and pass.
 */
const AGENT_WITHHELD = /^(RESEARCH_PASSPHRASE|RESEARCH_KEYSTORE|RESEARCH_DEV_ACCOUNT)$|PASSPHRASE|PRIVATE_KEY|MNEMONIC|DEPLOYER_KEY/i;

/** The agent's environment: the parent's without the withheld variables, plus the trial's own. */
export function agentEnvironment(parent: NodeJS.ProcessEnv, trial: Record<string, string>): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(Object.entries(parent).filter(([name]) => !AGENT_WITHHELD.test(name)));
  return { ...kept, ...trial };
}

function runAgent(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, out: Output): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", command], { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const relay = (chunk: Buffer) => {
      if (!out.quiet) process.stderr.write(chunk.toString().replace(/^(?=.)/gm, "  │ "));
    };
    child.stdout.on("data", relay);
    child.stderr.on("data", relay);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone
      }
    }, timeoutMs);
    child.on("error", () => resolve(null));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Replaces the checkout's contents with `tree` (keeping .git and node_modules). */
async function restore(dir: string, tree: FileTree): Promise<void> {
  for (const entry of await readdir(dir)) {
    if (!PACK_EXCLUDES.has(entry)) await rm(path.join(dir, entry), { recursive: true, force: true });
  }
  for (const [name, body] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), body);
  }
}

async function measureCode(code: Uint8Array, bench: Uint8Array, plan: BenchmarkPlan, out: Output, label: string): Promise<Measurement> {
  return withTempDir("mine", async (dir) => {
    const work = await unpackBundles(dir, [
      { bytes: code, label: "checkout" },
      { bytes: bench, label: "benchmark bundle" },
    ]);
    return measure(work, plan, out, { label });
  });
}

export async function mineCommand(projectArg: string, options: MineOptions, globals: GlobalOptions, out: Output): Promise<void> {
  const ctx: Context = await loadContext(out, globals);
  const projectId = parseId(projectArg, "project");
  const trials = Number(options.trials ?? 10);
  if (!Number.isInteger(trials) || trials < 1) throw new CliError(`--trials must be a whole number >= 1, not "${options.trials}".`);
  const agentTimeoutMs = Math.max(1, Number(options.agentTimeout ?? 600)) * 1000;
  const stake = options.stake !== undefined ? parseAmount(options.stake, "--stake") : undefined;
  const project = await readProject(ctx, projectId);
  const protocol = await fetchProtocol(ctx, project.protocolHash);
  const plan = protocol.benchmarkPlan;
  const scale = project.config.metricScale;
  const lower = project.config.lowerIsBetter;
  const better = (a: bigint, b: bigint) => (lower ? a < b : a > b);
  const show = (score: bigint) => `${formatScore(score, scale)}${plan.unit ? ` ${plan.unit}` : ""}`;
  const account = await loadSigner(ctx);

  const workdir = path.resolve(options.workdir ?? `research-mine-${projectId}`);
  const checkout = path.join(workdir, "checkout");
  const trialsFile = path.join(workdir, "trials.jsonl");
  const zero = /^0x0+$/.test(project.currentBestCodeHash);
  const startRoot = zero ? project.repoSnapshotHash : project.currentBestCodeHash;
  const bench = await fetchArtifact(ctx, project.benchmarkHash, "benchmark bundle");
  const startCode = await fetchArtifact(ctx, startRoot, zero ? "repository snapshot" : "best code bundle");
  await rm(checkout, { recursive: true, force: true });
  await mkdir(checkout, { recursive: true });
  await unpackInto(startCode, checkout, zero ? "repository snapshot" : "best code bundle");
  out.progress(`checkout of ${zero ? "the repository snapshot" : "the current best code"} ${startRoot} in ${checkout}`);

  const first = await measureCode(await packTree(await readTree(checkout)), bench, plan, out, "checkout");
  let loopBest = first.median;
  let lastSubmitted: bigint | undefined;
  out.progress(`loop best ${show(loopBest)}; on-chain best ${show(project.currentBestAggregateScore)}`);
  const records: Trial[] = [];
  const submitted: Array<{ proposalId: bigint; score: bigint; url: string }> = [];

  for (let trial = 1; trial <= trials; trial++) {
    const started = Date.now();
    const before = await readTree(checkout);
    out.progress(`trial ${trial}/${trials}: ${options.agent}`);
    const agentExitCode = await runAgent(
      options.agent,
      checkout,
      agentEnvironment(process.env, {
        RESEARCH_TRIAL: String(trial),
        RESEARCH_PROJECT: String(projectId),
        RESEARCH_BEST_SCORE: String(loopBest),
        RESEARCH_DIRECTION: plan.direction,
        RESEARCH_METRIC: plan.metric,
        RESEARCH_BENCHMARK_COMMAND: plan.command,
      }),
      agentTimeoutMs,
      out,
    );
    const record: Trial = { trial, startedAt: new Date(started).toISOString(), durationMs: 0, agentExitCode, score: null, kept: false, loopBest: String(loopBest), codeRoot: null };
    let measurement: Measurement | undefined;
    let code: Uint8Array | undefined;
    try {
      if (agentExitCode !== 0) throw new CliError(`the agent exited with ${agentExitCode === null ? "no code (killed or timed out)" : `code ${agentExitCode}`}`);
      code = await packTree(await readTree(checkout));
      record.codeRoot = await computeRoot(code);
      measurement = await measureCode(code, bench, plan, out, `trial ${trial}`);
      record.score = String(measurement.median);
      record.kept = better(measurement.median, loopBest);
    } catch (error) {
      record.error = (error as Error).message;
      out.progress(`trial ${trial}: ${record.error}`);
    }
    if (record.kept && measurement && code) {
      loopBest = measurement.median;
      record.loopBest = String(loopBest);
      out.progress(`trial ${trial}: kept, ${show(loopBest)} is the loop's new best`);
      const fresh = await readProject(ctx, projectId);
      const [, meets] = await read<[bigint, boolean]>(ctx, ctx.addresses.registry, ABI.registry, "improvementOf", [projectId, loopBest]);
      // A later submission must beat the last one by the minimum too, or approving the first would only supersede it.
      const gain = lastSubmitted === undefined ? undefined : improvementOf(lastSubmitted, loopBest, lower);
      const beatsLast = gain === undefined || (gain > 0n && gain >= fresh.config.minImprovement);
      if (meets && beatsLast) {
        const question = `Trial ${trial} scores ${show(loopBest)}, beating the on-chain best ${show(fresh.currentBestAggregateScore)} by the minimum. Submit it?`;
        const go = options.autoSubmit || (await confirm(question));
        if (go) {
          try {
            const result = await submitProposal(ctx, account, {
              projectId,
              code,
              log: new TextEncoder().encode(measurement.log),
              claimedScore: loopBest,
              stake,
              buy: options.buy,
            });
            submitted.push({ proposalId: result.proposalId, score: loopBest, url: result.url });
            record.submitted = { proposalId: String(result.proposalId), url: result.url };
            lastSubmitted = loopBest;
            out.progress(`trial ${trial}: submitted as proposal #${result.proposalId} ${result.url}`);
          } catch (error) {
            record.submitted = { skipped: (error as Error).message };
            out.progress(`trial ${trial}: not submitted: ${(error as Error).message}`);
          }
        } else {
          record.submitted = { skipped: options.autoSubmit ? "declined" : "needs confirmation (pass --auto-submit to submit unattended)" };
          out.progress(`trial ${trial}: not submitted (${record.submitted.skipped})`);
        }
      }
    } else {
      await restore(checkout, before);
      if (!record.error) out.progress(`trial ${trial}: ${measurement ? show(measurement.median) : "no score"} does not beat ${show(loopBest)}; discarded`);
    }
    record.durationMs = Date.now() - started;
    records.push(record);
    await appendFile(trialsFile, `${JSON.stringify(record)}\n`);
  }

  const result = {
    ok: true,
    projectId,
    workdir,
    trialsFile,
    startScore: first.median,
    loopBest,
    trials: records,
    kept: records.filter((r) => r.kept).length,
    submitted,
  };
  out.result(result, () => {
    out.line(`${out.c.bold(`Mined project #${projectId}`)}: ${records.length} trials, ${result.kept} kept; loop best ${show(loopBest)} (from ${show(first.median)}).`);
    for (const s of submitted) out.line(`  ${out.c.green(`submitted #${s.proposalId}`)} at ${show(s.score)}  ${out.c.cyan(s.url)}`);
    out.line(`  checkout ${checkout}`);
    out.line(`  trials   ${trialsFile}`);
  });
}
