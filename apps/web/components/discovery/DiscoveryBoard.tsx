/**
 * The discovery board (server component): search, sort, filters and cursor pagination as plain GET
 * links and forms (they work before any JavaScript loads), then the projects. Reads the indexer; when
 * it is down, the first projects from the chain with a notice.
 */
import Link from "@/components/layout/Link.tsx";
import {
  DISCOVERY_SORTS,
  firstPageHref,
  nextPageHref,
  pageNumberOf,
  previousPageHref,
  windowNow,
  type DiscoveryQuery,
} from "@/lib/discovery.ts";

import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";

import { loadBoard } from "./loadBoard.server.ts";
import { BOARD_COLUMNS, ProjectRow } from "./ProjectRow.tsx";

function SearchForm({ query }: { query: DiscoveryQuery }) {
  return (
    <form method="get" action="/" role="search" className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end" data-testid="project-search">
      <div className="min-w-0 flex-1 sm:min-w-64">
        <label htmlFor="project-search-q" className="text-sm font-medium">
          Search projects
        </label>
        <input
          id="project-search-q"
          name="q"
          type="search"
          defaultValue={query.q}
          maxLength={100}
          placeholder="Name, symbol or repository"
          className="mt-1 block h-10 w-full rounded-lg border border-line bg-surface px-3 text-sm"
        />
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="project-search-parent" className="text-sm font-medium">
            Forks of project
          </label>
          <input
            id="project-search-parent"
            name="parent"
            inputMode="numeric"
            pattern="[0-9]*"
            defaultValue={query.parent ?? ""}
            placeholder="id"
            className="mt-1 block h-10 w-24 rounded-lg border border-line bg-surface px-3 text-sm"
          />
        </div>
        <label className="flex h-10 items-center gap-2 text-sm">
          <input type="checkbox" name="open" value="1" defaultChecked={query.open} className="size-4 accent-brand" />
          Has open proposals
        </label>
        {query.sort !== "trending" ? <input type="hidden" name="sort" value={query.sort} /> : null}
        {query.limit !== 20 ? <input type="hidden" name="limit" value={query.limit} /> : null}
        <button type="submit" className="btn btn-primary">
          Search
        </button>
      </div>
    </form>
  );
}

function SortNav({ query }: { query: DiscoveryQuery }) {
  return (
    <nav aria-label="Sort projects" className="-mx-1 flex flex-wrap items-center gap-1 text-sm">
      <span className="px-1 text-muted">Sort:</span>
      {DISCOVERY_SORTS.map((option) => {
        const active = option.value === query.sort;
        return (
          <Link
            key={option.value}
            href={firstPageHref(query, { sort: option.value })}
            aria-current={active ? "page" : undefined}
            data-testid={`sort-${option.value}`}
            className={`rounded-full px-3 py-1 ${active ? "bg-ink text-white" : "text-muted hover:bg-brand-soft/50 hover:text-ink"}`}
          >
            {option.label}
          </Link>
        );
      })}
    </nav>
  );
}

function ActiveFilters({ query }: { query: DiscoveryQuery }) {
  if (!query.q && !query.open && query.parent === undefined) return null;
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm text-muted">
      {query.q ? <span>Matching “{query.q}”</span> : null}
      {query.parent !== undefined ? <span>· forks of project #{query.parent}</span> : null}
      {query.open ? <span>· with open proposals</span> : null}
      <Link href="/" className="font-medium text-brand hover:underline">
        Clear
      </Link>
    </p>
  );
}

function EmptyState({ query }: { query: DiscoveryQuery }) {
  const what = [query.q ? `“${query.q}”` : "", query.parent !== undefined ? `forks of project #${query.parent}` : "", query.open ? "open proposals" : ""]
    .filter(Boolean)
    .join(", ");
  return (
    <div className="card text-center" data-testid="board-empty">
      <p className="font-medium">{what ? `No project matches ${what}.` : "No project has been published yet."}</p>
      <p className="mt-1 text-sm text-muted">
        {what ? (
          <>
            Try another word, or{" "}
            <Link href="/" className="text-brand hover:underline">
              see every project
            </Link>
            .
          </>
        ) : (
          <>
            <Link href="/create" className="text-brand hover:underline">
              Publish the first one
            </Link>
            .
          </>
        )}
      </p>
    </div>
  );
}

export async function DiscoveryBoard({ query }: { query: DiscoveryQuery }) {
  const { nativeSymbol } = getRuntimeConfig();
  const board = await loadBoard(query);
  const rows = board.source === "indexer" || board.source === "chain" ? board.rows : [];
  const now = windowNow(Date.now() / 1000, rows.flatMap((row) => (row.lastActivityAt === undefined ? [] : [row.lastActivityAt])));
  const previous = board.source === "indexer" ? previousPageHref(query) : undefined;
  const next = board.source === "indexer" && board.nextCursor ? nextPageHref(query, board.nextCursor) : undefined;

  return (
    <section aria-labelledby="board-title" className="space-y-4" data-testid="discovery-board" data-source={board.source}>
      <h2 id="board-title" className="sr-only">
        Projects
      </h2>
      <SearchForm query={query} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <SortNav query={query} />
        <ActiveFilters query={query} />
      </div>

      {board.source === "chain" ? (
        <p role="status" data-testid="indexer-down" className="rounded-lg bg-warn-soft px-4 py-3 text-sm text-warn">
          The indexer cannot be reached: these are the first {board.limit} projects read from the chain
          {board.total > BigInt(board.limit) ? ` (of ${board.total})` : ""}. Trends, 24-hour figures, open proposals and paging come back with it.
        </p>
      ) : null}
      {board.source === "none" || board.source === "invalid" ? (
        <div role="alert" data-testid={board.source === "none" ? "indexer-down" : "board-error"} className="card">
          <p className="font-medium">{board.error}</p>
          <p className="mt-1 text-sm">
            <Link href={firstPageHref(query)} className="text-brand hover:underline">
              Start again from the first page
            </Link>
          </p>
        </div>
      ) : rows.length === 0 ? (
        <EmptyState query={query} />
      ) : (
        <div className="card overflow-hidden p-0">
          <div aria-hidden className={`hidden border-b border-line bg-canvas px-4 py-2 text-xs tracking-wide text-muted uppercase ${BOARD_COLUMNS}`}>
            <span>Project</span>
            <span>Price · 24 h</span>
            <span>Market cap</span>
            <span>24 h volume</span>
            <span>Baseline → best</span>
            <span>Open proposals</span>
          </div>
          <ol className="divide-y divide-line" data-testid="project-list">
            {rows.map((row) => (
              <ProjectRow key={row.id} row={row} now={now} nativeSymbol={nativeSymbol} />
            ))}
          </ol>
        </div>
      )}

      {previous || next ? (
        <nav aria-label="Pages" className="flex items-center justify-between gap-3 text-sm">
          {previous ? (
            <Link href={previous} className="btn btn-secondary" rel="prev">
              Previous
            </Link>
          ) : (
            <span />
          )}
          <span className="text-muted" data-testid="page-number">
            Page {pageNumberOf(query)}
          </span>
          {next ? (
            <Link href={next} className="btn btn-secondary" rel="next">
              Next page
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </section>
  );
}
