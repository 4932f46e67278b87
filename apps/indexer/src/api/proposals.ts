/** Proposals: across projects, a project's, and one with its timeline and reviews. */
import { db } from "ponder:api";
import { proposal, proposalEvent, quorumReview, quorumSeat, review } from "ponder:schema";
import type { Context } from "hono";
import { and, asc, desc, eq, sql } from "ponder";

import { decodeCursor, encodeCursor, parseId, parseLimit, parseOptionalAddress, parseStatus } from "../../lib/params.ts";
import { json, MOST, type SQL } from "./shared.ts";
import type { Page, WithBigints } from "./types.ts";

/** Proposal rows with `status` typed as the ledger's (the column is a plain integer the handlers set from it). */
export const asProposals = (rows: (typeof proposal.$inferSelect)[]) => rows as WithBigints["Proposal"][];

/** The newest proposals matching `filters`, newest first. */
export async function newestProposals(filters: SQL[], limit: number) {
  return asProposals(
    await db
      .select()
      .from(proposal)
      .where(filters.length ? and(...filters) : undefined)
      .orderBy(desc(proposal.id))
      .limit(limit),
  );
}

/** A page of proposals matching `filters` and the request's `status`, newest first (cursor: the last id). */
async function proposalPage(c: Context, filters: SQL[]) {
  const query = c.req.query();
  const limit = parseLimit(query.limit, 50, MOST.proposals);
  const status = parseStatus(query.status);
  const cursor = decodeCursor(query.cursor, 1);
  if (status !== undefined) filters.push(eq(proposal.status, status));
  if (cursor) filters.push(sql`${proposal.id} < cast(${cursor[0]} as numeric)`);
  const rows = await newestProposals(filters, limit + 1);
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor([page.at(-1)!.id]) : null;
  return json(c, { items: page, nextCursor } satisfies Page<WithBigints["Proposal"]>);
}

/** A project's proposals: `status`, `limit`, `cursor`. */
export const listProjectProposals = (c: Context) =>
  proposalPage(c, [eq(proposal.projectId, parseId(c.req.param("id"), "The project id"))]);

/** Proposals across projects: `status`, `reviewer` (the verifier holding the claim, or who settled it), `limit`, `cursor`. */
export function listProposals(c: Context) {
  const reviewer = parseOptionalAddress(c.req.query("reviewer"), "reviewer");
  return proposalPage(c, reviewer ? [eq(proposal.reviewer, reviewer.toLowerCase() as `0x${string}`)] : []);
}

/** The proposal with its timeline (every state change, oldest first) and its reviews (every claim). */
export async function getProposal(c: Context) {
  const id = parseId(c.req.param("id"), "The proposal id");
  const [row] = asProposals(await db.select().from(proposal).where(eq(proposal.id, id)));
  if (!row) return json(c, { error: `Proposal ${id} does not exist (or is not indexed yet).` }, 404);
  const [timeline, reviews, [quorum], seats] = await Promise.all([
    db.select().from(proposalEvent).where(eq(proposalEvent.proposalId, id)).orderBy(asc(proposalEvent.id)),
    db.select().from(review).where(eq(review.proposalId, id)).orderBy(asc(review.id)),
    db.select().from(quorumReview).where(eq(quorumReview.proposalId, id)),
    db.select().from(quorumSeat).where(eq(quorumSeat.proposalId, id)).orderBy(asc(quorumSeat.seat)),
  ]);
  return json(c, {
    ...row,
    // The handlers write `data` as an object of amounts and hashes (or null).
    timeline: timeline as WithBigints["ProposalEvent"][],
    reviews,
    quorum: quorum ? { review: quorum, seats: seats as WithBigints["QuorumSeat"][] } : null,
  } satisfies WithBigints["ProposalDetail"]);
}
