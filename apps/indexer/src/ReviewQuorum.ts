/**
 * ReviewQuorum: each quorum review's phase and deadlines, its seats (holder, commit, reveal, how each
 * settled), the native pay it owes, and the milestones on the proposal's timeline. The ledger's own
 * events (ReviewClaimed by the quorum contract when the seats are drawn, then the settlement) are
 * handled in ProposalLedger.ts as for any reviewer.
 *
 * A one-reviewer project's verdict (`SINGLE_REVIEW_APPEALS`) is a review of quorum 1 that starts
 * decided: `DecisionRecorded` stands for the request, draw, commit, reveal and first close, seat 0 is
 * the reviewer with its measurement, and an appeal (seats 1..3) and the finalization follow as for any
 * quorum. The proposal keeps the reviewer as its `reviewer` and `decidedBy` (the ledger's reviewer is
 * this contract from then on), and the verdict is credited once `ReviewFinalized` says whether it stood.
 *
 * Event order inside one transaction (the handlers rely on it):
 * - a single reviewer's approve, reject or supersede: DecisionRecorded, then the registry's BondLocked;
 * - requestReview: SeatDrawScheduled; appeal: ReviewAppealed, SeatDrawScheduled;
 * - drawSeats: SeatDrawn per seat (after the registry's BondLocked), then the ledger's ReviewClaimed on
 *   the first draw; a draw block lost to age: SeatDrawScheduled; a void appeal: AppealVoided, PayCredited;
 * - the last commit: ScoreCommitted, RevealsOpened; endCommitPhase: SeatReplaced per idle seat, then
 *   SeatDrawScheduled (or RevealsOpened);
 * - closeRound: RoundClosed, and for the appeal round the finalization below;
 * - finalize: the ledger's settlement, SeatSettled per seat (after the registry's BondReleased),
 *   PayCredited, ReviewFinalized.
 */
import { ponder, type Context } from "ponder:registry";
import { proposal, quorumPay, quorumReview, quorumSeat, review as claim } from "ponder:schema";
import type { Hex } from "viem";

import { proposalStatus, reviewPhase } from "@orm/protocol/generated/constants";

import { lower, recordProposalEvent, touchClock, touchProject } from "./lib/store.ts";
import { creditVerdict, type VerdictOutcome } from "./lib/verdicts.ts";

type Db = Context["db"];

/** The ledger's hold on a proposal whose review the quorum settles (`type(uint40).max`, as `holdForQuorum` sets it). */
const HELD_UNTIL = 2n ** 40n - 1n;

async function proposalOf(db: Db, proposalId: bigint) {
  const row = await db.find(proposal, { id: proposalId });
  if (!row) throw new Error(`Proposal ${proposalId} is not indexed (a quorum event arrived before its submission).`);
  return row;
}

/** `ProposalLedger.verdictOf` at the event's block: the verdict a measurement implies (events do not carry it). */
async function verdictOf(context: Context, proposalId: bigint, ran: boolean, score: bigint): Promise<number> {
  return Number(
    await context.client.readContract({
      abi: context.contracts.ProposalLedger.abi,
      address: context.contracts.ProposalLedger.address as Hex,
      functionName: "verdictOf",
      args: [proposalId, ran, score],
    }),
  );
}

const OUTCOMES: Record<number, VerdictOutcome> = {
  [proposalStatus.Approved]: "approved",
  [proposalStatus.Rejected]: "rejected",
  [proposalStatus.Superseded]: "superseded",
};

async function reviewOf(db: Db, proposalId: bigint) {
  const row = await db.find(quorumReview, { proposalId });
  if (!row) throw new Error(`The quorum review of proposal ${proposalId} is not indexed (an event arrived before its request).`);
  return row;
}

ponder.on("ReviewQuorum:SeatDrawScheduled", async ({ event, context }) => {
  const { proposalId, round, drawBlock } = event.args;
  const time = event.block.timestamp;
  const values = { phase: reviewPhase.Drawing, round, drawBlock, updatedAt: time };
  const existing = await context.db.find(quorumReview, { proposalId });
  if (existing) {
    await context.db.update(quorumReview, { proposalId }).set(values);
    await touchProject(context.db, existing.projectId, event);
    return;
  }
  const { projectId, reviewQuorum } = await proposalOf(context.db, proposalId);
  await context.db.insert(quorumReview).values({ proposalId, projectId, quorum: reviewQuorum, ...values });
  await recordProposalEvent(context.db, event, {
    proposalId,
    projectId,
    kind: "quorum-requested",
    actor: lower(event.transaction.from),
    data: { drawBlock },
  });
});

