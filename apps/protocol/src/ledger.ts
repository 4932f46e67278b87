/**
 * Off-chain mirrors of the proposal rules in `contracts/ProposalLedger.sol` and
 * `contracts/ProjectRegistry.sol`: each function is named after what it mirrors and reads its
 * numbers from the generated constants, never from a copy. They decide what a screen shows (the
 * reward a new proposal would mint, where a slashed stake goes, when a proposal expires, the score a
 * claim must reach, the verdict a verifier's measurement implies); the chain stays the judge, since
 * every write is simulated first. The web app's browser tests and the indexer's scenario test hold
 * them equal to the chain.
 */
import { proposalLedgerConstants } from "./generated/constants.ts";

const { BPS_DENOMINATOR, EXPIRY_WINDOW, SLASH_BPS_TO_BURN } = proposalLedgerConstants;

/**
 * When a proposal submitted at `submittedAt` may only be expired: `submittedAt + EXPIRY_WINDOW`, plus
 * the time verifiers' first claims held it (`expiryExtension`; the ledger's `ProposalExpiryMoved`
 * event and `expiresAt(id)` view carry the result).
 */
export function expiresAtOf(submittedAt: bigint, expiryExtension = 0n): bigint {
  return submittedAt + EXPIRY_WINDOW + expiryExtension;
}

/**
 * The review lock of a proposal the review quorum holds (`holdForQuorum`, or a single reviewer's
 * decided verdict): the largest 40-bit time, so it never lapses; the quorum's phases have deadlines.
 */
export const HELD_BY_QUORUM_LOCK = 2n ** 40n - 1n;

/** Whether a proposal's review lock is the quorum's hold rather than a verifier's claim. */
export function isHeldByQuorum(reviewLockUntil: bigint | string | null | undefined): boolean {
  return reviewLockUntil !== null && reviewLockUntil !== undefined && BigInt(reviewLockUntil) >= HELD_BY_QUORUM_LOCK;
}

/**
 * How `ProposalLedger._slash` splits what a rejection slashes (the stake less the review fee):
 * `burnBps` of it burned (rounded down), the rest (the odd token included) to the project's fee fund
 * (`toVerifierPool`, the event's name for it).
 * @example slashSplitOf(7n) // { burned: 3n, toVerifierPool: 4n }
 */
export function slashSplitOf(
  stake: bigint,
  burnBps: bigint = SLASH_BPS_TO_BURN,
  denominator: bigint = BPS_DENOMINATOR,
): { burned: bigint; toVerifierPool: bigint } {
  const burned = (stake * burnBps) / denominator;
  return { burned, toVerifierPool: stake - burned };
}

export type SettlementParameters = {
  stake: bigint;
  /** The proposal's review fee (`reviewFeeOf(id)`: the project's minimum stake at submission). */
  reviewFee: bigint;
  /** The project's fee fund now (`getVerifierPool(projectId).fund`); approvals draw the fee from it first. */
  fund: bigint;
};

export type Settlement = {
  /** The reviewer's fee, the same for every verdict (claimable with `claimReward`). */
  reviewFee: bigint;
  approve: { stakeReturned: bigint; feeFromFund: bigint; feeFromStake: bigint };
  reject: { feeFromStake: bigint; burned: bigint; toFund: bigint };
  supersede: { stakeReturned: bigint; feeFromStake: bigint };
  /** Nobody reviewed it in its window: the stake goes back whole and nobody earns a fee. */
  expire: { stakeReturned: bigint };
};

/**
 * What each way of settling a proposal moves, as `ProposalLedger` computes it (`_payReviewFee`,
 * `_slash`, `expire`): every verdict earns the reviewer the review fee; an approval takes it from the
 * fee fund while it lasts, else from the stake; a rejection takes it from the stake and slashes the
 * rest (`slashSplitOf`); a supersession takes it from the stake; an expiry refunds the stake whole.
 * @example settlementOf({ stake: 6n, reviewFee: 1n, fund: 0n }).reject // { feeFromStake: 1n, burned: 2n, toFund: 3n }
 */
