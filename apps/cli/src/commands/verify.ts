/**
 * `research verify`: the verifier's loop. Pick a proposal (by id, or the oldest claimable one in
 * the queue), fetch the protocol, the benchmark bundle and the code bundle by their roots (each
 * checked), unpack them into a fresh temporary directory, run the benchmark in the sandbox as many
 * times as the protocol asks, take the median and decide (`impliedVerdictOf` in @orm/protocol/ledger,
 * the rule the web app's review screen applies too):
 *   - the median is outside the protocol's tolerance of the claim   -> reject;
 *   - it reproduces and beats the current best by the minimum       -> approve (with the median);
 *   - it reproduces, but an approval since its submission overtook it -> supersede;
 *   - it reproduces but never beat the best by the minimum          -> reject.
 * The attestation (measured scores, environment, the log's root) is stored as an artifact and its
 * root goes on-chain with the decision.
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
import { formatScore, formatTimestamp, shortenHash } from "@orm/protocol/format";
import { proposalStatus, proposalStatusNames } from "@orm/protocol/generated/constants";
import { impliedVerdictOf, type ImpliedVerdictParameters, type Verdict } from "@orm/protocol/ledger";
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
import { CliError, type Output } from "../output.ts";
import { sandboxEnvironment } from "../sandbox.ts";
import { loadSigner, viewerAddress } from "../signer.ts";
import { explainError } from "../chain.ts";
import { fetchArtifact, fetchProtocol, storeArtifact, type BenchmarkPlan } from "../storage.ts";

export type VerifyOptions = {
  next?: boolean;
  list?: boolean;
  watch?: boolean;
  project?: string;
  interval?: string;
  max?: string;
  claimFirst?: boolean;
  /** With --list: whose view to show (no key needed). */
  as?: string;
  /** Rehearse: fetch, measure and decide, but claim, upload and send nothing (no key needed). */
  dryRun?: boolean;
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
    "short-of-claim": "was overtaken, but falls short of its claim by more than the project's minimum improvement (the ledger's limit for superseding)",
  };
  return { decision: verdict, reason: reasons[because] };
}

type QueueItem = { proposal: Proposal; eligible: boolean; note: string };

/**
 * The open proposals and the ones under review, as `me` sees them: what it may claim (not its own,
 * not past expiry) and what it already holds. Without `me` (the neutral view), `eligible` means
 * open to any verifier who did not submit it.
 */
async function readQueue(ctx: Context, me: Address | undefined, projectFilter?: bigint): Promise<QueueItem[]> {
  const [all, expiry, block] = await Promise.all([
    readAllProposals(ctx),
    read<bigint>(ctx, ctx.addresses.ledger, ABI.ledger, "EXPIRY_WINDOW"),
    ctx.client.getBlock(),
  ]);
  const isMe = (address: Address) => me !== undefined && address.toLowerCase() === me.toLowerCase();
  const items: QueueItem[] = [];
  for (const p of all) {
    if (projectFilter !== undefined && p.projectId !== projectFilter) continue;
    if (p.status === proposalStatus.Reviewing) {
      const mine = isMe(p.reviewer);
      items.push({ proposal: p, eligible: mine, note: mine ? "claimed by you" : `claimed by ${p.reviewer}` });
      continue;
    }
    if (p.status !== proposalStatus.Submitted) continue;
    if (p.submittedAt + expiry <= block.timestamp) {
      items.push({ proposal: p, eligible: false, note: "past expiry" });
      continue;
    }
    const conflicted = isMe(p.miner) || isMe(p.rewardRecipient);
    items.push({ proposal: p, eligible: !conflicted, note: conflicted ? "yours (conflicted)" : "open" });
  }
  return items;
}

