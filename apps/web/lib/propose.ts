/**
 * The propose screen's words and form as pure functions: the score a claim must reach and the reward
 * rule in sentences, the missing stake, the form's schema. No React, no wagmi: safe on the server and
 * in tests. The ledger's own rules (the reward an approval would mint, the slash split, the score
 * needed) are mirrored once, in `@orm/protocol/ledger`; the submission's steps (checks, permit,
 * arguments, the new id) are the CLI's too, in `@orm/protocol/submission`.
 */
import { isAddress } from "viem";
import { z } from "zod";

import { formatBps, formatScore, formatTokenAmount, parseScore, parseTokenAmount } from "@orm/protocol/format";

// ------------------------------------------------------------------ scores

// The sentence lives in its own module so the verdict form can use it without this form's schema.
export { describeRequiredScore } from "./requiredScore.ts";

// ------------------------------------------------------------------ reward and risk

/** The schedule in words, for the terms list ("50% of the miner pool, minted as the best progresses 5 x from the baseline"). */
export function describeRewardRule({ rewardBps, impactTarget, metricScale, unit }: {
  rewardBps: number;
  impactTarget: bigint;
  metricScale: bigint;
  unit?: string;
}): string {
  const target = `${formatScore(impactTarget, metricScale)}${unit ? ` ${unit}` : ""}`;
  return `${formatBps(rewardBps)} of the miner pool, minted in proportion as the best progresses up to ${target} from the baseline (the same for one approval or several; never more for a larger stake)`;
}

// ------------------------------------------------------------------ the stake

/**
 * Tokens to buy before `stake` can be staked: 0 when the balance covers it, and 0 for a stake below
 * the project's `minStake`, which the form refuses anyway (it says the minimum instead; offering to
 * buy tokens for a stake that cannot be submitted would spend ether for nothing).
 */
export function missingStakeOf(balance: bigint, stake: bigint, minStake = 0n): bigint {
  if (stake < minStake) return 0n;
  return stake > balance ? stake - balance : 0n;
}

// ------------------------------------------------------------------ the form

export type ProposalFormTerms = { metricScale: bigint; minStake: bigint };

/** The form's text fields; the files are held beside them (their roots are computed in the browser). */
export type ProposalFormValues = { claimedScore: string; stake: string; rewardRecipient: string };

/** Digits after the point a score may have at `metricScale` (6 for 1e6). */
function scaleDigits(metricScale: bigint): number {
  return metricScale.toString().length - 1;
}

/** The form's schema for one project: a score at its scale, a whole stake at least its minimum, an address. */
export function createProposalFormSchema({ metricScale, minStake }: ProposalFormTerms) {
  return z.object({
    claimedScore: z
      .string()
      .trim()
      .min(1, "Enter the score your code reaches.")
      .refine(
        (text) => parseScore(text, metricScale) !== undefined,
        `Enter the score in metric units, with at most ${scaleDigits(metricScale)} decimals (e.g. 1.5).`,
      ),
    stake: z
      .string()
      .trim()
      .min(1, "Enter a stake.")
      .refine((text) => parseTokenAmount(text) !== undefined, "Enter a whole number of tokens.")
      .refine(
        (text) => (parseTokenAmount(text) ?? 0n) >= minStake,
        `The stake must be at least ${formatTokenAmount(minStake)} tokens, this project's minimum.`,
      ),
    rewardRecipient: z
      .string()
      .trim()
      .refine((text) => isAddress(text), "Enter an address: 0x followed by 40 hex digits (check its capital letters)."),
  });
}

/** The sentence for a code root the project already holds (the ledger refuses duplicates). */
export function duplicateCodeMessage(proposalId: bigint): string {
  return `This code was already submitted to the project, as proposal #${proposalId}; the ledger refuses the same code twice.`;
}

/** "12.5 KiB": a file size for people. */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
