"use client";

/**
 * The token's price over time (lightweight-charts, fetched when the chart nears the viewport so it
 * never weighs on a page's first load): the close of each candle of the chosen range, then the current spot price, with the
 * best-score steps marked where they happened (labelled with the new score); times on the axis and
 * under the crosshair are UTC, like every time the app shows. The server passes the
 * candles of every range as props, so `router.refresh()` after a trade redraws it with the new state.
 * The container carries `data-points` (points plotted) for tests.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type { IChartApi, ISeriesApi, ISeriesMarkersPluginApi, Time, UTCTimestamp } from "lightweight-charts";

import { formatChartPrice as formatPrice } from "@/components/charts/formatPrice.ts";
import { useSeen } from "@/components/charts/useSeen.ts";
import { CHART_RANGES, defaultChartRange, formatChartTick, snapToBars, type ChartRangeKey } from "@/lib/discovery.ts";
import { formatTimestamp } from "@orm/protocol/format";

export type PricePoint = { time: number; value: number };
export type ScoreMarker = { time: number; label: string };

export type PriceChartProps = {
  /** Candle closes per range (ether per token as numbers, times in Unix seconds, ascending). */
  series: Record<ChartRangeKey, PricePoint[]>;
  /** The current spot price (ether) and the time it applies from (the chart's last point). */
  current: PricePoint;
  markers: ScoreMarker[];
  /** The chain's currency symbol ("ETH", "0G"). */
  nativeSymbol: string;
};

function pointsOf(series: PricePoint[], current: PricePoint): PricePoint[] {
  const points = [...series];
  const last = points.at(-1);
  if (!last || current.time > last.time) points.push(current);
  return points;
}

export default function PriceChart({ series, current, markers, nativeSymbol }: PriceChartProps) {
  const counts = useMemo(
    () => Object.fromEntries(CHART_RANGES.map((range) => [range.key, series[range.key].length])) as Record<ChartRangeKey, number>,
    [series],
  );
  const [range, setRange] = useState<ChartRangeKey>(() => defaultChartRange(counts));
  const [plotted, setPlotted] = useState(0);
  const [failed, setFailed] = useState(false);
  /** Bumped once the chart exists, so the first data is drawn. */
  const [redraw, setRedraw] = useState(0);
  const container = useRef<HTMLDivElement>(null);
  const seen = useSeen(container);
  const chartRef = useRef<{ chart: IChartApi; series: ISeriesApi<"Area">; markers: ISeriesMarkersPluginApi<Time> } | null>(null);

  const points = useMemo(() => pointsOf(series[range], current), [series, range, current]);

  // Create the chart once it is near the viewport (the library is fetched here).
  useEffect(() => {
    if (!seen) return;
    let disposed = false;
    let resize: ResizeObserver | undefined;
    import("lightweight-charts")
      .then(({ createChart, AreaSeries, createSeriesMarkers, ColorType }) => {
        if (disposed || !container.current) return;
        const element = container.current;
        const chart = createChart(element, {
          width: element.clientWidth,
          height: element.clientHeight,
          layout: { background: { type: ColorType.Solid, color: "transparent" }, textColor: "#475569", attributionLogo: false },
          grid: { vertLines: { visible: false }, horzLines: { color: "#e2e8f0" } },
          rightPriceScale: { borderVisible: false },
          // Our own labels, in UTC: the library's first tick of a day is a bare day number ("5").
          timeScale: {
            borderVisible: false,
            timeVisible: true,
            secondsVisible: false,
            tickMarkFormatter: (time: Time, tickMarkType: number) => (typeof time === "number" ? formatChartTick(time, tickMarkType) : null),
          },
          localization: {
            priceFormatter: formatPrice,
            timeFormatter: (time: Time) => (typeof time === "number" ? formatTimestamp(time) : String(time)),
          },
          handleScroll: false,
          handleScale: false,
        });
        const area = chart.addSeries(AreaSeries, {
          lineColor: "#0f766e",
          topColor: "rgba(15, 118, 110, 0.28)",
          bottomColor: "rgba(15, 118, 110, 0.02)",
          lineWidth: 2,
          priceFormat: { type: "custom", formatter: formatPrice, minMove: 1e-12 },
        });
        chartRef.current = { chart, series: area, markers: createSeriesMarkers(area, []) };
        resize = new ResizeObserver(() => chart.applyOptions({ width: element.clientWidth, height: element.clientHeight }));
        resize.observe(element);
        setRedraw((n) => n + 1);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      resize?.disconnect();
      chartRef.current?.chart.remove();
      chartRef.current = null;
    };
  }, [seen]);

  // Redraw whenever the range or the server's data change (a refresh after a trade).
  useEffect(() => {
    const handle = chartRef.current;
    if (!handle) return;
    handle.series.setData(points.map((point) => ({ time: point.time as UTCTimestamp, value: point.value })));
    const barTimes = points.map((point) => point.time);
    const snapped = snapToBars(
      markers.map((marker) => marker.time),
      barTimes,
    );
    handle.markers.setMarkers(
      markers.flatMap((marker, index) => {
        const time = snapped[index];
        return time === undefined
          ? []
          : [{ time: time as UTCTimestamp, position: "aboveBar" as const, shape: "arrowDown" as const, color: "#b45309", text: marker.label }];
      }),
    );
    handle.chart.timeScale().fitContent();
    setPlotted(points.length);
  }, [points, markers, redraw]);

  return (
    <div>
      <div role="group" aria-label="Price chart range" className="flex flex-wrap gap-1">
        {CHART_RANGES.map((option) => (
          <button
            key={option.key}
            type="button"
            aria-pressed={option.key === range}
            data-testid={`chart-range-${option.key}`}
            onClick={() => setRange(option.key)}
            className={`rounded-full px-3 py-1 text-sm ${option.key === range ? "bg-ink text-white" : "text-muted hover:bg-brand-soft/50 hover:text-ink"}`}
          >
            {option.label}
          </button>
        ))}
      </div>
      <div
        ref={container}
        data-testid="price-chart"
        data-points={plotted}
        data-range={range}
        aria-label={`Price over ${CHART_RANGES.find((option) => option.key === range)!.label}: ${points.length} points, now ${formatPrice(current.value)} ${nativeSymbol}`}
        role="img"
        className="mt-3 h-64 w-full"
      />
      {failed ? <p className="mt-2 text-sm text-muted">The chart could not be loaded.</p> : null}
      {series[range].length === 0 ? <p className="mt-2 text-sm text-muted">No trades in this range; the line shows the current price.</p> : null}
    </div>
  );
}
