/**
 * What the reward schedule typed in the publish wizard would do to the market right after creation,
 * shown before the creator signs: for two example approvals, the tokens the schedule mints and
 * where that moves the spot price and the reserve coverage. A reward is minted, not bought, so a
 * large share over a small market dilutes every holder at once; the preview warns when one approval
 * would drop the coverage below 80% or the price by more than 20%.
 *
 * Right after creation the market is the creator's first buy (supply = the amount, reserve = its
 * exact cost). Without one, the first holder is the first miner, who must buy at least the minimum
 * stake to propose; the preview assumes that much. The first approval starts from the baseline
 * (progress 0). All the math is `@orm/protocol`'s; this module only picks the examples.
 */
import { costFromZero, mintEffectOf, type MintEffect } from "@orm/protocol/curve";
import { formatBps, formatEth, formatImprovement, formatTokenAmount, parseScore, parseTokenAmount } from "@orm/protocol/format";
import { paidByProgress, quoteNewProposalReward } from "@orm/protocol/ledger";

import { curveTermsOf, firstBuyAmountOf, impactTargetOf } from "./build.ts";
import { MAX_BASE_PRICE, MAX_SLOPE, MAX_SUPPLY } from "./limits.ts";
import { parseMetricScale, parsePercentBps } from "./parse.ts";
import type { CreateFormValues } from "./schema.ts";

/** Coverage (1e18 = 100%) below which one approval earns a warning. */
export const COVERAGE_WARNING_FLOOR = 8n * 10n ** 17n;
/** A fall of the spot price (basis points of the price before) beyond which one approval earns a warning. */
export const PRICE_DROP_WARNING_BPS = 2_000n;

export type ApprovalExample = {
  kind: "minimum" | "quarter";
  /** Fixed point, in the project's better direction. */
  improvement: bigint;
  minted: bigint;
  effect: MintEffect;
  /** How far the spot price falls, in basis points of the price before (0 when it does not fall). */
  priceDropBps: bigint;
  /** Drops the coverage below `COVERAGE_WARNING_FLOOR` or the price by more than `PRICE_DROP_WARNING_BPS`. */
  harmful: boolean;
};

export type RewardPreview = {
  /** The market right after creation: the first buy, or (none) the first miner's minimum stake. */
  market: { source: "firstBuy" | "minStake"; supply: bigint; reserve: bigint };
  /** Tokens the schedule mints in all, by the target. */
  share: bigint;
  /** Fixed point. */
  target: bigint;
  metricScale: bigint;
  /** A first approval of the minimum improvement, then one of a quarter of the target. */
  examples: [ApprovalExample, ApprovalExample];
  /** The first harmful example, if any. */
  warning?: ApprovalExample;
};

