"use client";

/**
 * The bonding curve as the contract trades it (the raw price at each supply scaled by the backing
 * ratio): a lightweight-charts line of price (in the chain's currency) against supply (tokens) on a numeric horizontal
 * scale, with the current supply marked and, while an amount is typed in the trade panel, the stretch
 * of curve that trade walks along shaded up to a marker where it lands. The library is fetched when
 * the chart nears the viewport. The panel announces the amount with a window CustomEvent
 * `orm:trade-preview` whose detail is `{ projectId: string, side: "buy" | "sell", amount: string }`
 * (whole tokens; "0" clears the preview); events for other projects are ignored.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type { IChartApiBase, ISeriesApi, ISeriesMarkersPluginApi } from "lightweight-charts";

import { formatChartPrice } from "@/components/charts/formatPrice.ts";
import { useSeen } from "@/components/charts/useSeen.ts";
import { curveWindowOf, tradedCurvePoints, tradedPriceAt } from "@/lib/discovery.ts";
import { formatEth, formatTokenAmount } from "@orm/protocol/format";

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
  /** The chain's currency symbol ("ETH", "0G"). */
  nativeSymbol: string;
};

const WEI_PER_ETHER = 1e18;
const COLORS = { curve: "#0f766e", now: "#0f172a", buy: "#0f766e", sell: "#b91c1c" };
const BAND = { buy: ["rgba(15, 118, 110, 0.28)", "rgba(15, 118, 110, 0.06)"], sell: ["rgba(185, 28, 28, 0.24)", "rgba(185, 28, 28, 0.05)"] };

type Chart = {
  chart: IChartApiBase<number>;
  curve: ISeriesApi<"Line", number>;
  band: ISeriesApi<"Area", number>;
  markers: ISeriesMarkersPluginApi<number>;
};

function readPreview(event: Event, projectId: string): { side: "buy" | "sell"; amount: bigint } | undefined | null {
  const detail = (event as CustomEvent<Partial<TradePreview>>).detail;
  if (!detail || detail.projectId !== projectId) return undefined; // not ours: keep the marker
  if ((detail.side !== "buy" && detail.side !== "sell") || typeof detail.amount !== "string" || !/^\d{1,30}$/.test(detail.amount)) return null;
  const amount = BigInt(detail.amount);
  return amount === 0n ? null : { side: detail.side, amount };
}

