/**
 * The bounds a new project must respect, as the contracts state them, so the publish wizard can
 * refuse a value beside its field instead of letting the transaction revert.
 * - Curve (`contracts/libraries/BondingCurve.sol`, checked by `ProjectToken.initialize`):
 *   `0 < basePrice <= 2^88-1` wei, `slope <= 2^72-1` wei, `minerPoolCap < MAX_SUPPLY` (2^48-1).
 * - Config (`ProjectRegistry._checkConfig`): `minStake` in 1..MAX_SUPPLY, metric scale up to
 *   2^64-1, reward share 1..10000 bps, scores fit `int128`.
 * - The token symbol has no on-chain limit beyond "not empty"; the wizard caps it at 11 characters,
 *   the longest symbol common wallets display whole.
 * The curve's bounds are the contracts' own constants (generated); a unit test reads the Solidity
 * source to keep the others in step with the contracts.
 */
import { bondingCurveConstants } from "@orm/protocol/generated/constants";

export const { MAX_SUPPLY, MAX_BASE_PRICE, MAX_SLOPE } = bondingCurveConstants;
export const MAX_METRIC_SCALE = 2n ** 64n - 1n;
export const MAX_REWARD_BPS = 10_000;
export const MAX_SCORE = 2n ** 127n - 1n;
export const MIN_SCORE = -(2n ** 127n);

export const MAX_TOKEN_NAME_LENGTH = 64;
export const MAX_TOKEN_SYMBOL_LENGTH = 11;

/**
 * The storage relay's default size limit per artifact (64 MiB, `STORAGE_MAX_BYTES`). A relay
 * configured lower answers 413 with its limit in the message, which the wizard shows beside the file.
 */
export { DEFAULT_MAX_BYTES as RELAY_MAX_BYTES } from "@orm/protocol/storage/limits";
