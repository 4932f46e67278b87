// SPDX-License-Identifier: MIT
// contracts/interfaces/IReviewQuorum.sol
pragma solidity ^0.8.28;

import {IProposalLedger} from "./IProposalLedger.sol";

/**
 * @dev Review by a quorum on projects whose `reviewQuorum` (`k`) is above one: `k` seats drawn from the
 * bonded verifiers, each committing its measured score and then revealing it, settled on the median,
 * final after an appeal window in which anyone may have a fresh quorum of `2k + 1` re-run it. On a
 * one-reviewer project (`k = 1`) the claimer's verdict is recorded here as a first round of one seat
 * (`recordDecision`) and is appealable the same way, by three fresh seats.
 */
interface IReviewQuorum {
    /// @notice Where a proposal's quorum review stands. `Drawing`, `Committing` and `Revealing` repeat for
    /// the appeal round; `Decided` is the first round's outcome waiting out the appeal window.
    enum Phase {
        None,
        Drawing,
        Committing,
        Revealing,
        Decided,
        Final
    }

    /// @notice A proposal's review, as `reviewOf` returns it.
    struct ReviewView {
        Phase phase;
        /// @dev 0: the first quorum; 1: the appeal quorum.
        uint8 round;
        /// @dev `k`: seats in the first round (the appeal round has `2k + 1`).
        uint8 quorum;
        /// @dev Replacement draws left in this round for seats that did not commit in time.
        uint8 replacementsLeft;
        uint8 committedSeats;
        uint8 revealedSeats;
        /// @dev The block whose hash draws the pending seats (phase Drawing).
        uint64 drawBlock;
        /// @dev The end of the current phase: commits (Committing), reveals (Revealing), appeals (Decided).
        uint64 deadline;
        /// @dev Native bond each seat locks until the review is final.
        uint256 seatLock;
        address appellant;
        uint256 appealBond;
        /// @dev Penalties of replaced idle seats, shared among the agreeing seats when the review is final.
        uint256 pendingPenalties;
        /// @dev The first round's median (`firstRan` false: the median seat found the proposal would not run).
        bool firstRan;
        int256 firstMedian;
    }

    /// @notice A seat, as `seatsOf` returns it (the first round's `k` seats, then the appeal round's).
    struct SeatView {
        address holder;
        uint8 round;
        bool committed;
        bool revealed;
        bool ran;
        int256 score;
    }

    error ReviewQuorumZeroAddress();
    /// @notice Thrown at construction when the ledger or the verifier registry does not point at this contract.
    error ReviewQuorumMiswired();
    /// @notice Thrown at construction when a phase is zero (or the draw delay is zero blocks).
    error ReviewQuorumZeroPhase();
    /// @notice Thrown when a step is taken in another phase than the one it belongs to.
    error ReviewQuorumWrongPhase(uint256 proposalId, Phase phase);
    /// @notice Thrown when a review is requested for a proposal of a one-reviewer project.
    error ReviewQuorumSingleReviewer(uint256 proposalId);
    /// @notice Thrown when a review is requested for a proposal that is not waiting for review.
    error ReviewQuorumNotSubmitted(uint256 proposalId);
    /// @notice Thrown when a review is requested before the proposal is reviewable (`reviewableAt`).
    error ReviewQuorumNotYetReviewable(uint256 proposalId, uint256 reviewableAt);
    /// @notice Thrown when seats are drawn before the draw block has been mined.
    error ReviewQuorumDrawNotYet(uint256 proposalId, uint256 drawBlock);
    /// @notice Thrown when fewer eligible tickets than seats exist (bonded, unconflicted, a free seat lock each).
    error ReviewQuorumTooFewVerifiers(uint256 proposalId, uint256 seats);
    /// @notice Thrown when the sender does not hold `seat` in the current round.
    error ReviewQuorumNotYourSeat(uint256 proposalId, uint256 seat, address sender);
    /// @notice Thrown when a seat commits twice.
    error ReviewQuorumAlreadyCommitted(uint256 proposalId, uint256 seat);
    /// @notice Thrown when a commitment is zero.
    error ReviewQuorumZeroCommitment();
    /// @notice Thrown when a commit comes after the commit deadline.
    error ReviewQuorumCommitClosed(uint256 proposalId, uint256 deadline);
    /// @notice Thrown when the commit phase is ended before its deadline (while seats may still commit).
    error ReviewQuorumCommitOpen(uint256 proposalId, uint256 deadline);
    /// @notice Thrown when a seat that did not commit reveals.
    error ReviewQuorumNotCommitted(uint256 proposalId, uint256 seat);
    /// @notice Thrown when a seat reveals twice.
    error ReviewQuorumAlreadyRevealed(uint256 proposalId, uint256 seat);
    /// @notice Thrown when a reveal does not match the seat's commitment (another score, verdict or salt).
    error ReviewQuorumRevealMismatch(uint256 proposalId, uint256 seat);
    /// @notice Thrown when a reveal comes after the reveal deadline.
    error ReviewQuorumRevealClosed(uint256 proposalId, uint256 deadline);
    /// @notice Thrown when a round is closed while committed seats may still reveal.
    error ReviewQuorumRevealOpen(uint256 proposalId, uint256 deadline);
    /// @notice Thrown when a measured score does not fit in 128 bits.
    error ReviewQuorumScoreOutOfRange(int256 score);
    /// @notice Thrown when an appeal comes after the appeal window.
    error ReviewQuorumAppealClosed(uint256 proposalId, uint256 deadline);
    /// @notice Thrown when an appeal carries another amount than `appealBondOf`.
    error ReviewQuorumWrongAppealBond(uint256 sent, uint256 required);
    /// @notice Thrown when a review is finalized before its appeal window ends.
    error ReviewQuorumAppealWindowOpen(uint256 proposalId, uint256 deadline);
    /// @notice Thrown when an account with nothing owed withdraws.
    error ReviewQuorumNothingOwed(address account);
    /// @notice Thrown when native currency arrives from anyone but the verifier registry (seized bonds).
    error ReviewQuorumUnexpectedPayment(address sender);
    /// @notice Only the proposal ledger records a single reviewer's verdict.
    error ReviewQuorumNotLedger(address caller);