/** `verify --list`: read-only, so no key is asked for; see `viewerAddress` for whose view it is. */
async function listQueue(ctx: Context, projectFilter: bigint | undefined, as: string | undefined): Promise<void> {
  const { out } = ctx;
  const viewer = await viewerAddress(ctx, as);
  const isVerifier = viewer === undefined ? null : await read<boolean>(ctx, ctx.addresses.verifiers, ABI.verifiers, "isVerifier", [viewer]);
  const queue = await readQueue(ctx, viewer, projectFilter);
  out.result({ verifier: viewer ?? null, isVerifier, queue: queue.map(({ proposal, eligible, note }) => ({ ...summarize(proposal), eligible, note })) }, () => {
    const whose = viewer === undefined ? out.c.dim(" (no address: --as <address> or --dev-account <index> shows what one may claim)") : ` for ${viewer}${isVerifier ? "" : out.c.red(" (not an allowlisted verifier)")}`;
    out.line(`${out.c.bold("Verification queue")} (${queue.length})${whose}`);
    for (const { proposal: p, eligible, note } of queue) {
      const mark = eligible ? out.c.green("●") : out.c.dim("○");
      out.line(`  ${mark} #${p.id}  project #${p.projectId}  claimed ${p.claimedAggregateScore}  stake ${p.stake}  ${proposalStatusNames[p.status]}  ${out.c.dim(note)}`);
    }
  });
}

