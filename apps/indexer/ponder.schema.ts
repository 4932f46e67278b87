/**
 * The index: one table per entity, event rows keyed by `event.id` (which sorts in chain order),
 * holder balances keyed by (token, account), and an index for each sort and filter the API offers.
 * Amounts are wei or whole tokens (decimals 0); scores are the contracts' int256 fixed point
 * (`metricScale`); times are block timestamps in seconds.
 */
import { index, onchainTable, primaryKey, relations } from "ponder";

/** One row per project, with everything discovery sorts and filters on kept current by the handlers. */
export const project = onchainTable(
  "project",
  (t) => ({
    id: t.bigint().primaryKey(),
    token: t.hex().notNull(),
    creator: t.hex().notNull(),
    name: t.text().notNull(),
    symbol: t.text().notNull(),
    /**
     * The project's name on every screen (`projectNameOf`: the title, else the token's name).
     * Off-chain, from the protocol artifact (`title`, `repository`, `domain` of open-research-market/protocol@1),
     * fetched from the storage relay (`STORAGE_URL`) when the project is created and checked against
     * `protocolHash`; null when there is no relay, the artifact is missing or invalid.
     */
    title: t.text(),
    repository: t.text(),
    /** Research domain ("Compression", "Machine learning"): see `repository`. */
    domain: t.text(),
    /**
     * What `q` searches: title, name, symbol, repository and domain, lowercased, joined by U+001F
     * (`searchTextOf` in lib/search.ts), so one `like '%q%'` covers them all.
     */
    searchText: t.text().notNull(),
    protocolHash: t.hex().notNull(),
    repoSnapshotHash: t.hex(),
    benchmarkHash: t.hex(),
    baselineMetricsHash: t.hex(),
    hasParent: t.boolean().notNull(),
    parentProjectId: t.bigint(),
    // rules
    lowerIsBetter: t.boolean().notNull(),
    minImprovement: t.bigint().notNull(),
    metricScale: t.bigint().notNull(),
    rewardRule: t.integer().notNull(),
    rewardBps: t.integer().notNull(),
    impactTarget: t.bigint().notNull(),
    minStake: t.bigint().notNull(),
    /** Reviewers per proposal (`ProjectConfig.reviewQuorum`): 1 is a claim by an allowlisted verifier. */
    reviewQuorum: t.integer().notNull().default(1),
    // curve
    basePrice: t.bigint().notNull(),
    slope: t.bigint().notNull(),
    minerPoolCap: t.bigint().notNull(),
    minerPoolMinted: t.bigint().notNull(),
    // market (live)
    totalSupply: t.bigint().notNull(),
    reserve: t.bigint().notNull(),
    spotPrice: t.bigint().notNull(),
    /** spotPrice × totalSupply, in wei. */
    marketCap: t.bigint().notNull(),
    /** Accounts other than the ledger (which holds stakes in escrow) with a positive balance. */
    holderCount: t.integer().notNull(),
    /** Ether traded, all time. */
    volumeTotal: t.bigint().notNull(),
    /**
     * The rolling 24 h volume (lib/volume.ts). The 24 h volume changes as time passes without any
     * event, so it is not stored as such; these three columns give it exactly for any later "now":
     * - `volumeHour`: start of the newest hour with a trade of positive value (null before one);
     * - `volumeSlots`: ether traded in each of the 24 hours ending with `volumeHour`, newest first
     *   (decimal wei, comma-separated); these equal the project's 1 h candles' volumes;
     * - `volumeBound`: their sum, the 24 h volume as of the last trade. Volumes are never negative and
     *   the window only slides forward, so this bounds the 24 h volume from above at every later time.
     * The 24 h volume now is the slots whose hour starts after now - 86400, and it is positive exactly
     * when `volumeHour > now - 86400`. The trending sort reads active projects in `volumeBound` order
     * (index `trendingIdx`), computes their exact volumes, and stops once the last page row's
     * (volume, id) is at least the next row's (bound, id): no unread project can rank above it. The
     * order therefore stays exact as time passes without events; inactive projects (volume 0) follow
     * by id (the primary key).
     */
    volumeHour: t.bigint(),
    volumeSlots: t.text(),
    volumeBound: t.bigint().notNull(),
    tradeCount: t.integer().notNull(),
    // science
    baselineScore: t.bigint().notNull(),
    bestScore: t.bigint().notNull(),
    bestMiner: t.hex(),
    bestCodeHash: t.hex(),
    bestMetricsHash: t.hex(),
    bestUpdatedAt: t.bigint().notNull(),
    /** How far the best is past the baseline in the project's direction (score units, >= 0). */
    improvement: t.bigint().notNull(),
    /** improvement / |baseline| (improvement / metricScale when the baseline is 0): comparable across projects. */
    improvementRatio: t.doublePrecision().notNull(),
    openProposals: t.integer().notNull(),
    proposalCount: t.integer().notNull(),
    approvedCount: t.integer().notNull(),
    createdAt: t.bigint().notNull(),
    createdBlock: t.bigint().notNull(),
    lastActivityAt: t.bigint().notNull(),
  }),
  (table) => ({
    trendingIdx: index().on(table.volumeBound, table.id),
    volumeHourIdx: index().on(table.volumeHour),
    createdAtIdx: index().on(table.createdAt, table.id),
    marketCapIdx: index().on(table.marketCap, table.id),
    improvementIdx: index().on(table.improvementRatio, table.id),
    activityIdx: index().on(table.lastActivityAt, table.id),
    creatorIdx: index().on(table.creator),
    parentIdx: index().on(table.parentProjectId),
    tokenIdx: index().on(table.token),
  }),
);

