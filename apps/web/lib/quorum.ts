/**
 * A quorum review as the app shows it: what the connected account (or anyone) may do with it now,
 * from the chain's `reviewOf`/`seatsOf` and the chain's clock (`nextQuorumStep` in
 * `@orm/protocol/quorum` decides the step; this adds whose seats act and why a button is off), and
 * where the browser keeps a seat's measurement between its commit and its reveal.
 *
 * The salt is never stored: it is the hash of the holder's signature of `seatSaltMessage`, which the
 * wallet reproduces at reveal (and the CLI with the same key). The measurement is kept in this
 * browser's localStorage, keyed by chain, contract, proposal and seat, from before the commit is
 * sent until the reveal is mined; when it is gone (another browser, cleared storage) the holder types
 * it again and the reveal is simulated against the commitment before anything is sent.
 */
import type { Address } from "viem";

import { reviewPhase, type ReviewPhase } from "@orm/protocol/generated/constants";
import { nextQuorumStep, type QuorumStep, type SeatMeasurement } from "@orm/protocol/quorum";

export type QuorumReviewState = {
  phase: ReviewPhase;
  round: number;
  quorum: number;
  replacementsLeft: number;
  committedSeats: number;
  revealedSeats: number;
  drawBlock: bigint;
  deadline: bigint;
  seatLock: bigint;
  appellant: Address;
  appealBond: bigint;
  firstRan: boolean;
  firstMedian: bigint;
};

export type QuorumSeatState = { holder: Address; round: number; committed: boolean; revealed: boolean; ran: boolean; score: bigint };

/** A seat of the current round held by the account, by its index in `seatsOf`. */
export type HeldSeat = QuorumSeatState & { index: number };

export type QuorumActions = {
  step: QuorumStep;
  /** The account's seats in the current round that still have to commit (phase Committing, before the deadline). */
  toCommit: HeldSeat[];
  /** The account's committed seats in the current round that still have to reveal (phase Revealing, before the deadline). */
  toReveal: HeldSeat[];
  /** Anyone may start the review now (the proposal waits for review and its commit window has passed). */
  request: boolean;
  /** Anyone may draw the seats now (the draw block has been mined). */
  draw: boolean;
  endCommits: boolean;
  closeRound: boolean;
  appeal: boolean;
  finalize: boolean;
  /** Why nothing is offered to anyone yet (a sentence), when that is so. */
  waiting: string | null;
};

export type QuorumActionsParameters = {
  review: QuorumReviewState;
  seats: readonly QuorumSeatState[];
  account: Address | undefined;
  /** The chain's clock, seconds. */
  now: bigint;
  /** The chain's latest block. */
  blockNumber: bigint | undefined;
  /** `ProposalLedger.reviewableAt`: when a review may start (the commit window after its priority). */
  reviewableAt: bigint | undefined;
  /** The proposal is still waiting for review (status Submitted) or held by the quorum (Reviewing). */
  open: boolean;
};

/** What may be done with a quorum review now, and by whom (the contract's rules, checked again by its simulation). */
export function quorumActionsOf({ review, seats, account, now, blockNumber, reviewableAt, open }: QuorumActionsParameters): QuorumActions {
  const step = nextQuorumStep(review, now);
  const mine = seats
    .map((seat, index) => ({ ...seat, index }))
    .filter((seat) => account !== undefined && seat.round === review.round && seat.holder.toLowerCase() === account.toLowerCase());
  const actions: QuorumActions = {
    step,
    toCommit: step.step === "commit" ? mine.filter((seat) => !seat.committed) : [],
    toReveal: step.step === "reveal" ? mine.filter((seat) => seat.committed && !seat.revealed) : [],
    request: false,
    draw: false,
    endCommits: step.step === "end-commits",
    closeRound: step.step === "close-round",
    appeal: step.step === "appeal-or-wait",
    finalize: step.step === "finalize",
    waiting: null,
  };
  if (step.step === "request") {
    if (!open) actions.waiting = "The proposal is no longer waiting for review.";
    else if (reviewableAt !== undefined && now < reviewableAt) actions.waiting = "The review can be requested once the proposal's commit window has passed.";
    else actions.request = reviewableAt !== undefined;
  }
  if (step.step === "draw") {
    if (blockNumber !== undefined && blockNumber >= step.fromBlock) actions.draw = true;
    else actions.waiting = `The seats are drawn from the hash of block ${(step.fromBlock - 1n).toString()}, once it is mined${blockNumber === undefined ? "" : ` (the chain is at block ${blockNumber.toString()})`}.`;
  }
  return actions;
}

/** Whether the review has reached a round's result (the first median is known). */
export function hasFirstMedian(review: Pick<QuorumReviewState, "phase" | "round">): boolean {
  return review.phase === reviewPhase.Decided || review.phase === reviewPhase.Final || review.round > 0;
}

/** Where this browser keeps a seat's measurement until its reveal. */
export function seatMeasurementKey({ chainId, quorum, proposalId, seat }: { chainId: number; quorum: Address; proposalId: bigint; seat: number }): string {
  return `orm.quorum-seat.${chainId}.${quorum.toLowerCase()}.${proposalId}.${seat}`;
}

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export function storeSeatMeasurement(store: KeyValueStore, key: string, measurement: SeatMeasurement): void {
  store.setItem(key, JSON.stringify({ ran: measurement.ran, score: measurement.score.toString() }));
}

/** The stored measurement, or `undefined` when there is none (or it is not one). */
export function readSeatMeasurement(store: KeyValueStore, key: string): SeatMeasurement | undefined {
  try {
    const value = JSON.parse(store.getItem(key) ?? "null") as { ran?: unknown; score?: unknown } | null;
    if (!value || typeof value.ran !== "boolean" || typeof value.score !== "string" || !/^-?\d+$/.test(value.score)) return undefined;
    return { ran: value.ran, score: BigInt(value.score) };
  } catch {
    return undefined;
  }
}

/** The phase as a reader says it. */
export function describePhase(review: Pick<QuorumReviewState, "phase" | "round">): string {
  const appeal = review.round > 0 ? "Appeal round: " : "";
  switch (review.phase) {
    case reviewPhase.None:
      return "Not requested yet";
    case reviewPhase.Drawing:
      return `${appeal}drawing the seats`;
    case reviewPhase.Committing:
      return `${appeal}seats commit their measurements`;
    case reviewPhase.Revealing:
      return `${appeal}seats reveal their measurements`;
    case reviewPhase.Decided:
      return "Decided; open to appeal";
    default:
      return "Final";
  }
}
