/**
 * The trade panel's and the portfolio's arithmetic, in exact integers: parsing what a user typed
 * (whole tokens, a slippage percentage), price impact, the most a wallet can buy,
 * why a trade cannot be sent, and the cost basis of tokens held. Pure functions, no React; the
 * quotes themselves always come from the contract, and the limits a trade is signed with (slippage,
 * deadline) from `@orm/protocol/slippage`.
 */
import { bondingCurveConstants } from "@orm/protocol/generated/constants";
import { formatEth, formatTokenAmount } from "@orm/protocol/format";
import { BPS, DEFAULT_SLIPPAGE_BPS } from "@orm/protocol/slippage";

export type TradeSide = "buy" | "sell";

/** The slippage tolerance a new panel starts with (`DEFAULT_SLIPPAGE_BPS`, 1%), as its field shows it (percent). */
export const DEFAULT_SLIPPAGE_TEXT = String(Number(DEFAULT_SLIPPAGE_BPS) / 100);

/** Highest slippage tolerance accepted (50%): beyond it a limit protects nothing. */
export const MAX_SLIPPAGE_BPS = 5_000n;

/**
 * Ether kept back for gas when the panel offers "Max" on a buy, and required to be left over when a
 * buy is checked against the wallet's balance (0.01 ETH: generous for one trade on any chain we run).
 */
export const GAS_MARGIN_WEI = 10_000_000_000_000_000n;

/** The most tokens a curve can ever hold (`BondingCurve.MAX_SUPPLY`, 2^48 − 1). */
export const MAX_TOKEN_SUPPLY = bondingCurveConstants.MAX_SUPPLY;

export type ParseResult<value> = { ok: true; value: value } | { ok: false; reason: string };

/**
 * Parses a number of tokens typed by the user. Tokens have no decimals, so anything but a whole
 * number above zero is refused with a sentence; thousands separators ("1,000") are accepted, and a
 * number written in scientific notation ("1e30") is read for what it is, so that the reason given
 * is its size rather than its spelling.
 * @example parseTokenInput("1,000") // { ok: true, value: 1000n }
 */
export function parseTokenInput(text: string): ParseResult<bigint> {
  const cleaned = text.trim().replace(/[,_\s]/g, "");
  if (cleaned === "") return { ok: false, reason: "Enter a number of tokens." };
  if (cleaned.startsWith("-")) return { ok: false, reason: "Enter a positive number of tokens." };
  const scientific = /^(\d+)(?:\.(\d+))?e\+?(\d{1,4})$/i.exec(cleaned);
  if (scientific) {
    const [, whole = "", fraction = "", exponentText = "0"] = scientific;
    const exponent = Number(exponentText);
    const digits = `${whole}${fraction}`;
    const shift = exponent - fraction.length;
    if (shift < 0 && !/^0*$/.test(digits.slice(digits.length + shift))) {
      return { ok: false, reason: "Tokens are whole: enter a whole number, like 5." };
    }
    const value = shift >= 0 ? BigInt(digits) * 10n ** BigInt(shift) : BigInt(digits.slice(0, digits.length + shift) || "0");
    return checkPositiveWhole(value);
  }
  if (/^\d*\.\d*$/.test(cleaned) && cleaned !== ".") {
    const [whole = "", fraction = ""] = cleaned.split(".");
    if (/^0*$/.test(fraction) && whole !== "") return checkPositiveWhole(BigInt(whole));
    return { ok: false, reason: "Tokens are whole: enter a whole number, like 5." };
  }
  if (!/^\d+$/.test(cleaned)) return { ok: false, reason: "Enter a whole number of tokens, like 5." };
  return checkPositiveWhole(BigInt(cleaned));
}

function checkPositiveWhole(value: bigint): ParseResult<bigint> {
  if (value === 0n) return { ok: false, reason: "Enter an amount greater than zero." };
  if (value > MAX_TOKEN_SUPPLY) {
    return { ok: false, reason: "That is more tokens than a project's curve can ever hold." };
  }
  return { ok: true, value };
}

/**
 * Parses a slippage tolerance typed in percent ("1", "0.5", "0") into basis points; at most two
 * decimals (0.01% is one basis point) and at most 50%.
 * @example parseSlippageInput("0.5") // { ok: true, value: 50n }
 */
