import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { reviewPhase } from "@orm/protocol/generated/constants";

import {
  describePhase,
  quorumActionsOf,
  readSeatMeasurement,
  seatMeasurementKey,
  storeSeatMeasurement,
  type QuorumReviewState,
  type QuorumSeatState,
} from "../quorum.ts";

const ALICE = "0x00000000000000000000000000000000000000a1";
const BOB = "0x00000000000000000000000000000000000000b0";
const QUORUM = "0x00000000000000000000000000000000000000Cc";

const review = (overrides: Partial<QuorumReviewState> = {}): QuorumReviewState => ({
  phase: reviewPhase.None,
  round: 0,
  quorum: 3,
  replacementsLeft: 1,
  committedSeats: 0,
  revealedSeats: 0,
  drawBlock: 0n,
  deadline: 0n,
  seatLock: 0n,
  appellant: "0x0000000000000000000000000000000000000000",
  appealBond: 0n,
  firstRan: false,
  firstMedian: 0n,
  ...overrides,
});

const seat = (holder: `0x${string}`, overrides: Partial<QuorumSeatState> = {}): QuorumSeatState => ({
  holder,
  round: 0,
  committed: false,
  revealed: false,
  ran: false,
  score: 0n,
  ...overrides,
});

const base = { account: ALICE as `0x${string}`, now: 1_000n, blockNumber: 50n, reviewableAt: 900n, open: true };

describe("quorumActionsOf", () => {
  it("offers the request once the commit window has passed, and says why not before", () => {
    assert.equal(quorumActionsOf({ ...base, review: review(), seats: [] }).request, true);
    const early = quorumActionsOf({ ...base, now: 800n, review: review(), seats: [] });
    assert.equal(early.request, false);
    assert.match(early.waiting!, /commit window/);
    const settled = quorumActionsOf({ ...base, open: false, review: review(), seats: [] });
    assert.equal(settled.request, false);
    assert.match(settled.waiting!, /no longer waiting/);
  });

  it("offers the draw only once the block after the draw block exists", () => {
    const drawing = review({ phase: reviewPhase.Drawing, drawBlock: 60n });
    const before = quorumActionsOf({ ...base, blockNumber: 60n, review: drawing, seats: [] });
    assert.equal(before.draw, false);
    assert.match(before.waiting!, /block 60, once it is mined \(the chain is at block 60\)/);
    assert.equal(quorumActionsOf({ ...base, blockNumber: 61n, review: drawing, seats: [] }).draw, true);
  });

  it("lists the account's uncommitted seats of the current round while commits are open, every one it holds", () => {
    const committing = review({ phase: reviewPhase.Committing, deadline: 2_000n });
    const seats = [seat(ALICE), seat(BOB), seat(ALICE, { committed: true }), seat(ALICE.toUpperCase().replace("0X", "0x") as `0x${string}`)];
    const actions = quorumActionsOf({ ...base, review: committing, seats });
    assert.deepEqual(actions.toCommit.map((held) => held.index), [0, 3]);
    assert.deepEqual(actions.toReveal, []);
    assert.equal(actions.endCommits, false);
    assert.deepEqual(quorumActionsOf({ ...base, account: undefined, review: committing, seats }).toCommit, []);
  });

  it("after the commit deadline offers anyone the end of the commit phase, and no commit", () => {
    const late = quorumActionsOf({ ...base, now: 2_001n, review: review({ phase: reviewPhase.Committing, deadline: 2_000n }), seats: [seat(ALICE)] });
    assert.equal(late.endCommits, true);
    assert.deepEqual(late.toCommit, []);
  });

  it("lists committed, unrevealed seats of the current round to reveal; the appeal round's seats only in the appeal round", () => {
    const revealing = review({ phase: reviewPhase.Revealing, deadline: 2_000n, committedSeats: 3, revealedSeats: 1 });
    const seats = [seat(ALICE, { committed: true, revealed: true }), seat(ALICE, { committed: true }), seat(BOB, { committed: true }), seat(ALICE, { round: 1, committed: true })];
    assert.deepEqual(quorumActionsOf({ ...base, review: revealing, seats }).toReveal.map((held) => held.index), [1]);
    const appealRound = quorumActionsOf({ ...base, review: { ...revealing, round: 1 }, seats });
    assert.deepEqual(appealRound.toReveal.map((held) => held.index), [3]);
  });

  it("closes a round once every committed seat revealed or the deadline passed", () => {
    const allIn = review({ phase: reviewPhase.Revealing, deadline: 2_000n, committedSeats: 3, revealedSeats: 3 });
    assert.equal(quorumActionsOf({ ...base, review: allIn, seats: [] }).closeRound, true);
    const pending = review({ phase: reviewPhase.Revealing, deadline: 2_000n, committedSeats: 3, revealedSeats: 2 });
    assert.equal(quorumActionsOf({ ...base, review: pending, seats: [] }).closeRound, false);
    assert.equal(quorumActionsOf({ ...base, now: 2_001n, review: pending, seats: [] }).closeRound, true);
  });

  it("offers the appeal within the window and the finalization after it", () => {
    const decided = review({ phase: reviewPhase.Decided, deadline: 2_000n, firstRan: true, firstMedian: 5n });
    const within = quorumActionsOf({ ...base, review: decided, seats: [] });
    assert.deepEqual([within.appeal, within.finalize], [true, false]);
    const after = quorumActionsOf({ ...base, now: 2_001n, review: decided, seats: [] });
    assert.deepEqual([after.appeal, after.finalize], [false, true]);
    const final = quorumActionsOf({ ...base, review: review({ phase: reviewPhase.Final }), seats: [] });
    assert.deepEqual([final.appeal, final.finalize, final.request, final.draw], [false, false, false, false]);
  });
});

