/**
 * `research submit <dir> --project <id> (--score <value> | --fixed-score <n>) --log <file>`, or
 * `--measure`: package the directory (the deterministic tar: the same tree gives the same bytes and
 * root), compute both roots here, buy the missing stake if asked (--buy), commit, upload the code
 * bundle and the log once the commitment is mined, and reveal with an EIP-2612 permit
 * (`revealProposalWithPermit`), or `approve` + `revealProposal` with --no-permit (`submitProposal`).
 */
import { readFile } from "node:fs/promises";

import { getAddress, zeroAddress, type Address, type Hex, type LocalAccount } from "viem";

import { decodeProtocolError } from "@orm/protocol/errors";
import { formatScore, parseScore } from "@orm/protocol/format";
import { deadlineOf, maxCostWithSlippage } from "@orm/protocol/slippage";
import { proposalIdFromLogs } from "@orm/protocol/receipts";
import {
  checkSubmission,
  commitmentOf,
  commitmentState,
  newCommitmentSalt,
  revealArgsOf,
  revealWithPermitArgsOf,
  signStakePermit,
  type SubmitArgsParameters,
} from "@orm/protocol/submission";
import { packDirectory } from "../archive.ts";
import { ABI, createWriter, describeScore, loadContext, minimumStakeOf, parseId, protocolReader, proposalUrl, read, readProject, readProposal, type Context, type GlobalOptions } from "../chain.ts";
import { forgetPendingCommitment, pendingCommitmentPath, readPendingCommitment, resumePlanOf, stateDirectory, writePendingCommitment } from "../commitments.ts";
import { loadSigner } from "../signer.ts";
import { CliError, formatSeconds, type Output } from "../output.ts";
import { computeRoot, storeArtifact } from "../storage.ts";
import { impliedReviewOf, measureForProject } from "./bench.ts";

const nowSeconds = () => BigInt(Math.floor(Date.now() / 1000));

export type SubmitOptions = ScoreOptions & {
  project?: string;
  log?: string;
  /** Measure the directory as a verifier would and claim the median, with the run's log. */
  measure?: boolean;
  stake?: string;
  buy?: boolean;
  maxCost?: string;
  recipient?: string;
  permit?: boolean;
};

export type SubmissionInput = {
  projectId: bigint;
  code: Uint8Array;
  log: Uint8Array;
  claimedScore: bigint;
  stake?: bigint;
  buy?: boolean;
  /** Upper bound in wei for buying the missing stake (default: the quote plus 1%). */
  maxCost?: bigint;
  recipient?: Address;
  permit?: boolean;
  /**
   * The claim and the log were measured by this run (`--measure`, `mine`): an open commitment of the
   * same code made by an earlier run is revealed with its own claim and log.
   */
  measured?: boolean;
};

export type SubmissionResult = {
  proposalId: bigint;
  projectId: bigint;
  codeRoot: Hex;
  logRoot: Hex;
  claimedScore: bigint;
  stake: bigint;
  bought: bigint;
  /** The commitment revealed (its salt is public once revealed). */
  commitment: Hex;
  /** When verifiers may claim it: the commitment's time plus the ledger's COMMIT_WINDOW. */
  reviewableAt: bigint;
  transactions: Record<string, Hex>;
  url: string;
};

/** The claimed score as typed: `--score` in metric units, or `--fixed-score` as the benchmark prints it. */
export type ScoreOptions = { score?: string; fixedScore?: string };

export type ClaimedScoreInput = { flag: "--score" | "--fixed-score"; value: string };

/** Which of the two score options was given; exactly one must be (checked before the chain is asked anything). */
export function claimedScoreInput({ score, fixedScore }: ScoreOptions): ClaimedScoreInput {
  if (score !== undefined && fixedScore !== undefined) {
    throw new CliError(`Give the claimed score once: --score ${score} (metric units) or --fixed-score ${fixedScore} (the benchmark's fixed-point integer), not both.`);
  }
  if (score !== undefined) return { flag: "--score", value: score };
  if (fixedScore !== undefined) return { flag: "--fixed-score", value: fixedScore };
  throw new CliError("Give the claimed score: --score in metric units (e.g. --score 4.805749), or --fixed-score with the fixed-point integer the benchmark prints (e.g. --fixed-score 4805749).");
}

/**
 * The claimed score in the project's fixed point. `--score` is read by the protocol's shared rule
 * (metric units, as the web app reads it: "2" is 2 × the scale); `--fixed-score` is the CLI's
 * convention for the integer the benchmark prints (`{"score": <n>}`), taken as it is.
 */