export function parseSlippageInput(text: string): ParseResult<bigint> {
  const cleaned = text.trim().replace(/%$/, "").trim();
  const match = /^(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || cleaned === "" || cleaned === ".") {
    return { ok: false, reason: "Enter the slippage tolerance in percent, like 1 or 0.5." };
  }
  const [, whole = "", fraction = ""] = match;
  if (fraction.length > 2 && !/^0*$/.test(fraction.slice(2))) {
    return { ok: false, reason: "The slippage tolerance goes in steps of 0.01%." };
  }
  const bps = BigInt(whole || "0") * 100n + BigInt((fraction.slice(0, 2) || "0").padEnd(2, "0"));
  if (bps > MAX_SLIPPAGE_BPS) return { ok: false, reason: "A slippage tolerance above 50% protects nothing; enter at most 50." };
  return { ok: true, value: bps };
}

/**
 * What the field should warn about an accepted tolerance, if anything. Zero is allowed (a trader may
 * insist on the quote exactly), but the limit then equals the quote, so any trade mined before this
 * one makes the contract refuse it: the trader should know before signing, not from a failed toast.
 */
export function slippageWarningOf(bps: bigint): string | undefined {
  return bps === 0n ? "At 0%, any price movement before your trade is mined makes it fail." : undefined;
}

/**
 * Price impact of a trade in parts per million: how far the average price (`total / amount`) is
 * from the current spot price, against the trader (positive when the buy pays more, or the sale
 * gets less, per token than the spot price).
 */
export function priceImpactPpm({ side, amount, total, spotPrice }: { side: TradeSide; amount: bigint; total: bigint; spotPrice: bigint }): bigint {
  const atSpot = spotPrice * amount;
  if (amount <= 0n || atSpot === 0n) return 0n;
  const difference = side === "buy" ? total - atSpot : atSpot - total;
  return (difference * 1_000_000n) / atSpot;
}

/**
 * Beyond this impact (1,000%, in parts per million) the panel shows "> 1,000%": a buy far up a steep
 * curve can legitimately cost thousands of times the spot price, and "23809523.57%" says no more
 * than that while reading like a fault.
 */
export const MAX_SHOWN_IMPACT_PPM = 10_000_000n;

/** Parts per million as a percentage with two decimals ("0.35%", "-0.01%"), "> 1,000%" beyond `MAX_SHOWN_IMPACT_PPM`. */
export function formatPpmPercent(ppm: bigint): string {
  if (ppm > MAX_SHOWN_IMPACT_PPM) return `> ${formatTokenAmount(MAX_SHOWN_IMPACT_PPM / 10_000n)}%`;
  const negative = ppm < 0n;
  const hundredths = ((negative ? -ppm : ppm) + 50n) / 100n; // round half up to 0.01%
  const text = `${formatTokenAmount(hundredths / 100n)}.${(hundredths % 100n).toString().padStart(2, "0")}%`;
  return negative && hundredths > 0n ? `-${text}` : text;
}

/** The average price per token of a trade (wei, rounded down); 0 for no tokens. */
export function averagePrice(total: bigint, amount: bigint): bigint {
  return amount > 0n ? total / amount : 0n;
}

/**
 * The ether a "Max" buy may spend on tokens: the balance less the gas margin, shrunk so that the
 * slippage limit sent with the buy (`maxCostWithSlippage`) still fits in what is left.
 */
export function spendableForBuy(ethBalance: bigint, slippageBps: bigint, gasMargin = GAS_MARGIN_WEI): bigint {
  const available = ethBalance - gasMargin;
  if (available <= 0n) return 0n;
  return (available * BPS) / (BPS + slippageBps);
}

export type TradeCheck = {
  side: TradeSide;
  amount: bigint;
  /** The account's token balance (sell), when known. */
  tokenBalance?: bigint;
  /** `maxBuyable()` of the token (buy), when known. */
  maxBuyable?: bigint;
  /** `totalSupply()` of the token (sell), when known. */
  totalSupply?: bigint;
  /** The account's ether balance (buy), when known. */
  ethBalance?: bigint;
  /** The ether the buy sends: `maxCostWithSlippage(quote)` (buy), when known. */
  maxCost?: bigint;
  gasMargin?: bigint;
  /** The chain's currency symbol ("ETH", "0G"). */
  nativeSymbol?: string;
};

/**
 * Why a parsed trade cannot be sent, as a sentence; `undefined` when nothing known stands in the
 * way. Limits not known yet (no wallet, reads in flight) are not held against the trade.
 */
