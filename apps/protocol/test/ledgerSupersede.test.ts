/**
 * `supersedeRefusalOf` (src/ledger.ts) pinned to `ProposalLedger.supersede`: the same cases as the
 * Solidity tests (test/ProposalLedger.t.sol, test/RoleAttacks.t.sol) and the seeded world's
 * superseded proposal.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { supersedeRefusalOf } from "../src/ledger.ts";

const BASELINE = 1_000_000n;

describe("supersedeRefusalOf (ProposalLedger.supersede)", () => {
  it("passes the seeded sorting proposal: reproduced within its 5% tolerance, beat 74.8 ms, overtaken by 49.3 ms", () => {
    const terms = { claimed: 47_500_000n, verified: 48_600_000n, tolerance: 0.05, bestAtSubmission: 74_800_000n, best: 49_300_000n, minImprovement: 2_000_000n, lowerIsBetter: true };
    assert.equal(supersedeRefusalOf(terms), undefined);
  });
  it("passes a shortfall within the tolerance (test_supersede_acceptsAShortfallWithinTheTolerance)", () => {
    const terms = { claimed: BASELINE + 30n, verified: BASELINE + 25n, tolerance: 0.00001, bestAtSubmission: BASELINE, best: BASELINE + 40n, minImprovement: 10n, lowerIsBetter: false };
    assert.equal(supersedeRefusalOf(terms), undefined);
  });
  it("refuses an overclaim as not reproduced (test_attack_overclaimSettledAsSupersededInsteadOfRejected)", () => {
    const terms = { claimed: BASELINE + 30n, verified: BASELINE + 12n, tolerance: 0.00001, bestAtSubmission: BASELINE, best: BASELINE + 20n, minImprovement: 0n, lowerIsBetter: false };
    assert.equal(supersedeRefusalOf(terms), "ProposalLedgerClaimNotReproduced");
  });
  it("refuses junk below the baseline (test_attack_farmReviewWeightBySupersedingJunk)", () => {
    const terms = { claimed: BASELINE + 1n, verified: BASELINE - 100n, tolerance: 0.00001, bestAtSubmission: BASELINE, best: BASELINE + 50n, minImprovement: 0n, lowerIsBetter: false };
    assert.equal(supersedeRefusalOf(terms), "ProposalLedgerClaimNotReproduced");
  });
  it("refuses a score that never beat the best at submission by the minimum", () => {
    const terms = { claimed: BASELINE + 12n, verified: BASELINE + 5n, tolerance: 0.00001, bestAtSubmission: BASELINE, best: BASELINE + 40n, minImprovement: 10n, lowerIsBetter: false };
    assert.equal(supersedeRefusalOf(terms), "ProposalLedgerNeverBeatTheBest");
  });
  it("refuses while nothing overtook it: approve instead (test_attack_supersedeJunkSubmittedInTheCreationBlock)", () => {
    const terms = { claimed: BASELINE + 5n, verified: BASELINE + 5n, tolerance: 0.01, bestAtSubmission: BASELINE, best: BASELINE, minImprovement: 0n, lowerIsBetter: false };
    assert.equal(supersedeRefusalOf(terms), "ProposalLedgerNotSuperseded");
  });
  it("judges lower-is-better projects downwards", () => {
    // 30 ppm of 999,970: 29 units either side of the claim
    const base = { claimed: BASELINE - 30n, tolerance: 0.00003, bestAtSubmission: BASELINE, best: BASELINE - 40n, minImprovement: 10n, lowerIsBetter: true };
    assert.equal(supersedeRefusalOf({ ...base, verified: BASELINE - 25n }), undefined);
    assert.equal(supersedeRefusalOf({ ...base, verified: BASELINE - 70n }), "ProposalLedgerClaimNotReproduced");
    assert.equal(supersedeRefusalOf({ ...base, verified: BASELINE - 55n }), "ProposalLedgerNotSuperseded");
  });
});
