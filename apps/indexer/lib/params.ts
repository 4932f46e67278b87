/**
 * Query-parameter parsing for the read API: every bad value becomes a `ParamError` whose message is
 * one sentence the API returns with a 400. Pure functions, shared by the API and its tests.
 */
import { getAddress, isAddress, type Address } from "viem";

import { proposalStatusNames } from "@orm/protocol/generated/constants";

export class ParamError extends Error {
  override name = "ParamError";
}

export const PROJECT_SORTS = ["trending", "newest", "marketCap", "improvement", "activity"] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];

export const CANDLE_INTERVALS = { "1m": 60, "1h": 3600, "1d": 86400 } as const;
export type CandleInterval = keyof typeof CANDLE_INTERVALS;

/** The ledger's status names, lower-cased, indexed by number (`?status=approved` or `?status=2`). */
export const STATUS_NAMES = proposalStatusNames.map((name) => name.toLowerCase());

const UINT = /^(0|[1-9][0-9]{0,77})$/;

/** A non-negative integer id (project, proposal) from a path or query parameter. */
export function parseId(value: string | undefined, what: string): bigint {
  if (value === undefined || !UINT.test(value)) throw new ParamError(`${what} must be a non-negative integer.`);
  return BigInt(value);
}

export function parseOptionalId(value: string | undefined, what: string): bigint | undefined {
  return value === undefined || value === "" ? undefined : parseId(value, what);
}

/** A non-negative integer amount (wei, tokens, seconds). */
export function parseOptionalUint(value: string | undefined, what: string): bigint | undefined {
  if (value === undefined || value === "") return undefined;
  if (!UINT.test(value)) throw new ParamError(`${what} must be a non-negative integer (in base units, without decimals).`);
  return BigInt(value);
}

export function parseAddress(value: string | undefined, what = "address"): Address {
  if (value === undefined || !isAddress(value, { strict: false })) {
    throw new ParamError(`${what} must be a 20-byte hex address (0x followed by 40 hex digits).`);
  }
  return getAddress(value);
}

export function parseOptionalAddress(value: string | undefined, what: string): Address | undefined {
  return value === undefined || value === "" ? undefined : parseAddress(value, what);
}

export function parseLimit(value: string | undefined, fallback: number, max: number, what = "limit"): number {
  if (value === undefined || value === "") return fallback;
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new ParamError(`${what} must be an integer from 1 to ${max}.`);
  }
  return Number(value);
}

export function parseBoolean(value: string | undefined, what: string): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw new ParamError(`${what} must be true or false.`);
}

export function parseSort(value: string | undefined): ProjectSort {
  if (value === undefined || value === "") return "trending";
  if (!(PROJECT_SORTS as readonly string[]).includes(value)) {
    throw new ParamError(`sort must be one of ${PROJECT_SORTS.join(", ")}.`);
  }
  return value as ProjectSort;
}

export function parseSearch(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const q = value.trim();
  if (q === "") return undefined;
  if (q.length > 100) throw new ParamError("q must be at most 100 characters.");
  return q;
}

/** `%q%` for ILIKE, with the pattern characters escaped. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function parseInterval(value: string | undefined): number {
  if (value === undefined || value === "") return CANDLE_INTERVALS["1h"];
  if (!(value in CANDLE_INTERVALS)) throw new ParamError("interval must be one of 1m, 1h, 1d.");
  return CANDLE_INTERVALS[value as CandleInterval];
}

/** A status by number (0..6) or name. */
export function parseStatus(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const byName = STATUS_NAMES.indexOf(value.toLowerCase());
  if (byName >= 0) return byName;
  if (/^[0-9]$/.test(value) && Number(value) < STATUS_NAMES.length) return Number(value);
  throw new ParamError(`status must be 0..${STATUS_NAMES.length - 1} or one of ${STATUS_NAMES.join(", ")}.`);
}

/** Cursors are opaque to clients: the sort key and id of the last row, base64url JSON. */
export function encodeCursor(parts: readonly (string | number | bigint)[]): string {
  return Buffer.from(JSON.stringify(parts.map(String))).toString("base64url");
}

export function decodeCursor(value: string | undefined, length: number): string[] | undefined {
  if (value === undefined || value === "") return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    throw new ParamError("cursor is not valid: pass back the nextCursor of a previous page unchanged.");
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== length ||
    !parts.every((p) => typeof p === "string" && /^-?[0-9.eE+-]{1,100}$/.test(p))
  ) {
    throw new ParamError("cursor is not valid: pass back the nextCursor of a previous page unchanged.");
  }
  return parts as string[];
}
