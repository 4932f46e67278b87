// SPDX-License-Identifier: MIT
// test/ProposalLedger.t.sol
pragma solidity ^0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {IProjectRegistry} from "../contracts/interfaces/IProjectRegistry.sol";
import {IProjectToken} from "../contracts/interfaces/IProjectToken.sol";
import {IProposalLedger} from "../contracts/interfaces/IProposalLedger.sol";
import {ProjectToken} from "../contracts/ProjectToken.sol";
import {ProposalLedger} from "../contracts/ProposalLedger.sol";
import {ProtocolTest} from "./utils/ProtocolTest.sol";
import {vm} from "./utils/Vm.sol";

contract ProposalLedgerTest is ProtocolTest {
    ProjectToken internal token;
    uint256 internal projectId;

    bytes32 internal constant CODE_A = keccak256("code-a");
    bytes32 internal constant CODE_B = keccak256("code-b");
    bytes32 internal constant CODE_C = keccak256("code-c");
    bytes32 internal constant REVIEW_ROOT = keccak256("review");

    function setUp() public override {
        super.setUp();
        (projectId, token) = _createProject();
        // Speculators give the curve some depth so rewards and slashes move a real reserve.
        _buy(ALICE, token, 100);
    }

    // ------------------------------------------------------------------ constructor

    function test_constructor_revertsOnZeroAddresses() public {
        vm.expectRevert(IProposalLedger.RegistryZero.selector);
        new ProposalLedger(address(0), address(verifiers), COMMIT_WINDOW, address(quorum), false);
        vm.expectRevert(IProposalLedger.VerifierRegistryZero.selector);
        new ProposalLedger(address(registry), address(0), COMMIT_WINDOW, address(quorum), false);
        vm.expectRevert(IProposalLedger.ProposalLedgerReviewQuorumZero.selector);
        new ProposalLedger(address(registry), address(verifiers), COMMIT_WINDOW, address(0), false);
    }

    function test_constants_matchTheReference() public view {
        _assertEq("lock", ledger.REVIEW_LOCK(), 24 hours);
        _assertEq("expiry", ledger.EXPIRY_WINDOW(), 7 days);
        _assertEq("burn bps", ledger.SLASH_BPS_TO_BURN(), 5000);
        _assertEq("pool bps", ledger.SLASH_BPS_TO_VERIFIER_POOL(), 5000);
        _assertEq("denominator", ledger.BPS_DENOMINATOR(), 10_000);
        _assertEqAddress("verifier registry", ledger.verifierRegistry(), address(verifiers));
    }

    // ------------------------------------------------------------------ submit

    function test_submit_pullsTheStakeAndRecordsTheProposal() public {
        _buy(MINER, token, 10);
        vm.startPrank(MINER);
        token.approve(address(ledger), 10);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ProposalSubmitted(0, projectId, MINER, MINER, CODE_A, BASELINE + 5, 10);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ProposalLogRecorded(0, LOG_ROOT);
        uint256 id = ledger.submit(projectId, CODE_A, LOG_ROOT, BASELINE + 5, 10, address(0));
        vm.stopPrank();

        _assertEq("id", id, 0);
        _assertEq("next", ledger.nextProposalId(), 1);
        _assertEq("ledger holds stake", token.balanceOf(address(ledger)), 10);
        IProposalLedger.Proposal memory p = ledger.getProposal(0);
        _assertEq("project", p.projectId, projectId);
        _assertEqAddress("miner", p.miner, MINER);
        _assertEqAddress("recipient defaults to sender", p.rewardRecipient, MINER);
        _assertTrue("code", p.codeHash == CODE_A);
        _assertTrue("log", p.benchmarkLogHash == LOG_ROOT);
        _assertEqSigned("claimed", p.claimedAggregateScore, BASELINE + 5);
        _assertEq("stake", p.stake, 10);
        _assertEq("submittedAt", p.submittedAt, block.timestamp);
        _assertTrue("submitted", p.status == IProposalLedger.Status.Submitted);
        (bool exists, uint256 byCode) = ledger.proposalOfCode(projectId, CODE_A);
        _assertTrue("code indexed", exists && byCode == 0);
        (bool other,) = ledger.proposalOfCode(projectId, CODE_B);
        _assertTrue("other code unknown", !other);
    }

    function test_submit_keepsAnExplicitRewardRecipient() public {
        _buy(MINER, token, 2);
        vm.startPrank(MINER);
        token.approve(address(ledger), 2);
        ledger.submit(projectId, CODE_A, LOG_ROOT, BASELINE + 5, 2, BOB);
        vm.stopPrank();
        _assertEqAddress("recipient", ledger.getProposal(0).rewardRecipient, BOB);
    }

    function test_submit_revertsOnUnknownProject() public {
        vm.expectRevert(IProjectRegistry.UnknownProject.selector);
        ledger.submit(9, CODE_A, LOG_ROOT, 1, 1, address(0));
    }

    function test_submit_revertsOnZeroStake() public {
        vm.expectRevert(IProposalLedger.ZeroStake.selector);
        ledger.submit(projectId, CODE_A, LOG_ROOT, 1, 0, address(0));
    }

    function test_submit_revertsBelowMinimumStake() public {
        IProjectRegistry.ProjectConfig memory config = _defaultConfig();
        config.minStake = 5;
        (uint256 id,) = _createProject(config);
        vm.expectRevert(abi.encodeWithSelector(IProposalLedger.ProposalLedgerStakeBelowMinimum.selector, 4, 5));
        ledger.submit(id, CODE_A, LOG_ROOT, 1, 4, address(0));
    }

    function test_submit_revertsOnZeroRoots() public {
        vm.expectRevert(IProposalLedger.ProposalLedgerZeroHash.selector);
        ledger.submit(projectId, bytes32(0), LOG_ROOT, 1, 1, address(0));
        vm.expectRevert(IProposalLedger.ProposalLedgerZeroHash.selector);
        ledger.submit(projectId, CODE_A, bytes32(0), 1, 1, address(0));
    }

    function test_submit_revertsOnDuplicateCodeRoot() public {
        _submit(MINER, projectId, CODE_A, BASELINE + 5, 1);
        _buy(BOB, token, 1);
        vm.startPrank(BOB);
        token.approve(address(ledger), 1);
        vm.expectRevert(
            abi.encodeWithSelector(IProposalLedger.ProposalLedgerDuplicateCode.selector, projectId, CODE_A, 0)
        );
        ledger.submit(projectId, CODE_A, LOG_ROOT, BASELINE + 9, 1, address(0));
        vm.stopPrank();
    }

    function test_submit_revertsIfTheClaimDoesNotBeatTheBestByTheMinimum() public {
        IProjectRegistry.ProjectConfig memory config = _defaultConfig();
        config.lowerIsBetter = true;
        config.minImprovement = 10;
        (uint256 id,) = _createProject(config);
        vm.expectRevert(
            abi.encodeWithSelector(IProposalLedger.ProposalLedgerClaimNotImproving.selector, id, BASELINE - 9, BASELINE)
        );
        ledger.submit(id, CODE_A, LOG_ROOT, BASELINE - 9, 1, address(0));
        uint256 proposalId = _submit(MINER, id, CODE_A, BASELINE - 10, 1);
        _assertEqSigned("best it faced", ledger.bestAtSubmissionOf(proposalId), BASELINE);
    }

    function test_submit_revertsOnScoreOutOfRange() public {
        int256 huge = int256(type(int128).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IProposalLedger.ProposalLedgerScoreOutOfRange.selector, huge));
        ledger.submit(projectId, CODE_A, LOG_ROOT, huge, 1, address(0));
    }

    function test_submit_revertsWithoutAllowance() public {
        _buy(MINER, token, 3);
        vm.prank(MINER);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(ledger), 0, 3)
        );
        ledger.submit(projectId, CODE_A, LOG_ROOT, BASELINE + 1, 3, address(0));
    }

    // ------------------------------------------------------------------ submitWithPermit

    function test_submitWithPermit_stakesWithOneSignature() public {
        uint256 minerKey = 0x313E7;
        address miner = vm.addr(minerKey);
        _buy(miner, token, 6);
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(token, minerKey, miner, address(ledger), 6, block.timestamp + 60);
        vm.prank(miner);
        uint256 id = ledger.submitWithPermit(projectId, CODE_A, LOG_ROOT, BASELINE + 1, 6, address(0), block.timestamp + 60, v, r, s);
        _assertEq("staked", token.balanceOf(address(ledger)), 6);
        _assertEqAddress("miner", ledger.getProposal(id).miner, miner);
    }

    function test_submitWithPermit_survivesAFrontRunPermit() public {
        uint256 minerKey = 0x313E7;
        address miner = vm.addr(minerKey);
        _buy(miner, token, 6);
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(token, minerKey, miner, address(ledger), 6, block.timestamp + 60);
        // Someone replays the public signature first: the allowance is set, the permit inside fails.
        token.permit(miner, address(ledger), 6, block.timestamp + 60, v, r, s);
        vm.prank(miner);
        ledger.submitWithPermit(projectId, CODE_A, LOG_ROOT, BASELINE + 1, 6, address(0), block.timestamp + 60, v, r, s);
        _assertEq("staked", token.balanceOf(address(ledger)), 6);
    }

    function test_submitWithPermit_revertsWithABadPermitAndNoAllowance() public {
        _buy(MINER, token, 6);
        vm.prank(MINER);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(ledger), 0, 6)
        );
        ledger.submitWithPermit(
            projectId, CODE_A, LOG_ROOT, BASELINE + 1, 6, address(0), block.timestamp, 27, bytes32(0), bytes32(0)
        );
    }

    // ------------------------------------------------------------------ commit -> reveal

    function test_reveal_withPermitTakesTheCommitmentsTimeAsPriority() public {
        uint256 minerKey = 0x313E7;
        address miner = vm.addr(minerKey);
        // Fixed times and heights: the optimizer may re-read block.timestamp after a warp.
        uint256 height = 1000;
        uint256 time = 1_900_000_000;
        vm.roll(height);
        vm.warp(time);
        bytes32 c = ledger.commitmentOf(miner, projectId, CODE_A, LOG_ROOT, BASELINE + 1, 6, BOB, keccak256("salt"));
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ProposalCommitted(c, miner, time);
        vm.prank(miner);
        ledger.commitProposal(c);
        // Committing again (anyone, the same hash) keeps the first time.
        vm.warp(time + 5);
        ledger.commitProposal(c);
        _assertEq("committed at", ledger.committedAt(c), time);
        vm.roll(height + 1);
        vm.warp(time + 60);
        _buy(miner, token, 6);
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(token, minerKey, miner, address(ledger), 6, time + 600);
        vm.prank(miner);
        uint256 id = ledger.revealProposalWithPermit(
            projectId, CODE_A, LOG_ROOT, BASELINE + 1, 6, BOB, keccak256("salt"), time + 600, v, r, s
        );
        IProposalLedger.Proposal memory p = ledger.getProposal(id);
        _assertEq("priority is the commitment's time", p.submittedAt, time);
        _assertEqAddress("recipient", p.rewardRecipient, BOB);
        _assertEq("reviewable a window after it", ledger.reviewableAt(id), time + COMMIT_WINDOW);
        _assertEq("commitment spent", ledger.committedAt(c), 0);
        _assertEq("staked", token.balanceOf(address(ledger)), 6);
    }

    function test_reveal_refusesWhatDoesNotMatchTooEarlyOrTooLate() public {
        // Fixed times and heights: the optimizer may re-read block.timestamp after a warp.
        uint256 height = 1000;
        uint256 time = 1_900_000_000;
        vm.roll(height);
        vm.warp(time);
        bytes32 salt = keccak256("salt");
        bytes32 c = ledger.commitmentOf(MINER, projectId, CODE_A, LOG_ROOT, BASELINE + 1, 3, address(0), salt);
        vm.prank(MINER);
        ledger.commitProposal(c);
        _buy(MINER, token, 3);
        vm.startPrank(MINER);
        token.approve(address(ledger), 3);
        vm.expectRevert(abi.encodeWithSelector(IProposalLedger.ProposalLedgerRevealTooEarly.selector, c));
        ledger.revealProposal(projectId, CODE_A, LOG_ROOT, BASELINE + 1, 3, address(0), salt);
        vm.roll(height + 1);
        // Another score than the committed one matches no commitment.
        bytes32 other = ledger.commitmentOf(MINER, projectId, CODE_A, LOG_ROOT, BASELINE + 2, 3, address(0), salt);
        vm.expectRevert(abi.encodeWithSelector(IProposalLedger.ProposalLedgerUnknownCommitment.selector, other));
        ledger.revealProposal(projectId, CODE_A, LOG_ROOT, BASELINE + 2, 3, address(0), salt);
        vm.warp(time + COMMIT_WINDOW + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IProposalLedger.ProposalLedgerRevealTooLate.selector, c, time + COMMIT_WINDOW)
        );
        ledger.revealProposal(projectId, CODE_A, LOG_ROOT, BASELINE + 1, 3, address(0), salt);
        vm.stopPrank();
    }

    function test_reveal_refusesARootWithAnEarlierPriority() public {
        // A direct submit first; a commitment made after it cannot take the root.
        // Fixed times and heights: the optimizer may re-read block.timestamp after a warp.
        uint256 height = 1000;
        uint256 time = 1_900_000_000;
        vm.roll(height);
        vm.warp(time);
        uint256 first = _submit(BOB, projectId, CODE_A, BASELINE + 1, 1);
        vm.roll(height + 1);
        vm.warp(time + 1);
        bytes32 salt = keccak256("salt");
        bytes32 c = ledger.commitmentOf(MINER, projectId, CODE_A, LOG_ROOT, BASELINE + 1, 3, address(0), salt);
        vm.prank(MINER);
        ledger.commitProposal(c);
        vm.roll(height + 2);
        vm.warp(time + 2);
        _buy(MINER, token, 3);
        vm.startPrank(MINER);
        token.approve(address(ledger), 3);
        vm.expectRevert(
            abi.encodeWithSelector(IProposalLedger.ProposalLedgerRootCommittedEarlier.selector, projectId, CODE_A, first)
        );
        ledger.revealProposal(projectId, CODE_A, LOG_ROOT, BASELINE + 1, 3, address(0), salt);
        vm.stopPrank();
    }

    function test_approve_followsPriorityNotRevealOrder() public {
        // Fixed times and heights: the optimizer may re-read block.timestamp after a warp.
        uint256 height = 1000;
        uint256 time = 1_900_000_000;
        vm.roll(height);
        vm.warp(time);
        uint256 first = _submit(BOB, projectId, CODE_B, BASELINE + 20, 2);
        vm.roll(height + 1);
        vm.warp(time + 1);
        bytes32 salt = keccak256("salt");
        bytes32 c = ledger.commitmentOf(MINER, projectId, CODE_A, LOG_ROOT, BASELINE + 10, 3, address(0), salt);
        vm.prank(MINER);
        ledger.commitProposal(c);
        vm.roll(height + 2);
        vm.warp(time + 2);
        uint256 last = _submit(ALICE, projectId, keccak256("code-c"), BASELINE + 30, 2);
        // Revealed after `last`, but committed before it: it goes between the two.
        _buy(MINER, token, 3);
        vm.startPrank(MINER);
        token.approve(address(ledger), 3);
        uint256 middle = ledger.revealProposal(projectId, CODE_A, LOG_ROOT, BASELINE + 10, 3, address(0), salt);
        vm.stopPrank();
        (bool exists, uint256 earlier) = ledger.openProposalBefore(first);
        _assertTrue("nothing before the first", !exists);
        (exists, earlier) = ledger.openProposalBefore(middle);
        _assertTrue("the first before the middle", exists && earlier == first);
        (exists, earlier) = ledger.openProposalBefore(last);
        _assertTrue("the first before the last", exists && earlier == first);
        // A rejection takes any order (here, out of the middle of the queue).
        _claim(VERIFIER_1, middle);
        vm.prank(VERIFIER_1);
        ledger.reject(middle, REVIEW_ROOT);
        (exists,) = ledger.openProposalBefore(middle);
        _assertTrue("a settled proposal waits for nothing", !exists);
        _claim(VERIFIER_2, last);
        vm.prank(VERIFIER_2);
        vm.expectRevert(abi.encodeWithSelector(IProposalLedger.ProposalLedgerEarlierProposalOpen.selector, last, first));
        ledger.approve(last, BASELINE + 30, REVIEW_ROOT);
        _approve(VERIFIER_1, first, BASELINE + 20);
        (exists,) = ledger.openProposalBefore(last);
        _assertTrue("the last is now first", !exists);
        vm.prank(VERIFIER_2);
        ledger.approve(last, BASELINE + 30, REVIEW_ROOT);
        _assertEqSigned("best", registry.currentBestAggregateScore(projectId), BASELINE + 30);
    }

    function test_claimReview_waitsForTheCommitWindow() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        uint256 reviewable = ledger.reviewableAt(id);
        vm.prank(VERIFIER_1);
        vm.expectRevert(abi.encodeWithSelector(IProposalLedger.ProposalLedgerNotYetReviewable.selector, id, reviewable));
        ledger.claimReview(id);
        vm.warp(reviewable);
        vm.prank(VERIFIER_1);
        ledger.claimReview(id);
    }

    // ------------------------------------------------------------------ claimReview

    function test_claimReview_locksForTheReviewer() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        // Reviewable a commit window after submission (the helper waits for it).
        uint64 lockUntil = uint64(block.timestamp) + COMMIT_WINDOW + 24 hours;
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ReviewClaimed(id, VERIFIER_1, lockUntil);
        _claim(VERIFIER_1, id);
        IProposalLedger.Proposal memory p = ledger.getProposal(id);
        _assertTrue("reviewing", p.status == IProposalLedger.Status.Reviewing);
        _assertEqAddress("reviewer", p.reviewer, VERIFIER_1);
        _assertEq("lock", p.reviewLockUntil, lockUntil);
    }

    function test_claimReview_revertsOnUnknownProposal() public {
        vm.expectRevert(IProposalLedger.UnknownProposal.selector);
        ledger.claimReview(0);
    }

    function test_claimReview_revertsIfNotVerifier() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        vm.prank(OUTSIDER);
        vm.expectRevert(IProposalLedger.NotVerifier.selector);
        ledger.claimReview(id);
    }

    function test_claimReview_revertsIfAlreadyClaimed() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _claim(VERIFIER_1, id);
        vm.prank(VERIFIER_2);
        vm.expectRevert(IProposalLedger.WrongStatus.selector);
        ledger.claimReview(id);
    }

    function test_attack_verifierCannotReviewItsOwnProposal() public {
        uint256 id = _submit(VERIFIER_1, projectId, CODE_A, BASELINE + 5, 3);
        vm.prank(VERIFIER_1);
        vm.expectRevert(
            abi.encodeWithSelector(IProposalLedger.ProposalLedgerConflictedReviewer.selector, id, VERIFIER_1)
        );
        ledger.claimReview(id);
    }

    function test_attack_verifierCannotReviewAProposalRewardingIt() public {
        _buy(MINER, token, 3);
        vm.startPrank(MINER);
        token.approve(address(ledger), 3);
        uint256 id = ledger.submit(projectId, CODE_A, LOG_ROOT, BASELINE + 5, 3, VERIFIER_2);
        vm.stopPrank();
        vm.prank(VERIFIER_2);
        vm.expectRevert(
            abi.encodeWithSelector(IProposalLedger.ProposalLedgerConflictedReviewer.selector, id, VERIFIER_2)
        );
        ledger.claimReview(id);
    }

    function test_claimReview_revertsPastExpiry() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        uint256 expiresAt = block.timestamp + 7 days;
        vm.warp(expiresAt);
        vm.prank(VERIFIER_1);
        vm.expectRevert(abi.encodeWithSelector(IProposalLedger.ProposalLedgerPastExpiry.selector, id, expiresAt));
        ledger.claimReview(id);
    }

    // ------------------------------------------------------------------ releaseReview

    function test_releaseReview_reviewerMayReleaseAtOnceForAnotherToClaim() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _claim(VERIFIER_1, id);
        vm.warp(block.timestamp + 2 hours);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ReviewReleased(id);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ReviewReleasedBy(id, VERIFIER_1, VERIFIER_1, false);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ProposalExpiryMoved(id, ledger.getProposal(id).submittedAt + 7 days + 2 hours);
        vm.prank(VERIFIER_1);
        ledger.releaseReview(id);
        IProposalLedger.Proposal memory p = ledger.getProposal(id);
        _assertTrue("back to submitted", p.status == IProposalLedger.Status.Submitted);
        _assertEqAddress("no reviewer", p.reviewer, address(0));
        _assertEq("no lock", p.reviewLockUntil, 0);
        _assertEq("stake untouched", token.balanceOf(address(ledger)), 3);
        _claim(VERIFIER_2, id);
    }

    function test_attack_releaseAndReclaimCannotHoldAProposalUntilExpiry() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _claim(VERIFIER_1, id);
        // (read from the lock, not block.timestamp, which the optimizer may read after the warp below)
        uint256 claimedAt = ledger.getProposal(id).reviewLockUntil - 24 hours;
        uint256 submittedAt = ledger.getProposal(id).submittedAt;
        vm.warp(claimedAt + 23 hours);
        vm.prank(VERIFIER_1);
        ledger.releaseReview(id);
        vm.prank(VERIFIER_1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProposalLedger.ProposalLedgerClaimedBefore.selector, id, VERIFIER_1, claimedAt + 47 hours
            )
        );
        ledger.claimReview(id);
        // Once others had a lock's length to claim it, a re-claim runs the clock and ends by the expiry.
        uint256 expiresAt = ledger.expiresAt(id);
        _assertEq("first claim gave back its 23 hours", expiresAt, submittedAt + 7 days + 23 hours);
        vm.warp(expiresAt - 1 hours);
        _claim(VERIFIER_1, id);
        _assertEq("lock ends at the expiry", ledger.getProposal(id).reviewLockUntil, expiresAt);
        _assertEq("re-claim does not move the expiry", ledger.expiresAt(id), expiresAt);
        vm.warp(expiresAt);
        vm.prank(VERIFIER_1);
        ledger.releaseReview(id);
        _assertEq("still the same expiry", ledger.expiresAt(id), expiresAt);
        ledger.expire(id);
    }

    function test_releaseReview_revertsForOthersWhileLive() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _claim(VERIFIER_1, id);
        vm.prank(OUTSIDER);
        vm.expectRevert(IProposalLedger.LockActive.selector);
        ledger.releaseReview(id);
    }

    function test_releaseReview_revertsIfNotReviewing() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        vm.expectRevert(IProposalLedger.WrongStatus.selector);
        ledger.releaseReview(id);
    }

    function test_attack_claimSquatterIsReleasedAndCannotReclaim() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _claim(VERIFIER_1, id);
        vm.warp(block.timestamp + 24 hours);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ReviewReleasedBy(id, VERIFIER_1, OUTSIDER, true);
        vm.prank(OUTSIDER);
        ledger.releaseReview(id);
        // The lapsed claim ended when its lock did: VERIFIER_1 waits a lock's length from then.
        uint256 claimableAt = ledger.reviewableAt(id) + 48 hours;
        vm.prank(VERIFIER_1);
        vm.expectRevert(
            abi.encodeWithSelector(IProposalLedger.ProposalLedgerClaimedBefore.selector, id, VERIFIER_1, claimableAt)
        );
        ledger.claimReview(id);
        _claim(VERIFIER_2, id);
        vm.prank(VERIFIER_2);
        ledger.approve(id, BASELINE + 5, REVIEW_ROOT);
        _assertTrue("settled by the honest verifier", ledger.getProposal(id).status == IProposalLedger.Status.Approved);
    }

    // ------------------------------------------------------------------ approve

    function test_approve_returnsStakeMintsRewardAndMovesBest() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 705, 7);
        _claim(VERIFIER_1, id);
        vm.expectEmit(address(registry));
        emit IProjectRegistry.BestUpdated(projectId, MINER, BASELINE + 700, CODE_A, REVIEW_ROOT);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ReviewSettled(projectId, id, VERIFIER_1, 1);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ReviewFeePaid(projectId, id, VERIFIER_1, 1, 0);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ProposalImproved(id, projectId, BASELINE, BASELINE + 700, 700);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ProposalApproved(id, VERIFIER_1, BASELINE + 700, REVIEW_ROOT);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ProposalPaid(id, MINER, 6, MINER, 7);
        vm.prank(VERIFIER_1);
        ledger.approve(id, BASELINE + 700, REVIEW_ROOT);

        // No fund yet: the review fee (the minimum stake, 1) comes from the stake. The reward is the
        // schedule's for a progress of 700 (of the 1e6 target, over the 10,000-token pool): 7, not the stake.
        _assertEq("stake back less the fee + reward", token.balanceOf(MINER), 6 + 7);
        _assertEq("pool minted", token.minerPoolMinted(), 7);
        _assertEq("ledger holds the fee", token.balanceOf(address(ledger)), 1);
        IProposalLedger.Proposal memory p = ledger.getProposal(id);
        _assertTrue("approved", p.status == IProposalLedger.Status.Approved);
        _assertEqSigned("verified", p.verifiedAggregateScore, BASELINE + 700);
        _assertTrue("metrics", p.metricsHash == REVIEW_ROOT);
        _assertEqSigned("best", registry.currentBestAggregateScore(projectId), BASELINE + 700);
        _assertEq("review counted", ledger.settledReviewsOf(projectId, VERIFIER_1), 1);
    }

    function test_approve_paysRewardToTheRecipient() public {
        _buy(MINER, token, 4);
        vm.startPrank(MINER);
        token.approve(address(ledger), 4);
        uint256 id = ledger.submit(projectId, CODE_A, LOG_ROOT, BASELINE + 400, 4, BOB);
        vm.stopPrank();
        _claim(VERIFIER_1, id);
        vm.prank(VERIFIER_1);
        ledger.approve(id, BASELINE + 400, REVIEW_ROOT);
        _assertEq("miner gets stake less the fee", token.balanceOf(MINER), 3);
        _assertEq("recipient gets reward", token.balanceOf(BOB), 4);
    }

    function test_attack_approvalAfterThePoolIsSpentStillSettles() public {
        IProjectRegistry.CreateParams memory params = _params(_defaultConfig());
        params.minerPoolCap = 5;
        vm.prank(CREATOR);
        (uint256 id, address tokenAddr) = registry.createProjectWithConfig(params);
        ProjectToken small = ProjectToken(tokenAddr);
        // The 5-token pool is paid over a progress of 1e6: 2 by +400,000, 4 by +800,000, all 5 at the target.
        uint256 first = _submit(MINER, id, CODE_A, BASELINE + 400_000, 4);
        uint256 second = _submit(MINER, id, CODE_B, BASELINE + 1_200_000, 4);
        uint256 third = _submit(MINER, id, CODE_C, BASELINE + 1_300_000, 4);
        _approve(VERIFIER_1, first, BASELINE + 400_000);
        _approve(VERIFIER_1, second, BASELINE + 1_200_000);
        // Two stakes back less their fees (6), 2 for the first step, the 3 left up to the target.
        _assertEq("rewards up to the target", small.balanceOf(MINER), 6 + 2 + 3);
        _claim(VERIFIER_1, third);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ProposalPaid(third, MINER, 3, MINER, 0);
        vm.prank(VERIFIER_1);
        ledger.approve(third, BASELINE + 1_300_000, REVIEW_ROOT);
        _assertEq("stake back less the fee, no reward past the target", small.balanceOf(MINER), 11 + 3);
        _assertEq("pool exactly spent", small.minerPoolMinted(), 5);
    }

    function test_createProject_refusesRewardsThatFollowTheStakeOrTheApprovalCount() public {
        IProjectRegistry.ProjectConfig memory config = _defaultConfig();
        config.rewardRule = IProjectRegistry.RewardRule.MatchStake;
        config.rewardBps = 0;
        config.impactTarget = 0;
        IProjectRegistry.CreateParams memory params = _params(config);
        vm.expectRevert(abi.encodeWithSelector(IProjectRegistry.ProjectRegistryInvalidRewardRule.selector, 0, 0, 0));
        registry.createProjectWithConfig(params);
        config.rewardRule = IProjectRegistry.RewardRule.PoolShare;
        config.rewardBps = 1000;
        params = _params(config);
        vm.expectRevert(abi.encodeWithSelector(IProjectRegistry.ProjectRegistryInvalidRewardRule.selector, 1, 1000, 0));
        registry.createProjectWithConfig(params);
    }

    function test_approve_impactRule() public {
        (uint256 id,) = _createRuleProject(5000, 100);
        uint256 pid = _submit(MINER, id, CODE_A, BASELINE + 25, 2);
        _assertEq("quote below target", ledger.quoteReward(pid, BASELINE + 25), POOL_CAP / 2 / 4);
        uint256 far = _submit(MINER, id, CODE_B, BASELINE + 500, 2);
        _assertEq("quote capped at target", ledger.quoteReward(far, BASELINE + 500), POOL_CAP / 2);
        _assertEq("quote for a score that does not reproduce the claim", ledger.quoteReward(pid, BASELINE + 500), 0);
        _assertEq("quote for a non-improvement", ledger.quoteReward(pid, BASELINE), 0);
        _approve(VERIFIER_1, pid, BASELINE + 25);
        _assertEq("a quarter of the half", ProjectToken(registry.tokenOf(id)).minerPoolMinted(), POOL_CAP / 8);
        // The next step is paid from where the best stands: +25 to the target earns the rest of the half.
        _assertEq("quote from the new best", ledger.quoteReward(far, BASELINE + 500), POOL_CAP / 2 - POOL_CAP / 8);
    }

    function test_attack_lowerIsBetterProjectApprovesALowerScore() public {
        IProjectRegistry.ProjectConfig memory config = _defaultConfig();
        config.lowerIsBetter = true;
        (uint256 id,) = _createProject(config);
        // The claim is lower; the verifier measures higher (worse): it cannot pass as an improvement.
        uint256 worse = _submit(MINER, id, CODE_A, BASELINE - 5, 2);
        uint256 better = _submit(MINER, id, CODE_B, BASELINE - 10, 2);
        _claim(VERIFIER_1, worse);
        vm.prank(VERIFIER_1);
        vm.expectRevert(IProjectRegistry.ScoreNotImproved.selector);
        ledger.approve(worse, BASELINE + 10, REVIEW_ROOT);
        vm.prank(VERIFIER_1);
        ledger.reject(worse, REVIEW_ROOT);
        _approve(VERIFIER_2, better, BASELINE - 10);
        _assertEqSigned("loss went down", registry.currentBestAggregateScore(id), BASELINE - 10);
    }

    function test_approve_revertsIfNotClaimed() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        vm.prank(VERIFIER_1);
        vm.expectRevert(IProposalLedger.WrongStatus.selector);
        ledger.approve(id, BASELINE + 5, REVIEW_ROOT);
    }

    function test_approve_revertsForAnotherVerifier() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _claim(VERIFIER_1, id);
        vm.prank(VERIFIER_2);
        vm.expectRevert(IProposalLedger.WrongReviewer.selector);
        ledger.approve(id, BASELINE + 5, REVIEW_ROOT);
    }

    function test_approve_revertsAfterTheLockLapsed() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _claim(VERIFIER_1, id);
        vm.warp(block.timestamp + 24 hours);
        vm.prank(VERIFIER_1);
        vm.expectRevert(IProposalLedger.LockExpired.selector);
        ledger.approve(id, BASELINE + 5, REVIEW_ROOT);
    }

    function test_approve_revertsIfTheVerifierWasRemoved() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _claim(VERIFIER_1, id);
        verifiers.removeVerifier(VERIFIER_1);
        vm.prank(VERIFIER_1);
        vm.expectRevert(IProposalLedger.NotVerifier.selector);
        ledger.approve(id, BASELINE + 5, REVIEW_ROOT);
    }

    function test_approve_revertsOnScoreOutOfRange() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _claim(VERIFIER_1, id);
        int256 huge = int256(type(int128).max) + 1;
        vm.prank(VERIFIER_1);
        vm.expectRevert(abi.encodeWithSelector(IProposalLedger.ProposalLedgerScoreOutOfRange.selector, huge));
        ledger.approve(id, huge, REVIEW_ROOT);
    }

    function test_approve_revertsOnSecondSettlement() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _approve(VERIFIER_1, id, BASELINE + 5);
        vm.prank(VERIFIER_1);
        vm.expectRevert(IProposalLedger.WrongStatus.selector);
        ledger.approve(id, BASELINE + 6, REVIEW_ROOT);
        vm.prank(VERIFIER_1);
        vm.expectRevert(IProposalLedger.WrongStatus.selector);
        ledger.reject(id, REVIEW_ROOT);
    }

    // ------------------------------------------------------------------ reject

    function test_reject_paysTheFeeThenSlashesHalfBurnedHalfToTheFund() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 7);
        uint256 supplyBefore = token.totalSupply();
        uint256 rhoBefore = token.backingRatio();
        _claim(VERIFIER_1, id);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ProposalRejected(id, VERIFIER_1, REVIEW_ROOT);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ReviewFeePaid(projectId, id, VERIFIER_1, 1, 0);
        // 7 staked: 1 fee, then 6 slashed: 3 burned, 3 to the fund.
        vm.expectEmit(address(ledger));
        emit IProposalLedger.StakeSlashed(id, address(ledger), 3, 3);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.VerifierPoolFunded(projectId, id, 3, 3);
        vm.prank(VERIFIER_1);
        ledger.reject(id, REVIEW_ROOT);
        _assertEq("burned 3", token.totalSupply(), supplyBefore - 3);
        _assertEq("fee + fund held", token.balanceOf(address(ledger)), 4);
        // The burn reaches the curve over the token's release period.
        vm.warp(vm.getBlockTimestamp() + token.BURN_RELEASE_PERIOD());
        _assertTrue("rho rose once released", token.backingRatio() > rhoBefore);
        _assertTrue("rejected", ledger.getProposal(id).status == IProposalLedger.Status.Rejected);
        IProposalLedger.VerifierPoolView memory pool = ledger.getVerifierPool(projectId);
        _assertEq("inflow", pool.totalInflow, 3);
        _assertEq("fund", pool.fund, 3);
        _assertEq("reviews", pool.settledReviews, 1);
        _assertEq("the rejecter earns its fee only", ledger.claimable(projectId, VERIFIER_1), 1);
        _assertEq("fee recorded", ledger.reviewFeeOf(id), 1);
    }

    function test_reject_oddTokenGoesToTheFund() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 2);
        _claim(VERIFIER_1, id);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.StakeSlashed(id, address(ledger), 1, 0);
        vm.prank(VERIFIER_1);
        ledger.reject(id, REVIEW_ROOT);
    }

    function test_reject_revertsForAnotherVerifier() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _claim(VERIFIER_1, id);
        vm.prank(VERIFIER_2);
        vm.expectRevert(IProposalLedger.WrongReviewer.selector);
        ledger.reject(id, REVIEW_ROOT);
    }

    function test_reject_revertsIfNotClaimed() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        vm.prank(VERIFIER_1);
        vm.expectRevert(IProposalLedger.WrongStatus.selector);
        ledger.reject(id, REVIEW_ROOT);
    }

    function test_reject_revertsAfterTheLockLapsed() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _claim(VERIFIER_1, id);
        vm.warp(block.timestamp + 24 hours);
        vm.prank(VERIFIER_1);
        vm.expectRevert(IProposalLedger.LockExpired.selector);
        ledger.reject(id, REVIEW_ROOT);
    }

    // ------------------------------------------------------------------ supersede

    function test_attack_staleProposalRacingANewerApprovalIsSuperseded() public {
        // (approvals go in priority order: the overtaken proposal came after the one approved)
        uint256 newer = _submit(BOB, projectId, CODE_B, BASELINE + 20, 5);
        uint256 stale = _submit(MINER, projectId, CODE_A, BASELINE + 10, 5);
        _approve(VERIFIER_2, newer, BASELINE + 20);
        _claim(VERIFIER_1, stale);
        vm.prank(VERIFIER_1);
        vm.expectRevert(IProjectRegistry.ScoreNotImproved.selector);
        ledger.approve(stale, BASELINE + 10, REVIEW_ROOT);
        uint256 minted = token.minerPoolMinted();
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ProposalSuperseded(stale, VERIFIER_1, BASELINE + 10, REVIEW_ROOT, 4);
        vm.prank(VERIFIER_1);
        ledger.supersede(stale, BASELINE + 10, REVIEW_ROOT);
        _assertTrue("superseded", ledger.getProposal(stale).status == IProposalLedger.Status.Superseded);
        _assertEq("stake back less the fee", token.balanceOf(MINER), 4);
        _assertEq("the reviewer earns the fee", ledger.claimable(projectId, VERIFIER_1), 1);
        _assertEq("nothing minted", token.minerPoolMinted(), minted);
        _assertEq("review counted", ledger.settledReviewsOf(projectId, VERIFIER_1), 1);
    }

    function test_supersede_revertsIfNothingOvertookIt() public {
        vm.warp(block.timestamp + 1);
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _claim(VERIFIER_1, id);
        vm.prank(VERIFIER_1);
        vm.expectRevert(abi.encodeWithSelector(IProposalLedger.ProposalLedgerNotSuperseded.selector, id));
        ledger.supersede(id, BASELINE + 5, REVIEW_ROOT);
    }

    function test_supersede_acceptsAShortfallWithinTheTolerance() public {
        IProjectRegistry.ProjectConfig memory config = _defaultConfig();
        config.minImprovement = 10;
        (uint256 id,) = _createProject(config);
        uint256 newer = _submit(BOB, id, CODE_B, BASELINE + 40, 5);
        uint256 stale = _submit(MINER, id, CODE_A, BASELINE + 30, 5);
        _approve(VERIFIER_2, newer, BASELINE + 40);
        _assertEqSigned("best it faced", ledger.bestAtSubmissionOf(stale), BASELINE);
        _claim(VERIFIER_1, stale);
        vm.prank(VERIFIER_1);
        ledger.supersede(stale, BASELINE + 25, REVIEW_ROOT);
        _assertTrue("superseded", ledger.getProposal(stale).status == IProposalLedger.Status.Superseded);
    }

    function test_supersede_revertsIfTheVerifiedScoreNeverBeatTheBestByTheMinimum() public {
        IProjectRegistry.ProjectConfig memory config = _defaultConfig();
        config.minImprovement = 10;
        (uint256 id,) = _createProject(config);
        uint256 newer = _submit(BOB, id, CODE_B, BASELINE + 40, 5);
        uint256 stale = _submit(MINER, id, CODE_A, BASELINE + 12, 5);
        _approve(VERIFIER_2, newer, BASELINE + 40);
        _claim(VERIFIER_1, stale);
        // Within the claim's tolerance (7 <= 10 ppm of ~1e6), but +5 never beat the baseline by the minimum.
        vm.prank(VERIFIER_1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProposalLedger.ProposalLedgerNeverBeatTheBest.selector, stale, BASELINE + 5, BASELINE
            )
        );
        ledger.supersede(stale, BASELINE + 5, REVIEW_ROOT);
    }

    function test_supersede_revertsIfItStillImproves() public {
        uint256 newer = _submit(BOB, projectId, CODE_B, BASELINE + 20, 5);
        uint256 stale = _submit(MINER, projectId, CODE_A, BASELINE + 30, 5);
        _approve(VERIFIER_2, newer, BASELINE + 20);
        _claim(VERIFIER_1, stale);
        vm.prank(VERIFIER_1);
        vm.expectRevert(abi.encodeWithSelector(IProposalLedger.ProposalLedgerNotSuperseded.selector, stale));
        ledger.supersede(stale, BASELINE + 30, REVIEW_ROOT);
    }

    function test_supersede_revertsForAnotherVerifier() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 3);
        _claim(VERIFIER_1, id);
        vm.prank(VERIFIER_2);
        vm.expectRevert(IProposalLedger.WrongReviewer.selector);
        ledger.supersede(id, BASELINE, REVIEW_ROOT);
    }

    // ------------------------------------------------------------------ expire

    function test_expire_refundsTheStakeAfterTheWindow() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 6);
        uint256 minerBefore = token.balanceOf(MINER);
        vm.warp(block.timestamp + 7 days);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ProposalExpired(id, OUTSIDER);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ProposalRefunded(id, MINER, 6);
        vm.prank(OUTSIDER);
        ledger.expire(id);
        _assertTrue("expired", ledger.getProposal(id).status == IProposalLedger.Status.Expired);
        _assertEq("stake back whole", token.balanceOf(MINER), minerBefore + 6);
        _assertEq("cranker gets nothing", token.balanceOf(OUTSIDER), 0);
        _assertEq("nothing funded", ledger.getVerifierPool(projectId).fund, 0);
    }

    function test_expire_revertsBeforeTheWindow() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 6);
        vm.warp(block.timestamp + 7 days - 1);
        vm.expectRevert(IProposalLedger.ExpiryNotReached.selector);
        ledger.expire(id);
    }

    function test_expire_revertsUnderALiveClaimThenWaitsForTheTimeItHeld() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 6);
        uint256 submittedAt = ledger.getProposal(id).submittedAt;
        vm.warp(submittedAt + 7 days - 1 hours);
        _claim(VERIFIER_1, id);
        _assertEq("a live first claim holds the clock", ledger.expiresAt(id), submittedAt + 8 days);
        vm.warp(block.timestamp + 2 hours);
        vm.expectRevert(IProposalLedger.LockActive.selector);
        ledger.expire(id);
        // Lapsed, unreleased: the hour left when it was claimed is still there.
        vm.warp(submittedAt + 8 days - 1 hours);
        vm.expectRevert(IProposalLedger.ExpiryNotReached.selector);
        ledger.expire(id);
        vm.warp(submittedAt + 8 days);
        ledger.expire(id);
        _assertTrue("expired", ledger.getProposal(id).status == IProposalLedger.Status.Expired);
    }

    function test_expire_revertsOnceSettled() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 6);
        _approve(VERIFIER_1, id, BASELINE + 5);
        vm.warp(block.timestamp + 8 days);
        vm.expectRevert(IProposalLedger.WrongStatus.selector);
        ledger.expire(id);
    }

    function test_attack_minerExpiringItsOwnProposalRecoversNoMoreThanItsStake() public {
        // With reviewers on the project, expiring one's own proposal pays no pool share to anyone.
        _approve(VERIFIER_1, _submit(BOB, projectId, CODE_B, BASELINE + 1, 2), BASELINE + 1);
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 10);
        uint256 minerBefore = token.balanceOf(MINER);
        uint256 verifierBefore = ledger.claimable(projectId, VERIFIER_1);
        vm.warp(block.timestamp + 7 days);
        vm.prank(MINER);
        ledger.expire(id);
        _assertEq("exactly its stake back", token.balanceOf(MINER), minerBefore + 10);
        _assertEq("miner has no fee", ledger.claimable(projectId, MINER), 0);
        _assertEq("the reviewer earns nothing from it", ledger.claimable(projectId, VERIFIER_1), verifierBefore);
    }

    // ------------------------------------------------------------------ verifier pool

    function test_verifierPay_isTheSameFeeForEveryVerdictAndClaimable() public {
        _approve(VERIFIER_1, _submit(MINER, projectId, keccak256("1"), BASELINE + 1, 1), BASELINE + 1);
        _approve(VERIFIER_1, _submit(MINER, projectId, keccak256("2"), BASELINE + 2, 1), BASELINE + 2);
        // A 60-token stake rejected by VERIFIER_3: its fee, and 59 slashed (29 burned, 30 funded).
        uint256 id = _submit(BOB, projectId, CODE_A, BASELINE + 9, 60);
        _claim(VERIFIER_3, id);
        vm.prank(VERIFIER_3);
        ledger.reject(id, REVIEW_ROOT);
        _assertEq("v1 two fees", ledger.claimable(projectId, VERIFIER_1), 2);
        _assertEq("v3 one fee, nothing of its slash", ledger.claimable(projectId, VERIFIER_3), 1);
        _assertEq("v1 settled two", ledger.settledReviewsOf(projectId, VERIFIER_1), 2);

        vm.expectEmit(address(ledger));
        emit IProposalLedger.RewardClaimed(projectId, VERIFIER_1, 2);
        vm.prank(VERIFIER_1);
        _assertEq("claimed", ledger.claimReward(projectId), 2);
        _assertEq("paid", token.balanceOf(VERIFIER_1), 2);
        _assertEq("cleared", ledger.claimable(projectId, VERIFIER_1), 0);
        vm.prank(VERIFIER_1);
        vm.expectRevert(IProposalLedger.NothingToClaim.selector);
        ledger.claimReward(projectId);
        _assertEq("total claimed", ledger.getVerifierPool(projectId).totalClaimed, 2);
    }

    function test_verifierPay_theFundPaysApprovalFeesSoHonestMinersGetTheirStakeBack() public {
        // Before any slash the approved miner pays the fee from its stake.
        uint256 first = _submit(MINER, projectId, keccak256("1"), BASELINE + 500, 5);
        uint256 minerBefore = token.balanceOf(MINER);
        _approve(VERIFIER_1, first, BASELINE + 500);
        _assertEq("stake less the fee", token.balanceOf(MINER), minerBefore + 4 + 5);
        // A rejected 5-token stake funds 2 (fee 1, 4 slashed: 2 burned, 2 funded).
        uint256 bad = _submit(BOB, projectId, CODE_A, BASELINE + 900, 5);
        _claim(VERIFIER_2, bad);
        vm.prank(VERIFIER_2);
        ledger.reject(bad, REVIEW_ROOT);
        _assertEq("funded", ledger.getVerifierPool(projectId).fund, 2);
        // The next approval's fee comes from the fund: the stake goes back whole.
        uint256 honest = _submit(MINER, projectId, CODE_B, BASELINE + 1000, 5);
        minerBefore = token.balanceOf(MINER);
        _claim(VERIFIER_3, honest);
        vm.expectEmit(address(ledger));
        emit IProposalLedger.ReviewFeePaid(projectId, honest, VERIFIER_3, 1, 1);
        vm.prank(VERIFIER_3);
        ledger.approve(honest, BASELINE + 1000, REVIEW_ROOT);
        _assertEq("stake back whole + reward", token.balanceOf(MINER), minerBefore + 5 + 5);
        _assertEq("fund spent by one fee", ledger.getVerifierPool(projectId).fund, 1);
        _assertEq("the reviewer earns the same fee", ledger.claimable(projectId, VERIFIER_3), 1);
    }

    function test_claimReward_revertsWithNothingToClaim() public {
        vm.expectRevert(IProposalLedger.NothingToClaim.selector);
        ledger.claimReward(projectId);
    }

    function test_views_revertOnUnknownProposal() public {
        vm.expectRevert(IProposalLedger.UnknownProposal.selector);
        ledger.getProposal(0);
        vm.expectRevert(IProposalLedger.UnknownProposal.selector);
        ledger.quoteReward(0, 1);
    }

    // ------------------------------------------------------------------ helpers

    function _approve(address verifier, uint256 proposalId, int256 score) internal {
        _claim(verifier, proposalId);
        vm.prank(verifier);
        ledger.approve(proposalId, score, REVIEW_ROOT);
    }

    function _createRuleProject(uint16 bps, uint256 target) internal returns (uint256, ProjectToken) {
        IProjectRegistry.ProjectConfig memory config = _defaultConfig();
        config.rewardBps = bps;
        config.impactTarget = target;
        return _createProject(config);
    }
}
