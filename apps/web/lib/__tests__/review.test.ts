import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { checkVerifiedScore } from "../review.ts";

const SCALE = 1_000_000n;

describe("checkVerifiedScore", () => {
  // best 2.75, minimum 0.01, claim 2.81, tolerance 1% (at most 0.0281 from the claim)
  const base = {
    claimed: 2_810_000n,
    terms: { best: 2_750_000n, minImprovement: 10_000n, lowerIsBetter: false },
    tolerance: 0.01,
    bestMovedSinceSubmission: false,
    metricScale: SCALE,
    unit: "x",
  };

  it("implies Approve for a reproduced score that beats the best by the minimum", () => {
    assert.deepEqual(checkVerifiedScore({ ...base, text: "2.8" }), {
      ok: true,
      score: 2_800_000n,
      verdict: "approve",
      sentence: "This score implies Approve: it is within 1% of the claimed 2.81 x, and it is 0.05 x higher than the best 2.75 x (minimum 0.01 x).",
    });
  });
  it("implies Reject for a score outside the tolerance of the claim, however good", () => {
    const check = checkVerifiedScore({ ...base, text: "2.9" });
    assert.equal(check.ok && check.verdict, "reject");
    assert.equal(check.sentence, "This score implies Reject: it is 0.09 x from the claimed 2.81 x, outside the project's tolerance of 1% (at most 0.0281 x).");
  });
  it("implies Reject for a reproduced score short of the minimum, and says what it needs", () => {
    const check = checkVerifiedScore({ ...base, claimed: 2_760_000n, text: "2.755" });
    assert.equal(check.ok && check.verdict, "reject");
    assert.equal(
      check.sentence,
      "This score implies Reject: it is within 1% of the claimed 2.76 x, but it does not beat the best by the minimum. Needs at least 2.76 x (best 2.75 + minimum 0.01).",
    );
  });
  it("implies Superseded for a reproduced score an approval since the submission overtook", () => {
    const check = checkVerifiedScore({ ...base, claimed: 2_760_000n, text: "2.76", terms: { ...base.terms, best: 2_800_000n }, bestMovedSinceSubmission: true });
    assert.equal(check.ok && check.verdict, "supersede");
    assert.match(check.sentence, /^This score implies Superseded: it is within 1% of the claimed 2\.76 x, but an approval since its submission moved the best past it\. Needs at least 2\.81 x/);
  });
  it("implies Reject, not Superseded, for what the ledger would not supersede", () => {
    const overtaken = { ...base, claimed: 2_760_000n, terms: { ...base.terms, best: 2_800_000n }, bestMovedSinceSubmission: true };
    // it faced a best of 2.755: 2.76 never beat it by the minimum 0.01
    const never = checkVerifiedScore({ ...overtaken, text: "2.76", bestAtSubmission: 2_755_000n });
    assert.equal(never.ok && never.verdict, "reject");
    assert.equal(
      never.sentence,
      "This score implies Reject: an approval since its submission moved the best, but this score never beat the best it faced then (2.755 x) by the minimum, so it cannot be marked superseded.",
    );
    // 0.0276 short of the claim 2.76 is within its 1% tolerance (the ledger's rule for supersede too)
    const short = checkVerifiedScore({ ...overtaken, text: "2.7324", bestAtSubmission: 2_700_000n });
    assert.equal(short.ok && short.verdict, "supersede");
    // 0.0277 short of it is not: a rejection
    const shorter = checkVerifiedScore({ ...overtaken, text: "2.7323", bestAtSubmission: 2_700_000n });
    assert.equal(shorter.ok && shorter.verdict, "reject");
    assert.match(shorter.sentence, /outside the project's tolerance of 1%/);
    // beat the best it faced (2.70) and within the minimum of the claim: supersede
    const fine = checkVerifiedScore({ ...overtaken, text: "2.755", bestAtSubmission: 2_700_000n });
    assert.equal(fine.ok && fine.verdict, "supersede");
  });
  it("reads lower-is-better projects in their direction", () => {
    const lower = { ...base, claimed: 3_100_000n, terms: { best: 3_250_000n, minImprovement: 50_000n, lowerIsBetter: true }, unit: "nats" };
    const check = checkVerifiedScore({ ...lower, text: "3.1" });
    assert.equal(check.ok && check.verdict, "approve");
    assert.match(check.sentence, /0\.15 nats lower than the best 3\.25 nats/);
    const short = checkVerifiedScore({ ...lower, claimed: 3_210_000n, text: "3.21" });
    assert.equal(short.ok && short.verdict, "reject");
    assert.match(short.sentence, /Needs at most 3\.2 nats \(best 3\.25 − minimum 0\.05\)\.$/);
  });
  it("without the protocol, applies only the chain's check and says the tolerance was not checked", () => {
    const check = checkVerifiedScore({ ...base, tolerance: null, text: "2.9" });
    assert.equal(check.ok && check.verdict, "approve");
    assert.match(check.sentence, /the protocol could not be read, so its tolerance is not checked/);
  });
  it("asks for a number it can read", () => {
    assert.deepEqual(checkVerifiedScore({ ...base, text: "2.8x" }), { ok: false, sentence: "Enter the score you measured, in x (at most 6 decimals)." });
    assert.equal(checkVerifiedScore({ ...base, text: "2.1234567" }).ok, false);
  });
});