export default function BondingCurve({ projectId, symbol, basePrice, slope, supply, reserve, maxBuyable, nativeSymbol }: BondingCurveProps) {
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
  const points = useMemo(
    () => tradedCurvePoints(curve, shown, 48, target === undefined ? [curve.supply] : [curve.supply, target]),
    [curve, shown, target],
  );
  const currentPrice = tradedPriceAt(curve, curve.supply);
  const targetPrice = target === undefined ? undefined : tradedPriceAt(curve, target);
  const side = preview?.side ?? "buy";

  const container = useRef<HTMLDivElement>(null);
  const seen = useSeen(container);
  const chartRef = useRef<Chart | undefined>(undefined);
  const [plotted, setPlotted] = useState(0);
  const [failed, setFailed] = useState(false);
  /** Bumped once the chart exists, so the first data is drawn. */
  const [redraw, setRedraw] = useState(0);

  useEffect(() => {
    if (!seen) return;
    let disposed = false;
    import("lightweight-charts")
      .then(({ createOptionsChart, LineSeries, AreaSeries, createSeriesMarkers, ColorType }) => {
        if (disposed || !container.current) return;
        const chart = createOptionsChart(container.current, {
          autoSize: true,
          layout: { background: { type: ColorType.Solid, color: "transparent" }, textColor: "#475569", fontSize: 11, attributionLogo: false },
          grid: { vertLines: { visible: false }, horzLines: { color: "#f1f5f9" } },
          rightPriceScale: { borderVisible: false },
          timeScale: { borderVisible: false },
          localization: { priceFormatter: formatChartPrice },
          handleScroll: false,
          handleScale: false,
        });
        const priceFormat = { type: "custom" as const, formatter: formatChartPrice, minMove: 1e-12 };
        // The band first, so the curve is drawn over it.
        const band = chart.addSeries(AreaSeries, { lineVisible: false, priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false, priceFormat });
        const line = chart.addSeries(LineSeries, { color: COLORS.curve, lineWidth: 2, priceLineVisible: false, lastValueVisible: false, priceFormat });
        chartRef.current = { chart, curve: line, band, markers: createSeriesMarkers(line, []) };
        setRedraw((n) => n + 1);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      chartRef.current?.chart.remove();
      chartRef.current = undefined;
    };
  }, [seen]);

  useEffect(() => {
    const handle = chartRef.current;
    if (!handle) return;
    const toData = (point: { supply: number; price: number }) => ({ time: point.supply, value: point.price / WEI_PER_ETHER });
    handle.curve.setData(points.map(toData));
    // The stretch the trade walks along: from the supply to where it lands, either way.
    const [from, to] = target === undefined ? [0, -1] : [Number(target < curve.supply ? target : curve.supply), Number(target < curve.supply ? curve.supply : target)];
    handle.band.applyOptions({ topColor: BAND[side][0], bottomColor: BAND[side][1] });
    handle.band.setData(points.filter((point) => point.supply >= from && point.supply <= to).map(toData));
    handle.markers.setMarkers([
      // Unlabelled: the legend below names them (labels on points this close would overlap).
      { time: Number(curve.supply), position: "inBar", shape: "circle", color: COLORS.now },
      ...(target === undefined ? [] : [{ time: Number(target), position: "inBar" as const, shape: "circle" as const, color: COLORS[side] }]),
    ]);
    handle.chart.timeScale().fitContent();
    setPlotted(points.length);
  }, [points, curve.supply, target, side, redraw]);

  return (
    <figure data-testid="bonding-curve" data-supply={curve.supply.toString()} data-preview={target?.toString() ?? ""}>
      <div
        ref={container}
        data-testid="bonding-curve-chart"
        data-points={plotted}
        role="img"
        aria-label={`Bonding curve of ${symbol}: price (${nativeSymbol}) against supply, 0 to ${formatTokenAmount(shown)} tokens`}
        className="h-44 w-full min-w-0 overflow-hidden"
      />
      {failed ? <p className="mt-2 text-sm text-muted">The chart could not be loaded.</p> : null}
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
        <li data-testid="curve-position" className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block size-2.5 rounded-full" style={{ background: COLORS.now }} />
          Now: {formatTokenAmount(curve.supply)} {symbol}
        </li>
        {target !== undefined ? (
          <li data-testid="curve-preview" className="flex items-center gap-1.5">
            <span aria-hidden className="inline-block size-2.5 rounded-full" style={{ background: COLORS[side] }} />
            After the trade: {formatTokenAmount(target)} {symbol}
          </li>
        ) : null}
      </ul>
      <figcaption className="mt-2 text-sm text-muted" aria-live="polite">
        {target !== undefined && targetPrice !== undefined && preview ? (
          <span data-testid="curve-preview-text">
            {preview.side === "buy" ? "Buying" : "Selling"} {formatTokenAmount(preview.amount)} {symbol} moves the supply from{" "}
            {formatTokenAmount(curve.supply)} to {formatTokenAmount(target)} and the price from {formatEth(currentPrice, { maxDecimals: 6, symbol: nativeSymbol })} to{" "}
            {formatEth(targetPrice, { maxDecimals: 6, symbol: nativeSymbol })}.
          </span>
        ) : (
          <span>
            Supply {formatTokenAmount(curve.supply)} {symbol} at {formatEth(currentPrice, { maxDecimals: 6, symbol: nativeSymbol })} per token. Type an amount in the trade
            panel to see where it lands.
          </span>
        )}
      </figcaption>
    </figure>
  );
}
