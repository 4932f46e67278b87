import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  allowedActions,
  chainClockOffset,
  describeNextStep,
  describeSlashRule,
  formatCountdown,
  formerReviewersOf,
  getProposalActions,
  proposalFromChain,
  stateOf,
  type ActionContext,
  type ProposalState,
} from "../proposal.ts";
import { expiresAtOf, slashSplitOf } from "@orm/protocol/ledger";
import { proposalLedgerConstants } from "@orm/protocol/generated/constants";

const miner = "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f";
const recipient = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const verifier = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
const otherVerifier = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const stranger = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

const submittedAt = 1_000_000n;
const expiresAt = expiresAtOf(submittedAt);

const submitted: ProposalState = { status: 0, miner, rewardRecipient: miner, reviewer: null, reviewLockUntil: null, submittedAt, expiresAt };
const reviewing = (lockUntil: bigint, reviewer: `0x${string}` = otherVerifier): ProposalState => ({ ...submitted, status: 1, reviewer, reviewLockUntil: lockUntil });

const as = (account: `0x${string}` | undefined, overrides: Partial<ActionContext> = {}): ActionContext => ({
  account,
  isVerifier: account === verifier || account === otherVerifier,
  claimedBefore: false,
  now: submittedAt + 100n,
  ...overrides,
});

describe("getProposalActions: claimReview", () => {
  it("lets an allowlisted, unconflicted verifier claim a submitted proposal, and nothing else", () => {
    const actions = getProposalActions(submitted, as(verifier));
    assert.deepEqual(allowedActions(actions), ["claim"]);
    assert.equal(actions.claim.releaseFirst, undefined);
  });

  it("refuses a non-verifier and says why", () => {
    const actions = getProposalActions(submitted, as(stranger));
    assert.equal(actions.claim.allowed, false);
    assert.match(actions.claim.reason, /allowlisted verifiers/);
    assert.deepEqual(allowedActions(actions), []);
  });

  it("refuses the miner and the reward recipient, even when allowlisted", () => {
    assert.match(getProposalActions({ ...submitted, miner: verifier }, as(verifier)).claim.reason, /submitted this proposal/);
    assert.equal(getProposalActions({ ...submitted, rewardRecipient: verifier.toLowerCase() as `0x${string}` }, as(verifier)).claim.allowed, false);
  });

  it("refuses a verifier that held the claim before", () => {
    // a verifier that held the claim before may claim again: the ledger says when (ClaimedBefore names the time)
    assert.equal(getProposalActions(submitted, as(verifier, { claimedBefore: true })).claim.allowed, true);
  });

  it("refuses a claim until the commit window has passed, and says when claims open", () => {
    const reviewableAt = submittedAt + 600n;
    const early = getProposalActions(submitted, as(verifier, { reviewableAt, now: reviewableAt - 75n }));
    assert.equal(early.claim.allowed, false);
    assert.match(early.claim.reason, /^Claims open in 00:01:15: until then an earlier commitment/);
    assert.equal(getProposalActions(submitted, as(verifier, { reviewableAt, now: reviewableAt })).claim.allowed, true);
  });

  it("refuses past expiry and while another verifier's lock holds", () => {
    assert.match(getProposalActions(submitted, as(verifier, { now: expiresAt })).claim.reason, /past its expiry/);
    assert.match(getProposalActions(reviewing(submittedAt + 500n), as(verifier)).claim.reason, /Another verifier/);
  });

  it("offers a lapsed claim to another verifier, released first", () => {
    const lapsed = reviewing(submittedAt + 50n);
    const actions = getProposalActions(lapsed, as(verifier));
    assert.equal(actions.claim.allowed, true);
    assert.equal(actions.claim.releaseFirst, true);
    // the lapsed reviewer itself may claim again only a review lock after its claim ended (others first)
    assert.match(getProposalActions(lapsed, as(otherVerifier)).claim.reason, /other verifiers get 24 hours first/);
    const lapsedAt = submittedAt + 50n;
    assert.equal(getProposalActions(lapsed, as(otherVerifier, { now: lapsedAt + proposalLedgerConstants.REVIEW_LOCK })).claim.allowed, true);
  });

  it("needs a wallet", () => {
    assert.match(getProposalActions(submitted, as(undefined)).claim.reason, /Connect a wallet/);
  });
});

