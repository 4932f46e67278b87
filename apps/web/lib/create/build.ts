/**
 * From the publish wizard's (validated) form values to what gets stored and signed: the protocol
 * document (`open-research-market/protocol@1`, the shape the project page and the research CLI
 * read), the `CreateParams` of `ProjectRegistry.createProjectWithConfig`, the first buy's cost and
 * the curve's points for the chart. Pure; every number is parsed by the same helpers the form's
 * validation uses, so what passed validation is what is built.
 */
import type { ContractFunctionArgs, Hex } from "viem";

import { costFromZero, priceAt } from "@orm/protocol/curve";
import { parseEth, parseScore, parseTokenAmount } from "@orm/protocol/format";
import type { projectRegistryAbi } from "@orm/protocol/generated/abis";
import { normalizeRepositoryUrl, protocolBytes, protocolSchema, type Protocol } from "@orm/protocol/document";
import { MAX_SUPPLY } from "./limits.ts";
import { defaultImpactTargetOf, tolerancePpmOf } from "@orm/protocol/ledger";
import { rewardRule } from "@orm/protocol/generated/constants";
import { parseMetricScale, parsePercentBps, percentToFraction, splitLines } from "./parse.ts";
import type { ArtifactKey, CreateFormValues } from "./schema.ts";

/** Thrown when values that should have passed validation do not parse (a bug, or an unvalidated draft). */
export class CreateValuesInvalidError extends Error {
  override name = "CreateValuesInvalidError";
  constructor(field: string) {
    super(`The value of "${field}" is not valid; go back to its step and correct it.`);
  }
}

function required<value>(value: value | undefined, field: string): value {
  if (value === undefined) throw new CreateValuesInvalidError(field);
  return value;
}

/** The metric scale as a bigint (the form's default when unparsable, for previews). */
export function metricScaleOf(values: Pick<CreateFormValues, "scale">): bigint {
  return required(parseMetricScale(values.scale), "scale");
}

/**
 * The reward schedule's target progress in fixed point: as typed, or (left empty) the baseline's
 * size, one metric unit for a zero baseline; `undefined` while what it depends on does not parse.
 */
export function impactTargetOf(values: Pick<CreateFormValues, "impactTarget" | "baseline" | "scale">): bigint | undefined {
  const metricScale = parseMetricScale(values.scale);
  if (metricScale === undefined) return undefined;
  if (values.impactTarget.trim() !== "") return parseScore(values.impactTarget, metricScale);
  const baseline = parseScore(values.baseline, metricScale);
  return baseline === undefined ? undefined : defaultImpactTargetOf({ baseline, metricScale });
}

/** An optional prose section: left out of the document when empty. */
const prose = (text: string) => (text.trim() === "" ? undefined : text);
/** An optional list section, one entry per line: left out when it has none. */
const list = (text: string) => {
  const lines = splitLines(text);
  return lines.length === 0 ? undefined : lines;
};

/** The protocol document the form describes; throws `CreateValuesInvalidError` or a zod error when a section is invalid. */
export function buildProtocol(values: CreateFormValues): Protocol {
  const scale = metricScaleOf(values);
  const baseline = required(parseScore(values.baseline, scale), "baseline");
  const document = {
    title: values.title,
    domain: values.domain.trim() || undefined,
    repository: normalizeRepositoryUrl(values.repository),
    problem: values.problem,
    motivation: prose(values.motivation),
    existingApproaches: prose(values.existingApproaches),
    proposedArchitecture: prose(values.proposedArchitecture),
    experimentalDesign: prose(values.experimentalDesign),
    benchmarkPlan: {
      metric: values.metric,
      unit: values.unit,
      direction: values.direction,
      minimumImprovement: Number(values.minimumImprovement.trim() || "0"),
      scale: Number(scale),
      command: values.command,
      runs: Number(required(parseTokenAmount(values.runs), "runs")),
      tolerance: percentToFraction(values.tolerance),
      limits: {
        cpuSeconds: Number(required(parseTokenAmount(values.cpuSeconds), "cpuSeconds")),
        memoryMiB: Number(required(parseTokenAmount(values.memoryMiB), "memoryMiB")),
        wallSeconds: Number(required(parseTokenAmount(values.wallSeconds), "wallSeconds")),
      },
      // metric units, exactly as typed (the chain holds the fixed-point integer)
      baseline: Number(baseline) / Number(scale),
    },
    reproducibility: list(values.reproducibility),
    openQuestions: list(values.openQuestions),
    risks: list(values.risks),
    references: list(values.references),
  };
  return protocolSchema.parse(document);
}

/** The protocol document's stored bytes (as `@orm/protocol/document` encodes them). */
export function buildProtocolBytes(values: CreateFormValues): Uint8Array {
  return protocolBytes(buildProtocol(values));
}

/** The protocol bytes, or `undefined` while the research or benchmark steps are incomplete. */
export function tryBuildProtocolBytes(values: CreateFormValues): Uint8Array | undefined {
  try {
    return buildProtocolBytes(values);
  } catch {
    return undefined;
  }
}

