/**
 * A proposal's rules as the app applies them: who may act on it now (`getProposalActions`), what
 * happens next in plain sentences (`describeNextStep`), the chain's clock (`chainClockOffset`),
 * countdowns, and the chain's `getProposal` tuple in the indexer's shape (when the
 * indexer is down). Pure functions, no React: the timeline, the verifier queue and the review screen
 * share them, and `lib/__tests__/proposal.test.ts` pins them to `contracts/ProposalLedger.sol`.
 *
 * The contract is the judge: these rules decide which buttons to show; every write is still
 * simulated against the chain first (`useProtocolWrite`), so a rule that drifted shows as a decoded
 * revert, never as a lost transaction.
 */
import type { Address, ContractFunctionReturnType, Hex } from "viem";

import { formatBps } from "@orm/protocol/format";
import type { proposalLedgerAbi } from "@orm/protocol/generated/abis";
import { proposalLedgerConstants, proposalStatus } from "@orm/protocol/generated/constants";
import { expiresAtOf } from "@orm/protocol/ledger";
import type { Proposal, ProposalStatus, Review } from "./indexer.ts";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const ZERO_HASH = `0x${"0".repeat(64)}` as Hex;

/** What the rules read from a proposal (the indexer's row or the chain's tuple, converted). */
export type ProposalState = {
  status: ProposalStatus;
  miner: Address;
  rewardRecipient: Address;
  /** The current claim holder (null or zero when unclaimed). */
  reviewer: Address | null;
  /** When the current claim lapses (null or 0 when unclaimed). */
  reviewLockUntil: bigint | null;
  submittedAt: bigint;
  expiresAt: bigint;
};

export type ActionContext = {
  /** The connected account (undefined: no wallet). */
  account: Address | undefined;
  /** `VerifierRegistry.isVerifier(account)`. */
  isVerifier: boolean;
  /** The account held a claim on this proposal before (released or lapsed): it may claim again later, when the ledger allows. */
  claimedBefore: boolean;
  /** The chain's "now" in seconds (see `chainClockOffset`). */
  now: bigint;
  /** When claims open (`ProposalLedger.reviewableAt`: its priority plus the commit window); unknown: not checked. */
  reviewableAt?: bigint;
  /** `ProjectRegistry.bestUpdatedAt(projectId)`, when known: supersede needs the best to have moved at or after submission. */
  bestUpdatedAt?: bigint;
};

export type ProposalAction = "claim" | "release" | "approve" | "reject" | "supersede" | "expire";

export type ActionRule = {
  allowed: boolean;
  /** Why the account may not act, as one sentence (empty when allowed). */
  reason: string;
  /** For `claim` on a lapsed claim: the claim must be released first (two transactions). */
  releaseFirst?: boolean;
};

export type ProposalActions = Record<ProposalAction, ActionRule>;

const same = (a: string | null | undefined, b: string | null | undefined) =>
  Boolean(a && b && a.toLowerCase() === b.toLowerCase());

const allow = (extra: Partial<ActionRule> = {}): ActionRule => ({ allowed: true, reason: "", ...extra });
const refuse = (reason: string): ActionRule => ({ allowed: false, reason });

/** The current claim, if any, and whether its lock still holds at `now`. */
export function claimOf(state: ProposalState, now: bigint): { reviewer: Address; lockUntil: bigint; live: boolean } | undefined {
  if (state.status !== proposalStatus.Reviewing || !state.reviewer || same(state.reviewer, ZERO_ADDRESS)) return undefined;
  const lockUntil = state.reviewLockUntil ?? 0n;
  return { reviewer: state.reviewer, lockUntil, live: now < lockUntil };
}

const isOpen = (status: ProposalStatus) => status === proposalStatus.Submitted || status === proposalStatus.Reviewing;

/**
 * Which of the ledger's actions `account` may take on the proposal now, each with the reason when
 * it may not (ProposalLedger: `claimReview`, `releaseReview`, `approve`, `reject`, `supersede`,
 * `expire`).
 */