    /// @notice Seats for `round` will be drawn from the hash of `drawBlock` (anyone calls `drawSeats` once it is mined).
    event SeatDrawScheduled(uint256 indexed proposalId, uint8 round, uint256 drawBlock);
    /// @notice `holder` was drawn for `seat`, locking `seatLock` of its bond; it must commit by `commitDeadline`.
    event SeatDrawn(uint256 indexed proposalId, uint256 indexed seat, address indexed holder, uint256 seatLock, uint256 commitDeadline);
    /// @notice The single reviewer of a one-reviewer project decided (its measurement `ran`/`score`;
    /// `ran` false for a rejection), locking `seatLock` of its bond: it stands unless appealed by
    /// `appealDeadline`.
    event DecisionRecorded(
        uint256 indexed proposalId, address indexed reviewer, bool ran, int256 score, uint256 seatLock, uint256 appealDeadline
    );
    /// @notice `holder` committed its measurement for `seat`.
    event ScoreCommitted(uint256 indexed proposalId, uint256 indexed seat, address indexed holder);
    /// @notice `holder` of `seat` did not commit in time: it lost `penalty` of its bond and the seat is drawn again.
    event SeatReplaced(uint256 indexed proposalId, uint256 indexed seat, address indexed holder, uint256 penalty);
    /// @notice Every drawn seat committed (or the commit phase ended): seats reveal until `deadline`.
    event RevealsOpened(uint256 indexed proposalId, uint8 round, uint256 deadline);
    /// @notice `holder` revealed `seat`'s measurement.
    event ScoreRevealed(uint256 indexed proposalId, uint256 indexed seat, address indexed holder, bool ran, int256 score);
    /// @notice A round's median (seats that did not reveal count as the worst): the first round's stands
    /// unless appealed by `appealDeadline` (0 for the appeal round, which is final).
    event RoundClosed(uint256 indexed proposalId, uint8 round, bool ran, int256 median, uint256 appealDeadline);
    /// @notice `appellant` posted `bond` to have the proposal re-run by a fresh quorum of `2k + 1`.
    event ReviewAppealed(uint256 indexed proposalId, address indexed appellant, uint256 bond);
    /// @notice Too few fresh verifiers to seat the appeal quorum: the bond went back and the first round stands.
    event AppealVoided(uint256 indexed proposalId, address indexed appellant, uint256 bond);
    /// @notice `holder`'s seat ended: `paid` says whether it agreed with the final measurement (within the
    /// project's tolerance); `penalty` of its bond was seized when it did not.
    event SeatSettled(uint256 indexed proposalId, uint256 indexed seat, address indexed holder, bool agreed, uint256 penalty);
    /// @notice `account` is owed `amount` more native currency (seized penalties, an appeal bond), withdrawable.
    event PayCredited(uint256 indexed proposalId, address indexed account, uint256 amount);
    /// @notice The review is final: the ledger settled the proposal as `verdict` on the final measurement.
    event ReviewFinalized(
        uint256 indexed proposalId, IProposalLedger.Status verdict, bool ran, int256 median, bool overturned
    );
    /// @notice `account` withdrew what it was owed.
    event PayWithdrawn(address indexed account, uint256 amount);

