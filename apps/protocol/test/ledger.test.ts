/**
 * The ledger mirrors (`src/ledger.ts`) pinned to the Solidity they mirror: the reward rule, the slash
 * split, the score a claim must reach, the comparison with the best and the verdict a measurement
 * implies. The web app's propose browser test checks the same numbers
 * against a live chain.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { proposalLedgerConstants } from "../src/generated/constants.ts";
import {
  minimumStakeOf,
  allowedDeviationOf,
  defaultImpactTargetOf,
  expiresAtOf,
  impliedVerdictOf,
  improvementOf,
  quoteNewProposalReward,
  paidByProgress,
  reproducesClaim,
  tolerancePpmOf,
  toleranceOfPpm,
  requiredScoreOf,
  settlementOf,
  slashSplitOf,
} from "../src/ledger.ts";

describe("requiredScoreOf", () => {
  it("adds the minimum to the best when higher is better", () => {
    assert.equal(requiredScoreOf({ best: 2_800_000n, minImprovement: 50_000n, lowerIsBetter: false }), 2_850_000n);
  });
  it("subtracts it when lower is better", () => {
    assert.equal(requiredScoreOf({ best: 3_250_000n, minImprovement: 50_000n, lowerIsBetter: true }), 3_200_000n);
  });
  it("asks for one unit of the scale when any strict improvement counts", () => {
    assert.equal(requiredScoreOf({ best: 10n, minImprovement: 0n, lowerIsBetter: false }), 11n);
    assert.equal(requiredScoreOf({ best: 10n, minImprovement: 0n, lowerIsBetter: true }), 9n);
  });
  it("works below zero", () => {
    assert.equal(requiredScoreOf({ best: -1_000_000n, minImprovement: 500_000n, lowerIsBetter: false }), -500_000n);
  });
});

describe("improvementOf (ProjectRegistry._improvementOf)", () => {
  const higher = { best: 2_800_000n, minImprovement: 50_000n, lowerIsBetter: false };
  const lower = { best: 3_250_000n, minImprovement: 50_000n, lowerIsBetter: true };
  it("measures the improvement in the better direction and checks the minimum", () => {
    assert.deepEqual(improvementOf(higher, 2_900_000n), { improvement: 100_000n, meets: true });
    assert.deepEqual(improvementOf(higher, 2_830_000n), { improvement: 30_000n, meets: false });
    assert.deepEqual(improvementOf(lower, 3_100_000n), { improvement: 150_000n, meets: true });
    assert.deepEqual(improvementOf(lower, 3_240_000n), { improvement: 10_000n, meets: false });
  });
  it("gives nothing for a score equal to the best or worse", () => {
    assert.deepEqual(improvementOf(higher, 2_800_000n), { improvement: 0n, meets: false });
    assert.deepEqual(improvementOf(higher, 2_000_000n), { improvement: 0n, meets: false });
    assert.deepEqual(improvementOf(lower, 3_300_000n), { improvement: 0n, meets: false });
  });
  it("with no minimum, any strict improvement meets it", () => {
    assert.equal(improvementOf({ best: 10n, minImprovement: 0n, lowerIsBetter: false }, 11n).meets, true);
    assert.equal(improvementOf({ best: 10n, minImprovement: 0n, lowerIsBetter: false }, 10n).meets, false);
  });
  it("agrees with requiredScoreOf: the required score meets it, one unit short does not", () => {
    for (const terms of [higher, lower, { best: 10n, minImprovement: 0n, lowerIsBetter: true }, { best: -1_000_000n, minImprovement: 500_000n, lowerIsBetter: false }]) {
      const required = requiredScoreOf(terms);
      const shortByOne = terms.lowerIsBetter ? required + 1n : required - 1n;
      assert.equal(improvementOf(terms, required).meets, true, `required ${required}`);
      assert.equal(improvementOf(terms, shortByOne).meets, false, `short ${shortByOne}`);
    }
  });
});

describe("reproducesClaim and allowedDeviationOf (the project's tolerance, Scores.reproduces)", () => {
  it("takes the tolerance in millionths, as the registry stores it", () => {
    assert.equal(tolerancePpmOf(0.025), 25_000n);
    assert.equal(tolerancePpmOf(0), 0n);
    assert.equal(tolerancePpmOf(1), 1_000_000n);
    assert.equal(tolerancePpmOf(toleranceOfPpm(10_000)), 10_000n, "the chain's value read back is exact");
    assert.equal(toleranceOfPpm(25_000n), 0.025);
  });
  it("reproduces within the tolerance of the claim, exactly at 0", () => {
    assert.equal(reproducesClaim(1000n, 1000n, 0), true);
    assert.equal(reproducesClaim(1000n, 1001n, 0), false);
    assert.equal(reproducesClaim(1000n, 1030n, 0.03), true);
    assert.equal(reproducesClaim(1000n, 1031n, 0.03), false);
    assert.equal(reproducesClaim(1000n, 969n, 0.03), false);
    assert.equal(reproducesClaim(-1000n, -1030n, 0.03), true);
  });
  it("the allowed deviation is the tolerance of the claim's magnitude, rounded down", () => {
    assert.equal(allowedDeviationOf(2_900_000n, 0.01), 29_000n);
    assert.equal(allowedDeviationOf(-1000n, 0.03), 30n);
    assert.equal(allowedDeviationOf(999n, 0.01), 9n);
    assert.equal(allowedDeviationOf(1000n, 0), 0n);
  });
});

describe("impliedVerdictOf", () => {
  const base = { claimed: 100n, measured: 101n, tolerance: 0.02 };
  it("approves a reproduced score that meets the minimum", () => {
    assert.deepEqual(impliedVerdictOf({ ...base, meets: true, bestMovedSinceSubmission: false }), { verdict: "approve", because: "meets-minimum" });
  });
  it("supersedes a reproduced score an approval since the submission overtook", () => {
    assert.deepEqual(impliedVerdictOf({ ...base, meets: false, bestMovedSinceSubmission: true }), { verdict: "supersede", because: "overtaken" });
  });
  it("rejects a reproduced score that never beat the best by the minimum", () => {
    assert.deepEqual(impliedVerdictOf({ ...base, meets: false, bestMovedSinceSubmission: false }), { verdict: "reject", because: "short-of-minimum" });
  });
  it("supersedes only what the ledger would take: it reproduces the claim and beat the best it faced", () => {
    // higher is better; best at submission 90, now 120 (an approval overtook it), minimum 5
    const ledger = { bestAtSubmission: 90n, best: 120n, minImprovement: 5n, lowerIsBetter: false };
    const overtaken = { ...base, meets: false, bestMovedSinceSubmission: true };
    assert.deepEqual(impliedVerdictOf({ ...overtaken, supersede: ledger }), { verdict: "supersede", because: "overtaken" });
    assert.deepEqual(impliedVerdictOf({ ...overtaken, supersede: { ...ledger, bestAtSubmission: 98n } }), { verdict: "reject", because: "never-beat-at-submission" });
    // the ledger's supersede uses the same tolerance as approve: outside it is a rejection either way
    assert.deepEqual(impliedVerdictOf({ ...overtaken, measured: 93n, supersede: ledger }), { verdict: "reject", because: "outside-tolerance" });
  });
  it("rejects a score outside the tolerance, even one that would beat the best", () => {
    assert.deepEqual(impliedVerdictOf({ ...base, measured: 90n, meets: true, bestMovedSinceSubmission: false }), { verdict: "reject", because: "outside-tolerance" });
    assert.deepEqual(impliedVerdictOf({ ...base, measured: 110n, meets: true, bestMovedSinceSubmission: true }), { verdict: "reject", because: "outside-tolerance" });
  });
});

describe("defaultImpactTargetOf (ProjectRegistry.createProject's target)", () => {
  it("is the baseline's size, whatever its sign", () => {
    assert.equal(defaultImpactTargetOf({ baseline: 2_750_000n, metricScale: 1_000_000n }), 2_750_000n);
    assert.equal(defaultImpactTargetOf({ baseline: -2_750_000n, metricScale: 1_000_000n }), 2_750_000n);
  });
  it("is one metric unit for a zero baseline", () => {
    assert.equal(defaultImpactTargetOf({ baseline: 0n, metricScale: 1_000n }), 1_000n);
  });
});

describe("quoteNewProposalReward (ProposalLedger._reward)", () => {
  // test_approve_impactRule's project: half of a 10,000-token pool over a progress of 100
  const schedule = { rewardBps: 5_000, impactTarget: 100n, minerPoolCap: 10_000n };
  it("pays the schedule's share of the progress, rounded down", () => {
    assert.equal(quoteNewProposalReward({ ...schedule, progressBefore: 0n, improvement: 25n }), 1_250n);
    assert.equal(quoteNewProposalReward({ ...schedule, progressBefore: 0n, improvement: 500n }), 5_000n, "capped at the target");
    assert.equal(quoteNewProposalReward({ ...schedule, progressBefore: 25n, improvement: 475n }), 3_750n, "from where the best stands");
    assert.equal(quoteNewProposalReward({ ...schedule, progressBefore: 100n, improvement: 7n }), 0n, "nothing past the target");
    assert.equal(paidByProgress({ rewardBps: 10_000, impactTarget: 1_000_000n, minerPoolCap: 10_000n }, 700n), 7n);
  });
  it("pays one improvement the same whole or split, and never follows the stake", () => {
    const odd = { rewardBps: 3_333, impactTarget: 997n, minerPoolCap: 12_345n };
    const whole = quoteNewProposalReward({ ...odd, progressBefore: 13n, improvement: 600n });
    let split = 0n;
    for (let step = 0n; step < 600n; step += 37n) {
      const size = step + 37n > 600n ? 600n - step : 37n;
      split += quoteNewProposalReward({ ...odd, progressBefore: 13n + step, improvement: size });
    }
    assert.equal(split, whole);
  });
  it("refuses a schedule without a target (the registry never creates one)", () => {
    assert.throws(() => quoteNewProposalReward({ ...schedule, impactTarget: 0n, progressBefore: 0n, improvement: 1n }), RangeError);
  });
});

describe("slashSplitOf (ProposalLedger._slash)", () => {
  it("burns half rounded down and pools the rest", () => {
    assert.deepEqual(slashSplitOf(10n, 5_000n), { burned: 5n, toVerifierPool: 5n });
    assert.deepEqual(slashSplitOf(7n, 5_000n), { burned: 3n, toVerifierPool: 4n });
    assert.deepEqual(slashSplitOf(1n, 5_000n), { burned: 0n, toVerifierPool: 1n });
  });
});

describe("settlementOf (ProposalLedger._payReviewFee, _slash, expire)", () => {
  it("pays the reviewer the same fee for every verdict and refunds an expiry whole", () => {
    const settlement = settlementOf({ stake: 6n, reviewFee: 1n, fund: 0n });
    assert.equal(settlement.reviewFee, 1n);
    // an empty fund: the approval's fee comes out of the stake
    assert.deepEqual(settlement.approve, { stakeReturned: 5n, feeFromFund: 0n, feeFromStake: 1n });
    // a rejection: the fee from the stake, the rest (5) slashed, the odd token to the fund
    assert.deepEqual(settlement.reject, { feeFromStake: 1n, burned: 2n, toFund: 3n });
    assert.deepEqual(settlement.supersede, { stakeReturned: 5n, feeFromStake: 1n });
    assert.deepEqual(settlement.expire, { stakeReturned: 6n });
  });

  it("takes an approval's fee from the fee fund while it lasts", () => {
    assert.deepEqual(settlementOf({ stake: 10n, reviewFee: 5n, fund: 9n }).approve, { stakeReturned: 10n, feeFromFund: 5n, feeFromStake: 0n });
    assert.deepEqual(settlementOf({ stake: 10n, reviewFee: 5n, fund: 2n }).approve, { stakeReturned: 7n, feeFromFund: 2n, feeFromStake: 3n });
    // the fund never pays a rejection's or a supersession's fee
    assert.deepEqual(settlementOf({ stake: 10n, reviewFee: 5n, fund: 9n }).supersede, { stakeReturned: 5n, feeFromStake: 5n });
  });

  it("conserves the stake on every path", () => {
    for (const [stake, reviewFee, fund] of [[1n, 1n, 0n], [7n, 3n, 1n], [100n, 5n, 100n]] as const) {
      const { approve, reject, supersede, expire } = settlementOf({ stake, reviewFee, fund });
      assert.equal(approve.stakeReturned + approve.feeFromStake, stake);
      assert.equal(reject.feeFromStake + reject.burned + reject.toFund, stake);
      assert.equal(supersede.stakeReturned + supersede.feeFromStake, stake);
      assert.equal(expire.stakeReturned, stake);
    }
  });
});

describe("expiresAtOf", () => {
  it("adds the ledger's EXPIRY_WINDOW (seven days) to the submission time", () => {
    assert.equal(proposalLedgerConstants.EXPIRY_WINDOW, 7n * 24n * 3600n);
    assert.equal(expiresAtOf(1_000n), 1_000n + 604_800n);
    // test_expire_revertsUnderALiveClaimThenWaitsForTheTimeItHeld: a first claim held 24 hours.
    assert.equal(expiresAtOf(1_000n, 86_400n), 1_000n + 604_800n + 86_400n);
  });
});

describe("minimumStakeOf", () => {
  it("is the minimum stake once per review seat (the ledger's k x minStake), one seat for the reference shape", () => {
    assert.equal(minimumStakeOf({ minStake: 5n, reviewQuorum: 1 }), 5n);
    assert.equal(minimumStakeOf({ minStake: 5n, reviewQuorum: 3 }), 15n);
    assert.equal(minimumStakeOf({ minStake: 7n, reviewQuorum: 9n }), 63n);
  });
});
