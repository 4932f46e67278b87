import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { costBetween } from "@orm/protocol/curve";
import {
  backingShareOf,
  candlesByRange,
  candlesNeeded,
  curveWindowOf,
  defaultChartRange,
  CHART_TICK,
  describeBacking,
  describeScoreChange,
  describeSupplyNote,
  discoveryHref,
  firstPageHref,
  formatChartTick,
  formatPercent,
  groupProposals,
  minerLeaderboard,
  nextPageHref,
  pageNumberOf,
  parseDiscoveryQuery,
  previousPageHref,
  priceChangeOf,
  snapToBars,
  tradedCurvePoints,
  tradedPriceAt,
  windowNow,
} from "../discovery.ts";
import type { Proposal } from "../indexer.ts";

describe("parseDiscoveryQuery", () => {
  it("reads the defaults from an empty URL", () => {
    assert.deepEqual(parseDiscoveryQuery({}), {
      q: "",
      sort: "trending",
      open: false,
      parent: undefined,
      limit: 20,
      cursor: undefined,
      back: [],
    });
  });
  it("reads search, sort, filters, page size and cursors", () => {
    const query = parseDiscoveryQuery({ q: "  tiny lm ", sort: "marketCap", open: "1", parent: "02", limit: "3", cursor: "abc_-1", back: "0.xyz" });
    assert.deepEqual(query, { q: "tiny lm", sort: "marketCap", open: true, parent: "2", limit: 3, cursor: "abc_-1", back: ["", "xyz"] });
  });
  it("falls back to defaults for malformed values instead of throwing", () => {
    const query = parseDiscoveryQuery({ sort: "price", open: "maybe", parent: "-1", limit: "9999", cursor: "not a cursor!", back: "0" });
    assert.equal(query.sort, "trending");
    assert.equal(query.open, false);
    assert.equal(query.parent, undefined);
    assert.equal(query.limit, 50);
    assert.equal(query.cursor, undefined);
    assert.deepEqual(query.back, []);
    assert.equal(parseDiscoveryQuery({ limit: "0" }).limit, 1);
    assert.equal(parseDiscoveryQuery({ q: "x".repeat(300) }).q.length, 100);
    assert.equal(parseDiscoveryQuery({ sort: ["newest", "marketCap"] }).sort, "newest");
  });
});

describe("board links", () => {
  const base = parseDiscoveryQuery({ q: "loss", sort: "newest", limit: "3" });
  it("leaves defaults out of the URL", () => {
    assert.equal(discoveryHref(parseDiscoveryQuery({})), "/");
    assert.equal(discoveryHref(base), "/?q=loss&sort=newest&limit=3");
  });
  it("walks forward and back through pages, remembering the earlier cursors", () => {
    const second = parseDiscoveryQuery(Object.fromEntries(new URL(nextPageHref(base, "c1"), "http://x").searchParams));
    assert.equal(second.cursor, "c1");
    assert.deepEqual(second.back, [""]);
    assert.equal(pageNumberOf(second), 2);
    const third = parseDiscoveryQuery(Object.fromEntries(new URL(nextPageHref(second, "c2"), "http://x").searchParams));
    assert.deepEqual(third.back, ["", "c1"]);
    assert.equal(pageNumberOf(third), 3);
    assert.equal(previousPageHref(third), "/?q=loss&sort=newest&limit=3&cursor=c1&back=0");
    assert.equal(previousPageHref(second), "/?q=loss&sort=newest&limit=3");
    assert.equal(previousPageHref(base), undefined);
  });
  it("starts again from the first page when the sort or a filter changes", () => {
    const paged = parseDiscoveryQuery({ q: "loss", cursor: "c1", back: "0" });
    assert.equal(firstPageHref(paged, { sort: "improvement" }), "/?q=loss&sort=improvement");
    assert.equal(firstPageHref(paged, { open: true, parent: "2" }), "/?q=loss&open=1&parent=2");
  });
});

