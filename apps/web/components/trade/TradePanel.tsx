"use client";

/**
 * Buy or sell a whole number of a project's tokens: the panel is the form; the numbers come from
 * `useTradeQuote` (the contract's own quote, `quoteBuyExact` / `quoteSell`, refreshed every few
 * seconds and after every write, with the slippage limit and the price impact) and the trade is sent
 * by `useTrade` (signed against the quote on screen, the deadline computed at signing, through
 * `useProtocolWrite`: simulate, sign, receipt, toasts, errors as sentences). After a confirmed trade
 * the panel waits until the indexer has indexed the trade's block (Ponder's `/status`), then
 * refreshes the server-rendered page (price, supply, chart, activity). While an amount is typed, the
 * panel tells the page's curve chart (`orm:trade-preview`) where the trade would land.
 */
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useAccount, useBalance } from "wagmi";
import { toast } from "sonner";

import { FALLBACK_REFETCH_MS } from "@/components/live/liveStream.ts";
import { useEnsureChain } from "@/hooks/useEnsureChain.ts";
import { useProtocolClient } from "@/hooks/useProtocolClient.ts";
import { useProtocolRead } from "@/hooks/useProtocolRead.ts";
import { useTargetChain } from "@/hooks/useTargetChain.ts";
import { useTrade } from "@/hooks/useTrade.ts";
import { useTradeQuote } from "@/hooks/useTradeQuote.ts";
import { formatEth, formatTokenAmount } from "@orm/protocol/format";
import { INDEXER_PROXY_PATH } from "@/lib/indexer.ts";
import { waitForIndexedBlock } from "@orm/protocol/indexerStatus";
import {
  averagePrice,
  DEFAULT_SLIPPAGE_TEXT,
  formatPpmPercent,
  getTradeBlocker,
  parseSlippageInput,
  parseTokenInput,
  slippageWarningOf,
  spendableForBuy,
  type TradeSide,
} from "@/lib/trade.ts";
import { DEFAULT_SLIPPAGE_BPS } from "@orm/protocol/slippage";
import { openWalletModal } from "@/lib/web3Loader.ts";

import { TradeForm, tradeFormIds } from "./TradeForm.tsx";
import { clearIdleIntent, readIdleIntent } from "./TradePanelIdle.tsx";
import type { TradePanelProps } from "./types.ts";

/** How long to wait for the indexer to reach the trade's block before refreshing anyway (ms). */
const INDEXER_CATCH_UP_MS = 10_000;
const INDEXER_POLL_MS = 500;

/** The event the project page's curve chart listens to for a preview marker. */
export const TRADE_PREVIEW_EVENT = "orm:trade-preview";
export type TradePreviewDetail = { projectId: string; side: TradeSide; amount: string };

function dispatchTradePreview(detail: TradePreviewDetail): void {
  window.dispatchEvent(new CustomEvent<TradePreviewDetail>(TRADE_PREVIEW_EVENT, { detail }));
}