describe("seat measurements kept until the reveal", () => {
  const store = () => {
    const values = new Map<string, string>();
    return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value), removeItem: (key: string) => void values.delete(key) };
  };

  it("keys by chain, contract, proposal and seat, so one seat's measurement never serves another", () => {
    const key = seatMeasurementKey({ chainId: 31337, quorum: QUORUM, proposalId: 7n, seat: 2 });
    assert.equal(key, "orm.quorum-seat.31337.0x00000000000000000000000000000000000000cc.7.2");
    assert.notEqual(key, seatMeasurementKey({ chainId: 31337, quorum: QUORUM, proposalId: 7n, seat: 1 }));
    assert.notEqual(key, seatMeasurementKey({ chainId: 16602, quorum: QUORUM, proposalId: 7n, seat: 2 }));
  });

  it("round-trips a measurement, negative scores and 'did not run' included", () => {
    const storage = store();
    storeSeatMeasurement(storage, "a", { ran: true, score: -123_456_789_012_345_678_901n });
    assert.deepEqual(readSeatMeasurement(storage, "a"), { ran: true, score: -123_456_789_012_345_678_901n });
    storeSeatMeasurement(storage, "b", { ran: false, score: 0n });
    assert.deepEqual(readSeatMeasurement(storage, "b"), { ran: false, score: 0n });
  });

  it("reads nothing from a missing, malformed or tampered entry", () => {
    const storage = store();
    assert.equal(readSeatMeasurement(storage, "missing"), undefined);
    storage.setItem("junk", "{not json");
    assert.equal(readSeatMeasurement(storage, "junk"), undefined);
    storage.setItem("float", JSON.stringify({ ran: true, score: "1.5" }));
    assert.equal(readSeatMeasurement(storage, "float"), undefined);
    storage.setItem("untyped", JSON.stringify({ ran: "yes", score: "1" }));
    assert.equal(readSeatMeasurement(storage, "untyped"), undefined);
  });
});

describe("describePhase", () => {
  it("names the appeal round's phases", () => {
    assert.equal(describePhase({ phase: reviewPhase.Committing, round: 0 }), "seats commit their measurements");
    assert.equal(describePhase({ phase: reviewPhase.Revealing, round: 1 }), "Appeal round: seats reveal their measurements");
    assert.equal(describePhase({ phase: reviewPhase.Decided, round: 0 }), "Decided; open to appeal");
  });
});
