import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { formatTimestamp } from "@orm/protocol/format";

import type { Account } from "../indexer.ts";
import { describeVerifierPosition, verifierLineText, verifierPositionOf, type VerifierPosition } from "../verifierPosition.ts";

const ETH = 10n ** 18n;
const ADDRESS = "0x00000000000000000000000000000000000000a1";

type IndexedAccount = Pick<Account, "bond" | "quorumPay" | "seats">;
type IndexedBond = NonNullable<Account["bond"]>;

const indexedBond = (overrides: Partial<IndexedBond> = {}): IndexedBond => ({
  address: ADDRESS,
  amount: (3n * ETH).toString(),
  bonded: true,
  withdrawableAt: null,
  locked: "0",
  seized: "0",
  updatedAt: "1",
  ...overrides,
});

const seat = (proposalId: string): Account["seats"][number] =>
  ({ proposalId, seat: 0, round: 0, holder: ADDRESS, committed: false, revealed: false, phase: 2, deadline: "0", seatLock: (ETH / 10n).toString() }) as never;

const account = (overrides: Partial<IndexedAccount> = {}): IndexedAccount => ({ bond: null, quorumPay: null, seats: [], ...overrides });

const position = (overrides: Partial<VerifierPosition> = {}): VerifierPosition => ({
  bond: 3n * ETH,
  withdrawableAt: 0n,
  bonded: true,
  locked: 0n,
  openSeats: 0,
  owed: 0n,
  penalties: 0n,
  seatHistory: false,
  ...overrides,
});

describe("verifierPositionOf", () => {
  describe("when the account never bonded nor held a seat", () => {
    it("has nothing to say, from the indexer or the chain", () => {
      assert.equal(verifierPositionOf({ chain: {}, account: account() }), undefined);
      assert.equal(verifierPositionOf({ chain: { bondOf: [0n, 0n], lockedBondOf: 0n, isBonded: false, owedTo: 0n } }), undefined);
    });
  });

  describe("when only the indexer has answered", () => {
    it("takes its bond, lock, seats, pay and penalties", () => {
      const indexed = account({
        bond: indexedBond({ locked: (ETH / 10n).toString(), seized: (ETH / 50n).toString() }),
        quorumPay: { account: ADDRESS, owed: (ETH / 50n).toString(), withdrawn: "0", updatedAt: "1" },
        seats: [seat("7")],
      });
      assert.deepEqual(verifierPositionOf({ chain: {}, account: indexed }), {
        bond: 3n * ETH,
        withdrawableAt: 0n,
        bonded: true,
        locked: ETH / 10n,
        openSeats: 1,
        owed: ETH / 50n,
        penalties: ETH / 50n,
        seatHistory: true,
      });
    });
  });

  describe("when the chain has answered too", () => {
    it("prefers the chain's bond, lock, membership and pay (the indexer may be a block behind)", () => {
      const indexed = account({ bond: indexedBond({ locked: (ETH / 10n).toString() }), seats: [seat("7")] });
      const result = verifierPositionOf({ chain: { bondOf: [2n * ETH, 0n], lockedBondOf: 0n, isBonded: false, owedTo: ETH }, account: indexed });
      assert.equal(result?.bond, 2n * ETH);
      assert.equal(result?.locked, 0n);
      assert.equal(result?.bonded, false);
      assert.equal(result?.owed, ETH);
      assert.equal(result?.openSeats, 1);
    });
  });

  describe("when the indexer cannot be reached", () => {
    it("knows neither the seats nor the penalties, and still shows a bond", () => {
      const result = verifierPositionOf({ chain: { bondOf: [ETH, 0n], lockedBondOf: ETH / 10n, isBonded: true, owedTo: 0n } });
      assert.equal(result?.openSeats, undefined);
      assert.equal(result?.penalties, undefined);
      assert.equal(result?.seatHistory, true);
    });
  });

  describe("when the bond is gone but the seats left something", () => {
    it("still has something to say about pay credited once", () => {
      const result = verifierPositionOf({
        chain: { bondOf: [0n, 0n], owedTo: 0n },
        account: account({ quorumPay: { account: ADDRESS, owed: "0", withdrawn: "5", updatedAt: "1" } }),
      });
      assert.equal(result?.bond, 0n);
      assert.equal(result?.seatHistory, true);
    });
  });
});

