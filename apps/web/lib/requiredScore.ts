/**
 * The score a claim (or a verified score) must reach, in words: what the propose form says under a
 * claim short of the best and what the verdict form says under a measurement short of the minimum.
 * The number is `requiredScoreOf` in `@orm/protocol/ledger`. Pure.
 */
import { formatScore } from "@orm/protocol/format";
import { requiredScoreOf, type ScoreTerms } from "@orm/protocol/ledger";

/**
 * The sentence that stops a claim short of the best: "Needs at least 2.85 x (best 2.8 + minimum 0.05)".
 * Lower-is-better projects read "Needs at most 3.2 loss (best 3.25 − minimum 0.05)".
 */
export function describeRequiredScore(terms: ScoreTerms & { metricScale: bigint; unit?: string }): string {
  const { best, minImprovement, lowerIsBetter, metricScale, unit } = terms;
  const score = (value: bigint) => formatScore(value, metricScale);
  const needed = `${score(requiredScoreOf(terms))}${unit ? ` ${unit}` : ""}`;
  const minimum = minImprovement > 0n ? score(minImprovement) : `${score(1n)}, the smallest step`;
  return lowerIsBetter
    ? `Needs at most ${needed} (best ${score(best)} − minimum ${minimum})`
    : `Needs at least ${needed} (best ${score(best)} + minimum ${minimum})`;
}
