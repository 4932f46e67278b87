/**
 * `research verify` on quorum projects (`reviewQuorum` above one): nobody claims their proposals,
 * seats are drawn from the bonded verifiers (`ReviewQuorum`). For each review the verifier moves it
 * on as far as it can now (`advanceReview`):
 *   - a step anyone may take when due: request the review, draw the seats once the draw block is
 *     mined, end a commit phase past its deadline, close a round, finalize after the appeal window;
 *   - its own seats in the current round: measure exactly as a claim's review does (same sandbox,
 *     median of the protocol's runs; a miner's fault is "did not run"), record the measurement
 *     (`seats.ts`), commit `scoreCommitmentOf` with the salt of its signature of `seatSaltMessage`;
 *     once the reveals open, reveal the recorded measurement with the same salt, recomputed;
 *   - then withdraw the native pay the quorum owes it (`owedTo`).
 * A measurement that fails sends nothing; a refused step is one sentence. A reveal whose record is
 * gone says so, and takes the measurement re-entered (`--score`), checked against the commitment
 * (simulated) before anything is sent.
 *
 * A single reviewer's decision (k = 1, where the ledger's `SINGLE_REVIEW_APPEALS` is on) is a review
 * of the quorum too, from its Decided phase: seat 0 is the reviewer, and the same machinery
 * finalizes it after the appeal window or takes an appeal round (seats 1..3) through draw, commit,
 * reveal and close. A finalization the ledger refuses because an earlier proposal of the project is
 * still open (approvals go in priority order) is a wait, not a failure.
 */
import type { Address, ContractFunctionReturnType, Hex, LocalAccount } from "viem";

import { decodeProtocolError } from "@orm/protocol/errors";
import { formatScore } from "@orm/protocol/format";
import { reviewQuorumAbi } from "@orm/protocol/generated/abis";
import { proposalStatus, proposalStatusNames, reviewPhase, reviewPhaseNames, type ReviewPhase } from "@orm/protocol/generated/constants";
import { scoreCommitmentOf, seatSaltMessage, seatSaltOf, type SeatMeasurement } from "@orm/protocol/quorum";
import { ABI, explainError, read, readAllProposals, readProposal, type Context, type Proposal, type Writer } from "../chain.ts";
import { stateDirectory } from "../commitments.ts";
import { reviewSummaryOf, type ReviewSummary } from "../appeals.ts";
import { CliError } from "../output.ts";
import { describeDuty, forgetSeatRecord, isActionable, readSeatRecord, seatDutyOf, seatRecordPath, seatStateOf, writeSeatRecord, type SeatDuty, type SeatKey, type SeatState } from "../seats.ts";
import { measureProposal } from "./verify.ts";

/** `ReviewQuorum.reviewOf` and `seatsOf`, typed from the generated ABI (`phase` a `reviewPhase` number). */
export type ReviewState = Omit<ContractFunctionReturnType<typeof reviewQuorumAbi, "view", "reviewOf">, "phase"> & { phase: ReviewPhase };
export type SeatView = ContractFunctionReturnType<typeof reviewQuorumAbi, "view", "seatsOf">[number];

export type QuorumReview = { proposal: Proposal; quorum: number; state: ReviewState; seats: SeatView[]; reviewableAt: bigint };

/** Each project's review quorum (`submissionTerms`), for the projects of `proposals`. */
export async function quorumsOf(ctx: Context, projectIds: Iterable<bigint>): Promise<Map<bigint, number>> {
  const ids = [...new Set(projectIds)];
  const terms = await Promise.all(ids.map((id) => read<readonly [Address, bigint, bigint]>(ctx, ctx.addresses.registry, ABI.registry, "submissionTerms", [id])));
  return new Map(ids.map((id, i) => [id, Number(terms[i]![2])]));
}

