import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { reviewPhase } from "../src/generated/constants.ts";
import { agreesWith, appealBondOf, bondShortfallOf, freeBondOf, medianOf, nextQuorumStep, seatSaltMessage, seatSaltOf } from "../src/quorum.ts";

describe("medianOf", () => {
  it("takes the middle in the project's direction, with seats that did not run or reveal ranking worst", () => {
    const seats = [{ ran: true, score: 10n }, { ran: true, score: 30n }, { ran: true, score: 20n }];
    assert.deepEqual(medianOf(seats, false), { ran: true, score: 20n });
    assert.deepEqual(medianOf(seats, true), { ran: true, score: 20n });
    // one missing reveal: the worst of the other two in the direction (a liar cannot take the middle)
    assert.deepEqual(medianOf([{ ran: true, score: 10n }, undefined, { ran: true, score: 30n }], false), { ran: true, score: 10n });
    assert.deepEqual(medianOf([{ ran: true, score: 10n }, undefined, { ran: true, score: 30n }], true), { ran: true, score: 30n });
    assert.deepEqual(medianOf([{ ran: false, score: 0n }, undefined, { ran: true, score: 30n }], false), { ran: false, score: 0n });
    assert.deepEqual(medianOf([{ ran: true, score: -5n }, { ran: true, score: -7n }, { ran: true, score: 1n }], false), { ran: true, score: -5n });
    assert.throws(() => medianOf([{ ran: true, score: 1n }, { ran: true, score: 2n }], false), /odd number/);
  });
});

describe("agreesWith", () => {
  it("agrees within the project's tolerance of the outcome, and 'did not run' only with itself", () => {
    const outcome = { ran: true, score: 1_000_000n };
    assert.equal(agreesWith({ ran: true, score: 1_010_000n }, outcome, 10_000), true);
    assert.equal(agreesWith({ ran: true, score: 1_010_001n }, outcome, 10_000), false);
    assert.equal(agreesWith({ ran: false, score: 0n }, outcome, 10_000), false);
    assert.equal(agreesWith({ ran: false, score: 0n }, { ran: false, score: 0n }, 10_000), true);
  });
});

describe("appealBondOf", () => {
  it("is 2k + 1 seats' pay of a tenth of the seat lock each", () => {
    assert.equal(appealBondOf(3, 10n ** 17n), 7n * 10n ** 16n);
    assert.equal(appealBondOf(1, 10n ** 18n), 3n * 10n ** 17n);
  });
});

describe("seat salts", () => {
  it("names one seat of one contract on one chain, and hides the signature", () => {
    const base = { chainId: 31337, quorum: "0x00000000000000000000000000000000000000aa" as const, proposalId: 4n, seat: 1n };
    const message = seatSaltMessage(base);
    assert.match(message, /Chain 31337, review quorum 0x0+aa, proposal 4, seat 1\./);
    assert.notEqual(message, seatSaltMessage({ ...base, seat: 2n }));
    const signature = `0x${"ab".repeat(65)}` as const;
    assert.notEqual(seatSaltOf(signature), signature.slice(0, 66));
    assert.match(seatSaltOf(signature), /^0x[0-9a-f]{64}$/);
  });
});

describe("nextQuorumStep", () => {
  const state = { phase: reviewPhase.Committing, round: 0, committedSeats: 1, revealedSeats: 0, replacementsLeft: 1, drawBlock: 10n, deadline: 100n };
  it("says what is due in each phase, and when its time runs out", () => {
    assert.deepEqual(nextQuorumStep({ ...state, phase: reviewPhase.None }, 0n), { step: "request" });
    assert.deepEqual(nextQuorumStep({ ...state, phase: reviewPhase.Drawing }, 0n), { step: "draw", fromBlock: 11n });
    assert.deepEqual(nextQuorumStep(state, 100n), { step: "commit", until: 100n });
    assert.deepEqual(nextQuorumStep(state, 101n), { step: "end-commits", replaces: true });
    assert.deepEqual(nextQuorumStep({ ...state, replacementsLeft: 0 }, 101n), { step: "end-commits", replaces: false });
    assert.deepEqual(nextQuorumStep({ ...state, phase: reviewPhase.Revealing }, 50n), { step: "reveal", until: 100n });
    assert.deepEqual(nextQuorumStep({ ...state, phase: reviewPhase.Revealing, revealedSeats: 1 }, 50n), { step: "close-round" });
    assert.deepEqual(nextQuorumStep({ ...state, phase: reviewPhase.Revealing }, 101n), { step: "close-round" });
    assert.deepEqual(nextQuorumStep({ ...state, phase: reviewPhase.Decided }, 100n), { step: "appeal-or-wait", until: 100n });
    assert.deepEqual(nextQuorumStep({ ...state, phase: reviewPhase.Decided }, 101n), { step: "finalize" });
    assert.deepEqual(nextQuorumStep({ ...state, phase: reviewPhase.Final }, 0n), { step: "final" });
  });
});

describe("freeBondOf and bondShortfallOf", () => {
  it("is the bond less what open seats lock, and what a seat lock lacks of it", () => {
    assert.equal(freeBondOf({ bond: 5n, locked: 2n }), 3n);
    assert.equal(freeBondOf({ bond: 1n, locked: 2n }), 0n);
    assert.equal(bondShortfallOf({ bond: 5n, locked: 2n, seatLock: 3n }), 0n, "exactly the lock free is enough");
    assert.equal(bondShortfallOf({ bond: 5n, locked: 3n, seatLock: 3n }), 1n);
    assert.equal(bondShortfallOf({ bond: 0n, locked: 0n, seatLock: 3n }), 3n);
  });
});
