/**
 * `research verify`: the verifier's loop. Pick a proposal (by id, or the oldest claimable one in
 * the queue), fetch the protocol, the benchmark bundle and the code bundle by their roots (each
 * checked), unpack them into a fresh temporary directory, run the benchmark in the sandbox as many
 * times as the protocol asks, take the median and decide (`impliedVerdictOf` in @orm/protocol/ledger,
 * the rule the web app's review screen applies too):
 *   - the median is outside the project's tolerance of the claim    -> reject;
 *   - it reproduces and beats the current best by the minimum       -> approve (with the median);
 *   - it reproduces, but an approval since its submission overtook it -> supersede;
 *   - it reproduces but never beat the best by the minimum          -> reject.
 * The attestation (measured scores, environment, the log's root) is stored as an artifact and its
 * root goes on-chain with the decision.
 *
 * Where single reviews are appealable (the ledger's `SINGLE_REVIEW_APPEALS`, on in every deployment)
 * the decision does not settle: it decides. The review quorum records it (seat 0, the reviewer),
 * locking `seatLockOf` of the reviewer's free bond (checked before anything is sent: a short bond is
 * refused in one sentence), and the proposal stays under review until the appeal window passes and
 * anyone finalizes it (`verify <id>` does, like every quorum step: see quorum.ts), or an appeal's
 * seats re-run it. Decisions need no priority order (the ledger applies it when they become final).
 *
 * Nothing is sent until the measurement is done: a bad artifact, an unsafe archive, a benchmark
 * over its limits or without a score, a proposal claimed by someone else all end in one sentence
 * with no transaction sent (and the temporary directory removed). Then `claimReview` and the
 * decision go out back to back. `--claim-first` claims before measuring instead (for benchmarks
 * that run for hours) and releases the claim if the run fails.
 *
 * `--list` only reads: it asks for no key and shows the queue as one address sees it (`--as`, the
 * dev account's, the keystore file's) or, with none, the neutral view.
 */
import type { Address, Hex, LocalAccount } from "viem";

import { attestationBytes, createAttestation } from "@orm/protocol/attestation";
import { formatTolerance } from "@orm/protocol/document";
import { decodeProtocolError } from "@orm/protocol/errors";
import { formatScore, formatTimestamp, shortenHash } from "@orm/protocol/format";
import { proposalStatus, proposalStatusNames } from "@orm/protocol/generated/constants";
import { impliedVerdictOf, toleranceOfPpm, type ImpliedVerdictParameters, type Verdict } from "@orm/protocol/ledger";
import { measure, unpackBundles, withTempDir, type Measurement } from "../bench.ts";
import {
  ABI,
  createWriter,
  describeScore,
  loadContext,
  parseId,
  proposalUrl,
  read,
  readAllProposals,
  readProject,
  readProposal,
  type Context,
  type GlobalOptions,
  type Proposal,
  type Writer,
} from "../chain.ts";
import { CliError, formatSeconds, type Output } from "../output.ts";
import { UnsafeArchiveError } from "../archive.ts";
import { appendReviewRecord, reviewRecordPath, type ReviewRecord } from "../reviewRecord.ts";
import { describeDuty } from "../seats.ts";
import { bondShortfallOf, describeBondShortfall, describeReview, formatNative, type ReviewSummary } from "../appeals.ts";
import {
  advanceReview,
  chainClock,
  isHeldByQuorum,
  listSeats,
  quorumsOf,
  readQuorumReviews,
  readReview,
  readReviewSummary,
  withdrawOwed,
  type AdvanceResult,
  type QuorumAction,
  type QuorumReview,
} from "./quorum.ts";
import { claimedScoreInput, toFixedScore } from "./submit.ts";
import { claimRewards, expireLapsed, lapsedProposals } from "./node.ts";
import { BenchmarkError, sandboxEnvironment } from "../sandbox.ts";
import { loadSigner, viewerAddress } from "../signer.ts";
import { explainError } from "../chain.ts";
import { fetchArtifact, fetchProtocol, storeArtifact, type BenchmarkPlan } from "../storage.ts";
import { isTransient } from "../transient.ts";

export type VerifyOptions = {
  next?: boolean;
  list?: boolean;
  watch?: boolean;
  project?: string;
  interval?: string;
  max?: string;
  claimFirst?: boolean;
  /** Seconds an approval waits for an earlier open proposal of its project (`--wait-earlier`, default 600). */
  waitEarlier?: string;
  /** With --list: whose view to show (no key needed). */
  as?: string;
  /** Rehearse: fetch, measure and decide, but claim, upload and send nothing (no key needed). */
  dryRun?: boolean;
  /** The review record's file (`--record`), or false (`--no-record`). */
  record?: string | false;
  /** With --watch: expire lapsed proposals and claim review fees while idle. */
  crank?: boolean;
  /** A quorum seat's measurement re-entered for a reveal whose record is gone (metric units). */
  score?: string;
  /** The same as the benchmark's fixed-point integer. */
  fixedScore?: string;
  /** The same: the proposal did not run. */
  didNotRun?: boolean;
};

export type Decision = Verdict;

/** The reason `impliedVerdictOf` gives, as the attestation's notes and the progress line say it. */
export function decide(input: ImpliedVerdictParameters): { decision: Decision; reason: string } {
  const { verdict, because } = impliedVerdictOf(input);
  const { claimed, measured, tolerance } = input;
  const reasons: Record<typeof because, string> = {
    "outside-tolerance": `does not reproduce: measured ${measured}, claimed ${claimed} (tolerance ${formatTolerance(tolerance)} of the claim)`,
    "meets-minimum": "reproduces and beats the current best by the project's minimum improvement",
    overtaken: "reproduces, but another approval since its submission overtook it",
    "short-of-minimum": "reproduces, but does not beat the current best by the project's minimum improvement",
    "never-beat-at-submission": "was overtaken, but never beat the best it faced at submission by the project's minimum improvement",
  };
  return { decision: verdict, reason: reasons[because] };
}

/** `opensAt`: a proposal still in its commit window, which `me` may claim from then (`reviewableAt`). */
type QueueItem = { proposal: Proposal; eligible: boolean; note: string; opensAt?: bigint };

/** The chain's time as the next block will see it (`chainClock`). */
async function chainNowOf(ctx: Context): Promise<bigint> {
  return (await chainClock(ctx)).now;
}

/**
 * The open proposals and the ones under review, as `me` sees them: what it may claim (not its own,
 * not past expiry) and what it already holds. Without `me` (the neutral view), `eligible` means
 * open to any verifier who did not submit it.
 */