export function getTradeBlocker({
  side,
  amount,
  tokenBalance,
  maxBuyable,
  totalSupply,
  ethBalance,
  maxCost,
  gasMargin = GAS_MARGIN_WEI,
  nativeSymbol = "ETH",
}: TradeCheck): string | undefined {
  if (side === "buy") {
    // The curve's storage cap is named where it stops a trade, and nowhere a buyer only reads (the project header).
    if (maxBuyable !== undefined && amount > maxBuyable) {
      return maxBuyable === 0n
        ? `The curve has no tokens left to sell: a project's supply is capped at ${formatTokenAmount(MAX_TOKEN_SUPPLY)} tokens, miners' rewards included.`
        : `That is more tokens than the curve has left to sell (at most ${formatTokenAmount(maxBuyable)}): a project's supply is capped at ${formatTokenAmount(MAX_TOKEN_SUPPLY)} tokens, miners' rewards included.`;
    }
    if (ethBalance !== undefined && maxCost !== undefined && maxCost + gasMargin > ethBalance) {
      const native = (wei: bigint) => formatEth(wei, { symbol: nativeSymbol });
      return `Your wallet does not hold enough ${nativeSymbol} for that many tokens: with your slippage limit they can cost up to ${native(maxCost)}, plus gas, and you hold ${native(ethBalance)}.`;
    }
    return undefined;
  }
  if (tokenBalance !== undefined && amount > tokenBalance) {
    return tokenBalance === 0n ? "You hold none of these tokens to sell." : `You hold ${formatTokenAmount(tokenBalance)} tokens; you cannot sell more than that.`;
  }
  if (totalSupply !== undefined && amount > totalSupply) return "That is more tokens than exist.";
  return undefined;
}

// ------------------------------------------------------------------ cost basis

export type CostBasisTrade = {
  isBuy: boolean;
  amount: bigint;
  /** Ether paid (buy) or received (sell), in wei. */
  value: bigint;
};

export type CostBasis = {
  /** Tokens bought and not sold since, by the account's own trades. */
  tokens: bigint;
  /** What those tokens cost, in wei (average cost). */
  cost: bigint;
  /** Ether gained (or lost, negative) on the tokens sold, against their average cost. */
  realised: bigint;
};

/**
 * Cost basis by the average-cost method: walking the account's trades oldest first, a buy adds its
 * tokens and the ether paid; a sale takes tokens out at the running average cost (the cost falls in
 * proportion, rounded so no wei is lost), and its gain over that cost is realised. Tokens sold that
 * were not bought (received as miner rewards, say) carry no cost. Average cost rather than FIFO: on
 * a bonding curve every buy moves the price, so which lot a sale "came from" is arbitrary, and the
 * average gives one number a holder can compare with the sell quote.
 */
export function averageCostBasis(tradesOldestFirst: readonly CostBasisTrade[]): CostBasis {
  let tokens = 0n;
  let cost = 0n;
  let realised = 0n;
  for (const trade of tradesOldestFirst) {
    if (trade.amount <= 0n) continue;
    if (trade.isBuy) {
      tokens += trade.amount;
      cost += trade.value;
      continue;
    }
    const sold = trade.amount < tokens ? trade.amount : tokens;
    const costOut = tokens === 0n ? 0n : (cost * sold) / tokens;
    realised += trade.value - costOut;
    tokens -= sold;
    cost -= costOut;
  }
  return { tokens, cost, realised };
}

/**
 * The cost basis of the `balance` an account holds now, from its trades' basis. The balance can
 * differ from what the trades left: tokens received without a trade (miner rewards, transfers in)
 * count at no cost; tokens gone without a trade (staked behind a proposal, slashed, sent away) leave
 * at the average cost.
 */
export function costBasisOfBalance(balance: bigint, basis: Pick<CostBasis, "tokens" | "cost">): bigint {
  if (balance <= 0n || basis.tokens === 0n) return 0n;
  if (balance >= basis.tokens) return basis.cost;
  return (basis.cost * balance) / basis.tokens;
}

/**
 * Trades from the indexer (newest first, decimal strings) as the cost basis walks them: oldest
 * first, by block, then by the indexer's event id (ordered within a block).
 */
export function toCostBasisTrades(
  trades: readonly { isBuy: boolean; amount: string; value: string; blockNumber: string; id: string }[],
): CostBasisTrade[] {
  return [...trades]
    .sort((a, b) => {
      const byBlock = BigInt(a.blockNumber) - BigInt(b.blockNumber);
      if (byBlock !== 0n) return byBlock < 0n ? -1 : 1;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .map((trade) => ({ isBuy: trade.isBuy, amount: BigInt(trade.amount), value: BigInt(trade.value) }));
}
