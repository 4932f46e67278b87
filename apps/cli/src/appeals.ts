/**
 * Decided reviews and appeals in words, without a chain: what `verify`, `appeal` and `status` say.
 *
 * Where single reviews are appealable (`ProposalLedger.SINGLE_REVIEW_APPEALS`, on in every
 * deployment), an allowlisted verifier's approve, reject or supersede on a one-reviewer project
 * (k = 1) no longer settles: it decides. The review quorum records it as a first round of one seat
 * (seat 0, the reviewer; a rejection is "did not run") in phase Decided, locking `seatLockOf` of the
 * reviewer's free bond, and the proposal stays Reviewing (held by the quorum) until the appeal window
 * passes and anyone finalizes it, or someone appeals with `appealBondOf` (0.3 of a seat lock): three
 * fresh bonded seats (1..3) re-run it, and their median is final. A quorum's (k = 3..9) first round
 * ends in the same phase, and its appeal round has 2k + 1 seats.
 */
import { formatEther, type Address, type ContractFunctionReturnType } from "viem";

import { reviewQuorumAbi } from "@orm/protocol/generated/abis";
import { bondShortfallOf, freeBondOf } from "@orm/protocol/quorum";
import { proposalStatus, proposalStatusNames, reviewPhase, reviewPhaseNames, type ReviewPhase, type ReviewPhaseName } from "@orm/protocol/generated/constants";
import { formatSeconds } from "./output.ts";

/** An amount of native currency in full ("0.09 ETH"): an operator may paste it into `bond post`. */
export function formatNative(wei: bigint, symbol = "ETH"): string {
  return `${formatEther(wei)} ${symbol}`;
}

// ---------------------------------------------------------------- the reviewer's bond

export type BondShortfallParameters = {
  /** `VerifierRegistry.bondOf(account).amount`. */
  bond: bigint;
  /** `VerifierRegistry.lockedBondOf(account)`: what open seats and decisions hold. */
  locked: bigint;
  /** `ReviewQuorum.seatLockOf(proposalId)`: what a decision would lock. */
  seatLock: bigint;
};

/** How much free bond a decision lacks (the protocol's rule, `@orm/protocol/quorum`). */
export { bondShortfallOf };

/** The refusal of a decision the ledger would revert (`VerifierRegistryBondTooLow`), in one sentence. */
export function describeBondShortfall({ proposalId, account, bond, locked, seatLock, symbol }: BondShortfallParameters & { proposalId: bigint; account: Address; symbol?: string }): string {
  const free = freeBondOf({ bond, locked });
  const short = bondShortfallOf({ bond, locked, seatLock });
  const amount = formatEther(short);
  return (
    `Deciding proposal #${proposalId} locks ${formatNative(seatLock, symbol)} of your verifier bond until its appeal window has passed, ` +
    `and ${account} has ${formatNative(free, symbol)} free: post at least ${formatNative(short, symbol)} more (research bond post ${amount}) and run it again; nothing was sent.`
  );
}

// ---------------------------------------------------------------- a review's state

/** `ReviewQuorum.reviewOf` (typed from the generated ABI), as much as a summary needs; `phase` a `reviewPhase` number. */
export type ReviewStateInput = Pick<
  ContractFunctionReturnType<typeof reviewQuorumAbi, "view", "reviewOf">,
  "round" | "quorum" | "drawBlock" | "deadline" | "seatLock" | "appellant" | "appealBond" | "firstRan" | "firstMedian"
> & { phase: ReviewPhase };

/** `ReviewQuorum.seatsOf`, as much as a summary needs. */
export type SeatInput = Pick<ContractFunctionReturnType<typeof reviewQuorumAbi, "view", "seatsOf">[number], "holder" | "round" | "committed" | "revealed">;

export type VerdictName = "Approved" | "Superseded" | "Rejected";

