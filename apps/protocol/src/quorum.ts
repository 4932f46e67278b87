/**
 * Quorum review off-chain: the commitment a seat makes (`ReviewQuorum.scoreCommitmentOf`), the salt
 * derived from a wallet signature so any client holding the key recovers it (the browser that
 * committed, or the CLI), the median and the agreement rule the contract settles with, and which step
 * a review is due for (what a verifier node or a page offers next).
 */
import { encodeAbiParameters, keccak256, type Address, type Hex } from "viem";

import { reviewPhase, reviewQuorumConstants, type ReviewPhase } from "./generated/constants.ts";
import { reproducesClaim, toleranceOfPpm } from "./ledger.ts";

/** A seat's measurement: `ran` false when the benchmark could not run the proposal (ranks worst). */
export type SeatMeasurement = { ran: boolean; score: bigint };

export type SeatCommitmentParameters = SeatMeasurement & {
  chainId: number;
  quorum: Address;
  proposalId: bigint;
  seat: bigint;
  holder: Address;
  salt: Hex;
};

/** `ReviewQuorum.scoreCommitmentOf`: keccak256 of the chain, the contract, the seat, its holder and the measurement with its salt. */
export function scoreCommitmentOf({ chainId, quorum, proposalId, seat, holder, ran, score, salt }: SeatCommitmentParameters): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: "uint256" },
        { type: "address" },
        { type: "uint256" },
        { type: "uint256" },
        { type: "address" },
        { type: "bool" },
        { type: "int256" },
        { type: "bytes32" },
      ],
      [BigInt(chainId), quorum, proposalId, seat, holder, ran, score, salt],
    ),
  );
}

/**
 * The message a seat's holder signs to derive its salt: it names the chain, the contract, the proposal
 * and the seat, so a salt serves one seat only. Wallets sign deterministically (RFC 6979), so signing
 * it again anywhere gives the same salt: nothing needs to be stored between commit and reveal.
 */
export function seatSaltMessage({ chainId, quorum, proposalId, seat }: { chainId: number; quorum: Address; proposalId: bigint; seat: bigint }): string {
  return [
    "Open research market: the salt of my review seat.",
    `Chain ${chainId}, review quorum ${quorum.toLowerCase()}, proposal ${proposalId}, seat ${seat}.`,
    "Signing this reveals nothing and moves nothing.",
  ].join("\n");
}

/** The salt from the holder's signature of `seatSaltMessage` (its hash: the signature itself stays private). */
export function seatSaltOf(signature: Hex): Hex {
  return keccak256(signature);
}

/**
 * The contract's median over all of a round's seats (odd count): the middle measurement in the
 * project's direction, a seat that did not reveal (`undefined`) or did not run ranking worst.
 */
export function medianOf(measurements: (SeatMeasurement | undefined)[], lowerIsBetter: boolean): SeatMeasurement {
  if (measurements.length % 2 === 0) throw new Error("A quorum's median needs an odd number of seats.");
  const keys = measurements
    .map((m) => (m && m.ran ? { worst: false, key: lowerIsBetter ? -m.score : m.score } : { worst: true, key: 0n }))
    .sort((a, b) => (a.worst !== b.worst ? (a.worst ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const middle = keys[(keys.length - 1) / 2]!;
  if (middle.worst) return { ran: false, score: 0n };
  return { ran: true, score: lowerIsBetter ? -middle.key : middle.key };
}

/**
 * Whether a seat's measurement agrees with the outcome (and is paid): both "did not run", or both ran
 * and the seat's score reproduces the outcome's within the project's tolerance.
 */
export function agreesWith(seat: SeatMeasurement, outcome: SeatMeasurement, tolerancePpm: number | bigint): boolean {
  if (!seat.ran || !outcome.ran) return seat.ran === outcome.ran;
  return reproducesClaim(outcome.score, seat.score, toleranceOfPpm(tolerancePpm));
}

/** What an appeal costs: `(2k + 1)` seats' pay of `APPEAL_SEAT_FEE_BPS` of a seat lock (`appealBondOf`). */
export function appealBondOf(quorum: number, seatLock: bigint): bigint {
  const { APPEAL_SEAT_FEE_BPS, BPS_DENOMINATOR } = reviewQuorumConstants;
  return (2n * BigInt(quorum) + 1n) * seatLock * APPEAL_SEAT_FEE_BPS / BPS_DENOMINATOR;
}

/** A verifier's bond not locked by open seats or decisions (`bondOf(account).amount` less `lockedBondOf`). */
export function freeBondOf({ bond, locked }: { bond: bigint; locked: bigint }): bigint {
  return bond > locked ? bond - locked : 0n;
}

/**
 * How much free bond a seat or a decision lacks: `VerifierRegistry.lockSeat` locks `seatLock`
 * (`ReviewQuorum.seatLockOf`) of the free bond and reverts `VerifierRegistryBondTooLow` when it is
 * short; 0 when it covers it.
 */
export function bondShortfallOf({ bond, locked, seatLock }: { bond: bigint; locked: bigint; seatLock: bigint }): bigint {
  const free = freeBondOf({ bond, locked });
  return free >= seatLock ? 0n : seatLock - free;
}

export type QuorumState = {
  phase: ReviewPhase;
  round: number;
  committedSeats: number;
  revealedSeats: number;
  replacementsLeft: number;
  drawBlock: bigint;
  deadline: bigint;
};

export type QuorumStep =
  | { step: "request" }
  | { step: "draw"; fromBlock: bigint }
  | { step: "commit"; until: bigint }
  | { step: "end-commits"; replaces: boolean }
  | { step: "reveal"; until: bigint }
  | { step: "close-round" }
  | { step: "appeal-or-wait"; until: bigint }
  | { step: "finalize" }
  | { step: "final" };

/**
 * The step a review is due for at `now` (seconds), as the contract allows it: what a seat's holder
 * does in the commit and reveal phases, and what anyone may do to move it on (a draw is due once a
 * block after `fromBlock - 1` is mined).
 */
export function nextQuorumStep(state: QuorumState, now: bigint): QuorumStep {
  switch (state.phase) {
    case reviewPhase.None:
      return { step: "request" };
    case reviewPhase.Drawing:
      return { step: "draw", fromBlock: state.drawBlock + 1n };
    case reviewPhase.Committing:
      if (now <= state.deadline) return { step: "commit", until: state.deadline };
      return { step: "end-commits", replaces: state.replacementsLeft > 0 };
    case reviewPhase.Revealing:
      if (now <= state.deadline && state.revealedSeats < state.committedSeats) return { step: "reveal", until: state.deadline };
      return { step: "close-round" };
    case reviewPhase.Decided:
      if (now <= state.deadline) return { step: "appeal-or-wait", until: state.deadline };
      return { step: "finalize" };
    default:
      return { step: "final" };
  }
}
