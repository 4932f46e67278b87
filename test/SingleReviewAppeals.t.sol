// SPDX-License-Identifier: MIT
// test/SingleReviewAppeals.t.sol
pragma solidity ^0.8.28;

import {IProjectRegistry} from "../contracts/interfaces/IProjectRegistry.sol";
import {IProposalLedger} from "../contracts/interfaces/IProposalLedger.sol";
import {IReviewQuorum} from "../contracts/interfaces/IReviewQuorum.sol";
import {IVerifierRegistry} from "../contracts/interfaces/IVerifierRegistry.sol";
import {ProjectToken} from "../contracts/ProjectToken.sol";
import {ProtocolTest} from "./utils/ProtocolTest.sol";
import {vm} from "./utils/Vm.sol";

/**
 * @dev Appeals on the reference shape's single reviewer (`k = 1`): the allowlisted claimer's verdict
 * is pending for `APPEAL_WINDOW`, its bond backs it, and anyone may have it re-run by three fresh
 * bonded seats. Six bonded verifiers besides the reviewer, so an appeal can always be seated.
 */
contract SingleReviewAppealsTest is ProtocolTest {
    uint256 internal constant STAKE = 30;
    /// @dev Near the baseline (1e6), 10 ppm is 10 score units.
    int256 internal constant CLAIM = 1_000_500;
    int256 internal constant TRUE_SCORE = 1_000_200;
    address internal constant REVIEWER = VERIFIER_1;

    uint256 internal projectId;
    ProjectToken internal token;

    function setUp() public override {
        super.setUp();
        IProjectRegistry.ProjectConfig memory config = _defaultConfig();
        config.minStake = 10;
        (projectId, token) = _createProject(config);
        _postBond(REVIEWER, MIN_BOND);
        for (uint256 i; i < 6; ++i) {
            _postBond(address(uint160(0x8E00 + i)), MIN_BOND);
        }
    }

    function _singleReviewAppeals() internal pure override returns (bool) {
        return true;
    }

    // ------------------------------------------------------------------ laziness does not pay

    function test_attack_lazySingleReviewerApprovesAFakeClaimAndIsOverturnedOnAppeal() public {
        uint256 id = _submit(MINER, projectId, keccak256("code"), CLAIM, STAKE);
        _claim(REVIEWER, id);
        uint256 supplyBefore = token.totalSupply();
        // The reviewer echoes the public claim without running anything.
        vm.prank(REVIEWER);
        ledger.approve(id, CLAIM, METRICS_ROOT);

        // Nothing moved: the approval is pending until its appeal window ends.
        _assertEq("still held", uint256(ledger.getProposal(id).status), uint256(IProposalLedger.Status.Reviewing));
        _assertEqSigned("best unchanged", registry.currentBestAggregateScore(projectId), BASELINE);
        _assertEq("no reward minted yet", token.totalSupply(), supplyBefore);
        _assertEq("the stake still held", token.balanceOf(address(ledger)), STAKE);
        _assertEq("the reviewer's bond locked", verifiers.lockedBondOf(REVIEWER), MIN_BOND);

        // A watcher re-runs the benchmark, finds TRUE_SCORE, and appeals: three fresh seats measure it.
        uint256 appealBond = _appealAndDraw(id);
        _assertEq("appeal bond: three seats' pay", appealBond, 3 * MIN_BOND / 10);
        _measureAppeal(id, true, TRUE_SCORE);

        _assertEq("rejected", uint256(ledger.getProposal(id).status), uint256(IProposalLedger.Status.Rejected));
        _assertEqSigned("best unchanged", registry.currentBestAggregateScore(projectId), BASELINE);
        _assertEq("no reward minted; half the slash burned", token.totalSupply() + STAKE / 2, supplyBefore);
        _assertEq("the lazy reviewer earns no fee", ledger.claimable(projectId, REVIEWER), 0);
        (uint256 bond,) = verifiers.bondOf(REVIEWER);
        _assertEq("the lazy reviewer loses its whole lock", bond, 0);
        _assertEq("the appellant wins it", quorum.owedTo(APPELLANT), MIN_BOND);
        _assertTrue("the appellant gains on net", quorum.owedTo(APPELLANT) > appealBond);
    }

    function test_attack_lazySingleReviewerRejectsAValidClaimAndIsOverturnedOnAppeal() public {
        uint256 id = _submit(MINER, projectId, keccak256("code"), CLAIM, STAKE);
        _claim(REVIEWER, id);
        // The reviewer rejects without running anything (its pay does not depend on the verdict).
        vm.prank(REVIEWER);
        ledger.reject(id, METRICS_ROOT);
        _assertEq("still held", uint256(ledger.getProposal(id).status), uint256(IProposalLedger.Status.Reviewing));
        _assertEq("nothing slashed yet", token.balanceOf(address(ledger)), STAKE);

        // The miner appeals; the fresh seats reproduce the claim.
        uint256 appealBond = quorum.appealBondOf(id);
        vm.deal(MINER, appealBond);
        vm.prank(MINER);
        quorum.appeal{value: appealBond}(id);
        vm.roll(block.number + DRAW_DELAY_BLOCKS + 1);
        quorum.drawSeats(id);
        _measureAppeal(id, true, CLAIM + 1);

        _assertEq("approved", uint256(ledger.getProposal(id).status), uint256(IProposalLedger.Status.Approved));
        _assertEqSigned("the appeal's median is the best", registry.currentBestAggregateScore(projectId), CLAIM + 1);
        _assertEq("the miner has its stake back and its reward", token.balanceOf(MINER), STAKE + 5);
        (uint256 bond,) = verifiers.bondOf(REVIEWER);
        _assertEq("the lazy reviewer loses its whole lock", bond, 0);
        _assertEq("the miner wins it", quorum.owedTo(MINER), MIN_BOND);
    }

    // ------------------------------------------------------------------ honest reviews

    function test_singleReview_anUnappealedApprovalSettlesOnceTheWindowEnds() public {
        uint256 id = _submit(MINER, projectId, keccak256("code"), CLAIM, STAKE);
        _claim(REVIEWER, id);
        vm.prank(REVIEWER);
        ledger.approve(id, CLAIM - 2, METRICS_ROOT);
        IReviewQuorum.ReviewView memory review = quorum.reviewOf(id);
        _assertEq("decided", uint256(review.phase), uint256(IReviewQuorum.Phase.Decided));
        _assertEq("one seat", review.quorum, 1);
        _assertEq("appealable for the window", review.deadline, block.timestamp + APPEAL_WINDOW);
        IReviewQuorum.SeatView[] memory seats = quorum.seatsOf(id);
        _assertEqAddress("the reviewer holds the seat", seats[0].holder, REVIEWER);
        _assertEqSigned("its measurement", seats[0].score, CLAIM - 2);

        vm.expectRevert(
            abi.encodeWithSelector(IReviewQuorum.ReviewQuorumAppealWindowOpen.selector, id, block.timestamp + APPEAL_WINDOW)
        );
        quorum.finalize(id);
        vm.warp(block.timestamp + APPEAL_WINDOW + 1);
        quorum.finalize(id);

        IProposalLedger.Proposal memory proposal = ledger.getProposal(id);
        _assertEq("approved", uint256(proposal.status), uint256(IProposalLedger.Status.Approved));
        _assertEqSigned("the measurement is the best", registry.currentBestAggregateScore(projectId), CLAIM - 2);
        _assertEqSigned("recorded as verified", proposal.verifiedAggregateScore, CLAIM - 2);
        _assertTrue("its metrics root kept", proposal.metricsHash == METRICS_ROOT);
        _assertEq("the reviewer earns the fee", ledger.claimable(projectId, REVIEWER), 10);
        _assertEq("the miner's stake back less the fee, and the reward", token.balanceOf(MINER), STAKE - 10 + 4);
        _assertEq("the lock released", verifiers.lockedBondOf(REVIEWER), 0);
        (uint256 bond,) = verifiers.bondOf(REVIEWER);
        _assertEq("the bond whole", bond, MIN_BOND);
    }

    function test_singleReview_anHonestRejectionUpheldOnAppealKeepsItsPayAndTheAppellantLosesTheBond() public {
        uint256 id = _submit(MINER, projectId, keccak256("code"), CLAIM, STAKE);
        _claim(REVIEWER, id);
        vm.prank(REVIEWER);
        ledger.reject(id, METRICS_ROOT);
        // The appeal seats measure the true score, which does not reproduce the claim: still a rejection.
        uint256 appealBond = _appealAndDraw(id);
        _measureAppeal(id, true, TRUE_SCORE);

        _assertEq("rejected", uint256(ledger.getProposal(id).status), uint256(IProposalLedger.Status.Rejected));
        _assertEq("the reviewer keeps its fee", ledger.claimable(projectId, REVIEWER), 10);
        (uint256 bond,) = verifiers.bondOf(REVIEWER);
        _assertEq("and its bond", bond, MIN_BOND);
        _assertEq("the appellant loses the bond", quorum.owedTo(APPELLANT), 0);
        uint256 appealPay;
        IReviewQuorum.SeatView[] memory seats = quorum.seatsOf(id);
        for (uint256 i = 1; i < 4; ++i) {
            appealPay += quorum.owedTo(seats[i].holder);
        }
        _assertEq("the appeal seats share it", appealPay, appealBond);
    }

    function test_singleReview_aSupersedeIsPendingAndSettlesByTheSameRules() public {
        uint256 first = _submit(MINER, projectId, keccak256("first"), CLAIM, STAKE);
        uint256 second = _submit(BOB, projectId, keccak256("second"), CLAIM - 100, STAKE);
        _claim(REVIEWER, first);
        vm.prank(REVIEWER);
        ledger.approve(first, CLAIM, METRICS_ROOT);
        vm.warp(block.timestamp + APPEAL_WINDOW + 1);
        quorum.finalize(first);

        _claim(REVIEWER, second);
        vm.prank(REVIEWER);
        ledger.supersede(second, CLAIM - 100, METRICS_ROOT);
        _assertEq("held", uint256(ledger.getProposal(second).status), uint256(IProposalLedger.Status.Reviewing));
        vm.warp(block.timestamp + APPEAL_WINDOW + 1);
        quorum.finalize(second);
        _assertEq("superseded", uint256(ledger.getProposal(second).status), uint256(IProposalLedger.Status.Superseded));
        _assertEq("the stake back less the fee", token.balanceOf(BOB), STAKE - 10);
        _assertEq("the reviewer paid twice", ledger.claimable(projectId, REVIEWER), 20);
    }

    // ------------------------------------------------------------------ bad input

    function test_singleReview_aReviewerWithoutAFreeBondCannotDecide() public {
        uint256 id = _submit(MINER, projectId, keccak256("code"), CLAIM, STAKE);
        _claim(VERIFIER_2, id);
        vm.prank(VERIFIER_2);
        vm.expectRevert(
            abi.encodeWithSelector(IVerifierRegistry.VerifierRegistryBondTooLow.selector, VERIFIER_2, 0, MIN_BOND)
        );
        ledger.approve(id, CLAIM, METRICS_ROOT);
    }

    function test_singleReview_aDecidedProposalCannotBeDecidedReleasedOrExpired() public {
        uint256 id = _submit(MINER, projectId, keccak256("code"), CLAIM, STAKE);
        _claim(REVIEWER, id);
        vm.prank(REVIEWER);
        ledger.reject(id, METRICS_ROOT);
        vm.startPrank(REVIEWER);
        vm.expectRevert(IProposalLedger.WrongReviewer.selector);
        ledger.approve(id, CLAIM, METRICS_ROOT);
        vm.expectRevert(IProposalLedger.LockActive.selector);
        ledger.releaseReview(id);
        vm.stopPrank();
        vm.warp(block.timestamp + 30 days);
        vm.expectRevert(IProposalLedger.LockActive.selector);
        ledger.expire(id);
        // Only the ledger records a decision.
        vm.expectRevert(abi.encodeWithSelector(IReviewQuorum.ReviewQuorumNotLedger.selector, address(this)));
        quorum.recordDecision(id, REVIEWER, true, CLAIM);
    }

    function test_singleReview_anApprovalThatDoesNotReproduceOrImproveIsRefusedBeforeAnythingIsLocked() public {
        uint256 id = _submit(MINER, projectId, keccak256("code"), CLAIM, STAKE);
        _claim(REVIEWER, id);
        vm.startPrank(REVIEWER);
        vm.expectRevert(
            abi.encodeWithSelector(IProposalLedger.ProposalLedgerClaimNotReproduced.selector, id, CLAIM, TRUE_SCORE)
        );
        ledger.approve(id, TRUE_SCORE, METRICS_ROOT);
        vm.stopPrank();
        _assertEq("nothing locked", verifiers.lockedBondOf(REVIEWER), 0);

        // A later proposal whose reproduced score no longer beats the best once the first is final.
        uint256 later = _submit(BOB, projectId, keccak256("later"), CLAIM - 100, STAKE);
        vm.prank(REVIEWER);
        ledger.approve(id, CLAIM, METRICS_ROOT);
        vm.warp(block.timestamp + APPEAL_WINDOW + 1);
        quorum.finalize(id);
        _claim(REVIEWER, later);
        vm.prank(REVIEWER);
        vm.expectRevert(IProposalLedger.ScoreNotImproved.selector);
        ledger.approve(later, CLAIM - 100, METRICS_ROOT);
    }

    function test_singleReview_aReproducedScoreThatNeverBeatTheBestImpliesRejection() public {
        uint256 id = _submit(MINER, projectId, keccak256("code"), BASELINE + 5, STAKE);
        _assertEq(
            "reproduced, no better than the best it faced",
            uint256(ledger.verdictOf(id, true, BASELINE)),
            uint256(IProposalLedger.Status.Rejected)
        );
    }

    // ------------------------------------------------------------------ helpers



    /// @dev The appeal's three seats (1..3) commit and reveal the same measurement; the round closes, final.
    function _measureAppeal(uint256 id, bool ran, int256 score) internal {
        IReviewQuorum.SeatView[] memory seats = quorum.seatsOf(id);
        _assertEq("one seat and three appeal seats", seats.length, 4);
        for (uint256 i = 1; i < 4; ++i) {
            _assertTrue("appeal seats are fresh", seats[i].holder != REVIEWER);
            bytes32 salt = keccak256(abi.encode("salt", i));
            bytes32 commitment = quorum.scoreCommitmentOf(id, i, seats[i].holder, ran, score, salt);
            vm.prank(seats[i].holder);
            quorum.commitScore(id, i, commitment);
        }
        for (uint256 i = 1; i < 4; ++i) {
            vm.prank(seats[i].holder);
            quorum.revealScore(id, i, ran, score, keccak256(abi.encode("salt", i)));
        }
        quorum.closeRound(id);
    }
}
