// SPDX-License-Identifier: MIT
// contracts/interfaces/IProposalLedger.sol
pragma solidity ^0.8.28;

/**
 * @dev Proposals: a miner stakes project tokens behind a code root and a claimed score; an
 * allowlisted verifier claims it, re-runs the benchmark and settles it. The reference protocol's
 * shapes (functions, events, errors, constants and status numbers 0..4) are kept; `Superseded` (5)
 * is appended.
 */
interface IProposalLedger {
    enum Status {
        Submitted,
        Reviewing,
        Approved,
        Rejected,
        Expired,
        Superseded,
        Displaced
    }

    /// @notice The reference protocol's proposal tuple, as `getProposal` returns it.
    struct Proposal {
        uint256 projectId;
        address miner;
        address rewardRecipient;
        bytes32 codeHash;
        bytes32 benchmarkLogHash;
        bytes32 metricsHash;
        int256 claimedAggregateScore;
        int256 verifiedAggregateScore;
        uint256 stake;
        uint64 submittedAt;
        uint64 reviewLockUntil;
        address reviewer;
        Status status;
    }

    /// @notice A project's verifier pool, as `getVerifierPool` returns it: review fees owed and paid,
    /// and the fee fund (the pooled part of slashes, which pays the fees of approvals).
    struct VerifierPoolView {
        address token;
        uint256 settledReviews;
        uint256 totalInflow;
        uint256 totalClaimed;
        uint256 fund;
    }

    // ------------------------------------------------------------------ reference errors

    error ExpiryNotReached();
    error LockActive();
    error LockExpired();
    error NotVerifier();
    error NothingToClaim();
    error RegistryZero();
    error ScoreNotImproved();
    error UnknownProject();
    error UnknownProposal();
    error VerifierRegistryZero();
    error WrongReviewer();
    error WrongStatus();
    error ZeroStake();

    // ------------------------------------------------------------------ added errors

