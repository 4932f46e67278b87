// SPDX-License-Identifier: MIT
// test/ProjectToken.t.sol
pragma solidity ^0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC20PermitUpgradeable} from
    "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IProjectToken} from "../contracts/interfaces/IProjectToken.sol";
import {BondingCurve} from "../contracts/libraries/BondingCurve.sol";
import {ProjectToken} from "../contracts/ProjectToken.sol";
import {ProtocolTest} from "./utils/ProtocolTest.sol";
import {vm} from "./utils/Vm.sol";

/// @dev A buyer/seller whose receive hook tries to trade again (reentrancy), optionally swallowing the failure.
contract ReentrantTrader {
    ProjectToken internal immutable token;
    bool internal immutable swallow;
    bool public reentryBlocked;

    constructor(ProjectToken token_, bool swallow_) {
        token = token_;
        swallow = swallow_;
    }

    function buy(uint256 amount, uint256 cost) external payable {
        token.buyExact{value: msg.value}(amount, cost, block.timestamp);
    }

    function sell(uint256 amount) external {
        token.sellExact(amount, 0, block.timestamp);
    }

    receive() external payable {
        if (msg.sender != address(token)) return;
        if (swallow) {
            try token.sell(1) {} catch (bytes memory reason) {
                reentryBlocked = bytes4(reason) == ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector;
            }
        } else {
            token.sell(1);
        }
    }
}

/// @dev Refuses every ether transfer.
contract EtherRefuser {
    function buy(ProjectToken token, uint256 amount, uint256 maxCost) external payable {
        token.buyExact{value: msg.value}(amount, maxCost, block.timestamp);
    }

    function sell(ProjectToken token, uint256 amount) external {
        token.sell(amount);
    }
}

/// @dev Forces ether into `target` without calling it (selfdestruct in the creating transaction).
contract EtherForcer {
    constructor(address payable target) payable {
        selfdestruct(target);
    }
}

