/**
 * Parsers for the publish wizard's inputs that `@orm/protocol/format` does not cover (ether, token amounts
 * and scores are parsed there). Each returns `undefined` for anything it does not accept.
 */
import { MAX_METRIC_SCALE, MAX_REWARD_BPS } from "./limits.ts";

/** A list section typed one entry per line: trimmed, blank lines dropped. */
export function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** A metric scale: a whole number from 1 to 2^64-1 that is also a safe JavaScript number (the protocol JSON holds it). */
export function parseMetricScale(text: string): bigint | undefined {
  const cleaned = text.trim();
  if (!/^\d+$/.test(cleaned)) return undefined;
  const value = BigInt(cleaned);
  if (value < 1n || value > MAX_METRIC_SCALE || value > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return value;
}

/** A percentage with at most two decimals ("12.5") as basis points (1250), in 1..10000. */
export function parsePercentBps(text: string): number | undefined {
  const match = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return bps >= 1 && bps <= MAX_REWARD_BPS ? bps : undefined;
}

/** A relative tolerance typed as a percentage ("2.5") as the protocol's fraction of 1 (0.025). */
export function percentToFraction(text: string): number {
  return Math.round(Number(text.trim()) * 1e6) / 1e8;
}