describe("getProposalActions: the reviewer's verdicts and release", () => {
  const held = reviewing(submittedAt + 86_400n, verifier);

  it("lets the reviewer approve, reject, supersede or release while the lock holds", () => {
    assert.deepEqual(allowedActions(getProposalActions(held, as(verifier))), ["approve", "supersede", "reject", "release"]);
  });

  it("matches the reviewer's address in any case", () => {
    assert.equal(getProposalActions(held, as(verifier.toLowerCase() as `0x${string}`, { isVerifier: true })).approve.allowed, true);
  });

  it("gives other accounts nothing while the lock holds", () => {
    const actions = getProposalActions(held, as(otherVerifier));
    assert.deepEqual(allowedActions(actions), []);
    assert.match(actions.approve.reason, /Only the verifier who claimed/);
    assert.match(actions.release.reason, /Only the reviewer/);
  });

  it("takes the verdicts away once the lock lapsed; anyone may release", () => {
    const late = as(verifier, { now: submittedAt + 86_400n });
    const actions = getProposalActions(held, late);
    assert.match(actions.approve.reason, /lapsed/);
    assert.equal(actions.release.allowed, true);
    assert.equal(getProposalActions(held, as(stranger, { now: submittedAt + 86_400n })).release.allowed, true);
  });

  it("refuses a reviewer removed from the allowlist", () => {
    assert.match(getProposalActions(held, as(verifier, { isVerifier: false })).approve.reason, /no longer/);
  });

  it("offers supersede only when the best moved at or after submission", () => {
    assert.equal(getProposalActions(held, as(verifier, { bestUpdatedAt: submittedAt - 1n })).supersede.allowed, false);
    assert.equal(getProposalActions(held, as(verifier, { bestUpdatedAt: submittedAt })).supersede.allowed, true);
    assert.equal(getProposalActions(held, as(verifier, { bestUpdatedAt: submittedAt - 1n })).approve.allowed, true);
  });
});

describe("getProposalActions: expire", () => {
  it("lets anyone expire after the window, unless a claim's lock holds", () => {
    assert.deepEqual(allowedActions(getProposalActions(submitted, as(stranger, { now: expiresAt }))), ["expire"]);
    assert.match(getProposalActions(submitted, as(stranger, { now: expiresAt - 1n })).expire.reason, /still open/);
    const heldLate = reviewing(expiresAt + 10n);
    assert.match(getProposalActions(heldLate, as(stranger, { now: expiresAt })).expire.reason, /claim still holds/);
    assert.equal(getProposalActions(heldLate, as(stranger, { now: expiresAt + 10n })).expire.allowed, true);
  });

  it("allows nothing on a settled proposal", () => {
    for (const status of [2, 3, 4, 5] as const) {
      const actions = getProposalActions({ ...reviewing(expiresAt * 2n, verifier), status }, as(verifier, { now: expiresAt + 1n }));
      assert.deepEqual(allowedActions(actions), []);
      assert.match(actions.claim.reason, /settled/);
    }
  });
});

describe("formerReviewersOf", () => {
  it("lists the verifiers whose claim was released or lapsed", () => {
    const former = formerReviewersOf([
      { verifier: verifier, outcome: "released" },
      { verifier: otherVerifier, outcome: "pending" },
      { verifier: stranger, outcome: "lapsed" },
    ]);
    assert.deepEqual([...former].sort(), [verifier.toLowerCase(), stranger.toLowerCase()].sort());
  });
});

describe("describeSlashRule", () => {
  it("states the ledger's split once, in words that hold for odd amounts too", () => {
    assert.equal(describeSlashRule(), "half burned, half to the project's fee fund, the odd token included");
    assert.equal(describeSlashRule("the fund"), "half burned, half to the fund, the odd token included");
    // 5 tokens split 2 burned and 3 to the fund: the words say so, where "50%" and "50%" did not
    assert.deepEqual(slashSplitOf(5n), { burned: 2n, toVerifierPool: 3n });
  });
  it("follows the constants if the split ever changes", () => {
    assert.equal(describeSlashRule("the fund", 2_500n, 10_000n), "25% burned (rounded down), the rest to the fund");
  });
});

