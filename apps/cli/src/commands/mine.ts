/**
 * `research mine <project-id> --agent "<command>"`: the autonomous research loop, in a workspace
 * (`workspace.ts`: the clean checkout the agent edits, the read-only benchmark bundle, the brief
 * `program.md`, a `bench` script, `trials.jsonl`, SKILL.md).
 *
 *   preflight  <- the RPC and the relay answer (the artifacts are fetched and root-checked), the
 *                 account can pay for a submission's gas and holds the stake or may buy it within
 *                 --max-spend; nothing is sent
 *   loop best  <- the checkout measured in the sandbox (or, with --resume, the session's)
 *   each trial: rewrite the brief, run the agent (any program that edits checkout/; `sh -c` in it,
 *     not sandboxed: it is your own tool, but it never sees the wallet's secrets), benchmark the
 *     result exactly as a verifier would, keep the change if it beats the loop's best and restore the
 *     previous tree otherwise, save the log and the diff, append the trial to trials.jsonl. When a
 *     kept result beats the freshly read on-chain best by the project's minimum, submit it (asking
 *     first unless --auto-submit; without a terminal and without --auto-submit it is logged, not
 *     submitted). The loop stops at the first budget reached (`stopReasonOf`), saying which.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import type { Address, LocalAccount } from "viem";

import { improvementOf } from "@orm/protocol/curve";
import { miningLoopSchema } from "@orm/protocol/document";
import { formatScore } from "@orm/protocol/format";
import { maxCostWithSlippage } from "@orm/protocol/slippage";
import { PACK_EXCLUDES, packTree, readTree, type FileTree } from "../archive.ts";
import { measureCode, type Measurement } from "../bench.ts";
import type { TrialRecord } from "../brief.ts";
import { ABI, explainError, loadContext, minimumStakeOf, parseId, read, readProject, type Context, type GlobalOptions } from "../chain.ts";
import { estimateSubmissionGas, feePerGasOf, gasReserveOf, type SubmissionGas } from "../gas.ts";
import { budgetsOf, checkResumable, SESSION_SCHEMA, stopReasonOf, type BudgetFlags, type MiningBudgets, type MiningLoopSection, type SessionState, type StopReason } from "../mining.ts";
import { loadSigner } from "../signer.ts";
import { CliError, type Output } from "../output.ts";
import { confirm, isInteractive } from "../prompt.ts";
import { computeRoot } from "../storage.ts";
import { fetchProjectArtifacts, writeBrief, writeWorkspace, workspacePaths, readWorkspaceMeta, type ProjectArtifacts, type WorkspacePaths } from "../workspace.ts";
import { parseAddress, parseAmount, submitProposal } from "./submit.ts";

export type MineOptions = BudgetFlags & {
  agent: string;
  workdir?: string;
  autoSubmit?: boolean;
  stake?: string;
  buy?: boolean;
  agentTimeout?: string;
  /** More variables (by name) the agent may see beyond the allow-list; wallet secrets never pass. */
  agentEnv?: string[];
  recipient?: string;
  resume?: boolean;
};

/**
 * What an agent's environment may hold, by name (an allow-list: a variable nobody thought of stays
 * with the CLI): the shell basics (path, home, locale, terminal, temp, proxies and CA files), the
 * CLI's own settings (`RESEARCH_*`: URLs, the project, not secrets) and a model provider's endpoint and
 * key (`*_API_KEY`, `*_BASE_URL`, `*_API_BASE`); more with `--agent-env NAME`. The agent is any
 * program, run unattended, often one that sends what it reads to a model provider.
 */
const AGENT_ALLOWED =
  /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|TERM|COLORTERM|NO_COLOR|FORCE_COLOR|TZ|TMPDIR|TEMP|TMP|SSL_CERT_FILE|SSL_CERT_DIR|NODE_EXTRA_CA_CERTS|HTTPS?_PROXY|NO_PROXY|ALL_PROXY)$|^(LC|XDG)_|^RESEARCH_|_API_KEY$|_BASE_URL$|_API_BASE$/i;

