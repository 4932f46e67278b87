// SPDX-License-Identifier: MIT
// test/utils/Vm.sol
pragma solidity ^0.8.28;

/// @dev The cheatcodes our Solidity tests use, as the Hardhat (EDR) test runner implements them.
/// Declared here rather than pulled from forge-std, which is not available offline.
interface Vm {
    struct Gas {
        uint64 gasLimit;
        uint64 gasTotalUsed;
        uint64 gasMemoryUsed;
        int64 gasRefunded;
        uint64 gasRemaining;
    }

    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function deal(address account, uint256 newBalance) external;
    function warp(uint256 newTimestamp) external;
    function roll(uint256 newHeight) external;
    /// @dev The block time now. Read it rather than `block.timestamp` after a `warp`: via-IR may
    /// reuse an earlier TIMESTAMP, which it takes to be constant within the test's transaction.
    function getBlockTimestamp() external view returns (uint256 timestamp);
    function expectRevert(bytes calldata revertData) external;
    function expectRevert(bytes4 revertData) external;
    function expectRevert() external;
    function expectEmit() external;
    function expectEmit(address emitter) external;
    function assume(bool condition) external pure;
    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function label(address account, string calldata newLabel) external;
    function snapshotState() external returns (uint256 snapshotId);
    function revertToState(uint256 snapshotId) external returns (bool success);
    function getNonce(address account) external view returns (uint64 nonce);
    function lastCallGas() external view returns (Gas memory gas);
}

/// @dev The cheatcode address every Foundry-compatible runner listens on.
Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
