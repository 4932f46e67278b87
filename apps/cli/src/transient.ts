/**
 * Which failures are worth another try, decided by what the error is (its class, HTTP status,
 * JSON-RPC code or system error code), never by its wording: the network's (the relay or the RPC
 * did not answer, was overloaded, timed out, dropped the connection) are; the proposal's or this
 * node's (a root mismatch, an unsafe archive, a benchmark over its limits, a contract's refusal, a
 * request the server refused as bad) are not.
 *
 * The CLI wraps errors in one-sentence `CliError`s; each keeps what it wraps as its `cause`, and the
 * classification walks that chain from the outside in: the first error it recognises decides.
 */
import {
  ContractFunctionRevertedError,
  ExecutionRevertedError,
  HttpRequestError,
  LimitExceededRpcError,
  ResourceUnavailableRpcError,
  RpcRequestError,
  SocketClosedError,
  TimeoutError,
  WaitForTransactionReceiptTimeoutError,
} from "viem";

import { RootMismatchError, StorageError, UploadCancelledError } from "@orm/protocol/storage/errors";
import { UnsafeArchiveError } from "./archive.ts";
import { BenchmarkError } from "./sandbox.ts";

/** HTTP statuses that say "not now" rather than "no": timeout, too early, rate limit, server and gateway errors. */
const TRANSIENT_HTTP_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/** JSON-RPC codes for an overloaded or momentarily unavailable node (EIP-1474), and the HTTP 429 some providers put there. */
const TRANSIENT_RPC_CODES = new Set([LimitExceededRpcError.code, ResourceUnavailableRpcError.code, 429]);

/** Node's and undici's codes for a connection that failed, dropped or timed out (a DNS lookup that may succeed next time too). */
const TRANSIENT_SYSTEM_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** One error of the chain: true or false when it decides, undefined to look at its cause. */
function classify(error: unknown): boolean | undefined {
  if (!(error instanceof Error)) return undefined;
  // The proposal's or this node's: another try would fail the same way.
  if (error instanceof RootMismatchError || error instanceof UploadCancelledError) return false;
  if (error instanceof UnsafeArchiveError || error instanceof BenchmarkError) return false;
  if (error instanceof ContractFunctionRevertedError || error instanceof ExecutionRevertedError) return false;
  // The relay: status 0 is "could not be reached".
  if (error instanceof StorageError) return error.status === 0 || TRANSIENT_HTTP_STATUSES.has(error.status);
  // The RPC's transport: no status means no answer at all.
  if (error instanceof HttpRequestError) return error.status === undefined || TRANSIENT_HTTP_STATUSES.has(error.status);
  if (error instanceof TimeoutError || error instanceof SocketClosedError || error instanceof WaitForTransactionReceiptTimeoutError) return true;
  if (error instanceof RpcRequestError) return TRANSIENT_RPC_CODES.has(error.code);
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && TRANSIENT_SYSTEM_CODES.has(code)) return true;
  if (typeof code === "number" && TRANSIENT_RPC_CODES.has(code)) return true;
  // fetch's own timeout (AbortSignal.timeout) and a body cut short.
  if (error.name === "TimeoutError") return true;
  return undefined;
}

/**
 * Whether a failure is the network's and worth another try. Walks the error and its causes (at
 * most eight deep); an error nobody recognises is not retried.
 */
export function isTransient(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    const verdict = classify(current);
    if (verdict !== undefined) return verdict;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