export async function readReview(ctx: Context, proposal: Proposal, quorum: number): Promise<QuorumReview> {
  const [state, seats, reviewableAt] = await Promise.all([
    read<ReviewState>(ctx, ctx.addresses.quorum, ABI.quorum, "reviewOf", [proposal.id]),
    read<readonly SeatView[]>(ctx, ctx.addresses.quorum, ABI.quorum, "seatsOf", [proposal.id]),
    read<bigint>(ctx, ctx.addresses.ledger, ABI.ledger, "reviewableAt", [proposal.id]),
  ]);
  return { proposal, quorum, state: { ...state, phase: Number(state.phase) as ReviewPhase }, seats: [...seats], reviewableAt };
}

/**
 * Whether the review quorum holds the proposal: a quorum review past its draw, or a single reviewer's
 * decision waiting out its appeal window (`ProposalLedger._decide`: the reviewer is the quorum).
 */
export function isHeldByQuorum(ctx: Pick<Context, "addresses">, proposal: Pick<Proposal, "status" | "reviewer">): boolean {
  return proposal.status === proposalStatus.Reviewing && proposal.reviewer.toLowerCase() === ctx.addresses.quorum.toLowerCase();
}

/**
 * The open reviews of the review quorum, with their proposals: every open proposal (submitted, or held
 * by its review) of a quorum project, and every single reviewer's decision it holds (k = 1, decided:
 * finalized after the appeal window, or re-run by an appeal's seats).
 */
export async function readQuorumReviews(ctx: Context, projectFilter?: bigint, proposals?: Proposal[]): Promise<QuorumReview[]> {
  const all = (proposals ?? (await readAllProposals(ctx))).filter((p) => projectFilter === undefined || p.projectId === projectFilter);
  const { reviewed, quorums } = await reviewedByQuorum(ctx, all);
  return Promise.all(reviewed.map((p) => readReview(ctx, p, quorums.get(p.projectId)!)));
}

/** Of `proposals`, the open ones the review quorum reviews or holds (`readQuorumReviews`), with each project's quorum. */
export async function reviewedByQuorum(ctx: Context, proposals: Proposal[]): Promise<{ reviewed: Proposal[]; quorums: Map<bigint, number> }> {
  const open = proposals.filter((p) => p.status === proposalStatus.Submitted || p.status === proposalStatus.Reviewing);
  const quorums = await quorumsOf(ctx, open.map((p) => p.projectId));
  return { reviewed: open.filter((p) => (quorums.get(p.projectId) ?? 1) > 1 || isHeldByQuorum(ctx, p)), quorums };
}

/**
 * What a proposal's review stands at (`reviewSummaryOf`): the decision with the verdict the ledger
 * would settle it with now (`verdictOf`), the appeal window, an appeal round; null with no review.
 */
export async function readReviewSummary(ctx: Context, proposalId: bigint): Promise<ReviewSummary | null> {
  const [state, seats, { now }] = await Promise.all([
    read<ReviewState>(ctx, ctx.addresses.quorum, ABI.quorum, "reviewOf", [proposalId]),
    read<readonly SeatView[]>(ctx, ctx.addresses.quorum, ABI.quorum, "seatsOf", [proposalId]),
    chainClock(ctx),
  ]);
  const phase = Number(state.phase) as ReviewPhase;
  if (phase === reviewPhase.None) return null;
  // The ledger's verdict for the first round's measurement, once there is one (not re-judged once final).
  const decided = phase === reviewPhase.Decided || (state.round === 1 && phase !== reviewPhase.Final);
  const verdict = !decided ? undefined : await read<number>(ctx, ctx.addresses.ledger, ABI.ledger, "verdictOf", [proposalId, state.firstRan, state.firstMedian]);
  return reviewSummaryOf({ state: { ...state, phase }, seats, verdict: verdict === undefined ? undefined : Number(verdict), now });
}

/**
 * The chain's time as the next block will see it, and the latest block's number: the pending block's
 * time (a node's clock, moved forward by `evm_increaseTime` on a local chain), else the latest block's
 * or the wall clock, whichever is later (an idle chain mines no blocks, and its next one takes the time
 * it is mined at). Never earlier than the latest block.
 */