export type ReviewSummary = {
  /** Seats in the first round: 1 for a single reviewer's decision. */
  quorum: number;
  phase: ReviewPhaseName;
  /** The first round's outcome, once it is decided (null while a quorum's first round runs). */
  decision: {
    /** How the ledger would settle it now (`verdictOf`): the best may move before it is final. */
    verdict: VerdictName;
    /** False for a rejection (or a median that did not run). */
    ran: boolean;
    score: bigint;
    /** The single reviewer (seat 0); null for a quorum's median. */
    reviewer: Address | null;
    /** What each first-round seat (the reviewer's bond, for k = 1) has locked until the review is final. */
    seatLock: bigint;
    /** Until when anyone may appeal; null once an appeal was taken. */
    appealDeadline: bigint | null;
    /** Whether `appeal` would go through at `now` (the window open, no appeal taken). */
    appealable: boolean;
    /** Whether `finalize` is due (the window passed, no appeal). */
    finalizable: boolean;
  } | null;
  /** The appeal round, once someone appealed. */
  appeal: {
    appellant: Address;
    bond: bigint;
    phase: ReviewPhaseName;
    /** Drawing: the seats are drawn once this block is mined. */
    drawBlock: bigint | null;
    /** Committing or Revealing: the phase's deadline. */
    deadline: bigint | null;
    seats: { seat: number; holder: Address; committed: boolean; revealed: boolean }[];
  } | null;
};

const VERDICTS: readonly number[] = [proposalStatus.Approved, proposalStatus.Superseded, proposalStatus.Rejected];

/**
 * What a review stands at, at `now` (seconds): `verdict` is the ledger's `verdictOf` of the first
 * round's measurement (a `proposalStatus` number). Null when no review was recorded (phase None).
 */
export function reviewSummaryOf({ state, seats, verdict, now }: { state: ReviewStateInput; seats: readonly SeatInput[]; verdict: number | undefined; now: bigint }): ReviewSummary | null {
  if (state.phase === reviewPhase.None) return null;
  const quorum = state.quorum;
  const appealed = state.round === 1;
  const decided = appealed || state.phase === reviewPhase.Decided || state.phase === reviewPhase.Final;
  const open = state.phase === reviewPhase.Decided && !appealed;
  const decision: ReviewSummary["decision"] = decided
    ? {
        verdict: (verdict !== undefined && VERDICTS.includes(verdict) ? proposalStatusNames[verdict] : state.firstRan ? "Approved" : "Rejected") as VerdictName,
        ran: state.firstRan,
        score: state.firstMedian,
        reviewer: quorum === 1 ? (seats[0]?.holder ?? null) : null,
        seatLock: state.seatLock,
        appealDeadline: appealed ? null : state.deadline,
        appealable: open && now <= state.deadline,
        finalizable: open && now > state.deadline,
      }
    : null;
  const appeal: ReviewSummary["appeal"] = appealed
    ? {
        appellant: state.appellant,
        bond: state.appealBond,
        phase: reviewPhaseNames[state.phase],
        drawBlock: state.phase === reviewPhase.Drawing ? state.drawBlock : null,
        deadline: state.phase === reviewPhase.Committing || state.phase === reviewPhase.Revealing ? state.deadline : null,
        seats: seats.flatMap((seat, index) => (index >= quorum && seat.round === 1 ? [{ seat: index, holder: seat.holder, committed: seat.committed, revealed: seat.revealed }] : [])),
      }
    : null;
  return { quorum, phase: reviewPhaseNames[state.phase], decision, appeal };
}

export type DescribeReviewOptions = {
  /** The proposal, for the commands to run. */
  proposalId: bigint;
  /** A score in the project's units. */
  formatScore: (score: bigint) => string;
  symbol?: string;
};

