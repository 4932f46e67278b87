/**
 * The review attestation (`open-research-market/attestation@1`): what a verifier stores with its
 * verdict, known on-chain by its root (`approve`/`supersede`/`reject`'s `metricsHash`, the proposal's
 * and, on approval, the project's). One schema for the review screen and the CLI's `verify`: a core
 * every attestation has, and whatever evidence the writer adds beside it (the CLI's runs, measured
 * scores, sandbox and log root; the review screen's metrics file).
 */
import { isAddress } from "viem";
import { z } from "zod";

export const ATTESTATION_SCHEMA_ID = "open-research-market/attestation@1";

export const REVIEW_DECISIONS = ["approve", "supersede", "reject"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

const decimal = (what: string) => z.string().regex(/^-?\d+$/, `${what} is a decimal integer string.`);

export const attestationSchema = z.looseObject({
  schema: z.literal(ATTESTATION_SCHEMA_ID),
  /** The proposal and its project (decimal ids). */
  proposal: decimal("The proposal id"),
  project: decimal("The project id"),
  decision: z.enum(REVIEW_DECISIONS),
  verifier: z.string().refine((value) => isAddress(value), "The verifier is an address."),
  /** The score sent on-chain (fixed point, decimal string); null on a rejection. */
  verifiedScore: decimal("The verified score").nullable(),
  /** The project's metric scale, so the score reads in metric units without the chain. */
  metricScale: decimal("The metric scale"),
  /** The verifier's words: its notes, or the reason the CLI decided as it did. */
  notes: z.string(),
  /** A metrics file stored beside the attestation (its root, name and size), if any. */
  metricsFile: z.object({ root: z.string(), name: z.string(), size: z.number().int().nonnegative() }).nullable(),
  writtenAt: z.iso.datetime(),
});

export type Attestation = z.infer<typeof attestationSchema>;

export type CreateAttestationParameters = {
  proposal: bigint;
  project: bigint;
  decision: ReviewDecision;
  verifier: `0x${string}`;
  verifiedScore: bigint | undefined;
  metricScale: bigint;
  notes: string;
  metricsFile?: Attestation["metricsFile"];
  /** Evidence stored beside the core fields (bigints are written as decimal strings). */
  evidence?: Record<string, unknown>;
  writtenAt?: Date;
};

/** Bigints as decimal strings, recursively (JSON has no bigints). */
function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, jsonSafe(inner)]));
  return value;
}

/**
 * An attestation checked against the schema (a bad field throws here, before anything is stored).
 * The evidence goes first, so a core field can never be overwritten by it.
 */
export function createAttestation({
  proposal,
  project,
  decision,
  verifier,
  verifiedScore,
  metricScale,
  notes,
  metricsFile = null,
  evidence = {},
  writtenAt = new Date(),
}: CreateAttestationParameters): Attestation {
  return attestationSchema.parse({
    ...(jsonSafe(evidence) as Record<string, unknown>),
    schema: ATTESTATION_SCHEMA_ID,
    proposal: proposal.toString(),
    project: project.toString(),
    decision,
    verifier,
    verifiedScore: decision === "reject" || verifiedScore === undefined ? null : verifiedScore.toString(),
    metricScale: metricScale.toString(),
    notes: notes.trim(),
    metricsFile,
    writtenAt: writtenAt.toISOString(),
  });
}

/** The attestation's stored bytes: pretty JSON and a newline (its 0G root is what goes on-chain). */
export function attestationBytes(attestation: Attestation): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(attestation, null, 2)}\n`);
}

/** Reads stored attestation bytes; throws a one-sentence error when they are not an attestation. */
export function parseAttestation(bytes: Uint8Array): Attestation {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error("The attestation is not JSON.");
  }
  const parsed = attestationSchema.safeParse(value);
  if (!parsed.success) throw new Error(`The attestation does not match ${ATTESTATION_SCHEMA_ID}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
