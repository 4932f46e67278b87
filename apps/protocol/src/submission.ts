/**
 * Submitting a proposal, the steps every client takes (the web app's propose page and the CLI's
 * `submit`): check what the ledger would refuse before anything is signed, sign the stake's EIP-2612
 * permit, build `submit`/`submitWithPermit`'s arguments (the new id is read by `receipts.ts`). The
 * chain is reached through a `ProtocolReader` the caller supplies (a wagmi config in the browser, a
 * viem client in the CLI), so this module holds the flow and no transport.
 */
import { zeroAddress, type Address, type Hex } from "viem";

import type { ContractName } from "./contracts.ts";
import { getPermitTypedData, splitPermitSignature } from "./permit.ts";
import { deadlineOf } from "./slippage.ts";

/** One read of a protocol contract by name (another address than the deployment's for a project token). */
export type ProtocolReadRequest = { contractName: ContractName; functionName: string; args?: readonly unknown[]; address?: Address };
// `any` on purpose: each caller's reader is typed by its own ABI machinery; the flow below casts each result once.
export type ProtocolReader = (request: any) => Promise<any>;

export type SubmissionTerms = {
  projectId: bigint;
  /** The project's token (`ProjectRegistry.tokenOf`). */
  token: Address;
  codeRoot: Hex;
  claimedScore: bigint;
  stake: bigint;
  owner: Address;
};

/** What the ledger would refuse, found before any signature (the simulation would find it too, later). */
export type SubmissionProblem =
  | { kind: "duplicate"; existingProposalId: bigint }
  | { kind: "score"; currentBest: bigint }
  | { kind: "balance"; held: bigint };

/**
 * Checks a submission against the chain as it is now: the code root not yet submitted to the project
 * (`ProposalLedger.proposalOfCode`), the score beating the best by the minimum
 * (`ProjectRegistry.improvementOf`), and the stake held. `undefined` when nothing stands in the way.
 */
export async function checkSubmission(read: ProtocolReader, terms: SubmissionTerms): Promise<SubmissionProblem | undefined> {
  const [[duplicate, existingProposalId], [, meets], currentBest, held] = (await Promise.all([
    read({ contractName: "ProposalLedger", functionName: "proposalOfCode", args: [terms.projectId, terms.codeRoot] }),
    read({ contractName: "ProjectRegistry", functionName: "improvementOf", args: [terms.projectId, terms.claimedScore] }),
    read({ contractName: "ProjectRegistry", functionName: "currentBestAggregateScore", args: [terms.projectId] }),
    read({ contractName: "ProjectToken", address: terms.token, functionName: "balanceOf", args: [terms.owner] }),
  ])) as [[boolean, bigint], [bigint, boolean], bigint, bigint];
  if (duplicate) return { kind: "duplicate", existingProposalId };
  if (!meets) return { kind: "score", currentBest };
  if (held < terms.stake) return { kind: "balance", held };
  return undefined;
}

export type SignStakePermitParameters = {
  read: ProtocolReader;
  /** Signs EIP-712 typed data as `owner` (a wallet, or a local account). */
  signTypedData: (typedData: ReturnType<typeof getPermitTypedData>) => Promise<Hex>;
  token: Address;
  chainId: number;
  owner: Address;
  /** The ledger, which takes the stake. */
  spender: Address;
  value: bigint;
  /** The chain's latest block time (the deadline counts from the later of it and the wall clock). */
  latestBlockTimestamp: bigint | undefined;
  nowSeconds?: bigint;
};

export type StakePermit = { deadline: bigint; v: number; r: Hex; s: Hex };

/** The stake's EIP-2612 permit for the ledger, signed: `submitWithPermit`'s last four arguments. */
export async function signStakePermit({
  read,
  signTypedData,
  token,
  chainId,
  owner,
  spender,
  value,
  latestBlockTimestamp,
  nowSeconds = BigInt(Math.floor(Date.now() / 1000)),
}: SignStakePermitParameters): Promise<StakePermit> {
  const [tokenName, nonce] = (await Promise.all([
    read({ contractName: "ProjectToken", address: token, functionName: "name" }),
    read({ contractName: "ProjectToken", address: token, functionName: "nonces", args: [owner] }),
  ])) as [string, bigint];
  const deadline = deadlineOf(nowSeconds, latestBlockTimestamp);
  const signature = await signTypedData(getPermitTypedData({ tokenName, token, chainId, owner, spender, value, nonce, deadline }));
  return { deadline, ...splitPermitSignature(signature) };
}

export type SubmitArgsParameters = {
  projectId: bigint;
  codeRoot: Hex;
  logRoot: Hex;
  claimedScore: bigint;
  stake: bigint;
  /** Who receives the reward (the zero address: the submitter). */
  rewardRecipient?: Address;
};

/** `submit`'s arguments, in the reference's order; `submitWithPermit` appends the permit's. */
export function submitArgsOf({ projectId, codeRoot, logRoot, claimedScore, stake, rewardRecipient = zeroAddress }: SubmitArgsParameters) {
  return [projectId, codeRoot, logRoot, claimedScore, stake, rewardRecipient] as const;
}

/** `submitWithPermit`'s arguments: `submit`'s, then the permit's deadline and signature. */
export function submitWithPermitArgsOf(parameters: SubmitArgsParameters, { deadline, v, r, s }: StakePermit) {
  return [...submitArgsOf(parameters), deadline, v, r, s] as const;
}