contract ProjectTokenTest is ProtocolTest {
    ProjectToken internal token;
    uint256 internal projectId;

    function setUp() public override {
        super.setUp();
        (projectId, token) = _createProject();
    }

    // ------------------------------------------------------------------ initialize

    function test_initialize_setsNameSymbolAndCurve() public view {
        _assertTrue("name", keccak256(bytes(token.name())) == keccak256("Sorting Speed"));
        _assertTrue("symbol", keccak256(bytes(token.symbol())) == keccak256("SORT"));
        _assertEq("decimals", token.decimals(), 0);
        _assertEq("basePrice", token.basePrice(), BASE_PRICE);
        _assertEq("slope", token.slope(), SLOPE);
        _assertEq("minerPoolCap", token.minerPoolCap(), POOL_CAP);
        _assertEq("minerPoolMinted", token.minerPoolMinted(), 0);
        _assertEq("minerPoolRemaining", token.minerPoolRemaining(), POOL_CAP);
        _assertEqAddress("ledger", token.proposalLedger(), address(ledger));
        _assertEqAddress("registry", token.registry(), address(registry));
    }

    function test_initialize_revertsIfCalledTwice() public {
        vm.prank(address(registry));
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        token.initialize("X", "X", 1, 1, 1);
    }

    function test_initialize_revertsOnImplementation() public {
        ProjectToken implementation = ProjectToken(registry.tokenImplementation());
        vm.prank(address(registry));
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        implementation.initialize("X", "X", 1, 1, 1);
    }

    function test_initialize_revertsIfNotRegistry() public {
        // A clone of an implementation whose registry is this test: only this test may initialize it.
        ProjectToken mine = ProjectToken(_cloneWithRegistry(address(this)));
        vm.prank(OUTSIDER);
        vm.expectRevert(abi.encodeWithSelector(IProjectToken.ProjectTokenNotRegistry.selector, OUTSIDER));
        mine.initialize("X", "X", 1, 1, 1);
    }

    // ------------------------------------------------------------------ buy

    function test_buy_spendsWhatItCanAndRefundsTheRest() public {
        uint256 cost3 = token.quoteBuyExact(3);
        vm.deal(ALICE, cost3 + 5);
        vm.prank(ALICE);
        uint256 out = token.buy{value: cost3 + 5}();
        _assertEq("tokens out", out, 3);
        _assertEq("refund", ALICE.balance, 5);
        _assertEq("balance", token.balanceOf(ALICE), 3);
        _assertEq("reserve", token.reserve(), cost3);
        _assertEq("contract ether", address(token).balance, cost3);
    }

    function test_buy_emitsBoughtAndTrade() public {
        uint256 cost = token.quoteBuyExact(2);
        vm.deal(ALICE, cost);
        vm.expectEmit(address(token));
        emit IProjectToken.Bought(ALICE, cost, 2);
        vm.expectEmit(address(token));
        emit IProjectToken.Trade(ALICE, true, 2, cost, 2, BASE_PRICE + 2 * SLOPE, cost);
        vm.prank(ALICE);
        token.buy{value: cost}();
    }

    function test_buy_revertsIfPaymentBelowOneToken() public {
        vm.deal(ALICE, BASE_PRICE - 1);
        vm.prank(ALICE);
        vm.expectRevert(IProjectToken.InsufficientPayment.selector);
        token.buy{value: BASE_PRICE - 1}();
    }

    function test_buy_revertsWhenNothingLeftToBuy() public {
        _fillToLimit();
        vm.deal(ALICE, 1 ether);
        vm.prank(ALICE);
        vm.expectRevert(IProjectToken.InsufficientPayment.selector);
        token.buy{value: 1 ether}();
    }

    // ------------------------------------------------------------------ buyExact

    function test_buyExact_chargesTheQuoteAndRefundsExcess() public {
        uint256 cost = token.quoteBuyExact(10);
        _assertEq("raw cost at rho=1", cost, token.costBetween(0, 10));
        vm.deal(ALICE, cost * 2);
        vm.prank(ALICE);
        uint256 charged = token.buyExact{value: cost * 2}(10, cost, block.timestamp);
        _assertEq("charged", charged, cost);
        _assertEq("refund", ALICE.balance, cost);
        _assertEq("spot", token.spotPrice(), token.priceAt(10));
    }

    function test_buyExact_revertsIfZeroAmount() public {
        vm.expectRevert(IProjectToken.ZeroAmount.selector);
        token.buyExact(0, 0, block.timestamp);
    }

    function test_buyExact_revertsIfDeadlinePassed() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IProjectToken.ProjectTokenDeadlinePassed.selector, block.timestamp - 1, block.timestamp
            )
        );
        token.buyExact(1, 1 ether, block.timestamp - 1);
    }

    function test_buyExact_revertsIfSlippageExceeded() public {
        uint256 cost = token.quoteBuyExact(5);
        vm.deal(ALICE, cost);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IProjectToken.ProjectTokenSlippageExceeded.selector, cost, cost - 1));
        token.buyExact{value: cost}(5, cost - 1, block.timestamp);
    }

    function test_buyExact_revertsIfUnderpaid() public {
        uint256 cost = token.quoteBuyExact(5);
        vm.deal(ALICE, cost);
        vm.prank(ALICE);
        vm.expectRevert(IProjectToken.InsufficientPayment.selector);
        token.buyExact{value: cost - 1}(5, cost, block.timestamp);
    }

    function test_buyExact_revertsIfOverSupply() public {
        uint256 room = token.maxBuyable();
        _assertEq("room leaves the pool", room, BondingCurve.MAX_SUPPLY - POOL_CAP);
        vm.expectRevert(IProjectToken.OverSupply.selector);
        token.buyExact(room + 1, type(uint256).max, block.timestamp);
        vm.expectRevert(IProjectToken.OverSupply.selector);
        token.quoteBuyExact(room + 1);
        // The largest amounts are refused by name, not by an arithmetic panic.
        vm.expectRevert(IProjectToken.OverSupply.selector);
        token.buyExact(type(uint256).max, type(uint256).max, block.timestamp);
        vm.expectRevert(IProjectToken.OverSupply.selector);
        token.quoteBuyExact(type(uint256).max);
        vm.expectRevert(IProjectToken.OverSupply.selector);
        token.quoteSell(type(uint256).max);
        _assertEq("quoteBuy of everything", token.quoteBuy(type(uint256).max), room);
    }

    function test_buyExact_revertsIfRefundRefused() public {
        EtherRefuser refuser = new EtherRefuser();
        uint256 cost = token.quoteBuyExact(1);
        vm.deal(address(this), cost + 1);
        vm.expectRevert(IProjectToken.EthRefundFailed.selector);
        refuser.buy{value: cost + 1}(token, 1, cost);
    }

    function test_buyExactFor_deliversToRecipient() public {
        uint256 cost = token.quoteBuyExact(4);
        vm.deal(ALICE, cost + 7);
        vm.prank(ALICE);
        token.buyExactFor{value: cost + 7}(BOB, 4, cost, block.timestamp);
        _assertEq("bob holds", token.balanceOf(BOB), 4);
        _assertEq("alice holds", token.balanceOf(ALICE), 0);
        _assertEq("alice refunded", ALICE.balance, 7);
    }

    // ------------------------------------------------------------------ sell / sellExact

    function test_sell_paysTheQuoteAndBurns() public {
        uint256 paid = _buy(ALICE, token, 10);
        uint256 quote = token.quoteSell(4);
        vm.expectEmit(address(token));
        emit IProjectToken.Sold(ALICE, 4, quote);
        vm.prank(ALICE);
        uint256 out = token.sell(4);
        _assertEq("paid quote", out, quote);
        _assertEq("ether", ALICE.balance, quote);
        _assertEq("supply", token.totalSupply(), 6);
        _assertEq("reserve", token.reserve(), paid - quote);
    }

    function test_sell_revertsIfZeroAmount() public {
        vm.expectRevert(IProjectToken.ZeroAmount.selector);
        token.sell(0);
    }

    function test_sell_revertsIfMoreThanHeld() public {
        _buy(ALICE, token, 3);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IProjectToken.ProjectTokenInsufficientBalance.selector, ALICE, 3, 4));
        token.sell(4);
    }

    function test_sell_revertsIfPayoutRefused() public {
        EtherRefuser refuser = new EtherRefuser();
        _buy(address(refuser), token, 2);
        vm.expectRevert(IProjectToken.EthPayoutFailed.selector);
        refuser.sell(token, 1);
    }

    function test_sellExact_revertsIfDeadlinePassed() public {
        _buy(ALICE, token, 3);
        vm.prank(ALICE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProjectToken.ProjectTokenDeadlinePassed.selector, block.timestamp - 1, block.timestamp
            )
        );
        token.sellExact(1, 0, block.timestamp - 1);
    }

    function test_sellExact_revertsIfRefundTooLow() public {
        _buy(ALICE, token, 3);
        uint256 quote = token.quoteSell(2);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IProjectToken.ProjectTokenRefundTooLow.selector, quote, quote + 1));
        token.sellExact(2, quote + 1, block.timestamp);
    }

    function test_sellExact_emitsTradeWithNewState() public {
        uint256 paid = _buy(ALICE, token, 3);
        uint256 quote = token.quoteSell(1);
        vm.expectEmit(address(token));
        emit IProjectToken.Trade(ALICE, false, 1, quote, 2, BASE_PRICE + 2 * SLOPE, paid - quote);
        vm.prank(ALICE);
        token.sellExact(1, quote, block.timestamp);
    }

    // ------------------------------------------------------------------ ledger hooks

    function test_mintMinerReward_mintsFromPoolAndLowersBackingRatio() public {
        _buy(ALICE, token, 10);
        _assertEq("rho before", token.backingRatio(), 1e18);
        vm.expectEmit(address(token));
        emit IProjectToken.MinerRewardMinted(MINER, 5);
        // The state after the mint, for indexers: 15 tokens over a reserve that paid for 10.
        uint256 reserve = token.reserve();
        uint256 spotAfter = Math.mulDiv(reserve, 2 * token.priceAt(15), 2 * token.costBetween(0, 15), Math.Rounding.Ceil);
        vm.expectEmit(address(token));
        emit IProjectToken.SupplyRepriced(15, spotAfter, reserve);
        vm.prank(address(ledger));
        token.mintMinerReward(MINER, 5);
        _assertEq("spot after", token.spotPrice(), spotAfter);
        _assertEq("minted", token.minerPoolMinted(), 5);
        _assertEq("remaining", token.minerPoolRemaining(), POOL_CAP - 5);
        _assertTrue("rho fell", token.backingRatio() < 1e18);
        _assertEq("max buyable unchanged", token.maxBuyable(), BondingCurve.MAX_SUPPLY - POOL_CAP - 10);
    }

    function test_mintMinerReward_revertsIfNotLedger() public {
        vm.expectRevert(IProjectToken.NotLedger.selector);
        token.mintMinerReward(MINER, 1);
    }

    function test_mintMinerReward_revertsIfZero() public {
        vm.prank(address(ledger));
        vm.expectRevert(IProjectToken.ZeroAmount.selector);
        token.mintMinerReward(MINER, 0);
    }

    function test_mintMinerReward_revertsPastCap() public {
        vm.prank(address(ledger));
        vm.expectRevert(IProjectToken.PoolCapExceeded.selector);
        token.mintMinerReward(MINER, POOL_CAP + 1);
        vm.prank(address(ledger));
        vm.expectRevert(IProjectToken.PoolCapExceeded.selector);
        token.mintMinerReward(MINER, type(uint256).max);
    }

    function test_burnFromLedger_burnsLedgerTokensAndReleasesThemOverThePeriod() public {
        _buy(address(ledger), token, 10);
        uint256 spotBefore = token.spotPrice();
        vm.expectEmit(address(token));
        emit IProjectToken.LedgerBurned(4);
        uint256 reserve = token.reserve();
        // The burn moves no price: the curve still counts the 4 tokens.
        vm.expectEmit(address(token));
        emit IProjectToken.SupplyRepriced(6, spotBefore, reserve);
        vm.prank(address(ledger));
        token.burnFromLedger(4);
        _assertEq("ledger balance", token.balanceOf(address(ledger)), 6);
        _assertEq("supply", token.totalSupply(), 6);
        _assertEq("unreleased", token.unreleasedBurn(), 4);
        _assertEq("pricing supply", token.pricingSupply(), 10);
        _assertEq("spot unchanged", token.spotPrice(), spotBefore);
        _assertEq("rho unchanged", token.backingRatio(), 1e18);
        _assertEq("unreleased counts against the limit", token.maxBuyable(), BondingCurve.MAX_SUPPLY - POOL_CAP - 10);
        // Half the period releases half; the spot rises with no event.
        vm.warp(vm.getBlockTimestamp() + token.BURN_RELEASE_PERIOD() / 2);
        _assertEq("half released", token.unreleasedBurn(), 2);
        _assertTrue("spot rising", token.spotPrice() > spotBefore);
        vm.warp(vm.getBlockTimestamp() + token.BURN_RELEASE_PERIOD() / 2);
        uint256 spotReleased =
            Math.mulDiv(reserve, 2 * token.priceAt(6), 2 * token.costBetween(0, 6), Math.Rounding.Ceil);
        _assertEq("all released", token.unreleasedBurn(), 0);
        _assertEq("pricing supply is the supply", token.pricingSupply(), 6);
        _assertEq("spot at the supply", token.spotPrice(), spotReleased);
        _assertTrue("rho rose", token.backingRatio() > 1e18);
        // (The ledger cannot receive ether; its tokens go to a holder first.)
        vm.prank(address(ledger));
        token.transfer(BOB, 6);
        _assertEq("whole reserve to the holder", _sell(BOB, token, 6), reserve);
    }

    function test_burnFromLedger_addsToWhatIsUnreleasedAndRestarts() public {
        _buy(address(ledger), token, 100);
        vm.prank(address(ledger));
        token.burnFromLedger(40);
        vm.warp(vm.getBlockTimestamp() + (token.BURN_RELEASE_PERIOD() * 3) / 4);
        _assertEq("a quarter left", token.unreleasedBurn(), 10);
        vm.prank(address(ledger));
        token.burnFromLedger(20);
        _assertEq("added", token.unreleasedBurn(), 30);
        vm.warp(vm.getBlockTimestamp() + token.BURN_RELEASE_PERIOD() - 1);
        _assertEq("restarted, rounded up", token.unreleasedBurn(), 1);
        vm.warp(vm.getBlockTimestamp() + 1);
        _assertEq("released", token.unreleasedBurn(), 0);
    }

    function test_burnFromLedger_revertsIfNotLedger() public {
        vm.expectRevert(IProjectToken.NotLedger.selector);
        token.burnFromLedger(1);
    }

    function test_burnFromLedger_revertsIfZero() public {
        vm.prank(address(ledger));
        vm.expectRevert(IProjectToken.ZeroAmount.selector);
        token.burnFromLedger(0);
    }

    function test_burnFromLedger_revertsBeyondLedgerBalance() public {
        vm.prank(address(ledger));
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, address(ledger), 0, 1)
        );
        token.burnFromLedger(1);
    }

    // ------------------------------------------------------------------ views

    function test_views_atZeroSupply() public view {
        _assertEq("spot", token.spotPrice(), BASE_PRICE);
        _assertEq("rho", token.backingRatio(), 1e18);
        _assertEq("reserve", token.reserve(), 0);
        _assertEq("quoteSell(0)", token.quoteSell(0), 0);
        _assertEq("quoteBuy(0)", token.quoteBuy(0), 0);
        _assertEq("priceAt(3)", token.priceAt(3), BASE_PRICE + 3 * SLOPE);
        _assertEq("costBetween(2,2)", token.costBetween(2, 2), 0);
        // The integral of the price: basePrice*n + slope*n*(2a + n)/2.
        _assertEq("costBetween(0,3)", token.costBetween(0, 3), 3 * BASE_PRICE + (9 * SLOPE) / 2);
        _assertEq("costBetween(2,3)", token.costBetween(2, 3), BASE_PRICE + (5 * SLOPE) / 2);
    }

    function test_quoteSell_revertsBeyondSupply() public {
        vm.expectRevert(IProjectToken.OverSupply.selector);
        token.quoteSell(1);
    }

    function test_costBetween_revertsOnBadRange() public {
        vm.expectRevert(abi.encodeWithSelector(IProjectToken.ProjectTokenInvalidRange.selector, 3, 2));
        token.costBetween(3, 2);
        uint256 beyond = BondingCurve.MAX_SUPPLY + 1;
        vm.expectRevert(abi.encodeWithSelector(IProjectToken.ProjectTokenInvalidRange.selector, 0, beyond));
        token.costBetween(0, beyond);
    }

    function test_priceAt_revertsBeyondMaxSupply() public {
        uint256 beyond = BondingCurve.MAX_SUPPLY + 1;
        vm.expectRevert(abi.encodeWithSelector(IProjectToken.ProjectTokenInvalidRange.selector, 0, beyond));
        token.priceAt(beyond);
    }

    function test_quoteBuy_capsAtTheSupplyLimit() public {
        _buy(ALICE, token, 1);
        _assertEq("everything", token.quoteBuy(type(uint256).max), token.maxBuyable());
        _fillToLimit();
        _assertEq("nothing left", token.quoteBuy(1 ether), 0);
    }

    function test_transfer_revertsToTheTokenItself() public {
        _buy(ALICE, token, 2);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(token)));
        token.transfer(address(token), 1);
    }

    // ------------------------------------------------------------------ permit

    function test_permit_setsAllowanceOnceAndRefusesReplay() public {
        uint256 ownerKey = 0xA11CE5;
        address owner = vm.addr(ownerKey);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(token, ownerKey, owner, address(ledger), 7, deadline);
        token.permit(owner, address(ledger), 7, deadline, v, r, s);
        _assertEq("allowance", token.allowance(owner, address(ledger)), 7);
        _assertEq("nonce", token.nonces(owner), 1);
        vm.expectRevert();
        token.permit(owner, address(ledger), 7, deadline, v, r, s);
    }

    function test_permit_domainUsesTokenName() public view {
        bytes32 expected = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes(token.name())),
                keccak256("1"),
                block.chainid,
                address(token)
            )
        );
        _assertTrue("domain separator", token.DOMAIN_SEPARATOR() == expected);
    }

    // ------------------------------------------------------------------ attacks

    function test_attack_reentrantSellerCannotReenter() public {
        ReentrantTrader trader = new ReentrantTrader(token, false);
        uint256 cost = token.quoteBuyExact(5);
        vm.deal(address(this), cost);
        trader.buy{value: cost}(5, cost);
        // The hook's nested sell reverts on the guard, so the payout call fails as a whole.
        vm.expectRevert(IProjectToken.EthPayoutFailed.selector);
        trader.sell(2);
    }

    function test_attack_reentrantSellerSwallowingTheGuardGetsOnlyItsSale() public {
        ReentrantTrader trader = new ReentrantTrader(token, true);
        uint256 cost = token.quoteBuyExact(5);
        vm.deal(address(this), cost);
        trader.buy{value: cost}(5, cost);
        uint256 quote = token.quoteSell(2);
        trader.sell(2);
        _assertTrue("reentry blocked by guard", trader.reentryBlocked());
        _assertEq("paid once", address(trader).balance, quote);
        _assertEq("balance", token.balanceOf(address(trader)), 3);
        _assertEq("reserve", token.reserve(), cost - quote);
    }

    function test_attack_forcedEtherIsIgnored() public {
        uint256 paid = _buy(ALICE, token, 10);
        uint256 quoteBefore = token.quoteSell(10);
        vm.deal(address(this), 5 ether);
        new EtherForcer{value: 5 ether}(payable(address(token)));
        _assertEq("ether arrived", address(token).balance, paid + 5 ether);
        _assertEq("reserve unchanged", token.reserve(), paid);
        _assertEq("quote unchanged", token.quoteSell(10), quoteBefore);
        _assertEq("sell-out pays the reserve", _sell(ALICE, token, 10), paid);
        _assertEq("forced ether stays", address(token).balance, 5 ether);
    }

    function test_attack_allHoldersSellOutAfterRewards() public {
        uint256 paidAlice = _buy(ALICE, token, 40);
        uint256 paidBob = _buy(BOB, token, 25);
        vm.prank(address(ledger));
        token.mintMinerReward(MINER, 30);
        uint256 reserveBefore = token.reserve();
        uint256 outBob = _sell(BOB, token, 25);
        uint256 outMiner = _sell(MINER, token, 30);
        uint256 outAlice = _sell(ALICE, token, 40);
        _assertEq("whole reserve paid out", outBob + outMiner + outAlice, reserveBefore);
        _assertEq("reserve empty", token.reserve(), 0);
        _assertLe("bob never gains", outBob, paidBob);
        _assertLe("alice never gains", outAlice, paidAlice);
    }

    function test_edge_oneToken() public {
        uint256 paid = _buy(ALICE, token, 1);
        _assertEq("first token at the integral of the price", paid, BASE_PRICE + SLOPE / 2);
        _assertEq("sells back for the same", _sell(ALICE, token, 1), BASE_PRICE + SLOPE / 2);
        _assertEq("supply", token.totalSupply(), 0);
    }

    function test_edge_maxSupplyWithExtremeCurve() public {
        (, ProjectToken steep) = _createSteepProject();
        uint256 room = steep.maxBuyable();
        uint256 cost = steep.quoteBuyExact(room);
        // MAX_SLOPE is odd and so is room: the half wei is rounded up, in the reserve's favour.
        _assertEq("raw, rounded up", cost, steep.costBetween(0, room) + 1);
        _assertEq("quoteBuy finds the limit", steep.quoteBuy(cost), room);
        _assertEq("one wei short buys one less", steep.quoteBuy(cost - 1), room - 1);
    }

    /// An attacker sees the verifier's reject in the mempool (its burn raises the backing ratio),
    /// buys just before it and sells just after, in the same block. The burn reaches the curve
    /// linearly over `BURN_RELEASE_PERIOD`, so the same-block sale pays back at most what the buy
    /// cost, and a later sale earns at most `elapsed / period` of what holding through the whole
    /// release earns (the sale value is convex in the unreleased amount, which falls linearly).
    function test_attack_buyBeforeASlashAndSellAfterCapturesTheBurn() public {
        _buy(ALICE, token, 300);
        uint256 id = _submit(MINER, projectId, keccak256("junk"), BASELINE + 5, 200);
        _claim(VERIFIER_1, id);
        // Front-run: buy before the reject lands.
        uint256 cost = _buy(BOB, token, 100);
        vm.prank(VERIFIER_1);
        ledger.reject(id, METRICS_ROOT);
        _assertTrue("the reject burned", token.totalSupply() < 600);
        // Back-run in the same block: nothing earned.
        uint256 snapshot = vm.snapshotState();
        _assertLe("same-block sale earns nothing", _sell(BOB, token, 100), cost);
        vm.revertToState(snapshot);
        // Holding through the whole release earns the holder's share of the burn.
        uint256 period = 24 hours;
        uint256 start = vm.getBlockTimestamp();
        vm.warp(start + period);
        uint256 full = token.quoteSell(100);
        _assertTrue("holders gain once released", full > cost);
        uint256 gainFull = full - cost;
        for (uint256 quarter = 0; quarter < 4; quarter++) {
            uint256 elapsed = (period * quarter) / 4;
            vm.warp(start + elapsed);
            uint256 quote = token.quoteSell(100);
            uint256 gain = quote > cost ? quote - cost : 0;
            _assertLe("gain at most the elapsed share", gain, (gainFull * elapsed) / period);
        }
    }

    // ------------------------------------------------------------------ the reference's curve

    /// The reference's miner tool prices its stake purchase locally as
    /// `basePrice*n + slope*n*(2a + n)//2`, compares it with `costBetween`, and stops on a mismatch
    /// ("bonding-curve formula mismatch: local=3004500000000000 chain=3003000000000000" against the
    /// discrete sum this token used before).
    function test_attack_referenceMinerRefusesACurveThatDisagreesWithItsFormula() public {
        (, ProjectToken referenceCurve) = _createCurveProject(1e15, 1e12);
        _assertEq("first token", referenceCurve.costBetween(0, 1), 1.0005e15);
        _assertEq("the reference tool's 3-token stake", referenceCurve.costBetween(0, 3), 3_004_500_000_000_000);
        for (uint256 a = 0; a < 40; a += 7) {
            for (uint256 n = 0; n < 9; n++) {
                _assertEq("local == chain", referenceCurve.costBetween(a, a + n), _referenceCost(1e15, 1e12, a, n));
            }
        }
        // What a buy at zero supply charges is that same number.
        _assertEq("charged", _buy(ALICE, referenceCurve, 3), 3_004_500_000_000_000);
    }

    function test_flatCurve_quoteBuyIsTheEtherOverTheBasePrice() public {
        (, ProjectToken flat) = _createCurveProject(1e12, 0);
        _assertEq("ten tokens", flat.quoteBuy(10e12 + 1e12 - 1), 10);
        _assertEq("costBetween is linear", flat.costBetween(5, 15), 10e12);
    }

    function testFuzz_costBetween_isTheReferenceFormula(uint256 base, uint256 slope, uint256 from, uint256 n)
        public
    {
        base = _bound(base, 1, BondingCurve.MAX_BASE_PRICE);
        slope = _bound(slope, 0, BondingCurve.MAX_SLOPE);
        from = _bound(from, 0, BondingCurve.MAX_SUPPLY);
        n = _bound(n, 0, BondingCurve.MAX_SUPPLY - from);
        (, ProjectToken t) = _createCurveProject(base, slope);
        _assertEq("costBetween", t.costBetween(from, from + n), _referenceCost(base, slope, from, n));
    }

    /// With an odd slope, `slope*n/2` has a half wei that the reference's formula drops; splitting a
    /// purchase into odd pieces must not collect those halves.
    function testFuzz_splitBuyNeverCheaperThanWhole(uint256 existing, uint256 n, uint256 m) public {
        (, ProjectToken odd) = _createCurveProject(1e12, 1e10 + 1);
        existing = _bound(existing, 0, 1000);
        n = _bound(n, 1, 1000);
        m = _bound(m, 1, 1000);
        if (existing > 0) _buy(BOB, odd, existing);
        uint256 whole = odd.quoteBuyExact(n + m);
        uint256 split = _buy(ALICE, odd, n);
        split += _buy(ALICE, odd, m);
        // (Split pieces can cost a little more: each rounds up in the reserve's favour.)
        _assertGe("split >= whole", split, whole);
    }

    // ------------------------------------------------------------------ fuzz: curve math

    function testFuzz_costBetween_isAdditive(uint256 from, uint256 n, uint256 m) public view {
        from = from % 1e12;
        n = n % 1e12;
        m = m % 1e12;
        _assertEq(
            "cost(n) + cost(m) == cost(n+m)",
            token.costBetween(from, from + n) + token.costBetween(from + n, from + n + m),
            token.costBetween(from, from + n + m)
        );
    }

    function testFuzz_buyThenSell_returnsExactlyWhatWasPaid(uint256 existing, uint256 amount) public {
        existing = existing % 5000;
        amount = 1 + amount % 5000;
        if (existing > 0) _buy(BOB, token, existing);
        uint256 paid = _buy(ALICE, token, amount);
        _assertEq("exact round trip", _sell(ALICE, token, amount), paid);
    }

    function testFuzz_buyThenSell_neverReturnsMoreAfterReward(uint256 existing, uint256 reward, uint256 amount)
        public
    {
        existing = 1 + existing % 5000;
        reward = 1 + reward % POOL_CAP;
        amount = 1 + amount % 5000;
        _buy(BOB, token, existing);
        vm.prank(address(ledger));
        token.mintMinerReward(MINER, reward);
        uint256 paid = _buy(ALICE, token, amount);
        _assertLe("round trip never gains", _sell(ALICE, token, amount), paid);
    }

    function testFuzz_quoteBuyExact_equalsCharged(uint256 existing, uint256 reward, uint256 amount) public {
        existing = 1 + existing % 5000;
        reward = reward % POOL_CAP;
        amount = 1 + amount % 5000;
        _buy(BOB, token, existing);
        if (reward > 0) {
            vm.prank(address(ledger));
            token.mintMinerReward(MINER, reward);
        }
        uint256 quote = token.quoteBuyExact(amount);
        vm.deal(ALICE, quote);
        vm.prank(ALICE);
        _assertEq("charged == quote", token.buyExact{value: quote}(amount, quote, block.timestamp), quote);
        uint256 sellQuote = token.quoteSell(amount);
        _assertEq("paid == quoteSell", _sell(ALICE, token, amount), sellQuote);
    }

    function testFuzz_quoteBuy_isLargestAffordable(uint256 existing, uint256 reward, uint256 burn, uint256 ethIn)
        public
    {
        existing = existing % 20_000;
        reward = reward % POOL_CAP;
        ethIn = ethIn % 1000 ether;
        if (existing > 0) {
            _buy(BOB, token, existing);
            if (reward > 0) {
                vm.prank(address(ledger));
                token.mintMinerReward(address(ledger), reward);
                burn = burn % (reward + 1);
                if (burn > 0) {
                    vm.prank(address(ledger));
                    token.burnFromLedger(burn);
                }
            }
        }
        uint256 n = token.quoteBuy(ethIn);
        if (n > 0) _assertLe("affordable", token.quoteBuyExact(n), ethIn);
        if (n < token.maxBuyable()) _assertTrue("next one is not", token.quoteBuyExact(n + 1) > ethIn);
        if (n > 0) {
            vm.deal(ALICE, ethIn);
            vm.prank(ALICE);
            _assertEq("buy() buys the quote", token.buy{value: ethIn}(), n);
        }
    }

    /// The token clamps before asking (ether past the limit buys up to it), so the library's own
    /// clamp is checked directly.
    function test_maxSupplyWithin_stopsAtTheCap() public pure {
        _assertEq("whole budget", BondingCurve.maxSupplyWithin(BASE_PRICE, SLOPE, type(uint128).max, 1000), 1000);
        uint256 exact = BondingCurve.doubledCost(BASE_PRICE, SLOPE, 0, 1000);
        _assertEq("exactly the cap", BondingCurve.maxSupplyWithin(BASE_PRICE, SLOPE, exact, 1000), 1000);
        _assertEq("one wei short", BondingCurve.maxSupplyWithin(BASE_PRICE, SLOPE, exact - 1, 1000), 999);
    }

    function test_quoteBuy_onAFlatCurve() public {
        (, ProjectToken flat) = _createCurveProject(1e12, 0);
        _assertEq("from zero", flat.quoteBuy(5e12 + 1), 5);
        _buy(ALICE, flat, 3);
        _assertEq("after holders", flat.quoteBuy(4e12 - 1), 3);
    }

    function testFuzz_quoteBuy_isLargestAffordableOnAnyCurve(uint88 basePrice, uint72 slope, uint256 ethIn) public {
        vm.assume(basePrice > 0);
        ethIn = ethIn % (uint256(1) << 200);
        (, ProjectToken t) = _createCurveProject(basePrice, slope);
        uint256 n = t.quoteBuy(ethIn);
        if (n > 0) _assertLe("affordable", t.quoteBuyExact(n), ethIn);
        if (n < t.maxBuyable()) _assertTrue("next one is not", t.quoteBuyExact(n + 1) > ethIn);
    }

    function testFuzz_sell_neverPaysMoreThanReserve(uint256 existing, uint256 reward, uint256 amount) public {
        existing = 1 + existing % 5000;
        reward = reward % POOL_CAP;
        _buy(ALICE, token, existing);
        if (reward > 0) {
            vm.prank(address(ledger));
            token.mintMinerReward(ALICE, reward);
        }
        amount = 1 + amount % (existing + reward);
        uint256 reserveBefore = token.reserve();
        uint256 rhoBefore = token.backingRatio();
        uint256 out = _sell(ALICE, token, amount);
        _assertLe("pays at most the reserve", out, reserveBefore);
        if (token.totalSupply() > 0) _assertTrue("rho never falls on a sale", token.backingRatio() >= rhoBefore);
    }

    // ------------------------------------------------------------------ fuzz: burn release

    function testFuzz_burnRelease_fallsLinearlyToExactlyTheBurnedAmount(uint256 held, uint256 burn, uint256 elapsed)
        public
    {
        held = _bound(held, 1, 1e9);
        burn = _bound(burn, 1, held);
        uint256 period = token.BURN_RELEASE_PERIOD();
        elapsed = _bound(elapsed, 0, 2 * period);
        _buy(address(ledger), token, held);
        vm.prank(address(ledger));
        token.burnFromLedger(burn);
        uint256 start = vm.getBlockTimestamp();
        _assertEq("nothing released at the burn", token.unreleasedBurn(), burn);
        vm.warp(start + elapsed);
        uint256 unreleased = token.unreleasedBurn();
        uint256 released = burn - unreleased;
        _assertLe("released at most elapsed/period", released * period, burn * (elapsed < period ? elapsed : period));
        if (elapsed < period) _assertGe("released > elapsed/period less one", (released + 1) * period, burn * elapsed);
        _assertEq("pricing supply", token.pricingSupply(), held - burn + unreleased);
        vm.warp(start + elapsed + 1);
        _assertLe("never rises", token.unreleasedBurn(), unreleased);
        vm.warp(start + period);
        _assertEq("exactly all released at the end", token.unreleasedBurn(), 0);
        _assertEq("pricing supply is the supply", token.pricingSupply(), held - burn);
    }

    function testFuzz_splitBuyNeverCheaperThanWhole_duringARelease(uint256 burn, uint256 elapsed, uint256 n, uint256 m)
        public
    {
        (, ProjectToken odd) = _createCurveProject(1e12, 1e10 + 1);
        _buy(BOB, odd, 500);
        _buy(address(ledger), odd, 300);
        burn = _bound(burn, 1, 300);
        vm.prank(address(ledger));
        odd.burnFromLedger(burn);
        vm.warp(vm.getBlockTimestamp() + _bound(elapsed, 0, odd.BURN_RELEASE_PERIOD()));
        n = _bound(n, 1, 1000);
        m = _bound(m, 1, 1000);
        uint256 whole = odd.quoteBuyExact(n + m);
        uint256 split = _buy(ALICE, odd, n);
        split += _buy(ALICE, odd, m);
        _assertGe("split >= whole", split, whole);
        // And selling in pieces never pays more than selling at once.
        uint256 snapshot = vm.snapshotState();
        uint256 sellWhole = _sell(ALICE, odd, n + m);
        vm.revertToState(snapshot);
        _assertLe("split sale <= whole sale", _sell(ALICE, odd, n) + _sell(ALICE, odd, m), sellWhole);
    }

    /// Selling the whole supply during a release pays at most the reserve (the rest backs the
    /// unreleased tokens); once released, it pays exactly the reserve.
    function testFuzz_sellOut_solventWithUnreleasedBurns(uint256 alice, uint256 reward, uint256 burn, uint256 elapsed)
        public
    {
        alice = _bound(alice, 1, 5000);
        reward = _bound(reward, 0, POOL_CAP);
        _buy(ALICE, token, alice);
        _buy(address(ledger), token, 200);
        if (reward > 0) {
            vm.prank(address(ledger));
            token.mintMinerReward(MINER, reward);
        }
        burn = _bound(burn, 1, 200);
        vm.prank(address(ledger));
        token.burnFromLedger(burn);
        vm.prank(address(ledger));
        token.transfer(BOB, 200 - burn);
        uint256 start = vm.getBlockTimestamp();
        vm.warp(start + _bound(elapsed, 0, token.BURN_RELEASE_PERIOD() - 1));
        uint256 reserve = token.reserve();
        uint256 snapshot = vm.snapshotState();
        uint256 paid = _sellAll();
        _assertLe("pays at most the reserve", paid, reserve);
        _assertEq("supply sold out", token.totalSupply(), 0);
        vm.revertToState(snapshot);
        vm.warp(start + token.BURN_RELEASE_PERIOD());
        _assertEq("released: pays exactly the reserve", _sellAll(), reserve);
    }

    // ------------------------------------------------------------------ helpers

    function _sellAll() internal returns (uint256 paid) {
        address[3] memory holders = [ALICE, BOB, MINER];
        for (uint256 i = 0; i < holders.length; i++) {
            uint256 held = token.balanceOf(holders[i]);
            if (held > 0) paid += _sell(holders[i], token, held);
        }
    }

    function _fillToLimit() internal {
        // A steep purchase of everything buyable: give the buyer whatever it costs.
        uint256 room = token.maxBuyable();
        _buy(BOB, token, room);
    }

    /// @dev The reference client's `cost_between`, term for term.
    function _referenceCost(uint256 base, uint256 slope, uint256 from, uint256 n) internal pure returns (uint256) {
        return base * n + (slope * n * (2 * from + n)) / 2;
    }

    function _createSteepProject() internal returns (uint256, ProjectToken) {
        return _createCurveProject(uint88(BondingCurve.MAX_BASE_PRICE), uint72(BondingCurve.MAX_SLOPE));
    }

    function _createCurveProject(uint256 basePrice, uint256 slope) internal returns (uint256 id, ProjectToken t) {
        vm.prank(CREATOR);
        (uint256 newId, address tokenAddr) = registry.createProject(
            PROTOCOL_ROOT, REPO_ROOT, BENCH_ROOT, BASELINE, METRICS_ROOT, "Steep", "STP", basePrice, slope, 0
        );
        return (newId, ProjectToken(tokenAddr));
    }

    /// @dev An EIP-1167 clone of a token implementation whose registry is `registry_`.
    function _cloneWithRegistry(address registry_) internal returns (address clone) {
        ProjectToken implementation = new ProjectToken(address(ledger), registry_);
        bytes memory code = abi.encodePacked(
            hex"3d602d80600a3d3981f3363d3d373d3d3d363d73", address(implementation), hex"5af43d82803e903d91602b57fd5bf3"
        );
        assembly {
            clone := create(0, add(code, 0x20), mload(code))
        }
    }
}
