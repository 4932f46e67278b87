// SPDX-License-Identifier: MIT
// contracts/VerifierRegistry.sol
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IVerifierRegistry} from "./interfaces/IVerifierRegistry.sol";

/**
 * @title VerifierRegistry
 * @dev An owner-managed allowlist kept both as a mapping (O(1) `isVerifier`) and as an array
 * (enumeration by `verifiers(i)`); removal swaps in the last entry. Each verifier may publish
 * optional metadata about itself; the registry stores nothing of it beyond the event.
 *
 * Ownership moves in two steps (OpenZeppelin `Ownable2Step`): `transferOwnership` only names a
 * pending owner, who must call `acceptOwnership`, so a mistyped or unreachable address can never
 * take the allowlist (`test_attack_registryHandedToAMistypedOwnerInOneStep`). The reference's
 * `owner`, `transferOwnership`, `renounceOwnership` and `OwnershipTransferred` keep their shapes.
 *
 * Bonds: anyone may join the bonded set, without the owner, by posting at least `MIN_BOND` in the
 * native currency (`postBond`), and leave it at once (`requestUnbond`); the bond comes back
 * `UNBONDING_DELAY` later (`withdrawBond`). The delay outlasts any review a verifier can take part in
 * (a proposal's 7-day window, a 24-hour lock and the appeal windows of quorum review), so a penalty
 * earned before leaving can still reach the bond. The owner has no power over bonds. The bonded set
 * is enumerable (`bondedVerifiers(i)`) with its total (`totalBonded`). Reviews on the reference
 * shape's projects stay with the allowlist; a project with a review quorum draws its seats here.
 *
 * Seats: the review quorum contract (`reviewQuorum`, fixed at deploy) draws seats weighted by bond
 * (`drawSeats`), locking part of each holder's bond until the review is final, and releases each seat
 * with its penalty, if any (`releaseSeat`). A locked bond cannot be withdrawn, so leaving never
 * escapes a pending penalty; a verifier may still ask to leave while it holds seats (it is drawn for no
 * new ones). Invariants: `locked <= amount` for every verifier, and the registry holds every bond.
 */
