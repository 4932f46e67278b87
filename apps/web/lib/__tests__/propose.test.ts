import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  createProposalFormSchema,
  describeRequiredScore,
  describeRewardRule,
  duplicateCodeMessage,
  formatByteSize,
  missingStakeOf,
} from "../propose.ts";

const SCALE = 1_000_000n;

describe("describeRequiredScore", () => {
  it("says the number to reach, the best and the minimum", () => {
    assert.equal(
      describeRequiredScore({ best: 2_800_000n, minImprovement: 50_000n, lowerIsBetter: false, metricScale: SCALE, unit: "x" }),
      "Needs at least 2.85 x (best 2.8 + minimum 0.05)",
    );
    assert.equal(
      describeRequiredScore({ best: 3_250_000n, minImprovement: 50_000n, lowerIsBetter: true, metricScale: SCALE }),
      "Needs at most 3.2 (best 3.25 − minimum 0.05)",
    );
  });
  it("names the smallest step when the minimum is zero", () => {
    assert.equal(
      describeRequiredScore({ best: 2_000_000n, minImprovement: 0n, lowerIsBetter: false, metricScale: SCALE }),
      "Needs at least 2.000001 (best 2 + minimum 0.000001, the smallest step)",
    );
  });
});


describe("describeRewardRule", () => {
  it("says the schedule in words, in the metric's unit", () => {
    assert.equal(
      describeRewardRule({ rewardBps: 1_050, impactTarget: 100_000n, metricScale: SCALE, unit: "nats" }),
      "10.5% of the miner pool, minted in proportion as the best progresses up to 0.1 nats from the baseline (the same for one approval or several; never more for a larger stake)",
    );
  });
});


describe("the stake", () => {
  it("missingStakeOf is what the balance lacks", () => {
    assert.equal(missingStakeOf(5n, 12n), 7n);
    assert.equal(missingStakeOf(12n, 12n), 0n);
    assert.equal(missingStakeOf(40n, 12n), 0n);
  });
  it("missingStakeOf offers nothing to buy for a stake below the project's minimum", () => {
    assert.equal(missingStakeOf(0n, 3n, 5n), 0n);
    assert.equal(missingStakeOf(0n, 5n, 5n), 5n);
    assert.equal(missingStakeOf(2n, 8n, 5n), 6n);
    const schema = createProposalFormSchema({ metricScale: SCALE, minStake: 5n });
    const result = schema.safeParse({ claimedScore: "2.85", stake: "3", rewardRecipient: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65" });
    assert.deepEqual(result.success ? [] : result.error.issues.map((issue) => issue.message), ["The stake must be at least 5 tokens, this project's minimum."]);
  });
});

describe("createProposalFormSchema", () => {
  const schema = createProposalFormSchema({ metricScale: SCALE, minStake: 5n });
  const valid = { claimedScore: "2.85", stake: "5", rewardRecipient: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65" };
  const messages = (values: Record<string, string>) => {
    const result = schema.safeParse(values);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };
  it("accepts a valid proposal (lower-case addresses too)", () => {
    assert.deepEqual(messages(valid), []);
    assert.deepEqual(messages({ ...valid, rewardRecipient: valid.rewardRecipient.toLowerCase(), stake: "1,000" }), []);
    assert.deepEqual(messages({ ...valid, claimedScore: "-0.5" }), []);
  });
  it("refuses a score finer than the scale or not a number", () => {
    assert.match(messages({ ...valid, claimedScore: "1.0000001" }).join(), /at most 6 decimals/);
    assert.match(messages({ ...valid, claimedScore: "abc" }).join(), /claimedScore/);
    assert.match(messages({ ...valid, claimedScore: "" }).join(), /Enter the score/);
  });
  it("refuses a stake below the minimum or not whole", () => {
    assert.match(messages({ ...valid, stake: "4" }).join(), /at least 5 tokens/);
    assert.match(messages({ ...valid, stake: "5.5" }).join(), /whole number/);
  });
  it("refuses a malformed address or a wrong checksum", () => {
    assert.match(messages({ ...valid, rewardRecipient: "0x1234" }).join(), /rewardRecipient/);
    assert.match(messages({ ...valid, rewardRecipient: "0x15D34aaf54267DB7D7c367839AAf71A00a2C6A65" }).join(), /rewardRecipient/);
  });
});

describe("small words", () => {
  it("duplicateCodeMessage names the proposal", () => {
    assert.match(duplicateCodeMessage(7n), /already submitted to the project, as proposal #7/);
  });
  it("formatByteSize", () => {
    assert.equal(formatByteSize(512), "512 B");
    assert.equal(formatByteSize(5_632), "5.5 KiB");
    assert.equal(formatByteSize(12_800), "13 KiB");
    assert.equal(formatByteSize(64 * 1024 * 1024), "64 MiB");
  });
});
