import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  formatBps,
  formatDuration,
  formatEth,
  formatImprovement,
  formatRelativeTime,
  formatScore,
  formatTimestamp,
  formatTokenAmount,
  parseEth,
  parseScore,
  parseTokenAmount,
  projectNameOf,
  shortenAddress,
  shortenHash,
} from "../src/format.ts";

describe("formatEth", () => {
  it("shows up to four decimals, trimmed, grouped, with the symbol", () => {
    assert.equal(formatEth(1_234_500_000_000_000_000n), "1.2345 ETH");
    assert.equal(formatEth(10n ** 18n), "1 ETH");
    assert.equal(formatEth(123_456_789n * 10n ** 18n), "123,456,789 ETH");
    assert.equal(formatEth(1_999_990_000_000_000_000n), "1.9999 ETH");
    assert.equal(formatEth(0n), "0 ETH");
    assert.equal(formatEth(-5n * 10n ** 17n), "-0.5 ETH");
  });
  it("says '< 0.0001' for dust, and takes another symbol or none", () => {
    assert.equal(formatEth(1n), "< 0.0001 ETH");
    assert.equal(formatEth(10n ** 17n, { symbol: "0G" }), "0.1 0G");
    assert.equal(formatEth(10n ** 17n, { symbol: null }), "0.1");
    assert.equal(formatEth(123_456_789_000_000_000n, { maxDecimals: 6 }), "0.123456 ETH");
  });
});

describe("parseEth", () => {
  it("parses what people type", () => {
    assert.equal(parseEth("0.5"), 5n * 10n ** 17n);
    assert.equal(parseEth("1,000"), 1000n * 10n ** 18n);
    assert.equal(parseEth(".25"), 25n * 10n ** 16n);
    assert.equal(parseEth(""), undefined);
    assert.equal(parseEth("abc"), undefined);
    assert.equal(parseEth("-1"), undefined);
  });
});

describe("token amounts (0 decimals)", () => {
  it("formats and parses whole tokens", () => {
    assert.equal(formatTokenAmount(1234n), "1,234");
    assert.equal(formatTokenAmount(1234n, "CMPR"), "1,234 CMPR");
    assert.equal(parseTokenAmount("1,000"), 1000n);
    assert.equal(parseTokenAmount("1.5"), undefined);
  });

  it("groups digits exactly as Intl's en-US format does, at every length and sign", () => {
    const en = new Intl.NumberFormat("en-US");
    let digits = "";
    for (let length = 1; length <= 40; length++) {
      digits += String((length * 7) % 10);
      for (const amount of [BigInt(digits), -BigInt(digits), 10n ** BigInt(length), 10n ** BigInt(length) - 1n]) {
        assert.equal(formatTokenAmount(amount), en.format(amount), String(amount));
      }
    }
    assert.equal(formatTokenAmount(0n), "0");
  });
});

describe("scores", () => {
  it("formats a fixed-point score in its metric scale", () => {
    assert.equal(formatScore(1_500_000n, 1_000_000n), "1.5");
    assert.equal(formatScore(-2_250_000n, 1_000_000n), "-2.25");
    assert.equal(formatScore(1_234_567_891n, 1_000_000n, { maxDecimals: 2 }), "1,234.56");
    assert.equal(formatScore(42n, 1n), "42");
    assert.equal(formatScore(1n, 3n, { maxDecimals: 3 }), "0.333");
  });
  it("parses a score back into the scale, refusing finer precision", () => {
    assert.equal(parseScore("1.5", 1_000_000n), 1_500_000n);
    assert.equal(parseScore("-0.25", 1_000_000n), -250_000n);
    assert.equal(parseScore("3", 1n), 3n);
    assert.equal(parseScore("0.0000001", 1_000_000n), undefined);
    assert.equal(parseScore("x", 1_000_000n), undefined);
  });
});

describe("improvements", () => {
  it("shows an improvement as a positive amount in the metric's better direction", () => {
    assert.equal(formatImprovement(128_000n, 1_000_000n, { lowerIsBetter: true, unit: "nats" }), "0.128 nats lower");
    assert.equal(formatImprovement(500_000n, 1_000_000n, { lowerIsBetter: false, unit: "x" }), "0.5 x higher");
    assert.equal(formatImprovement(2_000_000n, 1_000_000n, { lowerIsBetter: false }), "2 higher");
    assert.equal(formatImprovement(1_234_567_891n, 1_000_000n, { lowerIsBetter: false, unit: "ops/s", maxDecimals: 2 }), "1,234.56 ops/s higher");
  });
  it("flips the word for a change the wrong way, and never rounds a change away", () => {
    assert.equal(formatImprovement(-128_000n, 1_000_000n, { lowerIsBetter: true, unit: "nats" }), "0.128 nats higher");
    assert.equal(formatImprovement(0n, 1_000_000n, { lowerIsBetter: true, unit: "nats" }), "no change (0 nats)");
    assert.equal(formatImprovement(1n, 1_000_000n, { lowerIsBetter: false, maxDecimals: 2 }), "< 0.01 higher");
  });
});

describe("addresses, hashes, times", () => {
  it("shortens addresses and hashes", () => {
    assert.equal(shortenAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), "0xf39F…2266");
    assert.equal(shortenHash("0x3c0a2457170aa849c8f7051e23d7874a362be798d95fbb333c901c6cf19dca5a"), "0x3c0a24…9dca5a");
  });
  it("says how long ago or ahead a time is", () => {
    const now = 1_700_000_000;
    assert.equal(formatRelativeTime(now - 3, now), "now");
    assert.equal(formatRelativeTime(now - 180, now), "3 minutes ago");
    assert.equal(formatRelativeTime(BigInt(now + 2 * 86_400), now), "in 2 days");
    assert.equal(formatRelativeTime(new Date((now - 3600) * 1000), new Date(now * 1000)), "1 hour ago");
    assert.equal(formatRelativeTime(now - 400 * 86_400, now), "last year");
  });
  it("says a length of time in one rounded unit", () => {
    assert.equal(formatDuration(60), "1 minute");
    assert.equal(formatDuration(600n), "10 minutes");
    assert.equal(formatDuration(48n * 3600n), "48 hours");
    assert.equal(formatDuration(7 * 86_400), "7 days");
  });
  it("prints UTC timestamps and basis points", () => {
    assert.equal(formatTimestamp(1_700_000_000), "2023-11-14 22:13 UTC");
    assert.equal(formatBps(250), "2.5%");
    assert.equal(formatBps(10_000), "100%");
  });
});

describe("projectNameOf", () => {
  it("names a project by its protocol's title, and by its token's name only while the title is unknown", () => {
    assert.equal(projectNameOf({ title: "Sort one million keys faster", name: "Sorting 1M integers" }), "Sort one million keys faster");
    assert.equal(projectNameOf({ title: null, name: "Sorting 1M integers" }), "Sorting 1M integers");
    assert.equal(projectNameOf({ title: "", name: "Sorting 1M integers" }), "Sorting 1M integers");
    assert.equal(projectNameOf({ name: "Sorting 1M integers" }), "Sorting 1M integers");
  });
});
