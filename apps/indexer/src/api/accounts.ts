/** An account's portfolio: holdings, open stakes, rewards, verifier earnings and bond, reputation. */
import { db } from "ponder:api";
import {
  balance,
  minerReward,
  project,
  proposal,
  quorumPay,
  quorumReview,
  quorumSeat,
  reputation,
  rewardClaim,
  verifier,
  verifierBond,
  verifierPool,
  verifierShare,
} from "ponder:schema";
import type { Context } from "hono";
import { and, asc, desc, eq, gt, inArray, ne } from "ponder";

import { proposalStatus, reviewPhase } from "@orm/protocol/generated/constants";
import { parseAddress } from "../../lib/params.ts";
import { asProposals } from "./proposals.ts";
import { json } from "./shared.ts";
import type { WithBigints } from "./types.ts";

const OPEN = [proposalStatus.Submitted, proposalStatus.Reviewing];

export async function getAccount(c: Context) {
  const address = parseAddress(c.req.param("address"));
  const account = address.toLowerCase() as `0x${string}`;
  const [holdings, stakes, rewards, shares, claims, [rep], [verifierRow], [bondRow], [payRow], seats] = await Promise.all([
    db
      .select({
        projectId: balance.projectId,
        token: balance.token,
        balance: balance.balance,
        name: project.name,
        symbol: project.symbol,
        title: project.title,
        spotPrice: project.spotPrice,
      })
      .from(balance)
      .innerJoin(project, eq(project.id, balance.projectId))
      .where(and(eq(balance.account, account), gt(balance.balance, 0n)))
      .orderBy(asc(balance.projectId)),
    db
      .select()
      .from(proposal)
      .where(and(eq(proposal.miner, account), inArray(proposal.status, OPEN)))
      .orderBy(desc(proposal.id)),
    db.select().from(minerReward).where(eq(minerReward.account, account)).orderBy(desc(minerReward.id)).limit(100),
    db
      .select({ share: verifierShare, pool: verifierPool })
      .from(verifierShare)
      .innerJoin(verifierPool, eq(verifierPool.projectId, verifierShare.projectId))
      .where(eq(verifierShare.verifier, account)),
    db.select().from(rewardClaim).where(eq(rewardClaim.account, account)).orderBy(desc(rewardClaim.id)).limit(100),
    db.select().from(reputation).where(eq(reputation.address, account)),
    db.select().from(verifier).where(eq(verifier.address, account)),
    db.select().from(verifierBond).where(eq(verifierBond.address, account)),
    db.select().from(quorumPay).where(eq(quorumPay.account, account)),
    db
      .select({
        seat: quorumSeat,
        phase: quorumReview.phase,
        deadline: quorumReview.deadline,
        seatLock: quorumReview.seatLock,
        quorum: quorumReview.quorum,
      })
      .from(quorumSeat)
      .innerJoin(quorumReview, eq(quorumReview.proposalId, quorumSeat.proposalId))
      .where(and(eq(quorumSeat.holder, account), ne(quorumReview.phase, reviewPhase.Final)))
      .orderBy(asc(quorumSeat.proposalId), asc(quorumSeat.seat)),
  ]);
  const verifierEarnings = shares.map(({ share, pool }) => {
    // `ProposalLedger.claimable`: the review fees earned and not yet claimed
    const claimable = share.owed;
    return {
      projectId: share.projectId,
      token: pool.token,
      settledReviews: share.reviews,
      claimable,
      claimed: share.claimed,
      earned: claimable + share.claimed,
    };
  });
  return json(c, {
    address,
    holdings: holdings.map((h) => ({ ...h, value: h.balance * h.spotPrice })),
    stakes: asProposals(stakes),
    rewards,
    verifier: verifierRow ?? null,
    bond: bondRow ?? null,
    verifierEarnings,
    rewardClaims: claims,
    reputation: rep ?? null,
    quorumPay: payRow ?? null,
    seats: seats.map(({ seat, phase, deadline, seatLock, quorum }) => ({
      ...(seat as WithBigints["QuorumSeat"]),
      phase,
      deadline,
      seatLock,
      quorum,
    })),
  } satisfies WithBigints["Account"]);
}
