/**
 * The token's pricing, mirrored from `contracts/libraries/BondingCurve.sol` and `ProjectToken.sol`,
 * for the one number no event carries: the spot price after a reward mint or a ledger burn (both
 * change the supply, and so the backing ratio, without a trade).
 */

/**
 * Twice the raw cost of going from supply `from` to `to`: `2*basePrice*n + slope*n*(from + to)`.
 * Exact and additive; the token prices every trade by ratios of it (see `BondingCurve.doubledCost`).
 */
export function doubledCostBetween(basePrice: bigint, slope: bigint, from: bigint, to: bigint): bigint {
  const n = to - from;
  if (n <= 0n) return 0n;
  return 2n * basePrice * n + slope * n * (from + to);
}

/**
 * `ProjectToken.costBetween`: the integral of the linear price, `basePrice*n + slope*n*(2a + n)/2`
 * rounded down (the reference's formula, which its clients compute and compare with the chain).
 */
export function costBetween(basePrice: bigint, slope: bigint, from: bigint, to: bigint): bigint {
  return doubledCostBetween(basePrice, slope, from, to) / 2n;
}

/** What buying `amount` tokens from zero supply costs (`ProjectRegistry.quoteFirstBuy`): rounded up. */
export function costFromZero(basePrice: bigint, slope: bigint, amount: bigint): bigint {
  return (doubledCostBetween(basePrice, slope, 0n, amount) + 1n) / 2n;
}

/** Raw curve price at supply `supply` (the marginal price of the next token). */
export function priceAt(basePrice: bigint, slope: bigint, supply: bigint): bigint {
  return basePrice + slope * supply;
}

/**
 * `ProjectToken.spotPrice()`: the raw price scaled by `reserve / costBetween(0, supply)`, rounded up.
 * The token prices at its pricing supply (`pricingSupply()`: totalSupply plus what is not yet
 * released of a ledger burn, which reaches the curve linearly over 24 h). Given `totalSupply`, this
 * is the value once every burn is released; during a release the chain's price is lower and rises
 * without events (read `spotPrice()` from the chain for the live value).
 */
export function spotPriceOf(basePrice: bigint, slope: bigint, supply: bigint, reserve: bigint): bigint {
  const price = priceAt(basePrice, slope, supply);
  if (supply === 0n) return price;
  const doubled = doubledCostBetween(basePrice, slope, 0n, supply);
  return (reserve * 2n * price + doubled - 1n) / doubled;
}

/** `ProjectToken.backingRatio()` in 1e18 units (1e18 at no supply); `supply` as in {@link spotPriceOf}. */
export function backingRatioOf(basePrice: bigint, slope: bigint, supply: bigint, reserve: bigint): bigint {
  if (supply === 0n) return 10n ** 18n;
  return (reserve * 2n * 10n ** 18n) / doubledCostBetween(basePrice, slope, 0n, supply);
}

export type CurveState = { basePrice: bigint; slope: bigint; /** `pricingSupply()` */ supply: bigint; reserve: bigint };

export type MintEffect = {
  spotBefore: bigint;
  spotAfter: bigint;
  /** Reserve coverage (`backingRatio`, 1e18 = fully covered) before and after. */
  coverageBefore: bigint;
  coverageAfter: bigint;
};

/**
 * Where minting `minted` tokens (a miner's reward: supply grows, the reserve does not) moves the spot
 * price and the reserve coverage, for a creator or a miner to see before anyone signs.
 * @example mintEffectOf({ basePrice: 10n ** 15n, slope: 10n ** 12n, supply: 100n, reserve: 105n * 10n ** 15n }, 100n)
 */
export function mintEffectOf({ basePrice, slope, supply, reserve }: CurveState, minted: bigint): MintEffect {
  return {
    spotBefore: spotPriceOf(basePrice, slope, supply, reserve),
    spotAfter: spotPriceOf(basePrice, slope, supply + minted, reserve),
    coverageBefore: backingRatioOf(basePrice, slope, supply, reserve),
    coverageAfter: backingRatioOf(basePrice, slope, supply + minted, reserve),
  };
}

/** How far `score` is past `reference` in the project's direction (0 when it is not past it). */
export function improvementOf(reference: bigint, score: bigint, lowerIsBetter: boolean): bigint {
  const delta = lowerIsBetter ? reference - score : score - reference;
  return delta > 0n ? delta : 0n;
}

/** An improvement comparable across projects: over |baseline|, or over the metric scale for a zero baseline. */
export function improvementRatioOf(improvement: bigint, baseline: bigint, metricScale: bigint): number {
  const denominator = baseline === 0n ? metricScale : baseline < 0n ? -baseline : baseline;
  if (denominator === 0n) return 0;
  // Six significant decimals are plenty for a sort key.
  return Number((improvement * 1_000_000n) / denominator) / 1_000_000;
}
