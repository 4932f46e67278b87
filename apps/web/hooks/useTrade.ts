"use client";

import type { Address, TransactionReceipt } from "viem";
import { usePublicClient } from "wagmi";

import type { TradeSide } from "@/lib/trade.ts";
import { deadlineOf } from "@orm/protocol/slippage";

import { useProtocolWrite, type ProtocolWriteStatus } from "./useProtocolWrite.ts";
import { useTargetChain } from "./useTargetChain.ts";

export type TradeParameters = {
  side: TradeSide;
  amount: bigint;
  /** `maxCost` for a buy (also the ether sent; the excess is refunded) or `minRefund` for a sale. */
  limit: bigint;
  /** What the user is doing, for the toasts ("Buy 12 CMPR"). */
  label: string;
};

export type UseTradeReturnType = {
  /** Signs and sends `buyExact` or `sellExact`; resolves with the receipt once mined, else `undefined`. */
  trade: (parameters: TradeParameters) => Promise<TransactionReceipt | undefined>;
  status: ProtocolWriteStatus;
  isPending: boolean;
  /** The last failure, as one sentence. */
  errorMessage: string | undefined;
};

/**
 * A trade on a project token's curve, the one way the app sends one: the limit comes from the quote
 * the user agreed to (`useTradeQuote`), nothing is re-quoted here; the deadline is computed at signing
 * (`deadlineOf`: the later of the wall clock and the latest block, plus the window).
 */
export function useTrade({ token }: { token: Address }): UseTradeReturnType {
  const { chain } = useTargetChain();
  const publicClient = usePublicClient({ chainId: chain.id });
  const { writeAsync, status, isPending, errorMessage } = useProtocolWrite({ contractName: "ProjectToken", address: token });

  async function trade({ side, amount, limit, label }: TradeParameters): Promise<TransactionReceipt | undefined> {
    let latestBlockTimestamp: bigint | undefined;
    try {
      latestBlockTimestamp = publicClient ? (await publicClient.getBlock({ blockTag: "latest" })).timestamp : undefined;
    } catch {
      latestBlockTimestamp = undefined; // the wall clock alone; the simulation will say if the node is down
    }
    const deadline = deadlineOf(BigInt(Math.floor(Date.now() / 1000)), latestBlockTimestamp);
    return side === "buy"
      ? writeAsync({ functionName: "buyExact", args: [amount, limit, deadline], value: limit, label })
      : writeAsync({ functionName: "sellExact", args: [amount, limit, deadline], label });
  }

  return { trade, status, isPending, errorMessage };
}
