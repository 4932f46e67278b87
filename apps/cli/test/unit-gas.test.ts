/** The gas a submission sets aside: the chain's estimates of its transactions, at the fee a transaction would offer now, plus the margin. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { GAS_MARGIN_PERCENT, feePerGasOf, gasReserveOf } from "../src/gas.ts";

describe("gasReserveOf", () => {
  it("prices the commit, the reveal and any purchase at the fee per gas, plus 25%", () => {
    assert.equal(GAS_MARGIN_PERCENT, 125n);
    assert.equal(gasReserveOf({ commit: 46_000n, reveal: 265_000n, buy: 0n }, 2_000_000_000n), ((46_000n + 265_000n) * 2_000_000_000n * 125n) / 100n);
    assert.equal(gasReserveOf({ commit: 46_000n, reveal: 265_000n, buy: 90_000n }, 1n), 501_250n);
    assert.equal(gasReserveOf({ commit: 46_000n, reveal: 265_000n, buy: 90_000n }, 0n), 0n, "a chain with free gas sets nothing aside");
  });
});

describe("feePerGasOf", () => {
  it("takes EIP-1559's max fee, and the legacy gas price on a chain without it", async () => {
    const eip1559 = { estimateFeesPerGas: async () => ({ maxFeePerGas: 3n, maxPriorityFeePerGas: 1n }), getGasPrice: async () => 99n };
    assert.equal(await feePerGasOf({ client: eip1559 } as never), 3n);
    const legacy = { estimateFeesPerGas: async () => Promise.reject(new Error("Chain does not support EIP-1559 fees.")), getGasPrice: async () => 7n };
    assert.equal(await feePerGasOf({ client: legacy } as never), 7n);
  });
});