async function readQueue(ctx: Context, me: Address | undefined, projectFilter?: bigint): Promise<QueueItem[]> {
  const [all, expiry, commitWindow, now] = await Promise.all([
    readAllProposals(ctx),
    read<bigint>(ctx, ctx.addresses.ledger, ABI.ledger, "EXPIRY_WINDOW"),
    read<bigint>(ctx, ctx.addresses.ledger, ABI.ledger, "COMMIT_WINDOW"),
    chainNowOf(ctx),
  ]);
  const isMe = (address: Address) => me !== undefined && address.toLowerCase() === me.toLowerCase();
  // Proposals of quorum projects are nobody's to claim: their seats are drawn (see quorum.ts).
  const quorums = await quorumsOf(ctx, all.map((p) => p.projectId));
  const items: QueueItem[] = [];
  for (const p of all) {
    if (projectFilter !== undefined && p.projectId !== projectFilter) continue;
    if ((quorums.get(p.projectId) ?? 1) > 1) continue;
    // A single reviewer's decision waiting out its appeal window is the review quorum's now (--list shows it among the seats).
    if (isHeldByQuorum(ctx, p)) continue;
    if (p.status === proposalStatus.Reviewing) {
      const mine = isMe(p.reviewer);
      items.push({ proposal: p, eligible: mine, note: mine ? "claimed by you" : `claimed by ${p.reviewer}` });
      continue;
    }
    if (p.status !== proposalStatus.Submitted) continue;
    if (p.submittedAt + expiry <= now) {
      items.push({ proposal: p, eligible: false, note: "past expiry" });
      continue;
    }
    const conflicted = isMe(p.miner) || isMe(p.rewardRecipient);
    if (conflicted) {
      items.push({ proposal: p, eligible: false, note: "yours (conflicted)" });
      continue;
    }
    // In its commit window an earlier commitment of its code may still be revealed: claims wait (ProposalLedgerNotYetReviewable).
    const opensAt = p.submittedAt + commitWindow;
    if (opensAt > now) items.push({ proposal: p, eligible: false, note: `claims open at ${formatSeconds(opensAt)}`, opensAt });
    else items.push({ proposal: p, eligible: true, note: "open" });
  }
  // In priority order, as the ledger approves them (a reveal's priority is its commitment's time).
  return items.sort((a, b) => Number(a.proposal.submittedAt - b.proposal.submittedAt) || Number(a.proposal.id - b.proposal.id));
}

/** `verify --list`: read-only, so no key is asked for; see `viewerAddress` for whose view it is. */
async function listQueue(ctx: Context, projectFilter: bigint | undefined, as: string | undefined): Promise<void> {
  const { out } = ctx;
  const viewer = await viewerAddress(ctx, as);
  const isVerifier = viewer === undefined ? null : await read<boolean>(ctx, ctx.addresses.verifiers, ABI.verifiers, "isVerifier", [viewer]);
  const queue = await readQueue(ctx, viewer, projectFilter);
  const seats = viewer === undefined ? [] : await listSeats(ctx, await readQuorumReviews(ctx, projectFilter), viewer);
  const owed = viewer === undefined ? null : await read<bigint>(ctx, ctx.addresses.quorum, ABI.quorum, "owedTo", [viewer]);
  const document = { verifier: viewer ?? null, isVerifier, queue: queue.map(({ proposal, eligible, note, opensAt }) => ({ ...summarize(proposal), eligible, note, opensAt: opensAt ?? null })), seats, owed };
  out.result(document, () => {
    const whose = viewer === undefined ? out.c.dim(" (no address: --as <address> or --dev-account <index> shows what one may claim)") : ` for ${viewer}${isVerifier ? "" : out.c.red(" (not an allowlisted verifier)")}`;
    out.line(`${out.c.bold("Verification queue")} (${queue.length})${whose}`);
    for (const { proposal: p, eligible, note } of queue) {
      const mark = eligible ? out.c.green("●") : out.c.dim("○");
      out.line(`  ${mark} #${p.id}  project #${p.projectId}  claimed ${p.claimedAggregateScore}  stake ${p.stake}  ${proposalStatusNames[p.status]}  ${out.c.dim(note)}`);
    }
    if (viewer === undefined) return;
    out.line(`${out.c.bold("Review seats")} (${seats.length}) in quorum reviews, appeals and your pending decisions${owed ? `; ${owed} wei owed (withdrawn by the next verify)` : ""}`);
    for (const seat of seats) {
      out.line(`  #${seat.proposalId}  project #${seat.projectId}  seat ${seat.seat}  ${seat.phase}  ${seat.state}  deadline ${formatSeconds(seat.deadline)}  ${out.c.dim(seat.due)}`);
    }
  });
}

