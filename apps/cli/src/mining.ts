/**
 * The mining loop's rules, pure so they are tested alone: the session's budgets (from the flags,
 * else the protocol's optional `miningLoop` section), when the loop stops and why, and the session
 * record that `--resume` continues.
 */
import type { MiningLoop } from "@orm/protocol/document";
import { CliError } from "./output.ts";

/** The budgets of one mining session; `undefined` is no limit. */
export type MiningBudgets = {
  maxTrials: number;
  /** Wall-clock seconds for this run of the loop. */
  maxWallSeconds?: number;
  /** Stop after this many trials in a row that did not improve the loop's best. */
  maxStagnant?: number;
  stopAfterSubmit: boolean;
  maxSubmissions?: number;
  /** Wei the session may spend (stake bought and gas), across resumes. */
  maxSpendWei?: bigint;
};

/** The protocol's optional `miningLoop` section, as `@orm/protocol/document` validates it. */
export type MiningLoopSection = MiningLoop;

export type BudgetFlags = {
  trials?: string;
  maxWall?: string;
  maxStagnant?: string;
  stopAfterSubmit?: boolean;
  maxSubmissions?: string;
  maxSpend?: string;
};

const DEFAULT_TRIALS = 10;

function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new CliError(`${flag} must be a whole number of at least ${min}, not "${value}".`);
  return n;
}

/** The session's budgets: each flag, else the protocol's `miningLoop` value, else the default (no limit; 10 trials). */
export function budgetsOf(flags: BudgetFlags, section: MiningLoopSection = {}): MiningBudgets {
  const maxSpend = flags.maxSpend?.trim();
  if (maxSpend !== undefined && !/^\d+$/.test(maxSpend)) throw new CliError(`--max-spend takes wei as a whole number, not "${flags.maxSpend}".`);
  return {
    maxTrials: wholeNumber(flags.trials, "--trials", 1) ?? section.maxTrials ?? DEFAULT_TRIALS,
    maxWallSeconds: wholeNumber(flags.maxWall, "--max-wall", 1) ?? section.maxWallSeconds,
    maxStagnant: wholeNumber(flags.maxStagnant, "--max-stagnant", 1) ?? section.maxStagnantTrials,
    stopAfterSubmit: flags.stopAfterSubmit ?? section.stopAfterSubmit ?? false,
    maxSubmissions: wholeNumber(flags.maxSubmissions, "--max-submissions", 1) ?? section.maxSubmissions,
    maxSpendWei: maxSpend !== undefined ? BigInt(maxSpend) : section.maxSpendWei !== undefined ? BigInt(section.maxSpendWei) : undefined,
  };
}

/** What the loop has done so far (kept in `.research/session.json`, continued by `--resume`). */
export type SessionState = {
  schema: typeof SESSION_SCHEMA;
  projectId: string;
  chainId: number;
  registry: string;
  startedAt: string;
  /** Trials run in this session, across resumes (the next trial's number is this plus one). */
  trials: number;
  loopBest: string;
  /** The last score submitted (a later submission must beat it by the minimum too). */
  lastSubmitted: string | null;
  submissions: number;
  /** Wei spent: the account's balance drop across submissions (stake bought and gas). */
  spentWei: string;
  /** Trials in a row that did not improve the loop's best. */
  stagnant: number;
};

export const SESSION_SCHEMA = "open-research-market/mining-session@1";

export type StopReason = "trials" | "max-wall" | "max-stagnant" | "stop-after-submit" | "max-submissions" | "max-spend";

/**
 * Why the loop stops before the next trial, or undefined to go on. `trialsThisRun` counts this run
 * only (`--trials` is per run, like `--max-wall`); submissions and spend count the whole session.
 */
export function stopReasonOf(budgets: MiningBudgets, state: Pick<SessionState, "submissions" | "stagnant" | "spentWei">, run: { trialsThisRun: number; elapsedMs: number; submittedThisRun: number }): { reason: StopReason; sentence: string } | undefined {
  if (budgets.stopAfterSubmit && run.submittedThisRun > 0) return { reason: "stop-after-submit", sentence: "a proposal was submitted (--stop-after-submit)." };
  if (budgets.maxSubmissions !== undefined && state.submissions >= budgets.maxSubmissions) {
    return { reason: "max-submissions", sentence: `the session submitted ${state.submissions} proposal${state.submissions === 1 ? "" : "s"}, its --max-submissions.` };
  }
  if (budgets.maxSpendWei !== undefined && BigInt(state.spentWei) >= budgets.maxSpendWei) {
    return { reason: "max-spend", sentence: `the session spent ${state.spentWei} wei, its --max-spend of ${budgets.maxSpendWei}.` };
  }
  if (budgets.maxStagnant !== undefined && state.stagnant >= budgets.maxStagnant) {
    return { reason: "max-stagnant", sentence: `${state.stagnant} trials in a row did not improve the loop's best (--max-stagnant ${budgets.maxStagnant}).` };
  }
  if (budgets.maxWallSeconds !== undefined && run.elapsedMs >= budgets.maxWallSeconds * 1000) {
    return { reason: "max-wall", sentence: `${Math.round(run.elapsedMs / 1000)} s passed, the --max-wall of ${budgets.maxWallSeconds} s.` };
  }
  if (run.trialsThisRun >= budgets.maxTrials) return { reason: "trials", sentence: `${run.trialsThisRun} trial${run.trialsThisRun === 1 ? "" : "s"} ran, as asked.` };
  return undefined;
}

/** Refuses a session record of another project, chain or deployment, in one sentence. */
export function checkResumable(state: SessionState | undefined, expected: { projectId: bigint; chainId: number; registry: string }, dir: string): SessionState {
  if (!state || state.schema !== SESSION_SCHEMA) throw new CliError(`${dir} holds no mining session to resume; leave out --resume to start one.`);
  if (state.projectId !== String(expected.projectId)) throw new CliError(`${dir} holds a mining session of project #${state.projectId}, not of project #${expected.projectId}; it cannot be resumed here.`);
  if (state.chainId !== expected.chainId || state.registry.toLowerCase() !== expected.registry.toLowerCase()) {
    throw new CliError(`${dir} holds a mining session on chain ${state.chainId} (registry ${state.registry}), not on this deployment; it cannot be resumed here.`);
  }
  return state;
}
