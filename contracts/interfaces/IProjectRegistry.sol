// SPDX-License-Identifier: MIT
// contracts/interfaces/IProjectRegistry.sol
pragma solidity ^0.8.28;

/**
 * @dev The registry of research projects: each has its artifacts' 0G roots, a baseline, the current
 * best, its benchmark rules and a project token (a clone). The reference protocol's shapes
 * (`createProject`, `getProject`, `currentBestAggregateScore`, `tokenOf`, `nextProjectId`,
 * `proposalLedger`, `updateBest`, `ProjectCreated`, `BestUpdated`) are kept.
 */
interface IProjectRegistry {
    /**
     * @notice How a miner's reward is computed on approval. Only `Impact` is accepted at creation: a
     * reward must follow the improvement, not the stake (`MatchStake` let a pool-sized stake on the
     * smallest improvement mint the whole pool) nor the number of approvals (`PoolShare` paid ten
     * small steps more than their sum). The first two stay in the enum for the reference's shape.
     */
    enum RewardRule {
        /// @dev Refused at creation (the reward equalled the stake).
        MatchStake,
        /// @dev Refused at creation (the reward was a share of the remaining pool per approval).
        PoolShare,
        /// @dev A schedule over the best's progress from the baseline, `x`: the pool's `rewardBps` share
        /// is minted linearly as `x` goes from 0 to `impactTarget`, `paid(x) = share * min(x, T) / T`
        /// rounded down, and an approval taking the best from `x1` to `x2` mints `paid(x2) - paid(x1)`.
        /// So one improvement pays the same in one approval or split into many, whatever the stake.
        Impact
    }

    /// @notice The reference protocol's project tuple, as `getProject` returns it.
    struct Project {
        bytes32 protocolHash;
        bytes32 repoSnapshotHash;
        bytes32 benchmarkHash;
        int256 baselineAggregateScore;
        bytes32 baselineMetricsHash;
        bytes32 currentBestCodeHash;
        int256 currentBestAggregateScore;
        bytes32 currentBestMetricsHash;
        address currentBestMiner;
        address token;
        address creator;
        uint64 createdAt;
    }

    /// @notice The benchmark and market rules chosen at creation.
    struct ProjectConfig {
        /// @dev True when a lower score is better (a loss, a latency).
        bool lowerIsBetter;
        /// @dev Smallest improvement (in score units) an approval must bring; 0 means any strict one.
        uint256 minImprovement;
        /// @dev Fixed-point scale of scores (1e6: a score of 1_500_000 reads 1.5). Display only.
        uint256 metricScale;
        RewardRule rewardRule;
        /// @dev Share of the pool the `Impact` schedule mints by the target, in basis points (1..10000).
        uint16 rewardBps;
        /// @dev For `Impact`: the progress from the baseline that earns the whole `rewardBps` share.
        uint256 impactTarget;
        /// @dev Smallest stake a proposal must carry (at least 1).
        uint256 minStake;
        /// @dev Whether this project forks `parentProjectId`.
        bool hasParent;
        uint256 parentProjectId;
        /// @dev How far a verified score may sit from the claim and still reproduce it, in millionths of
        /// the claim's magnitude (0: exactly; at most 1_000_000). Approve and supersede need it.
        uint32 tolerancePpm;
        /// @dev How many verifiers review each proposal (`k`, odd, 1..`MAX_REVIEW_QUORUM`). 1 is the
        /// reference shape's single allowlisted reviewer; above 1, seats are drawn from the bonded
        /// verifiers and settled by the median of their committed, then revealed, measurements.
        uint8 reviewQuorum;
    }

    /// @notice Everything `createProjectWithConfig` takes.
    struct CreateParams {
        bytes32 protocolHash;
        bytes32 repoSnapshotHash;
        bytes32 benchmarkHash;
        int256 baselineAggregateScore;
        bytes32 baselineMetricsHash;
        string tokenName;
        string tokenSymbol;
        uint256 basePrice;
        uint256 slope;
        uint256 minerPoolCap;
        ProjectConfig config;
        /// @dev Tokens bought for the creator in the same transaction (0: none); pay with `msg.value`.
        uint256 firstBuyAmount;
    }

    /// @notice What the ledger needs to settle an approval (returned by `applyApproval`).
    struct ApprovalTerms {
        address token;
        int256 previousBest;
        uint256 improvement;
        RewardRule rewardRule;
        uint16 rewardBps;
        uint256 impactTarget;
        uint32 tolerancePpm;
        /// @dev How far the best had come from the baseline before this approval (in its direction).
        uint256 progressBefore;
    }

    // ------------------------------------------------------------------ reference errors

    /// @notice Thrown when the ledger address given at construction is zero.
    error LedgerZero();
    /// @notice Thrown when a ledger-only function is called by anyone else.
    error NotLedger();
    /// @notice Thrown when a score does not beat the current best by the project's minimum.
    error ScoreNotImproved();
    /// @notice Thrown for a project id that does not exist.
    error UnknownProject();

    // ------------------------------------------------------------------ added errors

