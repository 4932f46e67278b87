// SPDX-License-Identifier: MIT
// contracts/VerifierRegistry.sol
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

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
 */
contract VerifierRegistry is IVerifierRegistry, Ownable2Step {
    /// @notice The longest display name accepted, in bytes.
    uint256 public constant MAX_DISPLAY_NAME_BYTES = 64;

    /// @dev Index + 1 of each verifier in `verifiers` (0: not a verifier).
    mapping(address verifier => uint256) private _positions;
    /// @inheritdoc IVerifierRegistry
    address[] public verifiers;

    constructor(address initialOwner) Ownable(initialOwner) {}

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
    function isVerifier(address v) external view returns (bool) {
        return _positions[v] != 0;
    }

    /// @inheritdoc IVerifierRegistry
    function verifierCount() external view returns (uint256) {
        return verifiers.length;
    }
}