/** Token clone address -> project id (token events carry only the clone's address). */
export const projectToken = onchainTable("project_token", (t) => ({
  address: t.hex().primaryKey(),
  projectId: t.bigint().notNull(),
}));

export const trade = onchainTable(
  "trade",
  (t) => ({
    id: t.text().primaryKey(),
    projectId: t.bigint().notNull(),
    trader: t.hex().notNull(),
    isBuy: t.boolean().notNull(),
    /** Tokens bought or sold. */
    amount: t.bigint().notNull(),
    /** Ether paid (buy) or received (sale). */
    value: t.bigint().notNull(),
    totalSupply: t.bigint().notNull(),
    spotPrice: t.bigint().notNull(),
    reserve: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    projectIdx: index().on(table.projectId, table.id),
    traderIdx: index().on(table.trader, table.id),
  }),
);

/** OHLC of the spot price after each trade, and volume, per 60 s, 3600 s and 86400 s bucket. */
export const candle = onchainTable(
  "candle",
  (t) => ({
    projectId: t.bigint().notNull(),
    interval: t.integer().notNull(),
    start: t.bigint().notNull(),
    open: t.bigint().notNull(),
    high: t.bigint().notNull(),
    low: t.bigint().notNull(),
    close: t.bigint().notNull(),
    /** Ether traded. */
    volume: t.bigint().notNull(),
    /** Tokens traded. */
    tokenVolume: t.bigint().notNull(),
    trades: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.projectId, table.interval, table.start] }) }),
);

export const balance = onchainTable(
  "balance",
  (t) => ({
    token: t.hex().notNull(),
    account: t.hex().notNull(),
    projectId: t.bigint().notNull(),
    balance: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.token, table.account] }),
    accountIdx: index().on(table.account),
    holdersIdx: index().on(table.projectId, table.balance),
  }),
);

