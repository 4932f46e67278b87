/**
 * Typed client for the indexer's read API (apps/indexer/src/api). Lists, feeds, charts, queues and
 * portfolios come from here; what a user is about to sign against is read from the chain instead.
 *
 * - On the server (server components): `createIndexerClient(getRuntimeConfig().indexerUrl)`.
 * - In the browser: `createIndexerClient()` goes through the app's same-origin proxy
 *   (`/api/indexer/...`, `app/api/indexer/[...path]/route.ts`), so the indexer needs no CORS and its
 *   port can change without a rebuild.
 *
 * The API writes bigints as decimal strings; these types say so (`Wei`, `BigString`): convert with
 * `BigInt(...)` where arithmetic is needed. Every failure is an `IndexerError` with one sentence;
 * `status` 0 means the indexer could not be reached (pages then fall back to chain reads and say so).
 */
import { proposalStatus, type ProposalStatus } from "@orm/protocol/generated/constants";

export type BigString = string;
export type Wei = string;
export type HexString = `0x${string}`;

export type ProjectSort = "trending" | "newest" | "marketCap" | "improvement" | "activity";

export type ProjectListItem = {
  id: BigString;
  token: HexString;
  name: string;
  symbol: string;
  repository: string | null;
  /** Research domain from the protocol artifact, when the indexer could read it. */
  domain?: string | null;
  /** 0G root of the protocol artifact. */
  protocolHash: HexString;
  creator: HexString;
  parentProjectId: BigString | null;
  spotPrice: Wei;
  totalSupply: BigString;
  reserve: Wei;
  marketCap: Wei;
  holderCount: number;
  baselineScore: BigString;
  bestScore: BigString;
  metricScale: BigString;
  lowerIsBetter: boolean;
  improvement: BigString;
  improvementRatio: number;
  openProposals: number;
  tradeCount: number;
  createdAt: BigString;
  lastActivityAt: BigString;
  volume24h: Wei;
  /** The close of the last hourly candle that started at or before 24 h ago; null when nothing had traded by then. */
  price24hAgo: Wei | null;
};

export type BestScoreStep = {
  id: string;
  projectId: BigString;
  proposalId: BigString | null;
  miner: HexString;
  score: BigString;
  previousScore: BigString;
  improvement: BigString;
  codeHash: HexString;
  metricsHash: HexString;
  timestamp: BigString;
  blockNumber: BigString;
};

export type VerifierPoolRow = {
  projectId: BigString;
  token: HexString;
  settledReviews: BigString;
  totalInflow: BigString;
  totalClaimed: BigString;
  undistributed: BigString;
  accPerReview: BigString;
};

export type ProjectDetail = Omit<ProjectListItem, "volume24h"> & {
  protocolHash: HexString;
  repoSnapshotHash: HexString | null;
  benchmarkHash: HexString | null;
  baselineMetricsHash: HexString | null;
  hasParent: boolean;
  minImprovement: BigString;
  rewardRule: number;
  rewardBps: number;
  impactTarget: BigString;
  minStake: BigString;
  basePrice: Wei;
  slope: Wei;
  minerPoolCap: BigString;
  minerPoolMinted: BigString;
  volumeTotal: Wei;
  bestMiner: HexString | null;
  bestCodeHash: HexString | null;
  bestMetricsHash: HexString | null;
  bestUpdatedAt: BigString;
  proposalCount: number;
  approvedCount: number;
  createdBlock: BigString;
  volume24h: Wei;
  /** reserve / costBetween(0, supply), as a JSON number (1 when nothing was minted). */
  backingRatio: number | string;
  verifierPool: VerifierPoolRow | null;
  /** Newest first (up to 50). */
  bestHistory: BestScoreStep[];
};

export type Trade = {
  id: string;
  projectId: BigString;
  trader: HexString;
  isBuy: boolean;
  amount: BigString;
  value: Wei;
  totalSupply: BigString;
  spotPrice: Wei;
  reserve: Wei;
  timestamp: BigString;
  blockNumber: BigString;
  transactionHash: HexString;
};

/** Candle sizes as the API names them in queries. */
export type CandleInterval = "1m" | "1h" | "1d";

/** A candle's size in seconds, as the API returns it. */
export const CANDLE_SECONDS: Record<CandleInterval, 60 | 3600 | 86400> = { "1m": 60, "1h": 3600, "1d": 86400 };

export type Candle = {
  projectId: BigString;
  /** Seconds (60, 3600 or 86400). */
  interval: number;
  start: BigString;
  open: Wei;
  high: Wei;
  low: Wei;
  close: Wei;
  volume: Wei;
  tokenVolume: BigString;
  trades: number;
};

/** The ledger's status numbers (generated from `IProposalLedger.Status`). */
export type { ProposalStatus };

