"use client";

import type { Address } from "viem";

import { priceImpactPpm, type TradeSide } from "@/lib/trade.ts";
import { maxCostWithSlippage, minRefundWithSlippage } from "@orm/protocol/slippage";

import { useProtocolReads } from "./useProtocolReads.ts";

export type UseTradeQuoteParameters = {
  token: Address;
  side: TradeSide;
  /** Whole tokens; undefined while nothing valid is typed. */
  amount: bigint | undefined;
  /** The slippage tolerance the limit allows, in basis points (undefined: no limit yet). */
  slippageBps: bigint | undefined;
  /** Re-read this often (ms); off by default, since writes refresh every read anyway. */
  refetchInterval?: number;
};

export type UseTradeQuoteReturnType = {
  /** `ProjectToken.spotPrice()`, `maxBuyable()`, `totalSupply()`. */
  spotPrice: bigint | undefined;
  maxBuyable: bigint | undefined;
  totalSupply: bigint | undefined;
  /** The amount is one the contract can quote (it reverts beyond the supply or what is buyable). */
  quotable: boolean;
  /** `quoteBuyExact(amount)` or `quoteSell(amount)`: the ether the trade costs or pays. */
  quote: bigint | undefined;
  /** What the trade is signed with: `maxCost` (buy) or `minRefund` (sell) at the slippage tolerance. */
  limit: bigint | undefined;
  /** How far the average price is from the spot price, in parts per million, against the trader. */
  impact: bigint | undefined;
  isFetching: boolean;
  /** The chain did not answer the quote. */
  isError: boolean;
};

/**
 * The quote a trade would be signed against: the token's state, the contract's own quote for the
 * amount (asked only for amounts it can quote), the slippage limit and the price impact. The trade
 * panel and the propose page's "buy the missing stake" both use it, so both sign the same numbers.
 */
export function useTradeQuote({ token, side, amount, slippageBps, refetchInterval }: UseTradeQuoteParameters): UseTradeQuoteReturnType {
  const state = useProtocolReads({
    contracts: [
      { contractName: "ProjectToken", address: token, functionName: "spotPrice" },
      { contractName: "ProjectToken", address: token, functionName: "maxBuyable" },
      { contractName: "ProjectToken", address: token, functionName: "totalSupply" },
    ],
    allowFailure: false,
    refetchInterval,
  });
  const [spotPrice, maxBuyable, totalSupply] = state.data ?? [];
  const quotable =
    amount !== undefined &&
    amount > 0n &&
    (side === "buy" ? maxBuyable !== undefined && amount <= maxBuyable : totalSupply !== undefined && amount <= totalSupply);
  const quoteRead = useProtocolReads({
    contracts: [{ contractName: "ProjectToken", address: token, functionName: side === "buy" ? "quoteBuyExact" : "quoteSell", args: [amount ?? 0n] }],
    allowFailure: false,
    enabled: quotable,
    refetchInterval,
  });
  const quote = quotable ? (quoteRead.data?.[0] as bigint | undefined) : undefined;
  const limit =
    quote === undefined || slippageBps === undefined
      ? undefined
      : side === "buy"
        ? maxCostWithSlippage(quote, slippageBps)
        : minRefundWithSlippage(quote, slippageBps);
  const impact =
    amount !== undefined && quote !== undefined && spotPrice !== undefined ? priceImpactPpm({ side, amount, total: quote, spotPrice }) : undefined;
  return {
    spotPrice,
    maxBuyable,
    totalSupply,
    quotable,
    quote,
    limit,
    impact,
    isFetching: quotable && quoteRead.isFetching,
    isError: quoteRead.isError,
  };
}
