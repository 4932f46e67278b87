// SPDX-License-Identifier: MIT
// contracts/libraries/BondingCurve.sol
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @dev The raw linear bonding curve, in exact integers and O(1) in the amount. The price at supply
 * `s` is `basePrice + slope * s`, and the cost of `n` tokens from supply `a` is the integral of that
 * price, the reference's formula: `basePrice*n + slope*n*(2a + n)/2` (the first token at basePrice
 * 1e15 and slope 1e12 costs 1.0005e15 wei). This is the one place the curve math lives; the token
 * scales it by its backing ratio.
 *
 * The halving is exact only when `slope*n` is even, so the math works on twice the cost
 * ({doubledCost}), which is an integer and additive over any split of a range: pricing by its ratios
 * makes a trade's price independent of how a buyer or seller splits it. {cost} (the reference's
 * `costBetween`) is `floor(doubledCost / 2)`, as the reference's clients compute it.
 *
 * Bounds (checked at creation by {ProjectToken-initialize}, relied on here): `supply <= MAX_SUPPLY`
 * (2^48 - 1), `basePrice <= MAX_BASE_PRICE` (2^88 - 1), `slope <= MAX_SLOPE` (2^72 - 1). Then
 * `doubledCost(0, MAX_SUPPLY) < 2^137 + 2^168 < 2^169`, and the discriminant in {maxSupplyWithin}
 * stays below 2^242, so nothing here can overflow.
 */
library BondingCurve {
    /// @dev The largest total supply any project token may reach (minted rewards included).
    uint256 internal constant MAX_SUPPLY = type(uint48).max;
    /// @dev The largest base price, in wei per token.
    uint256 internal constant MAX_BASE_PRICE = type(uint88).max;
    /// @dev The largest slope, in wei per token per token.
    uint256 internal constant MAX_SLOPE = type(uint72).max;

    /// @dev Price at supply `supply` (the marginal price of the next token).
    function priceAt(uint256 basePrice, uint256 slope, uint256 supply) internal pure returns (uint256) {
        return basePrice + slope * supply;
    }

    /**
     * @dev Twice the raw cost of going from supply `from` to `to`: `2*basePrice*n + slope*n*(from + to)`
     * with `n = to - from` (`n*(2*from + n) == n*(from + to)`). Exact and additive:
     * `doubledCost(a, b) + doubledCost(b, c) == doubledCost(a, c)`.
     * Requires `from <= to <= MAX_SUPPLY` (callers check).
     */
    function doubledCost(uint256 basePrice, uint256 slope, uint256 from, uint256 to)
        internal
        pure
        returns (uint256)
    {
        unchecked {
            // from <= to <= 2^48 and the bounds above keep every term below 2^169.
            uint256 n = to - from;
            return 2 * basePrice * n + slope * (n * (from + to));
        }
    }

    /// @dev The reference's `costBetween`: `floor(basePrice*n + slope*n*(2*from + n)/2)`.
    function cost(uint256 basePrice, uint256 slope, uint256 from, uint256 to) internal pure returns (uint256) {
        return doubledCost(basePrice, slope, from, to) / 2;
    }

    /**
     * @dev What buying `n` tokens from zero supply costs (the backing ratio is 1 there):
     * `ceil(doubledCost(0, n) / 2)`, the reference's `costBetween(0, n)` rounded up when `slope*n` is
     * odd, in the reserve's favour.
     */
    function costFromZero(uint256 basePrice, uint256 slope, uint256 n) internal pure returns (uint256) {
        return Math.ceilDiv(doubledCost(basePrice, slope, 0, n), 2);
    }

    /**
     * @dev The largest total supply `T <= cap` with `doubledCost(0, T) <= doubledBudget`, i.e. how far
     * the supply can go when twice `budget` raw wei (measured from supply 0) are available. Solves
     * `slope*T^2 + 2*basePrice*T - doubledBudget <= 0` with one integer square root (no loop):
     * `T = floor((sqrt(basePrice^2 + slope*doubledBudget) - basePrice) / slope)`.
     * Requires `basePrice > 0`.
     */
    function maxSupplyWithin(uint256 basePrice, uint256 slope, uint256 doubledBudget, uint256 cap)
        internal
        pure
        returns (uint256 supply)
    {
        if (doubledBudget >= doubledCost(basePrice, slope, 0, cap)) return cap;
        // From here doubledBudget < doubledCost(0, cap) < 2^169.
        if (slope == 0) return doubledBudget / (2 * basePrice);
        supply = (Math.sqrt(basePrice * basePrice + slope * doubledBudget) - basePrice) / slope;
        // Exact, with no correction step: for an integer b and a positive integer m,
        // floor((floor(x) - b) / m) == floor((x - b) / m), so flooring the square root first loses
        // nothing. The fuzz tests check that the result is the largest affordable supply.
    }
}
