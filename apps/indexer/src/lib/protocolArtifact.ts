/**
 * The off-chain fields discovery shows, read from a project's protocol artifact
 * (open-research-market/protocol@1): `title`, `repository` and `domain`. The artifact is fetched from the
 * storage relay (`${STORAGE_URL}/<protocolHash>`), its bytes must have the 0G root the chain names,
 * and the fields are read by the protocol package's rule (`discoveryFieldsOf`). Every failure gives nulls and one log line: indexing never
 * waits more than two short attempts on an artifact, and after a relay timeout it stops asking for a
 * while instead of stalling every following project.
 */
import { discoveryFieldsOf } from "@orm/protocol/document";
import { computeRoot } from "@orm/protocol/storage/root";

export type ProtocolFields = { title: string | null; repository: string | null; domain: string | null };

export const NO_PROTOCOL_FIELDS: ProtocolFields = { title: null, repository: null, domain: null };

const TIMEOUT_MS = 2_000;
/** A protocol document is a few kilobytes; anything this large is not one. */
const MAX_BYTES = 1 << 20;
/** After a timeout, artifacts are not fetched for this long (the relay is down or stuck). */
const PAUSE_MS = 30_000;

let pausedUntil = 0;

class FetchFailure extends Error {
  readonly retry: boolean;
  readonly timedOut: boolean;
  constructor(message: string, retry: boolean, timedOut = false) {
    super(message);
    this.retry = retry;
    this.timedOut = timedOut;
  }
}

async function download(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new FetchFailure(timedOut ? `no answer within ${TIMEOUT_MS} ms` : `unreachable (${(error as Error).message})`, true, timedOut);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new FetchFailure(`HTTP ${response.status}`, response.status >= 500);
  }
  if (Number(response.headers.get("content-length") ?? 0) > MAX_BYTES) {
    await response.body?.cancel();
    throw new FetchFailure(`larger than ${MAX_BYTES} bytes`, false);
  }
  try {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > MAX_BYTES) throw new FetchFailure(`larger than ${MAX_BYTES} bytes`, false);
    return bytes;
  } catch (error) {
    if (error instanceof FetchFailure) throw error;
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new FetchFailure(timedOut ? `no answer within ${TIMEOUT_MS} ms` : "the body did not arrive", true, timedOut);
  }
}

/** `title`, `repository` and `domain` of a protocol document's bytes (nulls for anything else). */
export function protocolFieldsOf(bytes: Uint8Array): ProtocolFields {
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new FetchFailure("not JSON", false);
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new FetchFailure("not a JSON object", false);
  }
  return discoveryFieldsOf(document);
}

/**
 * Fetches and verifies the protocol artifact `root` from the relay at `baseUrl` (no trailing slash
 * needed); at most one retry, and only after a network error, a timeout or a 5xx.
 */
export async function fetchProtocolFields(
  baseUrl: string,
  root: string,
  log: (line: string) => void = console.warn,
): Promise<ProtocolFields> {
  const url = `${baseUrl.replace(/\/+$/, "")}/${root}`;
  if (Date.now() < pausedUntil) {
    log(`protocol artifact ${root}: skipped, the storage relay timed out less than ${PAUSE_MS / 1000} s ago`);
    return NO_PROTOCOL_FIELDS;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const bytes = await download(url);
      const actual = await computeRoot(bytes);
      if (actual.toLowerCase() !== root.toLowerCase()) throw new FetchFailure(`its bytes have root ${actual}`, false);
      return protocolFieldsOf(bytes);
    } catch (error) {
      const failure = error instanceof FetchFailure ? error : new FetchFailure(String(error), false);
      if (failure.retry && attempt < 2) continue;
      if (failure.timedOut) pausedUntil = Date.now() + PAUSE_MS;
      log(`protocol artifact ${root} from ${url}: ${failure.message}; repository and domain stay null`);
      return NO_PROTOCOL_FIELDS;
    }
  }
}
