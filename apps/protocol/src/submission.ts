/**
 * Submitting a proposal, the steps every client takes (the web app's propose page and the CLI's
 * `submit`): check what the ledger would refuse before anything is signed, commit, upload, sign the
 * stake's EIP-2612 permit and reveal (the new id is read by `receipts.ts`). The chain is reached
 * through a `ProtocolReader` the caller supplies (a wagmi config in the browser, a viem client in the
 * CLI), so this module holds the flow and no transport.
 *
 * Why commit first: a code root is public as soon as it is uploaded (a 0G upload is itself a
 * transaction) or sent to the mempool, and the root belongs to its earliest commitment. So the miner
 * computes its roots locally, commits to a hash of them with its address, claim, stake, recipient and
 * a random salt (`commitProposal`), and only once that is mined uploads the artifacts and reveals the
 * values (`revealProposal[WithPermit]`, in a later block and within the ledger's `COMMIT_WINDOW`).
 * A copier who sees the roots after that commits later and loses.
 */
import { encodeAbiParameters, keccak256, toHex, zeroAddress, type Address, type Hex } from "viem";

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

export type CommitmentParameters = SubmitArgsParameters & {
  chainId: number;
  /** The ledger the commitment is for (the hash binds it and the chain, so it cannot be replayed elsewhere). */
  ledger: Address;
  /** Who commits and must reveal. */
  miner: Address;
  salt: Hex;
};

/**
 * `ProposalLedger.commitmentOf`, computed here rather than asked of a node: asking would show the
 * roots to the RPC before the commitment is mined.
 */
export function commitmentOf({ chainId, ledger, miner, salt, ...submission }: CommitmentParameters): Hex {
  const [projectId, codeRoot, logRoot, claimedScore, stake, rewardRecipient] = submitArgsOf(submission);
  return keccak256(
    encodeAbiParameters(
      [
        { type: "uint256" },
        { type: "address" },
        { type: "address" },
        { type: "uint256" },
        { type: "bytes32" },
        { type: "bytes32" },
        { type: "int256" },
        { type: "uint256" },
        { type: "address" },
        { type: "bytes32" },
      ],
      [BigInt(chainId), ledger, miner, projectId, codeRoot, logRoot, claimedScore, stake, rewardRecipient, salt],
    ),
  );
}

/** A fresh 32-byte salt: without it a commitment to a guessable root and score could be matched by hashing guesses. */
export function newCommitmentSalt(): Hex {
  return toHex(crypto.getRandomValues(new Uint8Array(32)));
}

/** `revealProposal`'s arguments: `submit`'s, then the commitment's salt. */
export function revealArgsOf(parameters: SubmitArgsParameters, salt: Hex) {
  return [...submitArgsOf(parameters), salt] as const;
}

/** `revealProposalWithPermit`'s arguments: `revealProposal`'s, then the permit's deadline and signature. */
export function revealWithPermitArgsOf(parameters: SubmitArgsParameters, salt: Hex, { deadline, v, r, s }: StakePermit) {
  return [...revealArgsOf(parameters, salt), deadline, v, r, s] as const;
}

/**
 * Where a commitment stands on-chain, from `committedAt` (0: never committed, or already revealed) and
 * the ledger's `COMMIT_WINDOW`: `open` until its reveal deadline, then `lapsed` (commit again, with a
 * new salt; the old priority is gone).
 */
export async function commitmentState(
  read: ProtocolReader,
  commitment: Hex,
  nowSeconds: bigint,
): Promise<{ state: "none" } | { state: "open" | "lapsed"; committedAt: bigint; revealBy: bigint }> {
  const [committedAt, window] = (await Promise.all([
    read({ contractName: "ProposalLedger", functionName: "committedAt", args: [commitment] }),
    read({ contractName: "ProposalLedger", functionName: "COMMIT_WINDOW" }),
  ])) as [bigint, bigint];
  if (committedAt === 0n) return { state: "none" };
  const revealBy = committedAt + window;
  return { state: nowSeconds > revealBy ? "lapsed" : "open", committedAt, revealBy };
}
