import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  averageCostBasis,
  averagePrice,
  costBasisOfBalance,
  formatPpmPercent,
  GAS_MARGIN_WEI,
  getTradeBlocker,
  MAX_SHOWN_IMPACT_PPM,
  MAX_TOKEN_SUPPLY,
  parseSlippageInput,
  parseTokenInput,
  priceImpactPpm,
  slippageWarningOf,
  spendableForBuy,
  toCostBasisTrades,
} from "../trade.ts";
import { maxCostWithSlippage } from "@orm/protocol/slippage";

const ETH = 10n ** 18n;

function reasonOf(result: ReturnType<typeof parseTokenInput>): string | undefined {
  return result.ok ? undefined : result.reason;
}

describe("parseTokenInput", () => {
  it("accepts whole numbers, with separators and spaces", () => {
    assert.deepEqual(parseTokenInput("5"), { ok: true, value: 5n });
    assert.deepEqual(parseTokenInput(" 1,000 "), { ok: true, value: 1000n });
    assert.deepEqual(parseTokenInput("2.0"), { ok: true, value: 2n });
    assert.deepEqual(parseTokenInput("1.5e1"), { ok: true, value: 15n });
  });

  it("refuses fractions, zero, negatives and junk, each with its reason", () => {
    assert.match(reasonOf(parseTokenInput("1.5"))!, /whole/);
    assert.match(reasonOf(parseTokenInput(".5"))!, /whole/);
    assert.match(reasonOf(parseTokenInput("1.55e1"))!, /whole/);
    assert.equal(reasonOf(parseTokenInput("0")), "Enter an amount greater than zero.");
    assert.equal(reasonOf(parseTokenInput("000")), "Enter an amount greater than zero.");
    assert.match(reasonOf(parseTokenInput("-3"))!, /positive/);
    assert.match(reasonOf(parseTokenInput("abc"))!, /whole number/);
    assert.match(reasonOf(parseTokenInput("0x10"))!, /whole number/);
    assert.equal(reasonOf(parseTokenInput("")), "Enter a number of tokens.");
  });

  it("reads absurd amounts for their size, not their spelling", () => {
    assert.match(reasonOf(parseTokenInput("1e30"))!, /more tokens than a project's curve can ever hold/);
    assert.match(reasonOf(parseTokenInput("1000000000000000000000000000000"))!, /can ever hold/);
    assert.deepEqual(parseTokenInput(MAX_TOKEN_SUPPLY.toString()), { ok: true, value: MAX_TOKEN_SUPPLY });
    assert.equal(parseTokenInput((MAX_TOKEN_SUPPLY + 1n).toString()).ok, false);
  });
});

describe("parseSlippageInput", () => {
  it("reads percent into basis points", () => {
    assert.deepEqual(parseSlippageInput("1"), { ok: true, value: 100n });
    assert.deepEqual(parseSlippageInput("0.5"), { ok: true, value: 50n });
    assert.deepEqual(parseSlippageInput("0"), { ok: true, value: 0n });
    assert.deepEqual(parseSlippageInput("2.25%"), { ok: true, value: 225n });
    assert.deepEqual(parseSlippageInput(".1"), { ok: true, value: 10n });
    assert.deepEqual(parseSlippageInput("50"), { ok: true, value: 5000n });
    assert.deepEqual(parseSlippageInput("1.500"), { ok: true, value: 150n });
  });

  it("refuses what is not a percentage, finer than 0.01%, or above 50%", () => {
    assert.equal(parseSlippageInput("").ok, false);
    assert.equal(parseSlippageInput("-1").ok, false);
    assert.equal(parseSlippageInput("abc").ok, false);
    assert.equal(parseSlippageInput("0.001").ok, false);
    assert.equal(parseSlippageInput("50.01").ok, false);
  });
});

describe("slippageWarningOf", () => {
  it("accepts zero but warns that any price movement makes the trade fail", () => {
    assert.equal(slippageWarningOf(0n), "At 0%, any price movement before your trade is mined makes it fail.");
    assert.deepEqual(parseSlippageInput("0.00"), { ok: true, value: 0n });
  });
  it("says nothing about a tolerance above zero", () => {
    assert.equal(slippageWarningOf(1n), undefined);
    assert.equal(slippageWarningOf(100n), undefined);
  });
});

describe("price impact", () => {
  it("measures the average price against the spot price, against the trader", () => {
    // 10 tokens at spot 100 would be 1000; paying 1035 is 3.5% above
    assert.equal(priceImpactPpm({ side: "buy", amount: 10n, total: 1035n, spotPrice: 100n }), 35_000n);
    // selling 10 at spot 100 and receiving 980 is 2% below
    assert.equal(priceImpactPpm({ side: "sell", amount: 10n, total: 980n, spotPrice: 100n }), 20_000n);
    assert.equal(priceImpactPpm({ side: "buy", amount: 0n, total: 0n, spotPrice: 100n }), 0n);
    assert.equal(priceImpactPpm({ side: "buy", amount: 1n, total: 5n, spotPrice: 0n }), 0n);
  });

  it("formats parts per million as a percentage", () => {
    assert.equal(formatPpmPercent(35_000n), "3.50%");
    assert.equal(formatPpmPercent(1_234n), "0.12%");
    assert.equal(formatPpmPercent(1_250n), "0.13%");
    assert.equal(formatPpmPercent(0n), "0.00%");
    assert.equal(formatPpmPercent(-20n), "0.00%");
    assert.equal(formatPpmPercent(-2_000n), "-0.20%");
    assert.equal(formatPpmPercent(1_500_000n), "150.00%");
  });

  it("caps an absurd impact at > 1,000% instead of printing it", () => {
    assert.equal(formatPpmPercent(MAX_SHOWN_IMPACT_PPM), "1,000.00%");
    assert.equal(formatPpmPercent(MAX_SHOWN_IMPACT_PPM + 1n), "> 1,000%");
    // 100,000,000 tokens on a seeded curve: what the panel once printed as "23809523.57%"
    assert.equal(formatPpmPercent(238_095_235_700n), "> 1,000%");
  });

  it("gives the average price per token", () => {
    assert.equal(averagePrice(1035n, 10n), 103n);
    assert.equal(averagePrice(1n, 0n), 0n);
  });
});

describe("spendableForBuy", () => {
  it("keeps the gas margin and room for the slippage limit", () => {
    assert.equal(spendableForBuy(GAS_MARGIN_WEI + 1010n, 100n, GAS_MARGIN_WEI), 1000n);
    assert.equal(spendableForBuy(ETH, 0n, 0n), ETH);
    assert.equal(spendableForBuy(GAS_MARGIN_WEI, 100n), 0n);
    assert.equal(spendableForBuy(0n, 100n), 0n);
  });

  it("never lets the limit plus the margin exceed the balance", () => {
    for (const balance of [GAS_MARGIN_WEI + 1n, 3n * ETH + 7n, 12_345_678_901_234_567_891n]) {
      for (const bps of [0n, 1n, 100n, 5_000n]) {
        const spend = spendableForBuy(balance, bps);
        assert.ok(maxCostWithSlippage(spend, bps) + GAS_MARGIN_WEI <= balance, `${balance} at ${bps} bps`);
      }
    }
  });
});

describe("getTradeBlocker", () => {
  it("refuses a buy beyond what the curve has left", () => {
    assert.match(getTradeBlocker({ side: "buy", amount: 11n, maxBuyable: 10n })!, /at most 10/);
    assert.match(getTradeBlocker({ side: "buy", amount: 1n, maxBuyable: 0n })!, /no tokens left/);
    assert.equal(getTradeBlocker({ side: "buy", amount: 10n, maxBuyable: 10n }), undefined);
    assert.match(getTradeBlocker({ side: "buy", amount: 2_000n, maxBuyable: 1_500n })!, /at most 1,500\)/);
  });

  it("names the supply cap only where it stops the buy", () => {
    const cap = "a project's supply is capped at 281,474,976,710,655 tokens, miners' rewards included";
    assert.equal(
      getTradeBlocker({ side: "buy", amount: MAX_TOKEN_SUPPLY, maxBuyable: MAX_TOKEN_SUPPLY - 1_158n }),
      `That is more tokens than the curve has left to sell (at most 281,474,976,709,497): ${cap}.`,
    );
    assert.equal(getTradeBlocker({ side: "buy", amount: 1n, maxBuyable: 0n }), `The curve has no tokens left to sell: ${cap}.`);
    assert.equal(getTradeBlocker({ side: "buy", amount: 100_000_000n, maxBuyable: MAX_TOKEN_SUPPLY - 158n }), undefined);
  });

  it("refuses a buy the wallet cannot pay for, limit and gas included", () => {
    const blocker = getTradeBlocker({ side: "buy", amount: 5n, ethBalance: ETH, maxCost: ETH - GAS_MARGIN_WEI + 1n });
    assert.match(blocker!, /not hold enough ETH/);
    // an amount beyond what the wallet can buy says why, with the numbers
    assert.equal(
      getTradeBlocker({ side: "buy", amount: 100_000_000n, ethBalance: 10_000n * ETH, maxCost: 23_809_524n * ETH }),
      "Your wallet does not hold enough ETH for that many tokens: with your slippage limit they can cost up to 23,809,524 ETH, plus gas, and you hold 10,000 ETH.",
    );
    assert.equal(getTradeBlocker({ side: "buy", amount: 5n, ethBalance: ETH, maxCost: ETH - GAS_MARGIN_WEI }), undefined);
    // in the chain's own currency (Galileo's 0G)
    assert.equal(
      getTradeBlocker({ side: "buy", amount: 100_000_000n, ethBalance: 10_000n * ETH, maxCost: 23_809_524n * ETH, nativeSymbol: "0G" }),
      "Your wallet does not hold enough 0G for that many tokens: with your slippage limit they can cost up to 23,809,524 0G, plus gas, and you hold 10,000 0G.",
    );
  });

  it("refuses a sale of more than the account holds", () => {
    assert.match(getTradeBlocker({ side: "sell", amount: 6n, tokenBalance: 5n })!, /You hold 5 tokens/);
    assert.match(getTradeBlocker({ side: "sell", amount: 1n, tokenBalance: 0n })!, /hold none/);
    assert.equal(getTradeBlocker({ side: "sell", amount: 1_235n, tokenBalance: 1_234n }), "You hold 1,234 tokens; you cannot sell more than that.");
    assert.equal(getTradeBlocker({ side: "sell", amount: 5n, tokenBalance: 5n }), undefined);
  });

  it("does not hold unknown limits against a trade", () => {
    assert.equal(getTradeBlocker({ side: "buy", amount: 1_000n }), undefined);
    assert.equal(getTradeBlocker({ side: "sell", amount: 1_000n }), undefined);
  });
});