    /// @notice Thrown when the ledger at construction does not point back at this registry.
    error ProjectRegistryLedgerMismatch(address ledger, address ledgerRegistry);
    /// @notice Thrown when an artifact root is zero.
    error ProjectRegistryZeroHash();
    /// @notice Thrown when a score does not fit in 128 bits (scores are stored packed).
    error ProjectRegistryScoreOutOfRange(int256 score);
    /// @notice Thrown when the reward rule's parameters are inconsistent.
    error ProjectRegistryInvalidRewardRule(uint8 rule, uint16 rewardBps, uint256 impactTarget);
    /// @notice Thrown when `minStake` is zero.
    error ProjectRegistryInvalidMinStake();
    /// @notice Thrown when the reproduction tolerance is above 1_000_000 (100% of the claim).
    error ProjectRegistryInvalidTolerance(uint256 tolerancePpm);
    /// @notice Thrown when the review quorum is even, zero or above `MAX_REVIEW_QUORUM`.
    error ProjectRegistryInvalidReviewQuorum(uint256 reviewQuorum);
    /// @notice Thrown when the metric scale is zero.
    error ProjectRegistryInvalidMetricScale();
    /// @notice Thrown when a first buy is larger than any supply can be (or priced on an invalid curve).
    error ProjectRegistryInvalidFirstBuy(uint256 amount);
    /// @notice Thrown when the ether sent differs from what the first buy needs (none when no first buy).
    error ProjectRegistryWrongPayment(uint256 sent, uint256 required);

    // ------------------------------------------------------------------ events

    event ProjectCreated(uint256 indexed projectId, address indexed creator, address token, bytes32 protocolHash);
    event BestUpdated(
        uint256 indexed projectId, address indexed miner, int256 newAggregateScore, bytes32 codeHash, bytes32 metricsHash
    );
    /**
     * @notice Everything about a new project that `ProjectCreated` lacks, so an indexer needs no reads.
     * `parentProjectId` is meaningful only when `config.hasParent`.
     */
    event ProjectConfigured(
        uint256 indexed projectId,
        uint256 indexed parentProjectId,
        bytes32 repoSnapshotHash,
        bytes32 benchmarkHash,
        int256 baselineAggregateScore,
        bytes32 baselineMetricsHash,
        string tokenName,
        string tokenSymbol,
        uint256 basePrice,
        uint256 slope,
        uint256 minerPoolCap,
        ProjectConfig config
    );

    // ------------------------------------------------------------------ reference functions

    /**
     * @notice Creates a project with the reference defaults: higher is better, any strict improvement,
     * metric scale 1e6, reward matched to the stake, minimum stake 1, no parent, no first buy.
     */
    function createProject(
        bytes32 protocolHash,
        bytes32 repoSnapshotHash,
        bytes32 benchmarkHash,
        int256 baselineAggregateScore,
        bytes32 baselineMetricsHash,
        string calldata tokenName,
        string calldata tokenSymbol,
        uint256 basePrice,
        uint256 slope,
        uint256 minerPoolCap
    ) external returns (uint256 projectId, address tokenAddr);

    function getProject(uint256 projectId) external view returns (Project memory);
    function currentBestAggregateScore(uint256 projectId) external view returns (int256);
    function tokenOf(uint256 projectId) external view returns (address);
    function nextProjectId() external view returns (uint256);
    function proposalLedger() external view returns (address);

    /// @notice Ledger only: records a new best. Reverts with `ScoreNotImproved` unless it beats the
    /// current best in the project's direction by at least its minimum improvement.
    function updateBest(
        uint256 projectId,
        address miner,
        int256 newAggregateScore,
        bytes32 newCodeHash,
        bytes32 newMetricsHash
    ) external;

    // ------------------------------------------------------------------ added functions

    /// @notice Creates a project with every rule chosen, optionally forking a parent and buying
    /// `firstBuyAmount` tokens for the creator (send exactly their cost, `quoteFirstBuy`).
    function createProjectWithConfig(CreateParams calldata params)
        external
        payable
        returns (uint256 projectId, address tokenAddr);

    /// @notice Ledger only: `updateBest`, returning what the ledger needs to pay the reward.
    function applyApproval(
        uint256 projectId,
        address miner,
        int256 newAggregateScore,
        bytes32 newCodeHash,
        bytes32 newMetricsHash
    ) external returns (ApprovalTerms memory terms);

    function getProjectConfig(uint256 projectId) external view returns (ProjectConfig memory);
    /// @notice The project's token, minimum stake (per review seat) and review quorum, in one call (what a
    /// submission needs).
    function submissionTerms(uint256 projectId)
        external
        view
        returns (address token, uint256 minStake, uint256 reviewQuorum);
    /// @notice The largest review quorum a project may choose (its appeal round draws `2k + 1` seats).
    function MAX_REVIEW_QUORUM() external view returns (uint8);
    /// @notice When the best last changed (creation time until the first approval).
    function bestUpdatedAt(uint256 projectId) external view returns (uint64);
    /// @notice The improvement `score` brings over the current best in the project's direction, and
    /// whether it meets the project's minimum.
    function improvementOf(uint256 projectId, int256 score) external view returns (uint256 improvement, bool meets);
    /// @notice What a first buy of `amount` tokens costs on a fresh curve: `costBetween(0, amount)`,
    /// rounded up by one wei when `slope * amount` is odd (what the token charges at zero supply).
    function quoteFirstBuy(uint256 basePrice, uint256 slope, uint256 amount) external pure returns (uint256);
    /// @notice The token implementation every project token clones.
    function tokenImplementation() external view returns (address);
}