export function settlementOf({ stake, reviewFee, fund }: SettlementParameters): Settlement {
  const feeFromFund = reviewFee < fund ? reviewFee : fund;
  const approveFromStake = reviewFee - feeFromFund;
  const { burned, toVerifierPool } = slashSplitOf(stake - reviewFee);
  return {
    reviewFee,
    approve: { stakeReturned: stake - approveFromStake, feeFromFund, feeFromStake: approveFromStake },
    reject: { feeFromStake: reviewFee, burned, toFund: toVerifierPool },
    supersede: { stakeReturned: stake - reviewFee, feeFromStake: reviewFee },
    expire: { stakeReturned: stake },
  };
}

export type ScoreTerms = {
  /** The project's current best (fixed point). */
  best: bigint;
  /** The smallest improvement an approval must bring (fixed point; 0: any strict one). */
  minImprovement: bigint;
  lowerIsBetter: boolean;
};

/**
 * The least good score that `ProjectRegistry.improvementOf` accepts: strictly better than the best,
 * by at least the minimum (so by at least one unit of the scale when the minimum is 0).
 * @example requiredScoreOf({ best: 2_800_000n, minImprovement: 50_000n, lowerIsBetter: false }) // 2_850_000n
 */
export function requiredScoreOf({ best, minImprovement, lowerIsBetter }: ScoreTerms): bigint {
  const step = minImprovement > 0n ? minImprovement : 1n;
  return lowerIsBetter ? best - step : best + step;
}

/**
 * `ProjectRegistry._improvementOf`, the one place the chain compares a score with the best: how far
 * `score` beats the best in the project's direction (0 when it does not strictly beat it), and
 * whether that meets the minimum (`approve` reverts with `ScoreNotImproved` otherwise; `supersede`
 * needs it not to).
 * @example improvementOf({ best: 2_800_000n, minImprovement: 50_000n, lowerIsBetter: false }, 2_830_000n) // { improvement: 30_000n, meets: false }
 */
export function improvementOf({ best, minImprovement, lowerIsBetter }: ScoreTerms, score: bigint): { improvement: bigint; meets: boolean } {
  const better = lowerIsBetter ? score < best : score > best;
  if (!better) return { improvement: 0n, meets: false };
  const improvement = lowerIsBetter ? best - score : score - best;
  return { improvement, meets: improvement >= minImprovement };
}

/**
 * A relative tolerance (0..1) in millionths, as the registry stores it (`ProjectConfig.tolerancePpm`).
 * @example tolerancePpmOf(0.025) // 25_000n
 */
export function tolerancePpmOf(tolerance: number): bigint {
  return BigInt(Math.round(tolerance * 1e6));
}

/** The registry's tolerance (`ProjectConfig.tolerancePpm`) as the relative tolerance (0..1) the checks below take. */
export function toleranceOfPpm(tolerancePpm: number | bigint): number {
  return Number(tolerancePpm) / 1e6;
}

/**
 * The widest distance from the claim that still reproduces it: `tolerance × |claimed|`, rounded down
 * to the scale's unit, with the tolerance in millionths as the chain has it. Approve and supersede
 * refuse anything farther (`Scores.reproduces`, `ProposalLedgerClaimNotReproduced`); the project's
 * tolerance is `getProjectConfig(id).tolerancePpm / 1e6`.
 * @example allowedDeviationOf(2_900_000n, 0.01) // 29_000n
 */
export function allowedDeviationOf(claimed: bigint, tolerance: number): bigint {
  const claimedMagnitude = claimed < 0n ? -claimed : claimed;
  return (tolerancePpmOf(tolerance) * claimedMagnitude) / 1_000_000n;
}