describe("averageCostBasis", () => {
  it("adds buys and takes sales out at the running average", () => {
    const basis = averageCostBasis([
      { isBuy: true, amount: 10n, value: 1_000n },
      { isBuy: true, amount: 10n, value: 2_000n }, // 20 tokens for 3000: average 150
      { isBuy: false, amount: 5n, value: 1_000n }, // cost out 750, gain 250
    ]);
    assert.deepEqual(basis, { tokens: 15n, cost: 2_250n, realised: 250n });
  });

  it("loses no wei to rounding and ends at zero when all is sold", () => {
    const basis = averageCostBasis([
      { isBuy: true, amount: 3n, value: 100n },
      { isBuy: false, amount: 1n, value: 30n }, // cost out floor(100/3) = 33
      { isBuy: false, amount: 2n, value: 70n }, // cost out the remaining 67
    ]);
    assert.deepEqual(basis, { tokens: 0n, cost: 0n, realised: 0n });
  });

  it("gives tokens sold beyond those bought (rewards) no cost", () => {
    const basis = averageCostBasis([
      { isBuy: true, amount: 2n, value: 200n },
      { isBuy: false, amount: 5n, value: 600n },
    ]);
    assert.deepEqual(basis, { tokens: 0n, cost: 0n, realised: 400n });
  });

  it("is empty without trades", () => {
    assert.deepEqual(averageCostBasis([]), { tokens: 0n, cost: 0n, realised: 0n });
  });
});

