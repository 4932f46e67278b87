/**
 * The review queue: what a verifier can claim now, soonest deadline first. Proposals of projects
 * reviewed by a quorum are not in it: nobody claims them (their seats are drawn).
 */
import { db } from "ponder:api";
import { proposal, review } from "ponder:schema";
import type { Context } from "hono";
import { and, asc, eq, gt, lte, ne, notExists, or, sql } from "ponder";

import { proposalLedgerConstants, proposalStatus } from "@orm/protocol/generated/constants";
import { decodeCursor, encodeCursor, parseBoolean, parseLimit, parseOptionalAddress, parseOptionalId } from "../../lib/params.ts";
import { asProposals } from "./proposals.ts";
import { json, now, type SQL } from "./shared.ts";
import type { WithBigints } from "./types.ts";

/**
 * `projectId`, `verifier` (drops its conflicts and what it may not claim again yet), `upcoming`
 * (`true`: also the proposals still in their commit window, which open for claims at `reviewableAt`;
 * a page lists them with a countdown, a claiming node leaves them out), `limit`, `cursor`.
 */
export async function getQueue(c: Context) {
  const query = c.req.query();
  const limit = parseLimit(query.limit, 50, 200);
  const projectId = parseOptionalId(query.projectId, "projectId");
  const forVerifier = parseOptionalAddress(query.verifier, "verifier");
  const upcoming = parseBoolean(query.upcoming, "upcoming") ?? false;
  const cursor = decodeCursor(query.cursor, 2);
  const time = await now();
  // Claimable now: submitted, or under a lapsed claim (anyone may release it first), before expiry.
  const filters: SQL[] = [
    gt(proposal.expiresAt, time),
    eq(proposal.reviewQuorum, 1),
    or(
      eq(proposal.status, proposalStatus.Submitted),
      and(eq(proposal.status, proposalStatus.Reviewing), lte(proposal.reviewLockUntil, time)),
    )!,
  ];
  // (and once its commit window passed: earlier commitments of its root had their chance)
  if (!upcoming) filters.push(lte(proposal.reviewableAt, time));
  if (projectId !== undefined) filters.push(eq(proposal.projectId, projectId));
  if (forVerifier) {
    // Not its own work, nor work it would be rewarded for, nor a proposal whose claim it gave up less
    // than a lock's length ago (the ledger lets it claim again only then, ProposalLedgerClaimedBefore;
    // a lapsed claim ended when its lock did).
    const v = forVerifier.toLowerCase() as `0x${string}`;
    const claimedBefore = db
      .select({ id: review.id })
      .from(review)
      .where(
        and(
          eq(review.proposalId, proposal.id),
          eq(review.verifier, v),
          sql`coalesce(${review.endedAt}, ${review.lockUntil}) + ${proposalLedgerConstants.REVIEW_LOCK} > ${time}`,
        ),
      );
    filters.push(ne(proposal.miner, v), ne(proposal.rewardRecipient, v), notExists(claimedBefore));
  }
  if (cursor) {
    filters.push(sql`(${proposal.expiresAt}, ${proposal.id}) > (cast(${cursor[0]} as numeric), cast(${cursor[1]} as numeric))`);
  }
  const rows = asProposals(
    await db
      .select()
      .from(proposal)
      .where(and(...filters))
      .orderBy(asc(proposal.expiresAt), asc(proposal.id))
      .limit(limit + 1),
  );
  const page = rows.slice(0, limit).map((row) => ({ ...row, needsRelease: row.status === proposalStatus.Reviewing }));
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor([last.expiresAt, last.id]) : null;
  return json(c, { now: time, items: page, nextCursor } satisfies WithBigints["QueuePage"]);
}
