/**
 * The read API's response bodies, defined once: from the schema's rows (`$inferSelect`), with the
 * columns the schema stores loosely (a status as an integer, JSON as unknown) narrowed to what the
 * handlers write there. `WithBigints` is what the handlers build (each route checks its body against
 * it with `satisfies`); the exported names are that body as JSON carries it (`Json`: bigints as
 * decimal strings), which clients import type-only (`@orm/indexer/api/types`, as the web app does).
 *
 * Type-only imports only: this module must typecheck without Ponder's virtual modules
 * (`ponder:schema`, `ponder:api`), under the web app's compiler options too.
 */
import type { ProposalStatus } from "@orm/protocol/generated/constants";

import type { CandleInterval, ProjectSort } from "../../lib/params.ts";
import type {
  balance,
  bestScore,
  candle,
  minerReward,
  project,
  proposal,
  proposalEvent,
  quorumPay,
  quorumReview,
  quorumSeat,
  reputation,
  review,
  rewardClaim,
  trade,
  verifier,
  verifierBond,
  verifierPool,
} from "../../ponder.schema.ts";

export type { CandleInterval, ProjectSort, ProposalStatus };

/** A value as JSON carries it from the API: bigints as decimal strings (`replaceBigInts`), everything else as is. */
export type Json<value> = value extends bigint
  ? string
  : value extends readonly (infer item)[]
    ? Json<item>[]
    : value extends object
      ? { [key in keyof value]: Json<value[key]> }
      : value;

type Row<table extends { $inferSelect: object }> = table["$inferSelect"];

/** What `proposalEvent.kind` holds: the ledger handlers write the first eleven, the review quorum's the rest. */
export type ProposalEventKind =
  | "submitted"
  | "claimed"
  | "released"
  | "approved"
  | "paid"
  | "rejected"
  | "slashed"
  | "superseded"
  | "expired"
  | "refunded"
  | "displaced"
  /** A single reviewer decided: `data` { verdict (the status it implies), ran, score, seatLock, appealDeadline }. */
  | "decided"
  | "quorum-requested"
  | "seat-drawn"
  | "score-committed"
  | "seat-replaced"
  | "score-revealed"
  | "round-closed"
  | "appealed"
  | "appeal-voided"
  | "quorum-final";

/** What `review.outcome` holds (`decided`: its verdict waits out the appeal window; `overturned`: an appeal changed it). */
export type ReviewOutcome =
  | "pending"
  | "released"
  | "lapsed"
  | "decided"
  | "approved"
  | "rejected"
  | "superseded"
  | "expired"
  | "overturned";

/** The project columns a `GET /projects` item shows (the rest are for `GET /projects/:id`, or not shown). */
export type ProjectListColumn =
  | "id"
  | "token"
  | "name"
  | "symbol"
  | "title"
  | "repository"
  | "domain"
  | "protocolHash"
  | "creator"
  | "parentProjectId"
  | "spotPrice"
  | "totalSupply"
  | "reserve"
  | "marketCap"
  | "holderCount"
  | "baselineScore"
  | "bestScore"
  | "metricScale"
  | "lowerIsBetter"
  | "improvement"
  | "improvementRatio"
  | "openProposals"
  | "tradeCount"
  | "createdAt"
  | "lastActivityAt";

type ProjectRow = Row<typeof project>;

/** Project columns the API never shows: the search text, the rolling volume window (replaced by `volume24h`), a handler's bookkeeping. */
type HiddenProjectColumn = "searchText" | "volumeHour" | "volumeSlots" | "volumeBound";