export async function verifyCommand(proposalArg: string | undefined, options: VerifyOptions, globals: GlobalOptions, out: Output): Promise<void> {
  if (options.as !== undefined && !options.list) {
    throw new CliError("--as only goes with --list; verifying signs transactions, so it takes --keystore or --dev-account.");
  }
  const reentered = reenteredMeasurementOf(options);
  const recordFile = options.record === false ? undefined : reviewRecordPath(options.record);
  const ctx = await loadContext(out, globals);
  const projectFilter = options.project !== undefined ? parseId(options.project, "project") : undefined;
  if (options.list) return listQueue(ctx, projectFilter, options.as);
  if (options.dryRun) return rehearse(ctx, proposalArg, projectFilter, options);
  const account = await loadSigner(ctx);
  const writer = createWriter(ctx, account);
  const recordQuorum = async (result: AdvanceResult) => {
    if (!recordFile) return;
    for (const action of result.actions) {
      await appendReviewRecord(recordFile, {
        proposalId: action.proposalId,
        projectId: result.projectId,
        result: QUORUM_RECORD_RESULT[action.action],
        reason: `${action.action}${action.seat !== undefined ? ` (seat ${action.seat})` : ""}`,
        ...(action.score !== undefined ? { medianScore: action.ran ? action.score : null } : {}),
        transactions: { [action.action]: action.transaction },
        verifier: account.address,
      });
    }
  };

  // A proposal of a quorum project, or a single reviewer's decision the quorum holds (pending its appeal
  // window, or appealed): move its review on (anyone's steps, this account's seats), no claim.
  if (proposalArg !== undefined && !options.watch) {
    const proposal = await readProposal(ctx, parseId(proposalArg, "proposal"));
    const quorum = (await quorumsOf(ctx, [proposal.projectId])).get(proposal.projectId)!;
    if (quorum > 1 || isHeldByQuorum(ctx, proposal)) {
      if (proposal.status !== proposalStatus.Submitted && proposal.status !== proposalStatus.Reviewing) {
        throw new CliError(`Proposal #${proposal.id} is ${proposalStatusNames[proposal.status]}; its quorum review is over.`);
      }
      const result = await advanceReview(ctx, writer, account, await readReview(ctx, proposal, quorum), { reentered });
      await recordQuorum(result);
      const withdrawn = await withdrawOwed(ctx, writer, account);
      reportQuorum(ctx, quorum, result, withdrawn, await reviewDetails(ctx, result));
      if (result.error) throw new CliError(result.error);
      return;
    }
  }

  const [isVerifier, isBonded] = await Promise.all([
    read<boolean>(ctx, ctx.addresses.verifiers, ABI.verifiers, "isVerifier", [account.address]),
    read<boolean>(ctx, ctx.addresses.verifiers, ABI.verifiers, "isBonded", [account.address]),
  ]);
  if (!isVerifier && !isBonded) {
    throw new CliError(`${account.address} is neither an allowlisted verifier nor bonded (research bond post <amount>); only verifiers can settle proposals.`);
  }
  if (proposalArg !== undefined && !isVerifier) throw new CliError(`${account.address} is not an allowlisted verifier; only allowlisted verifiers claim proposals (bonded ones take quorum seats).`);

  /**
   * Every open quorum review moved on as far as it goes now (bonded verifiers, or holders of a seat);
   * a review that fails is reported in one line and tried again later (at most MAX_TRANSIENT_FAILURES times).
   */
  const quorumPass = async (): Promise<AdvanceResult[]> => {
    const reviews = await readQuorumReviews(ctx, projectFilter);
    const holdsSeat = (review: QuorumReview) => review.seats.some((seat) => seat.holder.toLowerCase() === account.address.toLowerCase());
    const done: AdvanceResult[] = [];
    for (const review of reviews) {
      const id = review.proposal.id;
      if (!isBonded && !holdsSeat(review)) continue;
      if (attempted.has(id) || (retries.get(id)?.nextTryAt ?? 0) > Date.now()) continue;
      try {
        const result = await advanceReview(ctx, writer, account, review, { reentered });
        await recordQuorum(result);
        if (result.actions.length) done.push(result);
        if (result.error) throw new CliError(result.error);
        retries.delete(id);
      } catch (error) {
        const failures = (retries.get(id)?.failures ?? 0) + 1;
        const retry = failures < MAX_TRANSIENT_FAILURES;
        if (retry) retries.set(id, { failures, nextTryAt: Date.now() + backoffMs(interval, failures) });
        else attempted.add(id);
        const message = explainError(error);
        if (out.json) out.document({ ok: false, proposalId: id, error: message, retry });
        else process.stderr.write(`${out.c.red("✗")} proposal #${id}: ${message}${retry ? ` (retrying in ${Math.round(backoffMs(interval, failures) / 1000)} s)` : ""}\n`);
        if (!options.watch) throw error;
      }
    }
    const withdrawn = await withdrawOwed(ctx, writer, account);
    if (withdrawn) {
      out.progress(`withdrew ${withdrawn.amount} wei owed by the review quorum ${withdrawn.transaction}`);
      if (out.json && options.watch) out.document({ ok: true, withdrawn });
    }
    return done;
  };

  /** Verifies one proposal and records the attempt (settled, skipped or to retry) in the node's review record. */
  const attempt = async (id: bigint, transient = false): Promise<VerifyResult> => {
    try {
      const result = await verifyOne(ctx, writer, account, id, options);
      if (recordFile) {
        await appendReviewRecord(recordFile, {
          proposalId: id,
          projectId: result.projectId,
          result: result.decision,
          reason: result.reason,
          claimedScore: result.claimedScore,
          measuredScores: result.measuredScores,
          medianScore: result.medianScore,
          roots: { attestation: result.attestationRoot, log: result.logRoot, ...result.roots },
          transactions: result.transactions,
          verifier: account.address,
          ...(result.pending ? { appealDeadline: result.pending.appealDeadline, seatLock: result.pending.seatLock } : {}),
        });
      }
      return result;
    } catch (error) {
      if (recordFile) await appendReviewRecord(recordFile, { proposalId: id, result: transient && isTransient(error) ? "retry" : "skipped", reason: (error as Error).message, verifier: account.address });
      throw error;
    }
  };

  if (proposalArg !== undefined && !options.watch) {
    report(ctx, await attempt(parseId(proposalArg, "proposal")));
    return;
  }

  /** Proposals given up on (not retried this session), and the transient failures' next try. */
  const attempted = new Set<bigint>();
  const retries = new Map<bigint, { failures: number; nextTryAt: number }>();
  const max = options.max !== undefined ? Number(options.max) : options.watch ? Infinity : 1;
  const interval = Math.max(1, Number(options.interval ?? 10)) * 1000;
  if (!options.watch) {
    // One pass: the quorum reviews due for something first; else the oldest claim in the queue.
    const done = await quorumPass();
    if (done.length) {
      if (out.json) out.result({ ok: true, quorumReviews: done }, () => undefined);
      else for (const result of done) reportQuorum(ctx, undefined, result, undefined);
      return;
    }
    if (!isVerifier) throw new CliError(`Nothing is due on the quorum reviews${projectFilter !== undefined ? ` of project #${projectFilter}` : ""}, and ${account.address} is not an allowlisted verifier (it does not claim proposals).`);
  }
  let settled = 0;
  let announcedIdle = false;
  /** Proposals whose wait for their commit window was announced once. */
  const announced = new Set<bigint>();
  let queueFailures = 0;
  let lastCrank = 0;
  while (settled < max) {
    if (options.watch) {
      try {
        for (const result of await quorumPass()) {
          if (out.json) out.document({ ok: true, ...result, due: describeDuty(result.duty) });
          else reportQuorum(ctx, undefined, result, undefined);
          settled += result.actions.filter((action) => action.action === "revealScore" || action.action === "finalize").length;
        }
      } catch (error) {
        process.stderr.write(`${out.c.red("✗")} reading the quorum reviews failed: ${explainError(error)}\n`);
      }
      if (settled >= max) break;
      if (!isVerifier) {
        if (!announcedIdle) out.progress(`watching the quorum reviews (every ${interval / 1000} s, Ctrl-C to stop)`);
        announcedIdle = true;
        await sleep(interval);
        continue;
      }
    }
    let queue: QueueItem[];
    try {
      queue = await readQueue(ctx, account.address, projectFilter);
      queueFailures = 0;
    } catch (error) {
      if (!options.watch) throw error;
      queueFailures += 1;
      const wait = backoffMs(interval, queueFailures);
      process.stderr.write(`${out.c.red("✗")} reading the queue failed: ${(error as Error).message.split("\n")[0]}; retrying in ${Math.round(wait / 1000)} s\n`);
      await sleep(wait);
      continue;
    }
    const now = Date.now();
    const next = queue.find((item) => item.eligible && !attempted.has(item.proposal.id) && (retries.get(item.proposal.id)?.nextTryAt ?? 0) <= now);
    if (!next) {
      // A proposal still in its commit window is waited for, not skipped: the node sleeps until claims open.
      const upcoming = queue.find((item) => item.opensAt !== undefined && !attempted.has(item.proposal.id));
      if (upcoming) {
        const wait = await untilChainTime(ctx, upcoming.opensAt!);
        if (!announced.has(upcoming.proposal.id)) out.progress(`proposal #${upcoming.proposal.id}: ${upcoming.note} (its commit window); waiting ${Math.ceil(wait / 1000)} s`);
        announced.add(upcoming.proposal.id);
        await sleep(options.watch ? Math.min(wait, interval) : wait);
        continue;
      }
      if (!options.watch) throw new CliError(`No proposal to verify${projectFilter !== undefined ? ` on project #${projectFilter}` : ""}: the queue is empty.`);
      if (!announcedIdle) out.progress(`queue empty; watching (every ${interval / 1000} s, Ctrl-C to stop)`);
      announcedIdle = true;
      if (options.crank && Date.now() - lastCrank >= CRANK_EVERY_MS) {
        lastCrank = Date.now();
        await crank(ctx, account, projectFilter, recordFile);
      }
      await sleep(interval);
      continue;
    }
    announcedIdle = false;
    const id = next.proposal.id;
    if (!options.watch) {
      attempted.add(id);
      report(ctx, await attempt(id));
      return;
    }
    try {
      report(ctx, await attempt(id, true));
      retries.delete(id);
      attempted.add(id);
      settled += 1;
    } catch (error) {
      const message = (error as Error).message;
      const failures = (retries.get(id)?.failures ?? 0) + 1;
      const retry = isTransient(error) && failures < MAX_TRANSIENT_FAILURES;
      if (retry) retries.set(id, { failures, nextTryAt: Date.now() + backoffMs(interval, failures) });
      else attempted.add(id);
      const note = retry ? ` (transient; retrying in ${Math.round(backoffMs(interval, failures) / 1000)} s)` : "";
      if (out.json) out.document({ ok: false, proposalId: id, error: message, retry });
      else process.stderr.write(`${out.c.red("✗")} proposal #${id}: ${message}${note}\n`);
    }
  }
}

/** How often an idle `--watch --crank` looks for lapsed proposals and earnings to claim. */
const CRANK_EVERY_MS = 60_000;
/** A proposal whose review failed this many times for transient reasons is left for others. */
const MAX_TRANSIENT_FAILURES = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A decision waiting out its appeal window (`ReviewQuorum.reviewOf`, `appealBondOf`, `APPEAL_WINDOW`). */
export type PendingDecision = { appealDeadline: bigint; appealWindow: bigint; seatLock: bigint; appealBond: bigint };

async function readPendingDecision(ctx: Context, id: bigint): Promise<PendingDecision> {
  const [review, appealBond, appealWindow] = await Promise.all([
    read<{ deadline: bigint; seatLock: bigint }>(ctx, ctx.addresses.quorum, ABI.quorum, "reviewOf", [id]),
    read<bigint>(ctx, ctx.addresses.quorum, ABI.quorum, "appealBondOf", [id]),
    read<bigint>(ctx, ctx.addresses.quorum, ABI.quorum, "APPEAL_WINDOW"),
  ]);
  return { appealDeadline: review.deadline, appealWindow, seatLock: review.seatLock, appealBond };
}

/**
 * A decision locks `seatLockOf` of the reviewer's free bond (`VerifierRegistry.lockSeat`); with less
 * free, the ledger would revert `VerifierRegistryBondTooLow`, so it is refused here in one sentence
 * with what to post, before anything is sent.
 */
async function checkDecisionBond(ctx: Context, me: Address, id: bigint): Promise<void> {
  const [[bond], locked, seatLock] = await Promise.all([
    read<readonly [bigint, bigint]>(ctx, ctx.addresses.verifiers, ABI.verifiers, "bondOf", [me]),
    read<bigint>(ctx, ctx.addresses.verifiers, ABI.verifiers, "lockedBondOf", [me]),
    read<bigint>(ctx, ctx.addresses.quorum, ABI.quorum, "seatLockOf", [id]),
  ]);
  if (bondShortfallOf({ bond, locked, seatLock }) > 0n) {
    throw new CliError(describeBondShortfall({ proposalId: id, account: me, bond, locked, seatLock, symbol: ctx.chain.nativeCurrency.symbol }));
  }
}

/** How often a held approval looks again at the earlier proposal it waits for. */
const EARLIER_PROPOSAL_POLL_MS = 1000;

/**
 * The ledger approves a project's proposals in priority order (so a copy of a bundle cannot be
 * approved before its original): while an earlier one is open, the approval waits for another
 * verifier to settle it, holding the claim, for at most `maxWaitMs` and never past the claim's lock;
 * then it stops with a sentence, the claim kept (`research verify <id>` approves it later).
 */
async function waitForEarlierProposals(ctx: Context, id: bigint, maxWaitMs: number): Promise<void> {
  const giveUpAt = Date.now() + maxWaitMs;
  let announced: bigint | undefined;
  for (;;) {
    const [waits, earlier] = await read<readonly [boolean, bigint]>(ctx, ctx.addresses.ledger, ABI.ledger, "openProposalBefore", [id]);
    if (!waits) return;
    const held = await readProposal(ctx, id);
    const lockEndsMs = Number(held.reviewLockUntil) * 1000 - 5000;
    if (Date.now() >= Math.min(giveUpAt, lockEndsMs)) {
      throw new CliError(
        `Proposal #${id} reproduced, but #${earlier} on its project came first and is still open: approvals go in that order. ` +
          `Your claim holds until ${formatTimestamp(held.reviewLockUntil)}; approve once #${earlier} is settled (research verify ${id}).`,
      );
    }
    if (announced !== earlier) ctx.out.progress(`proposal #${id} reproduced; approvals go in priority order, so it waits for #${earlier} (open, earlier) to be settled`);
    announced = earlier;
    await sleep(EARLIER_PROPOSAL_POLL_MS);
  }
}

/** Milliseconds until the chain's clock reaches `time` (at least a second: the next block must pass it). */
async function untilChainTime(ctx: Context, time: bigint): Promise<number> {
  const now = await chainNowOf(ctx);
  return Math.max(1, Number(time - now) + 1) * 1000;
}

/** How long a claim refused as too early is tried again (the chain's clock may lag the wall's by a few blocks). */
const NOT_YET_REVIEWABLE_RETRIES = 30;

/**
 * Waits until `proposal` may be claimed: a proposal in its commit window is not a failure, only
 * early. Sleeps until its `reviewableAt`, then until a claim would go through (simulated; the
 * chain's next block may take a moment to pass that time).
 */
async function waitUntilClaimable(ctx: Context, writer: Writer, proposal: Proposal): Promise<void> {
  const opensAt = await read<bigint>(ctx, ctx.addresses.ledger, ABI.ledger, "reviewableAt", [proposal.id]);
  const wait = opensAt > (await chainNowOf(ctx)) ? await untilChainTime(ctx, opensAt) : 0;
  if (wait > 0) {
    ctx.out.progress(`proposal #${proposal.id}: claims open at ${formatSeconds(opensAt)} (its commit window); waiting ${Math.ceil(wait / 1000)} s`);
    await sleep(wait);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await writer.simulate(ctx.addresses.ledger, ABI.ledger, "claimReview", [proposal.id]);
      return;
    } catch (error) {
      if (decodeProtocolError(error)?.errorName !== "ProposalLedgerNotYetReviewable" || attempt >= NOT_YET_REVIEWABLE_RETRIES) throw error;
      await sleep(1000);
    }
  }
}

/** interval × 2^(failures − 1), at most ten minutes. */
export function backoffMs(intervalMs: number, failures: number): number {
  return Math.min(intervalMs * 2 ** Math.max(0, failures - 1), 600_000);
}

/** While idle: expire what lapsed, claim the review fees earned; a failure is reported, not fatal. */
async function crank(ctx: Context, account: LocalAccount, projectFilter: bigint | undefined, recordFile: string | undefined): Promise<void> {
  const { out } = ctx;
  try {
    const lapsed = await lapsedProposals(ctx, projectFilter);
    for (const e of await expireLapsed(ctx, account, lapsed)) {
      out.progress(`expired #${e.proposalId} (its review window lapsed) ${e.transaction}`);
      if (out.json) out.document({ ok: true, expired: e });
      if (recordFile) await appendReviewRecord(recordFile, { proposalId: e.proposalId, projectId: e.projectId, result: "expired", reason: "its review window lapsed", transactions: { expire: e.transaction }, verifier: account.address });
    }
    for (const c of await claimRewards(ctx, account, projectFilter)) {
      out.progress(`claimed ${c.amount} tokens of review fees on project #${c.projectId} ${c.transaction}`);
      if (out.json) out.document({ ok: true, claimed: c });
    }
  } catch (error) {
    process.stderr.write(`${out.c.red("✗")} housekeeping failed: ${(error as Error).message.split("\n")[0]}\n`);
  }
}

function summarize(p: Proposal) {
  return {
    id: p.id,
    projectId: p.projectId,
    miner: p.miner,
    claimedScore: p.claimedAggregateScore,
    stake: p.stake,
    status: proposalStatusNames[p.status],
    codeRoot: p.codeHash,
    submittedAt: Number(p.submittedAt),
  };
}

export type VerifyResult = {
  proposalId: bigint;
  projectId: bigint;
  decision: Decision;
  /** The proposal's status after the decision: Reviewing while a decision is pending. */
  status: string;
  /** Whether the decision settled the proposal (false where single reviews are appealable: see `pending`). */
  settled: boolean;
  /** A decision waiting out its appeal window: final after `appealDeadline` unless appealed (with `appealBond`); `seatLock` of the reviewer's bond locked until then. */
  pending: PendingDecision | null;
  reason: string;
  claimedScore: bigint;
  measuredScores: bigint[];
  /** Null when rejected for a miner's fault before any score. */
  medianScore: bigint | null;
  bestBefore: bigint;
  scale: bigint;
  unit: string;
  attestationRoot: Hex;
  logRoot: Hex;
  /** The artifacts the review read. */
  roots: { protocol: Hex; benchmark: Hex; code: Hex; minerLog: Hex };
  transactions: Record<string, Hex>;
  url: string;
};

function report(ctx: Context, r: VerifyResult): void {
  const { out } = ctx;
  out.result({ ok: true, ...r }, () => {
    const color = r.decision === "approve" ? out.c.green : r.decision === "reject" ? out.c.red : out.c.yellow;
    const word = { approve: "approved", reject: "rejected", supersede: "superseded" }[r.decision];
    const s = (v: bigint) => `${formatScore(v, r.scale)}${r.unit ? ` ${r.unit}` : ""}`;
    const { pending } = r;
    if (pending) {
      const native = (wei: bigint) => formatNative(wei, ctx.chain.nativeCurrency.symbol);
      out.line(`${color(out.c.bold(`Proposal #${r.proposalId} decided: ${r.decision}`))}, pending until ${formatSeconds(pending.appealDeadline)} (not settled yet): it ${r.reason}.`);
      out.line(`  pending    the appeal window (${pending.appealWindow} s); then anyone finalizes it: research verify ${r.proposalId}`);
      out.line(`  bond       ${native(pending.seatLock)} of your verifier bond locked until it is final; lost to the appellant if an appeal changes the verdict`);
      out.line(`  appeal     anyone may appeal until then with ${native(pending.appealBond)}: research appeal ${r.proposalId}`);
    } else {
      out.line(`${color(out.c.bold(`Proposal #${r.proposalId} ${word}`))}: ${r.reason}.`);
    }
    if (r.medianScore !== null) out.line(`  measured   ${s(r.medianScore)} (median of ${r.measuredScores.length}: ${r.measuredScores.join(", ")})`);
    out.line(`  claimed    ${s(r.claimedScore)}`);
    out.line(`  best was   ${s(r.bestBefore)}`);
    out.line(`  attestation ${r.attestationRoot} (log ${shortenHash(r.logRoot)})`);
    for (const [name, hash] of Object.entries(r.transactions)) out.line(`  ${name.padEnd(12)}${hash}`);
    out.line(`  ${r.url}`);
  });
}

/** A review up to its decision: the proposal, the project, the measurement and the verdict (nothing sent). */
type Review = {
  proposal: Proposal;
  project: Awaited<ReturnType<typeof readProject>>;
  fresh: Awaited<ReturnType<typeof readProject>>;
  plan: BenchmarkPlan;
  /** Undefined when the proposal was rejected for a miner's fault before any score (see `minerFaultOf`). */
  measurement: Measurement | undefined;
  decision: Decision;
  reason: string;
};

/**
 * The fault policy: what fails a review by the miner's doing, unambiguously, and so is rejected with
 * the reason in the attestation instead of skipped and left to expire. A code bundle that is unsafe
 * to unpack (escapes with `..` or an absolute path, links out, devices, not a tar) is; a run over
 * the sandbox's limits is only where the protocol says its limits are normative (`limitsNormative`),
 * else it may be this machine's hardware and is skipped (the claim released). Anything else (a
 * relay or RPC error, a root mismatch, no score) is not held against the miner.
 */
export function minerFaultOf(error: unknown, plan: Pick<BenchmarkPlan, "limitsNormative">): string | undefined {
  if (error instanceof UnsafeArchiveError && error.label === "code bundle") {
    return `cannot be measured by the miner's doing: ${error.message.replace(/^The code bundle/, "the code bundle").replace(/; refusing to unpack it\.$/, "")}`;
  }
  if (error instanceof BenchmarkError && plan.limitsNormative && (error.reason === "cpu" || error.reason === "memory" || error.reason === "wall")) {
    return `exceeds the protocol's normative limits: ${error.message.replace(/^The benchmark /, "the benchmark ").replace(/\.$/, "")}`;
  }
  return undefined;
}

/** A proposal measured: `measurement` undefined (and `fault` said) when it failed by the miner's doing (`minerFaultOf`). */
export type ProposalMeasurement = {
  project: Awaited<ReturnType<typeof readProject>>;
  plan: BenchmarkPlan;
  measurement: Measurement | undefined;
  fault?: string;
};

/**
 * Fetches the artifacts (root-checked) and measures in the sandbox, the median of the protocol's
 * runs; `beforeMeasuring` may claim first. A failure that is not the miner's fault throws (nothing
 * is sent on it); one that is comes back as `fault`.
 */
export async function measureProposal(ctx: Context, proposal: Proposal, beforeMeasuring?: () => Promise<void>): Promise<ProposalMeasurement> {
  const { out } = ctx;
  const id = proposal.id;
  const project = await readProject(ctx, proposal.projectId);
  const protocol = await fetchProtocol(ctx, project.protocolHash);
  const plan: BenchmarkPlan = protocol.benchmarkPlan;
  await beforeMeasuring?.();
  try {
    const measurement = await withTempDir(`verify-${id}`, async (dir) => {
      const bench = await fetchArtifact(ctx, project.benchmarkHash, "benchmark bundle");
      const code = await fetchArtifact(ctx, proposal.codeHash, "code bundle");
      out.progress("unpacking the code and the benchmark bundle");
      const work = await unpackBundles(dir, [
        { bytes: code, label: "code bundle" },
        { bytes: bench, label: "benchmark bundle" },
      ]);
      return measure(work, plan, out, { label: `#${id}` });
    });
    return { project, plan, measurement };
  } catch (error) {
    const fault = minerFaultOf(error, plan);
    if (fault === undefined) throw error;
    return { project, plan, measurement: undefined, fault };
  }
}

/** Fetches the artifacts (root-checked), measures in the sandbox and decides; `beforeMeasuring` may claim first. */
async function reviewProposal(ctx: Context, proposal: Proposal, beforeMeasuring?: () => Promise<void>): Promise<Omit<Review, "proposal">> {
  const { out } = ctx;
  const id = proposal.id;
  const { project, plan, measurement, fault } = await measureProposal(ctx, proposal, beforeMeasuring);
  if (!measurement) {
    out.progress(`decision: reject (${fault})`);
    return { project, fresh: await readProject(ctx, proposal.projectId), plan, measurement: undefined, decision: "reject", reason: fault! };
  }

  // Decide against the best as it is now (it may have moved while the benchmark ran).
  const fresh = await readProject(ctx, proposal.projectId);
  const [[, meets], bestAtSubmission] = await Promise.all([
    read<[bigint, boolean]>(ctx, ctx.addresses.registry, ABI.registry, "improvementOf", [proposal.projectId, measurement.median]),
    read<bigint>(ctx, ctx.addresses.ledger, ABI.ledger, "bestAtSubmissionOf", [id]),
  ]);
  const { decision, reason } = decide({
    claimed: proposal.claimedAggregateScore,
    measured: measurement.median,
    // the ledger's tolerance, which approve and supersede enforce (the protocol's states the same at creation)
    tolerance: toleranceOfPpm(fresh.config.tolerancePpm),
    meets,
    bestMovedSinceSubmission: fresh.bestUpdatedAt >= proposal.submittedAt,
    supersede: {
      bestAtSubmission,
      best: fresh.currentBestAggregateScore,
      minImprovement: fresh.config.minImprovement,
      lowerIsBetter: fresh.config.lowerIsBetter,
    },
  });
  out.progress(`decision: ${decision} (${reason}); measured ${describeScore(measurement.median, fresh.config)}, best ${describeScore(fresh.currentBestAggregateScore, fresh.config)}`);
  return { project, fresh, plan, measurement, decision, reason };
}

/**
 * `verify --dry-run`: a review rehearsed. The proposal (by id, or the oldest open one) is fetched,
 * measured and decided exactly as `verify` would, and nothing is claimed, uploaded or sent; no key
 * is asked for. With an address (`--dev-account`, the keystore file's), whether its claim would go
 * through is simulated too.
 */
async function rehearse(ctx: Context, proposalArg: string | undefined, projectFilter: bigint | undefined, options: VerifyOptions): Promise<void> {
  const { out } = ctx;
  const viewer = await viewerAddress(ctx, undefined);
  let id: bigint;
  if (proposalArg !== undefined) id = parseId(proposalArg, "proposal");
  else {
    // A rehearsal claims nothing, so a proposal still in its commit window may be rehearsed too.
    const next = (await readQueue(ctx, viewer, projectFilter)).find((item) => item.eligible || item.opensAt !== undefined);
    if (!next) throw new CliError(`No proposal to verify${projectFilter !== undefined ? ` on project #${projectFilter}` : ""}: the queue is empty.`);
    id = next.proposal.id;
  }
  const proposal = await readProposal(ctx, id);
  if (proposal.status !== proposalStatus.Submitted && proposal.status !== proposalStatus.Reviewing) {
    throw new CliError(`Proposal #${id} is ${proposalStatusNames[proposal.status]}; there is nothing to verify.`);
  }
  // A quorum project's proposal is nobody's to claim: a seat would commit this measurement, then reveal it.
  const quorum = (await quorumsOf(ctx, [proposal.projectId])).get(proposal.projectId)!;
  let claimable: string | null = null;
  if (viewer && proposal.status === proposalStatus.Submitted && quorum === 1) {
    try {
      await ctx.client.simulateContract({ account: viewer, address: ctx.addresses.ledger, abi: ABI.ledger, functionName: "claimReview", args: [id] } as never);
      claimable = "yes";
    } catch (error) {
      claimable = explainError(error);
    }
  }
  // A decision the quorum holds (pending its appeal window): the rehearsal is a second opinion on it.
  const decided = quorum === 1 && isHeldByQuorum(ctx, proposal) ? await readReviewSummary(ctx, id) : null;
  const review = await reviewProposal(ctx, proposal);
  // The ledger's settling function is named after the decision.
  const settle = review.decision;
  const result = {
    ok: true,
    dryRun: true,
    proposalId: id,
    projectId: proposal.projectId,
    decision: review.decision,
    reason: review.reason,
    claimedScore: proposal.claimedAggregateScore,
    measuredScores: review.measurement?.scores ?? [],
    medianScore: review.measurement?.median ?? null,
    bestBefore: review.fresh.currentBestAggregateScore,
    verifier: viewer ?? null,
    claimable,
    decided,
    wouldSend: quorum > 1 ? ["commitScore", "revealScore"] : decided ? [] : ["claimReview", settle],
    transactions: {},
  };
  out.result(result, () => {
    const s = (v: bigint) => `${formatScore(v, review.fresh.config.metricScale)}${review.plan.unit ? ` ${review.plan.unit}` : ""}`;
    out.line(`${out.c.bold(`Dry run of proposal #${id}`)}: a verifier would ${review.decision}: it ${review.reason}.`);
    if (review.measurement) out.line(`  measured   ${s(review.measurement.median)} (median of ${review.measurement.scores.length}: ${review.measurement.scores.join(", ")})`);
    out.line(`  claimed    ${s(proposal.claimedAggregateScore)}`);
    out.line(`  best       ${s(review.fresh.currentBestAggregateScore)}`);
    if (claimable !== null) out.line(`  ${viewer} ${claimable === "yes" ? "may claim it" : `could not claim it: ${claimable}`}`);
    const recorded = decided?.decision;
    if (recorded) {
      const until = recorded.appealable ? `, pending until ${formatSeconds(recorded.appealDeadline!)}: research appeal ${id} appeals it before then` : recorded.finalizable ? ", its appeal window closed" : ", appealed";
      out.line(`  decided    ${recorded.verdict} by ${recorded.reviewer}${until}`);
    }
    const real = quorum > 1 ? `a seat of its quorum of ${quorum} would commit this measurement, then reveal it` : decided ? "it is decided already" : `a real run would send claimReview and ${settle}`;
    out.line(`  nothing was claimed, uploaded or sent (${options.claimFirst ? "--claim-first ignored; " : ""}${real})`);
  });
}

export async function verifyOne(ctx: Context, writer: Writer, account: LocalAccount, id: bigint, options: VerifyOptions): Promise<VerifyResult> {
  const { out } = ctx;
  const me = account.address;
  const proposal = await readProposal(ctx, id);
  const claimedByOther = (p: Proposal) => p.status === proposalStatus.Reviewing && p.reviewer.toLowerCase() !== me.toLowerCase();
  const claimedError = (p: Proposal) =>
    new CliError(`Proposal #${p.id} is already claimed by ${p.reviewer} (review lock until ${formatTimestamp(p.reviewLockUntil)}).`);
  if (claimedByOther(proposal)) throw claimedError(proposal);
  if (proposal.status !== proposalStatus.Submitted && proposal.status !== proposalStatus.Reviewing) {
    throw new CliError(`Proposal #${id} is ${proposalStatusNames[proposal.status]}; there is nothing to verify.`);
  }
  let holdsClaim = proposal.status === proposalStatus.Reviewing;
  // Would the claim go through (verifier, conflicts, one claim per verifier, expiry, the commit window waited out)? Nothing sent.
  if (!holdsClaim) await waitUntilClaimable(ctx, writer, proposal);
  // Where single reviews are appealable, the decision locks a seat lock of the free bond: a short bond is refused now, before measuring.
  const appealable = await read<boolean>(ctx, ctx.addresses.ledger, ABI.ledger, "SINGLE_REVIEW_APPEALS");
  if (appealable) await checkDecisionBond(ctx, me, id);
  out.progress(`proposal #${id} on project #${proposal.projectId}: claimed ${proposal.claimedAggregateScore} by ${proposal.miner}`);

  const transactions: Record<string, Hex> = {};

  const claim = async () => {
    const now = await readProposal(ctx, id);
    if (claimedByOther(now)) throw claimedError(now);
    if (now.status === proposalStatus.Submitted) {
      transactions.claimReview = (await writer.write(ctx.addresses.ledger, ABI.ledger, "claimReview", [id], { label: `claimed #${id}` })).hash;
    }
    holdsClaim = true;
  };

  let review: Omit<Review, "proposal">;
  try {
    review = await reviewProposal(ctx, proposal, options.claimFirst && !holdsClaim ? claim : undefined);
  } catch (error) {
    if (options.claimFirst && holdsClaim && transactions.claimReview) {
      out.progress(`releasing the claim on #${id} (the run failed; not the miner's fault until shown otherwise)`);
      await writer.write(ctx.addresses.ledger, ABI.ledger, "releaseReview", [id], { label: `released #${id}` }).catch(() => undefined);
    }
    throw error;
  }
  const { project, fresh, plan, measurement, decision, reason } = review;

  const log = measurement?.log ?? `# ${proposal.codeHash}: rejected without a run: ${reason}\n`;
  const median = measurement?.median;
  const logRoot = await storeArtifact(ctx, account, new TextEncoder().encode(log), "text/plain; charset=utf-8", "verification log");
  const attestation = createAttestation({
    proposal: id,
    project: proposal.projectId,
    decision,
    verifier: me,
    verifiedScore: median,
    metricScale: fresh.config.metricScale,
    notes: reason,
    evidence: {
      claimedScore: proposal.claimedAggregateScore,
      measuredScores: measurement?.scores ?? [],
      medianScore: median ?? null,
      runs: (measurement?.runs ?? []).map((run) => ({ score: run.score, durationMs: run.durationMs, exitCode: run.exitCode })),
      minerFault: measurement ? null : reason,
      tolerance: toleranceOfPpm(fresh.config.tolerancePpm),
      metric: { name: plan.metric, unit: plan.unit, direction: plan.direction, scale: plan.scale },
      best: { score: fresh.currentBestAggregateScore, codeRoot: fresh.currentBestCodeHash, updatedAt: Number(fresh.bestUpdatedAt) },
      minImprovement: fresh.config.minImprovement,
      metrics: measurement?.metrics ?? null,
      artifacts: { protocol: project.protocolHash, benchmark: project.benchmarkHash, code: proposal.codeHash, minerLog: proposal.benchmarkLogHash },
      logRoot,
      command: plan.command,
      limits: plan.limits,
      environment: sandboxEnvironment(),
      measuredAt: new Date().toISOString(),
    },
  });
  const attestationRoot = await storeArtifact(ctx, account, attestationBytes(attestation), "application/json", "attestation");

  // (The seat lock moves with the token's price: checked again before the claim and the decision.)
  if (appealable) await checkDecisionBond(ctx, me, id);
  if (!holdsClaim) await claim();
  // Settling approvals go in priority order; a decision does not settle (the ledger orders them when they become final).
  if (decision === "approve" && !appealable) await waitForEarlierProposals(ctx, id, Number(options.waitEarlier ?? 600) * 1000);
  const settle = { approve: ["approve", [id, median, attestationRoot]], reject: ["reject", [id, attestationRoot]], supersede: ["supersede", [id, median, attestationRoot]] } as const;
  const [fn, args] = settle[decision];
  transactions[fn] = (await writer.write(ctx.addresses.ledger, ABI.ledger, fn, [...args], { label: `${fn} #${id}` })).hash;
  const after = await readProposal(ctx, id);
  const pending = appealable ? await readPendingDecision(ctx, id) : null;
  if (pending) out.progress(`#${id} decided: final after ${formatSeconds(pending.appealDeadline)} unless appealed; ${formatNative(pending.seatLock, ctx.chain.nativeCurrency.symbol)} of the bond locked until then`);
  return {
    proposalId: id,
    projectId: proposal.projectId,
    decision,
    status: proposalStatusNames[after.status],
    settled: pending === null,
    pending,
    reason,
    claimedScore: proposal.claimedAggregateScore,
    measuredScores: measurement?.scores ?? [],
    medianScore: median ?? null,
    bestBefore: fresh.currentBestAggregateScore,
    scale: fresh.config.metricScale,
    unit: plan.unit,
    attestationRoot,
    logRoot,
    roots: { protocol: project.protocolHash, benchmark: project.benchmarkHash, code: proposal.codeHash, minerLog: proposal.benchmarkLogHash },
    transactions,
    url: proposalUrl(ctx, id),
  };
}

/** What the review record calls each quorum step. */
const QUORUM_RECORD_RESULT: Record<QuorumAction["action"], ReviewRecord["result"]> = {
  requestReview: "requested",
  drawSeats: "drawn",
  commitScore: "committed",
  endCommitPhase: "commits-ended",
  revealScore: "revealed",
  closeRound: "round-closed",
  finalize: "finalized",
};

/**
 * The measurement a reveal re-enters when its seat record is gone (`--score` in metric units,
 * `--fixed-score`, or `--did-not-run`), parsed once the project's scale is known; undefined when none
 * was given. Conflicting flags are refused before the chain is asked anything.
 */
export function reenteredMeasurementOf(options: Pick<VerifyOptions, "score" | "fixedScore" | "didNotRun">): ((metricScale: bigint) => { ran: boolean; score: bigint }) | undefined {
  const given = options.score !== undefined || options.fixedScore !== undefined;
  if (options.didNotRun && given) throw new CliError("Give --did-not-run or a score (--score, --fixed-score), not both.");
  if (options.didNotRun) return () => ({ ran: false, score: 0n });
  if (!given) return undefined;
  const input = claimedScoreInput(options);
  return (metricScale) => ({ ran: true, score: toFixedScore(input, metricScale) });
}

/** What a review stands at after `verify <id>` moved it on (the decision, its appeal window, an appeal), with the project's score format. */
type ReviewDetails = { summary: ReviewSummary; formatScore: (score: bigint) => string };

async function reviewDetails(ctx: Context, result: AdvanceResult): Promise<ReviewDetails | undefined> {
  const summary = await readReviewSummary(ctx, result.proposalId);
  if (!summary || summary.phase === "Final") return undefined;
  const config = await read<{ metricScale: bigint }>(ctx, ctx.addresses.registry, ABI.registry, "getProjectConfig", [result.projectId]);
  return { summary, formatScore: (score) => formatScore(score, config.metricScale) };
}

/** A quorum review (or a single reviewer's decision) moved on: what was sent, what is due next, and where the review stands. */
function reportQuorum(ctx: Context, quorum: number | undefined, result: AdvanceResult, withdrawn: { amount: bigint; transaction: Hex } | undefined, details?: ReviewDetails): void {
  const { out } = ctx;
  const due = describeDuty(result.duty);
  const document = { ok: true, ...result, quorum: quorum ?? null, due, review: details?.summary ?? null, withdrawn: withdrawn ?? null, url: proposalUrl(ctx, result.proposalId) };
  out.result(document, () => {
    const reviewed = quorum === 1 ? ", one reviewer" : quorum ? `, a quorum of ${quorum}` : "";
    const where = result.phase === "Final" ? `final: ${result.status}` : result.phase.toLowerCase();
    out.line(`${out.c.bold(`Proposal #${result.proposalId}`)} (project #${result.projectId}${reviewed}): ${where}; next: ${due}.`);
    if (details) {
      const lines = describeReview(details.summary, { proposalId: result.proposalId, formatScore: details.formatScore, symbol: ctx.chain.nativeCurrency.symbol });
      for (const line of lines) out.line(`  ${line}`);
    }
    if (!result.actions.length) out.line("  nothing was due from you; nothing was sent");
    for (const action of result.actions) {
      const what = action.seat !== undefined ? `${action.action} seat ${action.seat}` : action.action;
      const measured = action.ran === undefined ? "" : action.ran ? ` (score ${action.score})` : " (did not run)";
      out.line(`  ${what}${measured}  ${action.transaction}`);
    }
    if (withdrawn) out.line(`  withdrew ${withdrawn.amount} wei owed  ${withdrawn.transaction}`);
  });
}
