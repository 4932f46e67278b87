/**
 * Artifacts through the storage relay (the web app's client: uploads signed with the account's
 * EIP-712 upload intent; downloads proven against their 0G root), and the protocol document.
 */
import type { Hex, LocalAccount } from "viem";

import { parseBenchmarkPlan, type BenchmarkPlan as SharedBenchmarkPlan } from "@orm/protocol/document";
import { RootMismatchError, downloadArtifact, uploadArtifact, type UploadSigner } from "@orm/protocol/storage/client";
import { computeRoot } from "@orm/protocol/storage/root";
import type { Context } from "./chain.ts";
import { retryOnce } from "./net.ts";
import { CliError } from "./output.ts";
import { checkLimits, type Limits } from "./sandbox.ts";
import { isTransient } from "./transient.ts";

export { computeRoot };

type StorageContext = Pick<Context, "storageEndpoint" | "out"> & { chain?: Pick<Context["chain"], "id"> };

/** Downloads `root` and checks that the bytes hash to it (a mismatch is one clear error). */
export async function fetchArtifact(ctx: StorageContext, root: Hex, what: string): Promise<Uint8Array> {
  ctx.out.progress(`fetching the ${what} ${root}`);
  try {
    const { bytes } = await downloadArtifact(root, { endpoint: ctx.storageEndpoint });
    return bytes;
  } catch (error) {
    if (error instanceof RootMismatchError) {
      throw new CliError(`The ${what} does not match its root: the relay's bytes hash to ${error.actual}, not ${error.expected}.`, undefined, { cause: error });
    }
    throw new CliError(`The ${what} ${root} could not be fetched: ${(error as Error).message}`, undefined, { cause: error });
  }
}

export async function storeArtifact(ctx: StorageContext, account: LocalAccount, bytes: Uint8Array, contentType: string, what: string): Promise<Hex> {
  ctx.out.progress(`uploading the ${what} (${bytes.length} bytes)`);
  try {
    // A streamed upload cannot be replayed by fetch: on a dropped connection, sign a new intent and send again.
    const { root } = await retryOnce(
      () => uploadArtifact(bytes, { signer: uploadSigner(ctx, account), endpoint: ctx.storageEndpoint, contentType }),
      isTransient,
    );
    return root;
  } catch (error) {
    throw new CliError(`The ${what} could not be uploaded: ${(error as Error).message}`, undefined, { cause: error });
  }
}

/** The account as an upload signer for the chain the CLI talks to (the relay refuses intents for another chain). */
function uploadSigner(ctx: StorageContext, account: LocalAccount): UploadSigner {
  return { address: account.address, chainId: ctx.chain?.id, signTypedData: (typedData) => account.signTypedData(typedData) };
}

export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
}

/** The plan the CLI runs: the shared schema's, with the sandbox limits always set (the CLI's defaults). */
export type BenchmarkPlan = Omit<SharedBenchmarkPlan, "limits"> & { limits: Limits };

export type Protocol = { title?: string; benchmarkPlan: BenchmarkPlan } & Record<string, unknown>;

/**
 * Reads a protocol document's benchmark plan by the shared rule (`parseBenchmarkPlan`: the rest of
 * the document is not checked) and fills in the sandbox limits it leaves out.
 */
export function parseProtocol(value: unknown, source = "The protocol"): Protocol {
  const parsed = parseBenchmarkPlan(value);
  if (!parsed.ok) throw new CliError(`${source}'s ${parsed.error}`);
  return { ...(value as Record<string, unknown>), benchmarkPlan: { ...parsed.plan, limits: checkLimits(parsed.plan.limits) } };
}

export async function fetchProtocol(ctx: StorageContext, root: Hex): Promise<Protocol> {
  return parseProtocolBytes(await fetchArtifact(ctx, root, "protocol"), root);
}

/** A protocol artifact's bytes (already checked against `root`) as a checked protocol document. */
export function parseProtocolBytes(bytes: Uint8Array, root: Hex): Protocol {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new CliError(`The protocol ${root} is not JSON.`);
  }
  return parseProtocol(value);
}
