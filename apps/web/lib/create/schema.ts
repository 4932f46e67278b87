/**
 * The publish wizard's form: its values (strings, as typed, so a draft is plain JSON), their
 * defaults, the steps, and one zod schema per step (react-hook-form validates only the step on
 * screen; the review step validates everything). Each issue carries the path of the field it is
 * shown beside. The protocol's own rules come from `@orm/protocol/document`; the contracts' bounds from
 * `./limits.ts`; numbers are parsed by `@orm/protocol/format` and `./parse.ts` the same way here and when building the
 * transaction (`./build.ts`).
 */
import { z } from "zod";

import { isRoot, type Root } from "@orm/protocol/storage/root";
import {
  benchmarkPlanSchema,
  DEFAULT_METRIC_SCALE,
  LIST_SECTIONS,
  normalizeRepositoryUrl,
  protocolSchema,
  STATEMENT_SECTIONS,
} from "@orm/protocol/document";
import {
  MAX_BASE_PRICE,
  MAX_METRIC_SCALE,
  MAX_SCORE,
  MAX_SLOPE,
  MAX_SUPPLY,
  MAX_TOKEN_NAME_LENGTH,
  MAX_TOKEN_SYMBOL_LENGTH,
  MIN_SCORE,
} from "./limits.ts";
import { parseEth, parseScore, parseTokenAmount } from "@orm/protocol/format";
import { projectRegistryConstants } from "@orm/protocol/generated/constants";
import { parseMetricScale, parsePercentBps, splitLines } from "./parse.ts";

/** A file artifact chosen in the browser (root computed) or uploaded to the relay. */
export type ArtifactRecord = {
  name: string;
  size: number;
  root: Root;
  /** True once the relay stored it (the root is then fetchable from `/api/storage/<root>`). */
  uploaded: boolean;
};

export const FILE_ARTIFACTS = [
  ["repoSnapshot", "Repository snapshot"],
  ["benchmarkBundle", "Benchmark bundle"],
  ["baselineMetrics", "Baseline metrics file"],
] as const;

export type FileArtifactKey = (typeof FILE_ARTIFACTS)[number][0];
/** The three files plus the protocol document the wizard generates. */
export type ArtifactKey = FileArtifactKey | "protocol";

export const ARTIFACT_LABELS: Record<ArtifactKey, string> = {
  repoSnapshot: "Repository snapshot",
  benchmarkBundle: "Benchmark bundle",
  baselineMetrics: "Baseline metrics file",
  protocol: "Protocol document",
};

export type CreateFormValues = {
  // research
  repository: string;
  title: string;
  domain: string;
  problem: string;
  motivation: string;
  existingApproaches: string;
  proposedArchitecture: string;
  experimentalDesign: string;
  /** List sections: one entry per line. */
  reproducibility: string;
  openQuestions: string;
  risks: string;
  references: string;
  // benchmark
  metric: string;
  unit: string;
  direction: "higher" | "lower";
  minimumImprovement: string;
  scale: string;
  command: string;
  runs: string;
  /** Percent (the protocol stores it as a fraction of 1). */
  tolerance: string;
  cpuSeconds: string;
  memoryMiB: string;
  wallSeconds: string;
  baseline: string;
  // artifacts
  artifacts: Record<ArtifactKey, ArtifactRecord | null>;
  // token
  tokenName: string;
  tokenSymbol: string;
  /** The chain's currency per token. */
  basePrice: string;
  /** The chain's currency per token, per token sold. */
  slope: string;
  minerPoolCap: string;
  /** Percent of the miner pool the reward schedule pays by the target. */
  rewardPercent: string;
  /** The progress from the baseline (metric units) that earns the whole share; empty: the baseline's size. */
  impactTarget: string;
  minStake: string;
  /** Reviewers per proposal, odd ("1": one allowlisted verifier; above 1, a quorum drawn from the bonded verifiers). */
  reviewQuorum: string;
  /** How many tokens the "cost of the first N tokens" preview prices. */
  previewTokens: string;
  firstBuy: string;
  /** Empty: not a fork. */
  parentProjectId: string;
};

/** The quorums a project may choose (`ProjectRegistry`: odd, 1..MAX_REVIEW_QUORUM), as the form's strings. */
export const REVIEW_QUORUM_CHOICES: readonly string[] = Array.from({ length: (Number(projectRegistryConstants.MAX_REVIEW_QUORUM) + 1) / 2 }, (_, index) => String(2 * index + 1));

export type StatementSection = (typeof STATEMENT_SECTIONS)[number][0];
export type ListSection = (typeof LIST_SECTIONS)[number][0];

