// SPDX-License-Identifier: MIT
// test/ProjectRegistry.t.sol
pragma solidity ^0.8.28;

import {IProjectRegistry} from "../contracts/interfaces/IProjectRegistry.sol";
import {IProjectToken} from "../contracts/interfaces/IProjectToken.sol";
import {BondingCurve} from "../contracts/libraries/BondingCurve.sol";
import {ProjectRegistry} from "../contracts/ProjectRegistry.sol";
import {ProjectToken} from "../contracts/ProjectToken.sol";
import {ProposalLedger} from "../contracts/ProposalLedger.sol";
import {ProtocolTest} from "./utils/ProtocolTest.sol";
import {vm} from "./utils/Vm.sol";

contract ProjectRegistryTest is ProtocolTest {
    // ------------------------------------------------------------------ constructor

    function test_constructor_revertsOnZeroLedger() public {
        vm.expectRevert(IProjectRegistry.LedgerZero.selector);
        new ProjectRegistry(address(0));
    }

    function test_constructor_revertsOnMiswiredLedger() public {
        ProposalLedger other = new ProposalLedger(OUTSIDER, address(verifiers), COMMIT_WINDOW, address(quorum), false);
        vm.expectRevert(
            abi.encodeWithSelector(IProjectRegistry.ProjectRegistryLedgerMismatch.selector, address(other), OUTSIDER)
        );
        new ProjectRegistry(address(other));
    }

    function test_constructor_wiresLedgerAndImplementation() public view {
        _assertEqAddress("ledger", registry.proposalLedger(), address(ledger));
        _assertEqAddress("ledger's registry", ledger.registry(), address(registry));
        _assertEqAddress(
            "implementation's registry", ProjectToken(registry.tokenImplementation()).registry(), address(registry)
        );
    }

    // ------------------------------------------------------------------ createProject (reference shape)

    function test_createProject_numbersFromZeroAndEmitsEvents() public {
        vm.expectEmit(address(registry));
        emit IProjectRegistry.ProjectCreated(0, CREATOR, _nextCloneAddress(), PROTOCOL_ROOT);
        vm.prank(CREATOR);
        (uint256 id, address token) = registry.createProject(
            PROTOCOL_ROOT, REPO_ROOT, BENCH_ROOT, BASELINE, METRICS_ROOT, "Sorting Speed", "SORT", BASE_PRICE, SLOPE, POOL_CAP
        );
        _assertEq("first id", id, 0);
        _assertEq("next id", registry.nextProjectId(), 1);
        _assertEqAddress("tokenOf", registry.tokenOf(0), token);

        IProjectRegistry.Project memory project = registry.getProject(0);
        _assertTrue("protocol", project.protocolHash == PROTOCOL_ROOT);
        _assertTrue("repo", project.repoSnapshotHash == REPO_ROOT);
        _assertTrue("bench", project.benchmarkHash == BENCH_ROOT);
        _assertTrue("metrics", project.baselineMetricsHash == METRICS_ROOT);
        _assertEqSigned("baseline", project.baselineAggregateScore, BASELINE);
        _assertEqSigned("best starts at baseline", project.currentBestAggregateScore, BASELINE);
        _assertTrue("no best code yet", project.currentBestCodeHash == bytes32(0));
        _assertEqAddress("no best miner yet", project.currentBestMiner, address(0));
        _assertEqAddress("creator", project.creator, CREATOR);
        _assertEq("createdAt", project.createdAt, block.timestamp);
        _assertEqSigned("currentBestAggregateScore", registry.currentBestAggregateScore(0), BASELINE);

        IProjectRegistry.ProjectConfig memory config = registry.getProjectConfig(0);
        _assertTrue("higher is better", !config.lowerIsBetter);
        _assertEq("any strict improvement", config.minImprovement, 0);
        _assertEq("scale", config.metricScale, 1e6);
        // The safe default: the whole pool over a progress of the baseline's magnitude.
        _assertTrue("impact schedule", config.rewardRule == IProjectRegistry.RewardRule.Impact);
        _assertEq("the whole pool", config.rewardBps, 10_000);
        _assertEq("over |baseline|", config.impactTarget, uint256(BASELINE));
        _assertEq("min stake", config.minStake, 1);
        _assertTrue("no parent", !config.hasParent);
        _assertEq("the reference shape's tolerance: 1% of the claim", config.tolerancePpm, registry.DEFAULT_TOLERANCE_PPM());
        _assertEq("1% is 10,000 ppm", registry.DEFAULT_TOLERANCE_PPM(), 10_000);
        (address termsToken, uint256 minStake, uint256 termsQuorum) = registry.submissionTerms(0);
        _assertEq("one reviewer by default", termsQuorum, 1);
        _assertEqAddress("terms token", termsToken, token);
        _assertEq("terms stake", minStake, 1);
        _assertEq("bestUpdatedAt", registry.bestUpdatedAt(0), block.timestamp);
    }

    function test_createProject_isAClone() public {
        (, ProjectToken token) = _createProject();
        _assertEq("EIP-1167 runtime is 45 bytes", address(token).code.length, 45);
    }

    function test_createProject_revertsOnZeroRoot() public {
        vm.expectRevert(IProjectRegistry.ProjectRegistryZeroHash.selector);
        registry.createProject(bytes32(0), REPO_ROOT, BENCH_ROOT, BASELINE, METRICS_ROOT, "N", "S", 1, 1, 1);
        vm.expectRevert(IProjectRegistry.ProjectRegistryZeroHash.selector);
        registry.createProject(PROTOCOL_ROOT, bytes32(0), BENCH_ROOT, BASELINE, METRICS_ROOT, "N", "S", 1, 1, 1);
        vm.expectRevert(IProjectRegistry.ProjectRegistryZeroHash.selector);
        registry.createProject(PROTOCOL_ROOT, REPO_ROOT, bytes32(0), BASELINE, METRICS_ROOT, "N", "S", 1, 1, 1);
        vm.expectRevert(IProjectRegistry.ProjectRegistryZeroHash.selector);
        registry.createProject(PROTOCOL_ROOT, REPO_ROOT, BENCH_ROOT, BASELINE, bytes32(0), "N", "S", 1, 1, 1);
    }

    function test_createProject_revertsOnEmptyNameOrSymbol() public {
        vm.expectRevert(IProjectToken.ProjectTokenEmptyNameOrSymbol.selector);
        registry.createProject(PROTOCOL_ROOT, REPO_ROOT, BENCH_ROOT, BASELINE, METRICS_ROOT, "", "S", 1, 1, 1);
        vm.expectRevert(IProjectToken.ProjectTokenEmptyNameOrSymbol.selector);
        registry.createProject(PROTOCOL_ROOT, REPO_ROOT, BENCH_ROOT, BASELINE, METRICS_ROOT, "N", "", 1, 1, 1);
    }

    function test_createProject_revertsOnInvalidCurve() public {
        _expectInvalidCurve(0, 0, 0); // basePrice + slope == 0
        _expectInvalidCurve(0, 5, 0); // a free first token
        _expectInvalidCurve(BondingCurve.MAX_BASE_PRICE + 1, 0, 0);
        _expectInvalidCurve(1, BondingCurve.MAX_SLOPE + 1, 0);
        _expectInvalidCurve(1, 1, BondingCurve.MAX_SUPPLY);
    }

    function test_createProject_revertsOnScoreOutOfRange() public {
        int256 huge = int256(type(int128).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IProjectRegistry.ProjectRegistryScoreOutOfRange.selector, huge));
        registry.createProject(PROTOCOL_ROOT, REPO_ROOT, BENCH_ROOT, huge, METRICS_ROOT, "N", "S", 1, 1, 1);
        int256 tiny = int256(type(int128).min) - 1;
        vm.expectRevert(abi.encodeWithSelector(IProjectRegistry.ProjectRegistryScoreOutOfRange.selector, tiny));
        registry.createProject(PROTOCOL_ROOT, REPO_ROOT, BENCH_ROOT, tiny, METRICS_ROOT, "N", "S", 1, 1, 1);
    }

    function test_createProject_schedulesThePoolOverTheBaselinesMagnitude() public {
        (uint256 negative,) = registry.createProject(
            PROTOCOL_ROOT, REPO_ROOT, BENCH_ROOT, -2_500_000, METRICS_ROOT, "Negative", "NEG", 1, 1, 1
        );
        _assertEq("|-2.5|", registry.getProjectConfig(negative).impactTarget, 2_500_000);
        (uint256 zero,) =
            registry.createProject(PROTOCOL_ROOT, REPO_ROOT, BENCH_ROOT, 0, METRICS_ROOT, "Zero", "ZERO", 1, 1, 1);
        _assertEq("one metric unit from a zero baseline", registry.getProjectConfig(zero).impactTarget, 1e6);
    }

    // ------------------------------------------------------------------ createProjectWithConfig

    function test_createProjectWithConfig_storesEveryRuleAndEmitsConfigured() public {
        _createProject();
        IProjectRegistry.ProjectConfig memory config = IProjectRegistry.ProjectConfig({
            lowerIsBetter: true,
            minImprovement: 500,
            metricScale: 1e18,
            rewardRule: IProjectRegistry.RewardRule.Impact,
            rewardBps: 2500,
            impactTarget: 10_000,
            minStake: 3,
            hasParent: true,
            parentProjectId: 0,
            tolerancePpm: 25_000,
            reviewQuorum: 3
        });
        IProjectRegistry.CreateParams memory params = _params(config);
        vm.expectEmit(address(registry));
        emit IProjectRegistry.ProjectConfigured(
            1,
            0,
            REPO_ROOT,
            BENCH_ROOT,
            BASELINE,
            METRICS_ROOT,
            "Sorting Speed",
            "SORT",
            BASE_PRICE,
            SLOPE,
            POOL_CAP,
            config
        );
        vm.prank(CREATOR);
        (uint256 id,) = registry.createProjectWithConfig(params);
        IProjectRegistry.ProjectConfig memory stored = registry.getProjectConfig(id);
        _assertTrue("lower is better", stored.lowerIsBetter);
        _assertEq("min improvement", stored.minImprovement, 500);
        _assertEq("scale", stored.metricScale, 1e18);
        _assertTrue("impact", stored.rewardRule == IProjectRegistry.RewardRule.Impact);
        _assertEq("bps", stored.rewardBps, 2500);
        _assertEq("target", stored.impactTarget, 10_000);
        _assertEq("min stake", stored.minStake, 3);
        _assertTrue("fork", stored.hasParent);
        _assertEq("parent", stored.parentProjectId, 0);
        _assertEq("tolerance", stored.tolerancePpm, 25_000);
    }

    function test_createProjectWithConfig_buysForTheCreator() public {
        IProjectRegistry.CreateParams memory params = _params(_defaultConfig());
        params.firstBuyAmount = 25;
        uint256 cost = registry.quoteFirstBuy(BASE_PRICE, SLOPE, 25);
        vm.deal(CREATOR, cost);
        vm.prank(CREATOR);
        (, address tokenAddr) = registry.createProjectWithConfig{value: cost}(params);
        ProjectToken token = ProjectToken(tokenAddr);
        _assertEq("creator holds", token.balanceOf(CREATOR), 25);
        _assertEq("reserve", token.reserve(), cost);
        _assertEq("registry holds nothing", address(registry).balance, 0);
    }

    function test_createProjectWithConfig_revertsOnWrongPayment() public {
        IProjectRegistry.CreateParams memory params = _params(_defaultConfig());
        params.firstBuyAmount = 2;
        uint256 cost = registry.quoteFirstBuy(BASE_PRICE, SLOPE, 2);
        vm.deal(CREATOR, cost + 1);
        vm.prank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(IProjectRegistry.ProjectRegistryWrongPayment.selector, cost + 1, cost));
        registry.createProjectWithConfig{value: cost + 1}(params);
        params.firstBuyAmount = 0;
        vm.prank(CREATOR);
        vm.expectRevert(abi.encodeWithSelector(IProjectRegistry.ProjectRegistryWrongPayment.selector, 1, 0));
        registry.createProjectWithConfig{value: 1}(params);
    }

    function test_createProjectWithConfig_revertsOnOversizedFirstBuy() public {
        IProjectRegistry.CreateParams memory params = _params(_defaultConfig());
        params.firstBuyAmount = BondingCurve.MAX_SUPPLY + 1;
        vm.expectRevert(
            abi.encodeWithSelector(IProjectRegistry.ProjectRegistryInvalidFirstBuy.selector, BondingCurve.MAX_SUPPLY + 1)
        );
        registry.createProjectWithConfig(params);
    }

    function test_createProjectWithConfig_revertsOnUnknownParent() public {
        IProjectRegistry.ProjectConfig memory config = _defaultConfig();
        config.hasParent = true;
        config.parentProjectId = 0;
        vm.expectRevert(IProjectRegistry.UnknownProject.selector);
        registry.createProjectWithConfig(_params(config));
    }

    function test_createProjectWithConfig_revertsOnInvalidRules() public {
        IProjectRegistry.ProjectConfig memory config = _defaultConfig();
        config.minStake = 0;
        vm.expectRevert(IProjectRegistry.ProjectRegistryInvalidMinStake.selector);
        registry.createProjectWithConfig(_params(config));

        config = _defaultConfig();
        config.minStake = BondingCurve.MAX_SUPPLY + 1;
        vm.expectRevert(IProjectRegistry.ProjectRegistryInvalidMinStake.selector);
        registry.createProjectWithConfig(_params(config));

        config = _defaultConfig();
        config.metricScale = uint256(type(uint64).max) + 1;
        vm.expectRevert(IProjectRegistry.ProjectRegistryInvalidMetricScale.selector);
        registry.createProjectWithConfig(_params(config));

        config = _defaultConfig();
        config.tolerancePpm = 1_000_001;
        vm.expectRevert(abi.encodeWithSelector(IProjectRegistry.ProjectRegistryInvalidTolerance.selector, 1_000_001));
        registry.createProjectWithConfig(_params(config));
        config.tolerancePpm = 1_000_000; // 100% of the claim is the widest allowed
        registry.createProjectWithConfig(_params(config));

        // Only the schedule over the improvement: rewards that follow the stake or the approval count are refused.
        _expectInvalidRule(IProjectRegistry.RewardRule.MatchStake, 0, 0);
        _expectInvalidRule(IProjectRegistry.RewardRule.MatchStake, 10_000, 1_000_000);
        _expectInvalidRule(IProjectRegistry.RewardRule.PoolShare, 1000, 0);
        _expectInvalidRule(IProjectRegistry.RewardRule.PoolShare, 10_000, 1_000_000);
        _expectInvalidRule(IProjectRegistry.RewardRule.Impact, 0, 1_000_000);
        _expectInvalidRule(IProjectRegistry.RewardRule.Impact, 10_001, 1_000_000);
        _expectInvalidRule(IProjectRegistry.RewardRule.Impact, 100, 0);
    }

    // ------------------------------------------------------------------ updateBest / applyApproval

    function test_updateBest_revertsIfNotLedger() public {
        _createProject();
        vm.expectRevert(IProjectRegistry.NotLedger.selector);
        registry.updateBest(0, MINER, BASELINE + 1, LOG_ROOT, METRICS_ROOT);
        vm.expectRevert(IProjectRegistry.NotLedger.selector);
        registry.applyApproval(0, MINER, BASELINE + 1, LOG_ROOT, METRICS_ROOT);
    }

    function test_updateBest_movesHigherIsBetterUpOnly() public {
        _createProject();
        vm.startPrank(address(ledger));
        vm.expectRevert(IProjectRegistry.ScoreNotImproved.selector);
        registry.updateBest(0, MINER, BASELINE, LOG_ROOT, METRICS_ROOT);
        vm.expectRevert(IProjectRegistry.ScoreNotImproved.selector);
        registry.updateBest(0, MINER, BASELINE - 1, LOG_ROOT, METRICS_ROOT);
        vm.expectEmit(address(registry));
        emit IProjectRegistry.BestUpdated(0, MINER, BASELINE + 1, LOG_ROOT, METRICS_ROOT);
        registry.updateBest(0, MINER, BASELINE + 1, LOG_ROOT, METRICS_ROOT);
        vm.stopPrank();
        IProjectRegistry.Project memory project = registry.getProject(0);
        _assertEqSigned("best", project.currentBestAggregateScore, BASELINE + 1);
        _assertEqAddress("miner", project.currentBestMiner, MINER);
        _assertTrue("code", project.currentBestCodeHash == LOG_ROOT);
    }

    function test_updateBest_lowerIsBetterAcceptsALowerScore() public {
        IProjectRegistry.ProjectConfig memory config = _defaultConfig();
        config.lowerIsBetter = true;
        config.minImprovement = 10;
        _createProject(config);
        vm.startPrank(address(ledger));
        vm.expectRevert(IProjectRegistry.ScoreNotImproved.selector);
        registry.updateBest(0, MINER, BASELINE + 100, LOG_ROOT, METRICS_ROOT);
        vm.expectRevert(IProjectRegistry.ScoreNotImproved.selector);
        registry.updateBest(0, MINER, BASELINE - 9, LOG_ROOT, METRICS_ROOT);
        IProjectRegistry.ApprovalTerms memory terms =
            registry.applyApproval(0, MINER, BASELINE - 10, LOG_ROOT, METRICS_ROOT);
        vm.stopPrank();
        _assertEq("improvement", terms.improvement, 10);
        _assertEqSigned("best", registry.currentBestAggregateScore(0), BASELINE - 10);
    }

    function test_updateBest_revertsOnScoreOutOfRange() public {
        _createProject();
        int256 huge = int256(type(int128).max) + 1;
        vm.prank(address(ledger));
        vm.expectRevert(abi.encodeWithSelector(IProjectRegistry.ProjectRegistryScoreOutOfRange.selector, huge));
        registry.updateBest(0, MINER, huge, LOG_ROOT, METRICS_ROOT);
    }

    function test_improvementOf_measuresInTheProjectsDirection() public {
        _createProject();
        (uint256 up, bool meets) = registry.improvementOf(0, BASELINE + 7);
        _assertEq("up", up, 7);
        _assertTrue("meets", meets);
        (uint256 none, bool fails) = registry.improvementOf(0, BASELINE - 7);
        _assertEq("none", none, 0);
        _assertTrue("fails", !fails);
        (uint256 extreme,) = registry.improvementOf(0, type(int256).max);
        _assertEq("no overflow at the extreme", extreme, uint256(type(int256).max) - uint256(BASELINE));
    }

    // ------------------------------------------------------------------ unknown ids

    function test_views_revertOnUnknownProject() public {
        vm.expectRevert(IProjectRegistry.UnknownProject.selector);
        registry.getProject(0);
        vm.expectRevert(IProjectRegistry.UnknownProject.selector);
        registry.getProjectConfig(0);
        vm.expectRevert(IProjectRegistry.UnknownProject.selector);
        registry.currentBestAggregateScore(0);
        vm.expectRevert(IProjectRegistry.UnknownProject.selector);
        registry.tokenOf(0);
        vm.expectRevert(IProjectRegistry.UnknownProject.selector);
        registry.submissionTerms(0);
        vm.expectRevert(IProjectRegistry.UnknownProject.selector);
        registry.bestUpdatedAt(0);
        vm.expectRevert(IProjectRegistry.UnknownProject.selector);
        registry.improvementOf(0, 1);
        vm.prank(address(ledger));
        vm.expectRevert(IProjectRegistry.UnknownProject.selector);
        registry.updateBest(0, MINER, 1, LOG_ROOT, METRICS_ROOT);
    }

    function test_quoteFirstBuy_matchesTheCurveAndRefusesBadCurves() public {
        _assertEq("cost", registry.quoteFirstBuy(BASE_PRICE, SLOPE, 3), 3 * BASE_PRICE + (9 * SLOPE) / 2);
        // An odd slope*amount: the half wei is rounded up, as the token charges at zero supply.
        _assertEq("odd", registry.quoteFirstBuy(BASE_PRICE, 3, 3), 3 * BASE_PRICE + 14);
        vm.expectRevert(abi.encodeWithSelector(IProjectRegistry.ProjectRegistryInvalidFirstBuy.selector, 1));
        registry.quoteFirstBuy(BondingCurve.MAX_BASE_PRICE + 1, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IProjectRegistry.ProjectRegistryInvalidFirstBuy.selector, 1));
        registry.quoteFirstBuy(1, BondingCurve.MAX_SLOPE + 1, 1);
        uint256 beyond = BondingCurve.MAX_SUPPLY + 1;
        vm.expectRevert(abi.encodeWithSelector(IProjectRegistry.ProjectRegistryInvalidFirstBuy.selector, beyond));
        registry.quoteFirstBuy(1, 1, beyond);
    }

    // ------------------------------------------------------------------ helpers

    function _expectInvalidCurve(uint256 basePrice, uint256 slope, uint256 cap) internal {
        vm.expectRevert(abi.encodeWithSelector(IProjectToken.ProjectTokenInvalidCurve.selector, basePrice, slope, cap));
        registry.createProject(PROTOCOL_ROOT, REPO_ROOT, BENCH_ROOT, BASELINE, METRICS_ROOT, "N", "S", basePrice, slope, cap);
    }

    function _expectInvalidRule(IProjectRegistry.RewardRule rule, uint16 bps, uint256 target) internal {
        IProjectRegistry.ProjectConfig memory config = _defaultConfig();
        config.rewardRule = rule;
        config.rewardBps = bps;
        config.impactTarget = target;
        vm.expectRevert(
            abi.encodeWithSelector(IProjectRegistry.ProjectRegistryInvalidRewardRule.selector, uint8(rule), bps, target)
        );
        registry.createProjectWithConfig(_params(config));
    }

    /// @dev The registry's next CREATE address (its nonce is 2 after deploying the implementation).
    function _nextCloneAddress() internal view returns (address) {
        return _createAddress(address(registry), uint256(vm.getNonce(address(registry))));
    }
}