export async function chainClock(ctx: Context): Promise<{ now: bigint; latestBlock: bigint }> {
  const [latest, pending] = await Promise.all([ctx.client.getBlock(), ctx.client.getBlock({ blockTag: "pending" }).catch(() => undefined)]);
  const wall = BigInt(Math.floor(Date.now() / 1000));
  const now = [latest.timestamp, wall, pending?.timestamp ?? 0n].reduce((a, b) => (b > a ? b : a));
  return { now, latestBlock: latest.number };
}

export async function dutyOf(ctx: Context, review: QuorumReview, me: Address | undefined): Promise<SeatDuty> {
  const { now, latestBlock } = await chainClock(ctx);
  return seatDutyOf({ state: review.state, seats: review.seats, me, now, latestBlock, reviewableAt: review.reviewableAt });
}

/** One transaction a review took (or a seat's measurement with it). */
export type QuorumAction = {
  proposalId: bigint;
  action: "requestReview" | "drawSeats" | "commitScore" | "endCommitPhase" | "revealScore" | "closeRound" | "finalize";
  seat?: bigint;
  ran?: boolean;
  score?: bigint;
  transaction: Hex;
};

export type AdvanceOptions = {
  /** The measurement re-entered for a reveal whose record is gone (`--score`, `--fixed-score`, `--did-not-run`), parsed per project. */
  reentered?: (metricScale: bigint) => SeatMeasurement;
  /** Only the steps anyone may take, never a seat's (no measuring). */
  stepsOnly?: boolean;
};

/**
 * `status`: the proposal's after the last step (Reviewing until the review is final). `error`: the
 * sentence of a step refused after others were sent (those are in `actions`).
 */
export type AdvanceResult = { proposalId: bigint; projectId: bigint; actions: QuorumAction[]; duty: SeatDuty; phase: string; status: string; error?: string };

/** The steps anyone may take: the contract's function and the progress line's words. */
const ANYONES_STEPS = {
  request: ["requestReview", "requested the quorum review of"],
  draw: ["drawSeats", "drew the seats of"],
  "end-commits": ["endCommitPhase", "ended the commit phase of"],
  "close-round": ["closeRound", "closed the round of"],
  finalize: ["finalize", "finalized"],
} as const satisfies Partial<Record<SeatDuty["due"], readonly [QuorumAction["action"], string]>>;

/** At most this many steps per call (request, draw, commit, end, reveal, close, finalize are seven). */
const MAX_STEPS = 8;

/**
 * Moves one review on as far as it can go now for `account`: every due step in turn, until it waits
 * (for a block, the other seats, a deadline) or is final. Throws the first refusal as one sentence.
 */
export async function advanceReview(ctx: Context, writer: Writer, account: LocalAccount, start: QuorumReview, options: AdvanceOptions = {}): Promise<AdvanceResult> {
  const id = start.proposal.id;
  const actions: QuorumAction[] = [];
  let review = start;
  let duty = await dutyOf(ctx, review, account.address);
  const reread = async () => {
    review = await readReview(ctx, await readProposal(ctx, id), review.quorum);
    duty = await dutyOf(ctx, review, account.address);
  };
  const result = (error?: string): AdvanceResult => ({
    proposalId: id,
    projectId: start.proposal.projectId,
    actions,
    duty,
    phase: reviewPhaseNames[review.state.phase],
    status: proposalStatusNames[review.proposal.status],
    ...(error !== undefined ? { error } : {}),
  });
  for (let steps = 0; steps < MAX_STEPS && isActionable(duty); steps++) {
    try {
      if (duty.due === "commit") {
        if (options.stepsOnly) break;
        actions.push(...(await commitSeats(ctx, writer, account, review, duty.seats)));
      } else if (duty.due === "reveal") {
        if (options.stepsOnly) break;
        for (const seat of duty.seats) actions.push(await revealSeat(ctx, writer, account, review, seat, options.reentered));
      } else {
        const [action, label] = ANYONES_STEPS[duty.due as keyof typeof ANYONES_STEPS];
        const before = review.state;
        try {
          const sent = await writer.write(ctx.addresses.quorum, ABI.quorum, action, [id], { label: `${label} #${id}` });
          actions.push({ proposalId: id, action, transaction: sent.hash });
        } catch (error) {
          // Someone else took the step first (another verifier's node): the review moved on, go on from there.
          await reread();
          if (review.state.phase !== before.phase || review.state.round !== before.round) continue;
          // An approval is final only in priority order: it waits for the project's earlier open proposal.
          const refusal = decodeProtocolError(error);
          if (action === "finalize" && refusal?.errorName === "ProposalLedgerEarlierProposalOpen") {
            duty = { due: "wait-earlier", proposalId: refusal.args[1] as bigint };
            break;
          }
          throw error;
        }
      }
    } catch (error) {
      // What was sent before a refusal stays reported (a reveal, then a close that failed).
      if (actions.length) return result(explainError(error));
      throw error;
    }
    await reread();
  }
  return result();
}

