// SPDX-License-Identifier: MIT
// contracts/interfaces/IProjectToken.sol
pragma solidity ^0.8.28;

/**
 * @dev A project's token: an ERC-20 with 0 decimals, bought from and sold to a linear bonding curve
 * scaled by the backing ratio `rho = reserve / costBetween(0, pricingSupply)`, where the pricing
 * supply is `totalSupply` plus what is not yet released of recent ledger burns (a burn reaches the
 * curve linearly over `BURN_RELEASE_PERIOD`). The reference
 * protocol's shapes (`buy`, `sell`, `quoteBuy`, `quoteSell`, `costBetween`, `priceAt`, the ledger
 * hooks and their events and errors) are kept; `buyExact`/`sellExact` add slippage and deadline
 * protection and are the only trade functions the app calls.
 */
interface IProjectToken {
    // ------------------------------------------------------------------ reference errors

    /// @notice Thrown when a ledger-only function is called by anyone else.
    error NotLedger();
    /// @notice Thrown when an amount of tokens (or ether, for `buy`) is zero.
    error ZeroAmount();
    /// @notice Thrown when a buy would take the supply past what the curve (and the unminted
    /// miner pool) leaves room for.
    error OverSupply();
    /// @notice Thrown when a reward mint would exceed the miner pool cap.
    error PoolCapExceeded();
    /// @notice Thrown when the ether sent does not pay for what is bought.
    error InsufficientPayment();
    /// @notice Thrown when paying a seller fails.
    error EthPayoutFailed();
    /// @notice Thrown when refunding a buyer's excess ether fails.
    error EthRefundFailed();

    // ------------------------------------------------------------------ added errors

    /// @notice Thrown when a trade is sent after its deadline.
    error ProjectTokenDeadlinePassed(uint256 deadline, uint256 timestamp);
    /// @notice Thrown when a buy would cost more than the buyer's `maxCost`.
    error ProjectTokenSlippageExceeded(uint256 cost, uint256 maxCost);
    /// @notice Thrown when a sale would pay less than the seller's `minRefund`.
    error ProjectTokenRefundTooLow(uint256 refund, uint256 minRefund);
    /// @notice Thrown when a seller sells more than it holds.
    error ProjectTokenInsufficientBalance(address seller, uint256 balance, uint256 amount);
    /// @notice Thrown when curve parameters are refused at creation (both zero, or out of range).
    error ProjectTokenInvalidCurve(uint256 basePrice, uint256 slope, uint256 minerPoolCap);
    /// @notice Thrown when a name or symbol is empty.
    error ProjectTokenEmptyNameOrSymbol();
    /// @notice Thrown when `initialize` is called by anyone but the registry that made the clone.
    error ProjectTokenNotRegistry(address caller);
    /// @notice Thrown when a curve range is reversed or past the maximum supply.
    error ProjectTokenInvalidRange(uint256 from, uint256 to);
    /// @notice Thrown when a buy names the zero address as recipient (the ether would back no supply).
    error ProjectTokenZeroRecipient();

    // ------------------------------------------------------------------ reference events

    /// @notice A buy through `buy`, `buyExact` or `buyExactFor` (`buyer` receives the tokens).
    event Bought(address indexed buyer, uint256 ethSpent, uint256 tokensOut);
    /// @notice A sale through `sell` or `sellExact`.
    event Sold(address indexed seller, uint256 tokensIn, uint256 ethOut);
    /// @notice The ledger minted a miner reward from the pool (the backing ratio fell).
    event MinerRewardMinted(address indexed miner, uint256 amount);
    /// @notice The ledger burned slashed stake. The tokens leave the supply now; the backing ratio and
    /// the spot price rise as the burn is released over `BURN_RELEASE_PERIOD`, without further events.
    event LedgerBurned(uint256 amount);

    // ------------------------------------------------------------------ added events

    /**
     * @notice One event per trade with the state after it, so charts, volume and the backing ratio
     * come from events alone. `isBuy` tells the side; `amount` is tokens; `value` is the ether paid
     * (buy) or received (sale).
     */
    event Trade(
        address indexed trader,
        bool isBuy,
        uint256 amount,
        uint256 value,
        uint256 newTotalSupply,
        uint256 newSpotPrice,
        uint256 newReserve
    );

