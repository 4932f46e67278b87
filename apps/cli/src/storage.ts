/**
 * Artifacts through the storage relay (the web app's client: uploads signed with the account's
 * EIP-712 upload intent; downloads proven against their 0G root), and the protocol document.
 */
import type { PrivateKeyAccount } from "viem/accounts";
import type { Hex } from "viem";

import { DEFAULT_METRIC_SCALE } from "@orm/protocol/document";
import { RootMismatchError, downloadArtifact, uploadArtifact } from "@orm/protocol/storage/client";
import { computeRoot } from "@orm/protocol/storage/root";
import type { Context } from "./chain.ts";
import { retryOnce } from "./net.ts";
import { CliError } from "./output.ts";
import { checkLimits, type Limits } from "./sandbox.ts";

export { computeRoot };

type StorageContext = Pick<Context, "storageEndpoint" | "out">;

/** Downloads `root` and checks that the bytes hash to it (a mismatch is one clear error). */
export async function fetchArtifact(ctx: StorageContext, root: Hex, what: string): Promise<Uint8Array> {
  ctx.out.progress(`fetching the ${what} ${root}`);
  try {
    const { bytes } = await downloadArtifact(root, { endpoint: ctx.storageEndpoint });
    return bytes;
  } catch (error) {
    if (error instanceof RootMismatchError) {
      throw new CliError(`The ${what} does not match its root: the relay's bytes hash to ${error.actual}, not ${error.expected}.`);
    }
    throw new CliError(`The ${what} ${root} could not be fetched: ${(error as Error).message}`);
  }
}

export async function storeArtifact(ctx: StorageContext, account: PrivateKeyAccount, bytes: Uint8Array, contentType: string, what: string): Promise<Hex> {
  ctx.out.progress(`uploading the ${what} (${bytes.length} bytes)`);
  try {
    // A streamed upload cannot be replayed by fetch: on a dropped connection, sign a new intent and send again.
    const { root } = await retryOnce(
      () => uploadArtifact(bytes, { signer: account, endpoint: ctx.storageEndpoint, contentType }),
      (error) => (error as Error).name === "RelayUnreachableError",
    );
    return root;
  } catch (error) {
    throw new CliError(`The ${what} could not be uploaded: ${(error as Error).message}`);
  }
}

export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
}

export type BenchmarkPlan = {
  metric: string;
  unit: string;
  direction: "higher" | "lower";
  minimumImprovement: number;
  scale: number;
  command: string;
  runs: number;
  tolerance: number;
  limits: Limits;
  baseline?: number;
};

export type Protocol = { title?: string; benchmarkPlan: BenchmarkPlan } & Record<string, unknown>;

/** Parses and checks a protocol document (the `open-research-market/protocol@1` shape). */
export function parseProtocol(value: unknown, source = "The protocol"): Protocol {
  const doc = value as Protocol;
  const plan = doc?.benchmarkPlan as Partial<BenchmarkPlan> | undefined;
  if (!plan || typeof plan !== "object") throw new CliError(`${source} has no benchmarkPlan.`);
  if (typeof plan.command !== "string" || plan.command.trim() === "") throw new CliError(`${source}'s benchmarkPlan has no command.`);
  if (plan.direction !== "higher" && plan.direction !== "lower") throw new CliError(`${source}'s benchmarkPlan.direction must be "higher" or "lower".`);
  const runs = plan.runs ?? 1;
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new CliError(`${source}'s benchmarkPlan.runs must be a whole number from 1 to 100.`);
  const tolerance = plan.tolerance ?? 0;
  if (typeof tolerance !== "number" || !(tolerance >= 0) || tolerance > 1) throw new CliError(`${source}'s benchmarkPlan.tolerance must be a fraction from 0 to 1.`);
  const scale = plan.scale ?? DEFAULT_METRIC_SCALE;
  if (!Number.isInteger(scale) || scale < 1) throw new CliError(`${source}'s benchmarkPlan.scale must be a positive whole number.`);
  const minimumImprovement = plan.minimumImprovement ?? 0;
  if (typeof minimumImprovement !== "number" || !(minimumImprovement >= 0)) throw new CliError(`${source}'s benchmarkPlan.minimumImprovement must be a number >= 0.`);
  return {
    ...doc,
    benchmarkPlan: {
      metric: String(plan.metric ?? "score"),
      unit: String(plan.unit ?? ""),
      direction: plan.direction,
      minimumImprovement,
      scale,
      command: plan.command,
      runs,
      tolerance,
      limits: checkLimits(plan.limits),
      baseline: plan.baseline,
    },
  };
}

export async function fetchProtocol(ctx: StorageContext, root: Hex): Promise<Protocol> {
  const bytes = await fetchArtifact(ctx, root, "protocol");
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new CliError(`The protocol ${root} is not JSON.`);
  }
  return parseProtocol(value);
}
