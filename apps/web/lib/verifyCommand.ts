/**
 * The `research verify <id>` command the review screen shows: what a verifier runs, from a checkout
 * of the repository, to reproduce a proposal in the sandbox and settle it (apps/cli/README.md). Pure;
 * the review screen's server part supplies the chain, its RPC and the app's origin.
 */
import { GALILEO_CHAIN_ID, LOCAL_CHAIN_ID } from "@orm/protocol/chains";

/** The CLI's defaults (apps/cli/src/main.ts): flags equal to them are left out of the command. */
const CLI_DEFAULT_RPC_URL = "http://127.0.0.1:8545";
const CLI_DEFAULT_WEB_URL = "http://127.0.0.1:3000";

export type VerifyCommandParameters = {
  proposalId: string;
  /** The chain the app targets (the CLI's network follows from it). */
  chainId: number;
  /** The chain's JSON-RPC URL, as the CLI should reach it. */
  rpcUrl: string;
  /** The web app's origin: the CLI fetches and stores artifacts through its storage relay. */
  webUrl: string;
  /** Local chain only: the dev account that signs (`--dev-account <index>`). */
  devAccount?: number;
};

/**
 * `research verify <id>` with the flags this app's chain needs: on the local chain the dev account
 * that signs, and `--rpc`/`--web` when they differ from the CLI's defaults; on Galileo the network
 * and its RPC (the key comes from the keystore). Run from a checkout of the repository.
 * @example verifyCommandOf({ proposalId: "12", chainId: 31337, rpcUrl: "http://127.0.0.1:8545", webUrl: "http://127.0.0.1:3000", devAccount: 5 })
 * // "npx research --dev-account 5 verify 12"
 */
export function verifyCommandOf({ proposalId, chainId, rpcUrl, webUrl, devAccount }: VerifyCommandParameters): string {
  const flags: string[] = [];
  const web = webUrl.replace(/\/+$/, "");
  if (chainId === LOCAL_CHAIN_ID) {
    if (rpcUrl !== CLI_DEFAULT_RPC_URL) flags.push(`--rpc ${rpcUrl}`);
    if (web !== CLI_DEFAULT_WEB_URL) flags.push(`--web ${web}`);
    if (devAccount !== undefined) flags.push(`--dev-account ${devAccount}`);
  } else {
    if (chainId === GALILEO_CHAIN_ID) flags.push("--network galileo");
    flags.push(`--rpc ${rpcUrl}`, `--web ${web}`);
  }
  return ["npx research", ...flags, "verify", proposalId].join(" ");
}
