// SPDX-License-Identifier: MIT
// contracts/ReviewQuorum.sol
pragma solidity ^0.8.28;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IProjectRegistry} from "./interfaces/IProjectRegistry.sol";
import {IProjectToken} from "./interfaces/IProjectToken.sol";
import {IProposalLedger} from "./interfaces/IProposalLedger.sol";
import {IReviewQuorum} from "./interfaces/IReviewQuorum.sol";
import {IVerifierRegistry} from "./interfaces/IVerifierRegistry.sol";
import {Scores} from "./libraries/Scores.sol";

/**
 * @title ReviewQuorum
 * @dev Review that no single party decides, for projects created with a `reviewQuorum` (`k`) above one.
 * The ledger refuses single claims on those projects; this contract is their only settler.
 *
 * Journey (every step after the request is open to anyone once due, so no review can stall):
 * `requestReview` -> `drawSeats` (k seats) -> `commitScore` by each seat -> (`endCommitPhase` if some
 * seat is idle) -> `revealScore` -> `closeRound` (median) -> appeal window -> `finalize`, or `appeal`
 * -> the same steps with `2k + 1` fresh seats -> `closeRound`, which is final.
 *
 * Seats. Drawn from the bonded verifiers (`VerifierRegistry.drawSeats`): one ticket per whole seat lock
 * of free bond, drawn without replacement, so seats go in proportion to bond and many addresses gain
 * nothing over one. The miner, the reward recipient (the ledger refuses a bonded recipient other than
 * the miner, so naming an honest verifier cannot steer the draw) and the project's creator are
 * excluded, and the appeal round excludes the first round's holders. Each seat locks
 * `max(MIN_BOND, (stake + reward quoted for the claim) x spot price)` of native bond until the review
 * is final, so a verifier's bond backs only as much as it can lose.
 *
 * Randomness. The seed is the hash of a block `DRAW_DELAY_BLOCKS` after the request, unknown when the
 * request is sent; once that block is mined anyone may draw, and nobody can retry a draw (a hash older
 * than the 256 blocks the chain keeps only moves the draw to a new future block). Biasing it takes the
 * producer of that block grinding its contents, which a miner or verifier does not control; a project
 * whose rewards were worth a validator's collusion would need a beacon instead. A submitter cannot
 * choose its seats by reverting the draw: the draw is a separate transaction anyone may send.
 *
 * Commit, then reveal. Each seat commits `scoreCommitmentOf(measurement, salt)`; reveals open only once
 * every seat committed or the commit deadline passed, so nobody copies another seat's number. A seat
 * that does not commit in time loses `SEAT_PENALTY_BPS` of its lock and is drawn again, once per round,
 * and only during the commit phase (a replacement never sees a reveal). A seat that does not reveal
 * counts as the worst measurement in the median over all seats, so a missing reveal never hands a
 * liar the middle.
 *
 * Median. With `k` odd, the middle measurement in the project's direction (a "did not run" reveal ranks
 * worst). The ledger settles on it by its one-reviewer rules (`verdictOf`): approve when it reproduces
 * the claim within the project's tolerance and beats the best, supersede, or reject. With `k = 3`, one
 * seat moves the median only within the range of the two others, so a lone liar changes no outcome.
 *
 * Appeals and pay. Nothing moves until the review is final: the best score, the reward, the slash and
 * every seat's pay are judged against the final measurement (the first round's, or the appeal round's
 * if anyone appealed within `APPEAL_WINDOW`). Seats whose reveal agrees with the final measurement
 * (within the project's tolerance; "did not run" agrees only with itself) earn the proposal's review fee
 * in project tokens from the ledger and keep their locks. Seats that disagreed, or did not reveal, lose
 * `SEAT_PENALTY_BPS` of their lock to the seats that agreed; when an appeal overturns the first round
 * (its median disagrees with the appeal's), the first round's disagreeing seats lose their whole lock,
 * to the appellant. The appellant's bond, `(2k + 1) x APPEAL_SEAT_FEE_BPS` of a seat lock, pays the
 * appeal seats that agreed with its outcome, whichever it is, so appeal seats gain nothing by upholding.
 * An appeal that cannot be seated (fewer than `2k + 1` fresh tickets) is void: its bond goes back and
 * the first round stands.
 *
 * What laziness costs. A seat that echoes the public claim without running saves the run. On a true
 * claim the echo agrees with the honest median, so it costs nothing; on a false claim echoed by a
 * majority, anyone who re-runs the benchmark gains `L` per echoing seat (the whole lock `L`) less the
 * appeal bond (`(2k + 1) L / 10`): for `k = 3`, `3L - 0.7L > 0` when the whole quorum echoed. A rational
 * watcher appeals every false approval it finds, so an echoing seat expects to lose `p x L` for the
 * fee `f` it earns, with `p` the chance that a claim is false and a watcher re-runs it: echoing pays
 * only while `p x L < f`, and `L >= MIN_BOND` is far above a review fee.
 *
 * One reviewer (`k = 1`). On the reference shape the allowlisted claimer decides, but its verdict is
 * not final either: the ledger records it here (`recordDecision`) as a first round of one seat whose
 * measurement is the median (a rejection is "did not run"), locking a seat lock of the reviewer's bond,
 * and opens the appeal window at once. An appeal is re-run by three fresh seats. The one seat agrees
 * when the final verdict is its own (a rejection agrees with any final rejection); when the appeal
 * changes the verdict the reviewer loses its whole lock to the appellant and earns no fee. Laziness
 * costs the same as above with one echoing seat: a watcher who re-runs a false verdict gains
 * `L - 3L/10 > 0`, so a lazy reviewer expects to lose `p x L` for a fee `f`, with `L >= MIN_BOND`.
 *
 * Choices where the design is silent: one appeal round (its outcome is final); seized penalties with
 * no agreeing seat to take them go to the miner whose review they held up (first round) or back to the
 * appellant (appeal round); native pay is withdrawn (`withdraw`), never pushed.
 */