/** Status numbers as the ledger has them: 0 Submitted, 1 Reviewing, 2 Approved, 3 Rejected, 4 Expired, 5 Superseded. */
export const proposal = onchainTable(
  "proposal",
  (t) => ({
    id: t.bigint().primaryKey(),
    projectId: t.bigint().notNull(),
    miner: t.hex().notNull(),
    rewardRecipient: t.hex().notNull(),
    codeHash: t.hex().notNull(),
    benchmarkLogHash: t.hex(),
    metricsHash: t.hex(),
    claimedScore: t.bigint().notNull(),
    verifiedScore: t.bigint(),
    stake: t.bigint().notNull(),
    status: t.integer().notNull(),
    submittedAt: t.bigint().notNull(),
    /** submittedAt + EXPIRY_WINDOW: after it the proposal can only be expired. */
    expiresAt: t.bigint().notNull(),
    /** When it may first be claimed: its priority time (`submittedAt`) plus the ledger's COMMIT_WINDOW. */
    reviewableAt: t.bigint().notNull(),
    /** Its project's reviewers per proposal: above 1 nobody claims it, a drawn quorum reviews it. */
    reviewQuorum: t.integer().notNull().default(1),
    /**
     * Who holds the claim, or who reviewed it: an allowlisted verifier on a one-reviewer project (it
     * stays the verifier once it decided, while the ledger's `reviewer` is the review quorum that holds
     * the decision), the ReviewQuorum contract on a quorum project.
     */
    reviewer: t.hex(),
    reviewLockUntil: t.bigint(),
    /**
     * The single reviewer whose verdict the review quorum holds through its appeal window
     * (`DecisionRecorded`; one-reviewer projects with `SINGLE_REVIEW_APPEALS`); null otherwise.
     */
    decidedBy: t.hex(),
    /**
     * The verdict awaiting finality (2 Approved, 3 Rejected, 5 Superseded): the single reviewer's
     * decision, or a quorum's first-round median, as `verdictOf` judged it when it was recorded. Null
     * before and once the proposal settles (an appeal may settle it otherwise; the best may move first).
     */
    pendingVerdict: t.integer(),
    /**
     * Until when anyone may appeal the pending verdict (after it, anyone finalizes); null while an
     * appeal re-runs it and once the proposal settles. A voided appeal closes the window at once.
     */
    appealDeadline: t.bigint(),
    currentReviewId: t.text(),
    claimedAt: t.bigint(),
    settledAt: t.bigint(),
    /**
     * Whose verdict settled it: the reviewer; the ReviewQuorum contract for a quorum's median; for a
     * single reviewer's decision, the decider when it stood, the ReviewQuorum contract when an appeal
     * overturned it.
     */
    settledBy: t.hex(),
    /** Improvement over the best it replaced (approvals only). */
    improvement: t.bigint(),
    stakeReturned: t.bigint(),
    /** The review fee its reviewer earned (the same for every verdict). */
    reviewFee: t.bigint(),
    reward: t.bigint(),
    slashedToPool: t.bigint(),
    slashedBurned: t.bigint(),
    updatedAt: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    projectIdx: index().on(table.projectId, table.id),
    queueIdx: index().on(table.status, table.expiresAt),
    minerIdx: index().on(table.miner),
    recipientIdx: index().on(table.rewardRecipient),
  }),
);

/** Every state change of every proposal, with its time: the timeline. */
export const proposalEvent = onchainTable(
  "proposal_event",
  (t) => ({
    id: t.text().primaryKey(),
    proposalId: t.bigint().notNull(),
    projectId: t.bigint().notNull(),
    /** submitted, claimed, released, approved, paid, rejected, slashed, superseded, expired. */
    kind: t.text().notNull(),
    actor: t.hex(),
    fromStatus: t.integer(),
    toStatus: t.integer(),
    data: t.json(),
    timestamp: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ proposalIdx: index().on(table.proposalId, table.id) }),
);

/** One row per claim of a review: pending until released, lapsed or settled. */
export const review = onchainTable(
  "review",
  (t) => ({
    id: t.text().primaryKey(),
    proposalId: t.bigint().notNull(),
    projectId: t.bigint().notNull(),
    verifier: t.hex().notNull(),
    claimedAt: t.bigint().notNull(),
    lockUntil: t.bigint().notNull(),
    /**
     * pending, released, lapsed, decided (its verdict waits out the appeal window), approved, rejected,
     * superseded, expired, overturned (its decision changed on appeal).
     */
    outcome: t.text().notNull(),
    verifiedScore: t.bigint(),
    metricsHash: t.hex(),
    endedAt: t.bigint(),
  }),
  (table) => ({
    verifierIdx: index().on(table.verifier, table.id),
    proposalIdx: index().on(table.proposalId),
  }),
);

export const verifier = onchainTable("verifier", (t) => ({
  address: t.hex().primaryKey(),
  active: t.boolean().notNull(),
  displayName: t.text(),
  attestationKeyHash: t.hex(),
  addedAt: t.bigint(),
  removedAt: t.bigint(),
}));

/**
 * A verifier's bond in the registry (`bondOf`, `isBonded`), as its events leave it: posted (bonded),
 * leaving (`withdrawableAt` set), withdrawn (amount 0).
 */