export const DEFAULT_VALUES: CreateFormValues = {
  repository: "",
  title: "",
  domain: "",
  problem: "",
  motivation: "",
  existingApproaches: "",
  proposedArchitecture: "",
  experimentalDesign: "",
  reproducibility: "",
  openQuestions: "",
  risks: "",
  references: "",
  metric: "",
  unit: "",
  direction: "higher",
  minimumImprovement: "0",
  scale: String(DEFAULT_METRIC_SCALE),
  command: "",
  runs: "1",
  tolerance: "0",
  cpuSeconds: "60",
  memoryMiB: "1024",
  wallSeconds: "120",
  baseline: "",
  artifacts: { repoSnapshot: null, benchmarkBundle: null, baselineMetrics: null, protocol: null },
  tokenName: "",
  tokenSymbol: "",
  basePrice: "0.0001",
  slope: "0.000002",
  minerPoolCap: "2000",
  rewardPercent: "100",
  impactTarget: "",
  minStake: "1",
  reviewQuorum: "1",
  previewTokens: "100",
  firstBuy: "0",
  parentProjectId: "",
};

export const STEPS = [
  { id: "research", title: "Research" },
  { id: "benchmark", title: "Benchmark" },
  { id: "artifacts", title: "Artifacts" },
  { id: "token", title: "Token" },
  { id: "review", title: "Review" },
] as const;

export type StepId = (typeof STEPS)[number]["id"];

// ------------------------------------------------------------------ field rules

/** Optional sections left empty are left out of the document (`./build.ts`), so empty is valid here. */
const proseField = (name: StatementSection) =>
  z.string().superRefine((text, ctx) => {
    const result = protocolSchema.shape[name].safeParse(text.trim() === "" ? undefined : text);
    if (!result.success) ctx.addIssue({ code: "custom", message: result.error.issues[0]!.message });
  });

const listField = (name: ListSection, label: string) =>
  z.string().superRefine((text, ctx) => {
    const lines = splitLines(text);
    const result = protocolSchema.shape[name].safeParse(lines.length === 0 ? undefined : lines);
    if (result.success) return;
    const issue = result.error.issues[0]!;
    const entry = typeof issue.path[0] === "number" ? `${label}, line ${issue.path[0] + 1}: ` : "";
    ctx.addIssue({ code: "custom", message: `${entry}${issue.message}` });
  });

const wholeNumberField = (what: string, min: bigint, max: bigint) =>
  z.string().superRefine((text, ctx) => {
    const value = parseTokenAmount(text);
    if (value === undefined) ctx.addIssue({ code: "custom", message: `${what} must be a whole number.` });
    else if (value < min) ctx.addIssue({ code: "custom", message: `${what} must be at least ${min}.` });
    else if (value > max) ctx.addIssue({ code: "custom", message: `${what} must be at most ${max.toLocaleString("en-US")}.` });
  });

const researchShape = {
  // "github.com/me/proj" is read as https://github.com/me/proj (the field shows it so on blur)
  repository: z.string().transform(normalizeRepositoryUrl).pipe(protocolSchema.shape.repository),
  title: protocolSchema.shape.title,
  domain: z.string().trim().max(60, "The domain is longer than 60 characters."),
  ...(Object.fromEntries(STATEMENT_SECTIONS.map(([name]) => [name, proseField(name)])) as unknown as Record<StatementSection, z.ZodType<string>>),
  ...(Object.fromEntries(LIST_SECTIONS.map(([name, label]) => [name, listField(name, label)])) as unknown as Record<ListSection, z.ZodType<string>>),
};

const plan = benchmarkPlanSchema.shape;

const benchmarkShape = {
  metric: plan.metric,
  unit: plan.unit,
  direction: plan.direction,
  command: plan.command,
  scale: z.string().superRefine((text, ctx) => {
    if (parseMetricScale(text) === undefined) {
      ctx.addIssue({ code: "custom", message: `The scale must be a whole number from 1 to ${MAX_METRIC_SCALE} (1000000 reads six decimals).` });
    }
  }),
  runs: wholeNumberField("Runs", 1n, 100n),
  tolerance: z.string().superRefine((text, ctx) => {
    const value = Number(text.trim());
    if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 100) {
      ctx.addIssue({ code: "custom", message: "The tolerance is a percentage from 0 to 100." });
    }
  }),
  cpuSeconds: wholeNumberField("CPU seconds", 1n, 86_400n),
  memoryMiB: wholeNumberField("Memory", 1n, 1_048_576n),
  wallSeconds: wholeNumberField("Wall-clock seconds", 1n, 86_400n),
  minimumImprovement: z.string(),
  baseline: z.string(),
};

