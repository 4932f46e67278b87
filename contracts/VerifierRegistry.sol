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
 * is enumerable (`bondedVerifiers(i)`) with its total (`totalBonded`), what a bond-weighted draw of
 * review seats needs; reviews on the reference shape's projects stay with the allowlist.
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

    /// @param minBond `MIN_BOND`: the smallest bond (wei) that joins the bonded set; above zero.
    constructor(address initialOwner, uint256 minBond) Ownable(initialOwner) {
        if (minBond == 0) revert VerifierRegistryZeroBond();
        MIN_BOND = minBond;
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
        totalBonded += msg.value;
        if (_bondedPositions[msg.sender] == 0) {
            bondedVerifiers.push(msg.sender);
            _bondedPositions[msg.sender] = bondedVerifiers.length;
        }
        emit BondPosted(msg.sender, msg.value, amount);
    }

    /// @inheritdoc IVerifierRegistry
    function requestUnbond() external {
        Bond storage bond = _bonds[msg.sender];
        if (bond.withdrawableAt != 0) revert VerifierRegistryUnbonding(msg.sender, bond.withdrawableAt);
        uint256 position = _bondedPositions[msg.sender];
        if (position == 0) revert VerifierRegistryNotBonded(msg.sender);
        uint64 withdrawableAt = uint64(block.timestamp) + UNBONDING_DELAY;
        bond.withdrawableAt = withdrawableAt;
        uint256 amount = bond.amount;
        totalBonded -= amount;
        address last = bondedVerifiers[bondedVerifiers.length - 1];
        bondedVerifiers[position - 1] = last;
        _bondedPositions[last] = position;
        bondedVerifiers.pop();
        delete _bondedPositions[msg.sender];
        emit UnbondRequested(msg.sender, amount, withdrawableAt);
    }

    /// @inheritdoc IVerifierRegistry
    function withdrawBond() external nonReentrant {
        Bond memory bond = _bonds[msg.sender];
        if (bond.withdrawableAt == 0 || block.timestamp < bond.withdrawableAt) {
            revert VerifierRegistryWithdrawalNotYet(msg.sender, bond.withdrawableAt);
        }
        delete _bonds[msg.sender];
        emit BondWithdrawn(msg.sender, bond.amount);
        Address.sendValue(payable(msg.sender), bond.amount);
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
}
