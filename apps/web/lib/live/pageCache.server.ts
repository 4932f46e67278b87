/**
 * Pages rendered once per indexed block, not once per visitor. The pages that follow the chain (`/`,
 * `/projects/[id]`, `/proposals/[id]`, `/verify`) render on the server from the indexer and the chain
 * at request time (the root layout reads the runtime config, so nothing is prerendered), which held
 * a crowd to ~50 requests/s on this machine. `proxy.ts` answers them from here instead:
 *
 * - An entry is one rendered response (an HTML document, or the RSC payload a client navigation or
 *   `router.refresh()` asks for), keyed by the URL and the request headers the response varies by
 *   (Next's `Vary`: `RSC`, `Next-Router-State-Tree`, `Next-Router-Prefetch`,
 *   `Next-Router-Segment-Prefetch`, `Next-Url`), and stamped with the indexed block it was rendered
 *   after (`getIndexedBlock()`).
 * - Fresh while the indexer has no newer block — for a project page or a proposal page, no newer
 *   block that touched its project (`GET /changes`: a trade elsewhere does not render every project
 *   and proposal page again; every event a proposal page shows, its review's included, touches its
 *   project) — (and for at most `MAX_AGE_MS`, for the relative times
 *   and countdowns a page prints). A document older than that is still served at once while one
 *   request renders its successor (stale-while-revalidate), so the crowd does not wait on a render,
 *   but only for `STALE_GRACE_MS` after the indexer moved on: past that, requests wait for the
 *   render. Under a crowd a render takes seconds (it shares the event loop with every hit), and
 *   blocks landing faster than that kept pages several seconds behind; once the crowd waits, the
 *   render has the machine to itself and finishes in tens of milliseconds, so no page is served
 *   more than about a second behind the indexer. An RSC request always waits for the successor:
 *   the live stream asks for it to get the block it was told about.
 * - Renders are single-flight per key: a crowd arriving at once costs one render.
 * - The render is the app itself, fetched over loopback with a header that lets it through the proxy,
 *   and with no cookies: a cached page cannot carry anything of the visitor who caused the render.
 *   Per-visitor parts (the wallet, balances, allowances) are client islands that read the chain in
 *   the browser.
 * - When the indexer does not answer, nothing is cached: the page renders per request from the chain
 *   and says so, as before.
 * - Entries are kept uncompressed: Next compresses what the proxy answers per request and does not
 *   pass a body the proxy compressed itself (it compressed it again).
 */

import { behindSince, getIndexedBlock, projectOfProposal, projectUntouched } from "./indexedBlock.server.ts";

/** The request header that marks the proxy's own render request (it passes the proxy untouched). */
export const RENDER_HEADER = "x-page-cache-render";
/** The response header naming the indexed block a page was rendered after (the bench reads it). */
export const BLOCK_HEADER = "x-indexed-block";
/** `hit`, `stale` (served while its successor renders) or `miss` (rendered for this request). */
export const STATUS_HEADER = "x-page-cache";

/** The pages served from the cache: those that follow the chain and read no visitor's state. */
const CACHED_PATHS = [/^\/$/, /^\/projects\/\d{1,30}$/, /^\/proposals\/\d{1,30}$/, /^\/verify$/];
/** The request headers a rendered response varies by (Next's `Vary` for app routes). */
const VARY_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-url"];
/** Response headers not copied into a cached entry (they describe one transfer, or one visitor). */
const TRANSFER_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "date", "set-cookie"]);

/** A page is rendered again after this long even without a new block (relative times, countdowns). */
const MAX_AGE_MS = 15_000;
/** How long after the indexer moved on a document may still be served from the older render (ms). */
const STALE_GRACE_MS = 600;
/** Entries kept (the board's searches and pages each have their own). */
const MAX_ENTRIES = 500;
/** A render slower than this is abandoned (the visitor gets a 504 rather than a hung request). */
const RENDER_TIMEOUT_MS = 30_000;

type Entry = {
  block: bigint;
  /** The project whose changes the page follows (a project page's, a proposal's), when known. */
  project: string | undefined;
  renderedAt: number;
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
};

type PageCache = {
  entries: Map<string, Entry>;
  /** Renders in flight by key. */
  rendering: Map<string, Promise<Entry | undefined>>;
};

const KEY = Symbol.for("orm.web.pageCache");

