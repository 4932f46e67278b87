/**
 * ProposalLedger: proposals and their timeline, reviews, verifier pay (review fees owed and claimed,
 * each project's fee fund, stored as the events carry them), reward claims and reputation.
 *
 * Event order inside one transaction (the handlers rely on it):
 * - approve: BestUpdated (registry), ReviewSettled, ReviewFeePaid, ProposalImproved, ProposalApproved,
 *   ProposalPaid, Transfer(s), MinerRewardMinted, SupplyRepriced;
 * - reject: ProposalRejected, ReviewSettled, ReviewFeePaid, StakeSlashed, VerifierPoolFunded, LedgerBurned, …;
 * - supersede: ReviewSettled, ReviewFeePaid, ProposalSuperseded, Transfer; expire: ProposalExpired,
 *   ProposalRefunded, Transfer;
 * - release: ReviewReleased, ReviewReleasedBy, then ProposalExpiryMoved when the claim stopped the expiry clock.
 *
 * With `SINGLE_REVIEW_APPEALS`, a one-reviewer project's approve, reject and supersede only decide: no
 * ledger event (ReviewQuorum's DecisionRecorded, then the registry's BondLocked). The settlement above
 * comes later from ReviewQuorum's finalize (or an appeal's closeRound), its verifier the ReviewQuorum
 * contract, with ReviewSettled and ReviewFeePaid naming the decider when its verdict stood, and is
 * followed by ReviewQuorum's SeatSettled and ReviewFinalized (which credits the verdict).
 */
import { ponder, type Context } from "ponder:registry";
import {
  bestScore,
  minerReward,
  project,
  proposal,
  review,
  rewardClaim,
  verifierPool,
  verifierShare,
} from "ponder:schema";
import type { Hex } from "viem";

import { proposalStatus as STATUS } from "@orm/protocol/generated/constants";
import { expiresAtOf } from "@orm/protocol/ledger";

import { bumpReputation, lower, recordProposalEvent, touchClock, touchProject } from "./lib/store.ts";
import { creditVerdict } from "./lib/verdicts.ts";

type Db = Context["db"];

async function proposalOf(db: Db, id: bigint) {
  const row = await db.find(proposal, { id });
  if (!row) throw new Error(`Proposal ${id} is not indexed (an event arrived before its submission).`);
  return row;
}

async function changeOpenProposals(db: Db, projectId: bigint, delta: number, time: bigint, approved = 0) {
  await db.update(project, { id: projectId }).set((row) => ({
    openProposals: row.openProposals + delta,
    approvedCount: row.approvedCount + approved,
    lastActivityAt: time,
  }));
}

/**
 * The columns every settlement writes. A single reviewer's decision is settled by the review quorum
 * (the event's verifier is the ReviewQuorum contract): the proposal keeps its decider, and
 * `ReviewFinalized`, later in the same transaction, says whom the verdict is credited to (`settledBy`).
 */
function settledColumns(row: { decidedBy: Hex | null }, verifier: Hex, time: bigint) {
  return {
    ...(row.decidedBy ? {} : { settledBy: lower(verifier) }),
    settledAt: time,
    pendingVerdict: null,
    appealDeadline: null,
    updatedAt: time,
  };
}

/** Ends the proposal's current review with `outcome`. */
async function endReview(
  db: Db,
  reviewId: string | null,
  outcome: string,
  time: bigint,
  extra: { verifiedScore?: bigint; metricsHash?: Hex } = {},
) {
  if (!reviewId) return;
  await db.update(review, { id: reviewId }).set({ outcome, endedAt: time, ...extra });
}

/** The ledger's COMMIT_WINDOW (an immutable: read once). */
let commitWindow: bigint | undefined;
async function commitWindowOf(context: Context): Promise<bigint> {
  commitWindow ??= BigInt(
    await context.client.readContract({
      abi: context.contracts.ProposalLedger.abi,
      address: context.contracts.ProposalLedger.address as Hex,
      functionName: "COMMIT_WINDOW",
    }),
  );
  return commitWindow;
}