/** Scores typed in metric units must be exact in the chosen scale and fit the contract's int128. */
function checkScores(values: Pick<CreateFormValues, "scale" | "minimumImprovement" | "baseline">, ctx: z.RefinementCtx): void {
  const scale = parseMetricScale(values.scale);
  if (scale === undefined) return; // reported beside the scale
  const baseline = parseScore(values.baseline, scale);
  if (values.baseline.trim() === "") {
    ctx.addIssue({ code: "custom", path: ["baseline"], message: "The baseline score is required (the score the code scores today)." });
  } else if (baseline === undefined) {
    ctx.addIssue({ code: "custom", path: ["baseline"], message: `The baseline must be a number with at most ${digitsOf(scale)} decimals.` });
  } else if (baseline > MAX_SCORE || baseline < MIN_SCORE) {
    ctx.addIssue({ code: "custom", path: ["baseline"], message: "The baseline is too large for the contract (scores fit in 128 bits)." });
  }
  const minimum = parseScore(values.minimumImprovement, scale);
  if (minimum === undefined || minimum < 0n) {
    ctx.addIssue({
      code: "custom",
      path: ["minimumImprovement"],
      message: `The minimum improvement is a number of at least 0 with at most ${digitsOf(scale)} decimals.`,
    });
  }
}

function digitsOf(scale: bigint): number {
  return scale.toString().length - 1;
}

const artifactRecordSchema = z.object({
  name: z.string(),
  size: z.number().int().positive(),
  root: z.string().refine(isRoot),
  uploaded: z.boolean(),
});

const chosen = (label: string) =>
  z.unknown().superRefine((value, ctx) => {
    if (!artifactRecordSchema.safeParse(value).success) ctx.addIssue({ code: "custom", message: `Choose the ${label.toLowerCase()}.` });
  });

const uploaded = (label: string) =>
  z.unknown().superRefine((value, ctx) => {
    const record = artifactRecordSchema.safeParse(value);
    if (!record.success || !record.data.uploaded) {
      ctx.addIssue({ code: "custom", message: `Upload the ${label.toLowerCase()}; its root goes on-chain.` });
    }
  });

const artifactsShape = {
  artifacts: z.object({
    repoSnapshot: uploaded("Repository snapshot"),
    benchmarkBundle: uploaded("Benchmark bundle"),
    baselineMetrics: uploaded("Baseline metrics file"),
    protocol: uploaded("Protocol document"),
  }),
};

const tokenShape = {
  tokenName: z
    .string()
    .trim()
    .min(1, "The token name is required.")
    .max(MAX_TOKEN_NAME_LENGTH, `The token name is at most ${MAX_TOKEN_NAME_LENGTH} characters.`),
  tokenSymbol: z
    .string()
    .trim()
    .min(1, "The symbol is required.")
    .max(MAX_TOKEN_SYMBOL_LENGTH, `The symbol is at most ${MAX_TOKEN_SYMBOL_LENGTH} characters (wallets cut longer ones).`)
    .regex(/^[A-Za-z0-9]*$/, "The symbol uses letters and digits only."),
  basePrice: z.string().superRefine((text, ctx) => {
    const wei = parseEth(text);
    if (wei === undefined) ctx.addIssue({ code: "custom", message: "The base price is an amount of the chain's currency (0.0001)." });
    else if (wei === 0n) ctx.addIssue({ code: "custom", message: "The base price must be more than 0: the first token cannot be free." });
    else if (wei > MAX_BASE_PRICE) {
      ctx.addIssue({ code: "custom", message: "The base price overflows the contract's bound of 2^88 − 1 of its smallest unit (about 309 million whole coins)." });
    }
  }),
  slope: z.string().superRefine((text, ctx) => {
    const wei = parseEth(text);
    if (wei === undefined) ctx.addIssue({ code: "custom", message: "The slope is an amount of the chain's currency per token (0.000002)." });
    else if (wei > MAX_SLOPE) {
      ctx.addIssue({ code: "custom", message: "The slope overflows the contract's bound of 2^72 − 1 of its smallest unit (about 4,722 whole coins per token)." });
    }
  }),
  minerPoolCap: wholeNumberField("The miner pool cap", 0n, MAX_SUPPLY - 1n),
  rewardPercent: z.string(),
  impactTarget: z.string(),
  minStake: wholeNumberField("The minimum stake", 1n, MAX_SUPPLY),
  reviewQuorum: z.string().superRefine((text, ctx) => {
    if (!REVIEW_QUORUM_CHOICES.includes(text)) {
      ctx.addIssue({ code: "custom", message: `The review quorum is an odd number of reviewers from 1 to ${REVIEW_QUORUM_CHOICES.at(-1)}.` });
    }
  }),
  previewTokens: wholeNumberField("The preview amount", 1n, MAX_SUPPLY),
  firstBuy: z.string(),
  parentProjectId: z.string().superRefine((text, ctx) => {
    if (text.trim() !== "" && parseTokenAmount(text) === undefined) {
      ctx.addIssue({ code: "custom", message: "The parent is a project id (a whole number), or empty." });
    }
  }),
};