function seatKey(ctx: Context, account: LocalAccount, proposalId: bigint, seat: bigint): SeatKey {
  return { chainId: ctx.chain.id, quorum: ctx.addresses.quorum, proposalId, seat, holder: account.address };
}

/** The salt of `seat`: the hash of the holder's signature of `seatSaltMessage` (the same every time). */
async function saltOf(ctx: Context, account: LocalAccount, proposalId: bigint, seat: bigint): Promise<Hex> {
  return seatSaltOf(await account.signMessage({ message: seatSaltMessage({ chainId: ctx.chain.id, quorum: ctx.addresses.quorum, proposalId, seat }) }));
}

/**
 * Measures the proposal once (a recorded measurement of an earlier run is reused: its commitment may
 * not have landed), records it for each seat, then commits each seat. A measurement that fails
 * throws before anything is written or sent.
 */
async function commitSeats(ctx: Context, writer: Writer, account: LocalAccount, review: QuorumReview, seats: bigint[]): Promise<QuorumAction[]> {
  const { out } = ctx;
  const id = review.proposal.id;
  const records = await Promise.all(seats.map(async (seat) => ({ seat, file: seatRecordPath(stateDirectory(), seatKey(ctx, account, id, seat)) })));
  let measured: { ran: boolean; score: bigint; scores: bigint[]; reason?: string } | undefined;
  for (const { file } of records) {
    const earlier = await readSeatRecord(file);
    if (earlier && earlier.round === review.state.round) measured = { ran: earlier.ran, score: earlier.score, scores: earlier.scores, reason: earlier.reason };
  }
  if (measured) out.progress(`proposal #${id}: reusing the recorded measurement (${measured.ran ? measured.score : "did not run"})`);
  else {
    const round = review.state.round === 1 ? `the appeal round of ${2 * review.quorum + 1}` : `quorum of ${review.quorum}`;
    out.progress(`proposal #${id} on project #${review.proposal.projectId}: measuring for seat${seats.length > 1 ? "s" : ""} ${seats.join(", ")} (${round})`);
    const { measurement, fault, project } = await measureProposal(ctx, review.proposal);
    measured = measurement ? { ran: true, score: measurement.median, scores: measurement.scores } : { ran: false, score: 0n, scores: [], reason: fault };
    out.progress(
      measurement
        ? `measured ${formatScore(measurement.median, project.config.metricScale)} (${measurement.median}; median of ${measurement.scores.join(", ")})`
        : `did not run: ${fault}`,
    );
  }
  const actions: QuorumAction[] = [];
  for (const { seat, file } of records) {
    const salt = await saltOf(ctx, account, id, seat);
    const commitment = scoreCommitmentOf({ ...seatKey(ctx, account, id, seat), ran: measured.ran, score: measured.score, salt });
    await writeSeatRecord(file, { ...seatKey(ctx, account, id, seat), round: review.state.round, ...measured, commitment, measuredAt: new Date().toISOString() });
    const sent = await writer.write(ctx.addresses.quorum, ABI.quorum, "commitScore", [id, seat, commitment], { label: `committed seat ${seat} of #${id}` });
    actions.push({ proposalId: id, action: "commitScore", seat, ran: measured.ran, score: measured.score, transaction: sent.hash });
  }
  return actions;
}

