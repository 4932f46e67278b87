// SPDX-License-Identifier: MIT
// contracts/ProjectRegistry.sol
pragma solidity ^0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {SignedMath} from "@openzeppelin/contracts/utils/math/SignedMath.sol";

import {IProjectRegistry} from "./interfaces/IProjectRegistry.sol";
import {IProposalLedger} from "./interfaces/IProposalLedger.sol";
import {BondingCurve} from "./libraries/BondingCurve.sol";
import {Scores} from "./libraries/Scores.sol";
import {ProjectToken} from "./ProjectToken.sol";

/**
 * @title ProjectRegistry
 * @dev Creates projects (each with an EIP-1167 clone of one {ProjectToken} implementation, deployed
 * by this constructor) and keeps their baseline, current best and rules. Only the {ProposalLedger}
 * named at construction may move a best score, and only in the project's direction by at least its
 * minimum improvement (`invariant_bestOnlyMovesInProjectDirection`).
 *
 * Wiring: the ledger is deployed first with this registry's precomputed address; the constructor
 * refuses a ledger that does not point back here, so a miswired deployment cannot exist.
 *
 * Rules chosen where the design is silent: every artifact root must be non-zero (each is a 0G root
 * of bytes that went through the storage relay); scores must fit in 128 bits (stored packed); the
 * first buy must be paid exactly (there is no refund path to get wrong); the current best starts
 * at the baseline with zero code/metrics roots and no miner, as the reference reports it.
 */
