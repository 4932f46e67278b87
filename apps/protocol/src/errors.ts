/**
 * Turns anything a wallet, viem or wagmi throws into one sentence a user can act on. Reverts are
 * decoded against every custom error of the protocol (`protocolErrorsAbi`), so an error raised inside
 * a called contract reads as well as one raised by the contract called; the cause chain is walked to
 * find the revert data, the user's refusal, or the node's "insufficient funds".
 */
import { decodeErrorResult, type ContractErrorArgs, type ContractErrorName, type Hex } from "viem";

import { protocolErrorsAbi } from "./generated/abis.ts";
import { formatEth, formatTimestamp, formatTokenAmount, formatTolerance, shortenAddress } from "./format.ts";
import { StorageError } from "./storage/errors.ts";

type ErrorsAbi = typeof protocolErrorsAbi;
export type ProtocolErrorName = ContractErrorName<ErrorsAbi>;
type ArgsOf<name extends ProtocolErrorName> = ContractErrorArgs<ErrorsAbi, name>;

/** One sentence per custom error; a missing or misspelt name is a compile error. */
export const errorSentences: { [name in ProtocolErrorName]: (args: ArgsOf<name>) => string } = {
  // ---- verifier registry
  AlreadyRegistered: () => "That address is already an allowlisted verifier.",
  NotRegistered: () => "That address is not an allowlisted verifier.",
  ZeroAddress: () => "The zero address cannot be a verifier.",
  VerifierRegistryDisplayNameTooLong: ([length, maxLength]) =>
    `That display name is ${length} bytes long; the limit is ${maxLength} bytes.`,
  VerifierRegistryZeroBond: () => "A bond must carry some of the native currency.",
  VerifierRegistryBondBelowMinimum: ([bond, minBond]) =>
    `A bond of ${formatEth(bond)} is below the minimum of ${formatEth(minBond)}: post at least the difference.`,
  VerifierRegistryUnbonding: ([, withdrawableAt]) =>
    `This address is leaving the bonded set: its bond can be withdrawn from ${formatTimestamp(withdrawableAt)}, and it may bond again after that.`,
  VerifierRegistryNotBonded: ([verifier]) => `The address ${shortenAddress(verifier)} is not in the bonded set, so it has no bond to unbond.`,
  VerifierRegistryWithdrawalNotYet: ([, withdrawableAt]) =>
    withdrawableAt === 0n
      ? "Ask to leave the bonded set first (request unbonding); the bond can be withdrawn once its delay has passed."
      : `The bond can be withdrawn from ${formatTimestamp(withdrawableAt)}, when its unbonding delay has passed.`,
  VerifierRegistryBondLocked: ([, locked]) =>
    `This bond has ${formatEth(locked)} locked in review seats that are not final yet; it can be withdrawn once they are.`,
  VerifierRegistryNotReviewQuorum: () => "Only the review quorum contract may lock or release bonds.",
  VerifierRegistryBondTooLow: ([, free, lock]) =>
    `A verdict must be backed by ${formatEth(lock)} of free verifier bond, and this account has ${formatEth(free)} free: post a bond (or wait for locked seats to be final) before deciding.`,
  OwnableInvalidOwner: ([owner]) => `The address ${shortenAddress(owner)} cannot own the verifier registry.`,
  OwnableUnauthorizedAccount: ([account]) => `Only the verifier registry's owner may do that, not ${shortenAddress(account)}.`,

  // ---- project registry
  LedgerZero: () => "The registry needs a proposal ledger address.",
  NotLedger: () => "Only the proposal ledger may do that.",
  ScoreNotImproved: () => "That score does not beat the current best by the project's minimum improvement.",
  UnknownProject: () => "There is no such project.",
  ProjectRegistryLedgerMismatch: ([ledger, ledgerRegistry]) =>
    `The proposal ledger ${shortenAddress(ledger)} belongs to another registry (${shortenAddress(ledgerRegistry)}).`,
  ProjectRegistryZeroHash: () => "Every artifact needs its storage root, and one is missing.",
  ProjectRegistryScoreOutOfRange: ([score]) => `The score ${score} is too large to store.`,
  ProjectRegistryInvalidRewardRule: ([rule, rewardBps, impactTarget]) =>
    `The reward settings do not fit together (rule ${rule}, share ${rewardBps} bps, impact target ${impactTarget}).`,
  ProjectRegistryInvalidMinStake: () => "The minimum stake must be at least 1 token.",
  ProjectRegistryInvalidTolerance: ([tolerancePpm]) =>
    `A reproduction tolerance of ${formatTolerance(Number(tolerancePpm) / 1e6)} is above 100% of the claim; choose at most 100%.`,
  ProjectRegistryInvalidReviewQuorum: ([reviewQuorum]) =>
    `A review quorum of ${reviewQuorum} is not possible: choose an odd number of reviewers from 1 to 9 (a median needs a middle reviewer).`,
  ProjectRegistryInvalidMetricScale: () => "The metric scale must be greater than zero.",
  ProjectRegistryInvalidFirstBuy: ([amount]) => `A first buy of ${formatTokenAmount(amount)} tokens is more than the curve can supply.`,
  ProjectRegistryWrongPayment: ([sent, required]) =>
    `The first buy costs ${formatEth(required)}, but ${formatEth(sent)} was sent.`,

  // ---- project token
  ZeroAmount: () => "Enter an amount greater than zero.",
  OverSupply: () => "That is more tokens than the curve has left to sell.",
  PoolCapExceeded: () => "The project's miner reward pool is used up.",
  InsufficientPayment: () => "The ether sent does not pay for these tokens.",
  EthPayoutFailed: () => "The contract could not send you the ether: your account refused the payment.",
  EthRefundFailed: () => "The contract could not refund your excess ether: your account refused the payment.",
  ProjectTokenDeadlinePassed: () => "The trade's deadline passed before it was mined; try again.",
  ProjectTokenSlippageExceeded: ([cost, maxCost]) =>
    `The price moved: this trade now costs ${formatEth(cost)}, more than your limit of ${formatEth(maxCost)}.`,
  ProjectTokenRefundTooLow: ([refund, minRefund]) =>
    `The price moved: this sale now pays ${formatEth(refund)}, less than your minimum of ${formatEth(minRefund)}.`,
  ProjectTokenInsufficientBalance: ([, balance, amount]) =>
    `You hold ${formatTokenAmount(balance)} tokens, fewer than the ${formatTokenAmount(amount)} you tried to sell.`,
  ProjectTokenInvalidCurve: ([basePrice, slope, minerPoolCap]) =>
    `Those curve settings are refused (base price ${formatEth(basePrice)}, slope ${formatEth(slope)}, miner pool ${formatTokenAmount(minerPoolCap)} tokens): the base price and slope cannot both be zero, and each must be in range.`,
  ProjectTokenEmptyNameOrSymbol: () => "The token needs a name and a symbol.",
  ProjectTokenNotRegistry: () => "Only the project registry may set up a project token.",
  ProjectTokenInvalidRange: ([from, to]) => `Tokens ${from} to ${to} are not a range on the curve.`,
  ProjectTokenZeroRecipient: () => "Tokens cannot be bought for the zero address; name the account that should receive them.",

  // ---- proposal ledger
  ExpiryNotReached: () => "This proposal cannot be expired yet: its review window is still open.",
  LockActive: () => "A verifier is reviewing this proposal right now.",
  LockExpired: () => "Your claim on this review has lapsed.",
  NotVerifier: () => "Only allowlisted verifiers may do that.",
  NothingToClaim: () => "You have no verifier rewards to claim on this project.",
  RegistryZero: () => "The ledger needs a project registry address.",
  UnknownProposal: () => "There is no such proposal.",
  VerifierRegistryZero: () => "The ledger needs a verifier registry address.",
  WrongReviewer: () => "Only the verifier who claimed this proposal may settle or release it.",
  WrongStatus: () => "The proposal is not in a state that allows this; it may have been settled already.",
  ZeroStake: () => "A proposal needs a stake greater than zero.",
  ProposalLedgerConflictedReviewer: ([proposalId]) =>
    `You cannot review proposal #${proposalId}: you submitted it or would be rewarded by it.`,
  ProposalLedgerDuplicateCode: ([, , existingProposalId]) =>
    `This code was already submitted to the project, as proposal #${existingProposalId}.`,
  ProposalLedgerStakeBelowMinimum: ([stake, minStake]) =>
    `A stake of ${formatTokenAmount(stake)} tokens is below this project's minimum of ${formatTokenAmount(minStake)}.`,
  ProposalLedgerZeroHash: () => "The proposal needs its code and log roots, and one is missing.",
  ProposalLedgerClaimedBefore: ([proposalId, , claimableAt]) =>
    `You held the review of proposal #${proposalId} before; you may claim it again from ${formatTimestamp(claimableAt)}, so others get the first chance.`,
  ProposalLedgerPastExpiry: ([proposalId, expiresAt]) =>
    `Proposal #${proposalId} passed its expiry (${formatTimestamp(expiresAt)}); it can only be expired now.`,
  ProposalLedgerNotSuperseded: ([proposalId]) =>
    `Proposal #${proposalId} has not been overtaken by a better approval; approve or reject it instead.`,
  ProposalLedgerNeverBeatTheBest: ([proposalId, verifiedScore, bestAtSubmission]) =>
    `Proposal #${proposalId} measured ${verifiedScore}, which never beat the best it faced at submission (${bestAtSubmission}) by the project's minimum improvement; reject it instead.`,
  ProposalLedgerClaimNotReproduced: ([proposalId, claimedScore, verifiedScore]) =>
    `Proposal #${proposalId} measured ${verifiedScore}, farther from its claim of ${claimedScore} than the project's tolerance: the claim was not reproduced, so reject it.`,
  ProposalLedgerClaimNotImproving: ([, claimedScore, currentBest]) =>
    `A claimed score of ${claimedScore} does not beat the current best (${currentBest}) by the project's minimum improvement.`,
  ProposalLedgerProtocolRecipient: ([recipient]) =>
    `The reward cannot go to ${shortenAddress(recipient)}, a contract of the protocol; name your own address or leave it empty.`,
  ProposalLedgerScoreOutOfRange: ([score]) => `The score ${score} is too large to store.`,
  ProposalLedgerUnknownCommitment: () =>
    "This reveal matches no commitment of yours: the values or the salt differ from what was committed, or nothing was committed from this account.",
  ProposalLedgerRevealTooEarly: () => "The commitment was made in this same block; reveal in the next one.",
  ProposalLedgerRevealTooLate: ([, deadline]) =>
    `The commitment's window closed at ${formatTimestamp(deadline)}; commit again and reveal sooner.`,
  ProposalLedgerRootCommittedEarlier: ([, , existingProposalId]) =>
    `This code is already proposal #${existingProposalId}, committed or submitted before yours.`,
  ProposalLedgerNotYetReviewable: ([proposalId, reviewableAt]) =>
    `Proposal #${proposalId} can be claimed from ${formatTimestamp(reviewableAt)}: until then an earlier commitment of its code may still be revealed.`,
  ProposalLedgerEarlierProposalOpen: ([proposalId, earlierProposalId]) =>
    `Proposal #${earlierProposalId} on this project came first and is still open: approvals go in that order, so #${proposalId} can be approved once #${earlierProposalId} is settled (a rejection or a supersession can be given now).`,
  ProposalLedgerReviewQuorumZero: () => "The ledger needs a review quorum contract address.",
  ProposalLedgerReviewedByQuorum: ([proposalId]) =>
    `Proposal #${proposalId} belongs to a project reviewed by a quorum: its reviewers are drawn from the bonded verifiers, nobody claims it.`,
  ProposalLedgerNotReviewQuorum: () => "Only the review quorum contract may hold or settle a quorum review.",
  ProposalLedgerNotQuorumReviewed: ([proposalId]) =>
    `Proposal #${proposalId} belongs to a project with a single reviewer; a verifier claims it instead.`,
  ProposalLedgerBondedRecipient: ([recipient]) =>
    `The reward cannot go to ${shortenAddress(recipient)}, a bonded verifier: reward recipients are kept off the review, so naming one would steer who reviews. Name your own address or leave it empty.`,

  // ---- review quorum
  ReviewQuorumZeroAddress: () => "The review quorum needs a ledger address.",
  ReviewQuorumMiswired: () => "The ledger or the verifier registry does not point at this review quorum.",
  ReviewQuorumZeroPhase: () => "Every review phase needs a length above zero.",
  ReviewQuorumWrongPhase: ([proposalId, phase]) =>
    `Proposal #${proposalId}'s review is ${reviewPhaseSentence(phase)}, so that step does not apply now.`,
  ReviewQuorumSingleReviewer: ([proposalId]) =>
    `Proposal #${proposalId} belongs to a project with a single reviewer: an allowlisted verifier claims it instead.`,
  ReviewQuorumNotSubmitted: ([proposalId]) => `Proposal #${proposalId} is not waiting for review.`,
  ReviewQuorumNotYetReviewable: ([proposalId, reviewableAt]) =>
    `Proposal #${proposalId} can be reviewed from ${formatTimestamp(reviewableAt)}: until then an earlier commitment of its code may still be revealed.`,
  ReviewQuorumDrawNotYet: ([, drawBlock]) => `The reviewers are drawn from block ${drawBlock}'s hash: draw once that block is mined.`,
  ReviewQuorumTooFewVerifiers: ([, seats]) =>
    `Fewer than ${seats} eligible seats are bonded (bonded verifiers other than the miner, the reward recipient and the creator, with a free seat lock each): the draw waits for more bonds.`,
  ReviewQuorumNotYourSeat: ([proposalId, seat]) => `Seat ${seat} of proposal #${proposalId}'s review is not yours in this round.`,
  ReviewQuorumAlreadyCommitted: ([, seat]) => `Seat ${seat} has already committed its measurement.`,
  ReviewQuorumZeroCommitment: () => "The commitment is empty.",
  ReviewQuorumCommitClosed: ([, deadline]) => `The commit phase closed at ${formatTimestamp(deadline)}.`,
  ReviewQuorumCommitOpen: ([, deadline]) =>
    `Seats may still commit until ${formatTimestamp(deadline)}; the commit phase ends after that.`,
  ReviewQuorumNotCommitted: ([, seat]) => `Seat ${seat} did not commit a measurement, so it has nothing to reveal.`,
  ReviewQuorumAlreadyRevealed: ([, seat]) => `Seat ${seat} has already revealed its measurement.`,
  ReviewQuorumRevealMismatch: ([, seat]) =>
    `This reveal does not match seat ${seat}'s commitment: the score, the verdict or the salt differs from what was committed.`,
  ReviewQuorumRevealClosed: ([, deadline]) => `The reveal phase closed at ${formatTimestamp(deadline)}.`,
  ReviewQuorumRevealOpen: ([, deadline]) =>
    `Seats that committed may still reveal until ${formatTimestamp(deadline)}; the round closes once they all have, or after that.`,
  ReviewQuorumScoreOutOfRange: ([score]) => `The score ${score} is too large to store.`,
  ReviewQuorumAppealClosed: ([, deadline]) => `The appeal window closed at ${formatTimestamp(deadline)}.`,
  ReviewQuorumWrongAppealBond: ([sent, required]) =>
    `An appeal carries a bond of exactly ${formatEth(required)}, but ${formatEth(sent)} was sent.`,
  ReviewQuorumAppealWindowOpen: ([, deadline]) =>
    `Anyone may appeal until ${formatTimestamp(deadline)}; the outcome is final after that.`,
  ReviewQuorumNothingOwed: () => "Nothing is owed to this address by the review quorum.",
  ReviewQuorumUnexpectedPayment: () => "The review quorum accepts native currency only from the verifier registry.",
  ReviewQuorumNotLedger: () => "Only the proposal ledger records a single reviewer's verdict.",

  // ---- OpenZeppelin (token, permits, clones, guards)
  ERC20InsufficientBalance: ([, balance, needed]) =>
    `You hold fewer tokens than that (${formatTokenAmount(balance)}, and this needs ${formatTokenAmount(needed)}).`,
  ERC20InsufficientAllowance: ([, allowance, needed]) =>
    `The contract may spend ${formatTokenAmount(allowance)} of your tokens but needs ${formatTokenAmount(needed)}; approve more first.`,
  ERC20InvalidApprover: () => "Tokens cannot be approved from the zero address.",
  ERC20InvalidReceiver: ([receiver]) => `Tokens cannot be sent to ${shortenAddress(receiver)}.`,
  ERC20InvalidSender: () => "Tokens cannot be sent from the zero address.",
  ERC20InvalidSpender: ([spender]) => `Tokens cannot be approved for ${shortenAddress(spender)}.`,
  ERC2612ExpiredSignature: ([deadline]) => `The permit signature expired (${formatTimestamp(deadline)}); sign again.`,
  ERC2612InvalidSigner: ([signer, owner]) =>
    `The permit was signed by ${shortenAddress(signer)}, not by the token holder ${shortenAddress(owner)}.`,
  ECDSAInvalidSignature: () => "The signature is not valid.",
  ECDSAInvalidSignatureLength: ([length]) => `The signature has the wrong length (${length} bytes).`,
  ECDSAInvalidSignatureS: () => "The signature is malformed.",
  InvalidAccountNonce: () => "The permit's nonce is out of date; sign again.",
  FailedDeployment: () => "The project token could not be created.",
  FailedCall: () => "The transfer to the receiving address failed: it does not accept the native currency.",
  InsufficientBalance: ([balance, needed]) =>
    `The contract holds ${formatEth(balance)}, less than the ${formatEth(needed)} it needs.`,
  InvalidInitialization: () => "This contract is already set up.",
  NotInitializing: () => "This contract is not being set up.",
  ReentrancyGuardReentrantCall: () => "The contract refused a nested call.",
  SafeCastOverflowedUintDowncast: ([bits, value]) => `The number ${value} does not fit in ${bits} bits.`,
  SafeERC20FailedOperation: () => "The token transfer failed.",
};

