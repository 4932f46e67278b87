// SPDX-License-Identifier: MIT
// contracts/ProjectToken.sol
pragma solidity ^0.8.28;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {ERC20PermitUpgradeable} from
    "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IProjectToken} from "./interfaces/IProjectToken.sol";
import {BondingCurve} from "./libraries/BondingCurve.sol";

/**
 * @title ProjectToken
 * @dev One project's token (0 decimals, EIP-2612 permit), sold by a linear bonding curve. Each
 * project gets an EIP-1167 clone of one implementation, initialized by the registry in the same
 * transaction that makes it.
 *
 * Pricing. Minted miner rewards are not paid for, so the reserve cannot back the supply at raw curve
 * prices. Every trade is therefore priced at the raw curve scaled by the backing ratio
 * `rho = reserve / costBetween(0, P)`: a buy of n costs `ceil(rho * costBetween(P, P+n))`, a sale of
 * n pays `floor(rho * costBetween(P-n, P))`. `P` is the pricing supply, `totalSupply` plus what is
 * still unreleased of recent ledger burns (below). Trades never lower `rho` (rounding favours the
 * reserve); a reward mint lowers it; a released burn raises it. At zero pricing supply the raw
 * curve applies (rho = 1). `priceAt` and `costBetween` stay the raw curve, as in the reference, whose
 * clients price `n` tokens from supply `a` as `basePrice*n + slope*n*(2a + n)/2` and refuse to trade
 * when the chain disagrees. Internally the costs are taken doubled (exact; see {BondingCurve}), so
 * that the odd half-wei of `slope*n/2` never makes a split trade cheaper than a whole one.
 *
 * Burn release. A ledger burn (a slashed stake) takes the tokens out of `totalSupply` and the
 * ledger's balance at once, but reaches the curve linearly over `BURN_RELEASE_PERIOD` (24 h): the
 * curve prices as if the unreleased part were still supply, `P = totalSupply + unreleasedBurn()`,
 * where `unreleasedBurn()` falls linearly (rounded up) from the amount burned to 0 over the period.
 * A new burn adds to what is still unreleased and restarts the period. So the burn itself moves no
 * price: a buy just before it and a sale just after it in the same block round-trip at the same
 * `rho` and earn nothing. Later, what a position sells for is convex in the unreleased amount,
 * which falls linearly, so a holder who bought just before the burn gains at most `elapsed/period`
 * of what holding through the whole release gains (`test_attack_buyBeforeASlashAndSellAfterCapturesTheBurn`).
 * One release for all burns (a new burn restarts it) keeps the state in one slot; a restart only
 * slows the older part, never speeds it up. The spot price
 * then rises over the period without events: `SupplyRepriced` after a burn carries the state at
 * the burn, and readers that need the live price read `spotPrice()`. While a release runs, selling
 * the whole supply pays `rho * costBetween(U, P)`, less than the reserve: the rest backs the
 * unreleased tokens and reaches the remaining holders as they are released. (If every holder sold
 * out during a release, what the released tokens backed stays in the reserve for the next buyers.)
 * The release state shares the reserve's storage slot, so trades read and write no extra slot.
 * Reward mints are not released this way: they dilute at once, as before.
 *
 * Rules chosen where the design is silent (to protect holders' funds):
 * - `basePrice` must be positive: with a free first token, a supply could exist with no ether behind
 *   it and the backing ratio would be 0/0.
 * - The supply may never exceed `BondingCurve.MAX_SUPPLY`; buys stop early enough that the unminted
 *   miner pool always fits, so an approval can always mint its reward. The limit applies to the
 *   pricing supply, so unreleased burns count against it until released (and the curve is never
 *   priced beyond MAX_SUPPLY).
 * - Tokens cannot be sent to the token contract itself (they could never be sold).
 * - The reserve is tracked, not read from the balance: ether forced into the contract (selfdestruct,
 *   coinbase) is ignored and can never be paid out.
 *
 * Invariants (fuzzed in test/invariants): `invariant_reserveCoversFullSellOut` (selling the whole
 * supply, in any order, pays at most the reserve, and once every burn is released the last seller
 * receives what is left),
 * `invariant_backingRatioOnlyFallsOnRewardMint`, `invariant_minerRewardsWithinCap`,
 * `invariant_etherBalanceCoversReserve`.
 */
