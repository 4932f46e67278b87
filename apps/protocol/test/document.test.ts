import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { describeMetric, describeMinimumImprovement, discoveryFieldsOf, formatTolerance, parseBenchmarkPlan } from "../src/document.ts";

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

describe("parseBenchmarkPlan (the CLI's reader)", () => {
  const plan = { metric: "ratio", direction: "higher", command: "node bench.mjs" };
  it("reads a plan without unit or minimum improvement as no unit and any strict improvement", () => {
    const parsed = parseBenchmarkPlan({ schema: "open-research-market/protocol@1", benchmarkPlan: plan });
    assert.ok(parsed.ok);
    assert.equal(parsed.plan.unit, "");
    assert.equal(parsed.plan.minimumImprovement, 0);
    assert.equal(parsed.plan.runs, 1);
    assert.equal(parsed.plan.scale, 1_000_000);
  });
  it("names the first problem", () => {
    assert.deepEqual(parseBenchmarkPlan({}), { ok: false, error: "document has no benchmarkPlan." });
    const wrong = parseBenchmarkPlan({ benchmarkPlan: { ...plan, direction: "up" } });
    assert.ok(!wrong.ok && /^benchmarkPlan\.direction: /.test(wrong.error), JSON.stringify(wrong));
    const runs = parseBenchmarkPlan({ benchmarkPlan: { ...plan, runs: 0 } });
    assert.ok(!runs.ok && runs.error.startsWith("benchmarkPlan.runs: "), JSON.stringify(runs));
  });
});

describe("discoveryFieldsOf (the indexer's reader)", () => {
  it("keeps a trimmed title, an http(s) repository and a domain the schema accepts, each on its own", () => {
    assert.deepEqual(discoveryFieldsOf({ repository: " https://github.com/a/b ", domain: "Compression", title: 42 }), {
      title: null,
      repository: "https://github.com/a/b",
      domain: "Compression",
    });
    assert.deepEqual(discoveryFieldsOf({ title: "  Sort faster ", repository: "javascript:alert(1)", domain: "x".repeat(61) }), {
      title: "Sort faster",
      repository: null,
      domain: null,
    });
    assert.deepEqual(discoveryFieldsOf({ title: "t".repeat(201), repository: `https://e.org/${"a".repeat(300)}`, domain: "  " }), {
      title: null,
      repository: null,
      domain: null,
    });
    assert.deepEqual(discoveryFieldsOf(null), { title: null, repository: null, domain: null });
  });
});
