/**
 * A verifier's review seats on quorum projects (`reviewQuorum` above one), off-chain: what is due for
 * a review as one address sees it (`seatDutyOf`, built on the protocol's `nextQuorumStep`), and the
 * seat record that carries a measurement from its commitment to its reveal.
 *
 * The seat record: the salt is never stored (it is recomputed from the holder's signature of
 * `seatSaltMessage`), but the measurement is the other half of the commitment, and re-running the
 * benchmark at reveal time could measure another score. So `verify` writes the measurement here
 * (mode 0600, whole or not at all) before it commits, reads it back to reveal, and deletes it once
 * the reveal landed. One file per chain, review quorum contract, proposal, seat and holder, in
 * `<state dir>/seats/` (RESEARCH_STATE_DIR, else ~/.research).
 */
import { rm } from "node:fs/promises";
import path from "node:path";

import type { Address, Hex } from "viem";

import { readJsonOfSchema, writeJsonWhole } from "./commitments.ts";
import { formatSeconds } from "./output.ts";
import { nextQuorumStep, type QuorumState } from "@orm/protocol/quorum";

// ---------------------------------------------------------------- what is due

/** A seat as `ReviewQuorum.seatsOf` returns it (only what the duty needs). */
export type SeatState = { holder: Address; round: number; committed: boolean; revealed: boolean };

/**
 * What a review is due for, as `me` sees it: a step anyone may take (request, draw, end the commit
 * phase, close the round, finalize), one of `me`'s seats to commit or reveal, or a wait (for the
 * commit window, the draw block, the other seats, the appeal window; `wait-earlier`: a finalization
 * the ledger refused because the project's earlier proposal is still open, as approvals go in
 * priority order), or nothing more (final).
 */
export type SeatDuty =
  | { due: "wait-reviewable"; at: bigint }
  | { due: "request" }
  | { due: "wait-draw"; block: bigint }
  | { due: "draw" }
  | { due: "commit"; seats: bigint[]; until: bigint }
  | { due: "wait-commits"; until: bigint }
  | { due: "end-commits"; replaces: boolean }
  | { due: "reveal"; seats: bigint[]; until: bigint }
  | { due: "wait-reveals"; until: bigint }
  | { due: "close-round" }
  | { due: "wait-appeal"; until: bigint }
  | { due: "finalize" }
  | { due: "wait-earlier"; proposalId: bigint }
  | { due: "final" };

export type SeatDutyInput = {
  state: QuorumState;
  seats: readonly SeatState[];
  /** Whose seats (undefined: the neutral view, no seat to act on). */
  me: Address | undefined;
  /** The chain's time as the next block will see it (seconds). */
  now: bigint;
  /** The latest mined block. */
  latestBlock: bigint;
  /** `ProposalLedger.reviewableAt`: a review may be requested from then (the proposal's commit window). */
  reviewableAt: bigint;
};

/** `me`'s seats in the review's current round (their indexes in `seatsOf`). */
export function seatsHeldBy(seats: readonly SeatState[], round: number, me: Address | undefined): bigint[] {
  if (me === undefined) return [];
  const mine = me.toLowerCase();
  return seats.flatMap((seat, index) => (seat.round === round && seat.holder.toLowerCase() === mine ? [BigInt(index)] : []));
}

/**
 * How `verify --list` names a seat's state. On a one-reviewer project (quorum 1) seat 0 of round 0
 * is the reviewer's decision (`recordDecision`), not a measurement revealed to a quorum.
 */
export function seatStateOf(seat: Pick<SeatState, "round" | "committed" | "revealed">, quorum: number): "decided" | "revealed" | "committed" | "open" {
  if (quorum <= 1 && seat.round === 0) return "decided";
  return seat.revealed ? "revealed" : seat.committed ? "committed" : "open";
}

export function seatDutyOf({ state, seats, me, now, latestBlock, reviewableAt }: SeatDutyInput): SeatDuty {
  const step = nextQuorumStep(state, now);
  const held = seatsHeldBy(seats, state.round, me);
  switch (step.step) {
    case "request":
      return now < reviewableAt ? { due: "wait-reviewable", at: reviewableAt } : { due: "request" };
    case "draw":
      // The draw goes through in a block after the draw block: due once the draw block is mined.
      return latestBlock >= step.fromBlock - 1n ? { due: "draw" } : { due: "wait-draw", block: step.fromBlock - 1n };
    case "commit": {
      const toCommit = held.filter((seat) => !seats[Number(seat)]!.committed);
      return toCommit.length ? { due: "commit", seats: toCommit, until: step.until } : { due: "wait-commits", until: step.until };
    }
    case "end-commits":
      return { due: "end-commits", replaces: step.replaces };
    case "reveal": {
      const toReveal = held.filter((seat) => seats[Number(seat)]!.committed && !seats[Number(seat)]!.revealed);
      return toReveal.length ? { due: "reveal", seats: toReveal, until: step.until } : { due: "wait-reveals", until: step.until };
    }
    case "close-round":
      return { due: "close-round" };
    case "appeal-or-wait":
      return { due: "wait-appeal", until: step.until };
    case "finalize":
      return { due: "finalize" };
    default:
      return { due: "final" };
  }
}

