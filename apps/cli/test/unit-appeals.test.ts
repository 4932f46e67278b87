/**
 * Decided reviews and appeals in words, without a chain (`src/appeals.ts`): the free bond a single
 * reviewer's decision lacks and the refusal that says what to post, where a review stands
 * (`reviewSummaryOf`: a decision pending its appeal window, one to finalize, an appeal round) and how
 * `status` says it, and the one-sentence terms an appeal is confirmed with.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseEther, zeroAddress, type Address } from "viem";

import { proposalStatus, reviewPhase } from "@orm/protocol/generated/constants";
import { bondShortfallOf, describeAppealTerms, describeBondShortfall, describeReview, describeReviewBriefly, formatNative, reviewSummaryOf, type ReviewStateInput, type SeatInput } from "../src/appeals.ts";

const REVIEWER = "0x00000000000000000000000000000000000000aA" as Address;
const APPELLANT = "0x00000000000000000000000000000000000000bB" as Address;
const SEAT = (n: number) => `0x00000000000000000000000000000000000000${(0xc0 + n).toString(16)}` as Address;
const LOCK = parseEther("0.3");

const decided = (overrides: Partial<ReviewStateInput> = {}): ReviewStateInput => ({
  phase: reviewPhase.Decided,
  round: 0,
  quorum: 1,
  drawBlock: 0n,
  deadline: 1_000n,
  seatLock: LOCK,
  appellant: zeroAddress,
  appealBond: 0n,
  firstRan: false,
  firstMedian: 0n,
  ...overrides,
});
const seat = (holder: Address, round = 0, overrides: Partial<SeatInput> = {}): SeatInput => ({ holder, round, committed: true, revealed: true, ...overrides });
const score = (value: bigint) => (Number(value) / 1e6).toString();

describe("the reviewer's bond", () => {
  it("lacks the seat lock less the free bond (the bond less what open seats lock), nothing when it covers it", () => {
    assert.equal(bondShortfallOf({ bond: parseEther("3"), locked: 0n, seatLock: LOCK }), 0n);
    assert.equal(bondShortfallOf({ bond: parseEther("0.5"), locked: parseEther("0.2"), seatLock: LOCK }), 0n, "exactly the lock free is enough");
    assert.equal(bondShortfallOf({ bond: parseEther("0.5"), locked: parseEther("0.3"), seatLock: LOCK }), parseEther("0.1"));
    assert.equal(bondShortfallOf({ bond: 0n, locked: 0n, seatLock: LOCK }), LOCK);
  });

  it("refuses in one sentence that says what the decision locks, what is free, and what to post", () => {
    const sentence = describeBondShortfall({ proposalId: 7n, account: REVIEWER, bond: parseEther("0.25"), locked: parseEther("0.1"), seatLock: LOCK });
    assert.equal(
      sentence,
      `Deciding proposal #7 locks 0.3 ETH of your verifier bond until its appeal window has passed, and ${REVIEWER} has 0.15 ETH free: post at least 0.15 ETH more (research bond post 0.15) and run it again; nothing was sent.`,
    );
    assert.equal(sentence.match(/\.(\s|$)/g)?.length, 1, "one sentence");
    assert.equal(formatNative(parseEther("0.09"), "OG"), "0.09 OG");
  });
});

describe("reviewSummaryOf: where a review stands", () => {
  it("has nothing to say before a review was recorded, and only the phase while a quorum's first round runs", () => {
    assert.equal(reviewSummaryOf({ state: decided({ phase: reviewPhase.None, quorum: 0 }), seats: [], verdict: undefined, now: 0n }), null);
    const running = reviewSummaryOf({ state: decided({ phase: reviewPhase.Committing, quorum: 3 }), seats: [], verdict: undefined, now: 0n })!;
    assert.deepEqual(running, { quorum: 3, phase: "Committing", decision: null, appeal: null });
    assert.deepEqual(describeReview(running, { proposalId: 4n, formatScore: score }), ["review     a quorum of 3, in its commit phase"]);
  });

  it("a single reviewer's rejection: pending and appealable until the deadline, to finalize after it", () => {
    const state = decided();
    const pending = reviewSummaryOf({ state, seats: [seat(REVIEWER)], verdict: proposalStatus.Rejected, now: 1_000n })!;
    assert.deepEqual(pending.decision, { verdict: "Rejected", ran: false, score: 0n, reviewer: REVIEWER, seatLock: LOCK, appealDeadline: 1_000n, appealable: true, finalizable: false });
    assert.equal(pending.appeal, null);
    assert.deepEqual(describeReview(pending, { proposalId: 7n, formatScore: score }), [
      `review     decided by ${REVIEWER}: Rejected`,
      "pending    until 1970-01-01 00:16:40 UTC (the appeal window; 0.3 ETH of its bond locked); then anyone finalizes it (research verify 7)",
      "appeal     open to anyone until then (research appeal 7)",
    ]);
    assert.equal(describeReviewBriefly(pending), "Rejected decided, pending until 1970-01-01 00:16:40 UTC");

    const due = reviewSummaryOf({ state, seats: [seat(REVIEWER)], verdict: proposalStatus.Rejected, now: 1_001n })!;
    assert.equal(due.decision!.appealable, false);
    assert.equal(due.decision!.finalizable, true);
    assert.match(describeReview(due, { proposalId: 7n, formatScore: score })[1]!, /^pending    the appeal window closed at .*; anyone may finalize it now \(research verify 7\)$/);
    assert.equal(describeReviewBriefly(due), "Rejected decided, to finalize");
  });

  it("the verdict is the ledger's for the measurement now (an approval overtaken meanwhile would supersede)", () => {
    const state = decided({ firstRan: true, firstMedian: 2_500_000n });
    const summary = reviewSummaryOf({ state, seats: [seat(REVIEWER)], verdict: proposalStatus.Superseded, now: 0n })!;
    assert.equal(summary.decision!.verdict, "Superseded");
    assert.equal(describeReview(summary, { proposalId: 7n, formatScore: score })[0], `review     decided by ${REVIEWER}: Superseded (measured 2.5)`);
    // Without the ledger's word (a Final review), the measurement alone says approve or reject.
    assert.equal(reviewSummaryOf({ state, seats: [seat(REVIEWER)], verdict: undefined, now: 0n })!.decision!.verdict, "Approved");
  });

  it("an appeal of a single reviewer's decision: three fresh seats (1..3), drawn, then committing and revealing", () => {
    const appealed = { round: 1, appellant: APPELLANT, appealBond: parseEther("0.09") };
    const drawing = reviewSummaryOf({ state: decided({ ...appealed, phase: reviewPhase.Drawing, drawBlock: 120n }), seats: [seat(REVIEWER)], verdict: proposalStatus.Rejected, now: 0n })!;
    assert.equal(drawing.decision!.appealDeadline, null);
    assert.equal(drawing.decision!.appealable, false);
    assert.deepEqual(drawing.appeal, { appellant: APPELLANT, bond: parseEther("0.09"), phase: "Drawing", drawBlock: 120n, deadline: null, seats: [] });
    assert.deepEqual(describeReview(drawing, { proposalId: 7n, formatScore: score }), [
      `review     decided by ${REVIEWER}: Rejected`,
      `appeal     by ${APPELLANT} (bond 0.09 ETH): 3 fresh seats, drawn once block 120 is mined`,
    ]);

    const seats = [seat(REVIEWER), seat(SEAT(1), 1, { revealed: false }), seat(SEAT(2), 1, { committed: false, revealed: false }), seat(SEAT(3), 1, { revealed: false })];
    const committing = reviewSummaryOf({ state: decided({ ...appealed, phase: reviewPhase.Committing, deadline: 5_000n }), seats, verdict: proposalStatus.Rejected, now: 0n })!;
    assert.deepEqual(committing.appeal!.seats.map((s) => s.seat), [1, 2, 3]);
    assert.equal(committing.appeal!.deadline, 5_000n);
    const lines = describeReview(committing, { proposalId: 7n, formatScore: score });
    assert.match(lines[1]!, /^appeal     by .* \(bond 0\.09 ETH\): 3 fresh seats, in its commit phase until 1970-01-01 01:23:20 UTC$/);
    assert.deepEqual(lines.slice(2), [`  seat 1   ${SEAT(1)}  committed`, `  seat 2   ${SEAT(2)}  to commit`, `  seat 3   ${SEAT(3)}  committed`]);
    assert.equal(describeReviewBriefly(committing), "Rejected decided, appealed: in its commit phase");

    const final = reviewSummaryOf({ state: decided({ ...appealed, phase: reviewPhase.Final }), seats: seats.map((s) => ({ ...s, committed: true, revealed: true })), verdict: undefined, now: 0n })!;
    assert.equal(final.decision!.appealable || final.decision!.finalizable, false);
    assert.equal(describeReview(final, { proposalId: 7n, formatScore: score })[1], "final      settled on the appeal round's median (the proposal's status is the outcome)");
  });

  it("a quorum's decision names no reviewer, and its appeal round has 2k + 1 seats", () => {
    const state = decided({ quorum: 3, firstRan: true, firstMedian: 2_000_000n });
    const summary = reviewSummaryOf({ state, seats: [seat(SEAT(1)), seat(SEAT(2)), seat(SEAT(3))], verdict: proposalStatus.Approved, now: 0n })!;
    assert.equal(summary.decision!.reviewer, null);
    assert.equal(describeReview(summary, { proposalId: 9n, formatScore: score })[0], "review     decided by a quorum of 3: Approved (measured 2)");
    assert.match(describeReview(summary, { proposalId: 9n, formatScore: score })[1]!, /0\.3 ETH locked per seat/);
  });
});

describe("describeAppealTerms: the confirmation, one sentence", () => {
  it("names the decision, the bond, the fresh seats, and what an overturn wins", () => {
    const single = reviewSummaryOf({ state: decided(), seats: [seat(REVIEWER)], verdict: proposalStatus.Rejected, now: 0n })!;
    const terms = describeAppealTerms({ proposalId: 7n, summary: single, bond: parseEther("0.09"), formatScore: score });
    assert.equal(
      terms,
      `Appealing proposal #7's rejection by ${REVIEWER} costs a bond of 0.09 ETH, paid to the 3 fresh verifiers who re-run it whatever they find; their median is final, and if it changes the verdict, the reviewer's 0.3 ETH lock is yours.`,
    );
    const quorum = reviewSummaryOf({ state: decided({ quorum: 3, firstRan: true, firstMedian: 2_000_000n }), seats: [], verdict: proposalStatus.Approved, now: 0n })!;
    assert.match(
      describeAppealTerms({ proposalId: 9n, summary: quorum, bond: parseEther("0.21"), symbol: "OG", formatScore: score }),
      /^Appealing proposal #9's approval by a quorum of 3 \(median 2\) costs a bond of 0\.21 OG, paid to the 7 fresh verifiers .*the first-round seats that disagree with it lose their 0\.3 OG locks to you\.$/,
    );
  });
});