    /**
     * @notice A reward mint or a ledger burn changed the supply without a trade (emitted right after
     * `MinerRewardMinted` / `LedgerBurned`): the state after it, as `Trade`'s tail carries it, so an
     * indexer stores the new spot price and backing ratio instead of recomputing the curve. After a
     * burn this is the state at the burn: the spot price then rises over `BURN_RELEASE_PERIOD` with
     * no event (read `spotPrice()` for the live value).
     */
    event SupplyRepriced(uint256 newTotalSupply, uint256 newSpotPrice, uint256 newReserve);

    // ------------------------------------------------------------------ reference functions

    /// @notice Buys as many tokens as `msg.value` pays for; refunds the rest.
    function buy() external payable returns (uint256 tokensOut);
    /// @notice Sells `amount` tokens back to the curve.
    function sell(uint256 amount) external returns (uint256 ethOut);
    /// @notice The largest number of tokens `ethIn` buys now.
    function quoteBuy(uint256 ethIn) external view returns (uint256 tokensOut);
    /// @notice What selling `tokensIn` pays now.
    function quoteSell(uint256 tokensIn) external view returns (uint256 ethOut);
    /// @notice Raw curve cost of going from supply `from` to `to` (no backing ratio): the integral of the
    /// linear price, `basePrice*n + slope*n*(2*from + n)/2` with `n = to - from`, rounded down (the
    /// reference's formula, which its clients compute locally and compare).
    function costBetween(uint256 from, uint256 to) external view returns (uint256);
    /// @notice Raw curve price at supply `supply`, `basePrice + slope * supply` (no backing ratio).
    function priceAt(uint256 supply) external view returns (uint256);
    function basePrice() external view returns (uint256);
    function slope() external view returns (uint256);
    function minerPoolCap() external view returns (uint256);
    function minerPoolMinted() external view returns (uint256);
    function proposalLedger() external view returns (address);
    /// @notice Ledger only: mints a miner reward from the pool.
    function mintMinerReward(address miner, uint256 amount) external;
    /// @notice Ledger only: burns `amount` of the ledger's own tokens. They leave `totalSupply` at once
    /// and reach the curve linearly over `BURN_RELEASE_PERIOD` (added to what is still unreleased;
    /// the period restarts).
    function burnFromLedger(uint256 amount) external;

    // ------------------------------------------------------------------ added functions

    /// @notice Buys exactly `amount` tokens for at most `maxCost`, before `deadline`; refunds the rest.
    function buyExact(uint256 amount, uint256 maxCost, uint256 deadline) external payable returns (uint256 cost);
    /// @notice `buyExact` delivering the tokens to `recipient` (excess ether goes back to the caller).
    /// The zero address is refused (`ProjectTokenZeroRecipient`).
    function buyExactFor(address recipient, uint256 amount, uint256 maxCost, uint256 deadline)
        external
        payable
        returns (uint256 cost);
    /// @notice Sells exactly `amount` tokens for at least `minRefund`, before `deadline`.
    function sellExact(uint256 amount, uint256 minRefund, uint256 deadline) external returns (uint256 refund);
    /// @notice What buying exactly `amount` tokens costs now (what `buyExact` charges).
    function quoteBuyExact(uint256 amount) external view returns (uint256 cost);
    /// @notice The marginal price now: the raw price at the pricing supply scaled by the backing ratio.
    /// It rises without events while a burn is released.
    function spotPrice() external view returns (uint256);
    /// @notice The ether that backs the supply (tracked; ether forced into the contract is not counted).
    function reserve() external view returns (uint256);
    /// @notice The backing ratio `reserve / costBetween(0, pricingSupply)` in 1e18 units (1e18 at no
    /// pricing supply).
    function backingRatio() external view returns (uint256);
    /// @notice How long a ledger burn takes to reach the curve (24 h), linearly.
    function BURN_RELEASE_PERIOD() external view returns (uint256);
    /// @notice What the curve still counts of recent ledger burns: the amount burned falls linearly
    /// (rounded up) to 0 over `BURN_RELEASE_PERIOD` from the last burn.
    function unreleasedBurn() external view returns (uint256);
    /// @notice The supply the curve prices at: `totalSupply() + unreleasedBurn()`.
    function pricingSupply() external view returns (uint256);
    /// @notice What remains of the miner pool (`minerPoolCap - minerPoolMinted`).
    function minerPoolRemaining() external view returns (uint256);
    /// @notice How many more tokens can be bought before the supply limit (unminted pool and unreleased
    /// burns reserved).
    function maxBuyable() external view returns (uint256);
}
