/**
 * Format and parse helpers for what the app shows: ether amounts, project-token amounts (tokens have
 * 0 decimals), scores in a project's fixed-point metric scale, addresses, hashes and relative times.
 * Pure functions, no React, safe on the server and in the browser.
 */
import { formatUnits, parseUnits, type Address, type Hex } from "viem";

/**
 * "-1234567" → "-1,234,567": en-US thousands grouping of an integer's digits. Not `Intl.NumberFormat`:
 * a page's first one loads locale data, 30-70 ms of main thread in Chromium here, which was more than
 * the rest of a project page's hydration; the grouping never varies, so a regex does it.
 */
function groupThousands(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

// Built on first use, not at import, for the same reason (relative times are rarer).
let relativeFormatter: Intl.RelativeTimeFormat | undefined;
const relative = () => (relativeFormatter ??= new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "long" }));

/** Groups the integer part of a decimal string ("1234567.5" → "1,234,567.5"). */
function groupDigits(decimal: string): string {
  const negative = decimal.startsWith("-");
  const [whole = "0", fraction] = (negative ? decimal.slice(1) : decimal).split(".");
  const grouped = groupThousands(BigInt(whole).toString());
  return `${negative ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}

/** Cuts a decimal string to `maxDecimals` fraction digits (rounding down) and drops trailing zeros. */
function trimDecimals(decimal: string, maxDecimals: number): string {
  const [whole, fraction = ""] = decimal.split(".");
  const cut = fraction.slice(0, maxDecimals).replace(/0+$/, "");
  return cut ? `${whole}.${cut}` : whole!;
}

export type FormatEthOptions = {
  /** Fraction digits shown at most (default 4); smaller non-zero amounts read "< 0.0001". */
  maxDecimals?: number;
  /** The currency symbol (default "ETH"; the 0G chains' native currency is "0G"). */
  symbol?: string | null;
};

/**
 * An amount in wei as ether: `formatEth(1_234_500_000_000_000_000n)` → "1.2345 ETH".
 * @example formatEth(1n) // "< 0.0001 ETH"
 */
export function formatEth(wei: bigint, { maxDecimals = 4, symbol = "ETH" }: FormatEthOptions = {}): string {
  const suffix = symbol ? ` ${symbol}` : "";
  if (wei === 0n) return `0${suffix}`;
  const negative = wei < 0n;
  const absolute = negative ? -wei : wei;
  let text = trimDecimals(formatUnits(absolute, 18), maxDecimals);
  if (text === "0") return `${negative ? "> -" : "< "}0.${"0".repeat(Math.max(0, maxDecimals - 1))}1${suffix}`;
  text = groupDigits(text);
  return `${negative ? "-" : ""}${text}${suffix}`;
}

/** Parses what a user typed as ether ("0.5", "1,000") into wei; `undefined` when it is not a number. */
export function parseEth(text: string): bigint | undefined {
  const cleaned = text.replace(/[,_\s]/g, "");
  if (!/^\d*\.?\d*$/.test(cleaned) || cleaned === "" || cleaned === ".") return undefined;
  try {
    return parseUnits(cleaned, 18);
  } catch {
    return undefined;
  }
}

/** A project-token amount (0 decimals): `formatTokenAmount(1234n, "CMPR")` → "1,234 CMPR". */
export function formatTokenAmount(amount: bigint, symbol?: string): string {
  const text = groupThousands(amount.toString());
  return symbol ? `${text} ${symbol}` : text;
}

/** Parses a whole number of tokens ("1,000" → 1000n); `undefined` for anything else. */
export function parseTokenAmount(text: string): bigint | undefined {
  const cleaned = text.replace(/[,_\s]/g, "");
  return /^\d+$/.test(cleaned) ? BigInt(cleaned) : undefined;
}

/**
 * A score in a project's fixed-point metric scale: `formatScore(1_500_000n, 1_000_000n)` → "1.5".
 * `maxDecimals` defaults to the scale's own digits (6 for 1e6).
 */
export function formatScore(score: bigint, metricScale: bigint, { maxDecimals }: { maxDecimals?: number } = {}): string {
  if (metricScale <= 0n) throw new RangeError("A metric scale must be positive.");
  const negative = score < 0n;
  const absolute = negative ? -score : score;
  const whole = absolute / metricScale;
  const remainder = absolute % metricScale;
  const scaleDigits = metricScale.toString().length - 1;
  const digits = maxDecimals ?? scaleDigits;
  let text = whole.toString();
  if (remainder !== 0n && digits > 0) {
    // fraction of the scale, as decimal digits (works for scales that are not powers of ten too)
    const precision = 10n ** BigInt(digits);
    const fraction = ((remainder * precision) / metricScale).toString().padStart(digits, "0").replace(/0+$/, "");
    if (fraction) text += `.${fraction}`;
  }
  return `${negative && text !== "0" ? "-" : ""}${groupDigits(text)}`;
}

/**
 * An improvement as a positive amount in the metric's better direction: "0.128 nats lower" for a
 * lower-is-better metric, "0.5 x higher" otherwise. A signed number ("−0.128") reads as a loss on a
 * lower-is-better metric, so the sign becomes a word. `improvement` is signed in the better direction,
 * as `ProjectRegistry.improvementOf` gives it (negative: worse, and the word flips).
 * @example formatImprovement(128_000n, 1_000_000n, { lowerIsBetter: true, unit: "nats" }) // "0.128 nats lower"
 */
export function formatImprovement(
  improvement: bigint,
  metricScale: bigint,
  { lowerIsBetter, unit, maxDecimals }: { lowerIsBetter: boolean; unit?: string; maxDecimals?: number },
): string {
  const unitText = unit?.trim() ? ` ${unit.trim()}` : "";
  if (improvement === 0n) return `no change${unitText ? ` (0${unitText})` : ""}`;
  let amount = formatScore(improvement < 0n ? -improvement : improvement, metricScale, { maxDecimals });
  // Rounded away at `maxDecimals`: still a change, so say it is below the smallest step shown.
  if (amount === "0") amount = `< ${maxDecimals ? `0.${"0".repeat(maxDecimals - 1)}1` : "1"}`;
  const lower = improvement > 0n ? lowerIsBetter : !lowerIsBetter;
  return `${amount}${unitText} ${lower ? "lower" : "higher"}`;
}

/** Parses a score typed in metric units ("1.5") into the project's fixed-point scale. */
export function parseScore(text: string, metricScale: bigint): bigint | undefined {
  const cleaned = text.replace(/[,_\s]/g, "");
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (!match[2] && !match[3])) return undefined;
  const [, sign, whole = "", fraction = ""] = match;
  const precision = 10n ** BigInt(fraction.length);
  const numerator = BigInt(whole || "0") * precision + BigInt(fraction || "0");
  if ((numerator * metricScale) % precision !== 0n) return undefined; // finer than the scale
  const value = (numerator * metricScale) / precision;
  return sign ? -value : value;
}

/** "0xf39F…2266": the first 4 and last 4 hex digits of an address. */
export function shortenAddress(address: Address | string, chars = 4): string {
  if (address.length <= 2 + chars * 2 + 1) return address;
  return `${address.slice(0, 2 + chars)}…${address.slice(-chars)}`;
}

/** "0x3c0a24…ca5a": a hash or root shortened for display. */
export function shortenHash(hash: Hex | string, chars = 6): string {
  return shortenAddress(hash, chars);
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.348],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** Seconds since the epoch from a Date, a bigint or a number of seconds. */
function toSeconds(time: Date | bigint | number): number {
  if (time instanceof Date) return time.getTime() / 1000;
  return Number(time);
}

/**
 * "3 minutes ago", "in 2 days", "now": `time` and `now` are Dates or Unix seconds (on-chain times are
 * seconds; `now` defaults to the clock).
 */
export function formatRelativeTime(time: Date | bigint | number, now: Date | bigint | number = new Date()): string {
  let delta = toSeconds(time) - toSeconds(now);
  if (Math.abs(delta) < 10) return "now";
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(delta) < size) return relative().format(Math.round(delta), unit);
    delta /= size;
  }
  return relative().format(Math.round(delta), "year");
}

/** A length of time in seconds, rounded to one unit ("10 minutes", "48 hours", "7 days"). */
export function formatDuration(seconds: bigint | number): string {
  const minutes = Number(seconds) / 60;
  if (minutes < 120) return `${Math.round(minutes)} minute${Math.round(minutes) === 1 ? "" : "s"}`;
  const hours = minutes / 60;
  return hours < 72 ? `${Math.round(hours)} hours` : `${Math.round(hours / 24)} days`;
}

/** A Unix time in seconds as a readable UTC date and time ("2026-11-23 13:46 UTC"). */
export function formatTimestamp(seconds: bigint | number): string {
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A benchmark plan's relative tolerance (0..1) as a percentage with up to two decimals ("2.5%"). */
export function formatTolerance(tolerance: number): string {
  return `${(tolerance * 100).toLocaleString("en-US", { maximumFractionDigits: 2 })}%`;
}

/** A ratio in basis points as a percentage ("2.5%"). */
export function formatBps(bps: number | bigint): string {
  return `${trimDecimals((Number(bps) / 100).toFixed(2), 2)}%`;
}

/**
 * A project's one name, everywhere a person reads it: its protocol's title, which the creator wrote
 * to say what the research is; the token's name (set on-chain at creation, and what wallets show)
 * only while the title is not known (no relay, or an artifact that does not name one). Screens show
 * the token's name and symbol beside it, never instead of it.
 */
export function projectNameOf(project: { title?: string | null; name: string }): string {
  return project.title || project.name;
}