describe("describeNextStep", () => {
  const name = { nameOf: (a: string) => (a === verifier ? "you" : a.slice(0, 6)), timeOf: (s: bigint) => `t${s}` };

  it("says who may claim and when it expires", () => {
    const [first, second] = describeNextStep(submitted, submittedAt, name);
    assert.match(first!, /any allowlisted verifier/);
    assert.match(second!, new RegExp(`t${expiresAt}`));
  });

  it("names the reviewer and the lock's end while it holds, and the same fee for any verdict", () => {
    const [first] = describeNextStep(reviewing(submittedAt + 10n, verifier), submittedAt, name);
    assert.match(first!, /^you holds the review until t1000010/);
    assert.match(first!, /The reviewer earns the same review fee for any verdict\.$/);
    assert.match(first!, /reject it \(the reviewer earns the review fee from the stake and the rest is slashed/);
    assert.match(first!, /mark it superseded \(the stake back less the review fee\)/);
  });

  it("says anyone may release a lapsed claim, or expire once the window closed", () => {
    assert.match(describeNextStep(reviewing(submittedAt + 10n), submittedAt + 20n, name)[0]!, /Anyone may release it/);
    assert.match(describeNextStep(reviewing(submittedAt + 10n), expiresAt, name)[0]!, /Anyone may expire/);
    assert.match(describeNextStep(submitted, expiresAt, name)[0]!, /Anyone may expire it now/);
  });

  it("says an expiry refunds the stake whole, never that it slashes", () => {
    for (const [state, now] of [
      [submitted, submittedAt],
      [submitted, expiresAt],
      [reviewing(submittedAt + 10n), submittedAt + 20n],
      [reviewing(submittedAt + 10n), expiresAt],
    ] as const) {
      const expiry = describeNextStep(state, now, name).find((sentence) => /expire (it|the proposal)/.test(sentence))!;
      assert.match(expiry, /the stake goes back to the miner whole \(no fee, no slash\)\.$/);
    }
    assert.equal(
      describeNextStep({ ...submitted, status: 4 }, submittedAt)[0],
      "Expired without a verdict: nobody reviewed it in its window, so the stake went back to the miner whole; no fee was paid and nothing was slashed. Nothing more happens.",
    );
  });

  it("says nothing more happens once settled", () => {
    for (const status of [2, 3, 4, 5] as const) {
      assert.match(describeNextStep({ ...submitted, status }, submittedAt).join(" "), /Nothing more happens|nothing was minted/);
    }
  });

  it("says where the review fee came from for each verdict", () => {
    assert.match(describeNextStep({ ...submitted, status: 2 }, submittedAt)[0]!, /review fee \(from the project's fee fund while it lasted, else from the stake\), the rest of the stake went back/);
    assert.match(describeNextStep({ ...submitted, status: 5 }, submittedAt)[0]!, /The stake went back less the reviewer's review fee/);
  });

  it("states the slash rule in words, with no percentage to contradict an odd amount", () => {
    const rejected = describeNextStep({ ...submitted, status: 3 }, submittedAt)[0]!;
    assert.equal(
      rejected,
      "Rejected: the reviewer earned the review fee from the stake and the rest was slashed (half burned, half to the project's fee fund, the odd token included). Nothing more happens.",
    );
    assert.doesNotMatch(describeNextStep(submitted, submittedAt).join(" "), /%/);
  });
});

describe("chainClockOffset", () => {
  it("is zero for an idle chain and the lead of a chain moved forward", () => {
    assert.equal(chainClockOffset(100n, 200n), 0n);
    assert.equal(chainClockOffset(200n, 200n), 0n);
    assert.equal(chainClockOffset(3_800n, 200n), 3_600n);
  });
});

describe("formatCountdown", () => {
  it("shows days and a clock, and zero once passed", () => {
    assert.equal(formatCountdown(0), "00:00:00");
    assert.equal(formatCountdown(-5n), "00:00:00");
    assert.equal(formatCountdown(61), "00:01:01");
    assert.equal(formatCountdown(86_400n + 3_723n), "1d 01:02:03");
  });
});

describe("proposalFromChain", () => {
  const tuple = {
    projectId: 3n,
    miner,
    rewardRecipient: recipient,
    codeHash: `0x${"11".repeat(32)}`,
    benchmarkLogHash: `0x${"22".repeat(32)}`,
    metricsHash: `0x${"00".repeat(32)}`,
    claimedAggregateScore: 1_500_000n,
    verifiedAggregateScore: 0n,
    stake: 12n,
    submittedAt,
    reviewLockUntil: submittedAt + 86_400n,
    reviewer: verifier,
    status: 1,
  } as const;

  it("converts the chain's tuple into the indexer's shape", () => {
    const proposal = proposalFromChain(7n, tuple);
    assert.equal(proposal.id, "7");
    assert.equal(proposal.expiresAt, expiresAt.toString());
    assert.equal(proposal.metricsHash, null);
    assert.equal(proposal.verifiedScore, null);
    assert.equal(proposal.reviewer, verifier.toLowerCase());
    assert.equal(proposal.reviewLockUntil, (submittedAt + 86_400n).toString());
    const state = stateOf(proposal);
    assert.equal(state.expiresAt, expiresAt);
    assert.equal(getProposalActions(state, as(verifier)).approve.allowed, true);
  });

  it("keeps the verified score of an approval and drops a released reviewer", () => {
    assert.equal(proposalFromChain(1n, { ...tuple, status: 2, verifiedAggregateScore: 1_600_000n }).verifiedScore, "1600000");
    const released = proposalFromChain(1n, { ...tuple, status: 0, reviewer: "0x0000000000000000000000000000000000000000", reviewLockUntil: 0n });
    assert.equal(released.reviewer, null);
    assert.equal(released.reviewLockUntil, null);
  });
});
