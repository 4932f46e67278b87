/**
 * The bonding curve's integer math for the app (the curve chart, the wizard's cost of the first N
 * tokens, the backing-ratio meter). It lives once, in the indexer's mirror of
 * `contracts/libraries/BondingCurve.sol`; this module only re-exports it. What a user signs against
 * (quotes) is always read from the contract.
 */
export { backingRatioOf, costBetween, improvementOf, improvementRatioOf, priceAt, spotPriceOf } from "../../indexer/lib/curve.ts";