contract VerifierRegistry is IVerifierRegistry, Ownable2Step, ReentrancyGuardTransient {
    /// @notice The longest display name accepted, in bytes.
    uint256 public constant MAX_DISPLAY_NAME_BYTES = 64;
    /// @inheritdoc IVerifierRegistry
    uint64 public constant UNBONDING_DELAY = 14 days;
    /// @inheritdoc IVerifierRegistry
    uint256 public immutable MIN_BOND;

    /// @dev amount 128 | withdrawableAt 64 (0: not leaving).
    struct Bond {
        uint128 amount;
        uint64 withdrawableAt;
    }

    /// @dev Index + 1 of each verifier in `verifiers` (0: not a verifier).
    mapping(address verifier => uint256) private _positions;
    /// @inheritdoc IVerifierRegistry
    address[] public verifiers;
    mapping(address verifier => Bond) private _bonds;
    /// @dev Index + 1 of each bonded verifier in `bondedVerifiers` (0: not bonded).
    mapping(address verifier => uint256) private _bondedPositions;
    /// @inheritdoc IVerifierRegistry
    address[] public bondedVerifiers;
    /// @inheritdoc IVerifierRegistry
    uint256 public totalBonded;
    mapping(address verifier => uint256) private _locked;
    /// @inheritdoc IVerifierRegistry
    address public immutable reviewQuorum;

    /// @param minBond `MIN_BOND`: the smallest bond (wei) that joins the bonded set; above zero.
    /// @param reviewQuorum_ The review quorum contract (deployed after this one, at a precomputed address).
    constructor(address initialOwner, uint256 minBond, address reviewQuorum_) Ownable(initialOwner) {
        if (minBond == 0) revert VerifierRegistryZeroBond();
        if (reviewQuorum_ == address(0)) revert ZeroAddress();
        MIN_BOND = minBond;
        reviewQuorum = reviewQuorum_;
    }

    modifier onlyReviewQuorum() {
        if (msg.sender != reviewQuorum) revert VerifierRegistryNotReviewQuorum(msg.sender);
        _;
    }

    /// @inheritdoc IVerifierRegistry
    function addVerifier(address v) external onlyOwner {
        if (v == address(0)) revert ZeroAddress();
        if (_positions[v] != 0) revert AlreadyRegistered();
        verifiers.push(v);
        _positions[v] = verifiers.length;
        emit VerifierAdded(v);
    }

    /// @inheritdoc IVerifierRegistry
    function removeVerifier(address v) external onlyOwner {
        uint256 position = _positions[v];
        if (position == 0) revert NotRegistered();
        address last = verifiers[verifiers.length - 1];
        verifiers[position - 1] = last;
        _positions[last] = position;
        verifiers.pop();
        delete _positions[v];
        emit VerifierRemoved(v);
    }

    /// @inheritdoc IVerifierRegistry
    function setVerifierMetadata(string calldata displayName, bytes32 attestationKeyHash) external {
        if (_positions[msg.sender] == 0) revert NotRegistered();
        if (bytes(displayName).length > MAX_DISPLAY_NAME_BYTES) {
            revert VerifierRegistryDisplayNameTooLong(bytes(displayName).length, MAX_DISPLAY_NAME_BYTES);
        }
        emit VerifierMetadataSet(msg.sender, displayName, attestationKeyHash);
    }

    /// @inheritdoc IVerifierRegistry
    function postBond() external payable {
        if (msg.value == 0) revert VerifierRegistryZeroBond();
        Bond storage bond = _bonds[msg.sender];
        if (bond.withdrawableAt != 0) revert VerifierRegistryUnbonding(msg.sender, bond.withdrawableAt);
        uint256 amount = bond.amount + msg.value;
        if (amount < MIN_BOND) revert VerifierRegistryBondBelowMinimum(amount, MIN_BOND);
        // The native supply is far below 2^128.
        bond.amount = uint128(amount);
        if (_bondedPositions[msg.sender] == 0) {
            // Joining (or rejoining after a penalty took the bond below the minimum): all of it counts.
            totalBonded += amount;
            bondedVerifiers.push(msg.sender);
            _bondedPositions[msg.sender] = bondedVerifiers.length;
        } else {
            totalBonded += msg.value;
        }
        emit BondPosted(msg.sender, msg.value, amount);
    }

    /// @inheritdoc IVerifierRegistry
    function requestUnbond() external {
        Bond storage bond = _bonds[msg.sender];
        if (bond.withdrawableAt != 0) revert VerifierRegistryUnbonding(msg.sender, bond.withdrawableAt);
        uint256 amount = bond.amount;
        // (a verifier whose bond a penalty took below the minimum is out of the set but may still leave)
        if (amount == 0) revert VerifierRegistryNotBonded(msg.sender);
        uint64 withdrawableAt = uint64(block.timestamp) + UNBONDING_DELAY;
        bond.withdrawableAt = withdrawableAt;
        uint256 position = _bondedPositions[msg.sender];
        if (position != 0) {
            totalBonded -= amount;
            _leaveSet(msg.sender, position);
        }
        emit UnbondRequested(msg.sender, amount, withdrawableAt);
    }

    /// @inheritdoc IVerifierRegistry
    function withdrawBond() external nonReentrant {
        Bond memory bond = _bonds[msg.sender];
        if (bond.withdrawableAt == 0 || block.timestamp < bond.withdrawableAt) {
            revert VerifierRegistryWithdrawalNotYet(msg.sender, bond.withdrawableAt);
        }
        uint256 locked = _locked[msg.sender];
        if (locked != 0) revert VerifierRegistryBondLocked(msg.sender, locked);
        delete _bonds[msg.sender];
        emit BondWithdrawn(msg.sender, bond.amount);
        Address.sendValue(payable(msg.sender), bond.amount);
    }

    /// @inheritdoc IVerifierRegistry
    function drawSeats(bytes32 seed, uint256 count, uint256 lock, address[] calldata excluded)
        external
        onlyReviewQuorum
        returns (address[] memory seats)
    {
        uint256 bonded = bondedVerifiers.length;
        address[] memory candidates = new address[](bonded);
        uint256[] memory tickets = new uint256[](bonded);
        uint256 candidateCount;
        uint256 totalTickets;
        for (uint256 i; i < bonded; ++i) {
            address verifier = bondedVerifiers[i];
            if (_contains(excluded, verifier)) continue;
            uint256 held = (_bonds[verifier].amount - _locked[verifier]) / lock;
            if (held == 0) continue;
            candidates[candidateCount] = verifier;
            tickets[candidateCount] = held;
            ++candidateCount;
            totalTickets += held;
        }
        if (totalTickets < count) return seats;
        seats = new address[](count);
        for (uint256 s; s < count; ++s) {
            // The modulo bias is below totalTickets / 2^256.
            uint256 ticket = uint256(keccak256(abi.encode(seed, s))) % totalTickets;
            uint256 j;
            while (ticket >= tickets[j]) {
                ticket -= tickets[j];
                ++j;
            }
            --tickets[j];
            --totalTickets;
            address holder = candidates[j];
            seats[s] = holder;
            uint256 locked = _locked[holder] + lock;
            _locked[holder] = locked;
            emit BondLocked(holder, lock, locked);
        }
    }

    /// @inheritdoc IVerifierRegistry
    function lockSeat(address verifier, uint256 lock) external onlyReviewQuorum {
        uint256 locked = _locked[verifier];
        uint256 free = _bonds[verifier].amount - locked;
        if (free < lock) revert VerifierRegistryBondTooLow(verifier, free, lock);
        locked += lock;
        _locked[verifier] = locked;
        emit BondLocked(verifier, lock, locked);
    }

    /// @inheritdoc IVerifierRegistry
    function releaseSeat(address verifier, uint256 lock, uint256 penalty) external onlyReviewQuorum nonReentrant {
        // The quorum releases only what it locked, and seizes at most that.
        _locked[verifier] -= lock;
        Bond storage bond = _bonds[verifier];
        uint256 amount = bond.amount - penalty;
        bond.amount = uint128(amount);
        uint256 position = _bondedPositions[verifier];
        if (penalty != 0 && position != 0) {
            totalBonded -= penalty;
            // A bond seized below the minimum leaves the set: drawn for nothing until it is topped up.
            if (amount < MIN_BOND) {
                totalBonded -= amount;
                _leaveSet(verifier, position);
                position = 0;
            }
        }
        emit BondReleased(verifier, lock, penalty, amount, position != 0);
        if (penalty != 0) Address.sendValue(payable(msg.sender), penalty);
    }

    /// @inheritdoc IVerifierRegistry
    function lockedBondOf(address verifier) external view returns (uint256) {
        return _locked[verifier];
    }

    /// @inheritdoc IVerifierRegistry
    function bondOf(address verifier) external view returns (uint256 amount, uint256 withdrawableAt) {
        Bond memory bond = _bonds[verifier];
        return (bond.amount, bond.withdrawableAt);
    }

    /// @inheritdoc IVerifierRegistry
    function isBonded(address verifier) external view returns (bool) {
        return _bondedPositions[verifier] != 0;
    }

    /// @inheritdoc IVerifierRegistry
    function bondedCount() external view returns (uint256) {
        return bondedVerifiers.length;
    }

    /// @inheritdoc IVerifierRegistry
    function isVerifier(address v) external view returns (bool) {
        return _positions[v] != 0;
    }

    /// @inheritdoc IVerifierRegistry
    function verifierCount() external view returns (uint256) {
        return verifiers.length;
    }

    /// @dev Takes `verifier` (at `position`, index + 1) out of the bonded set; the last member takes its place.
    function _leaveSet(address verifier, uint256 position) private {
        address last = bondedVerifiers[bondedVerifiers.length - 1];
        bondedVerifiers[position - 1] = last;
        _bondedPositions[last] = position;
        bondedVerifiers.pop();
        delete _bondedPositions[verifier];
    }

    function _contains(address[] calldata list, address account) private pure returns (bool) {
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == account) return true;
        }
        return false;
    }
}
