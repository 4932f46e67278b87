/**
 * Seeds a believable world on a freshly deployed local stack (deterministic; a few seconds):
 * verifiers allowlisted and described, five accounts bonded as verifiers; the projects of `seed/world.ts` created with their
 * artifacts uploaded through the storage relay (signed upload intents, real 0G roots), one of them
 * a fork; trades from several accounts spread over the past days; proposals played through every
 * state (approved, rejected, superseded, expired, under review, open); review fees earned on every
 * verdict (rejections also fill their project's fee fund), one verifier's fees claimed and the others
 * left claimable. A single reviewer's verdict is backed by its bond and stands for the appeal window
 * before anyone finalizes it (nobody appeals in this story). The JSON parser project is reviewed by a quorum of three drawn seats: its proposals
 * settle on the median after the appeal window, one of them with an outlier seat that loses part of
 * its lock. Every score is measured: each project's benchmark runs on
 * its repository and on every proposal's code (two at a time, in the background while the chain
 * work goes on), and the baselines, claims and verified scores are what it printed.
 *
 * The chain should start about eleven days in the past (`LOCAL_CHAIN_START_DATE`, set by
 * `npm start`); the seed moves time forward as the story goes and ends at the present.
 *
 * `node scripts/seed.ts` seeds the stack described by deployments/localhost.json, with the web
 * app at WEB_URL (default http://127.0.0.1:3000).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { setPriority, tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

import {
  createPublicClient,
  createWalletClient,
  http,
  zeroAddress,
  type Abi,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
} from "viem";
import { mnemonicToAccount, type HDAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import { projectRegistryAbi, projectTokenAbi, proposalLedgerAbi, reviewQuorumAbi, verifierRegistryAbi } from "@orm/protocol/generated/abis";
import { rewardRule } from "@orm/protocol/generated/constants";
import { uploadArtifact } from "@orm/protocol/storage/client";
import { computeRoot } from "@orm/protocol/storage/root";
import { commitmentOf, newCommitmentSalt, revealArgsOf } from "@orm/protocol/submission";
import { impliedVerdictOf, tolerancePpmOf, toleranceOfPpm, type Verdict } from "@orm/protocol/ledger";
import { readDeployment, type Deployment } from "@orm/protocol/deployments";
import { DEV_MNEMONIC } from "@orm/protocol/devAccounts";
import { requiredScoreOf } from "@orm/protocol/ledger";
import { seatSaltMessage, seatSaltOf } from "@orm/protocol/quorum";
import { packTree, type FileTree } from "@orm/protocol/tar";
import { METRIC_SCALE, renderProtocol, toScore, WORLD, type ProjectSpec, type ProposalSpec } from "./seed/world.ts";


/** Dev account index of each role (Hardhat's development mnemonic). */
export const ROLE_INDEX = {
  deployer: 0,
  creator: 1,
  speculator: 2,
  speculator2: 3,
  miner: 4,
  verifier: 5,
  verifier2: 6,
  creator2: 7,
  miner2: 8,
  speculator3: 9,
} as const;
export type Role = keyof typeof ROLE_INDEX;

export const ROLE_LABELS: Record<Role, string> = {
  deployer: "deployer, verifier-registry owner",
  creator: "creator",
  speculator: "speculator",
  speculator2: "speculator",
  miner: "miner",
  verifier: "verifier",
  verifier2: "verifier",
  creator2: "creator",
  miner2: "miner",
  speculator3: "speculator",
};

/** The dev accounts that post a verifier bond (quorum projects draw their seats from them). */
export const BONDED_VERIFIERS: Role[] = ["verifier", "verifier2", "speculator", "speculator2", "speculator3"];
/** Each one's bond: several seat locks' worth, so it can sit on a few reviews at once. */
const VERIFIER_BOND_WEI = 3n * 10n ** 18n;

const HOUR = 3600;
const DAY = 24 * HOUR;

