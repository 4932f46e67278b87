/**
 * One project on the discovery board (server-rendered): a card on phones, a dense row of the board's
 * grid on wide screens (the same markup; the board's column headings appear only there).
 */
import Link from "@/components/layout/Link.tsx";
import { formatPercent } from "@/lib/discovery.ts";
import { formatEth, formatRelativeTime } from "@orm/protocol/format";

import type { BoardRow } from "./loadBoard.server.ts";

/** The board's grid columns on wide screens (the header row uses the same template). */
export const BOARD_COLUMNS = "lg:grid lg:grid-cols-[minmax(0,2.2fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,0.9fr)_minmax(0,2fr)_minmax(0,0.9fr)] lg:items-center lg:gap-4";

function Change({ value }: { value: number | undefined }) {
  if (value === undefined) return <span className="text-muted">—</span>;
  const tone = value > 0 ? "text-emerald-700" : value < 0 ? "text-red-700" : "text-muted";
  return <span className={tone}>{formatPercent(value)}</span>;
}

function Figure({ label, children, className = "" }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={`min-w-0 ${className}`}>
      <dt className="text-xs text-muted lg:sr-only">{label}</dt>
      <dd className="num text-sm break-words">{children}</dd>
    </div>
  );
}

export function ProjectRow({ row, now, nativeSymbol }: { row: BoardRow; now: number; nativeSymbol: string }) {
  const native = (wei: bigint, maxDecimals?: number) => formatEth(wei, { symbol: nativeSymbol, maxDecimals });
  return (
    <li data-testid={`project-row-${row.id}`} className={`relative p-4 hover:bg-canvas ${BOARD_COLUMNS}`}>
      <div className="min-w-0">
        <Link href={`/projects/${row.id}`} className="font-semibold text-ink hover:text-brand hover:underline" data-testid="project-name">
          {row.name}
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted">
          <span data-testid="row-token">
            <span className="badge num bg-canvas ring-1 ring-line">{row.symbol}</span> {row.tokenName}
          </span>
          {row.domain ? <span data-testid="project-domain">{row.domain}</span> : null}
          {row.parentProjectId !== null ? (
            <Link href={`/projects/${row.parentProjectId}`} className="underline-offset-2 hover:underline">
              Fork of #{row.parentProjectId}
            </Link>
          ) : null}
          {row.lastActivityAt !== undefined ? <span>Active {formatRelativeTime(row.lastActivityAt, now)}</span> : null}
        </div>
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4 lg:contents">
        <Figure label="Price">
          <span data-testid="row-price">{native(row.spotPrice, 6)}</span>
          <span className="ml-1 text-xs lg:block lg:ml-0">
            <Change value={row.change24h} />
            <span className="sr-only"> in 24 h</span>
          </span>
        </Figure>
        <Figure label="Market cap">
          <span data-testid="row-market-cap">{native(row.marketCap)}</span>
        </Figure>
        <Figure label="24 h volume">{row.volume24h === undefined ? <span className="text-muted">—</span> : native(row.volume24h)}</Figure>
        <Figure label="Baseline → best" className="col-span-2 sm:col-span-4 lg:col-span-1">
          <span data-testid="row-score" className={row.score.improved ? "text-ink" : "text-muted"}>
            {row.score.baseline} → <strong className="font-semibold">{row.score.best}</strong>
            {row.score.unit ? ` ${row.score.unit}` : ""}
          </span>
          <span className="block text-xs text-muted">
            {row.score.change ? (
              <span className={row.score.improved ? "font-medium text-emerald-700" : undefined}>{row.score.change}, </span>
            ) : null}
            {row.score.direction}
          </span>
        </Figure>
        <Figure label="Open proposals">
          {row.openProposals === undefined ? <span className="text-muted">—</span> : <span data-testid="row-open-proposals">{row.openProposals}</span>}
        </Figure>
      </dl>
    </li>
  );
}
