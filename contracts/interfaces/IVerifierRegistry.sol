// SPDX-License-Identifier: MIT
// contracts/interfaces/IVerifierRegistry.sol
pragma solidity ^0.8.28;

/// @dev The allowlist of verifiers who may claim, approve, reject and supersede proposals, and the
/// set of verifiers who joined without anyone's permission by posting a bond in the native currency.
interface IVerifierRegistry {
    /// @notice Thrown when adding an address that is already a verifier.
    error AlreadyRegistered();
    /// @notice Thrown when removing (or describing) an address that is not a verifier.
    error NotRegistered();
    /// @notice Thrown when adding the zero address.
    error ZeroAddress();
    /// @notice Thrown when a display name is longer than `MAX_DISPLAY_NAME_BYTES`.
    error VerifierRegistryDisplayNameTooLong(uint256 length, uint256 maxLength);
    /// @notice Thrown when a bond would stay below `MIN_BOND` after the deposit.
    error VerifierRegistryBondBelowMinimum(uint256 bond, uint256 minBond);
    /// @notice Thrown when a deposit carries no value.
    error VerifierRegistryZeroBond();
    /// @notice Thrown when a verifier that is leaving posts more or asks to leave again.
    error VerifierRegistryUnbonding(address verifier, uint256 withdrawableAt);
    /// @notice Thrown when an address without a bond asks to leave (one whose bond a penalty took below
    /// the minimum is out of the set but may still leave, and take back what remains).
    error VerifierRegistryNotBonded(address verifier);
    /// @notice Thrown when a bond is withdrawn before `requestUnbond`, or before its delay has passed.
    error VerifierRegistryWithdrawalNotYet(address verifier, uint256 withdrawableAt);
    /// @notice Thrown when a bond is withdrawn while part of it is locked in review seats (`lockedBondOf`).
    error VerifierRegistryBondLocked(address verifier, uint256 locked);
    /// @notice Thrown when a caller other than the review quorum contract locks, releases or seizes bonds.
    error VerifierRegistryNotReviewQuorum(address caller);
    /// @notice A single reviewer's verdict must be backed by `lock` of free bond; `verifier` has `free`.
    error VerifierRegistryBondTooLow(address verifier, uint256 free, uint256 lock);

    event VerifierAdded(address indexed v);
    event VerifierRemoved(address indexed v);
    /// @notice A verifier described itself (optional; shown beside its reviews).
    event VerifierMetadataSet(address indexed verifier, string displayName, bytes32 attestationKeyHash);
    /// @notice `verifier` added `amount` to its bond, which is now `bond`.
    event BondPosted(address indexed verifier, uint256 amount, uint256 bond);
    /// @notice `verifier` left the bonded set; its bond can be withdrawn from `withdrawableAt`.
    event UnbondRequested(address indexed verifier, uint256 bond, uint256 withdrawableAt);
    /// @notice `verifier` took its bond back.
    event BondWithdrawn(address indexed verifier, uint256 amount);
    /// @notice `verifier` holds a review seat (drawn, or its own single-reviewer verdict): `amount` of its bond is locked until the review is final.
    event BondLocked(address indexed verifier, uint256 amount, uint256 locked);
    /// @notice A seat of `verifier` ended: `unlocked` of its bond is free again and `seized` of it was taken
    /// (an outlier's, or an idle or overturned seat's penalty); `bond` is what remains, and `bonded` says
    /// whether it is still in the bonded set (a bond seized below `MIN_BOND` leaves it until topped up).
    event BondReleased(address indexed verifier, uint256 unlocked, uint256 seized, uint256 bond, bool bonded);

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

    /// @notice The smallest bond that joins the bonded set (native currency, wei), set at deploy.
    function MIN_BOND() external view returns (uint256);
    /// @notice How long a bond stays locked after `requestUnbond`.
    function UNBONDING_DELAY() external view returns (uint64);
    /// @notice Adds `msg.value` to the sender's bond; the sender joins the bonded set once the bond
    /// reaches `MIN_BOND` (a first deposit must reach it, as must one topping up a bond a penalty took
    /// below it).
    function postBond() external payable;
    /// @notice Leaves the bonded set at once; the bond can be withdrawn `UNBONDING_DELAY` later.
    function requestUnbond() external;
    /// @notice Sends the sender's whole bond back, once its unbonding delay has passed.
    function withdrawBond() external;
    /// @notice `verifier`'s bond and, while it is leaving, when it can be withdrawn (0: not leaving).
    function bondOf(address verifier) external view returns (uint256 amount, uint256 withdrawableAt);
    /// @notice Whether `verifier` is in the bonded set (bond at least `MIN_BOND`, not leaving).
    function isBonded(address verifier) external view returns (bool);
    /// @notice How many verifiers are in the bonded set.
    function bondedCount() external view returns (uint256);
    /// @notice The bonded verifier at `index` (order changes when one leaves).
    function bondedVerifiers(uint256 index) external view returns (address);
    /// @notice The sum of the bonded set's bonds (leaving verifiers' bonds not included).
    function totalBonded() external view returns (uint256);
    /// @notice The review quorum contract: the only caller that may lock, release or seize bonds.
    function reviewQuorum() external view returns (address);
    /// @notice The part of `verifier`'s bond locked in review seats that are not final yet.
    function lockedBondOf(address verifier) external view returns (uint256);
    /// @notice Review quorum only: draws `count` seats from the bonded set, excluding `excluded`, each
    /// locking `lock` of its holder's free bond. A verifier holds one ticket per whole `lock` of free
    /// bond; tickets are drawn without replacement, so seats go in proportion to bond and splitting a
    /// bond over many addresses gains nothing. Returns no seat (locks nothing) when fewer than `count`
    /// tickets are eligible.
    function drawSeats(bytes32 seed, uint256 count, uint256 lock, address[] calldata excluded)
        external
        returns (address[] memory seats);
    /// @notice Review quorum only: locks `lock` of `verifier`'s free bond for the one seat of a single
    /// reviewer's verdict (reverts `VerifierRegistryBondTooLow` when its free bond is smaller; a leaving
    /// verifier's bond may still back it: it cannot be withdrawn while locked).
    function lockSeat(address verifier, uint256 lock) external;
    /// @notice Review quorum only: unlocks a seat's `lock` and seizes `penalty` of it (sent to the caller).
    function releaseSeat(address verifier, uint256 lock, uint256 penalty) external;
}
