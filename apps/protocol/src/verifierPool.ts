/**
 * Off-chain mirror of a project's verifier pool in `contracts/ProposalLedger.sol`: half of every
 * slashed stake waits in the pool and is shared over the reviews settled so far through an
 * accumulator per review (`accPerReview`, scaled by `ACC_PRECISION`); a verifier is owed its reviews
 * times what the accumulator gained since it last accrued. The indexer keeps each project's pool and
 * each verifier's share with these functions, from the events alone; its scenario test holds what
 * they give equal to the ledger's `claimable`.
 */
import { proposalLedgerConstants } from "./generated/constants.ts";

const { ACC_PRECISION } = proposalLedgerConstants;

/** A project's pool, as the ledger keeps it. */
export type VerifierPoolState = { accPerReview: bigint; undistributed: bigint; settledReviews: bigint };

/** A verifier's share of a project's pool, as the ledger keeps it. */
export type VerifierShareState = { reviews: bigint; accSnapshot: bigint; owed: bigint };

/**
 * `ProposalLedger._distribute`: shares what waits over the reviews settled so far (nothing while there
 * are none: it waits for the first review).
 */
export function distribute(pool: VerifierPoolState): VerifierPoolState {
  if (pool.settledReviews === 0n || pool.undistributed === 0n) return pool;
  return { ...pool, accPerReview: pool.accPerReview + (pool.undistributed * ACC_PRECISION) / pool.settledReviews, undistributed: 0n };
}

/** `ProposalLedger._pending`: what `share` gained since its snapshot, at accumulator `acc`. */
export function pendingOf(share: Pick<VerifierShareState, "reviews" | "accSnapshot">, acc: bigint): bigint {
  return (share.reviews * (acc - share.accSnapshot)) / ACC_PRECISION;
}

/** `ProposalLedger._accrue`: the share brought up to `acc` (what it is owed, and the new snapshot). */
export function accrue(share: VerifierShareState, acc: bigint): VerifierShareState {
  return { ...share, owed: share.owed + pendingOf(share, acc), accSnapshot: acc };
}

/**
 * `ProposalLedger._slash`'s pool half: `amount` joins what waits, and the ledger distributes it at
 * once (its `VerifierPoolFunded` event carries what it distributed and the reviews it was shared by).
 */
export function fundPool(pool: VerifierPoolState, amount: bigint): VerifierPoolState {
  return distribute({ ...pool, undistributed: pool.undistributed + amount });
}

/**
 * `ProposalLedger._addReview`: what waits is shared, the verifier accrues, and its review counts
 * (the new total is the event's `verifierReviews`).
 */
export function addReview(pool: VerifierPoolState, share: VerifierShareState): { pool: VerifierPoolState; share: VerifierShareState } {
  const shared = distribute(pool);
  const accrued = accrue(share, shared.accPerReview);
  return { pool: { ...shared, settledReviews: shared.settledReviews + 1n }, share: { ...accrued, reviews: accrued.reviews + 1n } };
}
