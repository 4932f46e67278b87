/**
 * The verifier pool mirror (`src/verifierPool.ts`) on a story worked by hand; the indexer's scenario
 * test holds the same functions equal to the ledger's `claimable` on a live chain.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { proposalLedgerConstants } from "../src/generated/constants.ts";
import { addReview, fundPool, pendingOf, type VerifierPoolState, type VerifierShareState } from "../src/verifierPool.ts";

const P = proposalLedgerConstants.ACC_PRECISION;
const EMPTY_POOL: VerifierPoolState = { accPerReview: 0n, undistributed: 0n, settledReviews: 0n };
const NEW_SHARE: VerifierShareState = { reviews: 0n, accSnapshot: 0n, owed: 0n };
const owedOf = (share: VerifierShareState, pool: VerifierPoolState) => share.owed + pendingOf(share, pool.accPerReview);

describe("the verifier pool", () => {
  it("keeps a slash waiting until the first review, then shares by reviews settled before each slash", () => {
    // 10 tokens slashed before anyone reviewed: they wait.
    let pool = fundPool(EMPTY_POOL, 10n);
    assert.deepEqual(pool, { accPerReview: 0n, undistributed: 10n, settledReviews: 0n });

    // Alice settles a review: what waits is shared over the reviews settled so far (none), so it still waits,
    // and her review counts from now on.
    let alice = NEW_SHARE;
    ({ pool, share: alice } = addReview(pool, alice));
    assert.equal(pool.settledReviews, 1n);
    assert.equal(pool.undistributed, 10n);

    // Bob settles a review: the 10 are shared over Alice's one review first, then Bob counts.
    let bob = NEW_SHARE;
    ({ pool, share: bob } = addReview(pool, bob));
    assert.equal(pool.accPerReview, 10n * P);
    assert.equal(owedOf(alice, pool), 10n);
    assert.equal(owedOf(bob, pool), 0n);

    // 7 more slashed: shared over both reviews at once (3.5 each, rounded down).
    pool = fundPool(pool, 7n);
    assert.equal(pool.undistributed, 0n);
    assert.equal(owedOf(alice, pool), 13n);
    assert.equal(owedOf(bob, pool), 3n);

    // Alice's second review accrues what she was owed and counts double from then on.
    ({ pool, share: alice } = addReview(pool, alice));
    assert.equal(alice.reviews, 2n);
    assert.equal(alice.owed, 13n);
    pool = fundPool(pool, 3n);
    assert.equal(owedOf(alice, pool), 15n);
    assert.equal(owedOf(bob, pool), 4n);
  });
});