/** Whether a measured score reproduces the claim: `|measured - claimed| <= allowedDeviationOf(claimed, tolerance)` (exact at 0), as `Scores.reproduces`. */
export function reproducesClaim(claimed: bigint, measured: bigint, tolerance: number): boolean {
  const distance = measured > claimed ? measured - claimed : claimed - measured;
  return distance <= allowedDeviationOf(claimed, tolerance);
}

export type Verdict = "approve" | "supersede" | "reject";

export type ImpliedVerdictParameters = {
  claimed: bigint;
  measured: bigint;
  /** The project's relative tolerance (0..1): the chain's `tolerancePpm / 1e6`. */
  tolerance: number;
  /** `improvementOf(terms, measured).meets` against the best as it is now. */
  meets: boolean;
  /** `ProjectRegistry.bestUpdatedAt >= submittedAt`: an approval since the submission moved the best. */
  bestMovedSinceSubmission: boolean;
  /**
   * What the ledger checks before it lets a proposal be superseded (`supersedeRefusalOf`): the best it
   * faced (`bestAtSubmissionOf`), the best now and the project's terms. Without it, an overtaken
   * reproduction implies supersede and the ledger has the last word.
   */
  supersede?: Omit<SupersedeTerms, "claimed" | "verified" | "tolerance">;
};

export type ImpliedVerdict = {
  verdict: Verdict;
  /** Why, as a key the screens and the CLI put into words. */
  because: "outside-tolerance" | "meets-minimum" | "overtaken" | "short-of-minimum" | "never-beat-at-submission";
};

/**
 * The verdict a verifier's measurement implies, the rule every verifier applies (the CLI decides by
 * it; the review screen enables its buttons by it): outside the tolerance of the claim -> reject;
 * reproduces and beats the best by the minimum -> approve (the chain's check); reproduces but an
 * approval since the submission overtook it -> supersede, when the ledger would take it (it beat the
 * best it faced by the minimum), else reject;
 * reproduces but never beat the best by the minimum -> reject.
 */
export function impliedVerdictOf({ claimed, measured, tolerance, meets, bestMovedSinceSubmission, supersede }: ImpliedVerdictParameters): ImpliedVerdict {
  if (!reproducesClaim(claimed, measured, tolerance)) return { verdict: "reject", because: "outside-tolerance" };
  if (meets) return { verdict: "approve", because: "meets-minimum" };
  if (!bestMovedSinceSubmission) return { verdict: "reject", because: "short-of-minimum" };
  const refusal = supersede ? supersedeRefusalOf({ claimed, verified: measured, tolerance, ...supersede }) : undefined;
  if (refusal === "ProposalLedgerNeverBeatTheBest") return { verdict: "reject", because: "never-beat-at-submission" };
  return { verdict: "supersede", because: "overtaken" };
}

export type RewardScheduleTerms = {
  /** Share of the pool the schedule mints by the target, in basis points (`ProjectConfig.rewardBps`). */
  rewardBps: number;
  /** The progress from the baseline that earns the whole share (`ProjectConfig.impactTarget`). */
  impactTarget: bigint;
  /** `ProjectToken.minerPoolCap()`. */
  minerPoolCap: bigint;
};

/**
 * What the project's reward schedule has minted by the time the best has come `progress` from the
 * baseline: `share * min(progress, target) / target`, rounded down, with `share` the pool's
 * `rewardBps` (`ProposalLedger._reward`).
 * @example paidByProgress({ rewardBps: 10_000, impactTarget: 1_000_000n, minerPoolCap: 10_000n }, 700n) // 7n
 */
export function paidByProgress({ rewardBps, impactTarget, minerPoolCap }: RewardScheduleTerms, progress: bigint): bigint {
  // The registry refuses a schedule without a target, so the division is always defined.
  if (impactTarget <= 0n) throw new RangeError("A reward schedule needs a positive impact target.");
  const share = (minerPoolCap * BigInt(rewardBps)) / BPS_DENOMINATOR;
  return (share * (progress < impactTarget ? progress : impactTarget)) / impactTarget;
}

