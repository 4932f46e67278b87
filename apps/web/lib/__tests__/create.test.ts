/**
 * The publish wizard's pure logic: each step's validation (the errors shown beside fields), the
 * protocol document and `CreateParams` built from the form, the draft kept in localStorage, and the
 * contract bounds kept in step with the Solidity source.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import { buildCreateParams, buildProtocol, curvePoints, firstBuyCost, impactTargetOf, uploadedRootsOf } from "../create/build.ts";
import { COVERAGE_WARNING_FLOOR, describeRewardPreview, previewRewardSchedule } from "../create/preview.ts";
import { costFromZero, mintEffectOf } from "@orm/protocol/curve";
import { rewardRule } from "@orm/protocol/generated/constants";
import { quoteNewProposalReward } from "@orm/protocol/ledger";
import { clearDraft, DRAFT_STORAGE_KEY, loadDraft, saveDraft, type DraftStorage } from "../create/draft.ts";
import { MAX_BASE_PRICE, MAX_SLOPE, MAX_SUPPLY, RELAY_MAX_BYTES } from "../create/limits.ts";
import { parseMetricScale, parsePercentBps, percentToFraction, splitLines } from "../create/parse.ts";
import { DEFAULT_VALUES, firstStepWithIssue, validateStep, type CreateFormValues } from "../create/schema.ts";
import { parseProtocolBytes, PROTOCOL_SCHEMA_ID, protocolBytes } from "@orm/protocol/document";
import { DEFAULT_MAX_BYTES } from "../../server/storage/config.ts";

const root = (digit: string) => `0x${digit.repeat(64)}` as `0x${string}`;

function filledValues(): CreateFormValues {
  return {
    ...DEFAULT_VALUES,
    repository: "https://github.com/example/squeeze",
    title: "Squeeze: faster log compression",
    domain: "Compression",
    problem: "Logs are large.",
    motivation: "Storage costs money.",
    existingApproaches: "gzip, zstd.",
    proposedArchitecture: "A context-mixing model.",
    experimentalDesign: "Compress the corpus, report the ratio.",
    reproducibility: "npm install\n\n  node bench.mjs  \n",
    openQuestions: "Does it generalise?",
    risks: "Overfitting to the corpus.",
    references: "https://example.org/paper",
    metric: "compression_ratio",
    unit: "x",
    direction: "higher",
    minimumImprovement: "0.01",
    command: "node bench.mjs",
    runs: "3",
    tolerance: "2.5",
    baseline: "2.75",
    artifacts: {
      repoSnapshot: { name: "repo.tar", size: 10, root: root("a"), uploaded: true },
      benchmarkBundle: { name: "bench.tar", size: 20, root: root("b"), uploaded: true },
      baselineMetrics: { name: "metrics.json", size: 30, root: root("c"), uploaded: true },
      protocol: { name: "protocol.json", size: 40, root: root("d"), uploaded: true },
    },
    tokenName: "Squeeze",
    tokenSymbol: "SQZ",
    basePrice: "0.0001",
    slope: "0.000002",
    minerPoolCap: "2000",
    minStake: "5",
    firstBuy: "10",
  };
}

const messagesAt = (issues: { path: string; message: string }[], path: string) =>
  issues.filter((issue) => issue.path === path).map((issue) => issue.message);

describe("validation per step", () => {
  it("accepts a complete form at every step", () => {
    for (const step of ["research", "benchmark", "artifacts", "token", "review"] as const) {
      assert.deepEqual(validateStep(step, filledValues()), [], step);
    }
  });

  it("explains a malformed repository URL beside the field", () => {
    const issues = validateStep("research", { ...filledValues(), repository: "github.com example" });
    assert.deepEqual(messagesAt(issues, "repository"), ["The repository must be an http(s) URL."]);
    assert.equal(firstStepWithIssue(issues), "research");
  });

  it("requires only what the protocol needs: the title and the problem are explained beside them, the other sections may stay empty", () => {
    const issues = validateStep("research", { ...filledValues(), title: " ", problem: "  " });
    assert.deepEqual(messagesAt(issues, "title"), ["The title is required."]);
    assert.deepEqual(messagesAt(issues, "problem"), ["The problem is required."]);
    const sections = ["motivation", "existingApproaches", "proposedArchitecture", "experimentalDesign", "reproducibility", "openQuestions", "risks", "references"];
    const minimal = { ...filledValues(), ...Object.fromEntries(sections.map((name) => [name, " \n "])) };
    assert.deepEqual(validateStep("research", minimal), []);
    const protocol = JSON.parse(JSON.stringify(buildProtocol(minimal)));
    for (const name of sections) assert.equal(name in protocol, false, `${name} is left out of the document`);
  });

  it("reads a repository typed without a scheme as https", () => {
    const values = { ...filledValues(), repository: " github.com/me/proj " };
    assert.deepEqual(validateStep("research", values), []);
    assert.equal(buildProtocol(values).repository, "https://github.com/me/proj");
  });

  it("checks scores against the scale and requires the baseline metrics file", () => {
    const values = filledValues();
    const issues = validateStep("benchmark", {
      ...values,
      baseline: "1.0000001",
      minimumImprovement: "-1",
      artifacts: { ...values.artifacts, baselineMetrics: null },
    });
    assert.match(messagesAt(issues, "baseline")[0]!, /at most 6 decimals/);
    assert.match(messagesAt(issues, "minimumImprovement")[0]!, /at least 0/);
    assert.deepEqual(messagesAt(issues, "artifacts.baselineMetrics"), ["Choose the baseline metrics file."]);
    assert.equal(firstStepWithIssue(issues), "benchmark");
  });

  it("requires every artifact uploaded, not just chosen", () => {
    const values = filledValues();
    const issues = validateStep("artifacts", {
      ...values,
      artifacts: { ...values.artifacts, benchmarkBundle: { ...values.artifacts.benchmarkBundle!, uploaded: false }, protocol: null },
    });
    assert.deepEqual(
      issues.map((issue) => issue.path),
      ["artifacts.benchmarkBundle", "artifacts.protocol"],
    );
    assert.equal(firstStepWithIssue(issues), "artifacts");
  });

  it("refuses a symbol that is too long", () => {
    const issues = validateStep("token", { ...filledValues(), tokenSymbol: "ABCDEFGHIJKL" });
    assert.match(messagesAt(issues, "tokenSymbol")[0]!, /at most 11 characters/);
  });

  it("takes an odd review quorum from 1 to 9 and explains anything else beside the field", () => {
    for (const reviewQuorum of ["1", "3", "9"]) assert.deepEqual(validateStep("token", { ...filledValues(), reviewQuorum }), [], reviewQuorum);
    for (const reviewQuorum of ["2", "11", "0", "three", ""]) {
      assert.match(messagesAt(validateStep("token", { ...filledValues(), reviewQuorum }), "reviewQuorum")[0]!, /odd number of reviewers from 1 to 9/, reviewQuorum);
    }
    assert.equal(buildCreateParams({ ...filledValues(), reviewQuorum: "3" }).config.reviewQuorum, 3);
  });

  it("refuses curve parameters beyond the contract's bounds, and a zero base price", () => {
    const wei = (amount: bigint) => `${amount / 10n ** 18n}.${(amount % 10n ** 18n).toString().padStart(18, "0")}`;
    assert.deepEqual(validateStep("token", { ...filledValues(), basePrice: wei(MAX_BASE_PRICE), slope: wei(MAX_SLOPE) }), []);
    const over = validateStep("token", { ...filledValues(), basePrice: wei(MAX_BASE_PRICE + 1n), slope: wei(MAX_SLOPE + 1n) });
    assert.match(messagesAt(over, "basePrice")[0]!, /overflows the contract's bound of 2\^88 − 1 of its smallest unit/);
    assert.match(messagesAt(over, "slope")[0]!, /overflows the contract's bound of 2\^72 − 1 of its smallest unit/);
    assert.match(messagesAt(validateStep("token", { ...filledValues(), basePrice: "0" }), "basePrice")[0]!, /more than 0/);
  });

  it("asks for the schedule's share always, and its target only when one is typed (empty means the baseline's size)", () => {
    const values = { ...filledValues(), rewardPercent: "", impactTarget: "" };
    assert.deepEqual(validateStep("token", values).map((issue) => issue.path), ["rewardPercent"]);
    assert.deepEqual(validateStep("token", { ...values, rewardPercent: "100" }), []);
    for (const impactTarget of ["0", "-1", "abc", "0.0000001"]) {
      assert.deepEqual(messagesAt(validateStep("token", { ...values, rewardPercent: "50", impactTarget }), "impactTarget"), ["The impact target is an improvement above 0, in metric units."], impactTarget);
    }
    assert.deepEqual(messagesAt(validateStep("token", { ...values, rewardPercent: "100.5" }), "rewardPercent"), ["The share is a percentage above 0 and at most 100, in steps of 0.01."]);
  });

  it("keeps the first buy within the supply the miner pool leaves", () => {
    const issues = validateStep("token", { ...filledValues(), minerPoolCap: "10", firstBuy: String(MAX_SUPPLY - 9n) });
    assert.match(messagesAt(issues, "firstBuy")[0]!, /no room for the miner pool/);
  });

  it("review validates every step at once", () => {
    const issues = validateStep("review", { ...filledValues(), repository: "nope", tokenSymbol: "" });
    assert.deepEqual(issues.map((issue) => issue.path).sort(), ["repository", "tokenSymbol"]);
    assert.equal(firstStepWithIssue(issues), "research");
  });
});

describe("building what is stored and signed", () => {
  it("generates a protocol document the project page and the CLI can parse", () => {
    const protocol = buildProtocol(filledValues());
    assert.equal(protocol.schema, PROTOCOL_SCHEMA_ID);
    assert.deepEqual(protocol.reproducibility, ["npm install", "node bench.mjs"]);
    assert.deepEqual(protocol.benchmarkPlan, {
      metric: "compression_ratio",
      unit: "x",
      direction: "higher",
      minimumImprovement: 0.01,
      scale: 1_000_000,
      command: "node bench.mjs",
      runs: 3,
      tolerance: 0.025,
      limits: { cpuSeconds: 60, memoryMiB: 1024, wallSeconds: 120 },
      baseline: 2.75,
    });
    const parsed = parseProtocolBytes(protocolBytes(protocol));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.protocol, protocol);
    assert.deepEqual(Object.keys(protocol).slice(0, 4), ["schema", "title", "domain", "repository"]);
  });

  it("leaves out an empty domain", () => {
    assert.equal("domain" in JSON.parse(JSON.stringify(buildProtocol({ ...filledValues(), domain: " " }))), false);
  });

  it("builds CreateParams in fixed point and wei", () => {
    const params = buildCreateParams({ ...filledValues(), direction: "lower", rewardPercent: "12.5", impactTarget: "0.5", parentProjectId: "3" });
    assert.equal(params.protocolHash, root("d"));
    assert.equal(params.repoSnapshotHash, root("a"));
    assert.equal(params.benchmarkHash, root("b"));
    assert.equal(params.baselineMetricsHash, root("c"));
    assert.equal(params.baselineAggregateScore, 2_750_000n);
    assert.equal(params.basePrice, 100_000_000_000_000n);
    assert.equal(params.slope, 2_000_000_000_000n);
    assert.equal(params.minerPoolCap, 2000n);
    assert.equal(params.firstBuyAmount, 10n);
    assert.deepEqual(params.config, {
      lowerIsBetter: true,
      minImprovement: 10_000n,
      metricScale: 1_000_000n,
      rewardRule: 2,
      rewardBps: 1250,
      impactTarget: 500_000n,
      minStake: 5n,
      hasParent: true,
      parentProjectId: 3n,
      tolerancePpm: 25_000,
      reviewQuorum: 1,
    });
    // the defaults: the whole pool, over the baseline's size (one unit when the baseline is 0)
    const plain = buildCreateParams(filledValues()).config;
    assert.equal(plain.rewardRule, rewardRule.Impact);
    assert.equal(plain.rewardBps, 10_000);
    assert.equal(plain.impactTarget, 2_750_000n);
    assert.equal(plain.hasParent, false);
    assert.equal(buildCreateParams({ ...filledValues(), baseline: "-1.5" }).config.impactTarget, 1_500_000n);
    assert.equal(buildCreateParams({ ...filledValues(), baseline: "0", scale: "1000" }).config.impactTarget, 1_000n);
    assert.equal(impactTargetOf({ impactTarget: "", baseline: "", scale: "1000000" }), undefined);
  });

  it("refuses to build the transaction before every artifact is uploaded", () => {
    const values = filledValues();
    const partial = { ...values, artifacts: { ...values.artifacts, protocol: { ...values.artifacts.protocol!, uploaded: false } } };
    assert.equal(uploadedRootsOf(partial), undefined);
    assert.throws(() => buildCreateParams(partial), /artifacts/);
  });

  it("prices the first buy as the contract does and samples the curve", () => {
    const curve = { basePrice: 100n, slope: 10n };
    assert.equal(firstBuyCost(curve, 0n), 0n);
    // The integral of the price (the reference formula): 3*100 + 10*3*3/2.
    assert.equal(firstBuyCost(curve, 3n), 345n);
    // An odd half wei is rounded up, as the token charges.
    assert.equal(firstBuyCost({ basePrice: 100n, slope: 3n }, 3n), 314n);
    const points = curvePoints(curve, 100n, 4);
    assert.deepEqual(points.map((point) => point.supply), [0, 25, 50, 75, 100]);
    assert.equal(points[4]!.priceWei, 1100n);
    assert.equal(curvePoints(curve, 3n, 50).length, 4);
  });
});

describe("what approvals would mint, before signing", () => {
  // filledValues: curve 0.0001 + 0.000002 per token, pool 2,000, first buy 10, baseline 2.75, minimum 0.01
  it("prices a market of the first buy and quotes both examples with the protocol's math", () => {
    const preview = previewRewardSchedule(filledValues())!;
    const curve = { basePrice: 10n ** 14n, slope: 2n * 10n ** 12n };
    assert.deepEqual(preview.market, { source: "firstBuy", supply: 10n, reserve: costFromZero(curve.basePrice, curve.slope, 10n) });
    assert.equal(preview.share, 2000n);
    assert.equal(preview.target, 2_750_000n);
    const schedule = { rewardBps: 10_000, impactTarget: 2_750_000n, minerPoolCap: 2000n };
    const [minimum, quarter] = preview.examples;
    assert.equal(minimum.improvement, 10_000n);
    assert.equal(minimum.minted, quoteNewProposalReward({ ...schedule, progressBefore: 0n, improvement: 10_000n }));
    assert.equal(minimum.minted, 7n); // 2,000 * 0.01 / 2.75, rounded down
    assert.equal(quarter.improvement, 687_500n);
    assert.equal(quarter.minted, 500n);
    assert.deepEqual(quarter.effect, mintEffectOf({ ...curve, supply: 10n, reserve: preview.market.reserve }, 500n));
    assert.equal(quarter.effect.coverageBefore, 10n ** 18n);
    assert.ok(quarter.effect.coverageAfter < COVERAGE_WARNING_FLOOR);
    assert.equal(preview.warning, minimum, "7 tokens over a 10-token market already dilutes past the floor");
  });

  it("warns in words, and not once the first buy is large enough", () => {
    const values = filledValues();
    const text = describeRewardPreview(previewRewardSchedule(values)!, { nativeSymbol: "ETH", tokenSymbol: "SQZ", lowerIsBetter: false, unit: "x" });
    assert.match(text.sentence, /^Right after creation the market is your first buy: 10 SQZ backed by 0\.0011 ETH\. A first approval of the minimum improvement \(0\.01 x higher\) would mint 7 SQZ, moving the price from /);
    assert.match(text.sentence, /the reserve coverage from 100% to \d+(\.\d+)?%\.$/);
    assert.match(text.warning!, /^One approval of the minimum improvement would mint 7 SQZ and drop the reserve coverage to .* Buy more at creation \(a larger first buy\) or pay a smaller share of the pool\.$/);

    const large = previewRewardSchedule({ ...values, firstBuy: "5000" })!;
    assert.equal(large.warning, undefined);
    assert.ok(large.examples.every((example) => !example.harmful && example.effect.coverageAfter >= COVERAGE_WARNING_FLOOR));
    assert.equal(describeRewardPreview(large, { nativeSymbol: "ETH", tokenSymbol: "", lowerIsBetter: true, unit: "" }).warning, undefined);
    // a smaller share over the same small market: the minimum is harmless, a quarter of the target is not
    const small = previewRewardSchedule({ ...values, rewardPercent: "1" })!;
    assert.equal(small.examples[0].minted, 0n);
    assert.equal(small.examples[0].harmful, false);
    assert.equal(small.warning?.kind, "quarter");
  });

  it("assumes the first miner's minimum stake when there is no first buy, and one scale step when there is no minimum", () => {
    const preview = previewRewardSchedule({ ...filledValues(), firstBuy: "0", minStake: "5", minimumImprovement: "0" })!;
    assert.equal(preview.market.source, "minStake");
    assert.equal(preview.market.supply, 5n);
    assert.equal(preview.examples[0].improvement, 1n);
    assert.match(describeRewardPreview(preview, { nativeSymbol: "ETH", tokenSymbol: "SQZ", lowerIsBetter: false, unit: "x" }).sentence, /^With no first buy, the first holder is the first miner, buying at least the minimum stake: 5 SQZ/);
  });

  it("waits for valid numbers", () => {
    for (const broken of [{ basePrice: "0" }, { rewardPercent: "" }, { impactTarget: "0" }, { baseline: "" }, { minStake: "x" }, { scale: "0" }]) {
      assert.equal(previewRewardSchedule({ ...filledValues(), ...broken }), undefined, JSON.stringify(broken));
    }
  });
});

describe("parsing", () => {
  it("splits list sections one entry per line", () => {
    assert.deepEqual(splitLines(" a \r\n\n b\n"), ["a", "b"]);
  });
  it("reads percentages as basis points", () => {
    assert.equal(parsePercentBps("12.5"), 1250);
    assert.equal(parsePercentBps("100"), 10_000);
    assert.equal(parsePercentBps("0.01"), 1);
    assert.equal(parsePercentBps("0"), undefined);
    assert.equal(parsePercentBps("100.01"), undefined);
    assert.equal(parsePercentBps("1.005"), undefined);
    assert.equal(percentToFraction("2.5"), 0.025);
  });
  it("reads a metric scale", () => {
    assert.equal(parseMetricScale("1000000"), 1_000_000n);
    assert.equal(parseMetricScale("0"), undefined);
    assert.equal(parseMetricScale("1e6"), undefined);
  });
});

describe("the draft in localStorage", () => {
  function memoryStorage(): DraftStorage & { map: Map<string, string> } {
    const map = new Map<string, string>();
    return { map, getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value), removeItem: (key) => void map.delete(key) };
  }

  it("restores typed values, the step and uploaded artifacts; names the files to choose again", () => {
    const storage = memoryStorage();
    const values = filledValues();
    values.artifacts.benchmarkBundle = { ...values.artifacts.benchmarkBundle!, uploaded: false };
    saveDraft(storage, 2, values);
    const draft = loadDraft(storage)!;
    assert.equal(draft.step, 2);
    assert.equal(draft.values.title, values.title);
    assert.deepEqual(draft.values.artifacts.repoSnapshot, values.artifacts.repoSnapshot);
    assert.equal(draft.values.artifacts.benchmarkBundle, null);
    assert.deepEqual(draft.forgotten, { benchmarkBundle: "bench.tar" });
    clearDraft(storage);
    assert.equal(loadDraft(storage), undefined);
  });

  it("falls back to defaults for a damaged or foreign draft", () => {
    const storage = memoryStorage();
    storage.setItem(DRAFT_STORAGE_KEY, "{not json");
    assert.equal(loadDraft(storage), undefined);
    storage.setItem(DRAFT_STORAGE_KEY, JSON.stringify({ version: 1, step: 99, values: { title: 5, direction: "sideways", runs: "4", artifacts: { protocol: { root: "0x12" } } } }));
    const draft = loadDraft(storage)!;
    assert.equal(draft.step, 4);
    assert.equal(draft.values.title, "");
    assert.equal(draft.values.direction, "higher");
    assert.equal(draft.values.runs, "4");
    assert.equal(draft.values.artifacts.protocol, null);
  });

  it("loads a draft saved with another reward rule, its share and target back to the defaults", () => {
    const storage = memoryStorage();
    const legacy = (rule: string) => ({ version: 1, step: 3, values: { ...filledValues(), rewardRule: rule, rewardPercent: "10", impactTarget: "0.5" } });
    storage.setItem(DRAFT_STORAGE_KEY, JSON.stringify(legacy("matchStake")));
    let draft = loadDraft(storage)!;
    assert.equal(draft.step, 3);
    assert.equal(draft.values.title, filledValues().title);
    assert.equal(draft.values.rewardPercent, "100");
    assert.equal(draft.values.impactTarget, "");
    assert.equal("rewardRule" in draft.values, false);
    assert.equal(buildCreateParams(draft.values).config.rewardRule, rewardRule.Impact);
    storage.setItem(DRAFT_STORAGE_KEY, JSON.stringify(legacy("impact")));
    draft = loadDraft(storage)!;
    assert.equal(draft.values.rewardPercent, "10");
    assert.equal(draft.values.impactTarget, "0.5");
  });

  it("never throws when storage refuses a write", () => {
    const full: DraftStorage = { getItem: () => null, setItem: () => { throw new Error("QuotaExceededError"); }, removeItem: () => {} };
    assert.doesNotThrow(() => saveDraft(full, 0, DEFAULT_VALUES));
  });
});

describe("bounds in step with the contracts and the relay", () => {
  it("matches BondingCurve.sol", () => {
    const source = readFileSync(new URL("../../../../contracts/libraries/BondingCurve.sol", import.meta.url), "utf8");
    const bits = (name: string) => Number(new RegExp(`${name}\\s*=\\s*type\\(uint(\\d+)\\)\\.max`).exec(source)![1]);
    assert.equal(MAX_SUPPLY, 2n ** BigInt(bits("MAX_SUPPLY")) - 1n);
    assert.equal(MAX_BASE_PRICE, 2n ** BigInt(bits("MAX_BASE_PRICE")) - 1n);
    assert.equal(MAX_SLOPE, 2n ** BigInt(bits("MAX_SLOPE")) - 1n);
  });
  it("uses the relay's default size limit", () => {
    assert.equal(RELAY_MAX_BYTES, DEFAULT_MAX_BYTES);
    assert.equal(RELAY_MAX_BYTES, 64 * 1024 * 1024);
  });
});