/** Rules that read two fields: the reward schedule's parameters and the first buy's room on the curve. */
function checkTokenTerms(values: CreateFormValues, ctx: z.RefinementCtx): void {
  if (parsePercentBps(values.rewardPercent) === undefined) {
    ctx.addIssue({ code: "custom", path: ["rewardPercent"], message: "The share is a percentage above 0 and at most 100, in steps of 0.01." });
  }
  // empty: the baseline's size (./build.ts `impactTargetOf`)
  if (values.impactTarget.trim() !== "") {
    const scale = parseMetricScale(values.scale);
    const target = scale === undefined ? undefined : parseScore(values.impactTarget, scale);
    if (target === undefined || target <= 0n || target > MAX_SCORE) {
      ctx.addIssue({ code: "custom", path: ["impactTarget"], message: "The impact target is an improvement above 0, in metric units." });
    }
  }
  const firstBuy = values.firstBuy.trim() === "" ? 0n : parseTokenAmount(values.firstBuy);
  const poolCap = parseTokenAmount(values.minerPoolCap) ?? 0n;
  if (firstBuy === undefined) {
    ctx.addIssue({ code: "custom", path: ["firstBuy"], message: "The first buy is a whole number of tokens (0 for none)." });
  } else if (firstBuy > MAX_SUPPLY - poolCap) {
    ctx.addIssue({
      code: "custom",
      path: ["firstBuy"],
      message: `The first buy leaves no room for the miner pool: at most ${(MAX_SUPPLY - poolCap).toLocaleString("en-US")} tokens.`,
    });
  }
}

const researchSchema = z.object(researchShape);
const benchmarkSchema = z
  .object({ ...benchmarkShape, artifacts: z.object({ baselineMetrics: chosen("Baseline metrics file") }) })
  .superRefine((values, ctx) => checkScores(values, ctx));
const artifactsSchema = z.object(artifactsShape);
const tokenSchema = z.object({ ...tokenShape, scale: z.string() }).superRefine((values, ctx) => checkTokenTerms(values as CreateFormValues, ctx));
/** Everything at once (the review step: nothing is signed until this passes). */
const fullSchema = z
  .object({ ...researchShape, ...benchmarkShape, ...artifactsShape, ...tokenShape })
  .superRefine((values, ctx) => {
    checkScores(values, ctx);
    checkTokenTerms(values as unknown as CreateFormValues, ctx);
  });

export const STEP_SCHEMAS: Record<StepId, z.ZodType> = {
  research: researchSchema,
  benchmark: benchmarkSchema,
  artifacts: artifactsSchema,
  token: tokenSchema,
  review: fullSchema,
};

/** The fields each step owns (where its errors show), for jumping to the first step with a problem. */
export const STEP_FIELDS: Record<Exclude<StepId, "review">, readonly string[]> = {
  research: Object.keys(researchShape),
  benchmark: [...Object.keys(benchmarkShape), "artifacts.baselineMetrics"],
  artifacts: ["artifacts.repoSnapshot", "artifacts.benchmarkBundle", "artifacts.protocol"],
  token: Object.keys(tokenShape),
};

export type StepIssue = { path: string; message: string };

/** Validates `values` against one step's schema; the issues, keyed by field path (empty when valid). */
export function validateStep(step: StepId, values: CreateFormValues): StepIssue[] {
  const result = STEP_SCHEMAS[step].safeParse(values);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

/** The first step (in order) that owns a field with an issue. */
export function firstStepWithIssue(issues: StepIssue[]): StepId | undefined {
  for (const step of STEPS) {
    if (step.id === "review") continue;
    const fields = STEP_FIELDS[step.id];
    if (issues.some((issue) => fields.some((field) => issue.path === field || issue.path.startsWith(`${field}.`)))) return step.id;
  }
  return undefined;
}
