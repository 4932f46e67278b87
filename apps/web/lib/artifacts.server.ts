/**
 * Server-side reads of stored artifacts for server components (the project page renders its
 * protocol without a round trip through the relay's HTTP route). The backend verifies every byte
 * against the root as it reads; a missing or corrupt artifact is a sentence, never a thrown page.
 */
import { createBackend } from "../server/storage/backend.ts";
import { readStorageConfig } from "../server/storage/config.ts";
import { isRoot } from "@orm/protocol/storage/root";
import { parseProtocolBytes, type ParsedProtocol } from "@orm/protocol/document";

export type ArtifactRead = { ok: true; bytes: Uint8Array; contentType: string } | { ok: false; error: string };

/** Reads at most `maxBytes` (default 1 MiB: protocols and metrics files, not code bundles). */
export async function readArtifact(root: string, maxBytes = 1024 * 1024): Promise<ArtifactRead> {
  if (!isRoot(root)) return { ok: false, error: `${root} is not a 0G root.` };
  try {
    const backend = await createBackend(readStorageConfig());
    const reader = await backend.open(root);
    if (!reader) return { ok: false, error: `The artifact ${root} is not in storage.` };
    if (reader.meta.size > maxBytes) {
      await reader.body.cancel();
      return { ok: false, error: `The artifact ${root} is larger than ${maxBytes} bytes.` };
    }
    const bytes = new Uint8Array(await new Response(reader.body).arrayBuffer());
    return { ok: true, bytes, contentType: reader.meta.contentType };
  } catch (error) {
    return { ok: false, error: `The artifact ${root} could not be read: ${(error as Error).message}` };
  }
}

/**
 * Protocols read, verified and parsed, by root: a root names its bytes for good, so each is read
 * once (a bounded number kept, the oldest dropped first). One that could not be read or parsed is
 * read again next time (it may be uploaded later). Callers share the object: never mutate it.
 */
const protocolsByRoot = new Map<string, ParsedProtocol>();
const PROTOCOLS_KEPT = 2_000;

/** The protocol document stored under `root`, parsed and checked. */
export async function readProtocol(root: string): Promise<ParsedProtocol> {
  const known = protocolsByRoot.get(root);
  if (known) return known;
  const read = await readArtifact(root);
  const parsed = read.ok ? parseProtocolBytes(read.bytes) : { ok: false as const, error: read.error };
  if (parsed.ok) {
    if (protocolsByRoot.size >= PROTOCOLS_KEPT) protocolsByRoot.delete(protocolsByRoot.keys().next().value!);
    protocolsByRoot.set(root, parsed);
  }
  return parsed;
}