describe("costBasisOfBalance", () => {
  it("counts extra tokens at no cost and missing ones at the average", () => {
    const basis = { tokens: 10n, cost: 1_000n };
    assert.equal(costBasisOfBalance(10n, basis), 1_000n);
    assert.equal(costBasisOfBalance(14n, basis), 1_000n); // 4 reward tokens, free
    assert.equal(costBasisOfBalance(4n, basis), 400n); // 6 staked away at the average
    assert.equal(costBasisOfBalance(0n, basis), 0n);
    assert.equal(costBasisOfBalance(5n, { tokens: 0n, cost: 0n }), 0n);
  });
});

describe("toCostBasisTrades", () => {
  it("orders the indexer's newest-first trades oldest first, by block then id", () => {
    const trades = toCostBasisTrades([
      { id: "b", isBuy: false, amount: "1", value: "5", blockNumber: "12" },
      { id: "c", isBuy: true, amount: "2", value: "7", blockNumber: "11" },
      { id: "a", isBuy: true, amount: "3", value: "9", blockNumber: "11" },
    ]);
    assert.deepEqual(trades, [
      { isBuy: true, amount: 3n, value: 9n },
      { isBuy: true, amount: 2n, value: 7n },
      { isBuy: false, amount: 1n, value: 5n },
    ]);
  });
});