export default function TradePanel({ projectId, token, symbol }: TradePanelProps) {
  const router = useRouter();
  const ids = useId();
  const { address: account, isConnected } = useAccount();
  const { chain } = useTargetChain();
  const native = chain.nativeCurrency.symbol;
  const { ensureChain, isWrongChain, chainName } = useEnsureChain();
  const readProtocol = useProtocolClient();
  const [intent] = useState(readIdleIntent);
  const [side, setSide] = useState<TradeSide>(intent.side);
  const [amountText, setAmountText] = useState("");
  const [slippageText, setSlippageText] = useState(DEFAULT_SLIPPAGE_TEXT);
  const [maxPending, setMaxPending] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const refreshAbort = useRef<AbortController | null>(null);

  const parsedAmount = parseTokenInput(amountText);
  const amount = parsedAmount.ok ? parsedAmount.value : undefined;
  const parsedSlippage = parseSlippageInput(slippageText);
  const slippageBps = parsedSlippage.ok ? parsedSlippage.value : undefined;

  // ---- chain reads: the token's state and the quote (useTradeQuote), the account's balances
  const { spotPrice, maxBuyable, totalSupply, quotable, quote, limit, impact, ...quoteRead } = useTradeQuote({
    token,
    side,
    amount,
    slippageBps,
    refetchInterval: FALLBACK_REFETCH_MS,
  });
  const tokenBalanceRead = useProtocolRead({
    contractName: "ProjectToken",
    address: token,
    functionName: "balanceOf",
    args: [account!],
    enabled: Boolean(account),
    refetchInterval: FALLBACK_REFETCH_MS,
  });
  const tokenBalance = account ? tokenBalanceRead.data : undefined;
  const ethBalanceRead = useBalance({ address: account, chainId: chain.id, query: { enabled: Boolean(account), refetchInterval: FALLBACK_REFETCH_MS } });
  const ethBalance = account ? ethBalanceRead.data?.value : undefined;

  // ---- why the trade cannot be sent
  const blocker = useMemo(() => {
    if (!parsedAmount.ok) return amountText.trim() === "" ? "Enter a number of tokens." : parsedAmount.reason;
    if (!parsedSlippage.ok) return parsedSlippage.reason;
    return getTradeBlocker({
      nativeSymbol: native,
      side,
      amount: parsedAmount.value,
      tokenBalance,
      maxBuyable,
      totalSupply,
      ethBalance,
      maxCost: side === "buy" ? limit : undefined,
    });
  }, [amountText, ethBalance, limit, maxBuyable, native, parsedAmount, parsedSlippage, side, tokenBalance, totalSupply]);

  const { trade, isPending, status } = useTrade({ token });
  const waitingForQuote = !blocker && quote === undefined;
  const disabledReason = blocker ?? (waitingForQuote ? (quoteRead.isError ? "The chain did not return a quote; try again in a moment." : undefined) : undefined);
  const canSubmit = isConnected && !blocker && quote !== undefined && limit !== undefined && !isPending && !refreshing;

  // ---- the chart's preview marker follows the typed amount
  const previewAmount = amount !== undefined && !blocker ? amount.toString() : "0";
  useEffect(() => {
    dispatchTradePreview({ projectId, side, amount: previewAmount });
  }, [projectId, side, previewAmount]);
  useEffect(() => () => dispatchTradePreview({ projectId, side: "buy", amount: "0" }), [projectId]);
  useEffect(() => () => refreshAbort.current?.abort(), []);
  // The visitor tapped the idle panel's amount field: the field they tapped is gone, so focus this one
  // (unless they have moved on to something else meanwhile).
  useEffect(() => {
    clearIdleIntent();
    if (intent.focusAmount && document.activeElement === document.body) document.getElementById(tradeFormIds(ids).amount)?.focus();
  }, [intent, ids]);

  async function fillMax() {
    if (side === "sell") {
      if (tokenBalance !== undefined) setAmountText(tokenBalance.toString());
      return;
    }
    if (ethBalance === undefined || maxBuyable === undefined) return;
    setMaxPending(true);
    try {
      const bps = slippageBps ?? DEFAULT_SLIPPAGE_BPS;
      const spendable = spendableForBuy(ethBalance, bps);
      let tokens = await readProtocol({ contractName: "ProjectToken", address: token, functionName: "quoteBuy", args: [spendable] });
      if (tokens > maxBuyable) tokens = maxBuyable;
      // quoteBuy and quoteBuyExact round separately: step back one token if the exact cost does not fit
      if (tokens > 0n) {
        const cost = await readProtocol({ contractName: "ProjectToken", address: token, functionName: "quoteBuyExact", args: [tokens] });
        if (cost > spendable) tokens -= 1n;
      }
      setAmountText(tokens.toString());
    } catch {
      // leave the amount as it was; the quote line says what the chain answered
    } finally {
      setMaxPending(false);
    }
  }

  async function submit() {
    if (!canSubmit || isWrongChain || amount === undefined || quote === undefined || limit === undefined) return;
    // The limit comes from the quote on screen, the one the user agreed to; nothing is re-quoted here.
    const label = `${side === "buy" ? "Buy" : "Sell"} ${formatTokenAmount(amount)} ${symbol}`;
    const receipt = await trade({ side, amount, limit, label });
    if (!receipt) return; // refused, cancelled or reverted: the toast said why, and nothing changed

    setAmountText("");
    setRefreshing(true);
    const abort = new AbortController();
    refreshAbort.current?.abort();
    refreshAbort.current = abort;
    // refreshed either way: after the time is up the page shows what the indexer has
    await waitForIndexedBlock(INDEXER_PROXY_PATH, receipt.blockNumber, { timeoutMs: INDEXER_CATCH_UP_MS, pollMs: INDEXER_POLL_MS, signal: abort.signal });
    if (!abort.signal.aborted) {
      router.refresh();
      setRefreshing(false);
    }
  }

  const verb = side === "buy" ? "Buy" : "Sell";
  const submitText =
    status === "signing"
      ? "Confirm in your wallet…"
      : isPending
        ? `${side === "buy" ? "Buying" : "Selling"}…`
        : refreshing
          ? "Updating…"
          : amount !== undefined
            ? `${verb} ${formatTokenAmount(amount)} ${symbol}`
            : `${verb} ${symbol}`;
  const shownReason = disabledReason && amountText.trim() !== "" ? disabledReason : undefined;

  return (
    <TradeForm
      ids={ids}
      symbol={symbol}
      side={side}
      onSide={setSide}
      amount={{ text: amountText, onChange: setAmountText }}
      slippage={{ text: slippageText, onChange: setSlippageText }}
      holding={tokenBalance === undefined ? "—" : formatTokenAmount(tokenBalance)}
      wallet={!isConnected ? "not connected" : ethBalance === undefined ? "—" : formatEth(ethBalance, { symbol: native })}
      amountAction={
        isConnected ? (
          <button
            type="button"
            data-testid="trade-max"
            className="btn btn-secondary"
            disabled={maxPending || (side === "sell" ? tokenBalance === undefined : ethBalance === undefined || maxBuyable === undefined)}
            onClick={() => void fillMax()}
          >
            {maxPending ? "…" : "Max"}
          </button>
        ) : null
      }
      reason={shownReason}
      slippageWarning={slippageBps === undefined ? undefined : slippageWarningOf(slippageBps)}
      figures={{
        quote: quote !== undefined ? formatEth(quote, { maxDecimals: 6, symbol: native }) : quoteRead.isFetching ? "…" : "—",
        averagePrice: quote !== undefined && amount !== undefined ? formatEth(averagePrice(quote, amount), { maxDecimals: 6, symbol: native }) : "—",
        spotPrice: spotPrice !== undefined ? formatEth(spotPrice, { maxDecimals: 6, symbol: native }) : "—",
        impact: impact !== undefined ? formatPpmPercent(impact) : "—",
        limit: limit !== undefined ? formatEth(limit, { maxDecimals: 6, symbol: native }) : "—",
      }}
      action={
        isConnected && isWrongChain ? (
          // Nothing is signed on another network: the one action offered is to switch. Its own key:
          // reusing the element as the submit button could let the click that switched also submit.
          <button
            key="switch-chain"
            type="button"
            data-testid="trade-switch-chain"
            className="btn btn-primary w-full"
            onClick={() => void ensureChain().catch((error: Error) => toast.error(error.message))}
          >
            Switch to {chainName}
          </button>
        ) : isConnected ? (
          <button
            key="submit"
            type="submit"
            data-testid="trade-submit"
            className="btn btn-primary w-full"
            disabled={!canSubmit}
            aria-describedby={shownReason ? tradeFormIds(ids).reason : undefined}
          >
            {submitText}
          </button>
        ) : (
          <button type="button" data-testid="trade-connect" className="btn btn-primary w-full" onClick={() => openWalletModal("connect")}>
            Connect wallet
          </button>
        )
      }
      note={
        refreshing ? (
          <p className="text-xs text-muted" role="status">
            Trade confirmed; updating the page…
          </p>
        ) : null
      }
      onSubmit={() => void submit()}
      testId="trade-panel"
    />
  );
}