export const verifierBond = onchainTable("verifier_bond", (t) => ({
  address: t.hex().primaryKey(),
  amount: t.bigint().notNull(),
  bonded: t.boolean().notNull(),
  /** While leaving: when the bond can be withdrawn. */
  withdrawableAt: t.bigint(),
  /** The part of the bond locked in review seats that are not final yet (`lockedBondOf`). */
  locked: t.bigint().notNull().default(0n),
  /** Everything seized from this bond as seat penalties. */
  seized: t.bigint().notNull().default(0n),
  updatedAt: t.bigint().notNull(),
}));

/**
 * The last block that changed anything a project's page shows (its trades, holders, supply, best,
 * proposals, reviews, fees and forks): the web app's page cache renders `/projects/<id>` again only
 * when a block touched it (`GET /changes`).
 */
export const projectTouch = onchainTable("project_touch", (t) => ({
  projectId: t.bigint().primaryKey(),
  blockNumber: t.bigint().notNull(),
}));

/**
 * A proposal's quorum review (`ReviewQuorum.reviewOf`), as its events leave it. `phase` is the
 * contract's (`reviewPhase`); `deadline` ends the current phase (commits, reveals or appeals).
 * A one-reviewer project's decision is a review of `quorum` 1 that starts Decided (`DecisionRecorded`):
 * seat 0 is the reviewer with its measurement, and an appeal seats 1..3.
 */
export const quorumReview = onchainTable("quorum_review", (t) => ({
  proposalId: t.bigint().primaryKey(),
  projectId: t.bigint().notNull(),
  /** First-round seats (`k`): the project's review quorum, 1 for a single reviewer's decision. */
  quorum: t.integer().notNull(),
  phase: t.integer().notNull(),
  round: t.integer().notNull(),
  drawBlock: t.bigint(),
  deadline: t.bigint(),
  seatLock: t.bigint(),
  /** The first round's median (`firstRan` false: it did not run). */
  firstRan: t.boolean(),
  firstMedian: t.bigint(),
  /** The verdict the first round implies (`verdictOf` its median when it closed, or the decision when recorded). */
  firstVerdict: t.integer(),
  appellant: t.hex(),
  appealBond: t.bigint(),
  appealVoided: t.boolean().notNull().default(false),
  /** Set when final: the measurement the ledger settled on, the verdict and whether the appeal overturned the first round. */
  finalRan: t.boolean(),
  finalMedian: t.bigint(),
  verdict: t.integer(),
  overturned: t.boolean(),
  updatedAt: t.bigint().notNull(),
}));

/** One review seat: who holds it, what it committed and revealed, and how it settled. */
export const quorumSeat = onchainTable(
  "quorum_seat",
  (t) => ({
    proposalId: t.bigint().notNull(),
    seat: t.integer().notNull(),
    projectId: t.bigint().notNull(),
    round: t.integer().notNull(),
    holder: t.hex(),
    commitDeadline: t.bigint(),
    committed: t.boolean().notNull().default(false),
    revealed: t.boolean().notNull().default(false),
    ran: t.boolean(),
    score: t.bigint(),
    /** Set when the review is final: whether the seat agreed with the final measurement, and its penalty. */
    agreed: t.boolean(),
    penalty: t.bigint(),
    /** Holders before this one that did not commit in time (replaced), oldest first. */
    replaced: t.json().$type<string[]>(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.proposalId, table.seat] }),
    holderIdx: index().on(table.holder),
  }),
);

/** Native pay the review quorum owes an account (seat penalties shared, appeal bonds), and what it withdrew. */
export const quorumPay = onchainTable("quorum_pay", (t) => ({
  account: t.hex().primaryKey(),
  owed: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/**
 * A project's verifier pay, as the ledger keeps it (`getVerifierPool`): reviews settled, the fee fund
 * (slashes in, approval fees out) and the fees claimed.
 */
export const verifierPool = onchainTable("verifier_pool", (t) => ({
  projectId: t.bigint().primaryKey(),
  token: t.hex().notNull(),
  settledReviews: t.bigint().notNull(),
  totalInflow: t.bigint().notNull(),
  totalClaimed: t.bigint().notNull(),
  /** The fee fund: the pooled part of slashes, less the approval fees it paid. */
  fund: t.bigint().notNull(),
}));

export const verifierShare = onchainTable(
  "verifier_share",
  (t) => ({
    projectId: t.bigint().notNull(),
    verifier: t.hex().notNull(),
    reviews: t.bigint().notNull(),
    /** Review fees earned and not yet claimed (`ProposalLedger.claimable`). */
    owed: t.bigint().notNull(),
    claimed: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.projectId, table.verifier] }),
    verifierIdx: index().on(table.verifier),
  }),
);

