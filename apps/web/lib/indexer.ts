/**
 * Typed client for the indexer's read API (apps/indexer/src/api). Lists, feeds, charts, queues and
 * portfolios come from here; what a user is about to sign against is read from the chain instead.
 *
 * - On the server (server components): `createIndexerClient(getRuntimeConfig().indexerUrl)`.
 * - In the browser: `createIndexerClient()` goes through the app's same-origin proxy
 *   (`/api/indexer/...`, `app/api/indexer/[...path]/route.ts`), so the indexer needs no CORS and its
 *   port can change without a rebuild.
 *
 * The API writes bigints as decimal strings, and its types say so: convert with `BigInt(...)` where
 * arithmetic is needed. Every failure is an `IndexerError` with one sentence;
 * `status` 0 means the indexer could not be reached (pages then fall back to chain reads and say so).
 */
import type {
  Account,
  CandleInterval,
  CandleSeries,
  Page,
  ProjectDetail,
  ProjectListItem,
  ProjectOverview,
  ProjectSort,
  Proposal,
  ProposalDetail,
  QueuePage,
  Trade,
} from "@orm/indexer/api/types";
import { proposalStatus, type ProposalStatus } from "@orm/protocol/generated/constants";

/**
 * The response bodies are the indexer's own types (`apps/indexer/src/api/types.ts`: its schema's rows
 * as JSON, checked against its handlers; the ledger's `ProposalStatus` among them), imported
 * type-only so nothing of the indexer is bundled.
 */
export type * from "@orm/indexer/api/types";

/** Decimal strings, as the API writes bigints. */
export type BigString = string;
export type Wei = string;
export type HexString = `0x${string}`;

/** A candle's size in seconds, as the API returns it. */
export const CANDLE_SECONDS: Record<CandleInterval, 60 | 3600 | 86400> = { "1m": 60, "1h": 3600, "1d": 86400 };

export type ProjectOverviewQuery = {
  trades?: number;
  proposals?: number;
  forks?: number;
  candles1m?: number;
  candles1h?: number;
  candles1d?: number;
};

export type ProjectListQuery = {
  q?: string;
  sort?: ProjectSort;
  limit?: number;
  cursor?: string;
  creator?: string;
  parent?: bigint | string;
  minMarketCap?: bigint | string;
  maxMarketCap?: bigint | string;
  hasOpenProposals?: boolean;
};

export class IndexerError extends Error {
  override name = "IndexerError";
  /** HTTP status; 0 when the indexer could not be reached. */
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** The browser's way to the indexer: the app's same-origin proxy. */
export const INDEXER_PROXY_PATH = "/api/indexer";

type Query = Record<string, string | number | bigint | boolean | undefined | null>;

function toSearch(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export type IndexerClientOptions = {
  /** Passed to `fetch` (server components: `{ cache: "no-store" }` is the default). */
  init?: RequestInit;
  /** Give up after this many ms (default 5 s): a slow indexer must not hang a page. */
  timeoutMs?: number;
};

export function createIndexerClient(baseUrl: string = INDEXER_PROXY_PATH, { init, timeoutMs = 5_000 }: IndexerClientOptions = {}) {
  const base = baseUrl.replace(/\/+$/, "");

  async function get<result>(path: string, query?: Query, signal?: AbortSignal): Promise<result> {
    const url = `${base}${path}${toSearch(query)}`;
    let response: Response;
    try {
      const timeout = AbortSignal.timeout(timeoutMs);
      response = await fetch(url, {
        cache: "no-store",
        ...init,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        headers: { accept: "application/json" },
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new IndexerError("The indexer could not be reached; lists and charts may be out of date.", 0);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new IndexerError(`The indexer answered ${response.status} without JSON.`, response.status);
    }
    if (!response.ok) {
      const message = (body as { error?: unknown })?.error;
      throw new IndexerError(typeof message === "string" ? message : `The indexer answered ${response.status}.`, response.status);
    }
    return body as result;
  }

  return {
    projects: (query: ProjectListQuery = {}, signal?: AbortSignal) =>
      get<Page<ProjectListItem>>("/projects", query as Query, signal),
    project: (id: bigint | string, signal?: AbortSignal) => get<ProjectDetail>(`/projects/${id}`, undefined, signal),
    projectOverview: (id: bigint | string, query: ProjectOverviewQuery = {}, signal?: AbortSignal) =>
      get<ProjectOverview>(`/projects/${id}/overview`, query, signal),
    trades: (id: bigint | string, query: { limit?: number; cursor?: string; trader?: string } = {}, signal?: AbortSignal) =>
      get<Page<Trade>>(`/projects/${id}/trades`, query, signal),
    candles: (
      id: bigint | string,
      query: { interval?: CandleInterval; from?: number | bigint; to?: number | bigint; limit?: number } = {},
      signal?: AbortSignal,
    ) => get<CandleSeries>(`/projects/${id}/candles`, query, signal),
    projectProposals: (
      id: bigint | string,
      query: { status?: ProposalStatus; limit?: number; cursor?: string } = {},
      signal?: AbortSignal,
    ) => get<Page<Proposal>>(`/projects/${id}/proposals`, query, signal),
    /** Proposals across projects, newest first; `reviewer` is the verifier holding the claim (or who settled it). */
    proposals: (query: { status?: ProposalStatus; reviewer?: string; limit?: number; cursor?: string } = {}, signal?: AbortSignal) =>
      get<Page<Proposal>>("/proposals", query, signal),
    proposal: (id: bigint | string, signal?: AbortSignal) => get<ProposalDetail>(`/proposals/${id}`, undefined, signal),
    queue: (
      query: { projectId?: bigint | string; verifier?: string; upcoming?: boolean; limit?: number; cursor?: string } = {},
      signal?: AbortSignal,
    ) =>
      get<QueuePage>("/queue", query, signal),
    account: (address: string, signal?: AbortSignal) => get<Account>(`/accounts/${address}`, undefined, signal),
  };
}

export type IndexerClient = ReturnType<typeof createIndexerClient>;

/** The ledger's status numbers as words. */
export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  [proposalStatus.Submitted]: "Submitted",
  [proposalStatus.Reviewing]: "Under review",
  [proposalStatus.Approved]: "Approved",
  [proposalStatus.Rejected]: "Rejected",
  [proposalStatus.Expired]: "Expired",
  [proposalStatus.Superseded]: "Superseded",
  // an earlier commitment of the same code was revealed: the root is that proposal's, this stake went back
  [proposalStatus.Displaced]: "Displaced",
};
