/**
 * Upserts shared by the handlers: the reputation counters, the proposal timeline, the chain clock and
 * the block that last touched each project's page.
 */
import type { Context } from "ponder:registry";
import { chainClock, projectTouch, proposalEvent, reputation } from "ponder:schema";
import type { Hex } from "viem";

type Db = Context["db"];
type EventLike = {
  id: string;
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: Hex };
};

export const lower = (address: string) => address.toLowerCase() as Hex;


type ReputationCounter =
  | "proposalsSubmitted"
  | "proposalsAccepted"
  | "proposalsRejected"
  | "proposalsExpired"
  | "proposalsSuperseded"
  | "reviewsClaimed"
  | "reviewsSettled"
  | "approvals"
  | "rejections"
  | "supersessions"
  | "lapsedClaims"
  | "reviewsContradicted";

const ZERO_REPUTATION = {
  proposalsSubmitted: 0,
  proposalsAccepted: 0,
  proposalsRejected: 0,
  proposalsExpired: 0,
  proposalsSuperseded: 0,
  reviewsClaimed: 0,
  reviewsSettled: 0,
  approvals: 0,
  rejections: 0,
  supersessions: 0,
  lapsedClaims: 0,
  reviewsContradicted: 0,
};

/** Adds to an address's counters (and to its total improvement), creating the row on first sight. */
export async function bumpReputation(
  db: Db,
  address: Hex,
  timestamp: bigint,
  counters: Partial<Record<ReputationCounter, number>>,
  improvement = 0n,
): Promise<void> {
  await db
    .insert(reputation)
    .values({ ...ZERO_REPUTATION, ...counters, address: lower(address), totalImprovement: improvement, updatedAt: timestamp })
    .onConflictDoUpdate((row) => {
      const next: Record<string, number | bigint> = { updatedAt: timestamp };
      for (const [key, value] of Object.entries(counters)) next[key] = row[key as ReputationCounter] + (value ?? 0);
      if (improvement !== 0n) next.totalImprovement = row.totalImprovement + improvement;
      return next;
    });
}

/** Records that `event`'s block changed what project `projectId`'s page shows (`project_touch`). */
export async function touchProject(db: Db, projectId: bigint, event: Pick<EventLike, "block">): Promise<void> {
  await db
    .insert(projectTouch)
    .values({ projectId, blockNumber: event.block.number })
    .onConflictDoUpdate((row) => ({ blockNumber: row.blockNumber > event.block.number ? row.blockNumber : event.block.number }));
}

/** Appends one entry to a proposal's timeline (and touches its project's page). */
export async function recordProposalEvent(
  db: Db,
  event: EventLike,
  entry: {
    proposalId: bigint;
    projectId: bigint;
    kind: string;
    actor?: Hex | null;
    fromStatus?: number | null;
    toStatus?: number | null;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(proposalEvent).values({
    id: event.id,
    proposalId: entry.proposalId,
    projectId: entry.projectId,
    kind: entry.kind,
    actor: entry.actor ? lower(entry.actor) : null,
    fromStatus: entry.fromStatus ?? null,
    toStatus: entry.toStatus ?? null,
    data: entry.data ? jsonSafe(entry.data) : null,
    timestamp: event.block.timestamp,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
  });
  await touchProject(db, entry.projectId, event);
}

/** Bigints as decimal strings, for json columns. */
export function jsonSafe(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) out[key] = typeof value === "bigint" ? value.toString() : value;
  return out;
}

/** Moves the chain clock forward to this event's block. */
export async function touchClock(db: Db, event: EventLike): Promise<void> {
  await db
    .insert(chainClock)
    .values({ id: 0, timestamp: event.block.timestamp, blockNumber: event.block.number })
    .onConflictDoUpdate((row) => ({
      timestamp: row.timestamp > event.block.timestamp ? row.timestamp : event.block.timestamp,
      blockNumber: row.blockNumber > event.block.number ? row.blockNumber : event.block.number,
    }));
}