/**
 * Names an agent never sees, even when allowed above or named by `--agent-env`: what unlocks or names
 * a wallet's key (the keystore's passphrase and path, the dev account the CLI signs as, private keys,
 * mnemonics). The wallet stays with the CLI, which alone signs (and only what the loop submits).
 */
const AGENT_WITHHELD = /^(RESEARCH_PASSPHRASE|RESEARCH_PASSPHRASE_FILE|RESEARCH_KEYSTORE|RESEARCH_DEV_ACCOUNT)$|PASSPHRASE|PRIVATE_KEY|MNEMONIC|DEPLOYER_KEY|SEED_PHRASE/i;

/**
 * The agent's environment: the parent's allowed variables (plus `extra` names) without the withheld
 * ones, then the trial's own.
 */
export function agentEnvironment(
  parent: NodeJS.ProcessEnv,
  trial: Record<string, string>,
  extra: readonly string[] = [],
): NodeJS.ProcessEnv {
  const passes = (name: string) => (AGENT_ALLOWED.test(name) || extra.includes(name)) && !AGENT_WITHHELD.test(name);
  const kept = Object.fromEntries(Object.entries(parent).filter(([name]) => passes(name)));
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


/** A unified diff from `before` to `after` (both written to a scratch folder; `diff -ruN a b`). */
async function treeDiff(before: FileTree, after: FileTree): Promise<string> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), "research-diff-"));
  try {
    for (const [side, tree] of [["a", before], ["b", after]] as const) {
      await mkdir(path.join(scratch, side));
      for (const [name, body] of Object.entries(tree)) {
        await mkdir(path.dirname(path.join(scratch, side, name)), { recursive: true });
        await writeFile(path.join(scratch, side, name), body);
      }
    }
    const result = spawnSync("diff", ["-ruN", "a", "b"], { cwd: scratch, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    return result.stdout ?? "";
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

type Funds = { gasReserve: bigint; missingStake: bigint; buyCost: bigint; gas: SubmissionGas };

type FundsParameters = { projectId: bigint; token: Address; stake: bigint; recipient?: Address; claimedScore?: bigint };

/**
 * What the next submission may cost: the missing stake at the quote plus slippage, and the gas of
 * its transactions as the chain estimates them now (`gas.ts`), at today's fee with a margin.
 */
async function fundsForSubmission(ctx: Context, account: LocalAccount, { projectId, token, stake, recipient, claimedScore }: FundsParameters): Promise<Funds> {
  const [feePerGas, held] = await Promise.all([feePerGasOf(ctx), read<bigint>(ctx, token, ABI.token, "balanceOf", [account.address])]);
  const missingStake = held >= stake ? 0n : stake - held;
  const buyCost = missingStake > 0n ? maxCostWithSlippage(await read<bigint>(ctx, token, ABI.token, "quoteBuyExact", [missingStake])) : 0n;
  const gas = await estimateSubmissionGas(ctx, account, { projectId, token, stake, recipient, claimedScore, buy: missingStake > 0n ? { amount: missingStake, maxCost: buyCost } : undefined });
  return { gasReserve: gasReserveOf(gas, feePerGas), missingStake, buyCost, gas };
}

/**
 * Before the first trial: the account can pay a submission's gas, and holds the stake or may buy it
 * (--buy) within its balance and --max-spend. One sentence otherwise, and nothing sent.
 */
async function preflight(ctx: Context, account: LocalAccount, funding: FundsParameters, buy: boolean, budgets: MiningBudgets): Promise<Funds & { balance: bigint }> {
  const { stake } = funding;
  const address = account.address;
  const balance = await ctx.client.getBalance({ address });
  const held = await read<bigint>(ctx, funding.token, ABI.token, "balanceOf", [address]);
  if (held < stake && !buy) {
    throw new CliError(`${address} holds ${held} of the ${stake} tokens a submission stakes; pass --buy to buy the missing ${stake - held} (within --max-spend), or buy them first.`);
  }
  if (held < stake && balance < maxCostWithSlippage(await read<bigint>(ctx, funding.token, ABI.token, "quoteBuyExact", [stake - held]))) {
    throw new CliError(`${address} has ${balance} wei, less than buying the missing ${stake - held} tokens of the stake costs; fund it before mining.`);
  }
  const funds = await fundsForSubmission(ctx, account, funding);
  const needed = funds.gasReserve + funds.buyCost;
  if (balance < needed) {
    throw new CliError(`${address} has ${balance} wei, less than the ${needed} wei a submission may need (${funds.buyCost} for the missing stake, ${funds.gasReserve} for gas); fund it before mining.`);
  }
  if (budgets.maxSpendWei !== undefined && needed > budgets.maxSpendWei) {
    throw new CliError(`A submission may cost up to ${needed} wei (${funds.buyCost} for the missing stake, ${funds.gasReserve} for gas), more than --max-spend ${budgets.maxSpendWei}.`);
  }
  return { ...funds, balance };
}

async function readSession(file: string): Promise<SessionState | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as SessionState;
  } catch {
    return undefined;
  }
}

async function readTrials(file: string): Promise<TrialRecord[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as TrialRecord);
}