export function getProposalActions(state: ProposalState, context: ActionContext): ProposalActions {
  const { account, isVerifier, now, bestUpdatedAt, reviewableAt } = context;
  const claim = claimOf(state, now);
  const pastExpiry = now >= state.expiresAt;
  const isReviewer = Boolean(claim && same(claim.reviewer, account));
  const settled = !isOpen(state.status);
  const settledReason = "The proposal is settled; nothing more can be done with it.";
  const noWallet = "Connect a wallet to act on this proposal.";

  // claimReview: Submitted (or a lapsed claim, released first), before expiry, an allowlisted
  // verifier that is neither the miner nor the reward recipient. A verifier that held this claim
  // before may claim it again a review lock's length after its claim ended (others get that long
  // first); the ledger keeps that time, and its refusal (ProposalLedgerClaimedBefore) names it.
  let claimRule: ActionRule;
  if (settled) claimRule = refuse(settledReason);
  else if (!account) claimRule = refuse(noWallet);
  else if (claim?.live) claimRule = refuse(isReviewer ? "You hold the review of this proposal." : "Another verifier holds the review of this proposal.");
  else if (pastExpiry) claimRule = refuse("The proposal is past its expiry; it can only be expired now.");
  else if (!isVerifier) claimRule = refuse("Only allowlisted verifiers may claim a review, and this account is not one.");
  else if (same(account, state.miner) || same(account, state.rewardRecipient))
    claimRule = refuse("You submitted this proposal or would be rewarded by it, so you cannot review it.");
  else if (reviewableAt !== undefined && now < reviewableAt)
    claimRule = refuse(
      `Claims open in ${formatCountdown(reviewableAt - now)}: until then an earlier commitment of this code may still be revealed.`,
    );
  else if (isReviewer && claim && now < claim.lockUntil + proposalLedgerConstants.REVIEW_LOCK)
    claimRule = refuse(
      `Your claim on this review lapsed; other verifiers get ${proposalLedgerConstants.REVIEW_LOCK / 3600n} hours first, and you may claim it again from ${new Date(Number(claim.lockUntil + proposalLedgerConstants.REVIEW_LOCK) * 1000).toISOString().replace("T", " ").slice(0, 16)} UTC.`,
    );
  else claimRule = allow(claim ? { releaseFirst: true } : {});

  // releaseReview: the reviewer at once; anyone once the lock lapsed.
  let releaseRule: ActionRule;
  if (settled) releaseRule = refuse(settledReason);
  else if (!claim) releaseRule = refuse("Nobody holds the review of this proposal.");
  else if (!account) releaseRule = refuse(noWallet);
  else if (isReviewer || !claim.live) releaseRule = allow();
  else releaseRule = refuse("Only the reviewer may release a claim before its lock ends.");

  // approve / reject / supersede: the reviewer, while the lock holds, still allowlisted.
  let verdictRule: ActionRule;
  if (settled) verdictRule = refuse(settledReason);
  else if (!account) verdictRule = refuse(noWallet);
  else if (!claim) verdictRule = refuse("Claim the review first.");
  else if (!isReviewer) verdictRule = refuse("Only the verifier who claimed this proposal may settle it.");
  else if (!claim.live) verdictRule = refuse("Your claim on this review has lapsed.");
  else if (!isVerifier) verdictRule = refuse("Only allowlisted verifiers may settle a review, and this account is no longer one.");
  else verdictRule = allow();

  let supersedeRule = verdictRule;
  if (verdictRule.allowed && bestUpdatedAt !== undefined && bestUpdatedAt < state.submittedAt) {
    supersedeRule = refuse("The best score has not moved since this proposal was submitted, so it cannot be superseded.");
  }

  // expire: anyone, after expiresAt, unless a claim's lock still holds.
  let expireRule: ActionRule;
  if (settled) expireRule = refuse(settledReason);
  else if (!pastExpiry) expireRule = refuse("The review window is still open.");
  else if (claim?.live) expireRule = refuse("A verifier's claim still holds; the proposal can be expired once it lapses.");
  else if (!account) expireRule = refuse(noWallet);
  else expireRule = allow();

  return {
    claim: claimRule,
    release: releaseRule,
    approve: verdictRule,
    reject: verdictRule,
    supersede: supersedeRule,
    expire: expireRule,
  };
}

/** The actions allowed now, in the order the screens show them. */
export function allowedActions(actions: ProposalActions): ProposalAction[] {
  return (["claim", "approve", "supersede", "reject", "release", "expire"] as const).filter((action) => actions[action].allowed);
}

/** Verifiers who held a claim on the proposal and gave it up (released or lapsed): they may not claim again. */
export function formerReviewersOf(reviews: Pick<Review, "verifier" | "outcome">[]): Set<string> {
  return new Set(
    reviews.filter((review) => review.outcome === "released" || review.outcome === "lapsed").map((review) => review.verifier.toLowerCase()),
  );
}