    function ledger() external view returns (address);
    function verifierRegistry() external view returns (address);
    function registry() external view returns (address);
    /// @notice How long drawn seats have to commit.
    function COMMIT_PHASE() external view returns (uint64);
    /// @notice How long committed seats have to reveal once every seat committed (or the commit phase ended).
    function REVEAL_PHASE() external view returns (uint64);
    /// @notice How long the first round's outcome waits for an appeal before it is final.
    function APPEAL_WINDOW() external view returns (uint64);
    /// @notice Blocks between a request (or an appeal) and the block whose hash draws the seats.
    function DRAW_DELAY_BLOCKS() external view returns (uint64);

    /// @notice Ledger only: records the verdict of a one-reviewer project's claimer as seat 0 of a first
    /// round of one, its measurement the round's median (`ran` false, the worst, for a rejection), locking
    /// a seat lock of the reviewer's bond; the appeal window opens at once.
    function recordDecision(uint256 proposalId, address reviewer, bool ran, int256 score) external;
    /// @notice Anyone: starts the quorum review of a reviewable proposal on a quorum project; seats are
    /// drawn from a block `DRAW_DELAY_BLOCKS` later.
    function requestReview(uint256 proposalId) external;
    /// @notice Anyone, once the draw block is mined: draws the pending seats (or, when that block is older
    /// than the 256 the chain keeps, schedules a new draw block).
    function drawSeats(uint256 proposalId) external;
    /// @notice A seat's holder commits `scoreCommitmentOf(...)` before the commit deadline.
    function commitScore(uint256 proposalId, uint256 seat, bytes32 commitment) external;
    /// @notice Anyone, after the commit deadline when some seat did not commit: those seats lose part of
    /// their lock and are drawn again (once per round); otherwise the reveals open.
    function endCommitPhase(uint256 proposalId) external;
    /// @notice A committed seat reveals its measurement (`ran` false: the proposal could not be run by the
    /// benchmark, which ranks worst) and the salt.
    function revealScore(uint256 proposalId, uint256 seat, bool ran, int256 score, bytes32 salt) external;
    /// @notice Anyone, once every committed seat revealed or the reveal deadline passed: takes the round's median.
    function closeRound(uint256 proposalId) external;
    /// @notice Anyone, within the appeal window, with `appealBondOf` attached: a fresh quorum of `2k + 1`
    /// re-runs the proposal and its median is final.
    function appeal(uint256 proposalId) external payable;
    /// @notice Anyone, after an unappealed appeal window: the first round's median becomes final.
    function finalize(uint256 proposalId) external;
    /// @notice Sends the sender the native currency it is owed (`owedTo`).
    function withdraw() external returns (uint256 amount);

    function reviewOf(uint256 proposalId) external view returns (ReviewView memory);
    function seatsOf(uint256 proposalId) external view returns (SeatView[] memory);
    /// @notice The commitment a seat makes: keccak256 of the chain id, this contract, the proposal, the
    /// seat, its holder and the measurement with a salt (derive the salt from a wallet signature over the
    /// chain, this contract, the proposal and the seat, and it can be recovered anywhere).
    function scoreCommitmentOf(
        uint256 proposalId,
        uint256 seat,
        address holder,
        bool ran,
        int256 score,
        bytes32 salt
    ) external view returns (bytes32);
    /// @notice What a seat on `proposalId` locks of its holder's bond if drawn (or decided) now:
    /// `max(MIN_BOND, (stake + reward quoted for the claim) x spot price)`, what a seat could be tempted
    /// with, in native currency (tokens have no decimals, so a token's value is its spot price).
    function seatLockOf(uint256 proposalId) external view returns (uint256);
    /// @notice The bond an appeal of `proposalId` must carry: the appeal quorum's pay.
    function appealBondOf(uint256 proposalId) external view returns (uint256);
    /// @notice Native currency owed to `account` (withdraw with `withdraw`).
    function owedTo(address account) external view returns (uint256);
}
