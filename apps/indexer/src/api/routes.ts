/**
 * The read API's route table, in one place for both sides: the indexer registers a handler for each
 * of `READ_ROUTES` (src/api/index.ts), and the web app's same-origin proxy passes exactly the
 * `public` ones (`isPublicRoute`), so the two cannot drift. Plain TypeScript with no Ponder import:
 * the web server bundles this module (`@orm/indexer/api/routes`).
 */

/** One route: its Hono path (`:name` for a parameter) and whether the browser may reach it. */
export type Route = {
  readonly path: string;
  /**
   * Passed by the web app's proxy (`/api/indexer/...`) to the browser. The others are read by the
   * web server directly (the overview, the list of proposals across projects) or not at all.
   */
  readonly public: boolean;
};

/** The routes of src/api (GET), in the order they are registered. */
export const READ_ROUTES = {
  projects: { path: "/projects", public: true },
  project: { path: "/projects/:id", public: true },
  projectOverview: { path: "/projects/:id/overview", public: false },
  projectTrades: { path: "/projects/:id/trades", public: true },
  projectCandles: { path: "/projects/:id/candles", public: true },
  projectProposals: { path: "/projects/:id/proposals", public: true },
  proposals: { path: "/proposals", public: false },
  proposal: { path: "/proposals/:id", public: true },
  queue: { path: "/queue", public: true },
  account: { path: "/accounts/:address", public: true },
  changes: { path: "/changes", public: false },
} as const satisfies Record<string, Route>;

export type ReadRouteName = keyof typeof READ_ROUTES;

/**
 * Routes Ponder serves itself. `/status` is public: pages wait on it for the block their write
 * landed in (`waitForIndexedBlock` in @orm/protocol/indexerStatus) before they refresh.
 */
export const PONDER_ROUTES = {
  status: { path: "/status", public: true },
  health: { path: "/health", public: false },
  ready: { path: "/ready", public: false },
  metrics: { path: "/metrics", public: false },
  graphql: { path: "/graphql", public: false },
  sql: { path: "/sql/*", public: false },
} as const satisfies Record<string, Route>;

/**
 * What a path parameter must look like for the proxy to pass it. The API itself takes any text
 * there and answers a bad one with a 400 sentence; the proxy refuses it (404) without asking.
 */
const PARAMETER_PATTERNS: Record<string, string> = {
  id: "[0-9]+",
  address: "0x[0-9a-fA-F]{40}",
};

/** `path` as a regular expression source: literal segments escaped, `:name` by its pattern, `*` as anything. */
function patternOf(path: string): string {
  return path
    .split("/")
    .map((segment) => {
      if (segment === "*") return ".*";
      if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const pattern = PARAMETER_PATTERNS[segment.slice(1)];
      if (pattern === undefined) throw new Error(`The route parameter ${segment} has no pattern in PARAMETER_PATTERNS.`);
      return pattern;
    })
    .join("/");
}

/** Every public route's path, from both tables. */
export const PUBLIC_PATHS: readonly string[] = [...Object.values(READ_ROUTES), ...Object.values(PONDER_ROUTES)]
  .filter((route) => route.public)
  .map((route) => route.path);

const PUBLIC_ROUTE = new RegExp(`^(?:${PUBLIC_PATHS.map(patternOf).join("|")})$`);

/** Whether the browser may read `path` (`/projects/7/trades`; no query) through the web app's proxy. */
export function isPublicRoute(path: string): boolean {
  return PUBLIC_ROUTE.test(path);
}
