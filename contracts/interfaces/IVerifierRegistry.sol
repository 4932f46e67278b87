// SPDX-License-Identifier: MIT
// contracts/interfaces/IVerifierRegistry.sol
pragma solidity ^0.8.28;

/// @dev The allowlist of verifiers who may claim, approve, reject and supersede proposals.
interface IVerifierRegistry {
    /// @notice Thrown when adding an address that is already a verifier.
    error AlreadyRegistered();
    /// @notice Thrown when removing (or describing) an address that is not a verifier.
    error NotRegistered();
    /// @notice Thrown when adding the zero address.
    error ZeroAddress();
    /// @notice Thrown when a display name is longer than `MAX_DISPLAY_NAME_BYTES`.
    error VerifierRegistryDisplayNameTooLong(uint256 length, uint256 maxLength);

    event VerifierAdded(address indexed v);
    event VerifierRemoved(address indexed v);
    /// @notice A verifier described itself (optional; shown beside its reviews).
    event VerifierMetadataSet(address indexed verifier, string displayName, bytes32 attestationKeyHash);

    /// @notice Owner only: allowlists `v`.
    function addVerifier(address v) external;
    /// @notice Owner only: removes `v` (its open claims can no longer be settled by it).
    function removeVerifier(address v) external;
    /// @notice Whether `v` is allowlisted now.
    function isVerifier(address v) external view returns (bool);
    /// @notice How many verifiers are allowlisted.
    function verifierCount() external view returns (uint256);
    /// @notice The allowlisted verifier at `index` (order changes on removal).
    function verifiers(uint256 index) external view returns (address);
    /// @notice Lets a verifier publish a display name and the hash of the key it signs attestations with.
    function setVerifierMetadata(string calldata displayName, bytes32 attestationKeyHash) external;
}