contract ReviewQuorum is IReviewQuorum, ReentrancyGuardTransient {
    /// @notice Part of a seat's lock lost by not committing in time, not revealing, or disagreeing with
    /// the final measurement (the whole lock when an appeal overturns the seat's round).
    uint16 public constant SEAT_PENALTY_BPS = 2_000;
    /// @notice Each appeal seat's pay, as a part of the seat lock, paid by the appellant's bond.
    uint16 public constant APPEAL_SEAT_FEE_BPS = 1_000;
    uint16 public constant BPS_DENOMINATOR = 10_000;
    /// @notice Replacement draws per round for seats that did not commit in time.
    uint8 public constant MAX_REPLACEMENTS = 1;

    /// @inheritdoc IReviewQuorum
    address public immutable ledger;
    /// @inheritdoc IReviewQuorum
    address public immutable verifierRegistry;
    /// @inheritdoc IReviewQuorum
    address public immutable registry;
    /// @inheritdoc IReviewQuorum
    uint64 public immutable COMMIT_PHASE;
    /// @inheritdoc IReviewQuorum
    uint64 public immutable REVEAL_PHASE;
    /// @inheritdoc IReviewQuorum
    uint64 public immutable APPEAL_WINDOW;
    /// @inheritdoc IReviewQuorum
    uint64 public immutable DRAW_DELAY_BLOCKS;

    /**
     * @dev Slots: [state] phase 8 | round 8 | quorum 8 | replacementsLeft 8 | committedSeats 8 |
     * revealedSeats 8 | drawBlock 64 | deadline 64; [money] seatLock 128 | appealBond 128; [pots]
     * firstPot 128 | appealPot 128 (penalties of idle seats, shared at finalization); [appeal]
     * appellant 160 | firstRan 8; [median] firstMedian.
     */
    struct Review {
        Phase phase;
        uint8 round;
        uint8 quorum;
        uint8 replacementsLeft;
        uint8 committedSeats;
        uint8 revealedSeats;
        uint64 drawBlock;
        uint64 deadline;
        uint128 seatLock;
        uint128 appealBond;
        uint128 firstPot;
        uint128 appealPot;
        address appellant;
        bool firstRan;
        int128 firstMedian;
    }

    /// @dev [holder] holder 160 | round 8 | committed 8 | revealed 8 | ran 8; [score]; [commitment].
    struct Seat {
        address holder;
        uint8 round;
        bool committed;
        bool revealed;
        bool ran;
        int128 score;
        bytes32 commitment;
    }

    mapping(uint256 proposalId => Review) private _reviews;
    mapping(uint256 proposalId => Seat[]) private _seats;
    mapping(address account => uint256) private _owed;

    /**
     * @param ledger_ The proposal ledger, which must name this contract as its `reviewQuorum` (as must its
     * verifier registry).
     * @param commitPhase `COMMIT_PHASE`: at least the benchmark's run time plus a margin (deployments: 24 h).
     * @param revealPhase `REVEAL_PHASE` (deployments: 12 h).
     * @param appealWindow `APPEAL_WINDOW`: at least the benchmark's run time plus 24 h (deployments: 48 h).
     * @param drawDelayBlocks `DRAW_DELAY_BLOCKS`: at least one.
     */
    constructor(address ledger_, uint64 commitPhase, uint64 revealPhase, uint64 appealWindow, uint64 drawDelayBlocks) {
        if (ledger_ == address(0)) revert ReviewQuorumZeroAddress();
        if (commitPhase == 0 || revealPhase == 0 || appealWindow == 0 || drawDelayBlocks == 0) {
            revert ReviewQuorumZeroPhase();
        }
        address verifiers = IProposalLedger(ledger_).verifierRegistry();
        if (
            IProposalLedger(ledger_).reviewQuorum() != address(this)
                || IVerifierRegistry(verifiers).reviewQuorum() != address(this)
        ) revert ReviewQuorumMiswired();
        ledger = ledger_;
        verifierRegistry = verifiers;
        registry = IProposalLedger(ledger_).registry();
        COMMIT_PHASE = commitPhase;
        REVEAL_PHASE = revealPhase;
        APPEAL_WINDOW = appealWindow;
        DRAW_DELAY_BLOCKS = drawDelayBlocks;
    }

    /// @dev Seized penalties arrive from the verifier registry; nothing else is accepted.
    receive() external payable {
        if (msg.sender != verifierRegistry) revert ReviewQuorumUnexpectedPayment(msg.sender);
    }

    // ------------------------------------------------------------------ the journey

    /// @inheritdoc IReviewQuorum
    function recordDecision(uint256 proposalId, address reviewer, bool ran, int256 score) external {
        if (msg.sender != ledger) revert ReviewQuorumNotLedger(msg.sender);
        Review storage review = _reviews[proposalId];
        _expectPhase(review, proposalId, Phase.None);
        int128 measured = _toScore(score);
        uint256 seatLock = seatLockOf(proposalId);
        uint256 appealDeadline = block.timestamp + APPEAL_WINDOW;
        review.phase = Phase.Decided;
        review.quorum = 1;
        review.committedSeats = 1;
        review.revealedSeats = 1;
        review.deadline = uint64(appealDeadline);
        review.seatLock = uint128(seatLock);
        review.firstRan = ran;
        review.firstMedian = measured;
        _seats[proposalId].push(
            Seat({holder: reviewer, round: 0, committed: true, revealed: true, ran: ran, score: measured, commitment: 0})
        );
        emit DecisionRecorded(proposalId, reviewer, ran, score, seatLock, appealDeadline);
        IVerifierRegistry(verifierRegistry).lockSeat(reviewer, seatLock);
    }

    /// @inheritdoc IReviewQuorum
    function requestReview(uint256 proposalId) external {
        Review storage review = _reviews[proposalId];
        _expectPhase(review, proposalId, Phase.None);
        IProposalLedger.Proposal memory proposal = IProposalLedger(ledger).getProposal(proposalId);
        (,, uint256 quorum) = IProjectRegistry(registry).submissionTerms(proposal.projectId);
        if (quorum < 2) revert ReviewQuorumSingleReviewer(proposalId);
        if (proposal.status != IProposalLedger.Status.Submitted) revert ReviewQuorumNotSubmitted(proposalId);
        uint256 reviewable = IProposalLedger(ledger).reviewableAt(proposalId);
        if (block.timestamp < reviewable) revert ReviewQuorumNotYetReviewable(proposalId, reviewable);
        // At most MAX_REVIEW_QUORUM (9).
        review.quorum = uint8(quorum);
        review.replacementsLeft = MAX_REPLACEMENTS;
        _scheduleDraw(review, proposalId);
    }

    /// @inheritdoc IReviewQuorum
    function drawSeats(uint256 proposalId) external nonReentrant {
        Review storage review = _reviews[proposalId];
        _expectPhase(review, proposalId, Phase.Drawing);
        uint256 drawBlock = review.drawBlock;
        if (block.number <= drawBlock) revert ReviewQuorumDrawNotYet(proposalId, drawBlock);
        bytes32 hash = blockhash(drawBlock);
        if (hash == bytes32(0)) {
            // Nobody drew within the 256 blocks the chain keeps: draw from a new future block instead.
            _scheduleDraw(review, proposalId);
            return;
        }
        uint8 round = review.round;
        Seat[] storage seats = _seats[proposalId];
        (uint256 start, uint256 size) = _roundSeats(review);
        bool firstDraw = seats.length == start;
        if (firstDraw) {
            if (round == 0) review.seatLock = uint128(seatLockOf(proposalId));
            for (uint256 i; i < size; ++i) {
                seats.push().round = round;
            }
        }
        uint256 empty;
        for (uint256 i = start; i < start + size; ++i) {
            if (seats[i].holder == address(0)) ++empty;
        }
        uint256 seatLock = review.seatLock;
        address[] memory drawn = IVerifierRegistry(verifierRegistry).drawSeats(
            keccak256(abi.encode(hash, proposalId, round, review.replacementsLeft)),
            empty,
            seatLock,
            _excluded(proposalId, review)
        );
        if (drawn.length == 0) {
            if (!firstDraw) return _openReveals(review, proposalId);
            if (round == 0) revert ReviewQuorumTooFewVerifiers(proposalId, size);
            return _voidAppeal(review, proposalId, size);
        }
        uint256 commitDeadline = block.timestamp + COMMIT_PHASE;
        uint256 next;
        for (uint256 i = start; i < start + size; ++i) {
            Seat storage seat = seats[i];
            if (seat.holder != address(0)) continue;
            address holder = drawn[next++];
            seat.holder = holder;
            emit SeatDrawn(proposalId, i, holder, seatLock, commitDeadline);
        }
        review.phase = Phase.Committing;
        review.deadline = uint64(commitDeadline);
        if (firstDraw && round == 0) IProposalLedger(ledger).holdForQuorum(proposalId);
    }

    /// @inheritdoc IReviewQuorum
    function commitScore(uint256 proposalId, uint256 seat, bytes32 commitment) external {
        Review storage review = _reviews[proposalId];
        _expectPhase(review, proposalId, Phase.Committing);
        if (block.timestamp > review.deadline) revert ReviewQuorumCommitClosed(proposalId, review.deadline);
        Seat storage held = _heldSeat(review, proposalId, seat);
        if (held.committed) revert ReviewQuorumAlreadyCommitted(proposalId, seat);
        if (commitment == bytes32(0)) revert ReviewQuorumZeroCommitment();
        held.committed = true;
        held.commitment = commitment;
        emit ScoreCommitted(proposalId, seat, msg.sender);
        uint8 committed = review.committedSeats + 1;
        review.committedSeats = committed;
        (, uint256 size) = _roundSeats(review);
        if (committed == size) _openReveals(review, proposalId);
    }

    /// @inheritdoc IReviewQuorum
    function endCommitPhase(uint256 proposalId) external nonReentrant {
        Review storage review = _reviews[proposalId];
        _expectPhase(review, proposalId, Phase.Committing);
        if (block.timestamp <= review.deadline) revert ReviewQuorumCommitOpen(proposalId, review.deadline);
        if (review.replacementsLeft == 0) return _openReveals(review, proposalId);
        Seat[] storage seats = _seats[proposalId];
        (uint256 start, uint256 size) = _roundSeats(review);
        uint256 seatLock = review.seatLock;
        uint256 penalty = seatLock * SEAT_PENALTY_BPS / BPS_DENOMINATOR;
        uint256 replaced;
        for (uint256 i = start; i < start + size; ++i) {
            Seat storage seat = seats[i];
            address holder = seat.holder;
            if (holder == address(0) || seat.committed) continue;
            seat.holder = address(0);
            ++replaced;
            emit SeatReplaced(proposalId, i, holder, penalty);
            IVerifierRegistry(verifierRegistry).releaseSeat(holder, seatLock, penalty);
        }
        // (Every seat of a round in its commit phase has a holder, and not all committed: `replaced` > 0.)
        // Penalties of at most 9 x 19 seats of a 128-bit lock stay far inside 128 bits.
        if (review.round == 0) review.firstPot += uint128(penalty * replaced);
        else review.appealPot += uint128(penalty * replaced);
        review.replacementsLeft -= 1;
        _scheduleDraw(review, proposalId);
    }

    /// @inheritdoc IReviewQuorum
    function revealScore(uint256 proposalId, uint256 seat, bool ran, int256 score, bytes32 salt) external {
        Review storage review = _reviews[proposalId];
        _expectPhase(review, proposalId, Phase.Revealing);
        if (block.timestamp > review.deadline) revert ReviewQuorumRevealClosed(proposalId, review.deadline);
        Seat storage held = _heldSeat(review, proposalId, seat);
        if (!held.committed) revert ReviewQuorumNotCommitted(proposalId, seat);
        if (held.revealed) revert ReviewQuorumAlreadyRevealed(proposalId, seat);
        if (held.commitment != scoreCommitmentOf(proposalId, seat, msg.sender, ran, score, salt)) {
            revert ReviewQuorumRevealMismatch(proposalId, seat);
        }
        held.score = _toScore(score);
        held.revealed = true;
        held.ran = ran;
        review.revealedSeats += 1;
        emit ScoreRevealed(proposalId, seat, msg.sender, ran, score);
    }

    /// @inheritdoc IReviewQuorum
    function closeRound(uint256 proposalId) external nonReentrant {
        Review storage review = _reviews[proposalId];
        _expectPhase(review, proposalId, Phase.Revealing);
        if (review.revealedSeats < review.committedSeats && block.timestamp <= review.deadline) {
            revert ReviewQuorumRevealOpen(proposalId, review.deadline);
        }
        (bool ran, int256 median) = _median(proposalId, review);
        if (review.round == 1) {
            emit RoundClosed(proposalId, 1, ran, median, 0);
            return _finalize(review, proposalId, ran, median);
        }
        uint256 appealDeadline = block.timestamp + APPEAL_WINDOW;
        review.phase = Phase.Decided;
        review.deadline = uint64(appealDeadline);
        review.firstRan = ran;
        // Seat scores are int128, so their median is too.
        review.firstMedian = int128(median);
        emit RoundClosed(proposalId, 0, ran, median, appealDeadline);
    }

    /// @inheritdoc IReviewQuorum
    function appeal(uint256 proposalId) external payable {
        Review storage review = _reviews[proposalId];
        _expectPhase(review, proposalId, Phase.Decided);
        // A voided appeal leaves the window closed (deadline now): the first round stands.
        if (block.timestamp > review.deadline || review.round != 0) {
            revert ReviewQuorumAppealClosed(proposalId, review.deadline);
        }
        uint256 bond = appealBondOf(proposalId);
        if (msg.value != bond) revert ReviewQuorumWrongAppealBond(msg.value, bond);
        review.appellant = msg.sender;
        review.appealBond = uint128(bond);
        review.round = 1;
        review.committedSeats = 0;
        review.revealedSeats = 0;
        review.replacementsLeft = MAX_REPLACEMENTS;
        emit ReviewAppealed(proposalId, msg.sender, bond);
        _scheduleDraw(review, proposalId);
    }

    /// @inheritdoc IReviewQuorum
    function finalize(uint256 proposalId) external nonReentrant {
        Review storage review = _reviews[proposalId];
        _expectPhase(review, proposalId, Phase.Decided);
        if (block.timestamp <= review.deadline) revert ReviewQuorumAppealWindowOpen(proposalId, review.deadline);
        _finalize(review, proposalId, review.firstRan, review.firstMedian);
    }

    /// @inheritdoc IReviewQuorum
    function withdraw() external nonReentrant returns (uint256 amount) {
        amount = _owed[msg.sender];
        if (amount == 0) revert ReviewQuorumNothingOwed(msg.sender);
        _owed[msg.sender] = 0;
        emit PayWithdrawn(msg.sender, amount);
        Address.sendValue(payable(msg.sender), amount);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IReviewQuorum
    function reviewOf(uint256 proposalId) external view returns (ReviewView memory) {
        Review storage review = _reviews[proposalId];
        return ReviewView({
            phase: review.phase,
            round: review.round,
            quorum: review.quorum,
            replacementsLeft: review.replacementsLeft,
            committedSeats: review.committedSeats,
            revealedSeats: review.revealedSeats,
            drawBlock: review.drawBlock,
            deadline: review.deadline,
            seatLock: review.seatLock,
            appellant: review.appellant,
            appealBond: review.appealBond,
            pendingPenalties: review.phase == Phase.Final ? 0 : uint256(review.firstPot) + review.appealPot,
            firstRan: review.firstRan,
            firstMedian: review.firstMedian
        });
    }

    /// @inheritdoc IReviewQuorum
    function seatsOf(uint256 proposalId) external view returns (SeatView[] memory views) {
        Seat[] storage seats = _seats[proposalId];
        views = new SeatView[](seats.length);
        for (uint256 i; i < seats.length; ++i) {
            Seat storage seat = seats[i];
            views[i] = SeatView({
                holder: seat.holder,
                round: seat.round,
                committed: seat.committed,
                revealed: seat.revealed,
                ran: seat.ran,
                score: seat.score
            });
        }
    }

    /// @inheritdoc IReviewQuorum
    function scoreCommitmentOf(
        uint256 proposalId,
        uint256 seat,
        address holder,
        bool ran,
        int256 score,
        bytes32 salt
    ) public view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), proposalId, seat, holder, ran, score, salt));
    }

    /// @inheritdoc IReviewQuorum
    function seatLockOf(uint256 proposalId) public view returns (uint256) {
        IProposalLedger.Proposal memory proposal = IProposalLedger(ledger).getProposal(proposalId);
        uint256 reward = IProposalLedger(ledger).quoteReward(proposalId, proposal.claimedAggregateScore);
        address token = IProjectRegistry(registry).tokenOf(proposal.projectId);
        uint256 value = (proposal.stake + reward) * IProjectToken(token).spotPrice();
        uint256 minBond = IVerifierRegistry(verifierRegistry).MIN_BOND();
        return value > minBond ? value : minBond;
    }

    /// @inheritdoc IReviewQuorum
    function appealBondOf(uint256 proposalId) public view returns (uint256) {
        Review storage review = _reviews[proposalId];
        return (2 * uint256(review.quorum) + 1) * review.seatLock * APPEAL_SEAT_FEE_BPS / BPS_DENOMINATOR;
    }

    /// @inheritdoc IReviewQuorum
    function owedTo(address account) external view returns (uint256) {
        return _owed[account];
    }

    // ------------------------------------------------------------------ internal

    function _scheduleDraw(Review storage review, uint256 proposalId) private {
        uint256 drawBlock = block.number + DRAW_DELAY_BLOCKS;
        review.phase = Phase.Drawing;
        review.drawBlock = uint64(drawBlock);
        emit SeatDrawScheduled(proposalId, review.round, drawBlock);
    }

    function _openReveals(Review storage review, uint256 proposalId) private {
        uint256 deadline = block.timestamp + REVEAL_PHASE;
        review.phase = Phase.Revealing;
        review.deadline = uint64(deadline);
        emit RevealsOpened(proposalId, review.round, deadline);
    }

    /// @dev No fresh quorum can be seated: the bond goes back and the first round's outcome stands.
    function _voidAppeal(Review storage review, uint256 proposalId, uint256 size) private {
        Seat[] storage seats = _seats[proposalId];
        for (uint256 i; i < size; ++i) {
            seats.pop();
        }
        address appellant = review.appellant;
        uint256 bond = review.appealBond;
        _owed[appellant] += bond;
        review.appellant = address(0);
        review.appealBond = 0;
        review.round = 0;
        review.phase = Phase.Decided;
        review.deadline = uint64(block.timestamp);
        emit AppealVoided(proposalId, appellant, bond);
        emit PayCredited(proposalId, appellant, bond);
    }

    /**
     * @dev Settles the proposal on the final measurement: the ledger pays the first round's agreeing
     * seats the review fee, then each seat's lock is released (less its penalty) and native pay credited.
     */
    function _finalize(Review storage review, uint256 proposalId, bool ran, int256 median) private {
        IProposalLedger.Proposal memory proposal = IProposalLedger(ledger).getProposal(proposalId);
        uint256 tolerancePpm = IProjectRegistry(registry).getProjectConfig(proposal.projectId).tolerancePpm;
        address appellant = review.appellant;
        uint256 quorum = review.quorum;
        bool single = quorum == 1;
        bool overturned;
        if (appellant != address(0)) {
            // A single reviewer is judged on its verdict, a quorum on its median's measurement.
            overturned = single
                ? _verdictOf(proposalId, review.firstRan, review.firstMedian) != _verdictOf(proposalId, ran, median)
                : !_agrees(review.firstRan, review.firstMedian, ran, median, tolerancePpm);
        }
        review.phase = Phase.Final;

        Outcome memory outcome = Outcome({
            ran: ran,
            median: median,
            tolerancePpm: tolerancePpm,
            overturned: overturned,
            single: single,
            appellant: appellant,
            seatLock: review.seatLock
        });
        Seat[] storage seats = _seats[proposalId];
        address[] memory payees = new address[](quorum);
        uint256 paid;
        for (uint256 i; i < quorum; ++i) {
            Seat storage seat = seats[i];
            if (seat.holder != address(0) && _seatAgrees(seat, outcome, true)) payees[paid++] = seat.holder;
        }
        assembly ("memory-safe") {
            mstore(payees, paid)
        }
        IProposalLedger.Status verdict = IProposalLedger(ledger).settleByQuorum(proposalId, ran, median, payees);

        _settleSeats(proposalId, outcome, 0, quorum, review.firstPot, proposal.miner);
        if (appellant != address(0)) {
            _settleSeats(proposalId, outcome, quorum, 2 * quorum + 1, uint256(review.appealPot) + review.appealBond, appellant);
        }
        emit ReviewFinalized(proposalId, verdict, ran, median, overturned);
    }

    struct Outcome {
        bool ran;
        int256 median;
        uint256 tolerancePpm;
        bool overturned;
        /// @dev A one-reviewer project's review: its first round's one seat is judged on its verdict.
        bool single;
        address appellant;
        uint256 seatLock;
    }

    /**
     * @dev Releases one round's seats: agreeing seats keep their lock and share `pot` plus the partial
     * penalties of the others (`fallbackTo` takes it when none agreed); when the first round was
     * overturned its disagreeing seats lose their whole lock to the appellant.
     */
    function _settleSeats(
        uint256 proposalId,
        Outcome memory outcome,
        uint256 start,
        uint256 size,
        uint256 pot,
        address fallbackTo
    ) private {
        Seat[] storage seats = _seats[proposalId];
        bool wholeLock = start == 0 && outcome.overturned;
        uint256 partialPenalty = outcome.seatLock * SEAT_PENALTY_BPS / BPS_DENOMINATOR;
        address[] memory agreeing = new address[](size);
        uint256 agreed;
        uint256 forfeited;
        for (uint256 i = start; i < start + size; ++i) {
            Seat storage seat = seats[i];
            address holder = seat.holder;
            if (holder == address(0)) continue;
            bool agrees = _seatAgrees(seat, outcome, start == 0);
            uint256 penalty;
            if (agrees) {
                agreeing[agreed++] = holder;
            } else if (wholeLock) {
                penalty = outcome.seatLock;
                forfeited += penalty;
            } else {
                penalty = partialPenalty;
                pot += penalty;
            }
            emit SeatSettled(proposalId, i, holder, agrees, penalty);
            IVerifierRegistry(verifierRegistry).releaseSeat(holder, outcome.seatLock, penalty);
        }
        if (forfeited != 0) _credit(proposalId, outcome.appellant, forfeited);
        if (pot == 0) return;
        if (agreed == 0) return _credit(proposalId, fallbackTo, pot);
        uint256 share = pot / agreed;
        // The odd wei goes to the first agreeing seat.
        _credit(proposalId, agreeing[0], share + pot % agreed);
        for (uint256 i = 1; i < agreed; ++i) {
            _credit(proposalId, agreeing[i], share);
        }
    }

    function _credit(uint256 proposalId, address account, uint256 amount) private {
        _owed[account] += amount;
        emit PayCredited(proposalId, account, amount);
    }

    /**
     * @dev The median over all of the round's seats in the project's direction; a seat that did not
     * reveal (or was never filled) counts as "did not run", the worst.
     */
    function _median(uint256 proposalId, Review storage review) private view returns (bool ran, int256 median) {
        IProposalLedger.Proposal memory proposal = IProposalLedger(ledger).getProposal(proposalId);
        bool lowerIsBetter = IProjectRegistry(registry).getProjectConfig(proposal.projectId).lowerIsBetter;
        (uint256 start, uint256 size) = _roundSeats(review);
        Seat[] storage seats = _seats[proposalId];
        // Keys grow with quality; int128 scores negate safely in 256 bits; "did not run" is the minimum.
        int256[] memory keys = new int256[](size);
        for (uint256 i; i < size; ++i) {
            Seat storage seat = seats[start + i];
            int256 key = type(int256).min;
            if (seat.revealed && seat.ran) key = lowerIsBetter ? -int256(seat.score) : int256(seat.score);
            // Insertion sort: at most 19 seats.
            uint256 j = i;
            while (j != 0 && keys[j - 1] > key) {
                keys[j] = keys[j - 1];
                --j;
            }
            keys[j] = key;
        }
        int256 middle = keys[size / 2];
        if (middle == type(int256).min) return (false, 0);
        return (true, lowerIsBetter ? -middle : middle);
    }

    /// @dev Whether a revealed seat agrees with the final outcome: a single reviewer's seat when the
    /// appeal (if any) kept its verdict, any other seat when its measurement agrees with the final one.
    function _seatAgrees(Seat storage seat, Outcome memory outcome, bool firstRound) private view returns (bool) {
        if (firstRound && outcome.single) return !outcome.overturned;
        return seat.revealed && _agrees(seat.ran, seat.score, outcome.ran, outcome.median, outcome.tolerancePpm);
    }

    function _verdictOf(uint256 proposalId, bool ran, int256 measured) private view returns (IProposalLedger.Status) {
        return IProposalLedger(ledger).verdictOf(proposalId, ran, measured);
    }

    function _toScore(int256 score) private pure returns (int128) {
        if (score > type(int128).max || score < type(int128).min) revert ReviewQuorumScoreOutOfRange(score);
        return int128(score);
    }

    /// @dev Whether a seat's measurement agrees with the outcome: both "did not run", or both ran and the
    /// seat's score reproduces the outcome's within the project's tolerance.
    function _agrees(bool ran, int256 score, bool outcomeRan, int256 outcome, uint256 tolerancePpm)
        private
        pure
        returns (bool)
    {
        if (!ran || !outcomeRan) return ran == outcomeRan;
        return Scores.reproduces(outcome, score, tolerancePpm);
    }

    /// @dev The miner, the reward recipient and the creator; in the appeal round, the first round's holders too.
    function _excluded(uint256 proposalId, Review storage review) private view returns (address[] memory excluded) {
        IProposalLedger.Proposal memory proposal = IProposalLedger(ledger).getProposal(proposalId);
        uint256 quorum = review.quorum;
        uint256 firstRoundHolders = review.round == 1 ? quorum : 0;
        excluded = new address[](3 + firstRoundHolders);
        excluded[0] = proposal.miner;
        excluded[1] = proposal.rewardRecipient;
        excluded[2] = IProjectRegistry(registry).getProject(proposal.projectId).creator;
        Seat[] storage seats = _seats[proposalId];
        for (uint256 i; i < firstRoundHolders; ++i) {
            excluded[3 + i] = seats[i].holder;
        }
    }

    /// @dev The current round's seats: the first `k`, then the appeal round's `2k + 1`.
    function _roundSeats(Review storage review) private view returns (uint256 start, uint256 size) {
        uint256 quorum = review.quorum;
        return review.round == 0 ? (0, quorum) : (quorum, 2 * quorum + 1);
    }

    /// @dev The sender's seat `seat` in the current round.
    function _heldSeat(Review storage review, uint256 proposalId, uint256 seat) private view returns (Seat storage held) {
        (uint256 start, uint256 size) = _roundSeats(review);
        if (seat < start || seat >= start + size || _seats[proposalId][seat].holder != msg.sender) {
            revert ReviewQuorumNotYourSeat(proposalId, seat, msg.sender);
        }
        return _seats[proposalId][seat];
    }

    function _expectPhase(Review storage review, uint256 proposalId, Phase phase) private view {
        if (review.phase != phase) revert ReviewQuorumWrongPhase(proposalId, review.phase);
    }
}