ponder.on("ProposalLedger:ProposalSubmitted", async ({ event, context }) => {
  const { id, projectId, miner, rewardRecipient, codeHash, claimedAggregateScore, stake } = event.args;
  const time = event.block.timestamp;
  const window = await commitWindowOf(context);
  const owner = await context.db.find(project, { id: projectId });
  await context.db.insert(proposal).values({
    id,
    projectId,
    miner: lower(miner),
    rewardRecipient: lower(rewardRecipient),
    codeHash,
    claimedScore: claimedAggregateScore,
    stake,
    status: STATUS.Submitted,
    submittedAt: time,
    expiresAt: expiresAtOf(time),
    reviewableAt: time + window,
    reviewQuorum: owner?.reviewQuorum ?? 1,
    updatedAt: time,
    transactionHash: event.transaction.hash,
  });
  await context.db.update(project, { id: projectId }).set((row) => ({
    openProposals: row.openProposals + 1,
    proposalCount: row.proposalCount + 1,
    lastActivityAt: time,
  }));
  await recordProposalEvent(context.db, event, {
    proposalId: id,
    projectId,
    kind: "submitted",
    actor: miner,
    toStatus: STATUS.Submitted,
    data: { stake, claimedScore: claimedAggregateScore, codeHash, rewardRecipient },
  });
  await bumpReputation(context.db, miner, time, { proposalsSubmitted: 1 });
  await touchClock(context.db, event);
});

// A reveal (after ProposalSubmitted in the same transaction): the proposal's priority, and so its
// submission time, expiry and first claim, is its commitment's time.
ponder.on("ProposalLedger:ProposalRevealed", async ({ event, context }) => {
  const { id, submittedAt } = event.args;
  const window = await commitWindowOf(context);
  await context.db
    .update(proposal, { id })
    .set({ submittedAt, expiresAt: expiresAtOf(submittedAt), reviewableAt: submittedAt + window });
});

// A reveal of an earlier commitment took this proposal's code root: it ends, its stake refunded.
ponder.on("ProposalLedger:ProposalDisplaced", async ({ event, context }) => {
  const { id, byProposalId, stakeReturned } = event.args;
  const time = event.block.timestamp;
  const row = await proposalOf(context.db, id);
  await context.db.update(proposal, { id }).set({ status: STATUS.Displaced, stakeReturned, settledAt: time, updatedAt: time });
  await changeOpenProposals(context.db, row.projectId, -1, time);
  await recordProposalEvent(context.db, event, {
    proposalId: id,
    projectId: row.projectId,
    kind: "displaced",
    fromStatus: STATUS.Submitted,
    toStatus: STATUS.Displaced,
    data: { byProposalId, stakeReturned },
  });
  await touchClock(context.db, event);
});

ponder.on("ProposalLedger:ProposalLogRecorded", async ({ event, context }) => {
  const row = await context.db.update(proposal, { id: event.args.id }).set({ benchmarkLogHash: event.args.benchmarkLogHash });
  await touchProject(context.db, row.projectId, event);
});

ponder.on("ProposalLedger:ReviewClaimed", async ({ event, context }) => {
  const { id, verifier, reviewLockUntil } = event.args;
  const time = event.block.timestamp;
  const row = await proposalOf(context.db, id);
  await context.db.insert(review).values({
    id: event.id,
    proposalId: id,
    projectId: row.projectId,
    verifier: lower(verifier),
    claimedAt: time,
    lockUntil: BigInt(reviewLockUntil),
    outcome: "pending",
  });
  await context.db.update(proposal, { id }).set({
    status: STATUS.Reviewing,
    reviewer: lower(verifier),
    reviewLockUntil: BigInt(reviewLockUntil),
    claimedAt: time,
    currentReviewId: event.id,
    updatedAt: time,
  });
  await recordProposalEvent(context.db, event, {
    proposalId: id,
    projectId: row.projectId,
    kind: "claimed",
    actor: verifier,
    fromStatus: STATUS.Reviewing - 1,
    toStatus: STATUS.Reviewing,
    data: { reviewLockUntil: BigInt(reviewLockUntil) },
  });
  await bumpReputation(context.db, verifier, time, { reviewsClaimed: 1 });
  await touchClock(context.db, event);
});