function cache(): PageCache {
  const shared = globalThis as typeof globalThis & { [KEY]?: PageCache };
  shared[KEY] ??= { entries: new Map(), rendering: new Map() };
  return shared[KEY];
}

/** Whether `request` may be answered from the cache (a plain GET of a cached page, not the render itself). */
export function isCacheable(request: Request): boolean {
  if (request.method !== "GET" || request.headers.has(RENDER_HEADER)) return false;
  return CACHED_PATHS.some((pattern) => pattern.test(new URL(request.url).pathname));
}

function keyOf(request: Request): string {
  const url = new URL(request.url);
  return [url.pathname + url.search, ...VARY_HEADERS.map((name) => request.headers.get(name) ?? "")].join("\n");
}

/** Renders `request`'s page through the app (loopback, no cookies) and keeps it when it may be shared. */
async function render(request: Request, origin: string, key: string, block: bigint): Promise<Entry | undefined> {
  const url = new URL(request.url);
  // The page learns the block it renders after (`renderedBlockOf`), for its live stream.
  const headers = new Headers({
    [RENDER_HEADER]: "1",
    [BLOCK_HEADER]: block.toString(),
    "accept-encoding": "identity",
    accept: request.headers.get("accept") ?? "*/*",
  });
  for (const name of VARY_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const [response, project] = await Promise.all([
    fetch(new URL(url.pathname + url.search, origin), { headers, redirect: "manual", signal: AbortSignal.timeout(RENDER_TIMEOUT_MS) }),
    projectFollowedBy(url.pathname),
  ]);
  const entry: Entry = {
    block,
    project,
    renderedAt: Date.now(),
    status: response.status,
    headers: [...response.headers].filter(([name]) => !TRANSFER_HEADERS.has(name.toLowerCase())),
    body: await response.arrayBuffer(),
  };
  // Only a whole, shareable page is kept: not an error, not a redirect, never one that sets a cookie.
  if (response.status !== 200 || response.headers.has("set-cookie")) return entry;
  const { entries } = cache();
  entries.delete(key); // re-inserted last: the oldest entries go first
  entries.set(key, entry);
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return entry;
}

/** One render per key at a time; concurrent askers share it. */
function renderOnce(request: Request, origin: string, key: string, block: bigint): Promise<Entry | undefined> {
  const { rendering } = cache();
  let pending = rendering.get(key);
  if (!pending) {
    pending = render(request, origin, key, block)
      .catch(() => undefined)
      .finally(() => rendering.delete(key));
    rendering.set(key, pending);
  }
  return pending;
}

/** The project whose changes page `pathname` follows (a project page's, a proposal's), else undefined: every block. */
async function projectFollowedBy(pathname: string): Promise<string | undefined> {
  const project = pathname.match(/^\/projects\/(\d{1,30})$/)?.[1];
  if (project !== undefined) return project;
  const proposal = pathname.match(/^\/proposals\/(\d{1,30})$/)?.[1];
  return proposal === undefined ? undefined : projectOfProposal(proposal);
}

/** The cached response; `currentAt`: the newest block its content is known to be current at (a project page no block touched since). */
function responseOf(entry: Entry, status: "hit" | "stale" | "miss", currentAt = entry.block): Response {
  const headers = new Headers(entry.headers);
  headers.set(BLOCK_HEADER, currentAt.toString());
  headers.set(STATUS_HEADER, status);
  return new Response(entry.body, { status: entry.status, headers });
}

/**
 * The cached answer to `request` (rendering it through `origin` when needed), or `undefined` when it
 * must be rendered for this request alone (the indexer does not answer, or the render failed).
 */
export async function answerFromCache(request: Request, origin: string): Promise<Response | undefined> {
  const block = await getIndexedBlock();
  if (block === undefined) return undefined;
  const key = keyOf(request);
  const entry = cache().entries.get(key);
  const current = entry !== undefined && (entry.block >= block || (entry.project !== undefined && projectUntouched(entry.project, entry.block, block)));
  if (entry && current && Date.now() - entry.renderedAt < MAX_AGE_MS) return responseOf(entry, "hit", entry.block >= block ? entry.block : block);
  const next = renderOnce(request, origin, key, block);
  if (entry && !request.headers.has("rsc") && behindSince(entry.block) < STALE_GRACE_MS) return responseOf(entry, "stale");
  const rendered = await next;
  return rendered ? responseOf(rendered, "miss") : undefined;
}
