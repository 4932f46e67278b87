"use client";

/**
 * The bonding curve as the contract trades it (the raw price at each supply scaled by the backing
 * ratio), drawn as a small SVG: the current supply, and a preview marker where the trade being typed
 * in the trade panel would land. The panel announces it with a window CustomEvent
 * `orm:trade-preview` whose detail is `{ projectId: string, side: "buy" | "sell", amount: string }`
 * (whole tokens; "0" clears the marker); events for other projects are ignored.
 */
import { useEffect, useMemo, useState } from "react";

import { curveWindowOf, tradedCurvePoints, tradedPriceAt } from "@/lib/discovery.ts";
import { formatEth, formatTokenAmount } from "@/lib/format.ts";

export const TRADE_PREVIEW_EVENT = "orm:trade-preview";
export type TradePreview = { projectId: string; side: "buy" | "sell"; amount: string };

export type BondingCurveProps = {
  projectId: string;
  symbol: string;
  /** Wei and token amounts as decimal strings (bigints do not cross to the client as such). */
  basePrice: string;
  slope: string;
  supply: string;
  reserve: string;
  /** How many more tokens can be bought (`maxBuyable`), when known. */
  maxBuyable: string | undefined;
};

const WIDTH = 320;
const HEIGHT = 180;
const PAD = { left: 8, right: 8, top: 12, bottom: 22 };

function readPreview(event: Event, projectId: string): { side: "buy" | "sell"; amount: bigint } | undefined | null {
  const detail = (event as CustomEvent<Partial<TradePreview>>).detail;
  if (!detail || detail.projectId !== projectId) return undefined; // not ours: keep the marker
  if ((detail.side !== "buy" && detail.side !== "sell") || typeof detail.amount !== "string" || !/^\d{1,30}$/.test(detail.amount)) return null;
  const amount = BigInt(detail.amount);
  return amount === 0n ? null : { side: detail.side, amount };
}

export default function BondingCurve({ projectId, symbol, basePrice, slope, supply, reserve, maxBuyable }: BondingCurveProps) {
  const [preview, setPreview] = useState<{ side: "buy" | "sell"; amount: bigint } | null>(null);

  useEffect(() => {
    const onPreview = (event: Event) => {
      const next = readPreview(event, projectId);
      if (next !== undefined) setPreview(next);
    };
    window.addEventListener(TRADE_PREVIEW_EVENT, onPreview);
    return () => window.removeEventListener(TRADE_PREVIEW_EVENT, onPreview);
  }, [projectId]);

  const curve = useMemo(
    () => ({ basePrice: BigInt(basePrice), slope: BigInt(slope), supply: BigInt(supply), reserve: BigInt(reserve) }),
    [basePrice, slope, supply, reserve],
  );
  const limit = maxBuyable === undefined ? 0n : curve.supply + BigInt(maxBuyable);
  // A sale cannot take the supply below zero, a buy not past the limit.
  const target =
    preview === null
      ? undefined
      : preview.side === "buy"
        ? curve.supply + (limit > 0n && curve.supply + preview.amount > limit ? limit - curve.supply : preview.amount)
        : curve.supply > preview.amount
          ? curve.supply - preview.amount
          : 0n;
  const shown = curveWindowOf(curve.supply, preview?.amount ?? 0n, limit);
  const points = useMemo(() => tradedCurvePoints(curve, shown), [curve, shown]);

  const maxPrice = Math.max(...points.map((point) => point.price), 1);
  const x = (at: bigint | number) => PAD.left + (Number(at) / Number(shown)) * (WIDTH - PAD.left - PAD.right);
  const y = (price: number) => HEIGHT - PAD.bottom - (price / maxPrice) * (HEIGHT - PAD.top - PAD.bottom);
  const line = points.map((point, index) => `${index === 0 ? "M" : "L"}${x(point.supply).toFixed(1)},${y(point.price).toFixed(1)}`).join(" ");
  const baseY = HEIGHT - PAD.bottom;

  const currentPrice = tradedPriceAt(curve, curve.supply);
  const targetPrice = target === undefined ? undefined : tradedPriceAt(curve, target);
  // The band between the supply and the preview: what the trade walks along the curve.
  const [bandFrom, bandTo] = target === undefined ? [undefined, undefined] : target > curve.supply ? [curve.supply, target] : [target, curve.supply];
  const band =
    bandFrom === undefined || bandTo === undefined
      ? undefined
      : `M${x(bandFrom).toFixed(1)},${baseY} L${x(bandFrom).toFixed(1)},${y(Number(tradedPriceAt(curve, bandFrom))).toFixed(1)} L${x(bandTo).toFixed(1)},${y(Number(tradedPriceAt(curve, bandTo))).toFixed(1)} L${x(bandTo).toFixed(1)},${baseY} Z`;

  return (
    <figure data-testid="bonding-curve" data-supply={curve.supply.toString()} data-preview={target?.toString() ?? ""}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full" role="img" aria-label={`Bonding curve of ${symbol}: price against supply`}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={baseY} y2={baseY} stroke="#e2e8f0" />
        {band ? <path d={band} fill={preview?.side === "sell" ? "rgba(185, 28, 28, 0.15)" : "rgba(15, 118, 110, 0.18)"} /> : null}
        <path d={line} fill="none" stroke="#0f766e" strokeWidth={2} />
        <line x1={x(curve.supply)} x2={x(curve.supply)} y1={PAD.top} y2={baseY} stroke="#0f172a" strokeDasharray="3 3" />
        <circle cx={x(curve.supply)} cy={y(Number(currentPrice))} r={4.5} fill="#0f172a" data-testid="curve-position" />
        {target !== undefined && targetPrice !== undefined ? (
          <circle
            cx={x(target)}
            cy={y(Number(targetPrice))}
            r={5}
            fill="white"
            stroke={preview?.side === "sell" ? "#b91c1c" : "#0f766e"}
            strokeWidth={2.5}
            data-testid="curve-preview"
          />
        ) : null}
        <text x={PAD.left} y={HEIGHT - 6} fontSize="10" fill="#475569">
          0
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 6} fontSize="10" fill="#475569" textAnchor="end">
          {formatTokenAmount(shown)} {symbol}
        </text>
      </svg>
      <figcaption className="mt-2 text-sm text-muted" aria-live="polite">
        {target !== undefined && targetPrice !== undefined && preview ? (
          <span data-testid="curve-preview-text">
            {preview.side === "buy" ? "Buying" : "Selling"} {formatTokenAmount(preview.amount)} {symbol} moves the supply from{" "}
            {formatTokenAmount(curve.supply)} to {formatTokenAmount(target)} and the price from {formatEth(currentPrice, { maxDecimals: 6 })} to{" "}
            {formatEth(targetPrice, { maxDecimals: 6 })}.
          </span>
        ) : (
          <span>
            Supply {formatTokenAmount(curve.supply)} {symbol} at {formatEth(currentPrice, { maxDecimals: 6 })} per token. Type an amount in the trade
            panel to see where it lands.
          </span>
        )}
      </figcaption>
    </figure>
  );
}