/**
 * The slash rule in words, from the ledger's constants ("half burned, half to the project's fee fund,
 * the odd token included"), said once beside the amounts wherever a split is shown. A rejection
 * slashes the stake less the review fee. Not a percentage beside each amount: `_slash` rounds the
 * burn down and gives the odd token to the fund, so 5 tokens split 2 and 3, which "50%" and "50%"
 * contradict.
 */
export function describeSlashRule(
  fund = "the project's fee fund",
  burnBps: bigint = proposalLedgerConstants.SLASH_BPS_TO_BURN,
  denominator: bigint = proposalLedgerConstants.BPS_DENOMINATOR,
): string {
  if (burnBps * 2n === denominator) return `half burned, half to ${fund}, the odd token included`;
  return `${formatBps(burnBps)} burned (rounded down), the rest to ${fund}`;
}

export type NextStepOptions = {
  /** Names an address for the sentences ("0x9965…A4dc", "you"). */
  nameOf?: (address: Address) => string;
  /** Formats a Unix time for the sentences. */
  timeOf?: (seconds: bigint) => string;
};

/** What happens next to the proposal and who may act, as plain sentences. */
export function describeNextStep(state: ProposalState, now: bigint, { nameOf = (a) => a, timeOf = (s) => s.toString() }: NextStepOptions = {}): string[] {
  const claim = claimOf(state, now);
  const pastExpiry = now >= state.expiresAt;
  const rejectSentence = `the reviewer earns the review fee from the stake and the rest is slashed (${describeSlashRule()})`;
  const expireSentence = "nobody reviewed it, so the stake goes back to the miner whole (no fee, no slash)";
  switch (state.status) {
    case proposalStatus.Approved:
      return [
        "Approved: the reviewer earned the review fee (from the project's fee fund while it lasted, else from the stake), the rest of the stake went back to the miner, the reward was minted and the project's best score moved. Nothing more happens.",
      ];
    case proposalStatus.Rejected:
      return [`Rejected: the reviewer earned the review fee from the stake and the rest was slashed (${describeSlashRule()}). Nothing more happens.`];
    case proposalStatus.Expired:
      return ["Expired without a verdict: nobody reviewed it in its window, so the stake went back to the miner whole; no fee was paid and nothing was slashed. Nothing more happens."];
    case proposalStatus.Displaced:
      return ["Displaced: an earlier commitment of the same code was revealed, so the code is that proposal's. The stake went back whole; nothing more happens."];
    case proposalStatus.Superseded:
      return ["Superseded: the claim reproduced, but another approval overtook it first. The stake went back less the reviewer's review fee; nothing was minted or slashed."];
  }
  if (claim?.live) {
    return [
      `${nameOf(claim.reviewer)} holds the review until ${timeOf(claim.lockUntil)}. Until then only they may approve it (the stake back, less the review fee when the project's fee fund cannot pay it, plus a reward and a new best score), reject it (${rejectSentence}), mark it superseded (the stake back less the review fee) or release the claim. The reviewer earns the same review fee for any verdict.`,
      `If the claim lapses, anyone may release it and another allowlisted verifier may claim it${pastExpiry ? "; the review window has closed, so anyone may then expire it instead" : ""}.`,
    ];
  }
  if (claim && pastExpiry) {
    return [`The claim by ${nameOf(claim.reviewer)} lapsed at ${timeOf(claim.lockUntil)} and the review window closed at ${timeOf(state.expiresAt)}. Anyone may expire the proposal now: ${expireSentence}.`];
  }
  if (claim) {
    return [
      `The claim by ${nameOf(claim.reviewer)} lapsed at ${timeOf(claim.lockUntil)}. Anyone may release it; then any other allowlisted verifier may claim the review.`,
      `If nobody settles it by ${timeOf(state.expiresAt)}, anyone may expire it: ${expireSentence}.`,
    ];
  }
  if (pastExpiry) {
    return [`Nobody settled it before the review window closed at ${timeOf(state.expiresAt)}. Anyone may expire it now: ${expireSentence}.`];
  }
  return [
    `Waiting for a verifier: any allowlisted verifier other than the miner and the reward recipient may claim the review; a claim holds for ${proposalLedgerConstants.REVIEW_LOCK / 3600n} hours, and a verifier whose claim ended may claim again ${proposalLedgerConstants.REVIEW_LOCK / 3600n} hours later.`,
    `If nobody settles it by ${timeOf(state.expiresAt)}, anyone may expire it: ${expireSentence}.`,
  ];
}

