// SPDX-License-Identifier: MIT
// contracts/ProposalLedger.sol
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IProjectRegistry} from "./interfaces/IProjectRegistry.sol";
import {IProjectToken} from "./interfaces/IProjectToken.sol";
import {IProposalLedger} from "./interfaces/IProposalLedger.sol";
import {IReviewQuorum} from "./interfaces/IReviewQuorum.sol";
import {IVerifierRegistry} from "./interfaces/IVerifierRegistry.sol";
import {Scores} from "./libraries/Scores.sol";

/**
 * @title ProposalLedger
 * @dev Holds miners' stakes, the review fees owed to verifiers and each project's fee fund, and settles proposals.
 *
 * Lifecycle: Submitted -> (claimReview) Reviewing -> Approved | Rejected | Superseded, or back to
 * Submitted (releaseReview); Submitted, or Reviewing with a lapsed claim -> Expired after
 * `EXPIRY_WINDOW`. Every status change goes through `_setStatus`, which checks the transition, so a
 * proposal settles once.
 *
 * Rules (the reference's defects fixed, and choices where the design is silent):
 * - A reviewer may release its own claim at once, without penalty; anyone may release a lapsed claim.
 * - No claim eats into the review window. The expiry clock stands still while a verifier holds its
 *   first claim on a proposal: the time held (up to `REVIEW_LOCK`) is added to the proposal's expiry
 *   when the claim ends, so a squatter claiming just before the deadline leaves every other verifier
 *   the time that was left (`test_attack_lastMinuteClaimSquatsUntilTheProposalExpires`).
 * - A release does not strand a proposal: a verifier that held the claim may claim it again once
 *   `REVIEW_LOCK` has passed since its claim ended (others get that long to claim it first), but the
 *   clock runs during such a re-claim and its lock ends no later than the expiry, so releasing and
 *   re-claiming cannot hold a proposal past its window
 *   (`test_attack_releaseStrandsAProposalWithOneUnconflictedVerifier`). Several colluding verifiers
 *   that always act first can still keep honest ones out of the window (one claim at a time): review
 *   by a quorum, or a refund on expiry, closes that.
 * - A verifier cannot claim a proposal it submitted or would be rewarded by.
 * - A code root belongs to its earliest commitment (`test_attack_copierSubmitsAMinersRootFirstAndTakesTheReward`).
 *   A miner commits (`commitProposal`) to a hash binding its address, the roots, the score, the stake,
 *   the recipient and a salt, before anything is public; then reveals (`revealProposal`) in a later
 *   block within `COMMIT_WINDOW`, and uploads. The revealed proposal's priority, and its `submittedAt`,
 *   is the commitment's time. A direct reference-shape `submit` has the priority of its block. Nobody
 *   may claim a proposal before its priority time plus `COMMIT_WINDOW`, so by then every earlier
 *   commitment of its root was revealed or lapsed; a reveal takes its root from a later-priority
 *   proposal (which is still unclaimable, so still Submitted): that one is `Displaced` and refunded.
 *   A second submission of a root with an earlier or equal priority is refused.
 * - Approvals on a project go in priority order: a proposal cannot be approved while one of the
 *   project's open proposals has an earlier priority (`openProposalBefore`). The bundle is public on
 *   0G from its upload, so a copier could change one byte, commit the new root later and have an
 *   accomplice review it first; the copy now waits for the original, whose approval leaves it at best
 *   superseded (`test_attack_copierChangesOneByteOfTheBundleAndIsApprovedFirst`). Rejections and
 *   supersessions take any order. An earlier proposal holds later approvals until it is settled or
 *   expires: junk put ahead costs its miner the fee and the slash once reviewed, and its reviewer
 *   cannot hold it past its window (below).
 * - A claim must beat the project's current best by its minimum improvement when it is submitted
 *   (not only when it is approved), and the best it faced is recorded with it.
 * - The reward recipient cannot be a contract of the protocol (the token, the ledger, a registry):
 *   a reward minted to the token reverts, which would leave that code unapprovable for good. A zero
 *   recipient keeps the reference's meaning, the sender, so no reward is ever minted to zero.
 * - A proposal under a live claim cannot be expired; a claim cannot be taken once expiry has passed.
 * - Approval rewards are capped at what remains of the miner pool (possibly zero): an approval never
 *   reverts because the pool is spent.
 * - Verifier pay does not depend on the verdict. Every settlement (approve, reject, supersede) pays
 *   the reviewer the proposal's review fee, the project's minimum stake at submission (a stake is
 *   never below it), credited at once and paid by `claimReward`; `claimable` is what is owed. An
 *   approval's fee comes from the project's fee fund while it lasts (so an honest miner gets its
 *   stake back whole), otherwise from the stake; a rejection's or a supersession's comes from the
 *   stake, so a verifier reviewing its own sybil's proposals earns at most what the sybil paid. The
 *   rest of a rejected stake is slashed: `SLASH_BPS_TO_BURN` burned (for holders), the remainder (the
 *   odd token included) into the fee fund: the meaning of `SLASH_BPS_TO_VERIFIER_POOL` here; no pool
 *   is ever shared by review count, so no reviewer shares in its own slash
 *   (`test_attack_rejectingAValidProposalPaysMoreThanApprovingIt`,
 *   `test_attack_reviewWeightBoughtWithSybilJunkTakesLaterSlashes`). Every token stays owned: stakes
 *   held, fees owed, the fund, or burned.
 * - Expiry refunds the stake whole: nobody reviewed the proposal in its window, so neither a verifier
 *   (by letting it lapse) nor the miner (by expiring its own junk) gains from it
 *   (`test_attack_verifiersLetAProposalExpireToShareItsSlash`). Junk is answered by a review, which
 *   costs its miner the fee and the slash.
 * - Supersede is only for a real improvement that another approval overtook: the verified score
 *   reproduces the claim (falls short of it by at most the project's minimum improvement, until the
 *   project's own tolerance lands), beat the best the proposal faced at submission by the minimum,
 *   and no longer beats the current best; the stake goes back, nothing is minted or slashed. Anything
 *   else is a rejection: junk below the baseline, or submitted in the project's creation block, can
 *   no longer be settled for free (`test_attack_farmReviewWeightBySupersedingJunk`,
 *   `test_attack_supersedeJunkSubmittedInTheCreationBlock`). What a lone verifier reports is still
 *   taken as measured: a verifier colluding with the miner can report the claim as reproduced (review
 *   by a quorum, and verifier pay that does not depend on the verdict, close that).
 * - Verifiers must still be allowlisted when they settle.
 * - A single reviewer's verdict is appealable (`SINGLE_REVIEW_APPEALS`, set at deploy; off reproduces
 *   the reference, where `approve`, `reject` and `supersede` settle at once). On, they only decide:
 *   the verdict (an approval's score must still reproduce the claim and beat the best, a supersede pass
 *   `_checkSupersedable`) is recorded with the review quorum, which locks a seat lock of the reviewer's
 *   bond and holds the proposal through the appeal window; nothing moves (best, reward, stake, fee)
 *   until the quorum settles it by `settleByQuorum`, on the reviewer's measurement or an appeal's
 *   (`test_attack_lazySingleReviewerApprovesAFakeClaimAndIsOverturnedOnAppeal`,
 *   `test_attack_lazySingleReviewerRejectsAValidClaimAndIsOverturnedOnAppeal`).
 *
 * Invariants (fuzzed in test/invariants): `invariant_stakeIsConserved` (staked = returned + burned
 * + fees + funded), `invariant_proposalSettlesOnce`, `invariant_onlyAllowlistedUnconflictedReviewersSettle`,
 * `invariant_verifierPoolClaimsWithinInflows`.
 */