export type SeedOptions = { rpcUrl: string; storageUrl: string; deployment: Deployment; log?: (line: string) => void };
export type SeedSummary = { projects: number; proposals: number; trades: number; uploads: number };

export async function seedWorld({ rpcUrl, storageUrl, deployment, log = () => {} }: SeedOptions): Promise<SeedSummary> {
  const chain = { ...hardhat, id: deployment.chainId, rpcUrls: { default: { http: [rpcUrl] } } };
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 50 }) as PublicClient;
  const account = (role: Role) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: ROLE_INDEX[role] });
  const wallet = (role: Role) => createWalletClient({ account: account(role), chain, transport: http(rpcUrl) });
  const { VerifierRegistry, ProjectRegistry, ProposalLedger, ReviewQuorum } = deployment.contracts;
  const summary: SeedSummary = { projects: 0, proposals: 0, trades: 0, uploads: 0 };

  async function send(role: Role, address: Address, abi: Abi, functionName: string, args: unknown[], value?: bigint): Promise<Hash> {
    const client = wallet(role);
    const hash = await client.writeContract({ address, abi, functionName, args, value, account: client.account, chain } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} by ${role} reverted`);
    return hash;
  }
  const read = <T>(address: Address, abi: Abi, functionName: string, args: unknown[] = []) =>
    publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>;
  async function advance(seconds: number) {
    await publicClient.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
    await publicClient.request({ method: "evm_mine" as never, params: [] as never });
  }
  const now = async () => Number((await publicClient.getBlock()).timestamp);

  async function upload(role: Role, bytes: Uint8Array, contentType: string): Promise<Hex> {
    const result = await uploadArtifact(bytes, { signer: account(role) as HDAccount, endpoint: `${storageUrl}/api/storage`, contentType });
    summary.uploads += 1;
    return result.root;
  }
  const uploadJson = (role: Role, value: unknown) =>
    upload(role, new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`), "application/json");

  async function buy(role: Role, token: Address, amount: bigint) {
    const cost = await read<bigint>(token, projectTokenAbi, "quoteBuyExact", [amount]);
    await send(role, token, projectTokenAbi, "buyExact", [amount, cost, BigInt((await now()) + HOUR)], cost);
    summary.trades += 1;
  }
  async function sell(role: Role, token: Address, amount: bigint) {
    const refund = await read<bigint>(token, projectTokenAbi, "quoteSell", [amount]);
    await send(role, token, projectTokenAbi, "sellExact", [amount, refund, BigInt((await now()) + HOUR)]);
    summary.trades += 1;
  }

  // --- verifiers
  for (const [role, name] of [
    ["verifier", "Lab Ampere (GPU bench rig)"],
    ["verifier2", "Reproducibility Guild"],
  ] as const) {
    const address = account(role).address;
    if (!(await read<boolean>(VerifierRegistry.address, verifierRegistryAbi, "isVerifier", [address]))) {
      await send("deployer", VerifierRegistry.address, verifierRegistryAbi, "addVerifier", [address]);
    }
    await send(role, VerifierRegistry.address, verifierRegistryAbi, "setVerifierMetadata", [name, "0x" + "00".repeat(32)]);
  }
  // Bonded verifiers, who join without anyone's permission: the pool quorum projects draw seats from
  // (five, so a quorum of three always finds seats outside a proposal's miner and creator).
  for (const role of BONDED_VERIFIERS) {
    await send(role, VerifierRegistry.address, verifierRegistryAbi, "postBond", [], VERIFIER_BOND_WEI);
  }

  // --- projects with their artifacts
  type Live = { spec: ProjectSpec; id: bigint; token: Address; baselineScore: bigint };
  const live = new Map<string, Live>();
  const workDir = await mkdtemp(path.join(tmpdir(), "seed-"));
  try {
    // every benchmark run is queued now and goes on while the chain work does: the baselines first
    // (each project's creation waits for its own), then the proposals' code
    const measurements = new Map<ProjectSpec | ProposalSpec, Promise<Measured>>();
    const runner = benchmarkRunner(workDir);
    for (const spec of WORLD) measurements.set(spec, runner.measure(spec, {}));
    const proposals = submissionOrder(WORLD.flatMap((spec) => spec.proposals.map((proposal) => ({ spec, proposal }))));
    for (const { spec, proposal } of [...proposals.early, ...proposals.late]) measurements.set(proposal, runner.measure(spec, proposal.changes));
    // a failure is reported where its score is awaited, not as an unhandled rejection before that
    for (const measurement of measurements.values()) measurement.catch(() => undefined);

    for (const spec of WORLD) {
      const measuredBaseline = await measurements.get(spec)!;
      const protocolRoot = await uploadJson(spec.creator, renderProtocol(spec, Number(measuredBaseline.score) / METRIC_SCALE));
      const repoRoot = await upload(spec.creator, await packTree(spec.repo), "application/x-tar");
      const benchRoot = await upload(spec.creator, await packTree(spec.benchmarkBundle), "application/x-tar");
      const metricsRoot = await uploadJson(spec.creator, measuredBaseline.metrics);
      const parent = spec.parentKey ? live.get(spec.parentKey) : undefined;
      const firstCost = await read<bigint>(ProjectRegistry.address, projectRegistryAbi, "quoteFirstBuy", [spec.curve.basePrice, spec.curve.slope, spec.firstBuy]);
      const params = {
        protocolHash: protocolRoot,
        repoSnapshotHash: repoRoot,
        benchmarkHash: benchRoot,
        baselineAggregateScore: measuredBaseline.score,
        baselineMetricsHash: metricsRoot,
        tokenName: spec.name,
        tokenSymbol: spec.symbol,
        basePrice: spec.curve.basePrice,
        slope: spec.curve.slope,
        minerPoolCap: spec.curve.minerPoolCap,
        config: {
          lowerIsBetter: spec.benchmark.direction === "lower",
          minImprovement: toScore(spec.benchmark.minImprovement),
          metricScale: 1_000_000n,
          rewardRule: rewardRule.Impact,
          rewardBps: spec.reward.bps,
          impactTarget: toScore(spec.reward.target),
          minStake: spec.minStake,
          hasParent: parent !== undefined,
          parentProjectId: parent?.id ?? 0n,
          tolerancePpm: Number(tolerancePpmOf(spec.benchmark.tolerance)),
          reviewQuorum: spec.reviewQuorum,
        },
        firstBuyAmount: spec.firstBuy,
      };
      const id = await read<bigint>(ProjectRegistry.address, projectRegistryAbi, "nextProjectId");
      await send(spec.creator, ProjectRegistry.address, projectRegistryAbi, "createProjectWithConfig", [params], firstCost);
      const token = await read<Address>(ProjectRegistry.address, projectRegistryAbi, "tokenOf", [id]);
      live.set(spec.key, { spec, id, token, baselineScore: measuredBaseline.score });
      summary.projects += 1;
      log(`  project #${id} ${spec.symbol}: ${spec.name}`);
      await advance(2 * HOUR);
    }

    // --- early trading
    const speculators: Role[] = ["speculator", "speculator2", "speculator3"];
    let turn = 0;
    for (const { token } of live.values()) {
      for (const role of speculators) {
        await buy(role, token, BigInt(8 + ((turn * 7) % 23)));
        turn += 1;
      }
      await advance(3 * HOUR);
    }

    // --- proposals (in `submissionOrder`)
    type Pending = { live: Live; spec: ProposalSpec; id: bigint; claimed: bigint; verified: bigint };
    const pending: Pending[] = [];
    const all = [...live.values()].flatMap((project) => project.spec.proposals.map((proposal) => ({ project, proposal })));
    const { early, late } = submissionOrder(all);
    const submit = async ({ project, proposal }: (typeof all)[number]) => {
      const code = { ...project.spec.repo, ...proposal.changes };
      const measured = await measurements.get(proposal)!;
      // the miner claims what the code measured, unless the spec has it claim more
      const claimed = proposal.claimed !== undefined ? toScore(proposal.claimed) : measured.score;
      // As every client does: roots computed here, then commit, upload, reveal (the root stays the
      // miner's whoever sees it after the commitment is mined).
      const codeBytes = await packTree(code);
      const logBytes = new TextEncoder().encode(measured.log);
      const [codeRoot, logRoot] = await Promise.all([computeRoot(codeBytes), computeRoot(logBytes)]);
      const balance = await read<bigint>(project.token, projectTokenAbi, "balanceOf", [account(proposal.miner).address]);
      if (balance < proposal.stake) await buy(proposal.miner, project.token, proposal.stake - balance);
      await send(proposal.miner, project.token, projectTokenAbi, "approve", [ProposalLedger.address, proposal.stake]);
      const id = await read<bigint>(ProposalLedger.address, proposalLedgerAbi, "nextProposalId");
      // The ledger takes only claims that beat the best by the minimum: a miner whose run does not
      // (a proposal left to be rejected) claims the least that does, and the review shows it.
      const lowerIsBetter = project.spec.benchmark.direction === "lower";
      const best = await read<bigint>(ProjectRegistry.address, projectRegistryAbi, "currentBestAggregateScore", [project.id]);
      const required = requiredScoreOf({ best, minImprovement: toScore(project.spec.benchmark.minImprovement), lowerIsBetter });
      const claim = (lowerIsBetter ? claimed <= required : claimed >= required) ? claimed : required;
      const submission = { projectId: project.id, codeRoot, logRoot, claimedScore: claim, stake: proposal.stake, rewardRecipient: zeroAddress };
      const salt = newCommitmentSalt();
      const miner = account(proposal.miner).address;
      await send(proposal.miner, ProposalLedger.address, proposalLedgerAbi, "commitProposal", [
        commitmentOf({ ...submission, chainId: chain.id, ledger: ProposalLedger.address, miner, salt }),
      ]);
      for (const [bytes, contentType, root] of [[codeBytes, "application/x-tar", codeRoot], [logBytes, "text/plain; charset=utf-8", logRoot]] as const) {
        if ((await upload(proposal.miner, bytes, contentType)) !== root) throw new Error("the relay stored another root than the one committed");
      }
      await send(proposal.miner, ProposalLedger.address, proposalLedgerAbi, "revealProposal", [...revealArgsOf(submission, salt)]);
      pending.push({ live: project, spec: proposal, id, claimed: claim, verified: measured.score });
      summary.proposals += 1;
      await advance(HOUR);
    };
    for (const item of early) await submit(item);

    // --- reviews over the following days, trading in between
    const verifiers: Role[] = ["verifier", "verifier2"];
    let reviewer = 0;
    const review = async (item: Pending, intended: Verdict) => {
      if (item.live.spec.reviewQuorum > 1) return reviewByQuorum(item);
      const role = verifiers[reviewer++ % verifiers.length];
      await send(role, ProposalLedger.address, proposalLedgerAbi, "claimReview", [item.id]);
      const decision = await verdictOf(item, intended);
      const note = await uploadJson(role, {
        proposal: Number(item.id),
        project: Number(item.live.id),
        decision,
        claimedScore: Number(item.claimed),
        measuredScore: Number(item.verified),
        runs: item.live.spec.benchmark.runs,
        environment: { os: "linux", node: process.version },
      });
      if (decision === "approve") {
        await send(role, ProposalLedger.address, proposalLedgerAbi, "approve", [item.id, item.verified, note]);
      } else if (decision === "reject") {
        await send(role, ProposalLedger.address, proposalLedgerAbi, "reject", [item.id, note]);
      } else {
        await send(role, ProposalLedger.address, proposalLedgerAbi, "supersede", [item.id, item.verified, note]);
      }
      // The verdict stands, backed by the reviewer's bond, until its appeal window passes; nobody
      // appeals it here, and anyone finalizes it (before the project's next review, which it may move).
      await finalizeAfterAppealWindow(item);
      await advance(5 * HOUR);
    };
    async function finalizeAfterAppealWindow(item: Pending) {
      const { deadline } = await read<{ deadline: bigint }>(ReviewQuorum.address, reviewQuorumAbi, "reviewOf", [item.id]);
      if ((await now()) <= Number(deadline)) await advance(Number(deadline) + 1 - (await now()));
      await send("speculator3", ReviewQuorum.address, reviewQuorumAbi, "finalize", [item.id]);
    }
    /**
     * The verdict the measurement implies, as every verifier decides: the world's intended one, unless
     * a timing run on a busy machine measured too little of an improvement for it (then the ledger
     * would refuse it), and the seed says so rather than failing.
     */
    const verdictOf = async (item: Pending, intended: Verdict): Promise<Verdict> => {
      const id = item.live.id;
      const [config, best, bestUpdatedAt, [, meets], bestAtSubmission, proposal] = await Promise.all([
        read<{ tolerancePpm: number; minImprovement: bigint; lowerIsBetter: boolean }>(ProjectRegistry.address, projectRegistryAbi, "getProjectConfig", [id]),
        read<bigint>(ProjectRegistry.address, projectRegistryAbi, "currentBestAggregateScore", [id]),
        read<bigint>(ProjectRegistry.address, projectRegistryAbi, "bestUpdatedAt", [id]),
        read<readonly [bigint, boolean]>(ProjectRegistry.address, projectRegistryAbi, "improvementOf", [id, item.verified]),
        read<bigint>(ProposalLedger.address, proposalLedgerAbi, "bestAtSubmissionOf", [item.id]),
        read<{ submittedAt: bigint }>(ProposalLedger.address, proposalLedgerAbi, "getProposal", [item.id]),
      ]);
      const { verdict } = impliedVerdictOf({
        claimed: item.claimed,
        measured: item.verified,
        tolerance: toleranceOfPpm(config.tolerancePpm),
        meets,
        bestMovedSinceSubmission: bestUpdatedAt >= proposal.submittedAt,
        supersede: { bestAtSubmission, best, minImprovement: config.minImprovement, lowerIsBetter: config.lowerIsBetter },
      });
      if (verdict !== intended) log(`  ${item.spec.label}: measured ${item.verified} against the best ${best}, which implies ${verdict}, not ${intended} (a timing run on a busy machine)`);
      return verdict;
    };
    /**
     * A quorum project's review, as anyone and the drawn seats play it: requested, seats drawn from a
     * later block's hash, each seat commits the measurement (salted by its holder's signature, as the
     * app and the CLI do) and reveals it once all have committed, and the round closes on the median.
     * The outcome stands after the appeal window (`finalizeQuorumReviews`, later in the story).
     */
    const quorumReviews: Pending[] = [];
    async function reviewByQuorum(item: Pending) {
      await send("speculator3", ReviewQuorum.address, reviewQuorumAbi, "requestReview", [item.id]);
      const delay = await read<bigint>(ReviewQuorum.address, reviewQuorumAbi, "DRAW_DELAY_BLOCKS");
      await publicClient.request({ method: "hardhat_mine" as never, params: [`0x${(delay + 1n).toString(16)}`] as never });
      await send("speculator3", ReviewQuorum.address, reviewQuorumAbi, "drawSeats", [item.id]);
      const seats = await read<readonly { holder: Address }[]>(ReviewQuorum.address, reviewQuorumAbi, "seatsOf", [item.id]);
      const outlier = item.live.spec.outlierSeatOn === item.spec.label;
      const measurements = seats.map((_, seat) => ({
        ran: true,
        // a faulty rig measures less than a third of what the others do (outside any tolerance)
        score: outlier && seat === 0 ? (item.verified * 3n) / 10n : item.verified,
      }));
      const salts: Hex[] = [];
      const roles = seats.map(({ holder }) => BONDED_VERIFIERS.find((candidate) => account(candidate).address.toLowerCase() === holder.toLowerCase())!);
      for (const [seat, { holder }] of seats.entries()) {
        const role = roles[seat]!;
        const message = seatSaltMessage({ chainId: chain.id, quorum: ReviewQuorum.address, proposalId: item.id, seat: BigInt(seat) });
        salts[seat] = seatSaltOf(await account(role).signMessage({ message }));
        const { ran, score } = measurements[seat]!;
        const commitment = await read<Hex>(ReviewQuorum.address, reviewQuorumAbi, "scoreCommitmentOf", [item.id, BigInt(seat), holder, ran, score, salts[seat]]);
        await send(role, ReviewQuorum.address, reviewQuorumAbi, "commitScore", [item.id, BigInt(seat), commitment]);
      }
      for (const seat of seats.keys()) {
        const { ran, score } = measurements[seat]!;
        await send(roles[seat]!, ReviewQuorum.address, reviewQuorumAbi, "revealScore", [item.id, BigInt(seat), ran, score, salts[seat]]);
      }
      await send("speculator3", ReviewQuorum.address, reviewQuorumAbi, "closeRound", [item.id]);
      quorumReviews.push(item);
    }
    /** Once their appeal windows have passed, anyone finalizes the quorum reviews (in priority order, as approvals go). */
    async function finalizeQuorumReviews() {
      for (const item of quorumReviews.sort((a, b) => Number(a.id - b.id))) await finalizeAfterAppealWindow(item);
    }

    const byOutcome = (outcome: ProposalSpec["outcome"]) => pending.filter((item) => item.spec.outcome === outcome);
    for (const item of byOutcome("approve")) {
      await review(item, "approve");
      await buy(speculators[turn++ % speculators.length], item.live.token, 12n);
    }
    for (const item of byOutcome("supersede")) await review(item, "supersede");
    for (const item of byOutcome("reject")) await review(item, "reject");

    await finalizeQuorumReviews();

    // --- the unattended proposals run out of time; anyone may expire them (their stakes go back whole)
    const firstSubmitted = Math.min(...(await Promise.all(byOutcome("expire").map(async (item) => Number((await read<{ submittedAt: bigint }>(ProposalLedger.address, proposalLedgerAbi, "getProposal", [item.id])).submittedAt)))));
    const expiresAt = firstSubmitted + 7 * DAY + 2 * byOutcome("expire").length * HOUR;
    if ((await now()) < expiresAt) await advance(expiresAt - (await now()));
    for (const item of byOutcome("expire")) {
      await send("speculator3", ProposalLedger.address, proposalLedgerAbi, "expire", [item.id]);
    }

    // --- the last day (when the chain started in the past, jump to a day before the present)
    const lastDayStart = Math.floor(Date.now() / 1000) - 22 * HOUR;
    if ((await now()) < lastDayStart) await advance(lastDayStart - (await now()));
    // trading, profit taking, one verifier claims its review fees
    for (const [index, { token }] of [...live.values()].entries()) {
      await buy(speculators[index % speculators.length], token, BigInt(5 + index * 3));
      await advance(2 * HOUR);
      if (index % 2 === 0) await sell("speculator2", token, 4n);
    }
    const compression = live.get("compression")!;
    for (const role of verifiers) {
      const claimable = await read<bigint>(ProposalLedger.address, proposalLedgerAbi, "claimable", [compression.id, account(role).address]);
      if (claimable > 0n) {
        await send(role, ProposalLedger.address, proposalLedgerAbi, "claimReward", [compression.id]);
        break;
      }
    }
    // --- new proposals in the queue, some already claimed by a verifier
    for (const item of late) await submit(item);
    // (claims open once the ledger's commit window has passed since each submission)
    await advance(Number(await read<bigint>(ProposalLedger.address, proposalLedgerAbi, "COMMIT_WINDOW")));
    for (const item of byOutcome("reviewing")) {
      await send(verifiers[reviewer++ % verifiers.length], ProposalLedger.address, proposalLedgerAbi, "claimReview", [item.id]);
    }

    // --- end at the present (when the chain was started in the past)
    const behind = Math.floor(Date.now() / 1000) - (await now());
    if (behind > 0) await advance(behind);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return summary;
}

