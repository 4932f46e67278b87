/**
 * The parts without a chain: parameter parsing (the API's 400s), the curve mirror, the rolling 24 h
 * volume, the search column and the protocol-artifact reader (against a local HTTP server).
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";

import { computeRoot } from "@orm/protocol/storage/root";
import { fetchProtocolFields, NO_PROTOCOL_FIELDS, protocolFieldsOf } from "../src/lib/protocolArtifact.ts";

import { backingRatioOf, costBetween, costFromZero, improvementOf, improvementRatioOf, spotPriceOf } from "@orm/protocol/curve";
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
import { searchPatternOf, searchTextOf } from "../lib/search.ts";
import {
  DAY,
  EMPTY_WINDOW,
  addTrade,
  encodeSlots,
  volumeSince,
  windowOf,
  windowTotal,
  type VolumeWindow,
} from "../lib/volume.ts";

describe("params", () => {
  it("parses ids, limits, sorts, intervals and statuses, and refuses the rest with a sentence", () => {
    assert.equal(parseId("42", "id"), 42n);
    assert.equal(parseLimit(undefined, 20, 100), 20);
    assert.equal(parseLimit("100", 20, 100), 100);
    assert.equal(parseSort(undefined), "trending");
    assert.equal(parseInterval("1d"), 86400);
    assert.equal(parseStatus("approved"), 2);
    assert.equal(parseStatus("5"), 5);
    assert.equal(parseStatus("displaced"), 6);
    assert.equal(parseAddress("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"), "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    for (const bad of [
      () => parseId("-1", "The id"),
      () => parseId("01", "The id"),
      () => parseLimit("0", 20, 100),
      () => parseSort("hot"),
      () => parseInterval("5m"),
      () => parseStatus("7"),
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
    // The reference's formula, the integral of the price: basePrice*n + slope*n*(2a + n)/2.
    assert.equal(costBetween(base, slope, 0n, 1n), base + slope / 2n);
    assert.equal(costBetween(base, slope, 0n, 3n), 3n * base + (9n * slope) / 2n);
    assert.equal(costBetween(10n ** 15n, 10n ** 12n, 0n, 3n), 3_004_500_000_000_000n);
    // An odd half wei is dropped by costBetween and charged (rounded up) from zero supply.
    assert.equal(costBetween(base, 3n, 0n, 3n), 3n * base + 13n);
    assert.equal(costFromZero(base, 3n, 3n), 3n * base + 14n);
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

describe("rolling 24 h volume", () => {
  const H = 3600n;
  /** The definition: hourly candles' volumes, summed over the hours that start after `since`. */
  function naive(trades: [bigint, bigint][], since: bigint): bigint {
    return trades.filter(([time]) => time - (time % H) > since).reduce((sum, [, value]) => sum + value, 0n);
  }

  it("equals the hourly candles' sum at every later time, and the stored bound is never below it", () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let run = 0; run < 50; run++) {
      let window: VolumeWindow = EMPTY_WINDOW;
      const trades: [bigint, bigint][] = [];
      let time = 1_700_000_000n + BigInt(random(3600));
      for (let i = 0; i < 40; i++) {
        // Gaps from seconds to two days, some trades without value.
        time += BigInt([random(120), random(7200), random(40_000), random(200_000)][random(4)]!);
        const value = random(5) === 0 ? 0n : BigInt(1 + random(1000)) * 10n ** 12n;
        trades.push([time, value]);
        window = addTrade(window, time, value);
        const roundTrip = windowOf({ volumeHour: window.hour, volumeSlots: encodeSlots(window.slots) });
        assert.deepEqual(roundTrip, window);
        assert.equal(windowTotal(window), naive(trades, time - DAY), "the bound is the 24 h volume at the trade");
        for (const later of [0n, 1n, 1800n, 3599n, 3600n, 40_000n, DAY - 1n, DAY, DAY + 3600n, 9n * DAY]) {
          const since = time + later - DAY;
          const exact = volumeSince(window, since);
          assert.equal(exact, naive(trades, since), `run ${run}, trade ${i}, +${later} s`);
          assert.ok(exact <= windowTotal(window));
          // Positive exactly while the newest priced hour is in the window.
          assert.equal(exact > 0n, window.hour !== null && window.hour > since);
        }
      }
    }
  });

  it("starts empty, ignores zero-value trades and shifts whole hours", () => {
    assert.equal(volumeSince(EMPTY_WINDOW, 0n), 0n);
    assert.deepEqual(addTrade(EMPTY_WINDOW, 7_200n, 0n), EMPTY_WINDOW);
    const one = addTrade(EMPTY_WINDOW, 7_300n, 5n);
    assert.equal(one.hour, 7_200n);
    const two = addTrade(one, 7_200n + 2n * H + 5n, 3n);
    assert.deepEqual(two.slots.slice(0, 3), [3n, 0n, 5n]);
    assert.equal(two.slots.length, 24);
    assert.equal(volumeSince(two, 7_200n + H - DAY + 1n), 8n);
    assert.equal(volumeSince(two, 7_200n), 3n, "the hour starting at since is out");
  });
});