export async function verifyCommand(proposalArg: string | undefined, options: VerifyOptions, globals: GlobalOptions, out: Output): Promise<void> {
  if (options.as !== undefined && !options.list) {
    throw new CliError("--as only goes with --list; verifying signs transactions, so it takes --keystore or --dev-account.");
  }
  const ctx = await loadContext(out, globals);
  const projectFilter = options.project !== undefined ? parseId(options.project, "project") : undefined;
  if (options.list) return listQueue(ctx, projectFilter, options.as);
  if (options.dryRun) return rehearse(ctx, proposalArg, projectFilter, options);
  const account = await loadSigner(ctx);
  const isVerifier = await read<boolean>(ctx, ctx.addresses.verifiers, ABI.verifiers, "isVerifier", [account.address]);
  if (!isVerifier) throw new CliError(`${account.address} is not an allowlisted verifier; only verifiers can settle proposals.`);
  const writer = createWriter(ctx, account);

  if (proposalArg !== undefined && !options.watch) {
    const result = await verifyOne(ctx, writer, account, parseId(proposalArg, "proposal"), options);
    report(out, result);
    return;
  }

  const attempted = new Set<bigint>();
  const max = options.max !== undefined ? Number(options.max) : options.watch ? Infinity : 1;
  const interval = Math.max(1, Number(options.interval ?? 10)) * 1000;
  let settled = 0;
  let announcedIdle = false;
  while (settled < max) {
    let queue: QueueItem[];
    try {
      queue = await readQueue(ctx, account.address, projectFilter);
    } catch (error) {
      if (!options.watch) throw error;
      process.stderr.write(`${out.c.red("✗")} reading the queue failed: ${(error as Error).message.split("\n")[0]}; retrying\n`);
      await new Promise((resolve) => setTimeout(resolve, interval));
      continue;
    }
    const next = queue.find((item) => item.eligible && !attempted.has(item.proposal.id));
    if (!next) {
      if (!options.watch) throw new CliError(`No proposal to verify${projectFilter !== undefined ? ` on project #${projectFilter}` : ""}: the queue is empty.`);
      if (!announcedIdle) out.progress(`queue empty; watching (every ${interval / 1000} s, Ctrl-C to stop)`);
      announcedIdle = true;
      await new Promise((resolve) => setTimeout(resolve, interval));
      continue;
    }
    announcedIdle = false;
    attempted.add(next.proposal.id);
    if (!options.watch) {
      report(out, await verifyOne(ctx, writer, account, next.proposal.id, options));
      return;
    }
    try {
      report(out, await verifyOne(ctx, writer, account, next.proposal.id, options));
      settled += 1;
    } catch (error) {
      const message = (error as Error).message;
      if (out.json) out.document({ ok: false, proposalId: next.proposal.id, error: message });
      else process.stderr.write(`${out.c.red("✗")} proposal #${next.proposal.id}: ${message}\n`);
    }
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
  status: string;
  reason: string;
  claimedScore: bigint;
  measuredScores: bigint[];
  medianScore: bigint;
  bestBefore: bigint;
  scale: bigint;
  unit: string;
  attestationRoot: Hex;
  logRoot: Hex;
  transactions: Record<string, Hex>;
  url: string;
};

function report(out: Output, r: VerifyResult): void {
  out.result({ ok: true, ...r }, () => {
    const color = r.decision === "approve" ? out.c.green : r.decision === "reject" ? out.c.red : out.c.yellow;
    const word = { approve: "approved", reject: "rejected", supersede: "superseded" }[r.decision];
    const s = (v: bigint) => `${formatScore(v, r.scale)}${r.unit ? ` ${r.unit}` : ""}`;
    out.line(`${color(out.c.bold(`Proposal #${r.proposalId} ${word}`))}: ${r.reason}.`);
    out.line(`  measured   ${s(r.medianScore)} (median of ${r.measuredScores.length}: ${r.measuredScores.join(", ")})`);
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
  measurement: Measurement;
  decision: Decision;
  reason: string;
};

/** Fetches the artifacts (root-checked), measures in the sandbox and decides; `beforeMeasuring` may claim first. */
async function reviewProposal(ctx: Context, proposal: Proposal, beforeMeasuring?: () => Promise<void>): Promise<Omit<Review, "proposal">> {
  const { out } = ctx;
  const id = proposal.id;
  const project = await readProject(ctx, proposal.projectId);
  const protocol = await fetchProtocol(ctx, project.protocolHash);
  const plan: BenchmarkPlan = protocol.benchmarkPlan;
  await beforeMeasuring?.();
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

  // Decide against the best as it is now (it may have moved while the benchmark ran).
  const fresh = await readProject(ctx, proposal.projectId);
  const [[, meets], bestAtSubmission] = await Promise.all([
    read<[bigint, boolean]>(ctx, ctx.addresses.registry, ABI.registry, "improvementOf", [proposal.projectId, measurement.median]),
    read<bigint>(ctx, ctx.addresses.ledger, ABI.ledger, "bestAtSubmissionOf", [id]),
  ]);
  const { decision, reason } = decide({
    claimed: proposal.claimedAggregateScore,
    measured: measurement.median,
    tolerance: plan.tolerance,
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
    const next = (await readQueue(ctx, viewer, projectFilter)).find((item) => item.eligible);
    if (!next) throw new CliError(`No proposal to verify${projectFilter !== undefined ? ` on project #${projectFilter}` : ""}: the queue is empty.`);
    id = next.proposal.id;
  }
  const proposal = await readProposal(ctx, id);
  if (proposal.status !== proposalStatus.Submitted && proposal.status !== proposalStatus.Reviewing) {
    throw new CliError(`Proposal #${id} is ${proposalStatusNames[proposal.status]}; there is nothing to verify.`);
  }
  let claimable: string | null = null;
  if (viewer && proposal.status === proposalStatus.Submitted) {
    try {
      await ctx.client.simulateContract({ account: viewer, address: ctx.addresses.ledger, abi: ABI.ledger, functionName: "claimReview", args: [id] } as never);
      claimable = "yes";
    } catch (error) {
      claimable = explainError(error);
    }
  }
  const review = await reviewProposal(ctx, proposal);
  const settle = { approve: "approve", reject: "reject", supersede: "supersede" }[review.decision];
  const result = {
    ok: true,
    dryRun: true,
    proposalId: id,
    projectId: proposal.projectId,
    decision: review.decision,
    reason: review.reason,
    claimedScore: proposal.claimedAggregateScore,
    measuredScores: review.measurement.scores,
    medianScore: review.measurement.median,
    bestBefore: review.fresh.currentBestAggregateScore,
    verifier: viewer ?? null,
    claimable,
    wouldSend: ["claimReview", settle],
    transactions: {},
  };
  out.result(result, () => {
    const s = (v: bigint) => `${formatScore(v, review.fresh.config.metricScale)}${review.plan.unit ? ` ${review.plan.unit}` : ""}`;
    out.line(`${out.c.bold(`Dry run of proposal #${id}`)}: a verifier would ${review.decision}: it ${review.reason}.`);
    out.line(`  measured   ${s(review.measurement.median)} (median of ${review.measurement.scores.length}: ${review.measurement.scores.join(", ")})`);
    out.line(`  claimed    ${s(proposal.claimedAggregateScore)}`);
    out.line(`  best       ${s(review.fresh.currentBestAggregateScore)}`);
    if (claimable !== null) out.line(`  ${viewer} ${claimable === "yes" ? "may claim it" : `could not claim it: ${claimable}`}`);
    out.line(`  nothing was claimed, uploaded or sent (${options.claimFirst ? "--claim-first ignored; " : ""}a real run would send claimReview and ${settle})`);
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
  // Would the claim go through (verifier, conflicts, one claim per verifier, expiry)? Nothing sent.
  if (!holdsClaim) await writer.simulate(ctx.addresses.ledger, ABI.ledger, "claimReview", [id]);
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

  const logRoot = await storeArtifact(ctx, account, new TextEncoder().encode(measurement.log), "text/plain; charset=utf-8", "verification log");
  const attestation = createAttestation({
    proposal: id,
    project: proposal.projectId,
    decision,
    verifier: me,
    verifiedScore: measurement.median,
    metricScale: fresh.config.metricScale,
    notes: reason,
    evidence: {
      claimedScore: proposal.claimedAggregateScore,
      measuredScores: measurement.scores,
      medianScore: measurement.median,
      runs: measurement.runs.map((run) => ({ score: run.score, durationMs: run.durationMs, exitCode: run.exitCode })),
      tolerance: plan.tolerance,
      metric: { name: plan.metric, unit: plan.unit, direction: plan.direction, scale: plan.scale },
      best: { score: fresh.currentBestAggregateScore, codeRoot: fresh.currentBestCodeHash, updatedAt: Number(fresh.bestUpdatedAt) },
      minImprovement: fresh.config.minImprovement,
      metrics: measurement.metrics ?? null,
      artifacts: { protocol: project.protocolHash, benchmark: project.benchmarkHash, code: proposal.codeHash, minerLog: proposal.benchmarkLogHash },
      logRoot,
      command: plan.command,
      limits: plan.limits,
      environment: sandboxEnvironment(),
      measuredAt: new Date().toISOString(),
    },
  });
  const attestationRoot = await storeArtifact(ctx, account, attestationBytes(attestation), "application/json", "attestation");

  if (!holdsClaim) await claim();
  const settle = { approve: ["approve", [id, measurement.median, attestationRoot]], reject: ["reject", [id, attestationRoot]], supersede: ["supersede", [id, measurement.median, attestationRoot]] } as const;
  const [fn, args] = settle[decision];
  transactions[fn] = (await writer.write(ctx.addresses.ledger, ABI.ledger, fn, [...args], { label: `${fn} #${id}` })).hash;
  const after = await readProposal(ctx, id);
  return {
    proposalId: id,
    projectId: proposal.projectId,
    decision,
    status: proposalStatusNames[after.status],
    reason,
    claimedScore: proposal.claimedAggregateScore,
    measuredScores: measurement.scores,
    medianScore: measurement.median,
    bestBefore: fresh.currentBestAggregateScore,
    scale: fresh.config.metricScale,
    unit: plan.unit,
    attestationRoot,
    logRoot,
    transactions,
    url: proposalUrl(ctx, id),
  };
}