/**
 * The order proposals are submitted in: first the ones that will settle, those left to expire last
 * among them (the ledger approves a project's proposals in priority order, so an unattended
 * proposal ahead of an approval would hold it until it expired); then the open ones and those under
 * review, on the last day (a claim cannot be taken once a proposal is past expiry).
 */
function submissionOrder<T extends { proposal: ProposalSpec }>(items: T[]): { early: T[]; late: T[] } {
  const isLate = ({ proposal }: T) => proposal.outcome === "open" || proposal.outcome === "reviewing";
  const early = items.filter((item) => !isLate(item));
  early.sort((a, b) => Number(a.proposal.outcome === "expire") - Number(b.proposal.outcome === "expire"));
  return { early, late: items.filter(isLate) };
}

type Measured = { score: bigint; metrics: unknown; log: string };

const run = promisify(execFile);

/**
 * Runs benchmarks, two at a time: a project's benchmark bundle over its repository with `changes`
 * applied, `node bench.mjs` in a fresh folder under `workDir`; the score is the fixed-point integer
 * it printed last. The timing benchmarks measure CPU time of their own thread, so two at a time,
 * at a lower priority than the chain and the relay the seed waits on, measure what one at a time
 * on an idle machine would.
 */
function benchmarkRunner(workDir: string, concurrency = 2) {
  let running = 0;
  const waiting: Array<() => void> = [];
  async function measure(spec: ProjectSpec, changes: FileTree): Promise<Measured> {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      const dir = await mkdtemp(path.join(workDir, `${spec.key}-`));
      for (const [name, content] of Object.entries({ ...spec.repo, ...changes, ...spec.benchmarkBundle })) {
        await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
        await writeFile(path.join(dir, name), content);
      }
      const [command, ...args] = spec.benchmark.command.split(" ");
      const child = run(command === "node" ? process.execPath : command, args, { cwd: dir, timeout: spec.benchmark.limits.wallSeconds * 1000 });
      if (child.child.pid) setPriority(child.child.pid, 10);
      const result = await child.catch((error: Error & { stderr?: string }) => {
        throw new Error(`The ${spec.key} benchmark failed: ${error.stderr || error.message}`);
      });
      const score = BigInt(JSON.parse(result.stdout.trim().split("\n").pop()!).score);
      const metrics = JSON.parse(await readFile(path.join(dir, "metrics.json"), "utf8"));
      return { score, metrics, log: `$ ${spec.benchmark.command}\n${result.stdout}${result.stderr}` };
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  }
  return { measure };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const deployment = await readDeployment(process.env.SEED_NETWORK ?? "localhost");
  const rpcUrl = process.env.LOCAL_RPC_URL ?? "http://127.0.0.1:8545";
  const storageUrl = process.env.WEB_URL ?? "http://127.0.0.1:3000";
  const started = Date.now();
  const summary = await seedWorld({ rpcUrl, storageUrl, deployment, log: console.log });
  console.log(`Seeded ${summary.projects} projects, ${summary.proposals} proposals, ${summary.trades} trades, ${summary.uploads} artifacts in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