    /// @notice Thrown when a verifier tries to claim a proposal it submitted or would be rewarded by.
    error ProposalLedgerConflictedReviewer(uint256 proposalId, address verifier);
    /// @notice Thrown when a code root was already submitted to the project (the first submitter wins).
    error ProposalLedgerDuplicateCode(uint256 projectId, bytes32 codeHash, uint256 existingProposalId);
    /// @notice Thrown when a stake is below the project's minimum.
    error ProposalLedgerStakeBelowMinimum(uint256 stake, uint256 minStake);
    /// @notice Thrown when a code or log root is zero.
    error ProposalLedgerZeroHash();
    /// @notice Thrown when a verifier that held the claim on this proposal (released, or let lapse)
    /// claims it again before `claimableAt` (`REVIEW_LOCK` after its claim ended), so others get that
    /// long to claim it first.
    error ProposalLedgerClaimedBefore(uint256 proposalId, address verifier, uint256 claimableAt);
    /// @notice Thrown when claiming a proposal whose expiry has passed (it can only be expired now).
    error ProposalLedgerPastExpiry(uint256 proposalId, uint256 expiresAt);
    /// @notice Thrown when superseding a proposal whose verified score still beats the current best by
    /// the project's minimum (approve it instead).
    error ProposalLedgerNotSuperseded(uint256 proposalId);
    /// @notice Thrown when superseding a proposal whose verified score did not beat the best it faced
    /// at submission by the project's minimum: it never was an improvement, so it is a rejection.
    error ProposalLedgerNeverBeatTheBest(uint256 proposalId, int256 verifiedScore, int256 bestAtSubmission);
    /// @notice Thrown when approving or superseding with a verified score farther from the claim than the
    /// project's tolerance (`ProjectConfig.tolerancePpm`): the claim was not reproduced, so it is a rejection.
    error ProposalLedgerClaimNotReproduced(uint256 proposalId, int256 claimedScore, int256 verifiedScore);
    /// @notice Thrown when a claimed score does not beat the project's current best by its minimum
    /// improvement at submission.
    error ProposalLedgerClaimNotImproving(uint256 projectId, int256 claimedScore, int256 currentBest);
    /// @notice Thrown when the reward recipient is a contract of the protocol (the project token, the
    /// ledger, a registry), which could never receive or use the reward.
    error ProposalLedgerProtocolRecipient(address recipient);
    /// @notice Thrown when a claimed or verified score does not fit in 128 bits.
    error ProposalLedgerScoreOutOfRange(int256 score);
    /// @notice Thrown when a reveal matches no commitment of the sender (wrong values or salt, or never committed).
    error ProposalLedgerUnknownCommitment(bytes32 commitment);
    /// @notice Thrown when a reveal comes in the block of its commitment (it must be mined first).
    error ProposalLedgerRevealTooEarly(bytes32 commitment);
    /// @notice Thrown when a reveal comes after its commitment's window (`COMMIT_WINDOW`) closed.
    error ProposalLedgerRevealTooLate(bytes32 commitment, uint256 deadline);
    /// @notice Thrown when a code root already belongs to a proposal with an earlier commitment or submission.
    error ProposalLedgerRootCommittedEarlier(uint256 projectId, bytes32 codeHash, uint256 existingProposalId);
    /// @notice Thrown when a proposal is claimed before `reviewableAt` (earlier commitments of its root may still be revealed).
    error ProposalLedgerNotYetReviewable(uint256 proposalId, uint256 reviewableAt);
    /// @notice Thrown when a proposal is approved while a proposal of the same project with an earlier
    /// priority is still open: approvals go in priority order, so a copy of a miner's bundle (one byte
    /// changed, committed later) cannot be approved before the original.
    error ProposalLedgerEarlierProposalOpen(uint256 proposalId, uint256 earlierProposalId);
    /// @notice Thrown when the review quorum address given at construction is zero.
    error ProposalLedgerReviewQuorumZero();
    /// @notice Thrown when a verifier claims a proposal of a project reviewed by a quorum: its seats are
    /// drawn by the review quorum contract, nobody claims them.
    error ProposalLedgerReviewedByQuorum(uint256 proposalId);
    /// @notice Thrown when someone other than the review quorum contract holds or settles a quorum review.
    error ProposalLedgerNotReviewQuorum(address caller);
    /// @notice Thrown when the review quorum holds a proposal of a project with a single reviewer.
    error ProposalLedgerNotQuorumReviewed(uint256 proposalId);
    /// @notice Thrown when a proposal on a quorum-reviewed project names a bonded verifier (other than the
    /// miner) as its reward recipient: recipients are excluded from the seats, so naming one would steer
    /// the draw.
    error ProposalLedgerBondedRecipient(address recipient);

    // ------------------------------------------------------------------ reference events

    event ProposalSubmitted(
        uint256 indexed id,
        uint256 indexed projectId,
        address indexed miner,
        address rewardRecipient,
        bytes32 codeHash,
        int256 claimedAggregateScore,
        uint256 stake
    );
    event ReviewClaimed(uint256 indexed id, address indexed verifier, uint64 reviewLockUntil);
    event ReviewReleased(uint256 indexed id);
    event ProposalApproved(uint256 indexed id, address indexed verifier, int256 verifiedAggregateScore, bytes32 metricsHash);
    event ProposalRejected(uint256 indexed id, address indexed verifier, bytes32 metricsHash);
    event ProposalExpired(uint256 indexed id, address indexed cranker);
    /// @dev `beneficiary` is this ledger: `toVerifierPool` joins the project's fee fund (it pays the
    /// review fees of later approvals), `burned` is burned. The review fee is not part of either.
    event StakeSlashed(uint256 indexed id, address indexed beneficiary, uint256 toVerifierPool, uint256 burned);
    event RewardClaimed(uint256 indexed projectId, address indexed account, uint256 amount);

    // ------------------------------------------------------------------ added events