contract ProjectToken is IProjectToken, ERC20PermitUpgradeable, ReentrancyGuardTransient {
    // ------------------------------------------------------------------ constants

    /// @inheritdoc IProjectToken
    uint256 public constant BURN_RELEASE_PERIOD = 24 hours;

    // ------------------------------------------------------------------ immutables

    /// @inheritdoc IProjectToken
    /// @dev An immutable of the implementation, so the same for every clone (one ledger per deployment).
    address public immutable proposalLedger;
    /// @dev The registry that clones and initializes project tokens.
    address public immutable registry;

    // ------------------------------------------------------------------ storage

    /// @dev Curve parameters (written once in `initialize`) and the pool's minted amount, in one slot
    /// read by every trade: basePrice 88 | slope 72 | minerPoolCap 48 | minerPoolMinted 48.
    struct Curve {
        uint88 basePrice;
        uint72 slope;
        uint48 minerPoolCap;
        uint48 minerPoolMinted;
    }

    Curve private _curve;
    /**
     * @dev The ether backing the supply and the burn release, in one word read and written once by
     * every trade, low bits first: reserve 168 | unreleased 48 | releaseStart 40 (a plain word with
     * the accessors below: a packed struct in memory cost trades ~300 gas more).
     * `reserve` is tracked (see the contract notes); 168 bits hold `costBetween(0, MAX_SUPPLY)` on
     * any curve (see {BondingCurve}), and a buy past them reverts (SafeCast). `unreleased` is what
     * was still unreleased of the ledger's burns at `releaseStart` (at most the pricing supply, so
     * at most MAX_SUPPLY).
     */
    uint256 private _backing;

    uint256 private constant _UNRELEASED_SHIFT = 168;
    uint256 private constant _RELEASE_START_SHIFT = 216;

    // ------------------------------------------------------------------ modifiers

    modifier onlyLedger() {
        _checkLedger();
        _;
    }

    // ------------------------------------------------------------------ construction

    /// @param proposalLedger_ The ledger allowed to mint rewards and burn its own tokens.
    /// @param registry_ The registry allowed to initialize clones.
    constructor(address proposalLedger_, address registry_) {
        proposalLedger = proposalLedger_;
        registry = registry_;
        _disableInitializers();
    }

    /**
     * @notice Sets a fresh clone's name, symbol and curve. Registry only, once.
     * @dev Requirements: non-empty name and symbol; `0 < basePrice <= 2^88-1`, `slope <= 2^72-1`,
     * `minerPoolCap < MAX_SUPPLY` (see {BondingCurve} for why these bounds keep the math exact).
     */
    function initialize(
        string calldata name_,
        string calldata symbol_,
        uint256 basePrice_,
        uint256 slope_,
        uint256 minerPoolCap_
    ) external initializer {
        if (msg.sender != registry) revert ProjectTokenNotRegistry(msg.sender);
        if (bytes(name_).length == 0 || bytes(symbol_).length == 0) revert ProjectTokenEmptyNameOrSymbol();
        if (
            basePrice_ == 0 || basePrice_ > BondingCurve.MAX_BASE_PRICE || slope_ > BondingCurve.MAX_SLOPE
                || minerPoolCap_ >= BondingCurve.MAX_SUPPLY
        ) revert ProjectTokenInvalidCurve(basePrice_, slope_, minerPoolCap_);
        __ERC20_init(name_, symbol_);
        // EIP-712 name and version come from the overrides below, so nothing more is stored.
        _curve = Curve(uint88(basePrice_), uint72(slope_), uint48(minerPoolCap_), 0);
    }

    // ------------------------------------------------------------------ trading

    /// @inheritdoc IProjectToken
    function buy() external payable nonReentrant returns (uint256 tokensOut) {
        uint256 backing = _backing;
        uint256 pricedSupply = _pricingSupply(backing);
        tokensOut = _quoteBuy(pricedSupply, _reserveOf(backing), msg.value);
        if (tokensOut == 0) revert InsufficientPayment();
        uint256 cost = _quoteBuyExact(pricedSupply, _reserveOf(backing), tokensOut);
        _buy(msg.sender, tokensOut, cost, pricedSupply, backing);
    }

    /// @inheritdoc IProjectToken
    function buyExact(uint256 amount, uint256 maxCost, uint256 deadline)
        external
        payable
        nonReentrant
        returns (uint256 cost)
    {
        cost = _buyExact(msg.sender, amount, maxCost, deadline);
    }

    /// @inheritdoc IProjectToken
    function buyExactFor(address recipient, uint256 amount, uint256 maxCost, uint256 deadline)
        external
        payable
        nonReentrant
        returns (uint256 cost)
    {
        // Minting to and burning from the zero address in one `_update` would leave the supply
        // unchanged while the reserve grows (`test_attack_buyForTheZeroAddressAddsReserveWithNoSupply`).
        if (recipient == address(0)) revert ProjectTokenZeroRecipient();
        cost = _buyExact(recipient, amount, maxCost, deadline);
    }

    /// @inheritdoc IProjectToken
    function sell(uint256 amount) external nonReentrant returns (uint256 ethOut) {
        ethOut = _sell(amount, 0);
    }

    /// @inheritdoc IProjectToken
    function sellExact(uint256 amount, uint256 minRefund, uint256 deadline)
        external
        nonReentrant
        returns (uint256 refund)
    {
        _checkDeadline(deadline);
        refund = _sell(amount, minRefund);
    }

    // ------------------------------------------------------------------ ledger hooks

    /// @inheritdoc IProjectToken
    function mintMinerReward(address miner, uint256 amount) external onlyLedger {
        if (amount == 0) revert ZeroAmount();
        Curve memory curve = _curve;
        if (amount > curve.minerPoolCap - curve.minerPoolMinted) revert PoolCapExceeded();
        // Buys leave room for the whole pool, so the supply stays within MAX_SUPPLY.
        _curve.minerPoolMinted = uint48(curve.minerPoolMinted + amount);
        _updateSupply(address(0), miner, amount, _backing);
        emit MinerRewardMinted(miner, amount);
        _emitRepriced();
    }

    /// @inheritdoc IProjectToken
    function burnFromLedger(uint256 amount) external onlyLedger {
        if (amount == 0) revert ZeroAmount();
        uint256 backing = _backing;
        // What is still unreleased plus this burn, released from now on. It is at most the pricing
        // supply (the burned tokens leave totalSupply), so it fits 48 bits.
        backing = _reserveOf(backing) | ((_unreleased(backing) + amount) << _UNRELEASED_SHIFT)
            | (block.timestamp << _RELEASE_START_SHIFT);
        _updateSupply(msg.sender, address(0), amount, backing);
        emit LedgerBurned(amount);
        _emitRepriced();
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IProjectToken
    function quoteBuy(uint256 ethIn) external view returns (uint256 tokensOut) {
        uint256 backing = _backing;
        return _quoteBuy(_pricingSupply(backing), _reserveOf(backing), ethIn);
    }

    /// @inheritdoc IProjectToken
    function quoteBuyExact(uint256 amount) external view returns (uint256 cost) {
        uint256 backing = _backing;
        uint256 pricedSupply = _pricingSupply(backing);
        if (amount > _supplyLimit() - pricedSupply) revert OverSupply();
        return _quoteBuyExact(pricedSupply, _reserveOf(backing), amount);
    }

    /// @inheritdoc IProjectToken
    function quoteSell(uint256 tokensIn) external view returns (uint256 ethOut) {
        if (tokensIn > totalSupply()) revert OverSupply();
        uint256 backing = _backing;
        return _quoteSell(_pricingSupply(backing), _reserveOf(backing), tokensIn);
    }

    /// @inheritdoc IProjectToken
    function costBetween(uint256 from, uint256 to) external view returns (uint256) {
        if (from > to || to > BondingCurve.MAX_SUPPLY) revert ProjectTokenInvalidRange(from, to);
        Curve memory curve = _curve;
        return BondingCurve.cost(curve.basePrice, curve.slope, from, to);
    }

    /// @inheritdoc IProjectToken
    function priceAt(uint256 supply) external view returns (uint256) {
        if (supply > BondingCurve.MAX_SUPPLY) revert ProjectTokenInvalidRange(0, supply);
        Curve memory curve = _curve;
        return BondingCurve.priceAt(curve.basePrice, curve.slope, supply);
    }

    /// @inheritdoc IProjectToken
    function spotPrice() public view returns (uint256) {
        uint256 backing = _backing;
        return _spotPrice(_pricingSupply(backing), _reserveOf(backing));
    }

    /// @inheritdoc IProjectToken
    function reserve() external view returns (uint256) {
        return _reserveOf(_backing);
    }

    /// @inheritdoc IProjectToken
    function backingRatio() external view returns (uint256) {
        uint256 backing = _backing;
        uint256 pricedSupply = _pricingSupply(backing);
        if (pricedSupply == 0) return 1e18;
        Curve memory curve = _curve;
        return Math.mulDiv(
            _reserveOf(backing), 2e18, BondingCurve.doubledCost(curve.basePrice, curve.slope, 0, pricedSupply)
        );
    }

    /// @inheritdoc IProjectToken
    function unreleasedBurn() external view returns (uint256) {
        return _unreleased(_backing);
    }

    /// @inheritdoc IProjectToken
    function pricingSupply() external view returns (uint256) {
        return _pricingSupply(_backing);
    }

    /// @inheritdoc IProjectToken
    function maxBuyable() external view returns (uint256) {
        return _supplyLimit() - _pricingSupply(_backing);
    }

    /// @inheritdoc IProjectToken
    function basePrice() external view returns (uint256) {
        return _curve.basePrice;
    }

    /// @inheritdoc IProjectToken
    function slope() external view returns (uint256) {
        return _curve.slope;
    }

    /// @inheritdoc IProjectToken
    function minerPoolCap() external view returns (uint256) {
        return _curve.minerPoolCap;
    }

    /// @inheritdoc IProjectToken
    function minerPoolMinted() external view returns (uint256) {
        return _curve.minerPoolMinted;
    }

    /// @inheritdoc IProjectToken
    function minerPoolRemaining() external view returns (uint256) {
        Curve memory curve = _curve;
        return curve.minerPoolCap - curve.minerPoolMinted;
    }

    /// @notice Whole tokens only: the curve prices one token at a time.
    function decimals() public pure override returns (uint8) {
        return 0;
    }

    // ------------------------------------------------------------------ internal: trades

    function _buyExact(address recipient, uint256 amount, uint256 maxCost, uint256 deadline)
        private
        returns (uint256 cost)
    {
        _checkDeadline(deadline);
        if (amount == 0) revert ZeroAmount();
        uint256 backing = _backing;
        uint256 pricedSupply = _pricingSupply(backing);
        if (amount > _supplyLimit() - pricedSupply) revert OverSupply();
        cost = _quoteBuyExact(pricedSupply, _reserveOf(backing), amount);
        if (cost > maxCost) revert ProjectTokenSlippageExceeded(cost, maxCost);
        _buy(recipient, amount, cost, pricedSupply, backing);
    }

    /**
     * @dev Mints `amount` to `recipient` for `cost`, then refunds what `msg.value` holds beyond it.
     * `pricedSupply` and `backing` are the state the cost was quoted from (read once per trade).
     */
    function _buy(address recipient, uint256 amount, uint256 cost, uint256 pricedSupply, uint256 backing)
        private
    {
        if (msg.value < cost) revert InsufficientPayment();
        uint256 newReserve = SafeCast.toUint168(_reserveOf(backing) + cost);
        unchecked {
            // The reserve is the low field and still fits it, so adding to the word adds to it alone.
            backing += cost;
        }
        _updateSupply(address(0), recipient, amount, backing);
        emit Bought(recipient, cost, amount);
        emit Trade(
            recipient, true, amount, cost, totalSupply(), _spotPrice(pricedSupply + amount, newReserve), newReserve
        );
        if (msg.value > cost) {
            (bool ok,) = msg.sender.call{value: msg.value - cost}("");
            if (!ok) revert EthRefundFailed();
        }
    }

    function _sell(uint256 amount, uint256 minRefund) private returns (uint256 refund) {
        if (amount == 0) revert ZeroAmount();
        uint256 held = balanceOf(msg.sender);
        if (amount > held) revert ProjectTokenInsufficientBalance(msg.sender, held, amount);
        uint256 backing = _backing;
        uint256 pricedSupply = _pricingSupply(backing);
        refund = _quoteSell(pricedSupply, _reserveOf(backing), amount);
        if (refund < minRefund) revert ProjectTokenRefundTooLow(refund, minRefund);
        // A sale pays at most the reserve (costBetween(P-n, P) <= costBetween(0, P), floor).
        uint256 newReserve;
        unchecked {
            // refund <= reserve (above), and the reserve is the low field: nothing borrows from the others.
            newReserve = _reserveOf(backing) - refund;
            backing -= refund;
        }
        _updateSupply(msg.sender, address(0), amount, backing);
        emit Sold(msg.sender, amount, refund);
        emit Trade(
            msg.sender,
            false,
            amount,
            refund,
            totalSupply(),
            _spotPrice(pricedSupply - amount, newReserve),
            newReserve
        );
        (bool ok,) = msg.sender.call{value: refund}("");
        if (!ok) revert EthPayoutFailed();
    }

    /**
     * @dev The one place where the supply changes (trades, reward mints, ledger burns), writing the
     * reserve and the burn release with it: the only place the backing ratio moves besides time
     * releasing a burn.
     */
    function _updateSupply(address from, address to, uint256 amount, uint256 backing) private {
        _update(from, to, amount);
        _backing = backing;
    }

    // ------------------------------------------------------------------ internal: pricing
    //
    // Every price is a ratio of doubled raw costs (exact and additive; see {BondingCurve}), so
    // `rho * cost(P, P+n)` is `reserve * doubledCost(P, P+n) / doubledCost(0, P)`, with `P` the
    // pricing supply. At zero pricing supply (rho = 1) a buy of n costs `ceil(doubledCost(0, n) / 2)`:
    // the reference's `costBetween`, rounded up when `slope*n` is odd, in the reserve's favour.

    /**
     * @dev What is still unreleased of the ledger's burns now: `unreleased` at `releaseStart`, falling
     * linearly to 0 over BURN_RELEASE_PERIOD, rounded up (so no more than `elapsed / period` of it is
     * ever released; the whole of it exactly at the end).
     */
    function _unreleased(uint256 backing) private view returns (uint256) {
        uint256 unreleased = uint48(backing >> _UNRELEASED_SHIFT);
        if (unreleased == 0) return 0;
        unchecked {
            // releaseStart is a past block time; unreleased < 2^48 and remaining <= 2^17.
            uint256 elapsed = block.timestamp - (backing >> _RELEASE_START_SHIFT);
            if (elapsed >= BURN_RELEASE_PERIOD) return 0;
            uint256 remaining = BURN_RELEASE_PERIOD - elapsed;
            return (unreleased * remaining + BURN_RELEASE_PERIOD - 1) / BURN_RELEASE_PERIOD;
        }
    }

    function _reserveOf(uint256 backing) private pure returns (uint256) {
        return uint168(backing);
    }

    /// @dev The supply the curve prices at: `totalSupply` plus the unreleased burns.
    function _pricingSupply(uint256 backing) private view returns (uint256) {
        return totalSupply() + _unreleased(backing);
    }

    /// @dev `ceil(rho * cost(P, P+amount))`. Caller checks the limit.
    function _quoteBuyExact(uint256 pricedSupply, uint256 reserve_, uint256 amount) private view returns (uint256) {
        Curve memory curve = _curve;
        if (pricedSupply == 0) return BondingCurve.costFromZero(curve.basePrice, curve.slope, amount);
        uint256 doubled =
            BondingCurve.doubledCost(curve.basePrice, curve.slope, pricedSupply, pricedSupply + amount);
        return Math.mulDiv(
            reserve_,
            doubled,
            BondingCurve.doubledCost(curve.basePrice, curve.slope, 0, pricedSupply),
            Math.Rounding.Ceil
        );
    }

    /// @dev `floor(rho * cost(P-amount, P))`; requires `amount <= totalSupply <= P`.
    function _quoteSell(uint256 pricedSupply, uint256 reserve_, uint256 amount) private view returns (uint256) {
        if (amount == 0) return 0;
        Curve memory curve = _curve;
        return Math.mulDiv(
            reserve_,
            BondingCurve.doubledCost(curve.basePrice, curve.slope, pricedSupply - amount, pricedSupply),
            BondingCurve.doubledCost(curve.basePrice, curve.slope, 0, pricedSupply)
        );
    }

    /**
     * @dev The largest n with `_quoteBuyExact(n) <= ethIn` within the supply limit. With the backing
     * ratio, `ceil(R*d/D) <= e` holds exactly when `d <= floor(e*D/R)` (and `ceil(d/2) <= e` when
     * `d <= 2e` at zero supply), so the ether is turned into a doubled raw budget once and the
     * quadratic is solved on the raw curve.
     */
    function _quoteBuy(uint256 pricedSupply, uint256 reserve_, uint256 ethIn) private view returns (uint256) {
        uint256 limit = _supplyLimit();
        if (pricedSupply >= limit) return 0;
        Curve memory curve = _curve;
        uint256 doubledBudget;
        // Ether beyond what buys up to the limit changes nothing; clamping keeps the arithmetic exact.
        if (pricedSupply == 0) {
            if (ethIn >= BondingCurve.costFromZero(curve.basePrice, curve.slope, limit)) return limit;
            doubledBudget = 2 * ethIn;
        } else {
            uint256 doubledHeld = BondingCurve.doubledCost(curve.basePrice, curve.slope, 0, pricedSupply);
            uint256 ethForRest = Math.mulDiv(
                reserve_,
                BondingCurve.doubledCost(curve.basePrice, curve.slope, pricedSupply, limit),
                doubledHeld,
                Math.Rounding.Ceil
            );
            if (ethIn >= ethForRest) return limit - pricedSupply;
            doubledBudget = doubledHeld + Math.mulDiv(ethIn, doubledHeld, reserve_);
        }
        return BondingCurve.maxSupplyWithin(curve.basePrice, curve.slope, doubledBudget, limit) - pricedSupply;
    }

    /// @dev `ceil(rho * priceAt(P))`: the raw price over the raw cost is `2*price / doubledCost(0, P)`.
    function _spotPrice(uint256 pricedSupply, uint256 reserve_) private view returns (uint256) {
        Curve memory curve = _curve;
        uint256 price = BondingCurve.priceAt(curve.basePrice, curve.slope, pricedSupply);
        if (pricedSupply == 0) return price;
        return Math.mulDiv(
            reserve_,
            2 * price,
            BondingCurve.doubledCost(curve.basePrice, curve.slope, 0, pricedSupply),
            Math.Rounding.Ceil
        );
    }

    /// @dev The state after a reward mint or a ledger burn (the spot price at the pricing supply now).
    function _emitRepriced() private {
        uint256 backing = _backing;
        uint256 reserve_ = _reserveOf(backing);
        emit SupplyRepriced(totalSupply(), _spotPrice(_pricingSupply(backing), reserve_), reserve_);
    }

    /// @dev Buys stop where the rest of the unminted miner pool would still fit under MAX_SUPPLY.
    function _supplyLimit() private view returns (uint256) {
        Curve memory curve = _curve;
        return BondingCurve.MAX_SUPPLY - (curve.minerPoolCap - curve.minerPoolMinted);
    }

    function _checkDeadline(uint256 deadline) private view {
        if (block.timestamp > deadline) revert ProjectTokenDeadlinePassed(deadline, block.timestamp);
    }

    function _checkLedger() private view {
        if (msg.sender != proposalLedger) revert NotLedger();
    }

    /// @dev Tokens sent to this contract could never be sold, stranding their share of the reserve.
    function _update(address from, address to, uint256 value) internal override {
        if (to == address(this)) revert ERC20InvalidReceiver(to);
        super._update(from, to, value);
    }

    // ------------------------------------------------------------------ EIP-712 domain

    /// @dev The permit domain's name is the token's name; nothing extra is stored per clone.
    function _EIP712Name() internal view override returns (string memory) {
        return name();
    }

    function _EIP712Version() internal pure override returns (string memory) {
        return "1";
    }
}