/**
 * How far the chain's clock runs ahead of the wall clock, in seconds (0 when it does not). The
 * ledger compares deadlines with `block.timestamp`, so countdowns must count in chain time. The
 * next block's timestamp is at least the wall clock, so an idle chain (latest block older than now)
 * is on wall time; a chain whose latest block is in the future (a dev chain moved forward with
 * `evm_increaseTime`) stays that far ahead. The indexer's "now" makes the same choice.
 */
export function chainClockOffset(latestBlockTimestamp: bigint, wallSeconds: bigint): bigint {
  const ahead = latestBlockTimestamp - wallSeconds;
  return ahead > 0n ? ahead : 0n;
}

/** "2d 03:04:05", "03:04:05"; "0:00:00" once the time has come. */
export function formatCountdown(seconds: bigint | number): string {
  let left = BigInt(seconds);
  if (left <= 0n) return "00:00:00";
  const days = left / 86_400n;
  left %= 86_400n;
  const pad = (value: bigint) => value.toString().padStart(2, "0");
  const clock = `${pad(left / 3600n)}:${pad((left % 3600n) / 60n)}:${pad(left % 60n)}`;
  return days > 0n ? `${days}d ${clock}` : clock;
}

/** `ProposalLedger.getProposal`'s struct, as viem returns it (typed from the generated ABI). */
export type ChainProposal = ContractFunctionReturnType<typeof proposalLedgerAbi, "view", "getProposal">;

/**
 * A proposal as the indexer would list it, from the ledger's struct; `expiresAt` is the ledger's
 * `expiresAt(id)` (a held claim moves it), else the submission's window.
 */
export function proposalFromChain(id: bigint, chain: ChainProposal, expiresAt?: bigint): Proposal {
  const hashOrNull = (hash: Hex) => (hash === ZERO_HASH ? null : hash);
  const settledWithScore = chain.status === proposalStatus.Approved || chain.status === proposalStatus.Superseded;
  return {
    id: id.toString(),
    projectId: chain.projectId.toString(),
    miner: chain.miner.toLowerCase() as Address,
    rewardRecipient: chain.rewardRecipient.toLowerCase() as Address,
    codeHash: chain.codeHash,
    benchmarkLogHash: hashOrNull(chain.benchmarkLogHash),
    metricsHash: hashOrNull(chain.metricsHash),
    claimedScore: chain.claimedAggregateScore.toString(),
    verifiedScore: settledWithScore ? chain.verifiedAggregateScore.toString() : null,
    stake: chain.stake.toString(),
    status: chain.status as ProposalStatus,
    submittedAt: chain.submittedAt.toString(),
    expiresAt: (expiresAt ?? expiresAtOf(chain.submittedAt)).toString(),
    // without the indexer, the ledger's claim says when (ProposalLedgerNotYetReviewable names the time)
    reviewableAt: chain.submittedAt.toString(),
    // the ledger's struct does not carry the project's quorum; a claim on a quorum project says so
    // (ProposalLedgerReviewedByQuorum)
    reviewQuorum: 1,
    // the ledger zeroes the reviewer on release and keeps it once settled
    reviewer: same(chain.reviewer, ZERO_ADDRESS) ? null : (chain.reviewer.toLowerCase() as Address),
    reviewLockUntil: chain.reviewLockUntil === 0n ? null : chain.reviewLockUntil.toString(),
    currentReviewId: null,
    // (a decided single review shows through the review quorum's own reads)
    decidedBy: null,
    pendingVerdict: null,
    appealDeadline: null,
    claimedAt: null,
    settledAt: null,
    settledBy: null,
    improvement: null,
    stakeReturned: null,
    reviewFee: null,
    reward: null,
    slashedToPool: null,
    slashedBurned: null,
    updatedAt: chain.submittedAt.toString(),
    transactionHash: ZERO_HASH,
  };
}

/** The rules' view of an indexer row (bigints parsed). */
export function stateOf(proposal: Proposal): ProposalState {
  return {
    status: proposal.status,
    miner: proposal.miner,
    rewardRecipient: proposal.rewardRecipient,
    reviewer: proposal.reviewer,
    reviewLockUntil: proposal.reviewLockUntil === null ? null : BigInt(proposal.reviewLockUntil),
    submittedAt: BigInt(proposal.submittedAt),
    expiresAt: BigInt(proposal.expiresAt),
  };
}