/** A review phase as the middle of a sentence ("Proposal #3's review is <this>"). */
function reviewPhaseSentence(phase: number): string {
  const phrases = [
    "not started",
    "waiting for its reviewers to be drawn",
    "in its commit phase",
    "in its reveal phase",
    "decided and open to appeal",
    "final",
  ];
  return phrases[phase] ?? `in phase ${phase}`;
}

export const USER_REJECTED_SENTENCE = "You cancelled the request in your wallet.";
export const INSUFFICIENT_FUNDS_SENTENCE = "Your wallet does not have enough ETH for this.";
export const NETWORK_SENTENCE = "The chain's node did not answer; check that it is running and try again.";

export type DecodedProtocolError = { errorName: ProtocolErrorName; args: readonly unknown[] };

/** The error and its causes, outermost first (`cause` links; at most 32). */
function getCauseChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current && chain.length < 32 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function isHex(value: unknown): value is Hex {
  return typeof value === "string" && /^0x[0-9a-fA-F]*$/.test(value);
}

/** Decodes revert data against the protocol's errors; `undefined` when it is not one of them. */
export function decodeRevertData(data: Hex): DecodedProtocolError | undefined {
  if (data.length < 10) return undefined;
  try {
    const decoded = decodeErrorResult({ abi: protocolErrorsAbi, data });
    if (!(decoded.errorName in errorSentences)) return undefined;
    return { errorName: decoded.errorName as ProtocolErrorName, args: (decoded.args ?? []) as readonly unknown[] };
  } catch {
    return undefined;
  }
}