export type Proposal = {
  id: BigString;
  projectId: BigString;
  miner: HexString;
  rewardRecipient: HexString;
  codeHash: HexString;
  benchmarkLogHash: HexString | null;
  metricsHash: HexString | null;
  claimedScore: BigString;
  verifiedScore: BigString | null;
  stake: BigString;
  status: ProposalStatus;
  submittedAt: BigString;
  expiresAt: BigString;
  reviewer: HexString | null;
  reviewLockUntil: BigString | null;
  currentReviewId: string | null;
  claimedAt: BigString | null;
  settledAt: BigString | null;
  settledBy: HexString | null;
  improvement: BigString | null;
  stakeReturned: BigString | null;
  reward: BigString | null;
  slashedToPool: BigString | null;
  slashedBurned: BigString | null;
  updatedAt: BigString;
  transactionHash: HexString;
};

export type ProposalEventKind =
  | "submitted"
  | "claimed"
  | "released"
  | "approved"
  | "paid"
  | "rejected"
  | "slashed"
  | "superseded"
  | "expired";

export type ProposalEvent = {
  id: string;
  proposalId: BigString;
  projectId: BigString;
  kind: ProposalEventKind | string;
  actor: HexString | null;
  fromStatus: number | null;
  toStatus: number | null;
  /** The event's amounts and hashes (bigints as strings). */
  data: Record<string, unknown> | null;
  timestamp: BigString;
  blockNumber: BigString;
  transactionHash: HexString;
};

export type Review = {
  id: string;
  proposalId: BigString;
  projectId: BigString;
  verifier: HexString;
  claimedAt: BigString;
  lockUntil: BigString;
  outcome: "pending" | "released" | "lapsed" | "approved" | "rejected" | "superseded" | "expired" | string;
  verifiedScore: BigString | null;
  metricsHash: HexString | null;
  endedAt: BigString | null;
};

export type ProposalDetail = Proposal & { timeline: ProposalEvent[]; reviews: Review[] };

export type QueueItem = Proposal & { needsRelease: boolean };

export type Reputation = {
  address: HexString;
  proposalsSubmitted: number;
  proposalsAccepted: number;
  proposalsRejected: number;
  proposalsExpired: number;
  proposalsSuperseded: number;
  totalImprovement: BigString;
  reviewsClaimed: number;
  reviewsSettled: number;
  approvals: number;
  rejections: number;
  supersessions: number;
  lapsedClaims: number;
  reviewsContradicted: number;
  updatedAt: BigString;
};

export type Account = {
  address: HexString;
  holdings: { projectId: BigString; token: HexString; balance: BigString; name: string; symbol: string; spotPrice: Wei; value: Wei }[];
  /** Open proposals (submitted or under review) this account staked. */
  stakes: Proposal[];
  rewards: { id: string; projectId: BigString; proposalId: BigString; account: HexString; amount: BigString; timestamp: BigString }[];
  verifier: { address: HexString; active: boolean; displayName: string | null; attestationKeyHash: HexString | null } | null;
  verifierEarnings: { projectId: BigString; token: HexString; settledReviews: BigString; claimable: BigString; claimed: BigString; earned: BigString }[];
  rewardClaims: { id: string; projectId: BigString; account: HexString; amount: BigString; timestamp: BigString; transactionHash: HexString }[];
  reputation: Reputation | null;
};

export type Page<item> = { items: item[]; nextCursor: string | null };

/** A project page in one read (`GET /projects/:id/overview`). */
export type ProjectOverview = {
  project: ProjectDetail;
  trades: Trade[];
  proposals: Proposal[];
  forks: ProjectListItem[];
  /** The newest candles of each interval asked for, oldest first. */
  candles: Record<CandleInterval, Candle[]>;
};

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
    ) => get<{ interval: number; items: Candle[] }>(`/projects/${id}/candles`, query, signal),
    projectProposals: (
      id: bigint | string,
      query: { status?: ProposalStatus; limit?: number; cursor?: string } = {},
      signal?: AbortSignal,
    ) => get<Page<Proposal>>(`/projects/${id}/proposals`, query, signal),
    /** Proposals across projects, newest first; `reviewer` is the verifier holding the claim (or who settled it). */
    proposals: (query: { status?: ProposalStatus; reviewer?: string; limit?: number; cursor?: string } = {}, signal?: AbortSignal) =>
      get<Page<Proposal>>("/proposals", query, signal),
    proposal: (id: bigint | string, signal?: AbortSignal) => get<ProposalDetail>(`/proposals/${id}`, undefined, signal),
    queue: (query: { projectId?: bigint | string; verifier?: string; limit?: number; cursor?: string } = {}, signal?: AbortSignal) =>
      get<Page<QueueItem> & { now: BigString }>("/queue", query, signal),
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
};
