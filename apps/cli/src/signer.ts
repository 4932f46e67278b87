/**
 * Who signs, and whose view a read-only listing shows.
 *
 * A command that sends a transaction or uploads an artifact signs with the keystore (--keystore,
 * RESEARCH_KEYSTORE, ~/.research/keystore.json) or, on the local chain only, with one of the local
 * node's dev accounts (--dev-account <index> or RESEARCH_DEV_ACCOUNT): the accounts the web app's
 * dev wallet offers, so a fresh `npm start` needs no keystore to act as the seeded verifier or
 * miner. Their keys are public, so the chain id the RPC reports is checked before one is handed out.
 *
 * A read-only command (`status`, `verify --list`) never asks for a key: `verify --list` shows the
 * queue as an address sees it (--as, the dev account's, or the one a keystore file names, read
 * without the passphrase), or the neutral view when there is none.
 */
import { getAddress, type Address, type LocalAccount } from "viem";
import { mnemonicToAccount } from "viem/accounts";

import { LOCAL_CHAIN_ID } from "@orm/protocol/chains";
import { DEV_ACCOUNT_ROLES, DEV_MNEMONIC } from "@orm/protocol/devAccounts";
import type { Context, GlobalOptions } from "./chain.ts";
import { keystorePath, loadAccount, readKeystoreAddress } from "./keystore.ts";
import { CliError } from "./output.ts";

export { DEV_ACCOUNT_ROLES };

export const DEV_ACCOUNT_ENV = "RESEARCH_DEV_ACCOUNT";

/** A dev account index as typed (`--dev-account 5` or RESEARCH_DEV_ACCOUNT=5); `source` names where it came from. */
export function parseDevAccountIndex(value: string, source: string): number {
  const text = value.trim();
  const index = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(index < DEV_ACCOUNT_ROLES.length)) {
    throw new CliError(`${source} takes a dev account index from 0 to ${DEV_ACCOUNT_ROLES.length - 1}, not "${value}".`);
  }
  return index;
}

export type SignerChoice =
  | { kind: "dev-account"; index: number }
  /** `named`: given by --keystore or RESEARCH_KEYSTORE, rather than the default path. */
  | { kind: "keystore"; file: string; named: boolean };

/**
 * Which key a command would use. The command line beats the environment: --dev-account, else
 * --keystore, else RESEARCH_DEV_ACCOUNT, else the keystore (RESEARCH_KEYSTORE or the default path).
 * Both flags at once is a mistake, not a preference.
 */
export function chooseSigner(options: Pick<GlobalOptions, "devAccount" | "keystore">, env: NodeJS.ProcessEnv = process.env): SignerChoice {
  if (options.devAccount !== undefined) {
    if (options.keystore !== undefined) throw new CliError("Give --dev-account or --keystore, not both.");
    return { kind: "dev-account", index: parseDevAccountIndex(options.devAccount, "--dev-account") };
  }
  if (options.keystore !== undefined) return { kind: "keystore", file: keystorePath(options.keystore, env), named: true };
  const fromEnv = env[DEV_ACCOUNT_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return { kind: "dev-account", index: parseDevAccountIndex(fromEnv, DEV_ACCOUNT_ENV) };
  return { kind: "keystore", file: keystorePath(undefined, env), named: env.RESEARCH_KEYSTORE !== undefined };
}

/** Dev account `index`, refused unless `chainId` (as the RPC reports it) is the local chain's. */
export function devAccount(index: number, chainId: number): LocalAccount {
  if (chainId !== LOCAL_CHAIN_ID) {
    throw new CliError(`A dev account (--dev-account or ${DEV_ACCOUNT_ENV}) is only for the local chain (chain id ${LOCAL_CHAIN_ID}), and this RPC serves chain ${chainId}.`);
  }
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
}

type SignerContext = Pick<Context, "client" | "options" | "out" | "rpcUrl">;

/** The chain id as the RPC reports it now (never the network's name or the deployment file's word). */
async function rpcChainId(ctx: SignerContext): Promise<number> {
  try {
    return await ctx.client.getChainId();
  } catch {
    throw new CliError(`The chain's RPC at ${ctx.rpcUrl} does not answer; start it (npm start) or pass --rpc <url>.`);
  }
}

function devAccountFor(ctx: SignerContext, index: number, chainId: number): LocalAccount {
  const account = devAccount(index, chainId);
  ctx.out.progress(`dev account ${index} (${DEV_ACCOUNT_ROLES[index]}) ${account.address}`);
  return account;
}

/** The account a command signs with: a dev account (after the chain id check) or the decrypted keystore. */
export async function loadSigner(ctx: SignerContext): Promise<LocalAccount> {
  const choice = chooseSigner(ctx.options);
  if (choice.kind === "dev-account") return devAccountFor(ctx, choice.index, await rpcChainId(ctx));
  return loadAccount(choice.file, ctx.options.passphraseFile);
}

/**
 * Whose view a read-only listing shows, with no key: `as` (--as <address>), else the dev account's
 * address (local chain only), else the address the keystore file names; `undefined` (the neutral
 * view) when no keystore was named and the default one does not exist.
 */
export async function viewerAddress(ctx: SignerContext, as?: string): Promise<Address | undefined> {
  if (as !== undefined) {
    try {
      return getAddress(as.trim());
    } catch {
      throw new CliError(`--as takes an address (0x and 40 hex digits), not "${as}".`);
    }
  }
  const choice = chooseSigner(ctx.options);
  if (choice.kind === "dev-account") return devAccountFor(ctx, choice.index, await rpcChainId(ctx)).address;
  const address = await readKeystoreAddress(choice.file);
  if (address === undefined && choice.named) {
    throw new CliError(`No keystore at ${choice.file}: pass --as <address> for another view, or leave out --keystore and RESEARCH_KEYSTORE for the neutral one.`);
  }
  return address;
}
