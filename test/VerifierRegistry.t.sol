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
        new VerifierRegistry(address(0), MIN_BOND, address(quorum));
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

    // ------------------------------------------------------------------ bonds

    function test_constructor_revertsOnZeroMinBond() public {
        vm.expectRevert(IVerifierRegistry.VerifierRegistryZeroBond.selector);
        new VerifierRegistry(address(this), 0, address(quorum));
    }

    function test_postBond_joinsTheBondedSetWithoutTheOwner() public {
        vm.deal(OUTSIDER, 1 ether);
        vm.expectEmit(address(verifiers));
        emit IVerifierRegistry.BondPosted(OUTSIDER, MIN_BOND, MIN_BOND);
        vm.prank(OUTSIDER);
        verifiers.postBond{value: MIN_BOND}();
        _assertTrue("bonded", verifiers.isBonded(OUTSIDER));
        _assertTrue("not allowlisted by it", !verifiers.isVerifier(OUTSIDER));
        _assertEq("one bonded", verifiers.bondedCount(), 1);
        _assertEqAddress("enumerated", verifiers.bondedVerifiers(0), OUTSIDER);
        // More adds to the same bond.
        vm.prank(OUTSIDER);
        verifiers.postBond{value: 0.25 ether}();
        (uint256 amount, uint256 withdrawableAt) = verifiers.bondOf(OUTSIDER);
        _assertEq("bond", amount, MIN_BOND + 0.25 ether);
        _assertEq("not leaving", withdrawableAt, 0);
        _assertEq("still one entry", verifiers.bondedCount(), 1);
        _assertEq("total", verifiers.totalBonded(), MIN_BOND + 0.25 ether);
        _assertEq("held", address(verifiers).balance, MIN_BOND + 0.25 ether);
    }

    function test_postBond_refusesNothingAndLessThanTheMinimum() public {
        vm.deal(OUTSIDER, 1 ether);
        vm.startPrank(OUTSIDER);
        vm.expectRevert(IVerifierRegistry.VerifierRegistryZeroBond.selector);
        verifiers.postBond();
        vm.expectRevert(
            abi.encodeWithSelector(IVerifierRegistry.VerifierRegistryBondBelowMinimum.selector, MIN_BOND - 1, MIN_BOND)
        );
        verifiers.postBond{value: MIN_BOND - 1}();
        vm.stopPrank();
        _assertTrue("not bonded", !verifiers.isBonded(OUTSIDER));
    }

    function test_requestUnbond_leavesAtOnceAndTheBondComesBackAfterTheDelay() public {
        vm.deal(ALICE, 1 ether);
        vm.deal(BOB, 1 ether);
        vm.prank(ALICE);
        verifiers.postBond{value: 0.5 ether}();
        vm.prank(BOB);
        verifiers.postBond{value: 0.2 ether}();
        uint256 withdrawableAt = block.timestamp + verifiers.UNBONDING_DELAY();
        vm.expectEmit(address(verifiers));
        emit IVerifierRegistry.UnbondRequested(ALICE, 0.5 ether, withdrawableAt);
        vm.prank(ALICE);
        verifiers.requestUnbond();
        _assertTrue("out of the set at once", !verifiers.isBonded(ALICE));
        _assertEq("one left", verifiers.bondedCount(), 1);
        _assertEqAddress("the last moved into the gap", verifiers.bondedVerifiers(0), BOB);
        _assertEq("total without the leaver", verifiers.totalBonded(), 0.2 ether);
        vm.startPrank(ALICE);
        // Leaving is one way until the bond is back: no deposit, no second request, no early withdrawal.
        bytes memory leaving =
            abi.encodeWithSelector(IVerifierRegistry.VerifierRegistryUnbonding.selector, ALICE, withdrawableAt);
        vm.expectRevert(leaving);
        verifiers.postBond{value: 0.1 ether}();
        vm.expectRevert(leaving);
        verifiers.requestUnbond();
        vm.warp(withdrawableAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IVerifierRegistry.VerifierRegistryWithdrawalNotYet.selector, ALICE, withdrawableAt)
        );
        verifiers.withdrawBond();
        vm.warp(withdrawableAt);
        vm.expectEmit(address(verifiers));
        emit IVerifierRegistry.BondWithdrawn(ALICE, 0.5 ether);
        verifiers.withdrawBond();
        _assertEq("bond back", ALICE.balance, 1 ether);
        (uint256 amount, uint256 until) = verifiers.bondOf(ALICE);
        _assertEq("nothing held", amount + until, 0);
        // And it may join again.
        verifiers.postBond{value: MIN_BOND}();
        vm.stopPrank();
        _assertTrue("bonded again", verifiers.isBonded(ALICE));
        _assertEq("held: the two bonds", address(verifiers).balance, 0.2 ether + MIN_BOND);
    }

    function test_requestUnbond_revertsIfNotBonded() public {
        vm.prank(OUTSIDER);
        vm.expectRevert(abi.encodeWithSelector(IVerifierRegistry.VerifierRegistryNotBonded.selector, OUTSIDER));
        verifiers.requestUnbond();
    }

    function test_withdrawBond_revertsWithoutARequest() public {
        vm.deal(OUTSIDER, 1 ether);
        vm.startPrank(OUTSIDER);
        verifiers.postBond{value: MIN_BOND}();
        vm.expectRevert(abi.encodeWithSelector(IVerifierRegistry.VerifierRegistryWithdrawalNotYet.selector, OUTSIDER, 0));
        verifiers.withdrawBond();
        vm.stopPrank();
    }

    function test_attack_ownerRemovesABondedVerifier() public {
        // The owner's allowlist powers do not reach the bonded set: it can neither remove a bonded
        // verifier nor touch its bond.
        vm.deal(OUTSIDER, 1 ether);
        vm.prank(OUTSIDER);
        verifiers.postBond{value: MIN_BOND}();
        vm.expectRevert(IVerifierRegistry.NotRegistered.selector);
        verifiers.removeVerifier(OUTSIDER);
        vm.expectRevert(abi.encodeWithSelector(IVerifierRegistry.VerifierRegistryNotBonded.selector, address(this)));
        verifiers.requestUnbond();
        _assertTrue("still bonded", verifiers.isBonded(OUTSIDER));
    }
}
