/**
 * The protocol document (`open-research-market/protocol@1`): a project's research statement in the
 * template's sections plus its benchmark plan, stored as JSON on 0G and known on-chain by its root
 * (`protocolHash`). The seed writes it (`scripts/seed/world.ts`), the publish wizard generates it,
 * the project page renders it, and the research CLI reads its `benchmarkPlan`. One schema for all of
 * them in the app: this one (zod, so the wizard's form and the page's parser agree).
 *
 * Required is what a project cannot do without: a title, the repository, the problem and the
 * benchmark plan (what miners run and verifiers reproduce). The other sections of the template are
 * optional: absent from the document when the creator leaves them empty, and skipped by readers.
 */
import { z } from "zod";

import { projectRegistryConstants } from "./generated/constants.ts";

export const PROTOCOL_SCHEMA_ID = "open-research-market/protocol@1";

/** Scores on-chain are fixed point; the protocol states the scale (default `ProjectRegistry.DEFAULT_METRIC_SCALE`, 1e6). */
export const DEFAULT_METRIC_SCALE = Number(projectRegistryConstants.DEFAULT_METRIC_SCALE);

const text = (what: string, max = 4000) =>
  z.string({ error: `${what} is required.` }).trim().min(1, `${what} is required.`).max(max, `${what} is longer than ${max} characters.`);

const lines = (what: string) =>
  z.array(z.string().trim().min(1).max(2000)).min(1, `Give at least one entry under ${what}.`).max(50, `${what} has more than 50 entries.`);

export const sandboxLimitsSchema = z.object({
  cpuSeconds: z.number().int().positive().max(86_400),
  memoryMiB: z.number().int().positive().max(1_048_576),
  wallSeconds: z.number().int().positive().max(86_400),
});

export const benchmarkPlanSchema = z.object({
  metric: text("The metric's name", 120),
  unit: z.string().trim().max(40),
  direction: z.enum(["higher", "lower"], { error: 'The direction is "higher" or "lower" is better.' }),
  /** In metric units (not fixed point). */
  minimumImprovement: z.number().min(0, "The minimum improvement cannot be negative."),
  scale: z.number().int().positive().default(DEFAULT_METRIC_SCALE),
  command: text("The benchmark command", 500),
  runs: z.number().int().min(1).max(100).default(1),
  /** Relative tolerance a verifier allows when reproducing a claim (0..1). */
  tolerance: z.number().min(0).max(1).default(0),
  limits: sandboxLimitsSchema.optional(),
  /**
   * Whether the limits are part of the task (code over them is rejected) rather than the verifier's
   * hardware (a run over them is skipped, not held against the miner). Default: hardware.
   */
  limitsNormative: z.boolean().optional(),
  /** The baseline score in metric units (also on-chain, in fixed point). */
  baseline: z.number().optional(),
});

/**
 * The optional budgets of an unattended mining session (`research mine`; the reference skill's
 * `miningLoop`): the command line's flags win over them.
 */
export const miningLoopSchema = z.object({
  maxTrials: z.number().int().min(1).max(100_000).optional(),
  maxWallSeconds: z.number().int().min(1).max(31_536_000).optional(),
  maxStagnantTrials: z.number().int().min(1).max(100_000).optional(),
  stopAfterSubmit: z.boolean().optional(),
  maxSubmissions: z.number().int().min(1).max(100_000).optional(),
  /** Wei the session may spend on stake and gas, as a decimal string (wei outgrow a JSON number). */
  maxSpendWei: z.string().regex(/^\d{1,78}$/, { error: "maxSpendWei is wei as a string of digits." }).optional(),
});

export const protocolSchema = z.object({
  schema: z.literal(PROTOCOL_SCHEMA_ID).default(PROTOCOL_SCHEMA_ID),
  title: text("The title", 200),
  /** Research domain shown on discovery ("Compression", "Machine learning"). */
  domain: z.string().trim().max(60).optional(),
  repository: z.url({ protocol: /^https?$/, error: "The repository must be an http(s) URL." }),
  problem: text("The problem"),
  motivation: text("The motivation").optional(),
  existingApproaches: text("Existing approaches").optional(),
  proposedArchitecture: text("The proposed architecture").optional(),
  experimentalDesign: text("The experimental design").optional(),
  benchmarkPlan: benchmarkPlanSchema,
  reproducibility: lines("reproducibility steps").optional(),
  openQuestions: lines("open questions").optional(),
  risks: lines("risks").optional(),
  references: lines("references").optional(),
  miningLoop: miningLoopSchema.optional(),
});

export type BenchmarkPlan = z.infer<typeof benchmarkPlanSchema>;
export type Protocol = z.infer<typeof protocolSchema>;
export type MiningLoop = z.infer<typeof miningLoopSchema>;

/** The template's prose sections, in the order the page and the wizard show them. */
export const STATEMENT_SECTIONS = [
  ["problem", "Problem"],
  ["motivation", "Motivation"],
  ["existingApproaches", "Existing approaches"],
  ["proposedArchitecture", "Proposed architecture"],
  ["experimentalDesign", "Experimental design"],
] as const satisfies readonly (readonly [keyof Protocol, string])[];

