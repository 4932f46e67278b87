// SPDX-License-Identifier: MIT
// test/invariants/Protocol.invariants.t.sol
pragma solidity ^0.8.28;

import {IProjectRegistry} from "../../contracts/interfaces/IProjectRegistry.sol";
import {IProposalLedger} from "../../contracts/interfaces/IProposalLedger.sol";
import {IReviewQuorum} from "../../contracts/interfaces/IReviewQuorum.sol";
import {Scores} from "../../contracts/libraries/Scores.sol";
import {ProjectRegistry} from "../../contracts/ProjectRegistry.sol";
import {ProjectToken} from "../../contracts/ProjectToken.sol";
import {ProposalLedger} from "../../contracts/ProposalLedger.sol";
import {ProtocolTest} from "../utils/ProtocolTest.sol";
import {ReviewQuorum} from "../../contracts/ReviewQuorum.sol";
import {VerifierRegistry} from "../../contracts/VerifierRegistry.sol";
import {vm} from "../utils/Vm.sol";

/**
 * @dev Drives random sequences of protocol actions across several actors and three projects (one
 * higher-is-better paying its whole roomy pool over a wide target, one lower-is-better paying half
 * a tiny pool over a narrow target that is soon reached, and one reviewed by a quorum of three drawn
 * from five bonded seat verifiers and any actor that bonds). Inputs are bounded into valid ranges; actions the
 * protocol refuses are tried and simply fail. Ghost variables record what the invariants compare.
 */
