/**
 * The local node's accounts: Hardhat's development mnemonic ("test test … junk"), the first ten
 * addresses, with the role each plays in the seeded world (scripts/seed.ts, `ROLE_INDEX`). Public
 * knowledge, never real funds: the dev wallet exists only on the local chain.
 */
import type { Address } from "viem";

import { DEV_MNEMONIC, type DevRole } from "@orm/protocol/devAccounts";

export type { DevRole };

export type DevAccount = {
  readonly index: number;
  readonly address: Address;
  readonly role: DevRole;
  /** What the seeded world uses this account for. */
  readonly label: string;
};

export { DEV_MNEMONIC };

export const devAccounts = [
  { index: 0, address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", role: "deployer", label: "Deployer, verifier-registry owner" },
  { index: 1, address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", role: "creator", label: "Creator" },
  { index: 2, address: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", role: "speculator", label: "Speculator" },
  { index: 3, address: "0x90F79bf6EB2c4f870365E785982E1f101E93b906", role: "speculator", label: "Speculator" },
  { index: 4, address: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65", role: "miner", label: "Miner" },
  { index: 5, address: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc", role: "verifier", label: "Verifier" },
  { index: 6, address: "0x976EA74026E726554dB657fA54763abd0C3a0aa9", role: "verifier", label: "Verifier" },
  { index: 7, address: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955", role: "creator", label: "Creator" },
  { index: 8, address: "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f", role: "miner", label: "Miner" },
  { index: 9, address: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720", role: "speculator", label: "Speculator" },
] as const satisfies readonly DevAccount[];

/** Each role's name as the header's account picker shows it. */
export const ROLE_NAMES: Record<DevRole, string> = {
  deployer: "Deployer",
  creator: "Creator",
  speculator: "Speculator",
  miner: "Miner",
  verifier: "Verifier",
};

/** The dev account at `address` (any case), if it is one. */
export function getDevAccount(address: string | undefined): DevAccount | undefined {
  if (!address) return undefined;
  const lower = address.toLowerCase();
  return devAccounts.find((account) => account.address.toLowerCase() === lower);
}