describe("describeScoreChange", () => {
  it("shows a lower-is-better improvement as a positive amount in the better direction, not a negative change", () => {
    const change = describeScoreChange({ baseline: 3_498_000n, best: 3_310_000n, metricScale: 1_000_000n, lowerIsBetter: true, unit: "nats" });
    assert.equal(change.text, "3.498 → 3.31 nats, 5.4% lower, lower is better");
    assert.equal(change.change, "5.4% lower");
    assert.equal(change.improved, true);
  });
  it("shows a higher-is-better improvement the same way", () => {
    const change = describeScoreChange({ baseline: 38_500_000n, best: 70_900_000n, metricScale: 1_000_000n, lowerIsBetter: false, unit: "tokens/s" });
    assert.equal(change.text, "38.5 → 70.9 tokens/s, 84.2% higher, higher is better");
    assert.equal(change.improved, true);
  });
  it("says unchanged when nothing improved, and leaves out a missing unit and the change of a zero baseline", () => {
    const same = describeScoreChange({ baseline: 3_498_000n, best: 3_498_000n, metricScale: 1_000_000n, lowerIsBetter: true });
    assert.equal(same.text, "3.498 → 3.498, unchanged, lower is better");
    assert.equal(same.improved, false);
    const zero = describeScoreChange({ baseline: 0n, best: 500_000n, metricScale: 1_000_000n, lowerIsBetter: false, unit: "x" });
    assert.equal(zero.text, "0 → 0.5 x, higher is better");
    assert.equal(zero.change, undefined);
  });
  it("rounds to four decimals on the board, and signs negative scores with a minus", () => {
    const change = describeScoreChange({ baseline: -1_234_567n, best: -1_000_000n, metricScale: 1_000_000n, lowerIsBetter: false, unit: "" });
    assert.equal(change.baseline, "\u22121.2345");
    assert.equal(change.change, "19% higher");
  });
});

describe("formatPercent and priceChangeOf", () => {
  it("formats signed percentages with one decimal", () => {
    assert.equal(formatPercent(0.054), "+5.4%");
    assert.equal(formatPercent(-0.1), "\u221210%");
    assert.equal(formatPercent(0), "0%");
    assert.equal(formatPercent(0.0001), "+<0.1%");
    assert.equal(formatPercent(12.3456), "+1,234.6%");
  });
  it("compares the spot price with the reference close", () => {
    assert.equal(priceChangeOf(110n, 100n), 0.1);
    assert.equal(priceChangeOf(90n, 100n), -0.1);
    assert.equal(priceChangeOf(100n, undefined), undefined);
    assert.equal(priceChangeOf(100n, 0n), undefined);
  });
  it("takes the later of the wall clock and the newest activity as now", () => {
    assert.equal(windowNow(1000.7, ["900", 950n]), 1000);
    assert.equal(windowNow(1000, ["1500"]), 1500);
  });
});

describe("chart helpers", () => {
  it("opens on the shortest range with enough points", () => {
    assert.equal(defaultChartRange({ "1h": 0, "1d": 3, "1w": 5, all: 6 }), "1d");
    assert.equal(defaultChartRange({ "1h": 0, "1d": 0, "1w": 1, all: 1 }), "all");
  });
  it("snaps marker times to the bar that holds them", () => {
    assert.deepEqual(snapToBars([5, 100, 250, 1], [10, 100, 200]), [undefined, 100, 200, undefined]);
  });
  it("reads enough of each interval's newest candles to cover its widest range", () => {
    assert.equal(candlesNeeded("1m"), 61); // the last hour: 60 minutes and the partial first one
    assert.equal(candlesNeeded("1h"), 169); // the last week (the day's range is inside it)
    assert.equal(candlesNeeded("1d"), undefined); // all of them
  });
  it("cuts each range from the newest candles as the API's from would", () => {
    const now = 1_000_000 * 60 + 30; // half a minute into a minute bucket
    const at = (start: number) => ({ start: String(start) });
    const minutes = [at(now - 30 - 3_660), at(now - 30 - 3_600), at(now - 30 - 60), at(now - 30)];
    const hours = [at(now - 8 * 86_400), at(now - 86_400 - 7_200), at(now - 86_400 - 1_800), at(now - 100)].map((c) => at(Number(c.start) - (Number(c.start) % 3_600)));
    const days = [at(86_400), at(2 * 86_400)];
    const series = candlesByRange({ "1m": minutes, "1h": hours, "1d": days }, now);
    // The hour's first bucket holds now - 3600 (at now - 30 - 3600); the one before it is out.
    assert.deepEqual(series["1h"], minutes.slice(1));
    // The day's first bucket holds now - 86400: the bucket an hour and a half earlier is out, the one half an hour earlier (same hour) is in.
    assert.deepEqual(series["1d"], hours.slice(2));
    assert.deepEqual(series["1w"], hours.slice(1));
    assert.deepEqual(series.all, days);
  });
});

const proposal = (id: number, status: Proposal["status"], miner: string, improvement: string | null, reward: string | null) =>
  ({ id: String(id), status, miner, improvement, reward }) as unknown as Proposal;

