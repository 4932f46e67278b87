/**
 * The ledger mirrors (`src/ledger.ts`) pinned to the Solidity they mirror: the reward rule, the slash
 * split and the score a claim must reach. The web app's propose browser test checks the same numbers
 * against a live chain.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { proposalLedgerConstants, rewardRule } from "../src/generated/constants.ts";
import { expiresAtOf, quoteNewProposalReward, requiredScoreOf, slashSplitOf } from "../src/ledger.ts";

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

describe("quoteNewProposalReward (ProposalLedger._reward)", () => {
  const base = { rewardBps: 0, impactTarget: 0n, stake: 40n, improvement: 10n, minerPoolRemaining: 1_000n };
  it("MatchStake pays the stake, capped at the remaining pool", () => {
    assert.equal(quoteNewProposalReward({ ...base, rewardRule: rewardRule.MatchStake }), 40n);
    assert.equal(quoteNewProposalReward({ ...base, rewardRule: rewardRule.MatchStake, minerPoolRemaining: 25n }), 25n);
    assert.equal(quoteNewProposalReward({ ...base, rewardRule: rewardRule.MatchStake, minerPoolRemaining: 0n }), 0n);
  });
  it("PoolShare pays rewardBps of the remaining pool, rounded down", () => {
    assert.equal(quoteNewProposalReward({ ...base, rewardRule: rewardRule.PoolShare, rewardBps: 600, minerPoolRemaining: 470n }), 28n);
    assert.equal(quoteNewProposalReward({ ...base, rewardRule: rewardRule.PoolShare, rewardBps: 10_000, minerPoolRemaining: 7n }), 7n);
  });
  it("Impact scales the share by min(improvement, target) / target, rounded down", () => {
    const impact = { ...base, rewardRule: rewardRule.Impact, rewardBps: 1_000, impactTarget: 100_000n, minerPoolRemaining: 345n };
    // 345 * 1000 / 10000 = 34; 34 * 30000 / 100000 = 10.2 → 10
    assert.equal(quoteNewProposalReward({ ...impact, improvement: 30_000n }), 10n);
    assert.equal(quoteNewProposalReward({ ...impact, improvement: 100_000n }), 34n);
    assert.equal(quoteNewProposalReward({ ...impact, improvement: 5_000_000n }), 34n);
    assert.equal(quoteNewProposalReward({ ...impact, improvement: 0n }), 0n);
  });
  it("refuses an impact rule without a target (the registry never creates one)", () => {
    assert.throws(() => quoteNewProposalReward({ ...base, rewardRule: rewardRule.Impact, rewardBps: 100 }), RangeError);
  });
});

describe("slashSplitOf (ProposalLedger._slash)", () => {
  it("burns half rounded down and pools the rest", () => {
    assert.deepEqual(slashSplitOf(10n, 5_000n), { burned: 5n, toVerifierPool: 5n });
    assert.deepEqual(slashSplitOf(7n, 5_000n), { burned: 3n, toVerifierPool: 4n });
    assert.deepEqual(slashSplitOf(1n, 5_000n), { burned: 0n, toVerifierPool: 1n });
  });
});

describe("expiresAtOf", () => {
  it("adds the ledger's EXPIRY_WINDOW (seven days) to the submission time", () => {
    assert.equal(proposalLedgerConstants.EXPIRY_WINDOW, 7n * 24n * 3600n);
    assert.equal(expiresAtOf(1_000n), 1_000n + 604_800n);
  });
});