export const rewardClaim = onchainTable(
  "reward_claim",
  (t) => ({
    id: t.text().primaryKey(),
    projectId: t.bigint().notNull(),
    account: t.hex().notNull(),
    amount: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ accountIdx: index().on(table.account, table.id) }),
);

/** Rewards minted to miners (or their recipients) on approval. */
export const minerReward = onchainTable(
  "miner_reward",
  (t) => ({
    id: t.text().primaryKey(),
    projectId: t.bigint().notNull(),
    proposalId: t.bigint().notNull(),
    account: t.hex().notNull(),
    amount: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ accountIdx: index().on(table.account, table.id) }),
);

export const bestScore = onchainTable(
  "best_score",
  (t) => ({
    id: t.text().primaryKey(),
    projectId: t.bigint().notNull(),
    proposalId: t.bigint(),
    miner: t.hex().notNull(),
    score: t.bigint().notNull(),
    previousScore: t.bigint().notNull(),
    /** Over the previous best, in the project's direction. */
    improvement: t.bigint().notNull(),
    codeHash: t.hex().notNull(),
    metricsHash: t.hex().notNull(),
    timestamp: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ projectIdx: index().on(table.projectId, table.id) }),
);

/**
 * The first settled verdict on a code root under a benchmark. A later verdict on the same code and
 * benchmark (a fork's review) that disagrees contradicts it.
 */
export const codeVerdict = onchainTable(
  "code_verdict",
  (t) => ({
    benchmarkHash: t.hex().notNull(),
    codeHash: t.hex().notNull(),
    verifier: t.hex().notNull(),
    proposalId: t.bigint().notNull(),
    /** approved, superseded (both reproduced `verifiedScore`) or rejected. */
    outcome: t.text().notNull(),
    verifiedScore: t.bigint(),
    contradicted: t.boolean().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.benchmarkHash, table.codeHash] }) }),
);

/** Per-address track record, as miner and as verifier. */
export const reputation = onchainTable("reputation", (t) => ({
  address: t.hex().primaryKey(),
  proposalsSubmitted: t.integer().notNull(),
  proposalsAccepted: t.integer().notNull(),
  proposalsRejected: t.integer().notNull(),
  proposalsExpired: t.integer().notNull(),
  proposalsSuperseded: t.integer().notNull(),
  /** Sum of the improvements its approved proposals brought (score units of each project). */
  totalImprovement: t.bigint().notNull(),
  reviewsClaimed: t.integer().notNull(),
  reviewsSettled: t.integer().notNull(),
  approvals: t.integer().notNull(),
  rejections: t.integer().notNull(),
  supersessions: t.integer().notNull(),
  /** Claims left to lapse (released by others after the lock, or expired under it). */
  lapsedClaims: t.integer().notNull(),
  /** Settled reviews a later review of the same code under the same benchmark disagreed with. */
  reviewsContradicted: t.integer().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/** The newest block timestamp indexed (a single row, id 0): "now" for 24h windows and the queue. */
export const chainClock = onchainTable("chain_clock", (t) => ({
  id: t.integer().primaryKey(),
  timestamp: t.bigint().notNull(),
  blockNumber: t.bigint().notNull(),
}));

export const projectRelations = relations(project, ({ many }) => ({
  trades: many(trade),
  proposals: many(proposal),
}));
export const tradeRelations = relations(trade, ({ one }) => ({
  project: one(project, { fields: [trade.projectId], references: [project.id] }),
}));
export const proposalRelations = relations(proposal, ({ one, many }) => ({
  project: one(project, { fields: [proposal.projectId], references: [project.id] }),
  events: many(proposalEvent),
}));
export const proposalEventRelations = relations(proposalEvent, ({ one }) => ({
  proposal: one(proposal, { fields: [proposalEvent.proposalId], references: [proposal.id] }),
}));