describe("minerLeaderboard and groupProposals", () => {
  const proposals = [
    proposal(1, 2, "0xAA", "100", "10"),
    proposal(2, 2, "0xbb", "300", "5"),
    proposal(3, 2, "0xaa", "250", "7"),
    proposal(4, 3, "0xcc", null, null),
    proposal(5, 0, "0xbb", null, null),
    proposal(6, 0, "0xdd", null, null),
  ];
  it("ranks miners by the improvement of their approved proposals", () => {
    const board = minerLeaderboard(proposals);
    assert.deepEqual(
      board.map((row) => [row.miner, row.accepted, row.totalImprovement, row.rewards]),
      [
        ["0xAA", 2, 350n, 17n],
        ["0xbb", 1, 300n, 5n],
      ],
    );
  });
  it("groups proposals by state, open ones first, newest first", () => {
    const groups = groupProposals(proposals);
    assert.deepEqual(
      groups.map((group) => [group.status, group.items.map((item) => item.id)]),
      [
        [0, ["6", "5"]],
        [2, ["3", "2", "1"]],
        [3, ["4"]],
      ],
    );
  });
});

describe("formatChartTick", () => {
  // 2026-12-05 13:05:09 UTC
  const time = Date.UTC(2026, 11, 5, 13, 5, 9) / 1000;
  it("labels the tick that starts a day with the day and the month, not a bare day number", () => {
    assert.equal(formatChartTick(time, CHART_TICK.dayOfMonth), "5 Dec");
  });
  it("labels years, months and times in UTC, in at most 8 characters", () => {
    assert.equal(formatChartTick(time, CHART_TICK.year), "2026");
    assert.equal(formatChartTick(time, CHART_TICK.month), "Dec");
    assert.equal(formatChartTick(time, CHART_TICK.time), "13:05");
    assert.equal(formatChartTick(time, CHART_TICK.timeWithSeconds), "13:05:09");
    for (const type of Object.values(CHART_TICK)) assert.ok(formatChartTick(Date.UTC(2026, 8, 30, 23, 59, 59) / 1000, type).length <= 8);
  });
});

describe("describeSupplyNote", () => {
  it("tells a buyer what the miner pool has minted and has left, not the curve's storage cap", () => {
    const note = describeSupplyNote({ minerPoolMinted: 38n, minerPoolCap: 1_000n, maxBuyable: 281_474_976_710_497n });
    assert.equal(note, "Miner pool: 38 of 1,000 tokens minted as rewards; 962 more can be minted for approved proposals.");
    assert.doesNotMatch(note, /281|limit|T\b/);
  });
  it("says when the pool is spent or absent, and mentions the cap only once it has run out", () => {
    assert.equal(
      describeSupplyNote({ minerPoolMinted: 500n, minerPoolCap: 500n, maxBuyable: undefined }),
      "Miner pool spent: all 500 tokens minted as rewards, so approved proposals now get their stake back without a reward.",
    );
    assert.equal(
      describeSupplyNote({ minerPoolMinted: 0n, minerPoolCap: 0n, maxBuyable: 0n }),
      "No miner pool: approved proposals get their stake back without a reward. The curve has no tokens left to sell.",
    );
  });
});

describe("curve helpers", () => {
  const curve = { basePrice: 200n, slope: 5n, supply: 100n, reserve: 0n };
  const full = { ...curve, reserve: costBetween(200n, 5n, 0n, 100n) };
  it("measures the reserve's coverage of a full sell-out", () => {
    assert.equal(backingShareOf(full), 1);
    const half = { ...curve, reserve: full.reserve / 2n };
    assert.equal(backingShareOf(half), 0.5);
    assert.equal(describeBacking(half, 120n), "Reserve covers 50% of the curve; 120 tokens minted as rewards");
    assert.equal(describeBacking(full, 0n), "Reserve covers 100% of the curve; no tokens minted as rewards yet");
  });
  it("scales the raw curve by the backing ratio", () => {
    const half = { ...curve, reserve: full.reserve / 2n };
    assert.equal(tradedPriceAt(full, 10n), 250n);
    assert.equal(tradedPriceAt(half, 10n), 125n);
    const points = tradedCurvePoints(full, 200n, 4);
    assert.deepEqual(points.map((point) => point.supply), [0, 50, 100, 150, 200]);
    assert.equal(points[2]!.price, 700);
    // Small windows are not sampled twice at one supply; asked-for supplies are included, in order.
    assert.deepEqual(
      tradedCurvePoints(full, 3n, 48, [2n, 3n, 7n]).map((point) => point.supply),
      [0, 1, 2, 3],
    );
    assert.deepEqual(
      tradedCurvePoints(full, 200n, 4, [120n, 50n]).map((point) => point.supply),
      [0, 50, 100, 120, 150, 200],
    );
  });
  it("shows twice the supply (or the preview), at least 20 tokens, within the limit", () => {
    assert.equal(curveWindowOf(100n, 0n, 1000n), 200n);
    assert.equal(curveWindowOf(100n, 80n, 1000n), 260n);
    assert.equal(curveWindowOf(0n, 0n, 1000n), 20n);
    assert.equal(curveWindowOf(100n, 0n, 150n), 150n);
  });
});
