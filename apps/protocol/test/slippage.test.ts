/** The limits a trade is signed with (`src/slippage.ts`): exact integers, rounded against the trader. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { DEADLINE_WINDOW_SECONDS, DEFAULT_SLIPPAGE_BPS, deadlineOf, maxCostWithSlippage, minRefundWithSlippage } from "../src/slippage.ts";

describe("maxCostWithSlippage and minRefundWithSlippage", () => {
  it("rounds the buy limit up and the sale limit down", () => {
    assert.equal(maxCostWithSlippage(1000n, 100n), 1010n);
    assert.equal(maxCostWithSlippage(1001n, 100n), 1012n); // 1011.01 → 1012
    assert.equal(maxCostWithSlippage(999n, 0n), 999n);
    assert.equal(minRefundWithSlippage(1000n, 100n), 990n);
    assert.equal(minRefundWithSlippage(1001n, 100n), 990n); // 990.99 → 990
    assert.equal(minRefundWithSlippage(999n, 0n), 999n);
    assert.equal(minRefundWithSlippage(999n, 10_000n), 0n);
  });

  it("is exact for wei amounts far beyond a float's precision", () => {
    const cost = 123_456_789_012_345_678_901n;
    assert.equal(maxCostWithSlippage(cost, 100n), 124_691_356_902_469_135_691n); // ceil(…690.01)
    assert.equal(minRefundWithSlippage(cost, 100n), 122_222_221_122_222_222_111n); // floor(…111.99)
  });

  it("default to 1%", () => {
    assert.equal(DEFAULT_SLIPPAGE_BPS, 100n);
    assert.equal(maxCostWithSlippage(10_000n), 10_100n);
    assert.equal(maxCostWithSlippage(1n), 2n);
    assert.equal(maxCostWithSlippage(0n), 0n);
    assert.equal(minRefundWithSlippage(10_000n), 9_900n);
  });
});

describe("deadlineOf", () => {
  it("adds the window to the later of the wall clock and the latest block", () => {
    assert.equal(deadlineOf(1_000n, 900n), 1_000n + DEADLINE_WINDOW_SECONDS);
    assert.equal(deadlineOf(1_000n, 5_000n), 5_000n + DEADLINE_WINDOW_SECONDS);
    assert.equal(deadlineOf(1_000n, undefined), 1_600n);
    assert.equal(deadlineOf(1_000n, 1_000n, 60n), 1_060n);
  });
});
