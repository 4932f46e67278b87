import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { describeMetric, describeMinimumImprovement, formatTolerance } from "../src/document.ts";

describe("describeMetric", () => {
  it("names the metric, its unit in brackets, and which way is better", () => {
    assert.equal(describeMetric({ metric: "Throughput", unit: "MB/s", direction: "higher" }), "Throughput (MB/s), higher is better");
    assert.equal(describeMetric({ metric: "Validation loss", unit: "nats", direction: "lower" }), "Validation loss (nats), lower is better");
  });
  it("leaves the brackets out for a unitless metric", () => {
    assert.equal(describeMetric({ metric: "Accuracy", unit: "", direction: "higher" }), "Accuracy, higher is better");
  });
});

describe("describeMinimumImprovement", () => {
  it("gives the amount in metric units, with the unit when there is one", () => {
    assert.equal(describeMinimumImprovement({ minimumImprovement: 0.01, unit: "nats" }), "0.01 nats");
    assert.equal(describeMinimumImprovement({ minimumImprovement: 5, unit: "" }), "5");
    assert.equal(describeMinimumImprovement({ minimumImprovement: 0, unit: "ms" }), "0 ms");
  });
});

describe("formatTolerance", () => {
  it("shows the relative tolerance as a percentage with at most two decimals", () => {
    assert.equal(formatTolerance(0), "0%");
    assert.equal(formatTolerance(0.025), "2.5%");
    assert.equal(formatTolerance(0.12345), "12.35%");
    assert.equal(formatTolerance(1), "100%");
  });
});