/** The protocol's optional `miningLoop` section (validated by the shared schema when the project was created). */
function miningLoopOf(protocol: Record<string, unknown>): MiningLoopSection {
  if (protocol.miningLoop === undefined) return {};
  const parsed = miningLoopSchema.safeParse(protocol.miningLoop);
  if (!parsed.success) throw new CliError(`The protocol's miningLoop section is malformed (${parsed.error.issues[0]!.path.join(".")}: ${parsed.error.issues[0]!.message}); pass the budgets as flags instead.`);
  return parsed.data;
}

export async function mineCommand(projectArg: string, options: MineOptions, globals: GlobalOptions, out: Output): Promise<void> {
  const projectId = parseId(projectArg, "project");
  const stakeFlag = options.stake !== undefined ? parseAmount(options.stake, "--stake") : undefined;
  const recipient = options.recipient !== undefined ? parseAddress(options.recipient) : undefined;
  const agentTimeoutMs = Math.max(1, Number(options.agentTimeout ?? 600)) * 1000;
  budgetsOf(options); // bad flags are refused before the chain is asked anything
  const ctx: Context = await loadContext(out, globals);
  const workdir = path.resolve(options.workdir ?? `research-mine-${projectId}`);
  const paths: WorkspacePaths = workspacePaths(workdir);
  const sessionFile = path.join(workdir, ".research", "session.json");
  const expected = { projectId, chainId: ctx.chain.id, registry: ctx.addresses.registry };
  const resumed = options.resume ? checkResumable(await readSession(sessionFile), expected, workdir) : undefined;

  const artifacts: ProjectArtifacts = await fetchProjectArtifacts(ctx, projectId);
  const { project, protocol } = artifacts;
  const plan = protocol.benchmarkPlan;
  const budgets = budgetsOf(options, miningLoopOf(protocol));
  const scale = project.config.metricScale;
  const lower = project.config.lowerIsBetter;
  const better = (a: bigint, b: bigint) => (lower ? a < b : a > b);
  const show = (score: bigint) => `${formatScore(score, scale)}${plan.unit ? ` ${plan.unit}` : ""}`;
  const account = await loadSigner(ctx);
  const minimum = minimumStakeOf(project.config);
  const stake = stakeFlag ?? minimum;
  if (stake < minimum) throw new CliError(`The stake ${stake} is below project #${projectId}'s minimum of ${minimum}${minimum > project.config.minStake ? ` (${project.config.minStake} for each of its ${project.config.reviewQuorum} review seats)` : ""}.`);
  // Only a session that may submit (unattended with --auto-submit, or asking on a terminal) needs the funds for it.
  if (options.autoSubmit || isInteractive()) {
    const funds = await preflight(ctx, account, { projectId, token: project.token, stake, recipient }, Boolean(options.buy), budgets);
    const { commit, reveal, buy, revealEstimated } = funds.gas;
    out.progress(
      `preflight: ${account.address} has ${funds.balance} wei; a submission stakes ${stake}${funds.missingStake ? ` (${funds.missingStake} to buy for at most ${funds.buyCost} wei)` : ""}, gas reserve ${funds.gasReserve} wei (gas: commit ${commit}, reveal ${reveal}${revealEstimated ? "" : " (not estimable before the stake is held)"}${buy ? `, buy ${buy}` : ""})`,
    );
  } else {
    out.progress("no submissions this session (no --auto-submit and no terminal to ask on), so no funds are checked");
  }

  let state: SessionState;
  let trials: TrialRecord[];
  let startScore: bigint;
  if (resumed) {
    const meta = await readWorkspaceMeta(paths).catch(() => undefined);
    if (!meta || !existsSync(paths.checkout)) throw new CliError(`${workdir} holds no checkout to resume; leave out --resume to start a new session.`);
    state = resumed;
    trials = await readTrials(paths.trials);
    startScore = BigInt(state.loopBest);
    out.progress(`resuming the session of ${state.startedAt} after ${state.trials} trials; loop best ${show(startScore)}`);
  } else {
    // A new session in an old workspace of this project (another project's is refused): the old trials are kept aside.
    await writeWorkspace(ctx, workdir, { artifacts, force: true });
    if (existsSync(paths.trials)) await rename(paths.trials, path.join(workdir, `trials-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl`));
    out.progress(`checkout of ${artifacts.source} ${artifacts.codeRoot} in ${paths.checkout}`);
    const first = await measureCode(await packTree(await readTree(paths.checkout)), artifacts.bench, plan, out, "checkout");
    startScore = first.median;
    trials = [];
    state = {
      schema: SESSION_SCHEMA,
      projectId: String(projectId),
      chainId: ctx.chain.id,
      registry: ctx.addresses.registry,
      startedAt: new Date().toISOString(),
      trials: 0,
      loopBest: String(first.median),
      lastSubmitted: null,
      submissions: 0,
      spentWei: "0",
      stagnant: 0,
    };
  }
  const saveState = () => writeFile(sessionFile, `${JSON.stringify(state, null, 2)}\n`);
  await saveState();
  const logsDir = path.join(workdir, "logs");
  await mkdir(logsDir, { recursive: true });
  const hypothesisFile = path.join(workdir, ".research", "hypothesis.txt");
  out.progress(`loop best ${show(BigInt(state.loopBest))}; on-chain best ${show(project.currentBestAggregateScore)}`);

  const runStarted = Date.now();
  const records: TrialRecord[] = [];
  const submitted: Array<{ proposalId: bigint; score: bigint; url: string }> = [];
  let stop: { reason: StopReason; sentence: string } | undefined;
  const spendStop: { sentence?: string } = {};
  for (;;) {
    stop = spendStop.sentence ? { reason: "max-spend", sentence: spendStop.sentence } : stopReasonOf(budgets, state, { trialsThisRun: records.length, elapsedMs: Date.now() - runStarted, submittedThisRun: submitted.length });
    if (stop) break;
    const n = state.trials + 1;
    const started = Date.now();
    const loopBest = BigInt(state.loopBest);
    const networkBest = (await readProject(ctx, projectId)).currentBestAggregateScore;
    await writeBrief(paths, artifacts, { networkBest, loopBest, trials });
    await rm(hypothesisFile, { force: true });
    const before = await readTree(paths.checkout);
    out.progress(`trial ${n}: ${options.agent}`);
    const agentExitCode = await runAgent(
      options.agent,
      paths.checkout,
      agentEnvironment(process.env, {
        RESEARCH_TRIAL: String(n),
        RESEARCH_PROJECT: String(projectId),
        RESEARCH_BEST_SCORE: String(loopBest),
        RESEARCH_NETWORK_BEST: String(networkBest),
        RESEARCH_SCALE: String(scale),
        RESEARCH_DIRECTION: plan.direction,
        RESEARCH_METRIC: plan.metric,
        RESEARCH_BENCHMARK_COMMAND: plan.command,
        RESEARCH_WORKDIR: workdir,
        RESEARCH_CHECKOUT: paths.checkout,
        RESEARCH_BRIEF: paths.brief,
        RESEARCH_BENCHMARK_DIR: paths.benchmark,
        RESEARCH_BENCH: paths.bench,
        RESEARCH_TRIALS: paths.trials,
        RESEARCH_SKILL: paths.skill,
        RESEARCH_HYPOTHESIS_FILE: hypothesisFile,
      }, options.agentEnv ?? []),
      agentTimeoutMs,
      out,
    );
    const hypothesis = (await readFile(hypothesisFile, "utf8").catch(() => "")).split("\n")[0]!.trim().slice(0, 500) || null;
    const record: TrialRecord = {
      trial: n,
      startedAt: new Date(started).toISOString(),
      durationMs: 0,
      hypothesis,
      agentExitCode,
      scores: [],
      median: null,
      kept: false,
      loopBest: String(loopBest),
      networkBest: String(networkBest),
      codeRoot: null,
      log: null,
      diff: null,
    };
    let measurement: Measurement | undefined;
    let code: Uint8Array | undefined;
    try {
      if (agentExitCode !== 0) throw new CliError(`the agent exited with ${agentExitCode === null ? "no code (killed or timed out)" : `code ${agentExitCode}`}`);
      const after = await readTree(paths.checkout);
      const diff = await treeDiff(before, after);
      record.diff = path.join("logs", `trial-${n}.diff`);
      await writeFile(path.join(workdir, record.diff), diff);
      code = await packTree(after);
      record.codeRoot = await computeRoot(code);
      measurement = await measureCode(code, artifacts.bench, plan, out, `trial ${n}`);
      record.log = path.join("logs", `trial-${n}.log`);
      await writeFile(path.join(workdir, record.log), measurement.log);
      record.scores = measurement.scores.map(String);
      record.median = String(measurement.median);
      record.kept = better(measurement.median, loopBest);
    } catch (error) {
      record.error = (error as Error).message;
      out.progress(`trial ${n}: ${record.error}`);
    }
    if (record.kept && measurement && code) {
      state.loopBest = String(measurement.median);
      state.stagnant = 0;
      record.loopBest = state.loopBest;
      out.progress(`trial ${n}: kept, ${show(measurement.median)} is the loop's new best`);
      record.submitted = await maybeSubmit(ctx, { ...options, recipient }, account, { projectId, code, measurement, stake, lower, budgets, state, show, trial: n, submitted, spendStop });
    } else {
      state.stagnant += 1;
      await restore(paths.checkout, before);
      if (!record.error) out.progress(`trial ${n}: ${measurement ? show(measurement.median) : "no score"} does not beat ${show(loopBest)}; discarded`);
    }
    record.durationMs = Date.now() - started;
    state.trials = n;
    records.push(record);
    trials.push(record);
    await appendFile(paths.trials, `${JSON.stringify(record)}\n`);
    await saveState();
  }
  const networkBest = (await readProject(ctx, projectId)).currentBestAggregateScore;
  await writeBrief(paths, artifacts, { networkBest, loopBest: BigInt(state.loopBest), trials });
  out.progress(`stopping: ${stop.sentence}`);

  const result = {
    ok: true,
    projectId,
    workdir,
    trialsFile: paths.trials,
    brief: paths.brief,
    resumed: Boolean(resumed),
    startScore,
    loopBest: BigInt(state.loopBest),
    trials: records,
    kept: records.filter((r) => r.kept).length,
    submitted,
    spentWei: BigInt(state.spentWei),
    stopReason: stop.reason,
    stopped: stop.sentence,
  };
  out.result(result, () => {
    out.line(`${out.c.bold(`Mined project #${projectId}`)}: ${records.length} trials, ${result.kept} kept; loop best ${show(result.loopBest)} (from ${show(startScore)}). Stopped: ${stop.sentence}`);
    for (const s of submitted) out.line(`  ${out.c.green(`submitted #${s.proposalId}`)} at ${show(s.score)}  ${out.c.cyan(s.url)}`);
    out.line(`  checkout ${paths.checkout}`);
    out.line(`  trials   ${paths.trials}`);
  });
}

type SubmitStep = {
  projectId: bigint;
  code: Uint8Array;
  measurement: Measurement;
  stake: bigint;
  lower: boolean;
  budgets: MiningBudgets;
  state: SessionState;
  show: (score: bigint) => string;
  trial: number;
  submitted: Array<{ proposalId: bigint; score: bigint; url: string }>;
  /** Set when the spend cap cannot pay for a submission: the loop stops on it. */
  spendStop: { sentence?: string };
};

/**
 * A kept result is submitted when it beats the freshly read on-chain best by the minimum (and the
 * session's last submission by the minimum too, or approving the first would only supersede it),
 * the spend cap leaves room for it, and the miner agrees (or --auto-submit). `submitProposal` sends it.
 */
async function maybeSubmit(ctx: Context, options: MineOptions & { recipient?: Address }, account: Awaited<ReturnType<typeof loadSigner>>, step: SubmitStep): Promise<TrialRecord["submitted"]> {
  const { out } = ctx;
  const { projectId, measurement, state, show, trial } = step;
  const score = measurement.median;
  const fresh = await readProject(ctx, projectId);
  const [, meets] = await read<[bigint, boolean]>(ctx, ctx.addresses.registry, ABI.registry, "improvementOf", [projectId, score]);
  const gain = state.lastSubmitted === null ? undefined : improvementOf(BigInt(state.lastSubmitted), score, step.lower);
  const beatsLast = gain === undefined || (gain > 0n && gain >= fresh.config.minImprovement);
  if (!meets || !beatsLast) return undefined;
  if (step.budgets.maxSpendWei !== undefined) {
    let funds: Funds;
    try {
      funds = await fundsForSubmission(ctx, account, { projectId, token: fresh.token, stake: step.stake, recipient: options.recipient, claimedScore: score });
    } catch (error) {
      const skipped = `its cost could not be estimated: ${explainError(error)}`;
      out.progress(`trial ${trial}: not submitted: ${skipped}`);
      return { skipped };
    }
    const left = step.budgets.maxSpendWei - BigInt(state.spentWei);
    if (funds.gasReserve + funds.buyCost > left) {
      const skipped = `it may cost ${funds.gasReserve + funds.buyCost} wei and --max-spend leaves ${left}`;
      out.progress(`trial ${trial}: not submitted: ${skipped}`);
      step.spendStop.sentence = `the next submission ${skipped} (spent ${state.spentWei} wei).`;
      return { skipped };
    }
  }
  const question = `Trial ${trial} scores ${show(score)}, beating the on-chain best ${show(fresh.currentBestAggregateScore)} by the minimum. Submit it?`;
  const go = options.autoSubmit || (await confirm(question));
  if (!go) {
    const skipped = options.autoSubmit ? "declined" : "needs confirmation (pass --auto-submit to submit unattended)";
    out.progress(`trial ${trial}: not submitted (${skipped})`);
    return { skipped };
  }
  const balanceBefore = await ctx.client.getBalance({ address: account.address });
  try {
    const result = await submitProposal(ctx, account, {
      projectId,
      code: step.code,
      log: new TextEncoder().encode(measurement.log),
      claimedScore: score,
      stake: step.stake,
      buy: options.buy,
      recipient: options.recipient,
      measured: true,
    });
    step.submitted.push({ proposalId: result.proposalId, score, url: result.url });
    state.lastSubmitted = String(score);
    state.submissions += 1;
    out.progress(`trial ${trial}: submitted as proposal #${result.proposalId} ${result.url}`);
    return { proposalId: String(result.proposalId), url: result.url };
  } catch (error) {
    out.progress(`trial ${trial}: not submitted: ${(error as Error).message}`);
    return { skipped: (error as Error).message };
  } finally {
    const balanceAfter = await ctx.client.getBalance({ address: account.address });
    if (balanceAfter < balanceBefore) state.spentWei = String(BigInt(state.spentWei) + balanceBefore - balanceAfter);
  }
}