    /// @notice The benchmark log root of a new proposal (not in the reference event).
    event ProposalLogRecorded(uint256 indexed id, bytes32 benchmarkLogHash);
    /// @notice Who released a claim and whether it had lapsed (the reviewer cannot claim it again).
    event ReviewReleasedBy(uint256 indexed id, address indexed reviewer, address indexed caller, bool lapsed);
    /// @notice The amounts of an approval: stake returned to the miner, reward minted to the recipient.
    event ProposalPaid(
        uint256 indexed id, address indexed miner, uint256 stakeReturned, address indexed rewardRecipient, uint256 reward
    );
    /// @notice What an approval moved: the best before it, the new best and the improvement between
    /// them in the project's direction (emitted just before `ProposalApproved`), so nothing is recomputed.
    event ProposalImproved(
        uint256 indexed id, uint256 indexed projectId, int256 previousBest, int256 newBest, uint256 improvement
    );
    /// @notice A reproduced proposal overtaken by another approval: stake back, no reward, no slash.
    event ProposalSuperseded(
        uint256 indexed id, address indexed verifier, int256 verifiedAggregateScore, bytes32 metricsHash, uint256 stakeReturned
    );
    /// @notice A claim that stopped the expiry clock ended: the proposal now expires at `expiresAt`
    /// (the time the claim was held was added back to the review window).
    event ProposalExpiryMoved(uint256 indexed id, uint256 expiresAt);
    /// @notice A verifier settled a review on a project (`verifierReviews`: its count there).
    event ReviewSettled(uint256 indexed projectId, uint256 indexed id, address indexed verifier, uint256 verifierReviews);
    /// @notice The reviewer of `id` earned the project's review fee (claimable with `claimReward`), the
    /// same for every verdict; `fromFund` of it came from the project's fee fund, the rest from the stake.
    event ReviewFeePaid(
        uint256 indexed projectId, uint256 indexed id, address indexed verifier, uint256 fee, uint256 fromFund
    );
    /// @notice The pooled part of a slash joined the project's fee fund; `fund` is the fund after it.
    event VerifierPoolFunded(uint256 indexed projectId, uint256 indexed id, uint256 amount, uint256 fund);
    /// @notice An expired proposal: nobody reviewed it in its window, so its stake went back whole.
    event ProposalRefunded(uint256 indexed id, address indexed miner, uint256 stakeReturned);
    /// @notice A miner committed to a proposal it will reveal (`commitment` binds its address and every value).
    event ProposalCommitted(bytes32 indexed commitment, address indexed miner, uint256 committedAt);
    /// @notice A proposal revealed from an earlier commitment; its priority (and `submittedAt`) is the commitment's time.
    event ProposalRevealed(uint256 indexed id, bytes32 indexed commitment, uint256 submittedAt);
    /// @notice A proposal lost its code root to an earlier commitment of it revealed later (its stake went back
    /// whole): the root belongs to whoever committed to it first.
    event ProposalDisplaced(uint256 indexed id, uint256 indexed byProposalId, address indexed miner, uint256 stakeReturned);

    // ------------------------------------------------------------------ reference functions

    function REVIEW_LOCK() external view returns (uint64);
    function EXPIRY_WINDOW() external view returns (uint64);
    function SLASH_BPS_TO_BURN() external view returns (uint16);
    function SLASH_BPS_TO_VERIFIER_POOL() external view returns (uint16);
    function BPS_DENOMINATOR() external view returns (uint16);
    function registry() external view returns (address);
    function verifierRegistry() external view returns (address);
    function nextProposalId() external view returns (uint256);

