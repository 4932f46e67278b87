/**
 * The limits a trade is signed with, for `ProjectToken.buyExact(amount, maxCost, deadline)` and
 * `sellExact(amount, minRefund, deadline)`: slippage bounds on the quote, and a deadline. One rule for
 * the trade panel, the propose page's "buy the missing stake", the CLI and the seed.
 */

/** Basis points in one whole (100% = 10,000 bps). */
export const BPS = 10_000n;

/** The slippage tolerance a trade starts with: 1%. */
export const DEFAULT_SLIPPAGE_BPS = 100n;

/** How long a signed trade or permit stays valid: 10 minutes. */
export const DEADLINE_WINDOW_SECONDS = 600n;

/**
 * The most a buy may cost before the contract refuses it: `ceil(cost × (1 + s))`.
 * @example maxCostWithSlippage(1_000n, 100n) // 1_010n
 */
export function maxCostWithSlippage(cost: bigint, slippageBps: bigint = DEFAULT_SLIPPAGE_BPS): bigint {
  return (cost * (BPS + slippageBps) + BPS - 1n) / BPS;
}

/**
 * The least a sale may pay before the contract refuses it: `floor(refund × (1 − s))`.
 * @example minRefundWithSlippage(1_000n, 100n) // 990n
 */
export function minRefundWithSlippage(refund: bigint, slippageBps: bigint = DEFAULT_SLIPPAGE_BPS): bigint {
  if (slippageBps >= BPS) return 0n;
  return (refund * (BPS - slippageBps)) / BPS;
}

/**
 * The deadline a trade (or a permit) is signed with, in Unix seconds: the later of the wall clock and
 * the latest block's timestamp, plus the window. It must be computed when the user signs — a deadline
 * derived from `block.timestamp` on-chain would always be in the future and protect nothing. A local
 * or test chain's clock can run ahead of the wall clock (time-travelled blocks), so the wall clock
 * alone could give a deadline already passed on that chain; the block's timestamp alone would trust
 * a stale block. The later of the two covers both.
 */
export function deadlineOf(nowSeconds: bigint, latestBlockTimestamp: bigint | undefined, windowSeconds: bigint = DEADLINE_WINDOW_SECONDS): bigint {
  const base = latestBlockTimestamp !== undefined && latestBlockTimestamp > nowSeconds ? latestBlockTimestamp : nowSeconds;
  return base + windowSeconds;
}
