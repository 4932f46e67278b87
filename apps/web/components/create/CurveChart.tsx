"use client";

/**
 * A live chart of a bonding curve while its terms are typed: price (in the chain's currency) against supply (tokens),
 * a lightweight-charts v5 line on a numeric horizontal scale (`createOptionsChart`). The library is
 * loaded when the chart first mounts, so the form does not wait for it.
 */
import { useEffect, useRef } from "react";
import type { IChartApiBase, ISeriesApi } from "lightweight-charts";
import { formatUnits } from "viem";

import { curvePoints, type CurveTerms } from "@/lib/create/build.ts";

type Chart = { chart: IChartApiBase<number>; series: ISeriesApi<"Line", number> };

export function CurveChart({ terms, maxSupply, nativeSymbol }: { terms: CurveTerms | undefined; maxSupply: bigint; nativeSymbol: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | undefined>(undefined);
  const latest = useRef({ terms, maxSupply });
  latest.current = { terms, maxSupply };

  useEffect(() => {
    let disposed = false;
    void import("lightweight-charts").then(({ createOptionsChart, LineSeries }) => {
      if (disposed || !container.current) return;
      const created = createOptionsChart(container.current, {
        autoSize: true,
        layout: { background: { color: "transparent" }, textColor: "#475569", fontSize: 11, attributionLogo: false },
        grid: { vertLines: { color: "#f1f5f9" }, horzLines: { color: "#f1f5f9" } },
        rightPriceScale: { borderColor: "#e2e8f0" },
        timeScale: { borderColor: "#e2e8f0" },
        localization: { precision: 0 },
        handleScroll: false,
        handleScale: false,
      });
      const series = created.addSeries(LineSeries, {
        color: "#0f766e",
        lineWidth: 2,
        priceLineVisible: false,
        lastValueVisible: false,
        priceFormat: { type: "custom", minMove: 1e-12, formatter: (price: number) => `${Number(price.toPrecision(3))} ${nativeSymbol}` },
      });
      chart.current = { chart: created, series };
      draw();
    });
    return () => {
      disposed = true;
      chart.current?.chart.remove();
      chart.current = undefined;
    };
  }, []);

  function draw() {
    const current = chart.current;
    const { terms: curve, maxSupply: top } = latest.current;
    if (!current) return;
    const points = curve ? curvePoints(curve, top) : [];
    current.series.setData(points.map((point) => ({ time: point.supply, value: Number(formatUnits(point.priceWei, 18)) })));
    current.chart.timeScale().fitContent();
  }

  useEffect(draw, [terms?.basePrice, terms?.slope, maxSupply]);

  return (
    <div>
      <div ref={container} data-testid="curve-chart" role="img" aria-label={`Token price (${nativeSymbol}) against supply (tokens)`} className="h-56 w-full min-w-0 overflow-hidden" />
      <p className="mt-1 text-center text-xs text-muted">Supply (tokens) →</p>
    </div>
  );
}