contract ProtocolHandler {
    ProjectRegistry internal immutable registry;
    ProposalLedger internal immutable ledger;
    VerifierRegistry internal immutable verifiers;
    ReviewQuorum internal immutable quorum;

    address[] internal actors;
    address[] internal seatVerifiers;
    uint256 public quorumProjectId;
    uint256[] internal quorumProposals;
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

    constructor(ProjectRegistry registry_, ProposalLedger ledger_, VerifierRegistry verifiers_, ReviewQuorum quorum_) {
        registry = registry_;
        ledger = ledger_;
        verifiers = verifiers_;
        quorum = quorum_;
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
        config.lowerIsBetter = false;
        config.minImprovement = 0;
        config.rewardBps = 10_000;
        config.impactTarget = 100_000;
        config.minStake = 1;
        config.reviewQuorum = 3;
        quorumProjectId = _create(config, 1e12, 1e10, 5_000);
        projectIds.push(quorumProjectId);
        uint256 minBond = verifiers.MIN_BOND();
        for (uint160 i = 1; i <= 5; i++) {
            address seatVerifier = address(0xB000 + i);
            seatVerifiers.push(seatVerifier);
            vm.deal(seatVerifier, i * minBond);
            vm.prank(seatVerifier);
            verifiers.postBond{value: i * minBond}();
        }
        if (ledger.SINGLE_REVIEW_APPEALS()) {
            // Single reviewers back their verdicts with a bond (0x7E3 is an actor, a bond holder already).
            for (uint256 i = 0; i < verifierList.length; i++) {
                address verifier = verifierList[i];
                if (i < 2) seatVerifiers.push(verifier);
                vm.deal(verifier, 20 * minBond);
                vm.prank(verifier);
                verifiers.postBond{value: 20 * minBond}();
            }
        }
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
        // A quorum project's stake covers each of its three seats' fees.
        if (projectId == quorumProjectId && stake < 3) stake = 3;
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
        uint256 id =
            ledger.submit(projectId, keccak256(abi.encode(calls, actor)), keccak256("log"), claimed, stake, address(0));
        ghostStaked += stake;
        if (projectId == quorumProjectId) quorumProposals.push(id);
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
        if (_decided(id, settler, p)) return;
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
        if (_decided(id, settler, p)) return;
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
        if (_decided(id, p.reviewer, p)) return;
        _recordSettlement(id, p.reviewer, p);
        uint256 fee = ledger.reviewFeeOf(id);
        ghostFees += fee;
        ghostReturned += p.stake - fee;
    }

    function release(uint256 proposalSeed, bool byReviewer) external {
        calls++;
        (bool ok, uint256 id) = _proposal(proposalSeed);
        if (!ok) return;
        address reviewer = ledger.getProposal(id).reviewer;
        // Nobody can act as the quorum contract, which never releases what it holds.
        if (byReviewer && reviewer == address(quorum)) return;
        vm.prank(byReviewer ? reviewer : actors[0]);
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

    // ------------------------------------------------------------------ quorum review

    struct Measured {
        bool ran;
        int256 score;
    }

    /// @dev What each seat committed, so it can reveal the same.
    mapping(uint256 proposalId => mapping(uint256 seat => Measured)) internal _measured;
    uint256 public ghostQuorumPayWithdrawn;

    /// @dev Takes the step a quorum project's proposal is due for (half the time the earliest one not
    /// final, since approvals go in priority order); `choice` picks among the steps of a phase and
    /// `noise` shapes the seats' measurements (the claim, near it, far from it, or "did not run").
    function quorumStep(uint256 proposalSeed, uint256 choice, uint256 noise) external {
        calls++;
        if (quorumProposals.length == 0) return;
        uint256 id = quorumProposals[proposalSeed % quorumProposals.length];
        if (choice % 2 == 0) {
            for (uint256 i = 0; i < quorumProposals.length; i++) {
                IReviewQuorum.Phase phase = quorum.reviewOf(quorumProposals[i]).phase;
                if (phase != IReviewQuorum.Phase.Final && _open(quorumProposals[i])) {
                    id = quorumProposals[i];
                    break;
                }
            }
        }
        choice /= 2;
        IProposalLedger.Proposal memory p = ledger.getProposal(id);
        IReviewQuorum.ReviewView memory review = quorum.reviewOf(id);
        if (review.phase == IReviewQuorum.Phase.None) {
            uint256 reviewable = ledger.reviewableAt(id);
            if (block.timestamp < reviewable) vm.warp(reviewable);
            quorum.requestReview(id);
        } else if (review.phase == IReviewQuorum.Phase.Drawing) {
            vm.roll(block.number + quorum.DRAW_DELAY_BLOCKS() + 1);
            quorum.drawSeats(id);
        } else if (review.phase == IReviewQuorum.Phase.Committing) {
            if (choice % 6 == 0) {
                vm.warp(uint256(review.deadline) + 1);
                quorum.endCommitPhase(id);
                return;
            }
            // Every seat still to commit commits (one stays idle a fifth of the time).
            bool leaveOneIdle = choice % 5 == 1;
            for (uint256 n = 0; n < 19; n++) {
                (uint256 seat, address holder) = _pendingSeat(id, choice, false);
                if (holder == address(0) || quorum.reviewOf(id).phase != IReviewQuorum.Phase.Committing) return;
                if (leaveOneIdle && _pendingCount(id, false) == 1) return;
                Measured memory m = _measurement(p.claimedAggregateScore, uint256(keccak256(abi.encode(noise, seat))));
                _measured[id][seat] = m;
                bytes32 commitment = quorum.scoreCommitmentOf(id, seat, holder, m.ran, m.score, bytes32(seat));
                vm.prank(holder);
                quorum.commitScore(id, seat, commitment);
            }
        } else if (review.phase == IReviewQuorum.Phase.Revealing) {
            // Every committed seat reveals (one stays silent a seventh of the time), then the round closes.
            bool leaveOneSilent = choice % 7 == 1;
            for (uint256 n = 0; n < 19; n++) {
                (uint256 seat, address holder) = _pendingSeat(id, choice, true);
                if (holder == address(0) || (leaveOneSilent && _pendingCount(id, true) == 1)) break;
                Measured memory m = _measured[id][seat];
                vm.prank(holder);
                quorum.revealScore(id, seat, m.ran, m.score, bytes32(seat));
            }
            if (leaveOneSilent) vm.warp(uint256(review.deadline) + 1);
            _settleThroughQuorum(id, p, false);
        } else if (review.phase == IReviewQuorum.Phase.Decided) {
            if (choice % 3 == 0) {
                address appellant = _actor(noise);
                uint256 bond = quorum.appealBondOf(id);
                vm.deal(appellant, appellant.balance + bond);
                vm.prank(appellant);
                quorum.appeal{value: bond}(id);
                return;
            }
            vm.warp(uint256(review.deadline) + 1);
            _settleThroughQuorum(id, p, true);
        }
    }

    function withdrawQuorumPay(uint256 accountSeed) external {
        calls++;
        address account = _bondHolder(accountSeed);
        uint256 owed = quorum.owedTo(account);
        vm.prank(account);
        quorum.withdraw();
        ghostQuorumPayWithdrawn += owed;
    }

    /// @dev Closes the round (or finalizes) and, when that settled the proposal, books what moved.
    function _settleThroughQuorum(uint256 id, IProposalLedger.Proposal memory p, bool finalizing) internal {
        uint256 fundBefore = ledger.getVerifierPool(p.projectId).fund;
        uint256 owedBefore = _feesOwed(p.projectId);
        ProjectToken token = ProjectToken(registry.tokenOf(p.projectId));
        _recordBacking(token);
        if (finalizing) quorum.finalize(id);
        else quorum.closeRound(id);
        IProposalLedger.Status status = ledger.getProposal(id).status;
        if (status == IProposalLedger.Status.Reviewing) return;
        settlements[id] += 1;
        uint256 fees = _feesOwed(p.projectId) - owedBefore;
        ghostFees += fees;
        if (status == IProposalLedger.Status.Approved) {
            uint256 fromFund = fundBefore - ledger.getVerifierPool(p.projectId).fund;
            ghostFeesFromFunds += fromFund;
            ghostReturned += p.stake - (fees - fromFund);
            _resetBacking(token);
            return;
        }
        if (status == IProposalLedger.Status.Rejected) _recordSlash(p.stake - fees);
        else ghostReturned += p.stake - fees;
        _checkBacking(token);
    }

    function _open(uint256 id) internal view returns (bool) {
        IProposalLedger.Status status = ledger.getProposal(id).status;
        return status == IProposalLedger.Status.Submitted || status == IProposalLedger.Status.Reviewing;
    }

    /// @dev How many seats of the current round have yet to commit (or, with `toReveal`, to reveal).
    function _pendingCount(uint256 id, bool toReveal) internal view returns (uint256 count) {
        IReviewQuorum.SeatView[] memory seats = quorum.seatsOf(id);
        uint8 round = quorum.reviewOf(id).round;
        for (uint256 i = 0; i < seats.length; i++) {
            IReviewQuorum.SeatView memory s = seats[i];
            if (s.round != round || s.holder == address(0)) continue;
            if (toReveal ? (s.committed && !s.revealed) : !s.committed) count++;
        }
    }

    /// @dev A seat of the current round that has yet to commit (or, with `toReveal`, to reveal).
    function _pendingSeat(uint256 id, uint256 choice, bool toReveal) internal view returns (uint256, address) {
        IReviewQuorum.SeatView[] memory seats = quorum.seatsOf(id);
        uint8 round = quorum.reviewOf(id).round;
        for (uint256 i = 0; i < seats.length; i++) {
            uint256 seat = (choice + i) % seats.length;
            IReviewQuorum.SeatView memory s = seats[seat];
            if (s.round != round || s.holder == address(0)) continue;
            if (toReveal ? (s.committed && !s.revealed) : !s.committed) return (seat, s.holder);
        }
        return (0, address(0));
    }

    function _measurement(int256 claimed, uint256 noise) internal pure returns (Measured memory) {
        uint256 kind = noise % 4;
        if (kind == 0) return Measured(false, 0);
        if (kind == 1) return Measured(true, claimed);
        // Near the claim (within 10 ppm of it), or far below it.
        int256 offset = int256((noise >> 8) % 11);
        return Measured(true, kind == 2 ? claimed - offset : claimed - 1_000 - offset);
    }

    function _feesOwed(uint256 projectId) internal view returns (uint256 owed) {
        for (uint256 i = 0; i < bondHolderCount(); i++) owed += ledger.claimable(projectId, bondHolderAt(i));
    }

    /// @dev Everyone who can hold a bond or be owed by the quorum: the actors, then the seat verifiers.
    function bondHolderCount() public view returns (uint256) {
        return actors.length + seatVerifiers.length;
    }

    function bondHolderAt(uint256 i) public view returns (address) {
        return i < actors.length ? actors[i] : seatVerifiers[i - actors.length];
    }

    function _bondHolder(uint256 seed) internal view returns (address) {
        return bondHolderAt(seed % bondHolderCount());
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

    /// @dev With single-review appeals a verdict only decides: checks who decided and leaves the
    /// settlement to the quorum's steps (appeal or finalize), which book what moves.
    function _decided(uint256 id, address settler, IProposalLedger.Proposal memory p) internal returns (bool) {
        if (!ledger.SINGLE_REVIEW_APPEALS()) return false;
        bool conflicted = settler == p.miner || settler == p.rewardRecipient;
        if (!verifiers.isVerifier(settler) || conflicted || settler != p.reviewer) ghostSettledWrongly++;
        quorumProposals.push(id);
        return true;
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
        handler = new ProtocolHandler(registry, ledger, verifiers, quorum);
    }

    /// @dev The registry holds every bond whole: its balance is the bonds of all actors (bonded or
    /// leaving), `totalBonded` those of the bonded set, which is exactly the actors it enumerates.
    function invariant_bondsAreHeldWhole() public view {
        uint256 held;
        uint256 bonded;
        uint256 members;
        for (uint256 i = 0; i < handler.bondHolderCount(); i++) {
            address actor = handler.bondHolderAt(i);
            (uint256 amount, uint256 withdrawableAt) = verifiers.bondOf(actor);
            _assertLe("a lock is backed by its bond", verifiers.lockedBondOf(actor), amount);
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
            owedOrFunded += _feesOwed(projectId);
        }
        _assertEq("ledger holds open stakes, fee funds and unclaimed fees", held, open + owedOrFunded);
    }

    /// @dev Seats lock exactly what the open quorum reviews hold, and the quorum contract holds exactly
    /// what it owes (withdrawable pay) plus what open reviews will share (penalties, appeal bonds).
    function invariant_quorumLocksAndPayAreHeldWhole() public view {
        uint256 locked;
        uint256 pending;
        for (uint256 id = 0; id < ledger.nextProposalId(); id++) {
            IReviewQuorum.ReviewView memory review = quorum.reviewOf(id);
            if (review.phase == IReviewQuorum.Phase.None || review.phase == IReviewQuorum.Phase.Final) continue;
            pending += review.pendingPenalties + (review.appellant == address(0) ? 0 : review.appealBond);
            IReviewQuorum.SeatView[] memory seats = quorum.seatsOf(id);
            for (uint256 i = 0; i < seats.length; i++) {
                if (seats[i].holder != address(0)) locked += review.seatLock;
            }
        }
        uint256 heldLocks;
        uint256 owed;
        for (uint256 i = 0; i < handler.bondHolderCount(); i++) {
            heldLocks += verifiers.lockedBondOf(handler.bondHolderAt(i));
            owed += quorum.owedTo(handler.bondHolderAt(i));
        }
        _assertEq("locks are the open seats'", heldLocks, locked);
        _assertEq("the quorum holds what it owes and what open reviews will share", address(quorum).balance, owed + pending);
    }

    /// @dev A quorum project's proposals are settled only by the quorum, once its review is final; one
    /// under review (seats drawn) is held by the quorum and cannot be expired.
    function invariant_quorumProposalsSettleOnlyThroughTheQuorum() public view {
        for (uint256 id = 0; id < ledger.nextProposalId(); id++) {
            IProposalLedger.Proposal memory p = ledger.getProposal(id);
            if (p.projectId != handler.quorumProjectId() && !ledger.SINGLE_REVIEW_APPEALS()) continue;
            IReviewQuorum.Phase phase = quorum.reviewOf(id).phase;
            bool settled = p.status == IProposalLedger.Status.Approved || p.status == IProposalLedger.Status.Rejected
                || p.status == IProposalLedger.Status.Superseded;
            if (settled) {
                _assertTrue("settled only when final", phase == IReviewQuorum.Phase.Final);
                _assertEqAddress("by the quorum", p.reviewer, address(quorum));
            }
            bool seated = phase == IReviewQuorum.Phase.Committing || phase == IReviewQuorum.Phase.Revealing
                || phase == IReviewQuorum.Phase.Decided;
            if (seated) _assertTrue("held while seated", p.status == IProposalLedger.Status.Reviewing);
            if (phase == IReviewQuorum.Phase.Final) _assertTrue("final means settled", settled);
        }
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
    /// @dev Review fees owed on `projectId`: to the allowlisted verifiers, then to the bond holders who
    /// are not among them (one actor is both), who earn fees in quorum seats.
    function _feesOwed(uint256 projectId) internal view returns (uint256 owed) {
        for (uint256 i = 0; i < 3; i++) owed += ledger.claimable(projectId, handler.verifierAt(i));
        for (uint256 i = 0; i < handler.bondHolderCount(); i++) {
            address holder = handler.bondHolderAt(i);
            if (!verifiers.isVerifier(holder)) owed += ledger.claimable(projectId, holder);
        }
    }

    function invariant_verifierPoolClaimsWithinInflows() public view {
        uint256 inflow;
        uint256 fund;
        uint256 claimed;
        uint256 owed;
        for (uint256 p = 0; p < handler.projectCount(); p++) {
            uint256 projectId = handler.projectIds(p);
            IProposalLedger.VerifierPoolView memory pool = ledger.getVerifierPool(projectId);
            owed += _feesOwed(projectId);
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

/**
 * @dev The same invariants with single reviewers' verdicts appealable: a verdict is recorded with the
 * quorum and settled by its steps (finalize after the window, or an appeal by three fresh seats).
 */
contract SingleReviewAppealInvariants is ProtocolInvariants {
    function _singleReviewAppeals() internal pure override returns (bool) {
        return true;
    }
}