/**
 * The target progress a schedule uses when its creator names none: the baseline's size, or one
 * metric unit (`metricScale`) for a zero baseline, as the reference `createProject` sets it
 * (`ProjectRegistry.createProject`, which uses the default scale).
 * @example defaultImpactTargetOf({ baseline: -2_750_000n, metricScale: 1_000_000n }) // 2_750_000n
 */
export function defaultImpactTargetOf({ baseline, metricScale }: { baseline: bigint; metricScale: bigint }): bigint {
  if (baseline === 0n) return metricScale;
  return baseline < 0n ? -baseline : baseline;
}

export type RewardQuoteParameters = RewardScheduleTerms & {
  /** How far the best has come from the baseline, in its direction (`improvementOf` the baseline). */
  progressBefore: bigint;
  /** The improvement the score brings over the best (`ProjectRegistry.improvementOf`). */
  improvement: bigint;
};

/**
 * What an approval at `improvement` would mint now, as `ProposalLedger._reward` computes it: the
 * schedule's `paid(progressBefore + improvement) - paid(progressBefore)`, whatever the stake, and the
 * same in one approval or split into several. (`quoteReward` on the ledger takes an existing
 * proposal's id, so a new one is quoted here.)
 */
export function quoteNewProposalReward({ progressBefore, improvement, ...schedule }: RewardQuoteParameters): bigint {
  return paidByProgress(schedule, progressBefore + improvement) - paidByProgress(schedule, progressBefore);
}

export type SupersedeTerms = ScoreTerms & {
  /** The proposal's claimed score. */
  claimed: bigint;
  /** The score the verifier measured. */
  verified: bigint;
  /** The best the proposal faced when it was submitted (`ProposalLedger.bestAtSubmissionOf`). */
  bestAtSubmission: bigint;
  /** The project's relative tolerance (0..1). */
  tolerance: number;
};

/**
 * Why `ProposalLedger.supersede` would refuse `verified` (the custom error it raises), or `undefined`
 * when it would pass. Supersede is only for a reproduced, real improvement that another approval
 * overtook: the verified score reproduces the claim within the tolerance, beat the best at submission
 * by the minimum, and no longer beats the current best (`best`) by it.
 * @example supersedeRefusalOf({ claimed: 47_500_000n, verified: 48_600_000n, tolerance: 0.05, bestAtSubmission: 74_800_000n, best: 49_300_000n, minImprovement: 2_000_000n, lowerIsBetter: true }) // undefined
 */
export function supersedeRefusalOf({
  claimed,
  verified,
  bestAtSubmission,
  best,
  minImprovement,
  lowerIsBetter,
  tolerance,
}: SupersedeTerms): "ProposalLedgerClaimNotReproduced" | "ProposalLedgerNeverBeatTheBest" | "ProposalLedgerNotSuperseded" | undefined {
  // How far `score` is better than `other` in the project's direction (negative when worse): `Scores.improvementOver`.
  const improvementOver = (score: bigint, other: bigint) => (lowerIsBetter ? other - score : score - other);
  const beats = (score: bigint, other: bigint) => {
    const improvement = improvementOver(score, other);
    return improvement > 0n && improvement >= minImprovement;
  };
  if (!reproducesClaim(claimed, verified, tolerance)) return "ProposalLedgerClaimNotReproduced";
  if (!beats(verified, bestAtSubmission)) return "ProposalLedgerNeverBeatTheBest";
  if (beats(verified, best)) return "ProposalLedgerNotSuperseded";
  return undefined;
}

/**
 * The smallest stake a proposal may carry (`ProposalLedger` refuses less): `minStake` per review seat,
 * since each of a quorum project's `reviewQuorum` seats earns the review fee of `minStake`.
 * @example minimumStakeOf({ minStake: 5n, reviewQuorum: 3 }) // 15n
 */
export function minimumStakeOf({ minStake, reviewQuorum }: { minStake: bigint; reviewQuorum: number | bigint }): bigint {
  return minStake * BigInt(Math.max(1, Number(reviewQuorum)));
}