/** Each body as the handlers build it, with bigints (the exported types below are these as JSON). */
export type WithBigints = {
  ProjectListItem: Pick<ProjectRow, ProjectListColumn> & {
    /** Ether traded in the last 24 h. */
    volume24h: bigint;
    /** The close of the last hourly candle that started at or before 24 h ago; null when nothing had traded by then. */
    price24hAgo: bigint | null;
  };
  ProjectDetail: Omit<ProjectRow, HiddenProjectColumn> & {
    volume24h: bigint;
    /** reserve / costBetween(0, supply), 1e18 fixed point (1e18 when nothing was minted). */
    backingRatio: bigint;
    verifierPool: Row<typeof verifierPool> | null;
    /** Newest first (up to 50). */
    bestHistory: Row<typeof bestScore>[];
  };
  Trade: Row<typeof trade>;
  Candle: Row<typeof candle>;
  Proposal: Omit<Row<typeof proposal>, "status"> & { status: ProposalStatus };
  ProposalEvent: Omit<Row<typeof proposalEvent>, "kind" | "data"> & {
    kind: ProposalEventKind | string;
    /** The event's amounts and hashes (bigints as strings). */
    data: Record<string, unknown> | null;
  };
  Review: Omit<Row<typeof review>, "outcome"> & { outcome: ReviewOutcome | string };
  Reputation: Row<typeof reputation>;
  Account: {
    address: `0x${string}`;
    /** Positive balances, with their value at the spot price. */
    holdings: (Pick<Row<typeof balance>, "projectId" | "token" | "balance"> &
      Pick<ProjectRow, "name" | "symbol" | "title" | "spotPrice"> & { value: bigint })[];
    /** Open proposals (submitted or under review) this account staked. */
    stakes: WithBigints["Proposal"][];
    /** Newest first (up to 100). */
    rewards: Row<typeof minerReward>[];
    verifier: Row<typeof verifier> | null;
    /** Its verifier bond (null: it never posted one). */
    bond: Row<typeof verifierBond> | null;
    verifierEarnings: {
      projectId: bigint;
      token: `0x${string}`;
      settledReviews: bigint;
      claimable: bigint;
      claimed: bigint;
      earned: bigint;
    }[];
    /** Newest first (up to 100). */
    rewardClaims: Row<typeof rewardClaim>[];
    reputation: Row<typeof reputation> | null;
    /** Native pay the review quorum owes it (null: never credited). */
    quorumPay: Row<typeof quorumPay> | null;
    /**
     * The review seats it holds in reviews that are not final, oldest proposal first: drawn seats, and
     * seat 0 of each of its single-reviewer decisions still appealable or under appeal (`quorum` 1).
     */
    seats: WithBigints["HeldSeat"][];
  };
  QuorumReview: Row<typeof quorumReview>;
  QuorumSeat: Omit<Row<typeof quorumSeat>, "replaced"> & { replaced: string[] | null };
  /** A seat an account holds, with its review's phase and deadline (what it must do next, and by when). */
  HeldSeat: WithBigints["QuorumSeat"] & Pick<Row<typeof quorumReview>, "phase" | "deadline" | "seatLock" | "quorum">;
  /** `GET /proposals/:id`: the proposal, its timeline (oldest first) and its reviews (every claim). */
  ProposalDetail: WithBigints["Proposal"] & {
    timeline: WithBigints["ProposalEvent"][];
    reviews: WithBigints["Review"][];
    /**
     * Its quorum review and seats (first round, then the appeal's): on a project reviewed by a quorum
     * once requested, on a one-reviewer project once its reviewer decided (quorum 1, seat 0 the decider).
     */
    quorum: { review: WithBigints["QuorumReview"]; seats: WithBigints["QuorumSeat"][] } | null;
  };
  /** A `GET /queue` item: `needsRelease` when a lapsed claim must be released before it can be claimed. */
  QueueItem: WithBigints["Proposal"] & { needsRelease: boolean };
  /** `GET /queue`: a page, and the "now" it was cut at (the later of the wall clock and the chain's). */
  QueuePage: Page<WithBigints["QueueItem"]> & { now: bigint };
  /** `GET /projects/:id/candles`: oldest first; `interval` in seconds. */
  CandleSeries: { interval: number; items: WithBigints["Candle"][] };
  /** `GET /projects/:id/overview`: a project page in one read. */
  ProjectOverview: {
    project: WithBigints["ProjectDetail"];
    trades: WithBigints["Trade"][];
    proposals: WithBigints["Proposal"][];
    forks: WithBigints["ProjectListItem"][];
    /** The newest candles of each interval asked for, oldest first (empty for one not asked for). */
    candles: Record<CandleInterval, WithBigints["Candle"][]>;
  };
  /** `GET /changes?since=<block>`: the projects whose page a block after `since` changed (the web app's page cache). */
  Changes: { since: bigint; projects: bigint[] };
};

/** A page of a list: `nextCursor` goes back as `cursor` for the next one; null on the last page. */
export type Page<item> = { items: item[]; nextCursor: string | null };

export type ProjectListItem = Json<WithBigints["ProjectListItem"]>;
export type ProjectDetail = Json<WithBigints["ProjectDetail"]>;
export type VerifierPoolRow = Json<Row<typeof verifierPool>>;
export type BestScoreStep = Json<Row<typeof bestScore>>;
export type Trade = Json<WithBigints["Trade"]>;
/** `interval` in seconds (60, 3600 or 86400). */
export type Candle = Json<WithBigints["Candle"]>;
export type CandleSeries = Json<WithBigints["CandleSeries"]>;
export type Proposal = Json<WithBigints["Proposal"]>;
export type ProposalEvent = Json<WithBigints["ProposalEvent"]>;
export type Review = Json<WithBigints["Review"]>;
export type ProposalDetail = Json<WithBigints["ProposalDetail"]>;
export type QueueItem = Json<WithBigints["QueueItem"]>;
export type QueuePage = Json<WithBigints["QueuePage"]>;
export type Reputation = Json<WithBigints["Reputation"]>;
export type Account = Json<WithBigints["Account"]>;
export type QuorumReview = Json<WithBigints["QuorumReview"]>;
export type QuorumSeat = Json<WithBigints["QuorumSeat"]>;
export type HeldSeat = Json<WithBigints["HeldSeat"]>;
export type ProjectOverview = Json<WithBigints["ProjectOverview"]>;
export type Changes = Json<WithBigints["Changes"]>;
