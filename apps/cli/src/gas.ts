/**
 * What a submission's gas may cost, set aside by `mine`'s preflight and its spend cap: the chain's
 * own estimates of the two transactions a submission sends (`commitProposal`, then
 * `revealProposalWithPermit`) and of the stake's purchase when one is needed, times the fee a
 * transaction would offer now, with a margin.
 *
 * A reveal cannot be estimated before its commitment exists, so it is estimated as the reference's
 * `submitWithPermit` of the same values (the same checks, transfer and storage writes; a reveal
 * only adds the commitment's lookup and deletion, which refunds). That needs the stake in hand: while
 * it is still to be bought, the reveal counts as `UNESTIMATED_REVEAL_GAS`.
 */
import { keccak256, toHex, zeroAddress, type Address, type LocalAccount } from "viem";

import { signStakePermit, submitWithPermitArgsOf } from "@orm/protocol/submission";
import { ABI, protocolReader, read, type Context } from "./chain.ts";

/** Estimates hold for the state they ran on; fees and a project's first-proposal writes move a little. */
export const GAS_MARGIN_PERCENT = 125n;

/** The reveal when it cannot be estimated yet (`bench:gas` measures submitWithPermit at about 265k). */
export const UNESTIMATED_REVEAL_GAS = 350_000n;

export type SubmissionGas = { commit: bigint; reveal: bigint; buy: bigint; revealEstimated: boolean };

/** Wei to set aside: the gas of each transaction, times the fee per gas, plus the margin. */
export function gasReserveOf(gas: Pick<SubmissionGas, "commit" | "reveal" | "buy">, feePerGas: bigint): bigint {
  return ((gas.commit + gas.reveal + gas.buy) * feePerGas * GAS_MARGIN_PERCENT) / 100n;
}

/** The most a transaction sent now would pay per gas: EIP-1559's max fee, or the legacy gas price. */
export async function feePerGasOf(ctx: Pick<Context, "client">): Promise<bigint> {
  try {
    const { maxFeePerGas } = await ctx.client.estimateFeesPerGas();
    if (maxFeePerGas !== undefined) return maxFeePerGas;
  } catch {
    // a chain without EIP-1559 fees
  }
  return ctx.client.getGasPrice();
}

export type EstimateSubmissionGasParameters = {
  projectId: bigint;
  token: Address;
  stake: bigint;
  /** The score to be claimed; by default one that clears the current best by the minimum (the preflight has none yet). */
  claimedScore?: bigint;
  recipient?: Address;
  /** The stake still to buy and the most it may cost (sent as value). */
  buy?: { amount: bigint; maxCost: bigint };
};

/** The gas of a submission's transactions, each estimated by the chain for `account` as things are now. */
export async function estimateSubmissionGas(ctx: Context, account: LocalAccount, parameters: EstimateSubmissionGasParameters): Promise<SubmissionGas> {
  const { projectId, token, stake, recipient = zeroAddress, buy } = parameters;
  const estimate = (address: Address, abi: unknown, functionName: string, args: unknown[], value?: bigint) =>
    ctx.client.estimateContractGas({ account, address, abi, functionName, args, value } as never);
  // Any fresh hash costs the same to commit; this one is never sent.
  const commit = await estimate(ctx.addresses.ledger, ABI.ledger, "commitProposal", [keccak256(toHex(`gas estimate ${Date.now()}`))]);
  const buyGas = buy ? await estimate(token, ABI.token, "buyExact", [buy.amount, buy.maxCost, BigInt(Math.floor(Date.now() / 1000)) + 3600n], buy.maxCost) : 0n;
  if (buy) return { commit, reveal: UNESTIMATED_REVEAL_GAS, buy: buyGas, revealEstimated: false };
  const claimedScore = parameters.claimedScore ?? (await claimClearingTheBest(ctx, projectId));
  const block = await ctx.client.getBlock();
  const permit = await signStakePermit({
    read: protocolReader(ctx),
    signTypedData: (typedData) => account.signTypedData(typedData),
    token,
    chainId: ctx.chain.id,
    owner: account.address,
    spender: ctx.addresses.ledger,
    value: stake,
    latestBlockTimestamp: block.timestamp,
  });
  // A code root nobody submitted, so the estimate runs the whole submission.
  const codeRoot = keccak256(toHex(`gas estimate code ${Date.now()}`));
  const submission = { projectId, codeRoot, logRoot: codeRoot, claimedScore, stake, rewardRecipient: recipient };
  try {
    const reveal = await estimate(ctx.addresses.ledger, ABI.ledger, "submitWithPermit", [...submitWithPermitArgsOf(submission, permit)]);
    return { commit, reveal, buy: 0n, revealEstimated: true };
  } catch {
    // The ledger would refuse these values now (a claim the best has caught up with): the preflight still needs a figure.
    return { commit, reveal: UNESTIMATED_REVEAL_GAS, buy: 0n, revealEstimated: false };
  }
}

/** A claim that beats the project's current best by its minimum improvement (twice over, to be clear of rounding). */
async function claimClearingTheBest(ctx: Context, projectId: bigint): Promise<bigint> {
  const [best, config] = await Promise.all([
    read<bigint>(ctx, ctx.addresses.registry, ABI.registry, "currentBestAggregateScore", [projectId]),
    read<{ minImprovement: bigint; lowerIsBetter: boolean }>(ctx, ctx.addresses.registry, ABI.registry, "getProjectConfig", [projectId]),
  ]);
  const step = 2n * (config.minImprovement + 1n);
  return config.lowerIsBetter ? best - step : best + step;
}