// A single reviewer decided (the ledger's approve, reject or supersede): a first round of one seat,
// closed at once, its appeal window open. The proposal stays Reviewing, held by the quorum.
ponder.on("ReviewQuorum:DecisionRecorded", async ({ event, context }) => {
  const { proposalId, reviewer, ran, score, seatLock, appealDeadline } = event.args;
  const time = event.block.timestamp;
  const row = await proposalOf(context.db, proposalId);
  const { projectId } = row;
  const verdict = await verdictOf(context, proposalId, ran, score);
  await context.db.insert(quorumReview).values({
    proposalId,
    projectId,
    quorum: 1,
    phase: reviewPhase.Decided,
    round: 0,
    deadline: appealDeadline,
    seatLock,
    firstRan: ran,
    firstMedian: score,
    firstVerdict: verdict,
    updatedAt: time,
  });
  await context.db.insert(quorumSeat).values({
    proposalId,
    seat: 0,
    projectId,
    round: 0,
    holder: lower(reviewer),
    committed: true,
    revealed: true,
    ran,
    score,
    updatedAt: time,
  });
  await context.db.update(proposal, { id: proposalId }).set({
    reviewer: lower(reviewer),
    decidedBy: lower(reviewer),
    reviewLockUntil: HELD_UNTIL,
    pendingVerdict: verdict,
    appealDeadline,
    updatedAt: time,
  });
  if (row.currentReviewId) {
    await context.db.update(claim, { id: row.currentReviewId }).set({ outcome: "decided", verifiedScore: ran ? score : null });
  }
  await recordProposalEvent(context.db, event, {
    proposalId,
    projectId,
    kind: "decided",
    actor: reviewer,
    data: { verdict, ran, score, seatLock, appealDeadline },
  });
  await touchClock(context.db, event);
});

ponder.on("ReviewQuorum:SeatDrawn", async ({ event, context }) => {
  const { proposalId, seat, holder, seatLock, commitDeadline } = event.args;
  const time = event.block.timestamp;
  const review = await reviewOf(context.db, proposalId);
  const values = {
    round: review.round,
    holder: lower(holder),
    commitDeadline,
    committed: false,
    revealed: false,
    ran: null,
    score: null,
    updatedAt: time,
  };
  await context.db
    .insert(quorumSeat)
    .values({ proposalId, seat: Number(seat), projectId: review.projectId, ...values })
    .onConflictDoUpdate(values);
  await context.db
    .update(quorumReview, { proposalId })
    .set({ phase: reviewPhase.Committing, deadline: commitDeadline, seatLock, updatedAt: time });
  await recordProposalEvent(context.db, event, {
    proposalId,
    projectId: review.projectId,
    kind: "seat-drawn",
    actor: lower(holder),
    data: { seat: Number(seat), round: review.round, seatLock, commitDeadline },
  });
});

ponder.on("ReviewQuorum:ScoreCommitted", async ({ event, context }) => {
  const { proposalId, seat, holder } = event.args;
  const row = await context.db
    .update(quorumSeat, { proposalId, seat: Number(seat) })
    .set({ committed: true, updatedAt: event.block.timestamp });
  await recordProposalEvent(context.db, event, {
    proposalId,
    projectId: row.projectId,
    kind: "score-committed",
    actor: lower(holder),
    data: { seat: Number(seat), round: row.round },
  });
});

ponder.on("ReviewQuorum:SeatReplaced", async ({ event, context }) => {
  const { proposalId, seat, holder, penalty } = event.args;
  const row = await context.db.update(quorumSeat, { proposalId, seat: Number(seat) }).set((current) => ({
    holder: null,
    committed: false,
    replaced: [...(current.replaced ?? []), lower(holder)],
    updatedAt: event.block.timestamp,
  }));
  await recordProposalEvent(context.db, event, {
    proposalId,
    projectId: row.projectId,
    kind: "seat-replaced",
    actor: lower(holder),
    data: { seat: Number(seat), penalty },
  });
});

ponder.on("ReviewQuorum:RevealsOpened", async ({ event, context }) => {
  const row = await context.db
    .update(quorumReview, { proposalId: event.args.proposalId })
    .set({ phase: reviewPhase.Revealing, deadline: event.args.deadline, updatedAt: event.block.timestamp });
  await touchProject(context.db, row.projectId, event);
});

ponder.on("ReviewQuorum:ScoreRevealed", async ({ event, context }) => {
  const { proposalId, seat, holder, ran, score } = event.args;
  const row = await context.db
    .update(quorumSeat, { proposalId, seat: Number(seat) })
    .set({ revealed: true, ran, score, updatedAt: event.block.timestamp });
  await recordProposalEvent(context.db, event, {
    proposalId,
    projectId: row.projectId,
    kind: "score-revealed",
    actor: lower(holder),
    data: { seat: Number(seat), round: row.round, ran, score },
  });
});

