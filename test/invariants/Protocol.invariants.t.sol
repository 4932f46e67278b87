// SPDX-License-Identifier: MIT
// test/invariants/Protocol.invariants.t.sol
pragma solidity ^0.8.28;

import {IProjectRegistry} from "../../contracts/interfaces/IProjectRegistry.sol";
import {IProposalLedger} from "../../contracts/interfaces/IProposalLedger.sol";
import {Scores} from "../../contracts/libraries/Scores.sol";
import {ProjectRegistry} from "../../contracts/ProjectRegistry.sol";
import {ProjectToken} from "../../contracts/ProjectToken.sol";
import {ProposalLedger} from "../../contracts/ProposalLedger.sol";
import {ProtocolTest} from "../utils/ProtocolTest.sol";
import {VerifierRegistry} from "../../contracts/VerifierRegistry.sol";
import {vm} from "../utils/Vm.sol";

/**
 * @dev Drives random sequences of protocol actions across several actors and two projects (one
 * higher-is-better paying its whole roomy pool over a wide target, one lower-is-better paying half
 * a tiny pool over a narrow target that is soon reached). Inputs are bounded into valid ranges; actions the
 * protocol refuses are tried and simply fail. Ghost variables record what the invariants compare.
 */
contract ProtocolHandler {
    ProjectRegistry internal immutable registry;
    ProposalLedger internal immutable ledger;
    VerifierRegistry internal immutable verifiers;

    address[] internal actors;
    address[] internal verifierList;
    uint256[] public projectIds;

    // Ghosts.
    uint256 public ghostStaked;
    uint256 public ghostReturned;
    uint256 public ghostBurned;
    uint256 public ghostPooled;
    uint256 public ghostClaimedFromPools;
    /// @dev Review fees earned by reviewers, and the part of them the projects' fee funds paid.
    uint256 public ghostFees;
    uint256 public ghostFeesFromFunds;
    mapping(uint256 proposalId => uint256) public settlements;
    uint256 public ghostSettledWrongly;
    uint256 public ghostBackingFellWithoutMint;
    uint256 public ghostBestMovedBackwards;
    uint256 public calls;

    constructor(ProjectRegistry registry_, ProposalLedger ledger_, VerifierRegistry verifiers_) {
        registry = registry_;
        ledger = ledger_;
        verifiers = verifiers_;
        for (uint160 i = 1; i <= 4; i++) actors.push(address(0xA000 + i));
        verifierList.push(address(0x7E1));
        verifierList.push(address(0x7E2));
        verifierList.push(address(0x7E3));
        // A miner who is also a verifier exercises the conflict rule.
        actors.push(address(0x7E3));

        IProjectRegistry.ProjectConfig memory config;
        config.minStake = 1;
        config.rewardRule = IProjectRegistry.RewardRule.Impact;
        config.rewardBps = 10_000;
        config.impactTarget = 100_000;
        config.tolerancePpm = 10;
        config.reviewQuorum = 1;
        projectIds.push(_create(config, 1e12, 1e10, 5_000));
        config.lowerIsBetter = true;
        config.minImprovement = 3;
        config.rewardBps = 5000;
        config.impactTarget = 50;
        config.minStake = 2;
        projectIds.push(_create(config, 3e15, 0, 40));
    }

    // ------------------------------------------------------------------ actions

    function buy(uint256 actorSeed, uint256 projectSeed, uint256 amount) external {
        calls++;
        address actor = _actor(actorSeed);
        ProjectToken token = _token(projectSeed);
        amount = 1 + amount % 300;
        uint256 cost = token.quoteBuyExact(amount);
        vm.deal(actor, actor.balance + cost);
        _recordBacking(token);
        vm.prank(actor);
        token.buyExact{value: cost}(amount, cost, block.timestamp);
        _checkBacking(token);
    }

    function sell(uint256 actorSeed, uint256 projectSeed, uint256 amount) external {
        calls++;
        address actor = _actor(actorSeed);
        ProjectToken token = _token(projectSeed);
        uint256 held = token.balanceOf(actor);
        if (held == 0) return;
        amount = 1 + amount % held;
        _recordBacking(token);
        vm.prank(actor);
        token.sellExact(amount, 0, block.timestamp);
        _checkBacking(token);
    }

    function submit(uint256 actorSeed, uint256 projectSeed, uint256 stake, int256 claimedDelta) external {
        calls++;
        address actor = _actor(actorSeed);
        uint256 projectId = projectIds[projectSeed % projectIds.length];
        ProjectToken token = ProjectToken(registry.tokenOf(projectId));
        stake = 2 + stake % 40;
        uint256 held = token.balanceOf(actor);
        if (held < stake) {
            uint256 cost = token.quoteBuyExact(stake - held);
            vm.deal(actor, actor.balance + cost);
            vm.prank(actor);
            token.buyExact{value: cost}(stake - held, cost, block.timestamp);
        }
        // Claims beat the best by the minimum (the ledger refuses others at submission).
        IProjectRegistry.ProjectConfig memory config = registry.getProjectConfig(projectId);
        int256 step = int256(config.minImprovement) + int256(uint256(claimedDelta) % 50) + 1;
        int256 best = registry.currentBestAggregateScore(projectId);
        int256 claimed = config.lowerIsBetter ? best - step : best + step;
        vm.prank(actor);
        token.approve(address(ledger), stake);
        vm.prank(actor);
        ledger.submit(projectId, keccak256(abi.encode(calls, actor)), keccak256("log"), claimed, stake, address(0));
        ghostStaked += stake;
    }

    function claim(uint256 verifierSeed, uint256 proposalSeed) external {
        calls++;
        (bool ok, uint256 id) = _proposal(proposalSeed);
        if (!ok) return;
        vm.prank(_verifier(verifierSeed));
        ledger.claimReview(id);
    }

    function approve(uint256 proposalSeed, uint256 improvement, bool asStranger) external {
        calls++;
        (bool ok, uint256 id) = _proposal(proposalSeed);
        if (!ok) return;
        IProposalLedger.Proposal memory p = ledger.getProposal(id);
        int256 best = registry.currentBestAggregateScore(p.projectId);
        bool lower = registry.getProjectConfig(p.projectId).lowerIsBetter;
        int256 delta = int256(improvement % 20);
        int256 score = lower ? best - delta : best + delta;
        address settler = asStranger ? actors[improvement % actors.length] : p.reviewer;
        ProjectToken token = ProjectToken(registry.tokenOf(p.projectId));
        uint256 fund = ledger.getVerifierPool(p.projectId).fund;
        vm.prank(settler);
        ledger.approve(id, score, keccak256("metrics"));
        // Only reached when the approval went through: the fee comes from the fund while it lasts.
        _recordSettlement(id, settler, p);
        uint256 fee = ledger.reviewFeeOf(id);
        uint256 fromFund = fee < fund ? fee : fund;
        ghostFees += fee;
        ghostFeesFromFunds += fromFund;
        ghostReturned += p.stake - (fee - fromFund);
        int256 newBest = registry.currentBestAggregateScore(p.projectId);
        if (lower ? newBest >= best : newBest <= best) ghostBestMovedBackwards++;
        _resetBacking(token);
    }

    function reject(uint256 proposalSeed, bool asStranger, uint256 strangerSeed) external {
        calls++;
        (bool ok, uint256 id) = _proposal(proposalSeed);
        if (!ok) return;
        IProposalLedger.Proposal memory p = ledger.getProposal(id);
        address settler = asStranger ? _actor(strangerSeed) : p.reviewer;
        ProjectToken token = ProjectToken(registry.tokenOf(p.projectId));
        _recordBacking(token);
        vm.prank(settler);
        ledger.reject(id, keccak256("metrics"));
        _recordSettlement(id, settler, p);
        uint256 fee = ledger.reviewFeeOf(id);
        ghostFees += fee;
        _recordSlash(p.stake - fee);
        _checkBacking(token);
    }

    function supersede(uint256 proposalSeed) external {
        calls++;
        (bool ok, uint256 id) = _proposal(proposalSeed);
        if (!ok) return;
        IProposalLedger.Proposal memory p = ledger.getProposal(id);
        // The verifier reproduces the claim; the ledger decides whether another approval overtook it.
        vm.prank(p.reviewer);
        ledger.supersede(id, p.claimedAggregateScore, keccak256("metrics"));
        _recordSettlement(id, p.reviewer, p);
        uint256 fee = ledger.reviewFeeOf(id);
        ghostFees += fee;
        ghostReturned += p.stake - fee;
    }

    function release(uint256 proposalSeed, bool byReviewer) external {
        calls++;
        (bool ok, uint256 id) = _proposal(proposalSeed);
        if (!ok) return;
        vm.prank(byReviewer ? ledger.getProposal(id).reviewer : actors[0]);
        ledger.releaseReview(id);
    }

    function expire(uint256 proposalSeed) external {
        calls++;
        (bool ok, uint256 id) = _proposal(proposalSeed);
        if (!ok) return;
        IProposalLedger.Proposal memory p = ledger.getProposal(id);
        ProjectToken token = ProjectToken(registry.tokenOf(p.projectId));
        _recordBacking(token);
        ledger.expire(id);
        settlements[id] += 1;
        // Nobody reviewed it: the stake goes back whole.
        ghostReturned += p.stake;
        _checkBacking(token);
    }

    function claimRewards(uint256 verifierSeed, uint256 projectSeed) external {
        calls++;
        uint256 projectId = projectIds[projectSeed % projectIds.length];
        // Prefer a verifier with something to claim, so claims happen often enough to matter.
        address verifier = _verifier(verifierSeed);
        for (uint256 i = 0; i < verifierList.length; i++) {
            address candidate = _verifier(verifierSeed + i);
            if (ledger.claimable(projectId, candidate) > 0) {
                verifier = candidate;
                break;
            }
        }
        vm.prank(verifier);
        ghostClaimedFromPools += ledger.claimReward(projectId);
    }

    /// @dev Bonds: any actor posts, leaves or withdraws (refusals simply fail). Withdrawn bonds are counted.
    uint256 public ghostBondsWithdrawn;

    function postBond(uint256 actorSeed, uint256 amount) external {
        calls++;
        address actor = _actor(actorSeed);
        amount = 1 + amount % 1 ether;
        vm.deal(actor, actor.balance + amount);
        vm.prank(actor);
        verifiers.postBond{value: amount}();
    }

    function requestUnbond(uint256 actorSeed) external {
        calls++;
        vm.prank(_actor(actorSeed));
        verifiers.requestUnbond();
    }

    function withdrawBond(uint256 actorSeed) external {
        calls++;
        address actor = _actor(actorSeed);
        (uint256 amount,) = verifiers.bondOf(actor);
        vm.prank(actor);
        verifiers.withdrawBond();
        ghostBondsWithdrawn += amount;
    }

    function warp(uint256 secondsAhead) external {
        calls++;
        vm.warp(block.timestamp + secondsAhead % 3 days);
    }

    // ------------------------------------------------------------------ views for the invariants

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function actorAt(uint256 i) external view returns (address) {
        return actors[i];
    }

    function verifierAt(uint256 i) external view returns (address) {
        return verifierList[i];
    }

    function projectCount() external view returns (uint256) {
        return projectIds.length;
    }

    // ------------------------------------------------------------------ internal

    mapping(address token => uint256) internal _backingBefore;

    function _recordBacking(ProjectToken token) internal {
        _backingBefore[address(token)] = token.totalSupply() == 0 ? 0 : token.backingRatio();
    }

    function _checkBacking(ProjectToken token) internal {
        uint256 before = _backingBefore[address(token)];
        if (before != 0 && token.totalSupply() != 0 && token.backingRatio() < before) ghostBackingFellWithoutMint++;
    }

    function _resetBacking(ProjectToken token) internal {
        _backingBefore[address(token)] = 0;
    }

    function _recordSettlement(uint256 id, address settler, IProposalLedger.Proposal memory p) internal {
        settlements[id] += 1;
        bool conflicted = settler == p.miner || settler == p.rewardRecipient;
        if (!verifiers.isVerifier(settler) || conflicted || settler != p.reviewer) ghostSettledWrongly++;
    }

    function _recordSlash(uint256 stake) internal {
        uint256 burned = stake * 5000 / 10_000;
        ghostBurned += burned;
        ghostPooled += stake - burned;
    }

    function _create(IProjectRegistry.ProjectConfig memory config, uint256 basePrice, uint256 slope, uint256 cap)
        internal
        returns (uint256 id)
    {
        IProjectRegistry.CreateParams memory params = IProjectRegistry.CreateParams({
            protocolHash: keccak256("protocol"),
            repoSnapshotHash: keccak256("repo"),
            benchmarkHash: keccak256("bench"),
            baselineAggregateScore: 1_000_000,
            baselineMetricsHash: keccak256("metrics"),
            tokenName: "Invariant",
            tokenSymbol: "INV",
            basePrice: basePrice,
            slope: slope,
            minerPoolCap: cap,
            config: config,
            firstBuyAmount: 0
        });
        (id,) = registry.createProjectWithConfig(params);
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function _verifier(uint256 seed) internal view returns (address) {
        return verifierList[seed % verifierList.length];
    }

    function _token(uint256 seed) internal view returns (ProjectToken) {
        return ProjectToken(registry.tokenOf(projectIds[seed % projectIds.length]));
    }

    function _proposal(uint256 seed) internal view returns (bool, uint256) {
        uint256 count = ledger.nextProposalId();
        if (count == 0) return (false, 0);
        return (true, seed % count);
    }
}

/**
 * @dev Invariants of the whole protocol under random sequences of create/buy/sell/submit/claim/
 * approve/reject/supersede/release/expire/claim-rewards from several actors (see {ProtocolHandler}).
 */
contract ProtocolInvariants is ProtocolTest {
    ProtocolHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new ProtocolHandler(registry, ledger, verifiers);
    }

    /// @dev The registry holds every bond whole: its balance is the bonds of all actors (bonded or
    /// leaving), `totalBonded` those of the bonded set, which is exactly the actors it enumerates.
    function invariant_bondsAreHeldWhole() public view {
        uint256 held;
        uint256 bonded;
        uint256 members;
        for (uint256 i = 0; i < handler.actorCount(); i++) {
            address actor = handler.actorAt(i);
            (uint256 amount, uint256 withdrawableAt) = verifiers.bondOf(actor);
            held += amount;
            if (verifiers.isBonded(actor)) {
                bonded += amount;
                members++;
                _assertEq("a member is not leaving", withdrawableAt, 0);
                _assertTrue("at least the minimum", amount >= verifiers.MIN_BOND());
            }
        }
        _assertEq("balance is the bonds", address(verifiers).balance, held);
        _assertEq("total of the bonded set", verifiers.totalBonded(), bonded);
        _assertEq("members enumerated", verifiers.bondedCount(), members);
    }

    /// @dev The fuzzer calls only the handler.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev Selling the whole supply, every holder in turn (the ledger's stakes and pools included),
    /// succeeds and pays at most the reserve while a burn is being released (the rest backs the
    /// unreleased tokens), and exactly the reserve once every burn is released.
    function invariant_reserveCoversFullSellOut() public {
        _sellOutEveryProject(false);
        _sellOutEveryProject(true);
    }

    function _sellOutEveryProject(bool afterRelease) internal {
        for (uint256 p = 0; p < handler.projectCount(); p++) {
            ProjectToken token = ProjectToken(registry.tokenOf(handler.projectIds(p)));
            uint256 reserve = token.reserve();
            _assertLe("quote for the whole supply", token.quoteSell(token.totalSupply()), reserve);
            uint256 snapshot = vm.snapshotState();
            if (afterRelease) vm.warp(vm.getBlockTimestamp() + token.BURN_RELEASE_PERIOD());
            // The ledger cannot receive ether; hand its tokens to a holder for the sell-out.
            uint256 ledgerHeld = token.balanceOf(address(ledger));
            if (ledgerHeld > 0) {
                address receiver = handler.actorAt(0);
                vm.prank(address(ledger));
                token.transfer(receiver, ledgerHeld);
            }
            uint256 paid;
            for (uint256 i = 0; i < handler.actorCount(); i++) {
                address holder = handler.actorAt(i);
                uint256 held = token.balanceOf(holder);
                if (held == 0) continue;
                uint256 before = holder.balance;
                vm.prank(holder);
                token.sell(held);
                paid += holder.balance - before;
            }
            for (uint256 i = 0; i < 3; i++) {
                address holder = handler.verifierAt(i);
                uint256 held = token.balanceOf(holder);
                if (held == 0) continue;
                uint256 before = holder.balance;
                vm.prank(holder);
                token.sell(held);
                paid += holder.balance - before;
            }
            _assertEq("supply sold out", token.totalSupply(), 0);
            if (afterRelease) _assertEq("whole reserve paid", paid, reserve);
            else _assertLe("at most the reserve paid", paid, reserve);
            vm.revertToState(snapshot);
        }
    }

    function invariant_etherBalanceCoversReserve() public view {
        for (uint256 p = 0; p < handler.projectCount(); p++) {
            ProjectToken token = ProjectToken(registry.tokenOf(handler.projectIds(p)));
            _assertLe("reserve <= ether held", token.reserve(), address(token).balance);
        }
    }

    function invariant_backingRatioOnlyFallsOnRewardMint() public view {
        _assertEq("falls without a mint", handler.ghostBackingFellWithoutMint(), 0);
    }

    /// @dev Staked = returned + burned + funded + fees paid from stakes + still open; the ledger holds open
    /// stakes, the fee funds and the fees not yet claimed.
    function invariant_stakeIsConserved() public view {
        uint256 open;
        for (uint256 id = 0; id < ledger.nextProposalId(); id++) {
            IProposalLedger.Proposal memory p = ledger.getProposal(id);
            if (p.status == IProposalLedger.Status.Submitted || p.status == IProposalLedger.Status.Reviewing) {
                open += p.stake;
            }
        }
        _assertEq(
            "staked == returned + burned + funded + fees from stakes + open",
            handler.ghostStaked(),
            handler.ghostReturned() + handler.ghostBurned() + handler.ghostPooled()
                + (handler.ghostFees() - handler.ghostFeesFromFunds()) + open
        );
        uint256 held;
        uint256 owedOrFunded;
        for (uint256 p = 0; p < handler.projectCount(); p++) {
            uint256 projectId = handler.projectIds(p);
            held += ProjectToken(registry.tokenOf(projectId)).balanceOf(address(ledger));
            owedOrFunded += ledger.getVerifierPool(projectId).fund;
            for (uint256 i = 0; i < 3; i++) owedOrFunded += ledger.claimable(projectId, handler.verifierAt(i));
        }
        _assertEq("ledger holds open stakes, fee funds and unclaimed fees", held, open + owedOrFunded);
    }

    function invariant_proposalSettlesOnce() public view {
        for (uint256 id = 0; id < ledger.nextProposalId(); id++) {
            _assertLe("settlements", handler.settlements(id), 1);
        }
    }

    /// @dev Approvals go in priority order: the queue's head of each project is an open proposal of
    /// that project with the earliest priority, and a proposal waits for it only if it is earlier.
    function invariant_approvalsWaitOnlyForTheEarliestOpenProposal() public view {
        uint256 count = ledger.nextProposalId();
        for (uint256 id = 0; id < count; id++) {
            IProposalLedger.Proposal memory p = ledger.getProposal(id);
            (bool waits, uint256 earlier) = ledger.openProposalBefore(id);
            bool open = p.status == IProposalLedger.Status.Submitted || p.status == IProposalLedger.Status.Reviewing;
            if (!open) {
                _assertTrue("a settled proposal waits for nothing", !waits);
                continue;
            }
            uint256 earliest = p.submittedAt;
            for (uint256 other = 0; other < count; other++) {
                IProposalLedger.Proposal memory q = ledger.getProposal(other);
                bool otherOpen = q.status == IProposalLedger.Status.Submitted || q.status == IProposalLedger.Status.Reviewing;
                if (otherOpen && q.projectId == p.projectId && q.submittedAt < earliest) earliest = q.submittedAt;
            }
            if (!waits) {
                _assertEq("nothing open is earlier", earliest, p.submittedAt);
                continue;
            }
            IProposalLedger.Proposal memory head = ledger.getProposal(earlier);
            _assertTrue("the head is open", head.status == IProposalLedger.Status.Submitted || head.status == IProposalLedger.Status.Reviewing);
            _assertEq("of the same project", head.projectId, p.projectId);
            _assertEq("with the earliest priority", head.submittedAt, earliest);
        }
    }

    function invariant_onlyAllowlistedUnconflictedReviewersSettle() public view {
        _assertEq("wrong settlers", handler.ghostSettledWrongly(), 0);
    }

    function invariant_minerRewardsWithinCap() public view {
        for (uint256 p = 0; p < handler.projectCount(); p++) {
            ProjectToken token = ProjectToken(registry.tokenOf(handler.projectIds(p)));
            _assertLe("minted <= cap", token.minerPoolMinted(), token.minerPoolCap());
        }
    }

    /// @dev However the approvals split the progress, the pool minted exactly what the schedule pays
    /// for the best's progress from the baseline: `share * min(x, T) / T`, rounded down once.
    function invariant_minerRewardsFollowTheBestsProgress() public view {
        for (uint256 p = 0; p < handler.projectCount(); p++) {
            uint256 id = handler.projectIds(p);
            IProjectRegistry.ProjectConfig memory config = registry.getProjectConfig(id);
            IProjectRegistry.Project memory project = registry.getProject(id);
            (uint256 progress,) = Scores.improvementOver(
                config.lowerIsBetter, project.currentBestAggregateScore, project.baselineAggregateScore
            );
            ProjectToken token = ProjectToken(project.token);
            uint256 share = token.minerPoolCap() * config.rewardBps / 10_000;
            uint256 target = config.impactTarget;
            uint256 scheduled = share * (progress < target ? progress : target) / target;
            _assertEq("minted = paid(progress)", token.minerPoolMinted(), scheduled);
        }
    }

    /// @dev Verifiers are owed exactly the fees they earned (never a share of a slash), and each fee fund
    /// holds what slashes put in less the approval fees it paid.
    function invariant_verifierPoolClaimsWithinInflows() public view {
        uint256 inflow;
        uint256 fund;
        uint256 claimed;
        uint256 owed;
        for (uint256 p = 0; p < handler.projectCount(); p++) {
            uint256 projectId = handler.projectIds(p);
            IProposalLedger.VerifierPoolView memory pool = ledger.getVerifierPool(projectId);
            for (uint256 i = 0; i < 3; i++) owed += ledger.claimable(projectId, handler.verifierAt(i));
            inflow += pool.totalInflow;
            fund += pool.fund;
            claimed += pool.totalClaimed;
        }
        _assertEq("claimed + claimable == fees earned", claimed + owed, handler.ghostFees());
        _assertEq("inflows match slashes", inflow, handler.ghostPooled());
        _assertEq("fund == inflow - fees it paid", fund, inflow - handler.ghostFeesFromFunds());
        _assertEq("claims match payouts", claimed, handler.ghostClaimedFromPools());
    }

    function invariant_bestOnlyMovesInProjectDirection() public view {
        _assertEq("best moved backwards", handler.ghostBestMovedBackwards(), 0);
    }
}