/**
 * Reveals `seat` with its recorded measurement and the recomputed salt; with no record, the
 * re-entered measurement, checked (a simulated reveal) against the commitment before it is sent.
 */
async function revealSeat(ctx: Context, writer: Writer, account: LocalAccount, review: QuorumReview, seat: bigint, reentered: AdvanceOptions["reentered"]): Promise<QuorumAction> {
  const id = review.proposal.id;
  const file = seatRecordPath(stateDirectory(), seatKey(ctx, account, id, seat));
  const record = await readSeatRecord(file);
  let measurement: SeatMeasurement;
  if (record) measurement = { ran: record.ran, score: record.score };
  else if (reentered) {
    const config = await read<{ metricScale: bigint }>(ctx, ctx.addresses.registry, ABI.registry, "getProjectConfig", [review.proposal.projectId]);
    measurement = reentered(config.metricScale);
  } else {
    throw new CliError(
      `The measurement committed for seat ${seat} of proposal #${id} is gone (no record at ${file}); re-enter it with --score <value> (or --did-not-run), which is checked against the commitment before anything is sent.`,
    );
  }
  const salt = await saltOf(ctx, account, id, seat);
  const args = [id, seat, measurement.ran, measurement.score, salt];
  if (!record) {
    try {
      await writer.simulate(ctx.addresses.quorum, ABI.quorum, "revealScore", args);
    } catch (error) {
      if (decodeProtocolError((error as Error).cause ?? error)?.errorName === "ReviewQuorumRevealMismatch") {
        throw new CliError(
          `The measurement re-entered for seat ${seat} of proposal #${id} (${measurement.ran ? `score ${measurement.score}` : "did not run"}) does not match its commitment; nothing was sent.`,
        );
      }
      throw error;
    }
  }
  const sent = await writer.write(ctx.addresses.quorum, ABI.quorum, "revealScore", args, { label: `revealed seat ${seat} of #${id}` });
  await forgetSeatRecord(file);
  return { proposalId: id, action: "revealScore", seat, ran: measurement.ran, score: measurement.score, transaction: sent.hash };
}

/** Withdraws what the quorum owes `account` (seat pay, seized penalties, an appeal bond), if anything. */
export async function withdrawOwed(ctx: Context, writer: Writer, account: LocalAccount): Promise<{ amount: bigint; transaction: Hex } | undefined> {
  const owed = await read<bigint>(ctx, ctx.addresses.quorum, ABI.quorum, "owedTo", [account.address]);
  if (owed === 0n) return undefined;
  const sent = await writer.write(ctx.addresses.quorum, ABI.quorum, "withdraw", [], { label: `withdrew ${owed} wei owed by the review quorum` });
  return { amount: owed, transaction: sent.hash };
}

/** A seat as `verify --list` shows it. */
export type SeatListing = {
  proposalId: bigint;
  projectId: bigint;
  seat: bigint;
  round: number;
  phase: string;
  deadline: bigint;
  committed: boolean;
  revealed: boolean;
  /** `seatStateOf`: decided (a one-reviewer project's decision), revealed, committed or open. */
  state: ReturnType<typeof seatStateOf>;
  due: string;
};

/** The seats `me` holds in open reviews' current rounds, with what is due for each review. */
export async function listSeats(ctx: Context, reviews: QuorumReview[], me: Address): Promise<SeatListing[]> {
  const listings: SeatListing[] = [];
  for (const review of reviews) {
    const duty = await dutyOf(ctx, review, me);
    const mine = me.toLowerCase();
    review.seats.forEach((seat, index) => {
      if (seat.holder.toLowerCase() !== mine || seat.round !== review.state.round) return;
      listings.push({
        proposalId: review.proposal.id,
        projectId: review.proposal.projectId,
        seat: BigInt(index),
        round: seat.round,
        phase: reviewPhaseNames[review.state.phase],
        deadline: review.state.deadline,
        committed: seat.committed,
        revealed: seat.revealed,
        state: seatStateOf(seat, review.quorum),
        due: describeDuty(duty),
      });
    });
  }
  return listings;
}
