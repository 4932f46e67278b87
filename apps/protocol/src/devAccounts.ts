/**
 * The local node's accounts: Hardhat's development mnemonic funds them, and the seeded world gives
 * each of the first ten a role. Public knowledge, never real funds: only the local chain (chain id
 * 31337, `LOCAL_CHAIN_ID` in `chains.ts`) may use them — the web app's dev wallet and the CLI's
 * `--dev-account` refuse any other chain.
 */

/** Hardhat's development mnemonic ("test test … junk"). */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** The role of each dev account in the seeded world, by index (the seed's `ROLE_INDEX` names them). */
export const DEV_ACCOUNT_ROLES = ["deployer", "creator", "speculator", "speculator", "miner", "verifier", "verifier", "creator", "miner", "speculator"] as const;

export type DevRole = (typeof DEV_ACCOUNT_ROLES)[number];