/** The summary as lines for `status` (each a few words after a label; no trailing full stops). */
export function describeReview(summary: ReviewSummary, { proposalId, formatScore, symbol }: DescribeReviewOptions): string[] {
  const lines: string[] = [];
  const { decision, appeal } = summary;
  if (!decision) {
    lines.push(`review     a quorum of ${summary.quorum}, ${PHASE_WORDS[summary.phase]}`);
    return lines;
  }
  const by = decision.reviewer ? `decided by ${decision.reviewer}` : `decided by a quorum of ${summary.quorum}`;
  // (A single reviewer's rejection is recorded as "did not run": it carries no measurement.)
  const measured = decision.ran ? ` (measured ${formatScore(decision.score)})` : decision.reviewer ? "" : " (did not run)";
  lines.push(`review     ${by}: ${decision.verdict}${measured}`);
  const lock = decision.reviewer ? `${formatNative(decision.seatLock, symbol)} of its bond locked` : `${formatNative(decision.seatLock, symbol)} locked per seat`;
  if (decision.appealable) {
    lines.push(`pending    until ${formatSeconds(decision.appealDeadline!)} (the appeal window; ${lock}); then anyone finalizes it (research verify ${proposalId})`);
    lines.push(`appeal     open to anyone until then (research appeal ${proposalId})`);
  } else if (decision.finalizable) {
    lines.push(`pending    the appeal window closed at ${formatSeconds(decision.appealDeadline!)}; anyone may finalize it now (research verify ${proposalId})`);
  } else if (summary.phase === "Final") {
    lines.push(`final      settled on ${appeal ? "the appeal round's median (the proposal's status is the outcome)" : "this decision"}`);
  }
  if (appeal) {
    const where =
      appeal.phase === "Drawing"
        ? `drawn once block ${appeal.drawBlock} is mined`
        : appeal.deadline !== null
          ? `${PHASE_WORDS[appeal.phase]} until ${formatSeconds(appeal.deadline)}`
          : PHASE_WORDS[appeal.phase];
    lines.push(`appeal     by ${appeal.appellant} (bond ${formatNative(appeal.bond, symbol)}): ${2 * summary.quorum + 1} fresh seats, ${where}`);
    for (const seat of appeal.seats) {
      lines.push(`  seat ${seat.seat}   ${seat.holder}  ${seat.revealed ? "revealed" : seat.committed ? "committed" : "to commit"}`);
    }
  }
  return lines;
}

/** The review in a few words, beside a proposal in a list. */
export function describeReviewBriefly(summary: ReviewSummary): string {
  const { decision, appeal } = summary;
  if (!decision) return `quorum review ${PHASE_WORDS[summary.phase]}`;
  if (appeal) return `${decision.verdict} decided, appealed: ${PHASE_WORDS[appeal.phase]}`;
  if (decision.appealable) return `${decision.verdict} decided, pending until ${formatSeconds(decision.appealDeadline!)}`;
  if (decision.finalizable) return `${decision.verdict} decided, to finalize`;
  return `${decision.verdict} decided`;
}

const PHASE_WORDS: Record<ReviewPhaseName, string> = {
  None: "not started",
  Drawing: "drawing its seats",
  Committing: "in its commit phase",
  Revealing: "in its reveal phase",
  Decided: "decided",
  Final: "final",
};

// ---------------------------------------------------------------- an appeal

const VERDICT_NOUNS: Record<VerdictName, string> = { Approved: "approval", Superseded: "supersession", Rejected: "rejection" };

export type AppealTermsParameters = {
  proposalId: bigint;
  summary: ReviewSummary;
  /** `appealBondOf`. */
  bond: bigint;
  symbol?: string;
  formatScore: (score: bigint) => string;
};

/**
 * The confirmation before an appeal, one sentence: what it costs, who re-runs it, and what it wins
 * (the contract's rules: the bond pays the appeal seats that agree with the outcome, whichever it is;
 * an overturn gives the appellant the single reviewer's whole lock, or the first round's disagreeing
 * seats' locks).
 */
export function describeAppealTerms({ proposalId, summary, bond, symbol, formatScore }: AppealTermsParameters): string {
  const decision = summary.decision!;
  const seats = 2 * summary.quorum + 1;
  const noun = VERDICT_NOUNS[decision.verdict];
  const what = decision.reviewer
    ? `${noun} by ${decision.reviewer}${decision.ran ? ` (measured ${formatScore(decision.score)})` : ""}`
    : `${noun} by a quorum of ${summary.quorum} (median ${decision.ran ? formatScore(decision.score) : "did not run"})`;
  const win = decision.reviewer
    ? `if it changes the verdict, the reviewer's ${formatNative(decision.seatLock, symbol)} lock is yours`
    : `if it disagrees with the first round's, the first-round seats that disagree with it lose their ${formatNative(decision.seatLock, symbol)} locks to you`;
  return (
    `Appealing proposal #${proposalId}'s ${what} costs a bond of ${formatNative(bond, symbol)}, paid to the ${seats} fresh verifiers who re-run it whatever they find; ` +
    `their median is final, and ${win}.`
  );
}
