// SPDX-License-Identifier: MIT
// test/RoleAttacks.t.sol
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IProjectToken} from "../contracts/interfaces/IProjectToken.sol";
import {IProposalLedger} from "../contracts/interfaces/IProposalLedger.sol";
import {ProjectToken} from "../contracts/ProjectToken.sol";
import {ProtocolTest} from "./utils/ProtocolTest.sol";
import {vm} from "./utils/Vm.sol";

/**
 * @dev Attacks by the roles the market relies on (owner, verifiers, miners), each written as an
 * attacker who sees everything as soon as it is published and acts first in every block. Each test
 * is named after the attack it stops and failed (the attack succeeded) on the contracts before the fix.
 */
contract RoleAttacksTest is ProtocolTest {
    ProjectToken internal token;
    uint256 internal projectId;

    address internal constant TYPO = address(0x7E5);
    address internal constant SYBIL = address(0x5B1);
    bytes32 internal constant CODE_A = keccak256("code-a");
    bytes32 internal constant CODE_B = keccak256("code-b");
    bytes32 internal constant REVIEW_ROOT = keccak256("review");

    function setUp() public override {
        super.setUp();
        (projectId, token) = _createProject();
        _buy(ALICE, token, 100);
    }

    // ------------------------------------------------------------------ owner and recipients

    function test_attack_registryHandedToAMistypedOwnerInOneStep() public {
        verifiers.transferOwnership(TYPO);
        _assertEqAddress("owner unchanged until accepted", verifiers.owner(), address(this));
        // The mistake is undone by naming the right address; the typo can never accept.
        verifiers.transferOwnership(ALICE);
        _assertEqAddress("pending", verifiers.pendingOwner(), ALICE);
        vm.prank(TYPO);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, TYPO));
        verifiers.acceptOwnership();
        vm.prank(ALICE);
        verifiers.acceptOwnership();
        _assertEqAddress("new owner", verifiers.owner(), ALICE);
    }

    function test_attack_buyForTheZeroAddressAddsReserveWithNoSupply() public {
        uint256 cost = token.quoteBuyExact(5);
        vm.deal(BOB, cost);
        vm.prank(BOB);
        vm.expectRevert(IProjectToken.ProjectTokenZeroRecipient.selector);
        token.buyExactFor{value: cost}(address(0), 5, cost, block.timestamp);
    }

    function test_attack_protocolContractAsRewardRecipientBricksTheApproval() public {
        _buy(SYBIL, token, 3);
        vm.startPrank(SYBIL);
        token.approve(address(ledger), 3);
        // With the token as recipient the reward mint reverts, so the code could never be approved.
        address[4] memory protocol = [address(token), address(ledger), address(registry), address(verifiers)];
        for (uint256 i = 0; i < protocol.length; i++) {
            vm.expectRevert(
                abi.encodeWithSelector(IProposalLedger.ProposalLedgerProtocolRecipient.selector, protocol[i])
            );
            ledger.submit(projectId, CODE_A, LOG_ROOT, BASELINE + 5, 1, protocol[i]);
        }
        vm.stopPrank();
    }

    function test_attack_claimThatDoesNotBeatTheBestEntersTheQueue() public {
        _buy(SYBIL, token, 2);
        vm.startPrank(SYBIL);
        token.approve(address(ledger), 2);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProposalLedger.ProposalLedgerClaimNotImproving.selector, projectId, BASELINE, BASELINE
            )
        );
        ledger.submit(projectId, CODE_A, LOG_ROOT, BASELINE, 1, address(0));
        vm.expectRevert(
            abi.encodeWithSelector(
                IProposalLedger.ProposalLedgerClaimNotImproving.selector, projectId, BASELINE - 1_000, BASELINE
            )
        );
        ledger.submit(projectId, CODE_B, LOG_ROOT, BASELINE - 1_000, 1, address(0));
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ stolen submissions

    bytes32 internal constant SALT = keccak256("miner's salt");

    /// @dev The miner commits before its roots are public, then reveals in a later block.
    function _commit(address miner, bytes32 code, int256 claimed, uint256 stake) internal returns (bytes32 c) {
        c = ledger.commitmentOf(miner, projectId, code, LOG_ROOT, claimed, stake, address(0), SALT);
        vm.prank(miner);
        ledger.commitProposal(c);
    }

    function _reveal(address miner, bytes32 code, int256 claimed, uint256 stake) internal returns (uint256 id) {
        _buy(miner, token, stake);
        vm.startPrank(miner);
        token.approve(address(ledger), stake);
        id = ledger.revealProposal(projectId, code, LOG_ROOT, claimed, stake, address(0), SALT);
        vm.stopPrank();
    }

    function test_attack_copierSubmitsAMinersRootFirstAndTakesTheReward() public {
        // The miner commits while its code root is known to it alone.
        _commit(MINER, CODE_A, BASELINE + 50, 5);
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 12);
        // Its upload (or its reveal in the mempool) makes the root public: the copier lands first, with
        // a stake of 1, and its accomplice verifier is ready to approve.
        uint256 copy = _submit(SYBIL, projectId, CODE_A, BASELINE + 50, 1);
        vm.prank(VERIFIER_1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProposalLedger.ProposalLedgerNotYetReviewable.selector, copy, block.timestamp + COMMIT_WINDOW
            )
        );
        ledger.claimReview(copy);
        // The miner reveals: the root is its own, the copy is displaced and refunded.
        uint256 sybilBefore = token.balanceOf(SYBIL);
        uint256 honest = _reveal(MINER, CODE_A, BASELINE + 50, 5);
        _assertTrue("copy displaced", ledger.getProposal(copy).status == IProposalLedger.Status.Displaced);
        _assertEq("copy refunded", token.balanceOf(SYBIL), sybilBefore + 1);
        (bool exists, uint256 owner) = ledger.proposalOfCode(projectId, CODE_A);
        _assertTrue("root held", exists);
        _assertEq("by the miner", owner, honest);
        _claim(VERIFIER_1, honest);
        vm.prank(VERIFIER_1);
        ledger.approve(honest, BASELINE + 50, REVIEW_ROOT);
        _assertEqAddress("the miner is the best miner", registry.getProject(projectId).currentBestMiner, MINER);
        _assertEq("no reward to the copier", token.balanceOf(SYBIL), sybilBefore + 1);
    }

    function test_attack_copierCommitsAfterSeeingTheRootAndRevealsFirst() public {
        uint256 height = block.number;
        uint256 time = block.timestamp;
        _commit(MINER, CODE_A, BASELINE + 50, 5);
        vm.roll(height + 1);
        vm.warp(time + 12);
        // The copier commits to the same root once it is public and reveals before the miner does.
        bytes32 copierCommitment = ledger.commitmentOf(SYBIL, projectId, CODE_A, LOG_ROOT, BASELINE + 50, 1, address(0), SALT);
        vm.prank(SYBIL);
        ledger.commitProposal(copierCommitment);
        vm.roll(height + 2);
        vm.warp(time + 24);
        uint256 copy = _reveal(SYBIL, CODE_A, BASELINE + 50, 1);
        uint256 honest = _reveal(MINER, CODE_A, BASELINE + 50, 5);
        _assertTrue("copy displaced", ledger.getProposal(copy).status == IProposalLedger.Status.Displaced);
        // And a later direct submit of the root is refused.
        vm.roll(height + 3);
        _buy(BOB, token, 1);
        vm.startPrank(BOB);
        token.approve(address(ledger), 1);
        vm.expectRevert(
            abi.encodeWithSelector(IProposalLedger.ProposalLedgerDuplicateCode.selector, projectId, CODE_A, honest)
        );
        ledger.submit(projectId, CODE_A, LOG_ROOT, BASELINE + 50, 1, address(0));
        vm.stopPrank();
    }

    function test_attack_copierChangesOneByteOfTheBundleAndIsApprovedFirst() public {
        uint256 height = block.number;
        uint256 time = block.timestamp;
        _commit(MINER, CODE_A, BASELINE + 50, 5);
        vm.roll(height + 1);
        vm.warp(time + 12);
        // The miner's upload makes its bundle public: the copier changes one byte (another root),
        // commits it with the same claim and a stake of 1, and reveals before the miner's upload ends.
        _commit(SYBIL, CODE_B, BASELINE + 50, 1);
        vm.roll(height + 2);
        vm.warp(time + 24);
        uint256 copy = _reveal(SYBIL, CODE_B, BASELINE + 50, 1);
        uint256 honest = _reveal(MINER, CODE_A, BASELINE + 50, 5);
        (bool blocked, uint256 earlier) = ledger.openProposalBefore(copy);
        _assertTrue("the original comes first", blocked);
        _assertEq("the original", earlier, honest);
        (blocked,) = ledger.openProposalBefore(honest);
        _assertTrue("nothing before the original", !blocked);
        // The copier's accomplice reviews the copy first and approves it: refused while the original is open.
        _claim(VERIFIER_1, copy);
        vm.prank(VERIFIER_1);
        vm.expectRevert(
            abi.encodeWithSelector(IProposalLedger.ProposalLedgerEarlierProposalOpen.selector, copy, honest)
        );
        ledger.approve(copy, BASELINE + 50, REVIEW_ROOT);
        // The original is approved; the copy no longer beats the best and is at most superseded.
        uint256 sybilBefore = token.balanceOf(SYBIL);
        _claim(VERIFIER_2, honest);
        vm.prank(VERIFIER_2);
        ledger.approve(honest, BASELINE + 50, REVIEW_ROOT);
        _assertEqAddress("the miner is the best miner", registry.getProject(projectId).currentBestMiner, MINER);
        vm.prank(VERIFIER_1);
        vm.expectRevert(IProposalLedger.ScoreNotImproved.selector);
        ledger.approve(copy, BASELINE + 50, REVIEW_ROOT);
        vm.prank(VERIFIER_1);
        ledger.supersede(copy, BASELINE + 50, REVIEW_ROOT);
        _assertEq("no reward to the copier", token.balanceOf(SYBIL), sybilBefore);
    }

    // ------------------------------------------------------------------ supersede

    function test_attack_supersedeJunkSubmittedInTheCreationBlock() public {
        // A fresh project: the sybil submits in the block that created it, and its verifier settles
        // the junk as "superseded" although no approval ever moved the best.
        (uint256 fresh, ProjectToken freshToken) = _createProject();
        uint256 junk = _submit(SYBIL, fresh, CODE_A, BASELINE + 5, 1);
        _claim(VERIFIER_1, junk);
        // (a report of -5 is within the reference shape's 1% tolerance of the claim, but never beat the best)
        vm.prank(VERIFIER_1);
        vm.expectRevert(
            abi.encodeWithSelector(IProposalLedger.ProposalLedgerNeverBeatTheBest.selector, junk, BASELINE - 5, BASELINE)
        );
        ledger.supersede(junk, BASELINE - 5, REVIEW_ROOT);
        // Even a report that matches the claim does not pass while nothing overtook it: approve instead.
        vm.prank(VERIFIER_1);
        vm.expectRevert(abi.encodeWithSelector(IProposalLedger.ProposalLedgerNotSuperseded.selector, junk));
        ledger.supersede(junk, BASELINE + 5, REVIEW_ROOT);
        _assertEq("no weight bought", ledger.settledReviewsOf(fresh, VERIFIER_1), 0);
        _assertEq("stake still held", freshToken.balanceOf(address(ledger)), 1);
    }

    function test_attack_farmReviewWeightBySupersedingJunk() public {
        // An honest miner's real improvement is on its way; the attacker's sybil floods the project
        // with junk claims and the attacker's verifier claims them all first.
        uint256 honest = _submit(MINER, projectId, CODE_A, BASELINE + 50, 5);
        uint256[] memory junk = new uint256[](20);
        for (uint256 i = 0; i < junk.length; i++) {
            junk[i] = _submit(SYBIL, projectId, keccak256(abi.encode("junk", i)), BASELINE + 1, 1);
            _claim(VERIFIER_1, junk[i]);
        }
        _claim(VERIFIER_2, honest);
        vm.prank(VERIFIER_2);
        ledger.approve(honest, BASELINE + 50, REVIEW_ROOT);
        // The junk measures below the baseline: it never beat anything, so it cannot be superseded.
        for (uint256 i = 0; i < junk.length; i++) {
            vm.prank(VERIFIER_1);
            vm.expectRevert(
                abi.encodeWithSelector(
                    IProposalLedger.ProposalLedgerClaimNotReproduced.selector, junk[i], BASELINE + 1, BASELINE - 100
                )
            );
            ledger.supersede(junk[i], BASELINE - 100, REVIEW_ROOT);
        }
        _assertEq("no weight farmed", ledger.settledReviewsOf(projectId, VERIFIER_1), 0);
        // Settling it at all is a rejection: the sybil pays for every review weight bought.
        uint256 sybilBefore = token.balanceOf(SYBIL);
        vm.prank(VERIFIER_1);
        ledger.reject(junk[0], REVIEW_ROOT);
        _assertEq("sybil got nothing back", token.balanceOf(SYBIL), sybilBefore);
    }

    function test_attack_overclaimSettledAsSupersededInsteadOfRejected() public {
        // The miner claims +30 but reproduces +12; a +20 approval lands in between.
        uint256 other = _submit(BOB, projectId, CODE_B, BASELINE + 20, 5);
        uint256 overclaim = _submit(MINER, projectId, CODE_A, BASELINE + 30, 5);
        _claim(VERIFIER_2, other);
        vm.prank(VERIFIER_2);
        ledger.approve(other, BASELINE + 20, REVIEW_ROOT);
        _claim(VERIFIER_1, overclaim);
        vm.prank(VERIFIER_1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProposalLedger.ProposalLedgerClaimNotReproduced.selector, overclaim, BASELINE + 30, BASELINE + 12
            )
        );
        ledger.supersede(overclaim, BASELINE + 12, REVIEW_ROOT);
    }

    function test_attack_verifierApprovesAnArbitraryBestAndFreezesTheProject() public {
        // A miner claims +5; the verifier approves the largest score there is: no claim could ever beat
        // that best, so the project would take no more proposals.
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 5, 5);
        _claim(VERIFIER_1, id);
        int256 frozen = type(int128).max;
        vm.prank(VERIFIER_1);
        vm.expectRevert(
            abi.encodeWithSelector(IProposalLedger.ProposalLedgerClaimNotReproduced.selector, id, BASELINE + 5, frozen)
        );
        ledger.approve(id, frozen, REVIEW_ROOT);
        // The claim's reproduction passes, and the next improvement still enters.
        vm.prank(VERIFIER_1);
        ledger.approve(id, BASELINE + 5, REVIEW_ROOT);
        uint256 next = _submit(BOB, projectId, CODE_B, BASELINE + 6, 5);
        _assertTrue("the project takes the next proposal", ledger.getProposal(next).status == IProposalLedger.Status.Submitted);
    }

    // ------------------------------------------------------------------ rewards

    /// @dev A project made with the reference `createProject` (its default rules).
    function _createReferenceProject(string memory symbol) internal returns (uint256 id, ProjectToken pooled) {
        vm.prank(CREATOR);
        (uint256 created, address tokenAddr) = registry.createProject(
            PROTOCOL_ROOT, REPO_ROOT, BENCH_ROOT, BASELINE, METRICS_ROOT, "Reference", symbol, BASE_PRICE, SLOPE, POOL_CAP
        );
        return (created, ProjectToken(tokenAddr));
    }

    function _approveAt(address verifier, uint256 proposalId, int256 score) internal {
        _claim(verifier, proposalId);
        vm.prank(verifier);
        ledger.approve(proposalId, score, REVIEW_ROOT);
    }

    function test_attack_minimalImprovementWithAPoolSizedStakeMintsTheWholePool() public {
        // The smallest improvement the project takes (+1 of a 1e6 baseline), staked with as many tokens
        // as the pool holds: a reward that follows the stake mints the whole pool and dilutes every holder.
        (uint256 id, ProjectToken pooled) = _createReferenceProject("POOL");
        uint256 proposal = _submit(MINER, id, CODE_A, BASELINE + 1, POOL_CAP);
        _approveAt(VERIFIER_1, proposal, BASELINE + 1);
        // The default rule pays the pool over the improvement from the baseline up to |baseline|:
        // +1 earns a millionth of it, 0.01 of a token, rounded down.
        _assertEq("minted for a +1 improvement", pooled.minerPoolMinted(), 0);
        _assertEq("stake back less the fee", pooled.balanceOf(MINER), POOL_CAP - 1);
    }

    function test_attack_splittingAnImprovementIntoManyApprovalsPaysMore() public {
        // One miner reaches +10,000 in ten approvals of +1,000; another in one. Splitting must not pay more.
        (uint256 splitId, ProjectToken splitToken) = _createReferenceProject("SPLIT");
        for (uint256 step = 1; step <= 10; step++) {
            int256 score = BASELINE + int256(step * 1000);
            uint256 proposal = _submit(MINER, splitId, keccak256(abi.encode("split", step)), score, 5);
            _approveAt(VERIFIER_1, proposal, score);
        }
        (uint256 wholeId, ProjectToken wholeToken) = _createReferenceProject("WHOLE");
        uint256 whole = _submit(BOB, wholeId, CODE_B, BASELINE + 10_000, 5);
        _approveAt(VERIFIER_2, whole, BASELINE + 10_000);
        _assertLe("ten approvals pay no more than one of their sum", splitToken.minerPoolMinted(), wholeToken.minerPoolMinted());
        _assertEq("and no less: the schedule is additive", splitToken.minerPoolMinted(), wholeToken.minerPoolMinted());
        _assertEq("+10,000 of |1e6| is 1% of the pool", wholeToken.minerPoolMinted(), POOL_CAP / 100);
    }

    // ------------------------------------------------------------------ verifier pay

    function test_attack_rejectingAValidProposalPaysMoreThanApprovingIt() public {
        // One earlier settled review gives VERIFIER_1 weight; then a valid 20-token proposal arrives.
        uint256 earlier = _submit(MINER, projectId, CODE_A, BASELINE + 5, 5);
        _claim(VERIFIER_1, earlier);
        vm.prank(VERIFIER_1);
        ledger.approve(earlier, BASELINE + 5, REVIEW_ROOT);
        uint256 valid = _submit(BOB, projectId, CODE_B, BASELINE + 10, 20);
        _claim(VERIFIER_1, valid);
        uint256 before = ledger.claimable(projectId, VERIFIER_1);

        uint256 snapshot = vm.snapshotState();
        vm.prank(VERIFIER_1);
        ledger.approve(valid, BASELINE + 10, REVIEW_ROOT);
        uint256 paidToApprove = ledger.claimable(projectId, VERIFIER_1) - before;
        vm.revertToState(snapshot);
        vm.prank(VERIFIER_1);
        ledger.reject(valid, REVIEW_ROOT);
        uint256 paidToReject = ledger.claimable(projectId, VERIFIER_1) - before;

        _assertEq("rejecting pays what approving pays", paidToReject, paidToApprove);
        _assertTrue("and a review is paid", paidToApprove > 0);
    }

    function test_attack_firstRejectionWaitsInThePoolForTheRejecter() public {
        // No review was settled on this project yet: the slash cannot be shared, and used to wait for
        // the next settlement, which the rejecter makes itself.
        uint256 valid = _submit(BOB, projectId, CODE_B, BASELINE + 10, 20);
        _claim(VERIFIER_1, valid);
        vm.prank(VERIFIER_1);
        ledger.reject(valid, REVIEW_ROOT);
        uint256 next = _submit(MINER, projectId, CODE_A, BASELINE + 5, 5);
        _claim(VERIFIER_1, next);
        vm.prank(VERIFIER_1);
        ledger.approve(next, BASELINE + 5, REVIEW_ROOT);
        // Two reviews, two fees (the minimum stake, 1 each): nothing of its own slash.
        _assertEq("two fees, no slash share", ledger.claimable(projectId, VERIFIER_1), 2);
    }

    function test_attack_reviewWeightBoughtWithSybilJunkTakesLaterSlashes() public {
        // The attacker's verifier settles 20 of its sybil's 1-token junk proposals...
        for (uint256 i = 0; i < 20; i++) {
            uint256 junk = _submit(SYBIL, projectId, keccak256(abi.encode("junk", i)), BASELINE + 1, 1);
            _claim(VERIFIER_1, junk);
            vm.prank(VERIFIER_1);
            ledger.reject(junk, REVIEW_ROOT);
        }
        uint256 sybilSpent = 20;
        uint256 earned = ledger.claimable(projectId, VERIFIER_1);
        _assertLe("the pair earns nothing net from the junk", earned, sybilSpent);
        // ...then an honest verifier rejects someone else's 21-token proposal.
        uint256 bad = _submit(BOB, projectId, CODE_B, BASELINE + 10, 21);
        _claim(VERIFIER_2, bad);
        vm.prank(VERIFIER_2);
        ledger.reject(bad, REVIEW_ROOT);
        _assertEq("no share of another's slash", ledger.claimable(projectId, VERIFIER_1), earned);
        _assertEq("the honest reviewer earns its fee", ledger.claimable(projectId, VERIFIER_2), 1);
    }

    function test_attack_verifiersLetAProposalExpireToShareItsSlash() public {
        // VERIFIER_1 holds review weight; an honest proposal nobody reviews runs out its window.
        uint256 earlier = _submit(MINER, projectId, CODE_A, BASELINE + 5, 5);
        _claim(VERIFIER_1, earlier);
        vm.prank(VERIFIER_1);
        ledger.approve(earlier, BASELINE + 5, REVIEW_ROOT);
        uint256 earned = ledger.claimable(projectId, VERIFIER_1);
        uint256 ignored = _submit(BOB, projectId, CODE_B, BASELINE + 10, 20);
        uint256 bobBefore = token.balanceOf(BOB);
        vm.warp(block.timestamp + ledger.EXPIRY_WINDOW());
        ledger.expire(ignored);
        _assertEq("nobody earns from an expiry", ledger.claimable(projectId, VERIFIER_1), earned);
        _assertEq("the miner gets its stake back", token.balanceOf(BOB), bobBefore + 20);
    }

    // ------------------------------------------------------------------ claims and expiry

    function test_attack_lastMinuteClaimSquatsUntilTheProposalExpires() public {
        uint256 id = _submit(MINER, projectId, CODE_A, BASELINE + 500, 6);
        uint256 expiresAt = block.timestamp + ledger.EXPIRY_WINDOW();
        vm.warp(expiresAt - 1 hours);
        _claim(VERIFIER_1, id);
        // The squatter lets the lock lapse past the deadline; anyone releases it as it lapses.
        vm.warp(expiresAt - 1 hours + ledger.REVIEW_LOCK());
        ledger.releaseReview(id);
        // The hour the squatter took is given back: an honest verifier can still review.
        _assertEq("window moved by the time held", ledger.expiresAt(id), expiresAt + ledger.REVIEW_LOCK());
        _claim(VERIFIER_2, id);
        vm.prank(VERIFIER_2);
        ledger.approve(id, BASELINE + 500, REVIEW_ROOT);
        _assertTrue("approved, not slashed", ledger.getProposal(id).status == IProposalLedger.Status.Approved);
        _assertEq("stake back less the fee + reward (+500 of the 1e6 target: 5 of the pool)", token.balanceOf(MINER), 5 + 5);
    }

    function test_attack_releaseStrandsAProposalWithOneUnconflictedVerifier() public {
        // VERIFIER_2 mines; VERIFIER_3 is gone: VERIFIER_1 is the only one who can review.
        verifiers.removeVerifier(VERIFIER_3);
        uint256 id = _submit(VERIFIER_2, projectId, CODE_A, BASELINE + 5, 6);
        _claim(VERIFIER_1, id);
        // A harness failure: the honest reviewer gives the claim back at once.
        vm.prank(VERIFIER_1);
        ledger.releaseReview(id);
        vm.warp(block.timestamp + ledger.REVIEW_LOCK());
        _claim(VERIFIER_1, id);
        vm.prank(VERIFIER_1);
        ledger.approve(id, BASELINE + 5, REVIEW_ROOT);
        _assertTrue("approved", ledger.getProposal(id).status == IProposalLedger.Status.Approved);
    }
}