export function toFixedScore(input: ClaimedScoreInput, metricScale: bigint): bigint {
  const text = input.value.trim();
  if (input.flag === "--fixed-score") {
    if (!/^-?\d+$/.test(text)) throw new CliError(`--fixed-score takes the fixed-point integer the benchmark prints (e.g. 4805749), not "${input.value}".`);
    return BigInt(text);
  }
  const fixed = parseScore(text, metricScale);
  if (fixed !== undefined) return fixed;
  // With a scale of 10^(its length), any decimal parses: if this one does, it is only too fine for this scale.
  const isDecimal = parseScore(text, 10n ** BigInt(text.length)) !== undefined;
  if (isDecimal) {
    throw new CliError(`--score ${input.value} is finer than the project's metric scale of ${metricScale} allows; round it, or give the fixed-point integer with --fixed-score.`);
  }
  throw new CliError(`--score takes a number in metric units (e.g. 4.805749), not "${input.value}"; the benchmark's fixed-point integer goes in --fixed-score.`);
}

export async function submitCommand(dir: string, options: SubmitOptions, globals: GlobalOptions, out: Output): Promise<void> {
  if (options.measure) {
    if (options.score !== undefined || options.fixedScore !== undefined || options.log !== undefined) {
      throw new CliError("--measure claims the measured median with its own log; leave out --score, --fixed-score and --log.");
    }
  } else {
    if (options.project === undefined) throw new CliError("Name the project: --project <id> (a checkout made by `research checkout` names its own with --measure).");
    if (options.log === undefined) throw new CliError("Give the benchmark log with --log <file>, or pass --measure to run the benchmark as a verifier would and submit its median and log.");
  }
  const scoreInput = options.measure ? undefined : claimedScoreInput(options);
  const recipient = options.recipient ? parseAddress(options.recipient) : undefined;
  const ctx = await loadContext(out, globals);
  // The key first: a wrong passphrase should not cost a whole measurement.
  const account = await loadSigner(ctx);
  let projectId: bigint;
  let claimedScore: bigint;
  let log: Uint8Array;
  let code: Uint8Array;
  let measuredScores: bigint[] | undefined;
  if (options.measure) {
    const measured = await measureForProject(ctx, dir, options.project, "measure");
    projectId = measured.projectId;
    claimedScore = measured.measurement.median;
    measuredScores = measured.measurement.scores;
    log = new TextEncoder().encode(measured.measurement.log);
    code = measured.code;
    const review = await impliedReviewOf(ctx, projectId, measured.plan, claimedScore, claimedScore);
    if (review.decision !== "approve") {
      throw new CliError(`The measured median ${claimedScore} ${review.reason} (best ${review.best}, a submission needs ${review.required}); a verifier would reject it, so nothing was submitted.`);
    }
  } else {
    projectId = parseId(options.project!, "project");
    const project = await readProject(ctx, projectId);
    claimedScore = toFixedScore(scoreInput!, project.config.metricScale);
    try {
      log = new Uint8Array(await readFile(options.log!));
    } catch {
      throw new CliError(`The log file ${options.log} cannot be read.`);
    }
    if (log.length === 0) throw new CliError(`The log file ${options.log} is empty.`);
    out.progress(`packaging ${dir}`);
    code = await packDirectory(dir);
  }
  const project = await readProject(ctx, projectId);
  const result = await submitProposal(ctx, account, {
    projectId,
    code,
    log,
    claimedScore,
    stake: options.stake !== undefined ? parseAmount(options.stake, "--stake") : undefined,
    buy: options.buy,
    maxCost: options.maxCost !== undefined ? parseAmount(options.maxCost, "--max-cost") : undefined,
    recipient,
    permit: options.permit,
    measured: options.measure,
  });
  out.result({ ok: true, ...result, measuredScores: measuredScores ?? null }, () => {
    out.line(`${out.c.green(out.c.bold(`Proposal #${result.proposalId} submitted`))} to project #${projectId}: claimed ${describeScore(result.claimedScore, project.config)}${measuredScores ? ` (measured: ${measuredScores.join(", ")})` : ""}, stake ${result.stake}${result.bought ? ` (${result.bought} bought)` : ""}.`);
    out.line(`  code    ${result.codeRoot}`);
    out.line(`  log     ${result.logRoot}`);
    out.line(`  commitment ${result.commitment}; verifiers may claim it from ${formatSeconds(result.reviewableAt)}`);
    for (const [name, hash] of Object.entries(result.transactions)) out.line(`  ${name.padEnd(8)}${hash}`);
    out.line(`  ${out.c.cyan(result.url)}`);
  });
}

export function parseAmount(value: string, flag: string): bigint {
  if (!/^\d+$/.test(value.trim())) throw new CliError(`${flag} must be a whole number, not "${value}".`);
  return BigInt(value.trim());
}

export function parseAddress(value: string): Address {
  try {
    return getAddress(value);
  } catch {
    throw new CliError(`"${value}" is not an address.`);
  }
}

/**
 * The whole submission in one action, as the web app's propose page does it: the roots computed
 * here, checked against what the ledger would refuse; the missing stake bought (--buy); the salt
 * written to disk (`commitments.ts`) and `commitProposal` sent and mined; then, and only then, both
 * artifacts uploaded (the roots go public) and the values revealed with the stake's permit
 * (`revealProposalWithPermit`, or `approve` + `revealProposal` with --no-permit). A rerun of the
 * same submission finds an open commitment and only uploads and reveals.
 */
export async function submitProposal(ctx: Context, account: LocalAccount, input: SubmissionInput): Promise<SubmissionResult> {
  const { out } = ctx;
  const writer = createWriter(ctx, account);
  const project = await readProject(ctx, input.projectId);
  const token = project.token;
  const minimum = minimumStakeOf(project.config);
  const stake = input.stake ?? minimum;
  if (stake < minimum) throw new CliError(`The stake ${stake} is below project #${input.projectId}'s minimum of ${minimum}${minimum > project.config.minStake ? ` (${project.config.minStake} for each of its ${project.config.reviewQuorum} review seats)` : ""}.`);
  const [codeRoot, logRoot] = await Promise.all([computeRoot(input.code), computeRoot(input.log)]);
  const ledger = ctx.addresses.ledger;
  const rewardRecipient = input.recipient ?? zeroAddress;
  const pendingFile = pendingCommitmentPath(stateDirectory(), { chainId: ctx.chain.id, ledger, miner: account.address, projectId: input.projectId, codeRoot });
  const pending = await readPendingCommitment(pendingFile);
  // What the ledger would refuse (or a verifier reject for certain) is refused before anything is sent.
  const reader = protocolReader(ctx);
  const problem = await checkSubmission(reader, { projectId: input.projectId, token, codeRoot, claimedScore: input.claimedScore, stake, owner: account.address });
  if (problem?.kind === "duplicate") {
    const existing = await readProposal(ctx, problem.existingProposalId);
    if (pending && existing.miner.toLowerCase() === account.address.toLowerCase()) {
      // The reveal landed but the run stopped before the salt was deleted.
      await forgetPendingCommitment(pendingFile);
      throw new CliError(`This code was already revealed as your proposal #${problem.existingProposalId} on project #${input.projectId}: ${proposalUrl(ctx, problem.existingProposalId)}`);
    }
    throw new CliError(`This code (root ${codeRoot}) was already submitted to project #${input.projectId} as proposal #${problem.existingProposalId}; the first submitter wins.`);
  }
  if (problem?.kind === "score") {
    throw new CliError(
      `The claimed score ${describeScore(input.claimedScore, project.config)} does not beat the current best ${describeScore(problem.currentBest, project.config)} by the project's minimum improvement; a verifier would reject it and the stake would be slashed.`,
    );
  }

  // An earlier run's commitment to this code: still open, it is revealed (its values and its log);
  // lapsed or never mined, a new one is made.
  const chainNow = async () => {
    const latest = (await ctx.client.getBlock()).timestamp;
    return latest > nowSeconds() ? latest : nowSeconds();
  };
  const plan = resumePlanOf(
    pending,
    pending ? await commitmentState(reader, pending.commitment, await chainNow()) : { state: "none" },
    { projectId: input.projectId, codeRoot, stake, rewardRecipient, ...(input.measured ? {} : { claimedScore: input.claimedScore, logRoot }) },
    formatSeconds,
  );
  if (plan.note) out.progress(plan.note);
  const submission: Required<SubmitArgsParameters> =
    plan.action === "reveal" ? plan.pending.submission : { projectId: input.projectId, codeRoot, logRoot, claimedScore: input.claimedScore, stake, rewardRecipient };
  const log = plan.action === "reveal" ? plan.pending.log : input.log;
  out.progress(`code bundle ${codeRoot} (${input.code.length} bytes), claimed ${formatScore(submission.claimedScore, project.config.metricScale)}, stake ${stake}`);

  const transactions: Record<string, Hex> = {};
  let bought = 0n;
  if (problem?.kind === "balance") {
    const missing = stake - problem.held;
    if (!input.buy) throw new CliError(`You hold ${problem.held} tokens of project #${input.projectId} but the stake is ${stake}; pass --buy to buy the missing ${missing}.`);
    const cost = await read<bigint>(ctx, token, ABI.token, "quoteBuyExact", [missing]);
    const maxCost = input.maxCost ?? maxCostWithSlippage(cost);
    if (cost > maxCost) throw new CliError(`Buying ${missing} tokens costs ${cost} wei, above --max-cost ${maxCost}.`);
    const block = await ctx.client.getBlock();
    const ether = await ctx.client.getBalance({ address: account.address });
    if (ether < maxCost) throw new CliError(`Buying ${missing} tokens needs up to ${maxCost} wei; ${account.address} has ${ether}.`);
    out.progress(`buying ${missing} tokens for at most ${maxCost} wei`);
    transactions.buy = (await writer.write(token, ABI.token, "buyExact", [missing, maxCost, deadlineOf(nowSeconds(), block.timestamp)], { value: maxCost, label: `bought ${missing}` })).hash;
    bought = missing;
  }

  let salt: Hex;
  let commitment: Hex;
  if (plan.action === "reveal") {
    ({ salt, commitment } = plan.pending);
  } else {
    salt = newCommitmentSalt();
    commitment = commitmentOf({ ...submission, chainId: ctx.chain.id, ledger, miner: account.address, salt });
    // On disk before it is sent: a crash after the commitment lands can still reveal it.
    await writePendingCommitment(pendingFile, { chainId: ctx.chain.id, ledger, miner: account.address, submission, salt, commitment, log, preparedAt: new Date().toISOString() });
    out.progress(`committing ${commitment} (the roots stay private until it is mined; salt kept in ${pendingFile})`);
    transactions.commit = (await writer.write(ledger, ABI.ledger, "commitProposal", [commitment], { label: "committed" })).hash;
  }

  // The commitment is mined: the roots may go public now.
  const codeUploaded = await storeArtifact(ctx, account, input.code, "application/x-tar", "code bundle");
  if (codeUploaded !== codeRoot) throw new CliError(`The relay stored the code bundle under ${codeUploaded}, not ${codeRoot}.`);
  const logUploaded = await storeArtifact(ctx, account, log, "text/plain; charset=utf-8", "benchmark log");
  if (logUploaded !== submission.logRoot) throw new CliError(`The relay stored the benchmark log under ${logUploaded}, not ${submission.logRoot}.`);

  let sent;
  try {
    const allowance = await read<bigint>(ctx, token, ABI.token, "allowance", [account.address, ledger]);
    if (allowance >= stake) {
      sent = await writer.write(ledger, ABI.ledger, "revealProposal", [...revealArgsOf(submission, salt)], { label: "revealed" });
    } else if (input.permit === false) {
      transactions.approve = (await writer.write(token, ABI.token, "approve", [ledger, stake], { label: "approved the stake" })).hash;
      sent = await writer.write(ledger, ABI.ledger, "revealProposal", [...revealArgsOf(submission, salt)], { label: "revealed" });
    } else {
      const block = await ctx.client.getBlock();
      const permit = await signStakePermit({
        read: reader,
        signTypedData: (typedData) => account.signTypedData(typedData),
        token,
        chainId: ctx.chain.id,
        owner: account.address,
        spender: ledger,
        value: stake,
        latestBlockTimestamp: block.timestamp,
      });
      sent = await writer.write(ledger, ABI.ledger, "revealProposalWithPermit", [...revealWithPermitArgsOf(submission, salt, permit)], { label: "revealed with permit" });
    }
  } catch (error) {
    if (decodeProtocolError(error)?.errorName === "ProposalLedgerRevealTooLate") {
      throw new CliError(
        `The reveal came too late: the commitment's window of ${await read<bigint>(ctx, ledger, ABI.ledger, "COMMIT_WINDOW")} s closed, so its priority is gone; run the same command again to commit anew (the artifacts are stored already).`,
        undefined,
        { cause: error },
      );
    }
    throw error;
  }
  transactions.reveal = sent.hash;
  await forgetPendingCommitment(pendingFile);
  const proposalId = proposalIdFromLogs(sent.receipt.logs, ledger);
  if (proposalId === undefined) throw new CliError("The reveal went through but its ProposalSubmitted event is missing.");
  const reviewableAt = await read<bigint>(ctx, ledger, ABI.ledger, "reviewableAt", [proposalId]);
  return {
    proposalId,
    projectId: input.projectId,
    codeRoot,
    logRoot: submission.logRoot,
    claimedScore: submission.claimedScore,
    stake,
    bought,
    commitment,
    reviewableAt,
    transactions,
    url: proposalUrl(ctx, proposalId),
  };
}