describe("search text", () => {
  it("lowercases every field into one column and escapes the pattern", () => {
    const text = searchTextOf({ title: "Faster ASR", name: "Alpha Net", symbol: "ALPHA", repository: "https://github.com/Lab/Alpha", domain: "Speech" });
    assert.equal(text, "faster asr\u001falpha net\u001falpha\u001fhttps://github.com/lab/alpha\u001fspeech");
    assert.equal(searchTextOf({ title: null, name: "X", symbol: "Y", repository: null, domain: null }), "\u001fx\u001fy\u001f\u001f");
    assert.equal(searchPatternOf("SpEech_1%"), "%speech\\_1\\%%");
  });
});

describe("protocol artifact fields", () => {
  const protocol = (fields: Record<string, unknown>) =>
    new TextEncoder().encode(JSON.stringify({ schema: "open-research-market/protocol@1", title: "T", ...fields }));

  it("keeps a title, a repository URL and a domain of sane length, and nothing else", () => {
    assert.deepEqual(protocolFieldsOf(protocol({ repository: " https://github.com/a/b ", domain: "Compression" })), {
      title: "T",
      repository: "https://github.com/a/b",
      domain: "Compression",
    });
    assert.deepEqual(protocolFieldsOf(protocol({ title: 7, repository: "javascript:alert(1)", domain: "x".repeat(61) })), {
      title: null,
      repository: null,
      domain: null,
    });
    assert.deepEqual(protocolFieldsOf(protocol({ repository: 42, domain: ["ML"] })), { title: "T", repository: null, domain: null });
    assert.throws(() => protocolFieldsOf(new TextEncoder().encode("not json")));
  });

  it("fetches from the relay, checks the 0G root, and gives nulls with one log line on any failure", async () => {
    const good = protocol({ repository: "https://github.com/lab/speech", domain: "Speech" });
    const goodRoot = await computeRoot(good);
    const tampered = protocol({ repository: "https://github.com/evil/speech", domain: "Speech" });
    const tamperedRoot = await computeRoot(protocol({ repository: "https://github.com/lab/other", domain: "Speech" }));
    const missingRoot = `0x${"ab".repeat(32)}`;
    let requests = 0;
    const server = createServer((request, response) => {
      requests++;
      const root = request.url?.split("/").at(-1);
      if (root === goodRoot) response.end(good);
      else if (root === tamperedRoot) response.end(tampered);
      else response.writeHead(404).end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/storage/`;
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    try {
      assert.deepEqual(await fetchProtocolFields(base, goodRoot, log), { title: "T", repository: "https://github.com/lab/speech", domain: "Speech" });
      assert.equal(lines.length, 0);
      assert.deepEqual(await fetchProtocolFields(base, tamperedRoot, log), NO_PROTOCOL_FIELDS);
      assert.match(lines.at(-1)!, /root/);
      requests = 0;
      assert.deepEqual(await fetchProtocolFields(base, missingRoot, log), NO_PROTOCOL_FIELDS);
      assert.equal(requests, 1, "a 404 is not retried");
      assert.match(lines.at(-1)!, /HTTP 404/);
      assert.equal(lines.length, 2, "one line per failure");
    } finally {
      server.close();
    }
    // Nobody listens there: one retry, then nulls.
    assert.deepEqual(await fetchProtocolFields(base, goodRoot, log), NO_PROTOCOL_FIELDS);
    assert.match(lines.at(-1)!, /unreachable/);
  });
});
