// SPDX-License-Identifier: MIT
// contracts/libraries/Scores.sol
pragma solidity ^0.8.28;

/**
 * @dev The one place two benchmark scores are compared: in the project's direction, strictly. The
 * registry uses it against the current best; the ledger against the best a proposal faced at
 * submission and against its own claim.
 */
library Scores {
    /**
     * @dev How far `score` is better than `other` in the project's direction (0 when it is not
     * strictly better), and whether it is strictly better.
     */
    function improvementOver(bool lowerIsBetter, int256 score, int256 other)
        internal
        pure
        returns (uint256 improvement, bool better)
    {
        better = lowerIsBetter ? score < other : score > other;
        if (!better) return (0, false);
        unchecked {
            // The strictly larger minus the smaller, taken modulo 2^256, is their exact distance.
            improvement = lowerIsBetter ? uint256(other) - uint256(score) : uint256(score) - uint256(other);
        }
    }

    /// @dev Whether `verified` reproduces `claimed`: `|verified - claimed| * 1e6 <= tolerancePpm * |claimed|`
    /// (exact in integers; scores are int128, so neither side can overflow).
    function reproduces(int256 claimed, int256 verified, uint256 tolerancePpm) internal pure returns (bool) {
        unchecked {
            uint256 distance = verified > claimed ? uint256(verified - claimed) : uint256(claimed - verified);
            uint256 magnitude = claimed < 0 ? uint256(-claimed) : uint256(claimed);
            return distance * 1e6 <= tolerancePpm * magnitude;
        }
    }

    /// @dev Whether `score` beats `other` strictly and by at least `minImprovement`.
    function beats(bool lowerIsBetter, int256 score, int256 other, uint256 minImprovement)
        internal
        pure
        returns (bool)
    {
        (uint256 improvement, bool better) = improvementOver(lowerIsBetter, score, other);
        return better && improvement >= minImprovement;
    }
}
