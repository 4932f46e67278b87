// SPDX-License-Identifier: MIT
// contracts/libraries/BondingCurve.sol
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @dev The raw linear bonding curve, in exact integers and O(1) in the amount: the k-th token
 * (k from 0) costs `basePrice + slope * k`. This is the one place the curve math lives; the token
 * scales it by its backing ratio.
 *
 * Bounds (checked at creation by {ProjectToken-initialize}, relied on here): `supply <= MAX_SUPPLY`
 * (2^48 - 1), `basePrice <= MAX_BASE_PRICE` (2^88 - 1), `slope <= MAX_SLOPE` (2^72 - 1). Then
 * `cost(0, MAX_SUPPLY) < 2^136 + 2^167 < 2^168`, and the discriminant in {maxSupplyWithin} stays
 * below 2^245, so nothing here can overflow.
 */
library BondingCurve {
    /// @dev The largest total supply any project token may reach (minted rewards included).
    uint256 internal constant MAX_SUPPLY = type(uint48).max;
    /// @dev The largest base price, in wei per token.
    uint256 internal constant MAX_BASE_PRICE = type(uint88).max;
    /// @dev The largest slope, in wei per token per token.
    uint256 internal constant MAX_SLOPE = type(uint72).max;

    /// @dev Price of the token with index `supply` (the next one to be bought).
    function priceAt(uint256 basePrice, uint256 slope, uint256 supply) internal pure returns (uint256) {
        return basePrice + slope * supply;
    }

    /**
     * @dev Raw cost of the tokens with indices `from .. to - 1`:
     * `basePrice*(to-from) + slope*((to-from)*(from+to-1))/2`. `n*(from+to-1)` with `n = to-from` is
     * always even (n even, or n odd and from+to-1 = 2*from+n-1 even), so the halving is exact.
     * Requires `from <= to <= MAX_SUPPLY` (callers check).
     */
    function cost(uint256 basePrice, uint256 slope, uint256 from, uint256 to) internal pure returns (uint256) {
        unchecked {
            // from <= to <= 2^48, so n and from + to - 1 fit easily (to >= 1 whenever n >= 1).
            uint256 n = to - from;
            if (n == 0) return 0;
            return basePrice * n + (slope * (n * (from + to - 1))) / 2;
        }
    }

    /**
     * @dev The largest total supply `T <= cap` with `cost(0, T) <= budget`, i.e. how far the supply can
     * go when `budget` raw wei (measured from supply 0) are available. Solves
     * `slope*T^2 + (2*basePrice - slope)*T - 2*budget <= 0` with one integer square root (no loop).
     * Requires `basePrice > 0`.
     */
    function maxSupplyWithin(uint256 basePrice, uint256 slope, uint256 budget, uint256 cap)
        internal
        pure
        returns (uint256 supply)
    {
        if (budget >= cost(basePrice, slope, 0, cap)) return cap;
        // From here budget < cost(0, cap) < 2^168.
        if (slope == 0) {
            supply = budget / basePrice;
        } else {
            uint256 twoBase = 2 * basePrice;
            if (twoBase >= slope) {
                uint256 b = twoBase - slope;
                supply = (Math.sqrt(b * b + 8 * slope * budget) - b) / (2 * slope);
            } else {
                uint256 b = slope - twoBase;
                supply = (Math.sqrt(b * b + 8 * slope * budget) + b) / (2 * slope);
            }
        }
        // Exact, with no correction step: for an integer b and a positive integer m,
        // floor((floor(x) +/- b) / m) == floor((x +/- b) / m), so flooring the square root first
        // loses nothing. The fuzz tests check that the result is the largest affordable supply.
    }
}