/** The template's list sections. */
export const LIST_SECTIONS = [
  ["reproducibility", "Reproducibility steps"],
  ["openQuestions", "Open questions"],
  ["risks", "Risks"],
  ["references", "References"],
] as const satisfies readonly (readonly [keyof Protocol, string])[];

/** Whether a section may be left out of the document (the wizard marks it optional). */
export function isOptionalSection(name: (typeof STATEMENT_SECTIONS | typeof LIST_SECTIONS)[number][0]): boolean {
  return protocolSchema.shape[name].safeParse(undefined).success;
}

/**
 * A repository URL as typed, made a URL: trimmed, and `https://` put in front of an address typed
 * without a scheme whose host has a dot (`github.com/me/proj` → `https://github.com/me/proj`).
 * Anything else is left for the schema to judge.
 */
export function normalizeRepositoryUrl(text: string): string {
  const trimmed = text.trim();
  const schemeless = !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  return schemeless && /^[^\s/:.]+(\.[^\s/:.]+)+(:\d+)?(\/|$)/.test(trimmed) ? `https://${trimmed}` : trimmed;
}

export type ParsedProtocol = { ok: true; protocol: Protocol } | { ok: false; error: string };

/** Parses stored protocol bytes; a malformed document gives one sentence naming the first problem. */
export function parseProtocolBytes(bytes: Uint8Array): ParsedProtocol {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { ok: false, error: "The protocol artifact is not JSON." };
  }
  return parseProtocolDocument(value, "The protocol artifact");
}

/**
 * A protocol document by the whole schema (what the project page requires), for tools that write
 * one (`research create`); the first problem as one sentence naming `subject`.
 */
export function parseProtocolDocument(value: unknown, subject = "The protocol"): ParsedProtocol {
  const result = protocolSchema.safeParse(value);
  if (result.success) return { ok: true, protocol: result.data };
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? ` (at ${issue.path.join(".")})` : "";
  return { ok: false, error: `${subject} does not follow ${PROTOCOL_SCHEMA_ID}: ${issue.message.replace(/\.$/, "")}${where}.` };
}

export type ParsedBenchmarkPlan = { ok: true; plan: BenchmarkPlan } | { ok: false; error: string };

/**
 * A protocol document's benchmark plan alone, for the tools that only run it (the CLI's verify and
 * mine): the rest of the document is not checked, and a plan written without `unit` or
 * `minimumImprovement` reads as no unit and any strict improvement (what the chain enforces anyway).
 */
export function parseBenchmarkPlan(document: unknown): ParsedBenchmarkPlan {
  const plan = (document as { benchmarkPlan?: unknown } | null)?.benchmarkPlan;
  if (!plan || typeof plan !== "object" || Array.isArray(plan)) return { ok: false, error: "document has no benchmarkPlan." };
  const result = benchmarkPlanSchema.safeParse({ unit: "", minimumImprovement: 0, ...plan });
  if (result.success) return { ok: true, plan: result.data };
  const issue = result.error.issues[0]!;
  return { ok: false, error: `benchmarkPlan${issue.path.length ? `.${issue.path.join(".")}` : ""}: ${issue.message.replace(/\.$/, "")}.` };
}

/** The longest repository URL discovery keeps (the indexer stores and searches it). */
export const MAX_REPOSITORY_LENGTH = 300;

/**
 * `title`, `repository` and `domain` as discovery shows them, each read on its own from any JSON
 * document (a document that fails the schema elsewhere still names its repository): a trimmed
 * title the schema accepts, a trimmed http(s) URL of at most `MAX_REPOSITORY_LENGTH` characters,
 * and a non-empty domain the schema accepts; else null.
 */
export function discoveryFieldsOf(document: unknown): { title: string | null; repository: string | null; domain: string | null } {
  const { title, repository, domain } = (document && typeof document === "object" ? document : {}) as Record<string, unknown>;
  const trimmed = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);
  const heading = trimmed(title);
  const repo = trimmed(repository);
  const field = trimmed(domain);
  return {
    title: heading && protocolSchema.shape.title.safeParse(heading).success ? heading : null,
    repository: repo && repo.length <= MAX_REPOSITORY_LENGTH && protocolSchema.shape.repository.safeParse(repo).success ? repo : null,
    domain: field && protocolSchema.shape.domain.safeParse(field).success ? field : null,
  };
}

/** The bytes stored for a protocol: stable JSON, two-space indented, newline-terminated (as the seed writes). */
export function protocolBytes(protocol: Protocol): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(protocol, null, 2)}\n`);
}

/** The metric as the benchmark plan states it: "Throughput (MB/s), higher is better". */
export function describeMetric({ metric, unit, direction }: Pick<BenchmarkPlan, "metric" | "unit" | "direction">): string {
  return `${metric}${unit ? ` (${unit})` : ""}, ${direction} is better`;
}

/** The plan's minimum improvement in metric units, with the unit when there is one ("0.01 nats"). */
export function describeMinimumImprovement({ minimumImprovement, unit }: Pick<BenchmarkPlan, "minimumImprovement" | "unit">): string {
  return `${minimumImprovement}${unit ? ` ${unit}` : ""}`;
}

// In format.ts (no schemas), so a client bundle that only formats a tolerance does not carry the document's.
export { formatTolerance } from "./format.ts";