export type CurveTerms = { basePrice: bigint; slope: bigint };

/** Base price and slope in wei, or `undefined` while either is not a valid amount. */
export function curveTermsOf(values: Pick<CreateFormValues, "basePrice" | "slope">): CurveTerms | undefined {
  const basePrice = parseEth(values.basePrice);
  const slope = parseEth(values.slope);
  if (basePrice === undefined || slope === undefined) return undefined;
  return { basePrice, slope };
}

/** Tokens of the optional first buy (empty means none). */
export function firstBuyAmountOf(values: Pick<CreateFormValues, "firstBuy">): bigint | undefined {
  return values.firstBuy.trim() === "" ? 0n : parseTokenAmount(values.firstBuy);
}

/** What the first `amount` tokens of a fresh curve cost: what `quoteFirstBuy` returns and the contract requires, exactly. */
export function firstBuyCost({ basePrice, slope }: CurveTerms, amount: bigint): bigint {
  return costFromZero(basePrice, slope, amount);
}

export type CurvePoint = { supply: number; priceWei: bigint };

/** `count + 1` evenly spaced points of the raw curve's price from supply 0 to `maxSupply`. */
export function curvePoints({ basePrice, slope }: CurveTerms, maxSupply: bigint, count = 50): CurvePoint[] {
  const top = maxSupply < 1n ? 1n : maxSupply > MAX_SUPPLY ? MAX_SUPPLY : maxSupply;
  const steps = BigInt(Math.max(1, Math.min(count, Number(top))));
  const points: CurvePoint[] = [];
  for (let i = 0n; i <= steps; i++) {
    const supply = (top * i) / steps;
    points.push({ supply: Number(supply), priceWei: priceAt(basePrice, slope, supply) });
  }
  return points;
}

/** Roots of the four artifacts, in `CreateParams` order. */
export type ArtifactRoots = Record<ArtifactKey, Hex>;

/** The uploaded artifacts' roots, or `undefined` until all four are uploaded. */
export function uploadedRootsOf(values: Pick<CreateFormValues, "artifacts">): ArtifactRoots | undefined {
  const { repoSnapshot, benchmarkBundle, baselineMetrics, protocol } = values.artifacts;
  if (!repoSnapshot?.uploaded || !benchmarkBundle?.uploaded || !baselineMetrics?.uploaded || !protocol?.uploaded) return undefined;
  return { repoSnapshot: repoSnapshot.root, benchmarkBundle: benchmarkBundle.root, baselineMetrics: baselineMetrics.root, protocol: protocol.root };
}

/** `IProjectRegistry.CreateParams`, as viem encodes the struct (typed from the generated ABI). */
export type CreateParams = ContractFunctionArgs<typeof projectRegistryAbi, "payable", "createProjectWithConfig">[0];

/** The transaction's argument; throws `CreateValuesInvalidError` when a value does not parse or an artifact is not uploaded. */
export function buildCreateParams(values: CreateFormValues): CreateParams {
  const roots = uploadedRootsOf(values);
  if (!roots) throw new CreateValuesInvalidError("artifacts");
  const scale = metricScaleOf(values);
  const curve = required(curveTermsOf(values), "basePrice");
  const parent = values.parentProjectId.trim() === "" ? undefined : required(parseTokenAmount(values.parentProjectId), "parentProjectId");
  return {
    protocolHash: roots.protocol,
    repoSnapshotHash: roots.repoSnapshot,
    benchmarkHash: roots.benchmarkBundle,
    baselineAggregateScore: required(parseScore(values.baseline, scale), "baseline"),
    baselineMetricsHash: roots.baselineMetrics,
    tokenName: values.tokenName.trim(),
    tokenSymbol: values.tokenSymbol.trim(),
    basePrice: curve.basePrice,
    slope: curve.slope,
    minerPoolCap: required(parseTokenAmount(values.minerPoolCap), "minerPoolCap"),
    config: {
      lowerIsBetter: values.direction === "lower",
      minImprovement: required(parseScore(values.minimumImprovement.trim() || "0", scale), "minimumImprovement"),
      metricScale: scale,
      // the only rule the registry accepts: the pool's share minted over the best's progress
      rewardRule: rewardRule.Impact,
      rewardBps: required(parsePercentBps(values.rewardPercent), "rewardPercent"),
      impactTarget: required(impactTargetOf(values), "impactTarget"),
      minStake: required(parseTokenAmount(values.minStake), "minStake"),
      hasParent: parent !== undefined,
      parentProjectId: parent ?? 0n,
      // the protocol's tolerance, which the chain enforces on every approval
      tolerancePpm: Number(tolerancePpmOf(percentToFraction(values.tolerance))),
      // 1: one allowlisted reviewer per proposal (the reference shape); above 1, a drawn quorum
      reviewQuorum: Number(values.reviewQuorum),
    },
    firstBuyAmount: required(firstBuyAmountOf(values), "firstBuy"),
  };
}