ponder.on("ProposalLedger:ReviewReleasedBy", async ({ event, context }) => {
  const { id, reviewer, caller, lapsed } = event.args;
  const time = event.block.timestamp;
  const row = await proposalOf(context.db, id);
  await endReview(context.db, row.currentReviewId, lapsed ? "lapsed" : "released", time);
  await context.db.update(proposal, { id }).set({
    status: STATUS.Submitted,
    reviewer: null,
    reviewLockUntil: null,
    currentReviewId: null,
    updatedAt: time,
  });
  await recordProposalEvent(context.db, event, {
    proposalId: id,
    projectId: row.projectId,
    kind: "released",
    actor: caller,
    fromStatus: STATUS.Reviewing,
    toStatus: STATUS.Submitted,
    data: { reviewer, lapsed },
  });
  if (lapsed) await bumpReputation(context.db, reviewer, time, { lapsedClaims: 1 });
  await touchClock(context.db, event);
});

// A first claim ended (emitted after ReviewReleasedBy): the ledger gave the time it held the
// proposal back to the review window, so the queue keeps it until the new expiry.
ponder.on("ProposalLedger:ProposalExpiryMoved", async ({ event, context }) => {
  const { id, expiresAt } = event.args;
  const row = await context.db.update(proposal, { id }).set({ expiresAt, updatedAt: event.block.timestamp });
  await touchProject(context.db, row.projectId, event);
  await touchClock(context.db, event);
});

// Emitted just before ProposalApproved (after the registry's BestUpdated): the best-score history
// row, with the previous best and the improvement as the ledger computed them.
ponder.on("ProposalLedger:ProposalImproved", async ({ event, context }) => {
  const { id, projectId, previousBest, newBest, improvement } = event.args;
  const row = await proposalOf(context.db, id);
  const owner = await context.db.find(project, { id: projectId });
  await context.db.insert(bestScore).values({
    id: event.id,
    projectId,
    proposalId: id,
    miner: row.miner,
    score: newBest,
    previousScore: previousBest,
    improvement,
    codeHash: row.codeHash,
    metricsHash: owner?.bestMetricsHash ?? `0x${"0".repeat(64)}`,
    timestamp: event.block.timestamp,
    blockNumber: event.block.number,
  });
  await context.db.update(proposal, { id }).set({ improvement });
});

ponder.on("ProposalLedger:ProposalApproved", async ({ event, context }) => {
  const { id, verifier, verifiedAggregateScore, metricsHash } = event.args;
  const time = event.block.timestamp;
  const row = await proposalOf(context.db, id);
  // ProposalImproved came just before in this transaction and stored the improvement.
  const improvement = row.improvement ?? 0n;

  await endReview(context.db, row.currentReviewId, "approved", time, {
    verifiedScore: verifiedAggregateScore,
    metricsHash,
  });
  await context.db.update(proposal, { id }).set({
    status: STATUS.Approved,
    verifiedScore: verifiedAggregateScore,
    metricsHash,
    improvement,
    ...settledColumns(row, verifier, time),
  });
  await changeOpenProposals(context.db, row.projectId, -1, time, 1);
  await recordProposalEvent(context.db, event, {
    proposalId: id,
    projectId: row.projectId,
    kind: "approved",
    actor: verifier,
    fromStatus: STATUS.Reviewing,
    toStatus: STATUS.Approved,
    data: { verifiedScore: verifiedAggregateScore, metricsHash, improvement },
  });
  await bumpReputation(context.db, row.miner, time, { proposalsAccepted: 1 }, improvement);
  if (!row.decidedBy) await creditVerdict(context.db, { ...row, proposalId: id }, verifier, "approved", verifiedAggregateScore, time);
  await touchClock(context.db, event);
});