ponder.on("ReviewQuorum:RoundClosed", async ({ event, context }) => {
  const { proposalId, round, ran, median, appealDeadline } = event.args;
  const time = event.block.timestamp;
  const review = await reviewOf(context.db, proposalId);
  if (round === 0) {
    const verdict = await verdictOf(context, proposalId, ran, median);
    await context.db.update(quorumReview, { proposalId }).set({
      phase: reviewPhase.Decided,
      deadline: appealDeadline,
      firstRan: ran,
      firstMedian: median,
      firstVerdict: verdict,
      updatedAt: time,
    });
    await context.db.update(proposal, { id: proposalId }).set({ pendingVerdict: verdict, appealDeadline, updatedAt: time });
  }
  await recordProposalEvent(context.db, event, {
    proposalId,
    projectId: review.projectId,
    kind: "round-closed",
    actor: lower(event.transaction.from),
    data: { round, ran, median, appealDeadline: round === 0 ? appealDeadline : null },
  });
});

ponder.on("ReviewQuorum:ReviewAppealed", async ({ event, context }) => {
  const { proposalId, appellant, bond } = event.args;
  const time = event.block.timestamp;
  const row = await context.db
    .update(quorumReview, { proposalId })
    .set({ appellant: lower(appellant), appealBond: bond, round: 1, updatedAt: time });
  await context.db.update(proposal, { id: proposalId }).set({ appealDeadline: null, updatedAt: time });
  await recordProposalEvent(context.db, event, {
    proposalId,
    projectId: row.projectId,
    kind: "appealed",
    actor: lower(appellant),
    data: { bond },
  });
});

ponder.on("ReviewQuorum:AppealVoided", async ({ event, context }) => {
  const { proposalId, appellant, bond } = event.args;
  const time = event.block.timestamp;
  const row = await context.db.update(quorumReview, { proposalId }).set({
    phase: reviewPhase.Decided,
    round: 0,
    deadline: time,
    appellant: null,
    appealBond: null,
    appealVoided: true,
    updatedAt: time,
  });
  // The first round stands and its window is closed: anyone may finalize.
  await context.db.update(proposal, { id: proposalId }).set({ appealDeadline: time, updatedAt: time });
  await recordProposalEvent(context.db, event, {
    proposalId,
    projectId: row.projectId,
    kind: "appeal-voided",
    actor: lower(appellant),
    data: { bond },
  });
});

ponder.on("ReviewQuorum:SeatSettled", async ({ event, context }) => {
  const { proposalId, seat, agreed, penalty } = event.args;
  const row = await context.db
    .update(quorumSeat, { proposalId, seat: Number(seat) })
    .set({ agreed, penalty, updatedAt: event.block.timestamp });
  await touchProject(context.db, row.projectId, event);
});

ponder.on("ReviewQuorum:PayCredited", async ({ event, context }) => {
  const { account, amount } = event.args;
  const time = event.block.timestamp;
  await context.db
    .insert(quorumPay)
    .values({ account: lower(account), owed: amount, withdrawn: 0n, updatedAt: time })
    .onConflictDoUpdate((row) => ({ owed: row.owed + amount, updatedAt: time }));
});

ponder.on("ReviewQuorum:PayWithdrawn", async ({ event, context }) => {
  const { account, amount } = event.args;
  await context.db.update(quorumPay, { account: lower(account) }).set((row) => ({
    owed: row.owed - amount,
    withdrawn: row.withdrawn + amount,
    updatedAt: event.block.timestamp,
  }));
});

ponder.on("ReviewQuorum:ReviewFinalized", async ({ event, context }) => {
  const { proposalId, verdict, ran, median, overturned } = event.args;
  const time = event.block.timestamp;
  const row = await context.db.update(quorumReview, { proposalId }).set({
    phase: reviewPhase.Final,
    finalRan: ran,
    finalMedian: median,
    verdict,
    overturned,
    deadline: null,
    updatedAt: time,
  });
  await recordProposalEvent(context.db, event, {
    proposalId,
    projectId: row.projectId,
    kind: "quorum-final",
    actor: lower(event.transaction.from),
    data: { verdict, ran, median, overturned },
  });
  // A single reviewer's decision (the ledger's settlement above named this contract): the verdict is the
  // decider's when it stood, this contract's (the appeal's seats) when an appeal overturned it.
  const settled = await proposalOf(context.db, proposalId);
  if (!settled.decidedBy) return;
  const credited = overturned ? lower(event.log.address) : settled.decidedBy;
  const outcome = OUTCOMES[verdict];
  if (!outcome) throw new Error(`ReviewFinalized of proposal ${proposalId} carries verdict ${verdict}, not a settlement.`);
  await context.db.update(proposal, { id: proposalId }).set({ settledBy: credited });
  if (overturned && settled.currentReviewId) {
    await context.db.update(claim, { id: settled.currentReviewId }).set({ outcome: "overturned" });
  }
  await creditVerdict(
    context.db,
    { ...settled, proposalId },
    credited,
    outcome,
    outcome === "rejected" ? null : settled.verifiedScore,
    time,
  );
});