contract ProjectRegistry is IProjectRegistry {
    /// @dev Default fixed-point scale of scores (stored as 0 to save a slot write).
    uint256 private constant DEFAULT_METRIC_SCALE = 1e6;
    uint256 private constant BPS = 10_000;
    /// @notice The reproduction tolerance of a project made with the reference `createProject`: a
    /// verified score within 1% of the claim reproduces it (benchmarks are rarely bit-exact).
    uint32 public constant DEFAULT_TOLERANCE_PPM = 10_000;
    uint32 private constant MAX_TOLERANCE_PPM = 1_000_000;
    /// @inheritdoc IProjectRegistry
    uint8 public constant MAX_REVIEW_QUORUM = 9;

    // ------------------------------------------------------------------ immutables

    /// @inheritdoc IProjectRegistry
    address public immutable proposalLedger;
    /// @inheritdoc IProjectRegistry
    address public immutable tokenImplementation;

    // ------------------------------------------------------------------ storage

    /**
     * @dev Slot layout (after the six roots): [scores] baseline int128 | best int128;
     * [market] token 160 | createdAt 40 | minStake 48; [rules] creator 160 | bestUpdatedAt 32 |
     * lowerIsBetter 8 | rewardRule 8 | rewardBps 16 | hasParent 8 | tolerancePpm 24; [best] miner 160 |
     * metricScale 64 | reviewQuorum 8 (0: one reviewer). Every slot a creation writes anyway holds a rule (no extra slot for the
     * tolerance), and the impact target is stored only when it is not the default (|baseline|).
     */
    struct ProjectRecord {
        bytes32 protocolHash;
        bytes32 repoSnapshotHash;
        bytes32 benchmarkHash;
        bytes32 baselineMetricsHash;
        bytes32 currentBestCodeHash;
        bytes32 currentBestMetricsHash;
        int128 baselineAggregateScore;
        int128 currentBestAggregateScore;
        address token;
        uint40 createdAt;
        uint48 minStake;
        address creator;
        // Seconds fit 32 bits until 2106.
        uint32 bestUpdatedAt;
        bool lowerIsBetter;
        RewardRule rewardRule;
        uint16 rewardBps;
        bool hasParent;
        uint24 tolerancePpm;
        address currentBestMiner;
        uint64 metricScale;
        uint8 reviewQuorum;
        uint256 minImprovement;
        uint256 impactTarget;
        uint256 parentProjectId;
    }

    mapping(uint256 projectId => ProjectRecord) private _projects;
    /// @inheritdoc IProjectRegistry
    uint256 public nextProjectId;

    // ------------------------------------------------------------------ modifiers

    modifier onlyLedger() {
        _checkLedger();
        _;
    }

    // ------------------------------------------------------------------ construction

    constructor(address proposalLedger_) {
        if (proposalLedger_ == address(0)) revert LedgerZero();
        address ledgerRegistry = IProposalLedger(proposalLedger_).registry();
        if (ledgerRegistry != address(this)) revert ProjectRegistryLedgerMismatch(proposalLedger_, ledgerRegistry);
        proposalLedger = proposalLedger_;
        tokenImplementation = address(new ProjectToken(proposalLedger_, address(this)));
    }

    // ------------------------------------------------------------------ creation

    /// @inheritdoc IProjectRegistry
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
    ) external returns (uint256 projectId, address tokenAddr) {
        ProjectConfig memory config;
        config.minStake = 1;
        config.tolerancePpm = DEFAULT_TOLERANCE_PPM;
        config.reviewQuorum = 1;
        // The whole pool over the progress of one baseline's magnitude (one metric unit from a zero
        // baseline): doubling a score, or taking a loss to zero, pays it all.
        config.rewardRule = RewardRule.Impact;
        config.rewardBps = uint16(BPS);
        config.impactTarget = _defaultImpactTarget(baselineAggregateScore);
        (projectId, tokenAddr) = _create(
            protocolHash,
            repoSnapshotHash,
            benchmarkHash,
            baselineAggregateScore,
            baselineMetricsHash,
            tokenName,
            tokenSymbol,
            basePrice,
            slope,
            minerPoolCap,
            config
        );
    }

    /// @inheritdoc IProjectRegistry
    function createProjectWithConfig(CreateParams calldata params)
        external
        payable
        returns (uint256 projectId, address tokenAddr)
    {
        (projectId, tokenAddr) = _create(
            params.protocolHash,
            params.repoSnapshotHash,
            params.benchmarkHash,
            params.baselineAggregateScore,
            params.baselineMetricsHash,
            params.tokenName,
            params.tokenSymbol,
            params.basePrice,
            params.slope,
            params.minerPoolCap,
            params.config
        );
        // The curve bounds were checked by the token's initializer above.
        uint256 required = _firstBuyCost(params.basePrice, params.slope, params.firstBuyAmount);
        if (msg.value != required) revert ProjectRegistryWrongPayment(msg.value, required);
        if (required != 0) {
            ProjectToken(tokenAddr).buyExactFor{value: required}(
                msg.sender, params.firstBuyAmount, required, block.timestamp
            );
        }
    }

    // ------------------------------------------------------------------ ledger hooks

    /// @inheritdoc IProjectRegistry
    function updateBest(
        uint256 projectId,
        address miner,
        int256 newAggregateScore,
        bytes32 newCodeHash,
        bytes32 newMetricsHash
    ) external onlyLedger {
        _applyApproval(projectId, miner, newAggregateScore, newCodeHash, newMetricsHash);
    }

    /// @inheritdoc IProjectRegistry
    function applyApproval(
        uint256 projectId,
        address miner,
        int256 newAggregateScore,
        bytes32 newCodeHash,
        bytes32 newMetricsHash
    ) external onlyLedger returns (ApprovalTerms memory terms) {
        return _applyApproval(projectId, miner, newAggregateScore, newCodeHash, newMetricsHash);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IProjectRegistry
    function getProject(uint256 projectId) external view returns (Project memory) {
        ProjectRecord storage record = _record(projectId);
        return Project({
            protocolHash: record.protocolHash,
            repoSnapshotHash: record.repoSnapshotHash,
            benchmarkHash: record.benchmarkHash,
            baselineAggregateScore: record.baselineAggregateScore,
            baselineMetricsHash: record.baselineMetricsHash,
            currentBestCodeHash: record.currentBestCodeHash,
            currentBestAggregateScore: record.currentBestAggregateScore,
            currentBestMetricsHash: record.currentBestMetricsHash,
            currentBestMiner: record.currentBestMiner,
            token: record.token,
            creator: record.creator,
            createdAt: record.createdAt
        });
    }

    /// @inheritdoc IProjectRegistry
    function getProjectConfig(uint256 projectId) external view returns (ProjectConfig memory) {
        ProjectRecord storage record = _record(projectId);
        return ProjectConfig({
            lowerIsBetter: record.lowerIsBetter,
            minImprovement: record.minImprovement,
            metricScale: record.metricScale == 0 ? DEFAULT_METRIC_SCALE : record.metricScale,
            rewardRule: record.rewardRule,
            rewardBps: record.rewardBps,
            impactTarget: _impactTargetOf(record),
            minStake: record.minStake,
            hasParent: record.hasParent,
            parentProjectId: record.parentProjectId,
            tolerancePpm: record.tolerancePpm,
            reviewQuorum: _reviewQuorumOf(record)
        });
    }

    /// @inheritdoc IProjectRegistry
    function currentBestAggregateScore(uint256 projectId) external view returns (int256) {
        return _record(projectId).currentBestAggregateScore;
    }

    /// @inheritdoc IProjectRegistry
    function tokenOf(uint256 projectId) external view returns (address) {
        return _record(projectId).token;
    }

    /// @inheritdoc IProjectRegistry
    function submissionTerms(uint256 projectId)
        external
        view
        returns (address token, uint256 minStake, uint256 reviewQuorum)
    {
        ProjectRecord storage record = _record(projectId);
        return (record.token, record.minStake, _reviewQuorumOf(record));
    }

    /// @inheritdoc IProjectRegistry
    function bestUpdatedAt(uint256 projectId) external view returns (uint64) {
        return _record(projectId).bestUpdatedAt;
    }

    /// @inheritdoc IProjectRegistry
    function improvementOf(uint256 projectId, int256 score) external view returns (uint256 improvement, bool meets) {
        return _improvementOf(_record(projectId), score);
    }

    /// @inheritdoc IProjectRegistry
    function quoteFirstBuy(uint256 basePrice, uint256 slope, uint256 amount) external pure returns (uint256) {
        if (basePrice > BondingCurve.MAX_BASE_PRICE || slope > BondingCurve.MAX_SLOPE) {
            revert ProjectRegistryInvalidFirstBuy(amount);
        }
        return _firstBuyCost(basePrice, slope, amount);
    }

    // ------------------------------------------------------------------ internal

    function _create(
        bytes32 protocolHash,
        bytes32 repoSnapshotHash,
        bytes32 benchmarkHash,
        int256 baselineAggregateScore,
        bytes32 baselineMetricsHash,
        string calldata tokenName,
        string calldata tokenSymbol,
        uint256 basePrice,
        uint256 slope,
        uint256 minerPoolCap,
        ProjectConfig memory config
    ) private returns (uint256 projectId, address tokenAddr) {
        if (
            protocolHash == bytes32(0) || repoSnapshotHash == bytes32(0) || benchmarkHash == bytes32(0)
                || baselineMetricsHash == bytes32(0)
        ) revert ProjectRegistryZeroHash();
        int128 baseline = _toScore(baselineAggregateScore);
        _checkConfig(config);

        projectId = nextProjectId++;
        tokenAddr = Clones.clone(tokenImplementation);
        // The token checks name, symbol and curve bounds (one place for those rules).
        ProjectToken(tokenAddr).initialize(tokenName, tokenSymbol, basePrice, slope, minerPoolCap);

        ProjectRecord storage record = _projects[projectId];
        record.protocolHash = protocolHash;
        record.repoSnapshotHash = repoSnapshotHash;
        record.benchmarkHash = benchmarkHash;
        record.baselineMetricsHash = baselineMetricsHash;
        record.baselineAggregateScore = baseline;
        record.currentBestAggregateScore = baseline;
        record.token = tokenAddr;
        record.createdAt = uint40(block.timestamp);
        record.minStake = uint48(config.minStake);
        record.creator = msg.sender;
        record.bestUpdatedAt = uint32(block.timestamp);
        record.lowerIsBetter = config.lowerIsBetter;
        record.rewardRule = config.rewardRule;
        record.rewardBps = config.rewardBps;
        if (config.metricScale != DEFAULT_METRIC_SCALE && config.metricScale != 0) {
            record.metricScale = uint64(config.metricScale);
        }
        // At most MAX_TOLERANCE_PPM (checked), inside 24 bits.
        record.tolerancePpm = uint24(config.tolerancePpm);
        if (config.reviewQuorum != 1) record.reviewQuorum = config.reviewQuorum;
        if (config.minImprovement != 0) record.minImprovement = config.minImprovement;
        if (config.impactTarget != _defaultImpactTarget(baselineAggregateScore)) record.impactTarget = config.impactTarget;
        if (config.hasParent) {
            record.hasParent = true;
            record.parentProjectId = config.parentProjectId;
        }

        emit ProjectCreated(projectId, msg.sender, tokenAddr, protocolHash);
        config.metricScale = config.metricScale == 0 ? DEFAULT_METRIC_SCALE : config.metricScale;
        emit ProjectConfigured(
            projectId,
            config.hasParent ? config.parentProjectId : 0,
            repoSnapshotHash,
            benchmarkHash,
            baselineAggregateScore,
            baselineMetricsHash,
            tokenName,
            tokenSymbol,
            basePrice,
            slope,
            minerPoolCap,
            config
        );
    }

    /**
     * @dev Rules: `minStake` in 1..MAX_SUPPLY; metric scale 0 (default) or up to 2^64-1; a tolerance of
     * at most 100%; the `Impact` rule with `rewardBps` in 1..10000 and a non-zero `impactTarget`; a
     * parent must exist; an odd review quorum in 1..MAX_REVIEW_QUORUM (a median needs a middle seat).
     */
    function _checkConfig(ProjectConfig memory config) private view {
        uint256 quorum = config.reviewQuorum;
        if (quorum % 2 == 0 || quorum > MAX_REVIEW_QUORUM) revert ProjectRegistryInvalidReviewQuorum(quorum);
        if (config.minStake == 0 || config.minStake > BondingCurve.MAX_SUPPLY) revert ProjectRegistryInvalidMinStake();
        if (config.metricScale > type(uint64).max) revert ProjectRegistryInvalidMetricScale();
        if (config.tolerancePpm > MAX_TOLERANCE_PPM) revert ProjectRegistryInvalidTolerance(config.tolerancePpm);
        RewardRule rule = config.rewardRule;
        bool validRule = rule == RewardRule.Impact && config.rewardBps != 0 && config.rewardBps <= BPS
            && config.impactTarget != 0;
        if (!validRule) revert ProjectRegistryInvalidRewardRule(uint8(rule), config.rewardBps, config.impactTarget);
        if (config.hasParent && config.parentProjectId >= nextProjectId) revert UnknownProject();
    }

    function _applyApproval(
        uint256 projectId,
        address miner,
        int256 newAggregateScore,
        bytes32 newCodeHash,
        bytes32 newMetricsHash
    ) private returns (ApprovalTerms memory terms) {
        ProjectRecord storage record = _record(projectId);
        (uint256 improvement, bool meets) = _improvementOf(record, newAggregateScore);
        if (!meets) revert ScoreNotImproved();
        int256 previousBest = record.currentBestAggregateScore;
        (uint256 progressBefore,) =
            Scores.improvementOver(record.lowerIsBetter, previousBest, record.baselineAggregateScore);
        record.currentBestAggregateScore = _toScore(newAggregateScore);
        record.currentBestCodeHash = newCodeHash;
        record.currentBestMetricsHash = newMetricsHash;
        record.currentBestMiner = miner;
        record.bestUpdatedAt = uint32(block.timestamp);
        emit BestUpdated(projectId, miner, newAggregateScore, newCodeHash, newMetricsHash);
        return ApprovalTerms({
            token: record.token,
            previousBest: previousBest,
            improvement: improvement,
            rewardRule: record.rewardRule,
            rewardBps: record.rewardBps,
            impactTarget: _impactTargetOf(record),
            tolerancePpm: record.tolerancePpm,
            progressBefore: progressBefore
        });
    }

    /// @dev A score against the best: direction and strictness ({Scores}), then the minimum.
    function _improvementOf(ProjectRecord storage record, int256 score)
        private
        view
        returns (uint256 improvement, bool meets)
    {
        bool better;
        (improvement, better) = Scores.improvementOver(record.lowerIsBetter, score, record.currentBestAggregateScore);
        meets = better && improvement >= record.minImprovement;
    }

    /// @dev The reference shape's impact target: the baseline's magnitude, one metric unit for a zero baseline.
    function _defaultImpactTarget(int256 baseline) private pure returns (uint256) {
        return baseline == 0 ? DEFAULT_METRIC_SCALE : SignedMath.abs(baseline);
    }

    /// @dev The stored quorum, 0 for the one-reviewer default (so a reference creation writes no extra byte).
    function _reviewQuorumOf(ProjectRecord storage record) private view returns (uint8) {
        uint8 quorum = record.reviewQuorum;
        return quorum == 0 ? 1 : quorum;
    }

    /// @dev The stored impact target, or the default when none was stored.
    function _impactTargetOf(ProjectRecord storage record) private view returns (uint256) {
        uint256 target = record.impactTarget;
        return target == 0 ? _defaultImpactTarget(record.baselineAggregateScore) : target;
    }

    function _firstBuyCost(uint256 basePrice, uint256 slope, uint256 amount) private pure returns (uint256) {
        if (amount > BondingCurve.MAX_SUPPLY) revert ProjectRegistryInvalidFirstBuy(amount);
        return BondingCurve.costFromZero(basePrice, slope, amount);
    }

    function _record(uint256 projectId) private view returns (ProjectRecord storage record) {
        if (projectId >= nextProjectId) revert UnknownProject();
        return _projects[projectId];
    }

    function _toScore(int256 score) private pure returns (int128) {
        if (score > type(int128).max || score < type(int128).min) revert ProjectRegistryScoreOutOfRange(score);
        return int128(score);
    }

    function _checkLedger() private view {
        if (msg.sender != proposalLedger) revert NotLedger();
    }
}