/** The preview of the typed schedule, or `undefined` while a number it needs does not parse. */
export function previewRewardSchedule(values: CreateFormValues): RewardPreview | undefined {
  const metricScale = parseMetricScale(values.scale);
  const curve = curveTermsOf(values);
  const rewardBps = parsePercentBps(values.rewardPercent);
  const impactTarget = impactTargetOf(values);
  const minerPoolCap = parseTokenAmount(values.minerPoolCap);
  const firstBuy = firstBuyAmountOf(values);
  const minStake = parseTokenAmount(values.minStake);
  const minimum = metricScale === undefined ? undefined : parseScore(values.minimumImprovement.trim() || "0", metricScale);
  if (
    metricScale === undefined || curve === undefined || rewardBps === undefined || impactTarget === undefined || impactTarget <= 0n ||
    minerPoolCap === undefined || firstBuy === undefined || minStake === undefined || minimum === undefined || minimum < 0n
  ) return undefined;
  if (curve.basePrice === 0n || curve.basePrice > MAX_BASE_PRICE || curve.slope > MAX_SLOPE || minerPoolCap >= MAX_SUPPLY) return undefined;

  const source = firstBuy > 0n ? "firstBuy" : "minStake";
  const supply = firstBuy > 0n ? firstBuy : minStake;
  if (supply + minerPoolCap > MAX_SUPPLY) return undefined;
  const market = { source, supply, reserve: costFromZero(curve.basePrice, curve.slope, supply) } as const;
  const schedule = { rewardBps, impactTarget, minerPoolCap };

  const example = (kind: ApprovalExample["kind"], improvement: bigint): ApprovalExample => {
    const minted = quoteNewProposalReward({ ...schedule, progressBefore: 0n, improvement });
    const effect = mintEffectOf({ ...curve, supply: market.supply, reserve: market.reserve }, minted);
    const priceDropBps = effect.spotAfter >= effect.spotBefore ? 0n : ((effect.spotBefore - effect.spotAfter) * 10_000n) / effect.spotBefore;
    return { kind, improvement, minted, effect, priceDropBps, harmful: effect.coverageAfter < COVERAGE_WARNING_FLOOR || priceDropBps > PRICE_DROP_WARNING_BPS };
  };
  // with no minimum, any strict improvement counts: one step of the scale
  const smallest = minimum > 0n ? minimum : 1n;
  const quarter = impactTarget / 4n > smallest ? impactTarget / 4n : smallest;
  const examples: RewardPreview["examples"] = [example("minimum", smallest), example("quarter", quarter)];
  return { market, share: paidByProgress(schedule, impactTarget), target: impactTarget, metricScale, examples, warning: examples.find((entry) => entry.harmful) };
}

/** A coverage (1e18 = 100%) as a percentage ("39.06%"). */
export function formatCoverage(coverage: bigint): string {
  return formatBps(coverage / 10n ** 14n);
}

export type DescribeRewardPreviewParameters = {
  nativeSymbol: string;
  /** The token's symbol as typed ("tokens" while empty). */
  tokenSymbol: string;
  lowerIsBetter: boolean;
  unit: string;
};

export type RewardPreviewText = {
  /** The market the preview starts from and what a first approval of the minimum would do. */
  sentence: string;
  /** Present when one of the examples is harmful: what it does, and what to change. */
  warning?: string;
};

export const EXAMPLE_LABELS: Record<ApprovalExample["kind"], string> = {
  minimum: "The minimum improvement",
  quarter: "A quarter of the target",
};

/** The preview in words, as the token and review steps show it. */
export function describeRewardPreview(preview: RewardPreview, { nativeSymbol, tokenSymbol, lowerIsBetter, unit }: DescribeRewardPreviewParameters): RewardPreviewText {
  const symbol = tokenSymbol.trim() || "tokens";
  const eth = (wei: bigint) => formatEth(wei, { maxDecimals: 8, symbol: nativeSymbol });
  const tokens = (amount: bigint) => `${formatTokenAmount(amount)} ${symbol}`;
  const { market } = preview;
  const [first] = preview.examples;
  const start =
    market.source === "firstBuy"
      ? `Right after creation the market is your first buy: ${tokens(market.supply)} backed by ${eth(market.reserve)}.`
      : `With no first buy, the first holder is the first miner, buying at least the minimum stake: ${tokens(market.supply)} backed by ${eth(market.reserve)}.`;
  const sentence =
    `${start} A first approval of the minimum improvement (${formatImprovement(first.improvement, preview.metricScale, { lowerIsBetter, unit })}) would mint ${tokens(first.minted)}, ` +
    `moving the price from ${eth(first.effect.spotBefore)} to ${eth(first.effect.spotAfter)} and the reserve coverage from ${formatCoverage(first.effect.coverageBefore)} to ${formatCoverage(first.effect.coverageAfter)}.`;
  const harmful = preview.warning;
  if (!harmful) return { sentence };
  const what = harmful.kind === "minimum" ? "the minimum improvement" : "a quarter of the target";
  const warning =
    `One approval of ${what} would mint ${tokens(harmful.minted)} and drop the reserve coverage to ${formatCoverage(harmful.effect.coverageAfter)} ` +
    `and the price by ${formatBps(harmful.priceDropBps)}: every holder loses that at once. Buy more at creation (a larger first buy) or pay a smaller share of the pool.`;
  return { sentence, warning };
}