/** Whether the duty is a transaction to send now (else a wait, or nothing). */
export function isActionable(duty: SeatDuty): boolean {
  return !duty.due.startsWith("wait-") && duty.due !== "final";
}

/** The duty in a few words, as `verify --list` and the progress lines say it. */
export function describeDuty(duty: SeatDuty): string {
  const seats = (list: bigint[]) => `seat${list.length > 1 ? "s" : ""} ${list.join(", ")}`;
  switch (duty.due) {
    case "wait-reviewable":
      return `a review may be requested from ${formatSeconds(duty.at)} (its commit window)`;
    case "request":
      return "a review may be requested (anyone)";
    case "wait-draw":
      return `seats are drawn once block ${duty.block} is mined`;
    case "draw":
      return "seats may be drawn (anyone)";
    case "commit":
      return `measure and commit ${seats(duty.seats)} by ${formatSeconds(duty.until)}`;
    case "wait-commits":
      return `waiting for the other seats to commit (until ${formatSeconds(duty.until)})`;
    case "end-commits":
      return duty.replaces ? "the commit phase may be ended: seats that did not commit are replaced (anyone)" : "the commit phase may be ended: the reveals open (anyone)";
    case "reveal":
      return `reveal ${seats(duty.seats)} by ${formatSeconds(duty.until)}`;
    case "wait-reveals":
      return `waiting for the other seats to reveal (until ${formatSeconds(duty.until)})`;
    case "close-round":
      return "the round may be closed (anyone)";
    case "wait-appeal":
      return `open to appeal until ${formatSeconds(duty.until)}, final after that (anyone finalizes it)`;
    case "finalize":
      return "the review may be finalized (anyone)";
    case "wait-earlier":
      return `final once #${duty.proposalId}, earlier on its project and still open, is settled (approvals go in priority order)`;
    default:
      return "final";
  }
}

// ---------------------------------------------------------------- the seat record

export const SEAT_RECORD_SCHEMA = "open-research-market/seat-measurement@1";

export type SeatKey = { chainId: number; quorum: Address; proposalId: bigint; seat: bigint; holder: Address };

export type SeatRecord = SeatKey & {
  round: number;
  /** False when the benchmark could not run the proposal (the miner's fault; ranks worst). */
  ran: boolean;
  /** The median of the runs (0 when it did not run). */
  score: bigint;
  /** Every run's score. */
  scores: bigint[];
  /** Why it did not run, when it did not. */
  reason?: string;
  /** The commitment sent (or about to be). */
  commitment: Hex;
  measuredAt: string;
};

/** The record of `holder`'s measurement for `seat` of `proposalId`, on this deployment. */
export function seatRecordPath(stateDir: string, { chainId, quorum, proposalId, seat, holder }: SeatKey): string {
  return path.join(stateDir, "seats", `${[chainId, quorum, proposalId, seat, holder].join("-").toLowerCase()}.json`);
}

/** The record in `file`, or undefined when there is none (or it is not one). */
export async function readSeatRecord(file: string): Promise<SeatRecord | undefined> {
  const value = await readJsonOfSchema(file, SEAT_RECORD_SCHEMA);
  if (!value) return undefined;
  return {
    chainId: value.chainId,
    quorum: value.quorum,
    proposalId: BigInt(value.proposalId),
    seat: BigInt(value.seat),
    holder: value.holder,
    round: value.round,
    ran: value.ran,
    score: BigInt(value.score),
    scores: (value.scores ?? []).map((score: string) => BigInt(score)),
    ...(value.reason !== undefined ? { reason: value.reason } : {}),
    commitment: value.commitment,
    measuredAt: value.measuredAt,
  };
}

/** Writes the record whole or not at all (a temporary file renamed over it), readable by its owner only. */
export async function writeSeatRecord(file: string, record: SeatRecord): Promise<void> {
  const document = {
    schema: SEAT_RECORD_SCHEMA,
    ...record,
    proposalId: String(record.proposalId),
    seat: String(record.seat),
    score: String(record.score),
    scores: record.scores.map(String),
  };
  await writeJsonWhole(file, document);
}

export async function forgetSeatRecord(file: string): Promise<void> {
  await rm(file, { force: true });
}