/** Parses one argument of a node's text ("reverted with custom error 'X(1, 0xab…)'") by its ABI type. */
function parseTextArg(text: string, type: string): unknown {
  const value = text.trim().replace(/^["']|["']$/g, "");
  if (/^u?int\d*$/.test(type)) return BigInt(value);
  if (type === "bool") return value === "true";
  return value;
}

/** Hardhat's text for a revert it could not return as data: "reverted with custom error 'Name(args)'". */
function decodeRevertText(message: string): DecodedProtocolError | undefined {
  const match = /custom error '(\w+)\((.*?)\)'/.exec(message);
  if (!match) return undefined;
  const [, name, argText = ""] = match;
  const item = protocolErrorsAbi.find((entry) => entry.name === name);
  if (!item) return undefined;
  const parts = argText.trim() ? argText.split(",") : [];
  if (parts.length !== item.inputs.length) return undefined;
  try {
    return { errorName: item.name, args: item.inputs.map((input, index) => parseTextArg(parts[index]!, input.type)) };
  } catch {
    return undefined;
  }
}

/** Finds the protocol's custom error behind `error` (viem, wagmi, a wallet, or plain `Error`s). */
export function decodeProtocolError(error: unknown): DecodedProtocolError | undefined {
  const chain = getCauseChain(error);
  for (const link of chain) {
    const item = link as { data?: unknown; raw?: unknown };
    // viem's ContractFunctionRevertedError: { data: { errorName, args }, raw }
    if (item.data && typeof item.data === "object" && "errorName" in item.data) {
      const { errorName, args } = item.data as { errorName: string; args?: readonly unknown[] };
      if (errorName in errorSentences) return { errorName: errorName as ProtocolErrorName, args: args ?? [] };
    }
    for (const candidate of [item.raw, item.data, (item.data as { data?: unknown } | undefined)?.data]) {
      if (isHex(candidate)) {
        const decoded = decodeRevertData(candidate);
        if (decoded) return decoded;
      }
    }
  }
  for (const link of chain) {
    const message = (link as { message?: unknown }).message;
    if (typeof message === "string") {
      const decoded = decodeRevertText(message);
      if (decoded) return decoded;
    }
  }
  return undefined;
}

/** The sentence for a decoded protocol error. */
export function formatProtocolError({ errorName, args }: DecodedProtocolError): string {
  const sentence = errorSentences[errorName] as (args: readonly unknown[]) => string;
  try {
    return sentence(args);
  } catch {
    return `The contract refused: ${errorName}.`;
  }
}

function messagesOf(chain: unknown[]): string {
  return chain
    .map((link) => {
      const item = link as { message?: unknown; details?: unknown; shortMessage?: unknown };
      return [item.shortMessage, item.message, item.details].filter((part) => typeof part === "string").join(" ");
    })
    .join(" ");
}

/** Capitalized, one line, ending with a full stop, at most ~200 characters. */
function toSentence(text: string): string {
  let line = text.split("\n").find((part) => part.trim())?.trim() ?? "Something went wrong.";
  if (line.length > 200) line = `${line.slice(0, 197).trimEnd()}…`;
  line = line.charAt(0).toUpperCase() + line.slice(1);
  return /[.!?…]$/.test(line) ? line : `${line}.`;
}

/**
 * One sentence for anything thrown while reading, simulating, signing or sending.
 * @example getErrorMessage(error) // "The price moved: this trade now costs 0.12 ETH, more than your limit of 0.1 ETH."
 */
export function getErrorMessage(error: unknown): string {
  const chain = getCauseChain(error);
  const names = chain.map((link) => (link as { name?: unknown }).name);
  const codes = chain.map((link) => (link as { code?: unknown }).code);
  const text = messagesOf(chain);

  if (names.includes("UserRejectedRequestError") || codes.includes(4001) || codes.includes("ACTION_REJECTED") || /user (rejected|denied|cancel)/i.test(text)) {
    return USER_REJECTED_SENTENCE;
  }
  // The storage relay's errors are already one sentence for a person (too large, over quota, …).
  if (error instanceof StorageError) return toSentence(error.message);
  const decoded = decodeProtocolError(error);
  if (decoded) return formatProtocolError(decoded);
  if (names.includes("InsufficientFundsError") || /insufficient funds|doesn't have enough funds|not enough funds/i.test(text)) {
    return INSUFFICIENT_FUNDS_SENTENCE;
  }
  if (names.includes("ConnectorNotConnectedError") || names.includes("ConnectorAccountNotFoundError")) {
    return "Connect a wallet first.";
  }
  if (names.includes("ChainMismatchError") || names.includes("ConnectorChainMismatchError")) {
    return "Your wallet is on another network; switch to this app's network and try again.";
  }
  if (names.includes("ChainNotConfiguredError") || names.includes("SwitchChainError")) {
    return "Your wallet cannot switch to this app's network.";
  }
  for (const link of chain) {
    const item = link as { name?: unknown; reason?: unknown };
    if (item.name === "ContractFunctionRevertedError" && typeof item.reason === "string" && item.reason) {
      return toSentence(`The contract refused: ${item.reason}`);
    }
  }
  if (names.includes("HttpRequestError") || names.includes("TimeoutError") || /failed to fetch|fetch failed|ECONNREFUSED|network ?error/i.test(text)) {
    return NETWORK_SENTENCE;
  }
  if (names.includes("ContractFunctionRevertedError") || names.includes("ExecutionRevertedError") || /execution reverted|transaction reverted/i.test(text)) {
    return "The contract refused the transaction.";
  }
  const first = chain[0] as { shortMessage?: unknown; message?: unknown } | undefined;
  const message = typeof first?.shortMessage === "string" ? first.shortMessage : typeof first?.message === "string" ? first.message : String(error);
  return toSentence(message);
}
