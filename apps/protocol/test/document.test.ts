import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  describeMetric,
  describeMinimumImprovement,
  discoveryFieldsOf,
  formatTolerance,
  isOptionalSection,
  LIST_SECTIONS,
  normalizeRepositoryUrl,
  parseBenchmarkPlan,
  parseProtocolBytes,
  protocolBytes,
  STATEMENT_SECTIONS,
} from "../src/document.ts";

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

describe("the protocol's required and optional sections", () => {
  const minimal = {
    title: "Faster log compression",
    repository: "https://github.com/me/proj",
    problem: "Run-length encoding barely shrinks logs.",
    benchmarkPlan: { metric: "ratio", unit: "x", direction: "higher", minimumImprovement: 0, command: "node bench.mjs" },
  };

  it("accepts a document with only the title, repository, problem and benchmark plan, and readers still find its fields", () => {
    const parsed = parseProtocolBytes(new TextEncoder().encode(JSON.stringify(minimal)));
    assert.ok(parsed.ok, parsed.ok ? "" : parsed.error);
    assert.equal(parsed.protocol.motivation, undefined);
    assert.equal(parsed.protocol.references, undefined);
    assert.ok(parseBenchmarkPlan(minimal).ok);
    assert.deepEqual(discoveryFieldsOf(minimal), { title: "Faster log compression", repository: "https://github.com/me/proj", domain: null });
    // what the wizard stores reads back the same
    assert.deepEqual(parseProtocolBytes(protocolBytes(parsed.protocol)), parsed);
  });

  it("still requires the problem, and an optional section that is present must not be empty", () => {
    const { problem: _problem, ...withoutProblem } = minimal;
    const missing = parseProtocolBytes(new TextEncoder().encode(JSON.stringify(withoutProblem)));
    assert.ok(!missing.ok && /The problem is required/.test(missing.error));
    const empty = parseProtocolBytes(new TextEncoder().encode(JSON.stringify({ ...minimal, risks: [] })));
    assert.ok(!empty.ok && /Give at least one entry under risks/.test(empty.error));
  });

  it("marks every section but the problem optional", () => {
    const optional = [...STATEMENT_SECTIONS, ...LIST_SECTIONS].filter(([name]) => isOptionalSection(name)).map(([name]) => name);
    assert.deepEqual(optional, ["motivation", "existingApproaches", "proposedArchitecture", "experimentalDesign", "reproducibility", "openQuestions", "risks", "references"]);
  });
});

describe("normalizeRepositoryUrl", () => {
  it("puts https:// in front of an address typed without a scheme", () => {
    assert.equal(normalizeRepositoryUrl("github.com/me/proj"), "https://github.com/me/proj");
    assert.equal(normalizeRepositoryUrl("  gitlab.com/group/repo  "), "https://gitlab.com/group/repo");
    assert.equal(normalizeRepositoryUrl("git.example.org:8443/repo"), "https://git.example.org:8443/repo");
  });
  it("leaves an address with a scheme (http, https or another, for the schema to refuse) and empty text alone", () => {
    assert.equal(normalizeRepositoryUrl("http://example.org/x"), "http://example.org/x");
    assert.equal(normalizeRepositoryUrl(" https://github.com/me/proj "), "https://github.com/me/proj");
    assert.equal(normalizeRepositoryUrl("ftp://example.org/x"), "ftp://example.org/x");
    assert.equal(normalizeRepositoryUrl("   "), "");
  });
  it("leaves text that is no address as typed, for the schema to refuse", () => {
    for (const text of ["nope", "github com/me", "not a url", "/me/proj"]) assert.equal(normalizeRepositoryUrl(text), text);
  });
});
