/** The pure parts: parameter parsing (the API's 400s) and the curve mirror. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { backingRatioOf, costBetween, improvementOf, improvementRatioOf, spotPriceOf } from "../lib/curve.ts";
import {
  ParamError,
  decodeCursor,
  encodeCursor,
  likePattern,
  parseAddress,
  parseId,
  parseInterval,
  parseLimit,
  parseSort,
  parseStatus,
} from "../lib/params.ts";

describe("params", () => {
  it("parses ids, limits, sorts, intervals and statuses, and refuses the rest with a sentence", () => {
    assert.equal(parseId("42", "id"), 42n);
    assert.equal(parseLimit(undefined, 20, 100), 20);
    assert.equal(parseLimit("100", 20, 100), 100);
    assert.equal(parseSort(undefined), "trending");
    assert.equal(parseInterval("1d"), 86400);
    assert.equal(parseStatus("approved"), 2);
    assert.equal(parseStatus("5"), 5);
    assert.equal(parseAddress("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"), "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    for (const bad of [
      () => parseId("-1", "The id"),
      () => parseId("01", "The id"),
      () => parseLimit("0", 20, 100),
      () => parseSort("hot"),
      () => parseInterval("5m"),
      () => parseStatus("6"),
      () => parseAddress("0x12"),
      () => decodeCursor("not-a-cursor", 2),
    ]) {
      assert.throws(bad, (error: Error) => error instanceof ParamError && /\.$/.test(error.message));
    }
  });

  it("round-trips cursors and escapes LIKE patterns", () => {
    assert.deepEqual(decodeCursor(encodeCursor([1, 10n ** 30n, "7"]), 3), ["1", String(10n ** 30n), "7"]);
    assert.deepEqual(decodeCursor(encodeCursor([0.25, 3]), 2), ["0.25", "3"]);
    assert.equal(likePattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
  });
});

describe("curve mirror", () => {
  it("matches the contract's formulas", () => {
    const base = 10n ** 15n;
    const slope = 10n ** 13n;
    assert.equal(costBetween(base, slope, 0n, 1n), base);
    assert.equal(costBetween(base, slope, 0n, 3n), 3n * base + 3n * slope);
    // With the reserve at raw cost, the spot price is the raw next price and the ratio is one.
    const supply = 20n;
    const reserve = costBetween(base, slope, 0n, supply);
    assert.equal(spotPriceOf(base, slope, supply, reserve), base + slope * supply);
    assert.equal(backingRatioOf(base, slope, supply, reserve), 10n ** 18n);
    // A reward mint dilutes: more supply, same reserve, lower ratio.
    assert.ok(backingRatioOf(base, slope, supply + 5n, reserve) < 10n ** 18n);
    assert.equal(spotPriceOf(base, slope, 0n, 0n), base);
  });

  it("measures improvement in the project's direction", () => {
    assert.equal(improvementOf(100n, 150n, false), 50n);
    assert.equal(improvementOf(100n, 50n, true), 50n);
    assert.equal(improvementOf(100n, 50n, false), 0n);
    assert.equal(improvementRatioOf(50n, 100n, 1_000_000n), 0.5);
    assert.equal(improvementRatioOf(50n, -100n, 1_000_000n), 0.5);
    assert.equal(improvementRatioOf(500_000n, 0n, 1_000_000n), 0.5);
  });
});