ponder.on("ProposalLedger:ProposalPaid", async ({ event, context }) => {
  const { id, miner, stakeReturned, rewardRecipient, reward } = event.args;
  const time = event.block.timestamp;
  const row = await proposalOf(context.db, id);
  await context.db.update(proposal, { id }).set({ stakeReturned, reward });
  if (reward > 0n) {
    await context.db.insert(minerReward).values({
      id: event.id,
      projectId: row.projectId,
      proposalId: id,
      account: lower(rewardRecipient),
      amount: reward,
      timestamp: time,
    });
  }
  await recordProposalEvent(context.db, event, {
    proposalId: id,
    projectId: row.projectId,
    kind: "paid",
    actor: miner,
    data: { stakeReturned, rewardRecipient, reward },
  });
});

ponder.on("ProposalLedger:ProposalRejected", async ({ event, context }) => {
  const { id, verifier, metricsHash } = event.args;
  const time = event.block.timestamp;
  const row = await proposalOf(context.db, id);
  await endReview(context.db, row.currentReviewId, "rejected", time, { metricsHash });
  await context.db.update(proposal, { id }).set({
    status: STATUS.Rejected,
    metricsHash,
    ...settledColumns(row, verifier, time),
  });
  await changeOpenProposals(context.db, row.projectId, -1, time);
  await recordProposalEvent(context.db, event, {
    proposalId: id,
    projectId: row.projectId,
    kind: "rejected",
    actor: verifier,
    fromStatus: STATUS.Reviewing,
    toStatus: STATUS.Rejected,
    data: { metricsHash },
  });
  await bumpReputation(context.db, row.miner, time, { proposalsRejected: 1 });
  if (!row.decidedBy) await creditVerdict(context.db, { ...row, proposalId: id }, verifier, "rejected", null, time);
  await touchClock(context.db, event);
});

ponder.on("ProposalLedger:ProposalSuperseded", async ({ event, context }) => {
  const { id, verifier, verifiedAggregateScore, metricsHash, stakeReturned } = event.args;
  const time = event.block.timestamp;
  const row = await proposalOf(context.db, id);
  await endReview(context.db, row.currentReviewId, "superseded", time, {
    verifiedScore: verifiedAggregateScore,
    metricsHash,
  });
  await context.db.update(proposal, { id }).set({
    status: STATUS.Superseded,
    verifiedScore: verifiedAggregateScore,
    metricsHash,
    stakeReturned,
    ...settledColumns(row, verifier, time),
  });
  await changeOpenProposals(context.db, row.projectId, -1, time);
  await recordProposalEvent(context.db, event, {
    proposalId: id,
    projectId: row.projectId,
    kind: "superseded",
    actor: verifier,
    fromStatus: STATUS.Reviewing,
    toStatus: STATUS.Superseded,
    data: { verifiedScore: verifiedAggregateScore, metricsHash, stakeReturned },
  });
  await bumpReputation(context.db, row.miner, time, { proposalsSuperseded: 1 });
  if (!row.decidedBy) {
    await creditVerdict(context.db, { ...row, proposalId: id }, verifier, "superseded", verifiedAggregateScore, time);
  }
  await touchClock(context.db, event);
});

ponder.on("ProposalLedger:ProposalExpired", async ({ event, context }) => {
  const { id, cranker } = event.args;
  const time = event.block.timestamp;
  const row = await proposalOf(context.db, id);
  // Expiring under a claim means the claim lapsed first.
  if (row.status === STATUS.Reviewing && row.reviewer) {
    await endReview(context.db, row.currentReviewId, "expired", time);
    await bumpReputation(context.db, row.reviewer, time, { lapsedClaims: 1 });
  }
  await context.db.update(proposal, { id }).set({
    status: STATUS.Expired,
    settledAt: time,
    updatedAt: time,
  });
  await changeOpenProposals(context.db, row.projectId, -1, time);
  await recordProposalEvent(context.db, event, {
    proposalId: id,
    projectId: row.projectId,
    kind: "expired",
    actor: cranker,
    fromStatus: row.status,
    toStatus: STATUS.Expired,
  });
  await bumpReputation(context.db, row.miner, time, { proposalsExpired: 1 });
  await touchClock(context.db, event);
});

