// SPDX-License-Identifier: MIT
// test/VerifierRegistry.t.sol
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IVerifierRegistry} from "../contracts/interfaces/IVerifierRegistry.sol";
import {VerifierRegistry} from "../contracts/VerifierRegistry.sol";
import {ProtocolTest} from "./utils/ProtocolTest.sol";
import {vm} from "./utils/Vm.sol";

contract VerifierRegistryTest is ProtocolTest {
    function test_constructor_setsOwner() public view {
        _assertEqAddress("owner", verifiers.owner(), address(this));
    }

    function test_constructor_revertsOnZeroOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new VerifierRegistry(address(0));
    }

    function test_addVerifier_allowlistsAndEnumerates() public {
        vm.expectEmit(address(verifiers));
        emit IVerifierRegistry.VerifierAdded(ALICE);
        verifiers.addVerifier(ALICE);
        _assertTrue("is verifier", verifiers.isVerifier(ALICE));
        _assertEq("count", verifiers.verifierCount(), 4);
        _assertEqAddress("last", verifiers.verifiers(3), ALICE);
    }

    function test_addVerifier_revertsIfNotOwner() public {
        vm.prank(OUTSIDER);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, OUTSIDER));
        verifiers.addVerifier(ALICE);
    }

    function test_addVerifier_revertsOnZeroAddress() public {
        vm.expectRevert(IVerifierRegistry.ZeroAddress.selector);
        verifiers.addVerifier(address(0));
    }

    function test_addVerifier_revertsIfAlreadyRegistered() public {
        vm.expectRevert(IVerifierRegistry.AlreadyRegistered.selector);
        verifiers.addVerifier(VERIFIER_1);
    }

    function test_removeVerifier_swapsInTheLast() public {
        vm.expectEmit(address(verifiers));
        emit IVerifierRegistry.VerifierRemoved(VERIFIER_1);
        verifiers.removeVerifier(VERIFIER_1);
        _assertTrue("removed", !verifiers.isVerifier(VERIFIER_1));
        _assertEq("count", verifiers.verifierCount(), 2);
        _assertEqAddress("last moved to the gap", verifiers.verifiers(0), VERIFIER_3);
        _assertEqAddress("middle stays", verifiers.verifiers(1), VERIFIER_2);
        // The moved entry can still be removed (its position was updated).
        verifiers.removeVerifier(VERIFIER_3);
        _assertEq("count after second removal", verifiers.verifierCount(), 1);
        _assertEqAddress("remaining", verifiers.verifiers(0), VERIFIER_2);
    }

    function test_removeVerifier_revertsIfNotRegistered() public {
        vm.expectRevert(IVerifierRegistry.NotRegistered.selector);
        verifiers.removeVerifier(ALICE);
    }

    function test_removeVerifier_revertsIfNotOwner() public {
        vm.prank(OUTSIDER);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, OUTSIDER));
        verifiers.removeVerifier(VERIFIER_1);
    }

    function test_setVerifierMetadata_emits() public {
        vm.expectEmit(address(verifiers));
        emit IVerifierRegistry.VerifierMetadataSet(VERIFIER_1, "lab-one", bytes32(uint256(7)));
        vm.prank(VERIFIER_1);
        verifiers.setVerifierMetadata("lab-one", bytes32(uint256(7)));
    }

    function test_setVerifierMetadata_revertsIfNotVerifier() public {
        vm.prank(OUTSIDER);
        vm.expectRevert(IVerifierRegistry.NotRegistered.selector);
        verifiers.setVerifierMetadata("x", bytes32(0));
    }

    function test_setVerifierMetadata_revertsIfNameTooLong() public {
        string memory longName = "0123456789012345678901234567890123456789012345678901234567890123456789";
        vm.prank(VERIFIER_1);
        vm.expectRevert(abi.encodeWithSelector(IVerifierRegistry.VerifierRegistryDisplayNameTooLong.selector, 70, 64));
        verifiers.setVerifierMetadata(longName, bytes32(0));
    }
}