describe("describeVerifierPosition", () => {
  const text = (overrides: Partial<VerifierPosition>) => verifierLineText(describeVerifierPosition(position(overrides)));

  it("says the bond, its lock by open seats, the pay to withdraw and the penalties in one sentence", () => {
    assert.equal(
      text({ locked: ETH / 10n, openSeats: 1, owed: ETH / 50n, penalties: ETH / 50n, seatHistory: true }),
      "Verifier bond: 3 ETH, 0.1 ETH locked by 1 open review seat · quorum pay 0.02 ETH to withdraw · penalties lost 0.02 ETH.",
    );
    assert.equal(
      text({ locked: ETH / 5n, openSeats: 2, seatHistory: true }),
      "Verifier bond: 3 ETH, 0.2 ETH locked by 2 open review seats · quorum pay 0 ETH to withdraw · penalties lost 0 ETH.",
    );
    assert.equal(text({ owed: ETH / 50n, seatHistory: true }), "Verifier bond: 3 ETH, no open review seats · quorum pay 0.02 ETH to withdraw · penalties lost 0 ETH.");
  });

  it("keeps to the bond for a verifier who never held a seat", () => {
    assert.equal(text({}), "Verifier bond: 3 ETH in the bonded set.");
  });

  it("says when a leaving bond can be withdrawn, then the seats", () => {
    assert.equal(text({ withdrawableAt: 1_800_000_000n, bonded: false }), `Verifier bond: 3 ETH, leaving the bonded set: withdrawable from ${formatTimestamp(1_800_000_000n)}.`);
    assert.equal(
      text({ withdrawableAt: 1_800_000_000n, bonded: false, locked: ETH / 10n, openSeats: 1, seatHistory: true }),
      `Verifier bond: 3 ETH, leaving the bonded set: withdrawable from ${formatTimestamp(1_800_000_000n)}. 0.1 ETH locked by 1 open review seat · quorum pay 0 ETH to withdraw · penalties lost 0 ETH.`,
    );
  });

  it("says why a bond below the minimum is not drawn", () => {
    assert.equal(
      text({ bond: ETH / 20n, bonded: false, penalties: ETH / 20n, seatHistory: true }),
      "Verifier bond: 0.05 ETH, below the minimum after penalties: not drawn for review seats until topped up. No open review seats · quorum pay 0 ETH to withdraw · penalties lost 0.05 ETH.",
    );
  });

  it("speaks of the seats alone when there is no bond, and leaves out what the indexer did not say", () => {
    assert.equal(text({ bond: 0n, bonded: false, owed: ETH, seatHistory: true }), "No verifier bond. No open review seats · quorum pay 1 ETH to withdraw · penalties lost 0 ETH.");
    assert.equal(
      text({ locked: ETH / 10n, openSeats: undefined, penalties: undefined, seatHistory: true }),
      "Verifier bond: 3 ETH, 0.1 ETH locked by open review seats · quorum pay 0 ETH to withdraw.",
    );
  });

  it("marks each number with its figure, in the chain's native symbol", () => {
    const parts = describeVerifierPosition(position({ locked: ETH / 10n, openSeats: 1, owed: 1n, penalties: 0n, seatHistory: true }), { symbol: "A0GI" });
    assert.deepEqual(
      parts.filter((part) => part.figure).map((part) => [part.figure, part.text]),
      [
        ["bond", "3 A0GI"],
        ["locked", "0.1 A0GI"],
        ["seats", "1"],
        ["owed", "< 0.000001 A0GI"],
        ["penalties", "0 A0GI"],
      ],
    );
  });
});
