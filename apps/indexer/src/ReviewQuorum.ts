/**
 * ReviewQuorum: each quorum review's phase and deadlines, its seats (holder, commit, reveal, how each
 * settled), the native pay it owes, and the milestones on the proposal's timeline. The ledger's own
 * events (ReviewClaimed by the quorum contract when the seats are drawn, then the settlement) are
 * handled in ProposalLedger.ts as for any reviewer.
 *
 * Event order inside one transaction (the handlers rely on it):
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
import { proposal, quorumPay, quorumReview, quorumSeat } from "ponder:schema";

import { reviewPhase } from "@orm/protocol/generated/constants";

import { lower, recordProposalEvent } from "./lib/store.ts";

type Db = Context["db"];

async function projectOf(db: Db, proposalId: bigint): Promise<bigint> {
  const row = await db.find(proposal, { id: proposalId });
  if (!row) throw new Error(`Proposal ${proposalId} is not indexed (a quorum event arrived before its submission).`);
  return row.projectId;
}

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
    return;
  }
  const projectId = await projectOf(context.db, proposalId);
  await context.db.insert(quorumReview).values({ proposalId, projectId, ...values });
  await recordProposalEvent(context.db, event, {
    proposalId,
    projectId,
    kind: "quorum-requested",
    actor: lower(event.transaction.from),
    data: { drawBlock },
  });
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
  await context.db
    .update(quorumReview, { proposalId: event.args.proposalId })
    .set({ phase: reviewPhase.Revealing, deadline: event.args.deadline, updatedAt: event.block.timestamp });
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
    await context.db.update(quorumReview, { proposalId }).set({
      phase: reviewPhase.Decided,
      deadline: appealDeadline,
      firstRan: ran,
      firstMedian: median,
      updatedAt: time,
    });
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
  const row = await context.db
    .update(quorumReview, { proposalId })
    .set({ appellant: lower(appellant), appealBond: bond, round: 1, updatedAt: event.block.timestamp });
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
  await context.db
    .update(quorumSeat, { proposalId, seat: Number(seat) })
    .set({ agreed, penalty, updatedAt: event.block.timestamp });
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
  const row = await context.db.update(quorumReview, { proposalId }).set({
    phase: reviewPhase.Final,
    finalRan: ran,
    finalMedian: median,
    verdict,
    overturned,
    deadline: null,
    updatedAt: event.block.timestamp,
  });
  await recordProposalEvent(context.db, event, {
    proposalId,
    projectId: row.projectId,
    kind: "quorum-final",
    actor: lower(event.transaction.from),
    data: { verdict, ran, median, overturned },
  });
});