    /// @notice Stakes `stake` project tokens (approved beforehand) behind `codeHash` and a claimed score,
    /// which must beat the current best by the project's minimum improvement. A zero `rewardRecipient`
    /// means the sender; a contract of the protocol is refused.
    function submit(
        uint256 projectId,
        bytes32 codeHash,
        bytes32 benchmarkLogHash,
        int256 claimedAggregateScore,
        uint256 stake,
        address rewardRecipient
    ) external returns (uint256 proposalId);
    /// @notice Verifier only: takes the review of a submitted proposal for `REVIEW_LOCK`. A verifier's
    /// first claim stops the expiry clock while it is held; a re-claim (allowed `REVIEW_LOCK` after its
    /// last claim ended) does not, and its lock ends by the expiry.
    function claimReview(uint256 proposalId) external;
    /// @notice The reviewer settles: records the measured score as the new best, returns the stake and
    /// mints the reward (capped at what remains of the miner pool). The reviewer earns the project's
    /// review fee, paid from the project's fee fund while it lasts, else from the stake. With
    /// `SINGLE_REVIEW_APPEALS` this only decides (the score must reproduce the claim and beat the best):
    /// the review quorum locks a seat lock of the reviewer's bond and the approval is pending until its
    /// appeal window ends (`IReviewQuorum.finalize`) or an appeal settles it; so are `reject` and `supersede`.
    function approve(uint256 proposalId, int256 verifiedAggregateScore, bytes32 metricsHash) external;
    /// @notice The reviewer settles: the reviewer earns the review fee from the stake (as for any
    /// verdict); the rest is slashed, `SLASH_BPS_TO_BURN` burned and `SLASH_BPS_TO_VERIFIER_POOL` to the
    /// project's fee fund (which pays the fees of later approvals, never a share to the rejecter).
    function reject(uint256 proposalId, bytes32 metricsHash) external;
    /// @notice The reviewer gives the claim back at once, without penalty; anyone may release a lapsed
    /// claim. Either way the proposal can be claimed again, by another verifier.
    function releaseReview(uint256 proposalId) external;
    /// @notice Anyone, after `EXPIRY_WINDOW` plus the time first claims held it (`expiresAt`), and once
    /// any live claim lapsed: nobody reviewed the proposal in its window, so the stake goes back whole
    /// (no verifier earns from letting a proposal expire, and no miner pays for it).
    function expire(uint256 proposalId) external;
    /// @notice Pays the caller the review fees it earned on the project (`claimable`).
    function claimReward(uint256 projectId) external returns (uint256 amount);
    function claimable(uint256 projectId, address account) external view returns (uint256);
    function getProposal(uint256 proposalId) external view returns (Proposal memory);

    // ------------------------------------------------------------------ added functions

