/**
 * The trade panel's layout, shared by the panel (`TradePanel.tsx`, with the chain's figures) and the
 * idle panel the server renders before the wallet machinery loads (`TradePanelIdle.tsx`, with dashes).
 * One layout for both, so the swap from one to the other changes text and not size: the panel sits
 * near the top of a phone's screen, and a taller panel arriving would push the whole page down (for
 * a connected visitor it arrives during the load, which counts as layout shift).
 *
 * No wallet code here: the idle panel ships with the page.
 */
import type { ReactNode } from "react";

import type { TradeSide } from "@/lib/trade.ts";

const SIDES: { side: TradeSide; label: string }[] = [
  { side: "buy", label: "Buy" },
  { side: "sell", label: "Sell" },
];

/** A text field of the form; without `onChange` it is read-only (the idle panel's). */
export type TradeField = { text: string; onChange?: (text: string) => void; onFocus?: () => void };

/** A text input bound to a `TradeField` (read-only without `onChange`). */
function FieldInput({
  field,
  id,
  testId,
  inputMode,
  placeholder,
  describedBy,
  className,
}: {
  field: TradeField;
  id: string;
  testId: string;
  inputMode: "numeric" | "decimal";
  placeholder?: string;
  describedBy?: string;
  className: string;
}) {
  return (
    <input
      id={id}
      data-testid={testId}
      type="text"
      inputMode={inputMode}
      autoComplete="off"
      placeholder={placeholder}
      value={field.text}
      readOnly={!field.onChange}
      onChange={(event) => field.onChange?.(event.target.value)}
      onFocus={field.onFocus}
      aria-describedby={describedBy}
      className={`num rounded-lg border border-line bg-surface ${className}`}
    />
  );
}

export type TradeFormProps = {
  /** Prefix of the form's element ids (`useId()`), so two panels on a page never share one. */
  ids: string;
  symbol: string;
  side: TradeSide;
  /** Called with the side a tab asks for (the idle panel: a way into the panel). */
  onSide: (side: TradeSide) => void;
  amount: TradeField;
  slippage: TradeField;
  /** What the account holds of the token (a dash until known). */
  holding: ReactNode;
  /** The account's ETH (a dash until known); on both sides, so switching sides moves nothing. */
  wallet: ReactNode;
  /** Beside the amount field: the Max button, when a wallet is connected. */
  amountAction?: ReactNode;
  /** Why the amount cannot be traded, shown under the action (and linked from the field). */
  reason?: string;
  /** A warning about an accepted slippage tolerance (zero), shown beside the field; it blocks nothing. */
  slippageWarning?: string;
  figures: { quote: ReactNode; averagePrice: ReactNode; spotPrice: ReactNode; impact: ReactNode; limit: ReactNode };
  /** The form's button: sign the trade, connect a wallet, or (idle) open the panel. */
  action: ReactNode;
  /** A status line under the action (e.g. "updating the page"). */
  note?: ReactNode;
  onSubmit?: () => void;
  testId: string;
  busy?: boolean;
};

export function tradeFormIds(ids: string) {
  return {
    amount: `${ids}-amount`,
    slippage: `${ids}-slippage`,
    slippageWarning: `${ids}-slippage-warning`,
    reason: `${ids}-reason`,
    panel: `${ids}-panel`,
  };
}

export function TradeForm({
  ids,
  symbol,
  side,
  onSide,
  amount,
  slippage,
  holding,
  wallet,
  amountAction,
  reason,
  slippageWarning,
  figures,
  action,
  note,
  onSubmit,
  testId,
  busy,
}: TradeFormProps) {
  const id = tradeFormIds(ids);
  const rows: { label: string; testId: string; value: ReactNode }[] = [
    { label: side === "buy" ? "Cost" : "You receive", testId: "trade-quote", value: figures.quote },
    { label: "Average price", testId: "trade-average-price", value: figures.averagePrice },
    { label: "Spot price", testId: "trade-spot-price", value: figures.spotPrice },
    { label: "Price impact", testId: "trade-price-impact", value: figures.impact },
    { label: side === "buy" ? "Most you pay (slippage)" : "Least you receive (slippage)", testId: "trade-limit", value: figures.limit },
  ];
  return (
    <section className="card" aria-label={`Trade ${symbol}`} aria-busy={busy} data-testid={testId}>
      <div role="tablist" aria-label="Trade side" className="grid grid-cols-2 gap-1 rounded-lg bg-canvas p-1">
        {SIDES.map((tab) => (
          <button
            key={tab.side}
            type="button"
            role="tab"
            id={`${ids}-tab-${tab.side}`}
            aria-selected={side === tab.side}
            aria-controls={id.panel}
            data-testid={`trade-tab-${tab.side}`}
            className={`min-h-10 rounded-md text-sm font-medium transition-colors ${
              side === tab.side ? "bg-surface text-ink shadow-xs" : "text-muted hover:text-ink"
            }`}
            onClick={() => onSide(tab.side)}
          >
            {tab.label}
          </button>
        ))}
      </div>

      <form
        id={id.panel}
        role="tabpanel"
        aria-labelledby={`${ids}-tab-${side}`}
        className="mt-4 space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit?.();
        }}
      >
        <div>
          <div className="flex items-baseline justify-between gap-2">
            <label htmlFor={id.amount} className="text-sm font-medium">
              Amount (tokens)
            </label>
            <p className="text-xs text-muted">
              You hold{" "}
              <span className="num text-ink" data-testid="trade-balance">
                {holding}
              </span>{" "}
              {symbol}
            </p>
          </div>
          <div className="mt-1 flex gap-2">
            <FieldInput
              field={amount}
              id={id.amount}
              testId="trade-amount"
              inputMode="numeric"
              placeholder="0"
              describedBy={reason ? id.reason : undefined}
              className="min-h-10 w-full min-w-0 px-3 text-base"
            />
            {amountAction}
          </div>
          <p className="mt-1 text-xs text-muted">
            Wallet:{" "}
            <span className="num text-ink" data-testid="trade-eth-balance">
              {wallet}
            </span>
          </p>
        </div>

        <dl className="space-y-1.5 text-sm" data-testid="trade-details">
          {rows.map((row) => (
            <div key={row.testId} className="flex justify-between gap-3">
              <dt className="text-muted">{row.label}</dt>
              <dd className="num text-right" data-testid={row.testId}>
                {row.value}
              </dd>
            </div>
          ))}
        </dl>

        <div>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <label htmlFor={id.slippage} className="text-sm text-muted">
              Slippage tolerance (%)
            </label>
            <FieldInput
              field={slippage}
              id={id.slippage}
              testId="trade-slippage"
              inputMode="decimal"
              describedBy={slippageWarning ? id.slippageWarning : undefined}
              className="min-h-9 w-20 px-2 text-right text-sm"
            />
          </div>
          {slippageWarning ? (
            <p id={id.slippageWarning} className="mt-1 text-xs text-warn" data-testid="trade-slippage-warning" role="status">
              {slippageWarning}
            </p>
          ) : null}
        </div>

        <div className="space-y-2">
          {action}
          {reason ? (
            <p id={id.reason} className="text-sm text-warn" data-testid="trade-disabled-reason" role="status">
              {reason}
            </p>
          ) : null}
          {note}
        </div>
      </form>
    </section>
  );
}