contract ProposalLedger is IProposalLedger, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    // ------------------------------------------------------------------ constants

    /// @inheritdoc IProposalLedger
    uint64 public constant REVIEW_LOCK = 24 hours;
    /// @inheritdoc IProposalLedger
    uint64 public constant EXPIRY_WINDOW = 7 days;
    /// @inheritdoc IProposalLedger
    uint16 public constant SLASH_BPS_TO_BURN = 5000;
    /// @inheritdoc IProposalLedger
    uint16 public constant SLASH_BPS_TO_VERIFIER_POOL = 5000;
    /// @inheritdoc IProposalLedger
    uint16 public constant BPS_DENOMINATOR = 10_000;

    // ------------------------------------------------------------------ immutables

    /// @inheritdoc IProposalLedger
    address public immutable registry;
    /// @inheritdoc IProposalLedger
    address public immutable verifierRegistry;
    /// @inheritdoc IProposalLedger
    uint64 public immutable COMMIT_WINDOW;
    /// @inheritdoc IProposalLedger
    address public immutable reviewQuorum;
    /// @inheritdoc IProposalLedger
    bool public immutable SINGLE_REVIEW_APPEALS;

    // ------------------------------------------------------------------ storage

    /**
     * @dev Slots: [head] miner 160 | projectId 48 | submittedAt 40 | status 8; [review] reviewer 160 |
     * reviewLockUntil 40 | stake 48 | claimStopsClock 8; [recipient] rewardRecipient (zero: the
     * miner) | expiryExtension 40 (seconds added to the expiry by ended claims) | reviewFee 48 |
     * reviewQuorum 8 (0: one reviewer); three roots;
     * [submission] claimed int128 | bestAtSubmission int128 (both written by `submit`); [verified]
     * verified int128.
     */
    struct ProposalRecord {
        address miner;
        uint48 projectId;
        uint40 submittedAt;
        Status status;
        address reviewer;
        uint40 reviewLockUntil;
        uint48 stake;
        bool claimStopsClock;
        address rewardRecipient;
        uint40 expiryExtension;
        uint48 reviewFee;
        uint8 reviewQuorum;
        bytes32 codeHash;
        bytes32 benchmarkLogHash;
        bytes32 metricsHash;
        int128 claimedAggregateScore;
        int128 bestAtSubmission;
        int128 verifiedAggregateScore;
    }

    /// @dev [head] token 160 | settledReviews 64; [fund] totalInflow 128 | fund 128; totalClaimed.
    struct VerifierPool {
        address token;
        uint64 settledReviews;
        uint128 totalInflow;
        uint128 fund;
        uint256 totalClaimed;
    }

    /// @dev reviews 64 | owed 128 (review fees earned and not yet claimed).
    struct VerifierShare {
        uint64 reviews;
        uint128 owed;
    }

    /// @dev The ends of a project's open proposals, as proposal id + 1 (0: none).
    struct OpenQueue {
        uint64 first;
        uint64 last;
    }

    /// @dev An open proposal's neighbours in its project's queue, as proposal id + 1 (0: none).
    struct OpenLinks {
        uint64 previous;
        uint64 next;
    }

    mapping(uint256 proposalId => ProposalRecord) private _proposals;
    /// @dev Proposal id + 1 of the first submission of each code root (0: never submitted).
    mapping(uint256 projectId => mapping(bytes32 codeHash => uint256)) private _codeSubmissions;
    /// @dev When each verifier's last claim on a proposal ended (released or lapsed; 0: never held one).
    mapping(uint256 proposalId => mapping(address verifier => uint256)) private _claimEndedAt;
    mapping(uint256 projectId => VerifierPool) private _pools;
    mapping(uint256 projectId => mapping(address verifier => VerifierShare)) private _shares;
    /// @dev Each commitment's time (high 128 bits) and block (low 128 bits); 0: none, or revealed.
    mapping(bytes32 commitment => uint256) private _commitments;
    /// @dev Each project's open proposals (Submitted or Reviewing), in priority order.
    mapping(uint256 projectId => OpenQueue) private _openQueues;
    mapping(uint256 proposalId => OpenLinks) private _openLinks;
    /// @inheritdoc IProposalLedger
    uint256 public nextProposalId;

    // ------------------------------------------------------------------ construction

    /// @param commitWindow_ `COMMIT_WINDOW` in seconds: at least the time a miner needs between its
    /// commitment and its reveal (a few blocks; deployments use 10 minutes, the embedded local stack 0).
    /// @param reviewQuorum_ The review quorum contract, the only settler of projects with a quorum above
    /// one (deployed after this one, at a precomputed address).
    /// @param singleReviewAppeals `SINGLE_REVIEW_APPEALS`: whether a single reviewer's verdict waits out an
    /// appeal window (deployments: on).
    constructor(
        address registry_,
        address verifierRegistry_,
        uint64 commitWindow_,
        address reviewQuorum_,
        bool singleReviewAppeals
    ) {
        if (registry_ == address(0)) revert RegistryZero();
        if (verifierRegistry_ == address(0)) revert VerifierRegistryZero();
        if (reviewQuorum_ == address(0)) revert ProposalLedgerReviewQuorumZero();
        registry = registry_;
        verifierRegistry = verifierRegistry_;
        COMMIT_WINDOW = commitWindow_;
        reviewQuorum = reviewQuorum_;
        SINGLE_REVIEW_APPEALS = singleReviewAppeals;
    }

    // ------------------------------------------------------------------ miners

    /// @inheritdoc IProposalLedger
    function submit(
        uint256 projectId,
        bytes32 codeHash,
        bytes32 benchmarkLogHash,
        int256 claimedAggregateScore,
        uint256 stake,
        address rewardRecipient
    ) external nonReentrant returns (uint256 proposalId) {
        return _submit(projectId, codeHash, benchmarkLogHash, claimedAggregateScore, stake, rewardRecipient, block.timestamp, false);
    }

    /// @inheritdoc IProposalLedger
    function submitWithPermit(
        uint256 projectId,
        bytes32 codeHash,
        bytes32 benchmarkLogHash,
        int256 claimedAggregateScore,
        uint256 stake,
        address rewardRecipient,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 proposalId) {
        _permitStake(projectId, stake, deadline, v, r, s);
        return _submit(projectId, codeHash, benchmarkLogHash, claimedAggregateScore, stake, rewardRecipient, block.timestamp, false);
    }

    /// @inheritdoc IProposalLedger
    function commitProposal(bytes32 commitment) external {
        // Idempotent: a commitment binds its miner's address, so someone else committing the same hash
        // first only gives that miner an earlier time; the earliest one stays.
        if (_commitments[commitment] != 0) return;
        _commitments[commitment] = (block.timestamp << 128) | block.number;
        emit ProposalCommitted(commitment, msg.sender, block.timestamp);
    }

    /// @inheritdoc IProposalLedger
    function revealProposal(
        uint256 projectId,
        bytes32 codeHash,
        bytes32 benchmarkLogHash,
        int256 claimedAggregateScore,
        uint256 stake,
        address rewardRecipient,
        bytes32 salt
    ) external nonReentrant returns (uint256 proposalId) {
        return _reveal(projectId, codeHash, benchmarkLogHash, claimedAggregateScore, stake, rewardRecipient, salt);
    }

    /// @inheritdoc IProposalLedger
    function revealProposalWithPermit(
        uint256 projectId,
        bytes32 codeHash,
        bytes32 benchmarkLogHash,
        int256 claimedAggregateScore,
        uint256 stake,
        address rewardRecipient,
        bytes32 salt,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 proposalId) {
        _permitStake(projectId, stake, deadline, v, r, s);
        return _reveal(projectId, codeHash, benchmarkLogHash, claimedAggregateScore, stake, rewardRecipient, salt);
    }

    // ------------------------------------------------------------------ verifiers

    /// @inheritdoc IProposalLedger
    function claimReview(uint256 proposalId) external {
        ProposalRecord storage proposal = _proposal(proposalId);
        if (proposal.reviewQuorum > 1) revert ProposalLedgerReviewedByQuorum(proposalId);
        _setStatus(proposal, Status.Submitted, Status.Reviewing);
        _checkVerifier();
        address rewardRecipient = proposal.rewardRecipient;
        if (msg.sender == proposal.miner || msg.sender == rewardRecipient) {
            revert ProposalLedgerConflictedReviewer(proposalId, msg.sender);
        }
        uint256 endedAt = _claimEndedAt[proposalId][msg.sender];
        if (endedAt != 0 && block.timestamp < endedAt + REVIEW_LOCK) {
            revert ProposalLedgerClaimedBefore(proposalId, msg.sender, endedAt + REVIEW_LOCK);
        }
        uint256 windowEnd = _windowEnd(proposal);
        if (block.timestamp >= windowEnd) revert ProposalLedgerPastExpiry(proposalId, windowEnd);
        uint256 reviewable = uint256(proposal.submittedAt) + COMMIT_WINDOW;
        if (block.timestamp < reviewable) revert ProposalLedgerNotYetReviewable(proposalId, reviewable);

        // A first claim stops the clock; a re-claim runs it and ends by the expiry at the latest.
        bool firstClaim = endedAt == 0;
        uint64 lockUntil = uint64(block.timestamp) + REVIEW_LOCK;
        if (!firstClaim && lockUntil > windowEnd) lockUntil = uint64(windowEnd);
        proposal.reviewer = msg.sender;
        proposal.reviewLockUntil = uint40(lockUntil);
        proposal.claimStopsClock = firstClaim;
        emit ReviewClaimed(proposalId, msg.sender, lockUntil);
    }

    /// @inheritdoc IProposalLedger
    function releaseReview(uint256 proposalId) external {
        ProposalRecord storage proposal = _proposal(proposalId);
        address reviewer = proposal.reviewer;
        _setStatus(proposal, Status.Reviewing, Status.Submitted);
        uint256 lockUntil = proposal.reviewLockUntil;
        bool lapsed = block.timestamp >= lockUntil;
        if (msg.sender != reviewer && !lapsed) revert LockActive();
        uint256 endedAt = lapsed ? lockUntil : block.timestamp;
        _claimEndedAt[proposalId][reviewer] = endedAt;
        bool stoppedClock = proposal.claimStopsClock;
        if (stoppedClock) {
            // A clock-stopping claim started `REVIEW_LOCK` before its lock ends; extensions stay below
            // (verifiers x REVIEW_LOCK), far inside 40 bits.
            proposal.expiryExtension += uint40(endedAt - (lockUntil - REVIEW_LOCK));
        }
        proposal.reviewer = address(0);
        proposal.reviewLockUntil = 0;
        proposal.claimStopsClock = false;
        emit ReviewReleased(proposalId);
        emit ReviewReleasedBy(proposalId, reviewer, msg.sender, lapsed);
        if (stoppedClock) emit ProposalExpiryMoved(proposalId, _windowEnd(proposal));
    }

    /// @inheritdoc IProposalLedger
    function approve(uint256 proposalId, int256 verifiedAggregateScore, bytes32 metricsHash) external nonReentrant {
        ProposalRecord storage proposal = _proposal(proposalId);
        _checkSettler(proposal);
        if (!SINGLE_REVIEW_APPEALS) return _approve(proposal, proposalId, verifiedAggregateScore, metricsHash, _only(msg.sender));
        // The checks `_approve` makes at settlement, made now so a verdict that could never settle is refused.
        int256 claimed = proposal.claimedAggregateScore;
        if (!Scores.reproduces(claimed, verifiedAggregateScore, _configOf(proposal).tolerancePpm)) {
            revert ProposalLedgerClaimNotReproduced(proposalId, claimed, verifiedAggregateScore);
        }
        (, bool improves) = IProjectRegistry(registry).improvementOf(proposal.projectId, verifiedAggregateScore);
        if (!improves) revert ScoreNotImproved();
        _decide(proposal, proposalId, true, verifiedAggregateScore, metricsHash);
    }

    /// @inheritdoc IProposalLedger
    function reject(uint256 proposalId, bytes32 metricsHash) external nonReentrant {
        ProposalRecord storage proposal = _proposal(proposalId);
        _checkSettler(proposal);
        if (!SINGLE_REVIEW_APPEALS) return _reject(proposal, proposalId, metricsHash, _only(msg.sender));
        _decide(proposal, proposalId, false, 0, metricsHash);
    }

    /// @inheritdoc IProposalLedger
    function supersede(uint256 proposalId, int256 verifiedAggregateScore, bytes32 metricsHash) external nonReentrant {
        ProposalRecord storage proposal = _proposal(proposalId);
        _checkSettler(proposal);
        _checkSupersedable(proposal, proposalId, verifiedAggregateScore);
        if (!SINGLE_REVIEW_APPEALS) {
            return _supersede(proposal, proposalId, verifiedAggregateScore, metricsHash, _only(msg.sender));
        }
        _decide(proposal, proposalId, true, verifiedAggregateScore, metricsHash);
    }

    /**
     * @dev Records the claimer's verdict (`ran` false: a rejection) with the review quorum, which locks
     * its bond and holds the proposal until the verdict, or an appeal's, is final (`settleByQuorum`).
     */
    function _decide(ProposalRecord storage proposal, uint256 proposalId, bool ran, int256 measured, bytes32 metricsHash)
        private
    {
        proposal.reviewer = reviewQuorum;
        proposal.reviewLockUntil = type(uint40).max;
        proposal.claimStopsClock = false;
        proposal.metricsHash = metricsHash;
        IReviewQuorum(reviewQuorum).recordDecision(proposalId, msg.sender, ran, measured);
    }

    /// @inheritdoc IProposalLedger
    function holdForQuorum(uint256 proposalId) external {
        ProposalRecord storage proposal = _proposal(proposalId);
        if (msg.sender != reviewQuorum) revert ProposalLedgerNotReviewQuorum(msg.sender);
        if (proposal.reviewQuorum < 2) revert ProposalLedgerNotQuorumReviewed(proposalId);
        _setStatus(proposal, Status.Submitted, Status.Reviewing);
        uint256 windowEnd = _windowEnd(proposal);
        if (block.timestamp >= windowEnd) revert ProposalLedgerPastExpiry(proposalId, windowEnd);
        uint256 reviewable = uint256(proposal.submittedAt) + COMMIT_WINDOW;
        if (block.timestamp < reviewable) revert ProposalLedgerNotYetReviewable(proposalId, reviewable);
        // Held until the quorum settles it: every phase of a quorum review has a deadline anyone can
        // act on, so the hold always ends, and the expiry clock stands still meanwhile.
        proposal.reviewer = msg.sender;
        proposal.reviewLockUntil = type(uint40).max;
        emit ReviewClaimed(proposalId, msg.sender, type(uint40).max);
    }

    /// @inheritdoc IProposalLedger
    function settleByQuorum(uint256 proposalId, bool ran, int256 median, address[] calldata payees)
        external
        nonReentrant
        returns (Status verdict)
    {
        ProposalRecord storage proposal = _proposal(proposalId);
        if (msg.sender != reviewQuorum) revert ProposalLedgerNotReviewQuorum(msg.sender);
        if (proposal.status != Status.Reviewing) revert WrongStatus();
        verdict = verdictOf(proposalId, ran, median);
        // A single reviewer's metrics root (a quorum's seats publish none).
        bytes32 metricsHash = proposal.metricsHash;
        if (verdict == Status.Approved) _approve(proposal, proposalId, median, metricsHash, payees);
        else if (verdict == Status.Superseded) _supersede(proposal, proposalId, median, metricsHash, payees);
        else _reject(proposal, proposalId, metricsHash, payees);
    }

    /// @inheritdoc IProposalLedger
    function verdictOf(uint256 proposalId, bool ran, int256 measured) public view returns (Status) {
        ProposalRecord storage proposal = _proposal(proposalId);
        if (!ran) return Status.Rejected;
        IProjectRegistry projects = IProjectRegistry(registry);
        uint256 projectId = proposal.projectId;
        IProjectRegistry.ProjectConfig memory config = projects.getProjectConfig(projectId);
        if (!Scores.reproduces(proposal.claimedAggregateScore, measured, config.tolerancePpm)) return Status.Rejected;
        (, bool improves) = projects.improvementOf(projectId, measured);
        if (improves) return Status.Approved;
        if (Scores.beats(config.lowerIsBetter, measured, proposal.bestAtSubmission, config.minImprovement)) {
            return Status.Superseded;
        }
        return Status.Rejected;
    }

    /// @dev Approves with `verifiedAggregateScore`, paying each of `payees` the review fee.
    function _approve(
        ProposalRecord storage proposal,
        uint256 proposalId,
        int256 verifiedAggregateScore,
        bytes32 metricsHash,
        address[] memory payees
    ) private {
        uint256 projectId = proposal.projectId;
        // Approvals go in priority order: a copy of this project's earlier bundle waits for the original.
        uint256 first = _openQueues[projectId].first;
        if (first != proposalId + 1) revert ProposalLedgerEarlierProposalOpen(proposalId, first - 1);
        _close(proposal, proposalId, Status.Reviewing, Status.Approved);
        proposal.verifiedAggregateScore = _toScore(verifiedAggregateScore);
        proposal.metricsHash = metricsHash;

        address miner = proposal.miner;
        IProjectRegistry.ApprovalTerms memory terms = IProjectRegistry(registry).applyApproval(
            projectId, miner, verifiedAggregateScore, proposal.codeHash, metricsHash
        );
        // No single verifier writes an arbitrary best: the score must reproduce the miner's claim.
        int256 claimed = proposal.claimedAggregateScore;
        if (!Scores.reproduces(claimed, verifiedAggregateScore, terms.tolerancePpm)) {
            revert ProposalLedgerClaimNotReproduced(proposalId, claimed, verifiedAggregateScore);
        }
        uint256 stake = proposal.stake;
        address recipient = _recipientOf(proposal);
        uint256 reward = _reward(terms, IProjectToken(terms.token).minerPoolCap());
        uint256 stakeReturned = stake - _payReviewFees(proposal, projectId, proposalId, true, payees);

        emit ProposalImproved(proposalId, projectId, terms.previousBest, verifiedAggregateScore, terms.improvement);
        emit ProposalApproved(proposalId, msg.sender, verifiedAggregateScore, metricsHash);
        emit ProposalPaid(proposalId, miner, stakeReturned, recipient, reward);
        if (stakeReturned != 0) IERC20(terms.token).safeTransfer(miner, stakeReturned);
        if (reward != 0) IProjectToken(terms.token).mintMinerReward(recipient, reward);
    }

    /// @dev Rejects, paying each of `payees` the review fee from the stake and slashing the rest.
    function _reject(ProposalRecord storage proposal, uint256 proposalId, bytes32 metricsHash, address[] memory payees)
        private
    {
        _close(proposal, proposalId, Status.Reviewing, Status.Rejected);
        proposal.metricsHash = metricsHash;
        uint256 projectId = proposal.projectId;
        emit ProposalRejected(proposalId, msg.sender, metricsHash);
        uint256 fees = _payReviewFees(proposal, projectId, proposalId, false, payees);
        _slash(projectId, proposalId, proposal.stake - fees);
    }

    /// @dev Supersedes (the caller checked `_checkSupersedable`), paying each of `payees` the review fee from the stake.
    function _supersede(
        ProposalRecord storage proposal,
        uint256 proposalId,
        int256 verifiedAggregateScore,
        bytes32 metricsHash,
        address[] memory payees
    ) private {
        uint256 projectId = proposal.projectId;
        _close(proposal, proposalId, Status.Reviewing, Status.Superseded);
        proposal.verifiedAggregateScore = _toScore(verifiedAggregateScore);
        proposal.metricsHash = metricsHash;
        uint256 stakeReturned = proposal.stake - _payReviewFees(proposal, projectId, proposalId, false, payees);
        emit ProposalSuperseded(proposalId, msg.sender, verifiedAggregateScore, metricsHash, stakeReturned);
        if (stakeReturned != 0) IERC20(_pools[projectId].token).safeTransfer(proposal.miner, stakeReturned);
    }

    /// @inheritdoc IProposalLedger
    function expire(uint256 proposalId) external nonReentrant {
        ProposalRecord storage proposal = _proposal(proposalId);
        Status from = proposal.status;
        if (from != Status.Submitted && from != Status.Reviewing) revert WrongStatus();
        if (from == Status.Reviewing && block.timestamp < proposal.reviewLockUntil) revert LockActive();
        if (block.timestamp < _expiresAt(proposal)) revert ExpiryNotReached();
        _close(proposal, proposalId, from, Status.Expired);
        address miner = proposal.miner;
        uint256 stake = proposal.stake;
        emit ProposalExpired(proposalId, msg.sender);
        emit ProposalRefunded(proposalId, miner, stake);
        IERC20(_pools[proposal.projectId].token).safeTransfer(miner, stake);
    }

    /// @inheritdoc IProposalLedger
    function claimReward(uint256 projectId) external nonReentrant returns (uint256 amount) {
        VerifierPool storage pool = _pools[projectId];
        VerifierShare storage share = _shares[projectId][msg.sender];
        amount = share.owed;
        if (amount == 0) revert NothingToClaim();
        share.owed = 0;
        pool.totalClaimed += amount;
        emit RewardClaimed(projectId, msg.sender, amount);
        IERC20(pool.token).safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IProposalLedger
    function getProposal(uint256 proposalId) external view returns (Proposal memory) {
        ProposalRecord storage proposal = _proposal(proposalId);
        return Proposal({
            projectId: proposal.projectId,
            miner: proposal.miner,
            rewardRecipient: _recipientOf(proposal),
            codeHash: proposal.codeHash,
            benchmarkLogHash: proposal.benchmarkLogHash,
            metricsHash: proposal.metricsHash,
            claimedAggregateScore: proposal.claimedAggregateScore,
            verifiedAggregateScore: proposal.verifiedAggregateScore,
            stake: proposal.stake,
            submittedAt: proposal.submittedAt,
            reviewLockUntil: proposal.reviewLockUntil,
            reviewer: proposal.reviewer,
            status: proposal.status
        });
    }

    /// @inheritdoc IProposalLedger
    function claimable(uint256 projectId, address account) external view returns (uint256) {
        return _shares[projectId][account].owed;
    }

    /// @inheritdoc IProposalLedger
    function openProposalBefore(uint256 proposalId) external view returns (bool exists, uint256 earlierProposalId) {
        ProposalRecord storage proposal = _proposal(proposalId);
        Status status = proposal.status;
        if (status != Status.Submitted && status != Status.Reviewing) return (false, 0);
        uint256 first = _openQueues[proposal.projectId].first;
        if (first == proposalId + 1) return (false, 0);
        return (true, first - 1);
    }

    /// @inheritdoc IProposalLedger
    function proposalOfCode(uint256 projectId, bytes32 codeHash) external view returns (bool exists, uint256 proposalId) {
        uint256 idPlusOne = _codeSubmissions[projectId][codeHash];
        if (idPlusOne == 0) return (false, 0);
        return (true, idPlusOne - 1);
    }

    /// @inheritdoc IProposalLedger
    function expiresAt(uint256 proposalId) external view returns (uint256) {
        return _expiresAt(_proposal(proposalId));
    }

    /// @inheritdoc IProposalLedger
    function bestAtSubmissionOf(uint256 proposalId) external view returns (int256) {
        return _proposal(proposalId).bestAtSubmission;
    }

    /// @inheritdoc IProposalLedger
    function settledReviewsOf(uint256 projectId, address verifier) external view returns (uint256) {
        return _shares[projectId][verifier].reviews;
    }

    /// @inheritdoc IProposalLedger
    function getVerifierPool(uint256 projectId) external view returns (VerifierPoolView memory) {
        VerifierPool storage pool = _pools[projectId];
        return VerifierPoolView({
            token: pool.token,
            settledReviews: pool.settledReviews,
            totalInflow: pool.totalInflow,
            totalClaimed: pool.totalClaimed,
            fund: pool.fund
        });
    }

    /// @inheritdoc IProposalLedger
    function commitmentOf(
        address miner,
        uint256 projectId,
        bytes32 codeHash,
        bytes32 benchmarkLogHash,
        int256 claimedAggregateScore,
        uint256 stake,
        address rewardRecipient,
        bytes32 salt
    ) public view returns (bytes32) {
        return keccak256(
            abi.encode(
                block.chainid,
                address(this),
                miner,
                projectId,
                codeHash,
                benchmarkLogHash,
                claimedAggregateScore,
                stake,
                rewardRecipient,
                salt
            )
        );
    }

    /// @inheritdoc IProposalLedger
    function committedAt(bytes32 commitment) external view returns (uint256) {
        return _commitments[commitment] >> 128;
    }

    /// @inheritdoc IProposalLedger
    function reviewableAt(uint256 proposalId) external view returns (uint256) {
        return uint256(_proposal(proposalId).submittedAt) + COMMIT_WINDOW;
    }

    /// @inheritdoc IProposalLedger
    function reviewFeeOf(uint256 proposalId) external view returns (uint256) {
        return _proposal(proposalId).reviewFee;
    }

    /// @inheritdoc IProposalLedger
    function quoteReward(uint256 proposalId, int256 verifiedAggregateScore) external view returns (uint256) {
        ProposalRecord storage proposal = _proposal(proposalId);
        IProjectRegistry projects = IProjectRegistry(registry);
        uint256 projectId = proposal.projectId;
        (uint256 improvement, bool meets) = projects.improvementOf(projectId, verifiedAggregateScore);
        if (!meets) return 0;
        IProjectRegistry.ProjectConfig memory config = projects.getProjectConfig(projectId);
        // (an approval with a score that does not reproduce the claim reverts: it pays nothing)
        if (!Scores.reproduces(proposal.claimedAggregateScore, verifiedAggregateScore, config.tolerancePpm)) return 0;
        IProjectRegistry.Project memory project = projects.getProject(projectId);
        (uint256 progressBefore,) = Scores.improvementOver(
            config.lowerIsBetter, project.currentBestAggregateScore, project.baselineAggregateScore
        );
        IProjectRegistry.ApprovalTerms memory terms = IProjectRegistry.ApprovalTerms({
            token: project.token,
            previousBest: project.currentBestAggregateScore,
            improvement: improvement,
            rewardRule: config.rewardRule,
            rewardBps: config.rewardBps,
            impactTarget: config.impactTarget,
            tolerancePpm: config.tolerancePpm,
            progressBefore: progressBefore
        });
        return _reward(terms, IProjectToken(project.token).minerPoolCap());
    }

    // ------------------------------------------------------------------ internal: proposals

    /**
     * @dev Lets the ledger take `stake` of the sender's project tokens by an EIP-2612 permit. A permit
     * can be front-run (its signature is public once sent), so a failing one is ignored: the transfer
     * that follows still fails cleanly if no allowance results.
     */
    function _permitStake(uint256 projectId, uint256 stake, uint256 deadline, uint8 v, bytes32 r, bytes32 s) private {
        address token = IProjectRegistry(registry).tokenOf(projectId);
        try IERC20Permit(token).permit(msg.sender, address(this), stake, deadline, v, r, s) {} catch {}
    }

    /// @dev Checks the commitment of the sender's values and reveals it with the commitment's priority.
    function _reveal(
        uint256 projectId,
        bytes32 codeHash,
        bytes32 benchmarkLogHash,
        int256 claimedAggregateScore,
        uint256 stake,
        address rewardRecipient,
        bytes32 salt
    ) private returns (uint256 proposalId) {
        bytes32 commitment = commitmentOf(
            msg.sender, projectId, codeHash, benchmarkLogHash, claimedAggregateScore, stake, rewardRecipient, salt
        );
        uint256 packed = _commitments[commitment];
        if (packed == 0) revert ProposalLedgerUnknownCommitment(commitment);
        uint256 committedTime = packed >> 128;
        if (uint128(packed) == block.number) revert ProposalLedgerRevealTooEarly(commitment);
        uint256 deadline = committedTime + COMMIT_WINDOW;
        if (block.timestamp > deadline) revert ProposalLedgerRevealTooLate(commitment, deadline);
        delete _commitments[commitment];
        proposalId =
            _submit(projectId, codeHash, benchmarkLogHash, claimedAggregateScore, stake, rewardRecipient, committedTime, true);
        emit ProposalRevealed(proposalId, commitment, committedTime);
    }

    /**
     * @dev Records a proposal with priority time `priority` (its `submittedAt`): now for a direct
     * submit, the commitment's time for a reveal. A root's earlier-priority proposal wins; a
     * later-priority one (necessarily still unclaimable, so Submitted) is displaced and refunded.
     */
    function _submit(
        uint256 projectId,
        bytes32 codeHash,
        bytes32 benchmarkLogHash,
        int256 claimedAggregateScore,
        uint256 stake,
        address rewardRecipient,
        uint256 priority,
        bool revealed
    ) private returns (uint256 proposalId) {
        IProjectRegistry projects = IProjectRegistry(registry);
        (address token, uint256 minStake, uint256 quorum) = projects.submissionTerms(projectId);
        if (stake == 0) revert ZeroStake();
        // Each review seat earns `minStake`: a rejection pays them all from the stake.
        if (stake < minStake * quorum) revert ProposalLedgerStakeBelowMinimum(stake, minStake * quorum);
        if (codeHash == bytes32(0) || benchmarkLogHash == bytes32(0)) revert ProposalLedgerZeroHash();
        uint256 existing = _codeSubmissions[projectId][codeHash];
        if (existing != 0) {
            ProposalRecord storage holder = _proposals[existing - 1];
            // A direct submit's priority is now: any holder came first.
            if (!revealed) revert ProposalLedgerDuplicateCode(projectId, codeHash, existing - 1);
            if (holder.submittedAt <= priority || holder.status != Status.Submitted) {
                revert ProposalLedgerRootCommittedEarlier(projectId, codeHash, existing - 1);
            }
        }
        if (
            rewardRecipient == token || rewardRecipient == address(this) || rewardRecipient == registry
                || rewardRecipient == verifierRegistry
        ) revert ProposalLedgerProtocolRecipient(rewardRecipient);
        // Seats exclude the reward recipient: naming a big honest verifier would steer the draw.
        if (
            quorum > 1 && rewardRecipient != address(0) && rewardRecipient != msg.sender
                && IVerifierRegistry(verifierRegistry).isBonded(rewardRecipient)
        ) revert ProposalLedgerBondedRecipient(rewardRecipient);
        int256 best = projects.currentBestAggregateScore(projectId);
        (, bool improves) = projects.improvementOf(projectId, claimedAggregateScore);
        if (!improves) revert ProposalLedgerClaimNotImproving(projectId, claimedAggregateScore, best);

        proposalId = nextProposalId++;
        _codeSubmissions[projectId][codeHash] = proposalId + 1;
        ProposalRecord storage proposal = _proposals[proposalId];
        // Project ids are sequential from 0, far below 2^48.
        proposal.miner = msg.sender;
        proposal.projectId = uint48(projectId);
        proposal.submittedAt = uint40(priority);
        proposal.stake = stake.toUint48();
        // minStake <= stake < 2^48 (checked above), so the fee fits and never exceeds the stake.
        proposal.reviewFee = uint48(minStake);
        // At most MAX_REVIEW_QUORUM (9); the one-reviewer default writes nothing.
        if (quorum > 1) proposal.reviewQuorum = uint8(quorum);
        if (rewardRecipient != address(0) && rewardRecipient != msg.sender) proposal.rewardRecipient = rewardRecipient;
        proposal.codeHash = codeHash;
        proposal.benchmarkLogHash = benchmarkLogHash;
        proposal.claimedAggregateScore = _toScore(claimedAggregateScore);
        // The registry stores scores as int128, so the best always fits.
        proposal.bestAtSubmission = int128(best);
        VerifierPool storage pool = _pools[projectId];
        if (pool.token == address(0)) pool.token = token;
        _enqueue(projectId, proposalId, priority);

        emit ProposalSubmitted(
            proposalId,
            projectId,
            msg.sender,
            rewardRecipient == address(0) ? msg.sender : rewardRecipient,
            codeHash,
            claimedAggregateScore,
            stake
        );
        emit ProposalLogRecorded(proposalId, benchmarkLogHash);
        IERC20(token).safeTransferFrom(msg.sender, address(this), stake);
        if (existing != 0) _displace(existing - 1, proposalId, token);
    }

    /// @dev The root went to an earlier commitment: `proposalId` (still Submitted) ends, its stake refunded.
    function _displace(uint256 proposalId, uint256 byProposalId, address token) private {
        ProposalRecord storage proposal = _proposals[proposalId];
        _close(proposal, proposalId, Status.Submitted, Status.Displaced);
        address miner = proposal.miner;
        uint256 stake = proposal.stake;
        emit ProposalDisplaced(proposalId, byProposalId, miner, stake);
        IERC20(token).safeTransfer(miner, stake);
    }

    /**
     * @dev Puts an open proposal in its project's queue after every open proposal whose priority is
     * not later (equal priorities keep their reveal order). A reveal comes within `COMMIT_WINDOW` of
     * its priority, so the walk from the end passes only proposals revealed since then: usually none.
     */
    function _enqueue(uint256 projectId, uint256 proposalId, uint256 priority) private {
        OpenQueue storage queue = _openQueues[projectId];
        uint64 previous = queue.last;
        while (previous != 0 && _proposals[previous - 1].submittedAt > priority) {
            previous = _openLinks[previous - 1].previous;
        }
        uint64 next = previous == 0 ? queue.first : _openLinks[previous - 1].next;
        uint64 node = uint64(proposalId + 1);
        _openLinks[proposalId] = OpenLinks({previous: previous, next: next});
        if (previous == 0) queue.first = node;
        else _openLinks[previous - 1].next = node;
        if (next == 0) queue.last = node;
        else _openLinks[next - 1].previous = node;
    }

    /// @dev Settles an open proposal (`from` Submitted or Reviewing) and takes it out of its project's queue.
    function _close(ProposalRecord storage proposal, uint256 proposalId, Status from, Status to) private {
        _setStatus(proposal, from, to);
        OpenLinks memory links = _openLinks[proposalId];
        OpenQueue storage queue = _openQueues[proposal.projectId];
        if (links.previous == 0) queue.first = links.next;
        else _openLinks[links.previous - 1].next = links.next;
        if (links.next == 0) queue.last = links.previous;
        else _openLinks[links.next - 1].previous = links.previous;
        delete _openLinks[proposalId];
    }

    /// @dev The end of the review window, counting the claims that ended (not the current one).
    function _windowEnd(ProposalRecord storage proposal) private view returns (uint256) {
        return uint256(proposal.submittedAt) + EXPIRY_WINDOW + proposal.expiryExtension;
    }

    /// @dev When the proposal may be expired if its current claim, if any, runs to its end.
    function _expiresAt(ProposalRecord storage proposal) private view returns (uint256) {
        uint256 end = _windowEnd(proposal);
        if (proposal.status == Status.Reviewing && proposal.claimStopsClock) end += REVIEW_LOCK;
        return end;
    }

    /// @dev The one place a status changes; `from` is the only status the transition accepts.
    function _setStatus(ProposalRecord storage proposal, Status from, Status to) private {
        if (proposal.status != from) revert WrongStatus();
        proposal.status = to;
    }

    /**
     * @dev Supersede is for a reproduced, real improvement that another approval overtook: the
     * verified score reproduces the claim within the project's tolerance, beat the best at
     * submission by the minimum improvement, and no longer beats the current best by it.
     */
    function _checkSupersedable(ProposalRecord storage proposal, uint256 proposalId, int256 verified) private view {
        IProjectRegistry projects = IProjectRegistry(registry);
        uint256 projectId = proposal.projectId;
        IProjectRegistry.ProjectConfig memory config = projects.getProjectConfig(projectId);
        int256 claimed = proposal.claimedAggregateScore;
        if (!Scores.reproduces(claimed, verified, config.tolerancePpm)) {
            revert ProposalLedgerClaimNotReproduced(proposalId, claimed, verified);
        }
        int256 bestAtSubmission = proposal.bestAtSubmission;
        if (!Scores.beats(config.lowerIsBetter, verified, bestAtSubmission, config.minImprovement)) {
            revert ProposalLedgerNeverBeatTheBest(proposalId, verified, bestAtSubmission);
        }
        (, bool stillImproves) = projects.improvementOf(projectId, verified);
        if (stillImproves) revert ProposalLedgerNotSuperseded(proposalId);
    }

    /// @dev The caller must hold a live claim on the proposal and still be allowlisted.
    function _checkSettler(ProposalRecord storage proposal) private view {
        if (proposal.status != Status.Reviewing) revert WrongStatus();
        if (msg.sender != proposal.reviewer) revert WrongReviewer();
        if (block.timestamp >= proposal.reviewLockUntil) revert LockExpired();
        _checkVerifier();
    }

    function _checkVerifier() private view {
        if (!IVerifierRegistry(verifierRegistry).isVerifier(msg.sender)) revert NotVerifier();
    }

    function _configOf(ProposalRecord storage proposal) private view returns (IProjectRegistry.ProjectConfig memory) {
        return IProjectRegistry(registry).getProjectConfig(proposal.projectId);
    }

    function _proposal(uint256 proposalId) private view returns (ProposalRecord storage) {
        if (proposalId >= nextProposalId) revert UnknownProposal();
        return _proposals[proposalId];
    }

    function _recipientOf(ProposalRecord storage proposal) private view returns (address) {
        address recipient = proposal.rewardRecipient;
        return recipient == address(0) ? proposal.miner : recipient;
    }

    function _toScore(int256 score) private pure returns (int128) {
        if (score > type(int128).max || score < type(int128).min) revert ProposalLedgerScoreOutOfRange(score);
        return int128(score);
    }

    /**
     * @dev The miner's reward under the project's `Impact` schedule (the only rule a project can have):
     * `paid(x) = share * min(x, T) / T` minted by the time the best has come `x` from the baseline,
     * with `share` the pool's `rewardBps` and `T` the impact target; an approval from `x1` to `x2`
     * mints `paid(x2) - paid(x1)`. The differences telescope, so splitting an improvement pays exactly
     * what the whole does, and they sum to at most the share: within the pool, never past it.
     */
    function _reward(IProjectRegistry.ApprovalTerms memory terms, uint256 minerPoolCap) private pure returns (uint256) {
        uint256 share = minerPoolCap * terms.rewardBps / BPS_DENOMINATOR;
        uint256 target = terms.impactTarget;
        uint256 before = terms.progressBefore;
        uint256 paidBefore = Math.mulDiv(share, Math.min(before, target), target);
        return Math.mulDiv(share, Math.min(before + terms.improvement, target), target) - paidBefore;
    }

    // ------------------------------------------------------------------ internal: verifier pay

    /**
     * @dev Credits each payee (the reviewer, or a quorum's seats that agreed with the outcome) with the
     * proposal's review fee and one settled review; returns the part of the fees taken from the stake.
     * `fundFirst` (approvals only) takes the fees from the project's fee fund while it lasts.
     */
    function _payReviewFees(
        ProposalRecord storage proposal,
        uint256 projectId,
        uint256 proposalId,
        bool fundFirst,
        address[] memory payees
    ) private returns (uint256 fromStake) {
        uint256 fee = proposal.reviewFee;
        VerifierPool storage pool = _pools[projectId];
        for (uint256 i; i < payees.length; ++i) {
            address payee = payees[i];
            uint256 fromFund;
            if (fundFirst) {
                fromFund = Math.min(fee, pool.fund);
                if (fromFund != 0) pool.fund -= uint128(fromFund);
            }
            fromStake += fee - fromFund;
            VerifierShare storage share = _shares[projectId][payee];
            // Fees are whole tokens of a supply below 2^48: owed fits in 128 bits.
            share.owed += uint128(fee);
            uint64 reviews = share.reviews + 1;
            share.reviews = reviews;
            pool.settledReviews += 1;
            emit ReviewSettled(projectId, proposalId, payee, reviews);
            emit ReviewFeePaid(projectId, proposalId, payee, fee, fromFund);
        }
    }

    /// @dev `[account]`: the payees of a single reviewer's settlement.
    function _only(address account) private pure returns (address[] memory payees) {
        payees = new address[](1);
        payees[0] = account;
    }

    /// @dev Burns `SLASH_BPS_TO_BURN` of `amount` and puts the rest (the odd token included) in the fee fund.
    function _slash(uint256 projectId, uint256 proposalId, uint256 amount) private {
        uint256 burned = amount * SLASH_BPS_TO_BURN / BPS_DENOMINATOR;
        uint256 toFund = amount - burned;
        VerifierPool storage pool = _pools[projectId];
        pool.totalInflow += uint128(toFund);
        uint128 fund = pool.fund + uint128(toFund);
        pool.fund = fund;
        emit StakeSlashed(proposalId, address(this), toFund, burned);
        emit VerifierPoolFunded(projectId, proposalId, toFund, fund);
        if (burned != 0) IProjectToken(pool.token).burnFromLedger(burned);
    }
}