    /// @notice `submit` after an EIP-2612 permit for `stake`: one signature, one transaction. A permit
    /// that fails (say, front-run) is ignored when the allowance is already there.
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
    ) external returns (uint256 proposalId);
    /// @notice The reviewer settles a reproduced proposal that another approval overtook: the verified
    /// score falls short of the claim by at most the project's minimum improvement, beat the best at
    /// submission by that minimum, and no longer beats the current best. Anything else is a rejection.
    /// The stake goes back less the review fee.
    function supersede(uint256 proposalId, int256 verifiedAggregateScore, bytes32 metricsHash) external;
    /// @notice Step one of a submission nobody can take: commits to `commitmentOf(...)` before the code root
    /// or log is public (compute the roots locally, commit, wait for it to be mined, upload, then reveal
    /// within `COMMIT_WINDOW`). Costs no stake; the stake moves at the reveal.
    function commitProposal(bytes32 commitment) external;
    /// @notice Step two: reveals the committed proposal (the same values as `submit`, plus the salt). The
    /// proposal's priority is its commitment's time: it takes the root from a later submission of it that
    /// is still waiting to become reviewable (that one is displaced, its stake refunded).
    function revealProposal(
        uint256 projectId,
        bytes32 codeHash,
        bytes32 benchmarkLogHash,
        int256 claimedAggregateScore,
        uint256 stake,
        address rewardRecipient,
        bytes32 salt
    ) external returns (uint256 proposalId);
    /// @notice `revealProposal` after an EIP-2612 permit for `stake`.
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
    ) external returns (uint256 proposalId);
    /// @notice The commitment `miner` makes for these values: keccak256 of the chain id, this ledger and
    /// every value, so it cannot be replayed elsewhere or revealed by anyone else.
    function commitmentOf(
        address miner,
        uint256 projectId,
        bytes32 codeHash,
        bytes32 benchmarkLogHash,
        int256 claimedAggregateScore,
        uint256 stake,
        address rewardRecipient,
        bytes32 salt
    ) external view returns (bytes32);
    /// @notice When `commitment` was made (0: never, or already revealed).
    function committedAt(bytes32 commitment) external view returns (uint256);
    /// @notice When the proposal may first be claimed: its priority time plus `COMMIT_WINDOW`, so an
    /// earlier commitment of its root has had its whole window to be revealed.
    function reviewableAt(uint256 proposalId) external view returns (uint256);
    /// @notice How long a commitment may wait for its reveal, and a proposal for its first claim.
    function COMMIT_WINDOW() external view returns (uint64);
    /// @notice The open proposal (Submitted or Reviewing) of `proposalId`'s project with the earliest
    /// priority, if it came before `proposalId`: `proposalId` cannot be approved until it is settled.
    function openProposalBefore(uint256 proposalId) external view returns (bool exists, uint256 earlierProposalId);
    /// @notice The proposal that first submitted `codeHash` to `projectId`, if any.
    function proposalOfCode(uint256 projectId, bytes32 codeHash) external view returns (bool exists, uint256 proposalId);
    /// @notice When the proposal may be expired if its current claim, if any, runs to its end:
    /// `submittedAt + EXPIRY_WINDOW` plus the time verifiers' first claims held it.
    function expiresAt(uint256 proposalId) external view returns (uint256);
    /// @notice The best score the proposal faced when it was submitted (what a supersede is judged against).
    function bestAtSubmissionOf(uint256 proposalId) external view returns (int256);
    /// @notice Reviews `verifier` settled on `projectId`.
    function settledReviewsOf(uint256 projectId, address verifier) external view returns (uint256);
    function getVerifierPool(uint256 projectId) external view returns (VerifierPoolView memory);
    /// @notice What an approval of `proposalId` with `verifiedAggregateScore` would mint now (0 if it would not pass).
    function quoteReward(uint256 proposalId, int256 verifiedAggregateScore) external view returns (uint256);
    /// @notice The fee the reviewer of `proposalId` earns for any verdict: the project's minimum stake
    /// when the proposal was submitted.
    function reviewFeeOf(uint256 proposalId) external view returns (uint256);
    /// @notice The review quorum contract: the only settler of proposals on projects with a quorum above
    /// one, and of single reviewers' verdicts when `SINGLE_REVIEW_APPEALS`.
    function reviewQuorum() external view returns (address);
    /// @notice Whether a single reviewer's verdict waits out an appeal window (set at deploy; off, it settles at once).
    function SINGLE_REVIEW_APPEALS() external view returns (bool);
    /// @notice Review quorum only: takes a reviewable proposal of a quorum project into review once its
    /// seats are drawn (status Reviewing, reviewer the quorum contract; the expiry clock stands still).
    function holdForQuorum(uint256 proposalId) external;
    /// @notice Review quorum only: settles a held proposal on its final measurement (`ran` false: the
    /// benchmark could not run it) by the rules of `verdictOf`, paying each of `payees` (the seats that
    /// agreed with the outcome; a verifier holding several seats is listed once per seat) the review fee.
    function settleByQuorum(uint256 proposalId, bool ran, int256 median, address[] calldata payees)
        external
        returns (Status verdict);
    /// @notice The verdict a measurement implies now, by the one-reviewer rules: Approved when it
    /// reproduces the claim within the project's tolerance and beats the current best by the minimum,
    /// Superseded when it reproduces the claim and beat the best at submission but no longer beats the
    /// current best, Rejected otherwise (or when `ran` is false).
    function verdictOf(uint256 proposalId, bool ran, int256 measured) external view returns (Status);
}