ponder.on("ProposalLedger:StakeSlashed", async ({ event, context }) => {
  const { id, toVerifierPool, burned } = event.args;
  const row = await proposalOf(context.db, id);
  await context.db.update(proposal, { id }).set({ slashedToPool: toVerifierPool, slashedBurned: burned });
  await recordProposalEvent(context.db, event, {
    proposalId: id,
    projectId: row.projectId,
    kind: "slashed",
    data: { toVerifierPool, burned },
  });
});

// ------------------------------------------------------------------ verifier pay (stored as emitted)

ponder.on("ProposalLedger:VerifierPoolFunded", async ({ event, context }) => {
  const { projectId, amount, fund } = event.args;
  await touchProject(context.db, projectId, event);
  await context.db
    .update(verifierPool, { projectId })
    .set((pool) => ({ totalInflow: pool.totalInflow + amount, fund }));
});

ponder.on("ProposalLedger:ReviewSettled", async ({ event, context }) => {
  const { projectId, verifier, verifierReviews } = event.args;
  await touchProject(context.db, projectId, event);
  await context.db.update(verifierPool, { projectId }).set((pool) => ({ settledReviews: pool.settledReviews + 1n }));
  await context.db
    .insert(verifierShare)
    .values({ projectId, verifier: lower(verifier), reviews: verifierReviews, owed: 0n, claimed: 0n })
    .onConflictDoUpdate({ reviews: verifierReviews });
  await bumpReputation(context.db, verifier, event.block.timestamp, { reviewsSettled: 1 });
});

// Emitted right after ReviewSettled: the same fee for every verdict, part of it from the fee fund.
ponder.on("ProposalLedger:ReviewFeePaid", async ({ event, context }) => {
  const { projectId, id, verifier, fee, fromFund } = event.args;
  await touchProject(context.db, projectId, event);
  if (fromFund > 0n) {
    await context.db.update(verifierPool, { projectId }).set((pool) => ({ fund: pool.fund - fromFund }));
  }
  await context.db
    .update(verifierShare, { projectId, verifier: lower(verifier) })
    .set((share) => ({ owed: share.owed + fee }));
  await context.db.update(proposal, { id }).set({ reviewFee: fee });
});

// An expiry: nobody reviewed the proposal in its window, so the stake went back whole.
ponder.on("ProposalLedger:ProposalRefunded", async ({ event, context }) => {
  const { id, stakeReturned } = event.args;
  const row = await proposalOf(context.db, id);
  await context.db.update(proposal, { id }).set({ stakeReturned });
  await recordProposalEvent(context.db, event, {
    proposalId: id,
    projectId: row.projectId,
    kind: "refunded",
    data: { stakeReturned },
  });
});

ponder.on("ProposalLedger:RewardClaimed", async ({ event, context }) => {
  const { projectId, account, amount } = event.args;
  const time = event.block.timestamp;
  await touchProject(context.db, projectId, event);
  await context.db.update(verifierPool, { projectId }).set((row) => ({
    totalClaimed: row.totalClaimed + amount,
  }));
  await context.db
    .insert(verifierShare)
    .values({ projectId, verifier: lower(account), reviews: 0n, owed: 0n, claimed: amount })
    .onConflictDoUpdate((share) => ({ owed: 0n, claimed: share.claimed + amount }));
  await context.db.insert(rewardClaim).values({
    id: event.id,
    projectId,
    account: lower(account),
    amount,
    timestamp: time,
    transactionHash: event.transaction.hash,
  });
  await touchClock(context.db, event);
});
