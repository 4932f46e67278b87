/**
 * The `research verify` command for the review screen, with what only the server knows: the chain
 * the app targets and its RPC URL, the origin the page was served from (the CLI's storage relay),
 * and, on the local chain, the dev account that should sign: the one holding the review, else the
 * seeded world's first verifier.
 */
import { headers } from "next/headers";

import { GALILEO_CHAIN_ID, getGalileoChain } from "@orm/protocol/chains";
import { devAccounts } from "@/lib/devAccounts.ts";
import { verifyCommandOf } from "@/lib/verifyCommand.ts";
import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";
import { getServerChainId } from "@/lib/serverClient.ts";

export type VerifyCommand = {
  command: string;
  /** Local chain: the dev account the command signs with, and whether it holds the review. */
  devAccount: { index: number; holdsReview: boolean } | null;
};

export async function loadVerifyCommand(proposalId: string, reviewer: string | null): Promise<VerifyCommand> {
  const runtime = getRuntimeConfig();
  const chainId = getServerChainId();
  const requestHeaders = await headers();
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "127.0.0.1:3000";
  const protocol = requestHeaders.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http";
  const webUrl = `${protocol}://${host}`;
  if (chainId === GALILEO_CHAIN_ID) {
    const rpcUrl = runtime.galileoRpcUrl ?? getGalileoChain().rpcUrls.default.http[0]!;
    return { command: verifyCommandOf({ proposalId, chainId, rpcUrl, webUrl }), devAccount: null };
  }
  const holder = reviewer ? devAccounts.find((account) => account.address.toLowerCase() === reviewer.toLowerCase()) : undefined;
  const index = holder?.index ?? devAccounts.find((account) => account.role === "verifier")!.index;
  return {
    command: verifyCommandOf({ proposalId, chainId, rpcUrl: runtime.localRpcUrl, webUrl, devAccount: index }),
    devAccount: { index, holdsReview: holder !== undefined },
  };
}
