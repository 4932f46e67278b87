/**
 * The CLI end to end against ONE real local stack (`node scripts/start.ts` on free ports: chain,
 * deploy, web app with the storage relay, the seeded world), every command run as a user would
 * (`bin/research.mjs` in a child process, dev-account keystores made with `research keystore
 * import`):
 *   - project 0 (the measured compression benchmark): `research submit` an honest proposal, a second
 *     honest one and an inflated one; `research verify` decides each (a single reviewer's verdict is
 *     appealable: it locks the reviewer's bond and waits out the appeal window, shown by `status
 *     --proposal`), and past the window `research verify` finalizes them in priority order: approves
 *     the better honest one (stake back + reward), rejects the inflated one (a review fee, the rest
 *     slashed: half burned, half to the fee fund), supersedes the other honest ones (stake back, no
 *     reward), one of them decided as an approval before the best moved and re-judged when final;
 *   - project 0, measured before claimed: `research checkout` (the approved tree, root-checked),
 *     `research bench` (the verdict a verifier would reach), `submit --measure` refusing a rejectable
 *     median, `verify --dry-run` (nothing sent), and a `research mine` session whose scripted agent
 *     (fixtures/compression/agent.mjs) reads the brief, measures with `bench`, improves the codec and
 *     submits, approved by `verify --watch` (the review record holds it); wallet-safety refusals
 *     (a shared passphrase file, a bad recipient, a spend cap) and a `--resume` of another project;
 *   - `research create` a project with tight sandbox limits, `research mine` it with a stand-in
 *     agent (kept/discarded trials, auto-submission);
 *   - bad inputs: CPU, wall-clock and memory limits, no score, a root that does not match the
 *     bytes, a proposal claimed by someone else, a wrong passphrase: each one line, no transaction
 *     sent (the verifier's nonce unchanged), the temporary directory gone;
 *   - escaping archives are the miner's fault: claimed and rejected with the reason;
 *   - `research verify --watch` skips what fails and decides the next one;
 *   - `research expire` after the review window, `research rewards` and `research claim`;
 *   - appeals: a verifier without the free bond a decision locks is refused in one sentence (nothing
 *     sent); a lazy reviewer's rejection of a valid claim is appealed with `research appeal` (refused
 *     without --yes off a terminal, and once the window closed), the three appeal seats drawn from the
 *     bonded dev accounts are driven by `research verify`, and their median overturns it: Approved,
 *     the reviewer's lock lost to the appellant;
 *   - with no keystore at all: `status` and `verify --list` (read-only) work, and `--dev-account
 *     <index>` acts as the seeded verifier.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { createPublicClient, createWalletClient, http, zeroAddress, type Address, type Hex, type PublicClient } from "viem";
import { mnemonicToAccount } from "viem/accounts";

import { projectRegistryAbi, projectTokenAbi, proposalLedgerAbi, reviewQuorumAbi, verifierRegistryAbi } from "@orm/protocol/generated/abis";
import { proposalStatus } from "@orm/protocol/generated/constants";
import { improvementOf } from "@orm/protocol/curve";
import { quoteNewProposalReward } from "@orm/protocol/ledger";
import { uploadArtifact } from "@orm/protocol/storage/client";
import { readDeployment } from "@orm/protocol/deployments";
import { startLocalStack, type LocalStack } from "@orm/scripts/lib/localStack";
import { DEV_MNEMONIC, devAddress, devPrivateKey, freshTmp, isEmptyDir, makeTar, ok, runCli, type CliRun } from "./helpers.ts";

const FIXTURE = path.join(import.meta.dirname, "fixtures/limits");
const COMPRESSION_AGENT = path.join(import.meta.dirname, "fixtures/compression/agent.mjs");
const PASSPHRASE = "correct horse battery staple";
const MINER = 4;
const MINER2 = 8;
const VERIFIER = 5;
const VERIFIER2 = 6;
const CREATOR = 1;

// ---------------------------------------------------------------- the stack

let stack: LocalStack | undefined;
let rpcUrl = "";
let webUrl = "";
let client: PublicClient;
let scratch = "";
let keystores: Record<number, string> = {};
/** The environment of a fresh checkout: an empty home (no ~/.research/keystore.json), no key settings. */
let noKeys: NodeJS.ProcessEnv = {};
let ledger: Address;
let registry: Address;
let quorum: Address;
let verifierRegistry: Address;

async function startStack(): Promise<void> {
  stack = await startLocalStack({ timeoutMs: 540_000 });
  webUrl = stack.webUrl;
  rpcUrl = stack.rpcUrl;
}

function cli(args: string[], who: number | undefined, env: NodeJS.ProcessEnv = {}, input?: string): Promise<CliRun> {
  return runCli([...(who !== undefined ? ["--keystore", keystores[who]] : []), ...args], {
    env: { RESEARCH_RPC_URL: rpcUrl, RESEARCH_WEB_URL: webUrl, RESEARCH_PASSPHRASE: PASSPHRASE, RESEARCH_REVIEW_RECORD: path.join(scratch, "reviews.jsonl"), RESEARCH_STATE_DIR: stateDir(), ...env },
    input,
  });
}

const readContract = <T>(address: Address, abi: unknown, functionName: string, args: unknown[] = []) =>
  client.readContract({ address, abi, functionName, args } as never) as Promise<T>;
const proposal = (id: bigint | string) => readContract<{ status: number; stake: bigint; verifiedAggregateScore: bigint; reviewer: Address }>(ledger, proposalLedgerAbi, "getProposal", [BigInt(id)]);
const balanceOf = (token: Address, who: number) => readContract<bigint>(token, projectTokenAbi, "balanceOf", [devAddress(who)]);
/** What approving `score` on `projectId` would mint now, by the project's schedule (the protocol's mirror). */
async function scheduledReward(projectId: bigint, score: bigint): Promise<bigint> {
  const [project, config] = await Promise.all([
    readContract<{ token: Address; baselineAggregateScore: bigint; currentBestAggregateScore: bigint }>(registry, projectRegistryAbi, "getProject", [projectId]),
    readContract<{ lowerIsBetter: boolean; rewardBps: number; impactTarget: bigint }>(registry, projectRegistryAbi, "getProjectConfig", [projectId]),
  ]);
  const minerPoolCap = await readContract<bigint>(project.token, projectTokenAbi, "minerPoolCap");
  const { baselineAggregateScore: baseline, currentBestAggregateScore: best } = project;
  return quoteNewProposalReward({
    rewardBps: config.rewardBps,
    impactTarget: config.impactTarget,
    minerPoolCap,
    progressBefore: improvementOf(baseline, best, config.lowerIsBetter),
    improvement: improvementOf(best, score, config.lowerIsBetter),
  });
}
const nonce = (who: number) => client.getTransactionCount({ address: devAddress(who) });
/** Where the CLI keeps a commitment's salt until its reveal lands (RESEARCH_STATE_DIR). */
const stateDir = () => path.join(scratch, "state");
const pendingCommitments = async () => readdir(path.join(stateDir(), "commitments")).catch(() => []);

/**
 * Moves the chain's clock past the commit window of every proposal so far: used where a test claims
 * right after submitting and waiting would only slow it (the mine sessions' reviews do wait it out).
 */
async function passCommitWindow(): Promise<void> {
  const window = await readContract<bigint>(ledger, proposalLedgerAbi, "COMMIT_WINDOW");
  await client.request({ method: "evm_increaseTime" as never, params: [Number(window) + 1] as never });
  await client.request({ method: "evm_mine" as never, params: [] as never });
}

/** Moves the chain's clock past the appeal window of every decision so far (`APPEAL_WINDOW`, ten minutes on the local stack). */
async function passAppealWindow(): Promise<void> {
  const window = await readContract<bigint>(quorum, reviewQuorumAbi, "APPEAL_WINDOW");
  await client.request({ method: "evm_increaseTime" as never, params: [Number(window) + 1] as never });
  await client.request({ method: "evm_mine" as never, params: [] as never });
}

/**
 * A single reviewer's verdict as `verify` reports it where reviews are appealable: decided, not
 * settled; the proposal held by the review quorum until the appeal window passes, the reviewer's
 * bond locked by the proposal's seat lock meanwhile.
 */
async function assertDecided(result: any, decision: string): Promise<void> {
  assert.equal(result.decision, decision);
  assert.equal(result.settled, false);
  assert.equal(result.status, "Reviewing");
  const p = await proposal(result.proposalId);
  assert.equal(p.status, proposalStatus.Reviewing);
  assert.equal(p.reviewer.toLowerCase(), quorum.toLowerCase(), "held by the review quorum");
  const review = await readContract<{ phase: number; deadline: bigint; seatLock: bigint }>(quorum, reviewQuorumAbi, "reviewOf", [BigInt(result.proposalId)]);
  assert.equal(review.phase, 4, "Decided");
  assert.equal(BigInt(result.pending.appealDeadline), review.deadline);
  assert.equal(BigInt(result.pending.seatLock), review.seatLock);
  assert.equal(BigInt(result.pending.appealBond), (review.seatLock * 3n) / 10n, "0.3 of the seat lock");
}

/** `research verify <id>` past the appeal window: it finalizes the decision (anyone may) and the proposal settles as `status`. */
async function finalizeByVerify(id: string, who: number, status: number): Promise<void> {
  const run = ok(await cli(["--json", "-q", "verify", id], who));
  assert.deepEqual(run.actions.map((a: { action: string }) => a.action), ["finalize"], JSON.stringify(run));
  assert.equal(run.phase, "Final");
  assert.equal((await proposal(id)).status, status);
}

before(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "cli-e2e-"));
  const emptyHome = path.join(scratch, "home");
  await mkdir(emptyHome);
  noKeys = { HOME: emptyHome, RESEARCH_KEYSTORE: undefined, RESEARCH_PASSPHRASE: undefined, RESEARCH_DEV_ACCOUNT: undefined };
  await startStack();
  const deployment = await readDeployment("localhost");
  ledger = deployment.contracts.ProposalLedger.address;
  registry = deployment.contracts.ProjectRegistry.address;
  quorum = deployment.contracts.ReviewQuorum.address;
  verifierRegistry = deployment.contracts.VerifierRegistry.address;
  client = createPublicClient({ transport: http(rpcUrl), pollingInterval: 50 }) as PublicClient;
  for (const index of [CREATOR, MINER, VERIFIER, VERIFIER2, MINER2]) {
    const file = path.join(scratch, `keystore-${index}.json`);
    const run = await runCli(["--json", "keystore", "import", "--out", file, "--scrypt-n", "1024"], { env: { RESEARCH_PASSPHRASE: PASSPHRASE }, input: `${devPrivateKey(index)}\n` });
    assert.equal(ok(run).address, devAddress(index));
    keystores[index] = file;
  }
});

after(async () => {
  if (stack) {
    await stack.stop();
  }
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

// ---------------------------------------------------------------- code for project 0

const brotli = (comment: string, params: string) => `// ${comment}
import zlib from "node:zlib";

const C = zlib.constants;
export function compress(input) {
  return zlib.brotliCompressSync(input, { params: ${params} });
}

export function decompress(packed) {
  return zlib.brotliDecompressSync(packed);
}
`;

async function codeDir(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(scratch, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "README.md"), "# text-squeeze\n\nA tiny text codec.\n");
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: "text-squeeze", version: "0.1.0", type: "module", private: true }, null, 2) + "\n");
  for (const [file, body] of Object.entries(files)) await writeFile(path.join(dir, file), body);
  return dir;
}

async function logFile(name: string, text: string): Promise<string> {
  const file = path.join(scratch, `${name}.log`);
  await writeFile(file, text);
  return file;
}

describe("research CLI against the local stack", { timeout: 900_000 }, () => {
  it("keystores: status needs none; a wrong passphrase is one line and sends nothing", async () => {
    const status = ok(await cli(["--json", "status"], undefined));
    assert.ok(status.projects.length >= 7);
    assert.equal(status.projects[0].symbol, "SQZ");
    // named by the protocol's title (read from the relay, root-checked), the token's name kept beside it
    assert.equal(status.projects[0].title, "Raise the compression ratio of a small text codec");
    assert.equal(status.projects[0].name, "Text compression ratio");
    const before = await nonce(VERIFIER);
    const tmp = await freshTmp("passphrase");
    const run = await cli(["-q", "verify", "--project", "0"], VERIFIER, { RESEARCH_PASSPHRASE: "wrong", TMPDIR: tmp });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^research: error: Wrong passphrase for the keystore .*keystore-5\.json\.\n$/);
    assert.equal(await nonce(VERIFIER), before);
    assert.ok(await isEmptyDir(tmp));
    await rm(tmp, { recursive: true });
  });

  it("no keystore: read-only commands ask for no key; --dev-account acts as a dev account", async () => {
    assert.ok(ok(await cli(["--json", "status", "0"], undefined, noKeys)).openProposals.length >= 1, "the seeded world has open proposals");
    const neutral = await cli(["--json", "verify", "--list"], undefined, noKeys);
    const list = ok(neutral);
    assert.equal(list.verifier, null, "no address: the neutral view");
    assert.equal(list.isVerifier, null);
    assert.ok(list.queue.some((item: { eligible: boolean; note: string }) => item.eligible && item.note === "open"));
    assert.doesNotMatch(neutral.stderr, /keystore|passphrase/i);
    const human = await cli(["verify", "--list"], undefined, noKeys);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^Verification queue \(\d+\) \(no address: --as <address> or --dev-account <index> shows what one may claim\)\n/);

    const asVerifier = await cli(["--json", "--dev-account", String(VERIFIER), "verify", "--list", "--project", "0"], undefined, noKeys);
    const mine = ok(asVerifier);
    assert.equal(mine.verifier, devAddress(VERIFIER));
    assert.equal(mine.isVerifier, true);
    assert.ok(mine.queue.length >= 1);
    assert.match(asVerifier.stderr, new RegExp(`dev account ${VERIFIER} \\(verifier\\) ${devAddress(VERIFIER)}`));
    const viaEnv = ok(await cli(["--json", "verify", "--list"], undefined, { ...noKeys, RESEARCH_DEV_ACCOUNT: String(VERIFIER2) }));
    assert.equal(viaEnv.verifier, devAddress(VERIFIER2));
    const asMiner = ok(await cli(["--json", "verify", "--list", "--as", devAddress(MINER).toLowerCase()], undefined, noKeys));
    assert.equal(asMiner.verifier, devAddress(MINER));
    assert.equal(asMiner.isVerifier, false);

    // A named keystore that is missing is refused, not silently replaced by the neutral view.
    const missing = await cli(["verify", "--list"], undefined, { ...noKeys, RESEARCH_KEYSTORE: path.join(scratch, "nowhere.json") });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^research: error: No keystore at .*nowhere\.json: pass --as <address> for another view/);
    // Signing without a key or a dev account still needs the keystore, and says so in one line.
    const unsigned = await cli(["-q", "verify", "--project", "0"], undefined, noKeys);
    assert.equal(unsigned.code, 1);
    assert.match(unsigned.stderr, /^research: error: No keystore at .*keystore\.json: create one with `research keystore create`/);
  });

  it("bond: anyone joins the bonded set without the owner, sees it, and leaves; less than the minimum is one sentence, nothing sent", async () => {
    // Dev account 7 (the second seeded creator): the seed bonds the others that are not miners or the deployer.
    const who = ["--dev-account", "7"];
    const before = ok(await cli(["--json", ...who, "bond"], undefined, noKeys));
    assert.equal(before.bonded, false);
    assert.equal(before.bond, "0");
    const minBond = BigInt(before.minBond);
    const nonceBefore = await client.getTransactionCount({ address: devAddress(7) });
    const short = await cli(["-q", ...who, "bond", "post", "0.05"], undefined, noKeys);
    assert.equal(short.code, 1);
    assert.match(short.stderr, /^research: error: postBond would fail: A bond of 0\.05 ETH is below the minimum of 0\.1 ETH: post at least the difference \(VerifierRegistryBondBelowMinimum\)\.\n$/);
    assert.equal(await client.getTransactionCount({ address: devAddress(7) }), nonceBefore, "nothing sent");
    const posted = ok(await cli(["--json", "-q", ...who, "bond", "post", "0.1"], undefined, noKeys));
    assert.equal(BigInt(posted.bond), minBond);
    assert.equal(posted.bonded, true);
    assert.equal(BigInt(posted.bondedCount), BigInt(before.bondedCount) + 1n);
    const human = await cli([...who, "bond"], undefined, noKeys);
    assert.match(human.stdout, new RegExp(`^${devAddress(7)}: bonded with 0\\.1 ETH\n`));
    const left = ok(await cli(["--json", "-q", ...who, "bond", "leave"], undefined, noKeys));
    assert.equal(left.bonded, false);
    assert.equal(BigInt(left.withdrawableAt), BigInt((await client.getBlock()).timestamp) + BigInt(left.unbondingDelay));
    const early = await cli(["-q", ...who, "bond", "withdraw"], undefined, noKeys);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /^research: error: withdrawBond would fail: The bond can be withdrawn from .* UTC, when its unbonding delay has passed \(VerifierRegistryWithdrawalNotYet\)\.\n$/);
  });

  it("project 0: approves in priority order (the seeded proposal first), rejects the inflated one, supersedes the overtaken ones", async () => {
    const project0 = await readContract<{ token: Address; currentBestAggregateScore: bigint }>(registry, projectRegistryAbi, "getProject", [0n]);
    const token = project0.token;
    assert.equal(project0.currentBestAggregateScore, 4_504_708n, "the seeded best: deflate level 9");
    // The seeded world leaves one proposal open on project 0 (brotli 11, by the miner): it came first.
    const seededQueue = ok(await cli(["--json", "verify", "--list", "--project", "0"], VERIFIER)).queue;
    assert.equal(seededQueue.length, 1);
    const seeded = seededQueue[0] as { id: string; miner: Address; codeRoot: Hex; stake: string };
    assert.equal(seeded.miner, devAddress(MINER));

    const better = await codeDir("brotli-11", { "compress.mjs": brotli("Brotli 11, text mode, 16 MiB window.", "{ [C.BROTLI_PARAM_QUALITY]: 11, [C.BROTLI_PARAM_MODE]: C.BROTLI_MODE_TEXT, [C.BROTLI_PARAM_LGWIN]: 24 }") });
    const good = await codeDir("brotli-10", { "compress.mjs": brotli("Brotli 10, text mode.", "{ [C.BROTLI_PARAM_QUALITY]: 10, [C.BROTLI_PARAM_MODE]: C.BROTLI_MODE_TEXT }") });
    const inflated = await codeDir("deflate-6", { "compress.mjs": 'import zlib from "node:zlib";\nexport const compress = (input) => zlib.deflateRawSync(input, { level: 6 });\nexport const decompress = (packed) => zlib.inflateRawSync(packed);\n' });

    // Submissions, each beating the best of now (deflate 9): a second honest one, a better one, an inflated one.
    const goodSub = ok(await cli(["--json", "submit", good, "--project", "0", "--fixed-score", "4805749", "--log", await logFile("good", '{"score": 4805749}\n'), "--stake", "6", "--buy"], MINER));
    const miner8Start = await balanceOf(token, MINER2);
    const betterSub = ok(await cli(["--json", "submit", better, "--project", "0", "--fixed-score", "4954214", "--log", await logFile("better", '{"score": 4954214}\n'), "--stake", "7", "--buy"], MINER2));
    const inflatedSub = ok(await cli(["--json", "submit", inflated, "--project", "0", "--score", "5.3", "--log", await logFile("inflated", '{"score": 5300000}\n'), "--stake", "8", "--buy", "--no-permit"], MINER));
    assert.equal(inflatedSub.claimedScore, "5300000", "--score is read in metric units");
    assert.match(goodSub.url, new RegExp(`^${webUrl}/proposals/${goodSub.proposalId}$`));
    assert.ok(inflatedSub.transactions.approve, "--no-permit approves first");
    // Each in one action: a commitment mined before the roots are uploaded, then the reveal; claims open after the commit window.
    for (const sub of [goodSub, betterSub, inflatedSub]) {
      assert.match(sub.commitment, /^0x[0-9a-f]{64}$/);
      assert.ok(sub.transactions.commit && sub.transactions.reveal, "commit, then reveal");
      const committed = await client.getTransactionReceipt({ hash: sub.transactions.commit });
      const revealed = await client.getTransactionReceipt({ hash: sub.transactions.reveal });
      assert.ok(committed.blockNumber < revealed.blockNumber, "the reveal lands in a later block");
      assert.equal(BigInt(sub.reviewableAt), await readContract<bigint>(ledger, proposalLedgerAbi, "reviewableAt", [BigInt(sub.proposalId)]));
    }
    assert.deepEqual(await pendingCommitments(), [], "each salt is deleted once revealed");
    assert.equal((await proposal(goodSub.proposalId)).status, 0);
    const miner8Submitted = await balanceOf(token, MINER2);
    assert.equal(miner8Submitted, miner8Start + BigInt(betterSub.bought) - 7n);
    // The queue is in priority order: the seeded proposal, then these three as they were committed.
    const ordered = ok(await cli(["--json", "verify", "--list", "--project", "0"], VERIFIER)).queue.map((item: { id: string }) => item.id);
    assert.deepEqual(ordered, [seeded.id, goodSub.proposalId, betterSub.proposalId, inflatedSub.proposalId]);

    // The same tree packs to the same bytes: a second submission of it is refused before anything is sent.
    const again = await cli(["-q", "submit", better, "--project", "0", "--fixed-score", "4954214", "--log", await logFile("again", "x\n")], MINER2);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`already submitted to project #0 as proposal #${betterSub.proposalId}`));
    // The claimed score is given once: --score (metric units) or --fixed-score (the benchmark's integer).
    const both = await cli(["-q", "submit", better, "--project", "0", "--score", "4.954214", "--fixed-score", "4954214", "--log", await logFile("both", "x\n")], MINER2);
    assert.equal(both.code, 1);
    assert.match(both.stderr, /^research: error: Give the claimed score once: --score 4\.954214 \(metric units\) or --fixed-score 4954214 .*, not both\.\n$/);

    // Decide: the seeded proposal (the queue's head) reproduces and beats the best by the minimum. The
    // decision settles nothing yet: it locks the reviewer's bond and waits out the appeal window.
    const lockedBefore = await readContract<bigint>(verifierRegistry, verifierRegistryAbi, "lockedBondOf", [devAddress(VERIFIER2)]);
    const approved = ok(await cli(["--json", "-q", "--dev-account", String(VERIFIER2), "verify", "--project", "0"], undefined, noKeys));
    assert.equal(approved.proposalId, seeded.id);
    await assertDecided(approved, "approve");
    assert.deepEqual(approved.measuredScores, ["4954214"]);
    const seatLock = await readContract<bigint>(quorum, reviewQuorumAbi, "seatLockOf", [BigInt(seeded.id)]);
    assert.equal(BigInt(approved.pending.seatLock), seatLock);
    assert.equal(await readContract<bigint>(verifierRegistry, verifierRegistryAbi, "lockedBondOf", [devAddress(VERIFIER2)]), lockedBefore + seatLock, "the seat lock of the reviewer's bond");
    assert.equal((await readContract<{ currentBestAggregateScore: bigint }>(registry, projectRegistryAbi, "getProject", [0n])).currentBestAggregateScore, 4_504_708n, "the best moves only when final");
    // status --proposal shows the pending decision: the verdict, the reviewer, the appeal deadline.
    const shown = ok(await cli(["--json", "status", "--proposal", seeded.id], undefined, noKeys));
    assert.equal(shown.status, "Reviewing");
    assert.equal(shown.review.decision.verdict, "Approved");
    assert.equal(shown.review.decision.reviewer, devAddress(VERIFIER2));
    assert.equal(shown.review.decision.appealDeadline, approved.pending.appealDeadline);
    assert.equal(shown.review.decision.appealable, true);
    const shownHuman = await cli(["status", "--proposal", seeded.id], undefined, noKeys);
    assert.match(shownHuman.stdout, new RegExp(`\n  review     decided by ${devAddress(VERIFIER2)}: Approved \\(measured 4\\.954214\\)\n  pending    until .* UTC \\(the appeal window; [\\d.]+ ETH of its bond locked\\); then anyone finalizes it \\(research verify ${seeded.id}\\)\n  appeal     open to anyone until then \\(research appeal ${seeded.id}\\)\n`));
    // Within the window, verify <id> has nothing to do and says until when it is pending; nothing is sent.
    const early = ok(await cli(["--json", "-q", "verify", seeded.id], VERIFIER));
    assert.deepEqual(early.actions, []);
    assert.match(early.due, /^open to appeal until .* UTC, final after that/);

    // Decisions need no priority order (the ledger applies it when they become final): the better honest
    // proposal is decided at once, as an approval, since the best has not moved yet.
    const betterDecided = ok(await cli(["--json", "-q", "verify", betterSub.proposalId, "--wait-earlier", "1"], VERIFIER));
    await assertDecided(betterDecided, "approve");
    const rejected = ok(await cli(["--json", "-q", "verify", inflatedSub.proposalId], VERIFIER2));
    await assertDecided(rejected, "reject");
    assert.equal(rejected.medianScore, "4460760");
    // The queue holds no decided proposal: they are the review quorum's until final.
    assert.deepEqual(ok(await cli(["--json", "verify", "--list", "--project", "0"], VERIFIER)).queue.map((item: { id: string }) => item.id), [goodSub.proposalId]);

    await passAppealWindow();
    // Final in priority order: the better one waits for the seeded one, which came first.
    const waits = ok(await cli(["--json", "-q", "verify", betterSub.proposalId], VERIFIER));
    assert.deepEqual(waits.actions, []);
    assert.match(waits.due, new RegExp(`^final once #${seeded.id}, earlier on its project and still open, is settled`));
    assert.equal((await proposal(betterSub.proposalId)).status, proposalStatus.Reviewing);

    // Final: the approval. The review fee comes from the project's fee fund while it lasts, else from the stake.
    const approvalFee = await readContract<bigint>(ledger, proposalLedgerAbi, "reviewFeeOf", [BigInt(seeded.id)]);
    const fundBefore = (await readContract<{ fund: bigint }>(ledger, proposalLedgerAbi, "getVerifierPool", [0n])).fund;
    const feeFromStake = approvalFee > fundBefore ? approvalFee - fundBefore : 0n;
    const reward = await scheduledReward(0n, 4_954_214n);
    assert.ok(reward > 0n, "the improvement earns part of the pool");
    const miner4BeforeApproval = await balanceOf(token, MINER);
    await finalizeByVerify(seeded.id, MINER, proposalStatus.Approved);
    assert.equal(await readContract<bigint>(verifierRegistry, verifierRegistryAbi, "lockedBondOf", [devAddress(VERIFIER2)]), lockedBefore + BigInt(rejected.pending.seatLock), "the rejection's lock is still held; the approval's was released");
    const p1 = await proposal(seeded.id);
    assert.equal(p1.verifiedAggregateScore, 4_954_214n);
    const best = await readContract<{ currentBestAggregateScore: bigint; currentBestCodeHash: Hex; currentBestMetricsHash: Hex }>(registry, projectRegistryAbi, "getProject", [0n]);
    assert.equal(best.currentBestAggregateScore, 4_954_214n);
    assert.equal(best.currentBestCodeHash, seeded.codeRoot);
    assert.equal(best.currentBestMetricsHash, approved.attestationRoot);
    assert.equal(await balanceOf(token, MINER), miner4BeforeApproval + BigInt(seeded.stake) - feeFromStake + reward, "stake back (less any fee the fund did not pay) + the schedule's reward for the improvement");
    // The attestation is an artifact: measured scores, environment, the log's root.
    const attestation = await (await fetch(`${webUrl}/api/storage/${approved.attestationRoot}`)).json();
    assert.equal(attestation.decision, "approve");
    assert.equal(attestation.logRoot, approved.logRoot);
    assert.match(attestation.environment.sandbox, /bubblewrap/);
    const verifierLog = await (await fetch(`${webUrl}/api/storage/${approved.logRoot}`)).text();
    assert.match(verifierLog, /\{"score":4954214\}/);

    // Final: the rejection. The inflated claim does not reproduce; the reviewer earns its fee from the
    // stake, and the rest is slashed, half burned, half (the odd token included) to the project's fee fund.
    const fee = await readContract<bigint>(ledger, proposalLedgerAbi, "reviewFeeOf", [BigInt(inflatedSub.proposalId)]);
    const slashed = 8n - fee;
    const supplyBefore = await readContract<bigint>(token, projectTokenAbi, "totalSupply");
    const poolBefore = await readContract<{ totalInflow: bigint }>(ledger, proposalLedgerAbi, "getVerifierPool", [0n]);
    const miner4Before = await balanceOf(token, MINER);
    await finalizeByVerify(inflatedSub.proposalId, VERIFIER2, proposalStatus.Rejected);
    assert.equal(await balanceOf(token, MINER), miner4Before, "no stake back");
    assert.equal(await readContract<bigint>(token, projectTokenAbi, "totalSupply"), supplyBefore - slashed / 2n, "half of the slash burned");
    const poolAfter = await readContract<{ totalInflow: bigint }>(ledger, proposalLedgerAbi, "getVerifierPool", [0n]);
    assert.equal(poolAfter.totalInflow, poolBefore.totalInflow + slashed - slashed / 2n, "the rest to the fee fund");
    assert.equal(await readContract<bigint>(verifierRegistry, verifierRegistryAbi, "lockedBondOf", [devAddress(VERIFIER2)]), lockedBefore, "every lock released");

    // Final: the better one, decided as an approval, is re-judged against the best of now: it equals
    // the new best, so it is superseded (stake back, no reward: no copy of it earns a second reward).
    await finalizeByVerify(betterSub.proposalId, VERIFIER, proposalStatus.Superseded);
    const betterFee = await readContract<bigint>(ledger, proposalLedgerAbi, "reviewFeeOf", [BigInt(betterSub.proposalId)]);
    assert.equal(await balanceOf(token, MINER2), miner8Submitted + 7n - betterFee);

    // Supersede: the other honest proposal reproduces, but the approval above overtook it.
    const superseded = ok(await cli(["--json", "-q", "verify", goodSub.proposalId], VERIFIER));
    await assertDecided(superseded, "supersede");
    await passAppealWindow();
    await finalizeByVerify(goodSub.proposalId, VERIFIER2, proposalStatus.Superseded);
    const p3 = await proposal(goodSub.proposalId);
    assert.equal(p3.verifiedAggregateScore, 4_805_749n);
    const supersedeFee = await readContract<bigint>(ledger, proposalLedgerAbi, "reviewFeeOf", [BigInt(goodSub.proposalId)]);
    assert.equal(await balanceOf(token, MINER), miner4Before + 6n - supersedeFee, "stake back less the review fee, no reward");
    const queue = ok(await cli(["--json", "verify", "--list", "--project", "0"], VERIFIER));
    assert.deepEqual(queue.queue, []);

    const status = ok(await cli(["--json", "status", "0"], undefined));
    assert.equal(status.best.score, "4954214");
    assert.equal(status.history.at(-1).codeRoot, seeded.codeRoot);
    assert.deepEqual(status.openProposals, []);
    const human = await cli(["status", "0"], undefined);
    assert.match(human.stdout, /best\s+4\.954214 by 0x/);
    assert.doesNotMatch(human.stdout, /\u001b\[/, "no colors when not a terminal");
  });

  it("project 0, measured before claimed: checkout, bench, verify --dry-run, submit --measure; a mine session with a scripted agent is approved by verify --watch", async () => {
    // A workspace of the current best: the code, the read-only bundle, the brief, the bench script.
    const ws = path.join(scratch, "ws0");
    const checkout = ok(await cli(["--json", "-q", "checkout", "0", "--dir", ws], undefined, noKeys));
    assert.equal(checkout.source, "current best code");
    const best = await readContract<{ currentBestCodeHash: Hex; currentBestAggregateScore: bigint }>(registry, projectRegistryAbi, "getProject", [0n]);
    assert.equal(checkout.codeRoot, best.currentBestCodeHash);
    assert.match(await readFile(path.join(ws, "program.md"), "utf8"), /a submission must score at least 5\.004214 x/);
    assert.match(await readFile(path.join(ws, "benchmark/bench.mjs"), "utf8"), /compress\(input\)/);
    // bench measures the checkout as verify would: the best code reproduces the best, and a verifier would reject it again.
    const bench = ok(await cli(["--json", "-q", "bench", ws], undefined, noKeys));
    assert.equal(bench.median, String(best.currentBestAggregateScore));
    assert.equal(bench.codeRoot, best.currentBestCodeHash, "the checkout packs to the very bytes that were approved");
    assert.equal(bench.verdict, "reject");
    assert.match(bench.reason, /does not beat the current best by the project's minimum/);
    // A directory that is no checkout, and a checkout named for another project: one sentence each.
    const stray = await cli(["-q", "bench", scratch], undefined, noKeys);
    assert.match(stray.stderr, /^research: error: .* is not a checkout of a project \(no \.research\/workspace\.json\): run `research checkout <project-id>` first, or pass --project <id>\.\n$/);
    const other = await cli(["-q", "bench", ws, "--project", "1"], undefined, noKeys);
    assert.match(other.stderr, /is a checkout of project #0, not of project #1\.\n$/);
    // submit --measure refuses what a verifier would reject, before anything is sent.
    const before = await nonce(MINER);
    const refused = await cli(["-q", "submit", ws, "--measure"], MINER);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /a verifier would reject it, so nothing was submitted\.\n$/);
    assert.equal(await nonce(MINER), before);

    // mine: the scripted agent reads the brief, measures with bench, and improves the codec.
    const workdir = path.join(scratch, "mine0");
    const agent = `${process.execPath} ${COMPRESSION_AGENT}`;
    const wallet = path.join(scratch, "passphrase");
    await writeFile(wallet, `${PASSPHRASE}\n`, { mode: 0o644 });
    const shared = await cli(["-q", "--passphrase-file", wallet, "mine", "0", "--agent", agent, "--workdir", workdir], MINER, { RESEARCH_PASSPHRASE: undefined });
    assert.match(shared.stderr, /^research: error: The passphrase file .* is readable by other users \(mode 644\); make it private with chmod 600\.\n$/);
    const badRecipient = await cli(["-q", "mine", "0", "--agent", agent, "--workdir", workdir, "--recipient", "0x123"], MINER);
    assert.match(badRecipient.stderr, /^research: error: "0x123" is not an address\.\n$/);
    const tooPoor = await cli(["-q", "mine", "0", "--agent", agent, "--workdir", workdir, "--auto-submit", "--buy", "--max-spend", "1000"], MINER);
    assert.match(tooPoor.stderr, /^research: error: A submission may cost up to \d+ wei .*more than --max-spend 1000\.\n$/);
    assert.equal(await nonce(MINER), before, "no transaction for any refusal");
    await rm(wallet);
    await writeFile(wallet, `${PASSPHRASE}\n`, { mode: 0o600 });
    const mined = ok(
      await cli(["--json", "-q", "--passphrase-file", wallet, "mine", "0", "--agent", agent, "--workdir", workdir, "--trials", "5", "--auto-submit", "--buy", "--stop-after-submit", "--recipient", devAddress(MINER2)], MINER, { RESEARCH_PASSPHRASE: undefined }),
    );
    assert.deepEqual(mined.trials.map((t: { kept: boolean }) => t.kept), [false, true], "trial 1 regresses and is discarded; trial 2 improves and is submitted");
    assert.equal(mined.stopReason, "stop-after-submit");
    assert.equal(mined.trials[1].hypothesis, "Words as tokens before Brotli: the text repeats a small vocabulary");
    assert.equal(mined.submitted.length, 1);
    const lines = (await readFile(path.join(workdir, "trials.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    assert.equal(lines.length, 2);
    assert.equal(lines[0].hypothesis, "Deflate at its fastest level may keep the ratio");
    assert.match(await readFile(path.join(workdir, lines[1].diff), "utf8"), /\+\/\/ Word-token transform/);
    assert.match(await readFile(path.join(workdir, lines[1].log), "utf8"), /# median of 1: /);
    assert.match(await readFile(path.join(workdir, "program.md"), "utf8"), /\| 2 \| Words as tokens before Brotli.* \| yes \| submitted #/);
    const id = mined.submitted[0].proposalId;
    const submitted = await readContract<{ rewardRecipient: Address; claimedAggregateScore: bigint }>(ledger, proposalLedgerAbi, "getProposal", [BigInt(id)]);
    assert.equal(submitted.rewardRecipient, devAddress(MINER2), "--recipient");
    // --resume continues only this project's session.
    const wrong = await cli(["-q", "mine", "1", "--agent", agent, "--workdir", workdir, "--resume"], MINER);
    assert.match(wrong.stderr, /holds a mining session of project #0, not of project #1; it cannot be resumed here\.\n$/);

    // verify --dry-run rehearses without a key and sends nothing; verify --watch decides the approval, final past the appeal window.
    const verifierBefore = await nonce(VERIFIER);
    const rehearsal = ok(await cli(["--json", "-q", "verify", "--dry-run", id], undefined, noKeys));
    assert.equal(rehearsal.decision, "approve");
    assert.equal(rehearsal.medianScore, String(submitted.claimedAggregateScore));
    assert.equal(await nonce(VERIFIER), verifierBefore);
    const watch = await cli(["--json", "-q", "verify", "--watch", "--project", "0", "--max", "1", "--interval", "1"], VERIFIER);
    assert.equal(watch.code, 0, watch.stderr);
    const settled = watch.stdout.trim().split("\n").map((line) => JSON.parse(line)).find((d) => d.ok === true && d.decision !== undefined);
    assert.equal(settled.proposalId, id);
    await assertDecided(settled, "approve");
    const record = (await readFile(path.join(scratch, "reviews.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    const entry = record.findLast((r: { proposalId: string }) => r.proposalId === id);
    assert.equal(entry.result, "approve");
    assert.equal(entry.transactions.approve, settled.transactions.approve);
    assert.equal(entry.roots.code, mined.trials[1].codeRoot);
    assert.equal(entry.appealDeadline, settled.pending.appealDeadline, "the record says until when the decision is pending");
    // Past the window, the node finalizes the decisions it made (--watch, like any quorum step that is due).
    await passAppealWindow();
    const finalizer = await cli(["--json", "-q", "verify", "--watch", "--project", "0", "--max", "1", "--interval", "1"], VERIFIER);
    assert.equal(finalizer.code, 0, finalizer.stderr);
    assert.ok(finalizer.stdout.includes('"action":"finalize"'), finalizer.stdout);
    assert.equal((await proposal(id)).status, proposalStatus.Approved);
    // A checkout of the approved proposal is the mined tree.
    const again = ok(await cli(["--json", "-q", "checkout", "0", "--proposal", id, "--dir", ws, "--force"], undefined, noKeys));
    assert.equal(again.codeRoot, mined.trials[1].codeRoot);
  });

  let limitsProject = "";
  /** A decision whose appeal window closed (the --watch test's rejection): appeals of it are refused. */
  let decidedLongAgo = "";

  it("create: measures the baseline in the sandbox and creates the project; mine: keeps improvements, discards regressions, submits", async () => {
    const created = ok(await cli(["--json", "-q", "create", path.join(FIXTURE, "repo"), "--protocol", path.join(FIXTURE, "protocol.json")], CREATOR));
    limitsProject = created.projectId;
    assert.equal(created.baselineScore, "1500000");
    assert.deepEqual(created.baselineScores, ["1500000", "1500000", "1500000"]);
    const config = await readContract<{ minImprovement: bigint; minStake: bigint; lowerIsBetter: boolean }>(registry, projectRegistryAbi, "getProjectConfig", [BigInt(limitsProject)]);
    assert.equal(config.minImprovement, 100_000n);
    assert.equal(config.lowerIsBetter, false);
    const protocol = await (await fetch(`${webUrl}/api/storage/${created.roots.protocol}`)).json();
    assert.equal(protocol.benchmarkPlan.baseline, 1.5);
    assert.equal((await fetch(created.url)).status < 500, true);

    const workdir = path.join(scratch, "mine");
    const agent = `${process.execPath} ${path.join(FIXTURE, "agent.mjs")}`;
    const mined = ok(await cli(["--json", "-q", "mine", limitsProject, "--agent", agent, "--trials", "3", "--workdir", workdir, "--auto-submit", "--buy"], MINER2));
    assert.deepEqual(mined.trials.map((t: { kept: boolean }) => t.kept), [true, false, true]);
    assert.equal(mined.loopBest, "2000000");
    assert.equal(mined.submitted.length, 2);
    const lines = (await readFile(path.join(workdir, "trials.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    assert.equal(lines.length, 3);
    assert.equal(lines[1].median, "1250000");
    assert.match(await readFile(path.join(workdir, "checkout/solve.mjs"), "utf8"), /return 2;/, "the discarded trial was rolled back, the kept ones stay");
    const claimed = await Promise.all(mined.submitted.map((s: { proposalId: string }) => readContract<{ claimedAggregateScore: bigint; status: number }>(ledger, proposalLedgerAbi, "getProposal", [BigInt(s.proposalId)])));
    assert.deepEqual(claimed.map((p) => [p.claimedAggregateScore, p.status]), [[1_750_000n, 0], [2_000_000n, 0]]);
    // Without --auto-submit and without a terminal, nothing is submitted.
    const asked = ok(await cli(["--json", "-q", "mine", limitsProject, "--agent", agent, "--trials", "1", "--workdir", path.join(scratch, "mine2")], MINER2));
    assert.equal(asked.submitted.length, 0);
    assert.match(asked.trials[0].submitted.skipped, /needs confirmation/);
    // Settle the mined ones so the bad-input proposals below are alone in the queue: decided now (the
    // human summary says so), final past the appeal window in priority order (the first improvement,
    // then the second over it).
    const [first, second] = mined.submitted.map((sub: { proposalId: string }) => sub.proposalId);
    const decided = await cli(["-q", "verify", first], VERIFIER);
    assert.equal(decided.code, 0, decided.stderr);
    assert.match(
      decided.stdout,
      new RegExp(
        `^Proposal #${first} decided: approve, pending until .* UTC \\(not settled yet\\): it reproduces and beats the current best by the project's minimum improvement\\.\n` +
          `  pending    the appeal window \\(\\d+ s\\); then anyone finalizes it: research verify ${first}\n` +
          `  bond       [\\d.]+ ETH of your verifier bond locked until it is final; lost to the appellant if an appeal changes the verdict\n` +
          `  appeal     anyone may appeal until then with [\\d.]+ ETH: research appeal ${first}\n`,
      ),
    );
    await assertDecided(ok(await cli(["--json", "-q", "verify", second], VERIFIER)), "approve");
    const pending = await cli(["-q", "verify", first], VERIFIER2);
    assert.match(pending.stdout, new RegExp(`^Proposal #${first} \\(project #${limitsProject}, one reviewer\\): decided; next: open to appeal until .* UTC, final after that \\(anyone finalizes it\\)\\.\n`));
    assert.match(pending.stdout, /\n  nothing was due from you; nothing was sent\n/);
    await passAppealWindow();
    await finalizeByVerify(first, VERIFIER2, proposalStatus.Approved);
    await finalizeByVerify(second, VERIFIER2, proposalStatus.Approved);
    assert.equal(await readContract<bigint>(registry, projectRegistryAbi, "currentBestAggregateScore", [BigInt(limitsProject)]), 2_000_000n);
  });

  describe("bad inputs: one line, no transaction, the temporary directory removed", () => {
    async function submitCode(name: string, solve: string): Promise<string> {
      const dir = path.join(scratch, `bad-${name}`);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, "solve.mjs"), solve);
      const run = ok(await cli(["--json", "-q", "submit", dir, "--project", limitsProject, "--fixed-score", "9000000", "--log", await logFile(name, "claimed\n"), "--buy"], MINER2));
      return run.proposalId;
    }

    /** Submits raw archive bytes as a code bundle (what a hostile miner could do without the CLI). */
    async function submitArchive(bytes: Uint8Array): Promise<string> {
      const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: MINER });
      const wallet = createWalletClient({ account, transport: http(rpcUrl), chain: { id: 31337, name: "local", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } } });
      const { root: codeRoot } = await uploadArtifact(bytes, { signer: account, endpoint: `${webUrl}/api/storage`, contentType: "application/x-tar" });
      const { root: logRoot } = await uploadArtifact(new TextEncoder().encode("log\n"), { signer: account, endpoint: `${webUrl}/api/storage` });
      const token = await readContract<Address>(registry, projectRegistryAbi, "tokenOf", [BigInt(limitsProject)]);
      const send = async (address: Address, abi: unknown, functionName: string, args: unknown[], value?: bigint) => {
        const hash = await wallet.writeContract({ address, abi, functionName, args, value } as never);
        assert.equal((await client.waitForTransactionReceipt({ hash })).status, "success");
      };
      if ((await balanceOf(token, MINER)) < 1n) {
        const cost = await readContract<bigint>(token, projectTokenAbi, "quoteBuyExact", [1n]);
        await send(token, projectTokenAbi, "buyExact", [1n, cost, BigInt(Math.floor(Date.now() / 1000) + 3600)], cost);
      }
      await send(token, projectTokenAbi, "approve", [ledger, 1n]);
      const id = await readContract<bigint>(ledger, proposalLedgerAbi, "nextProposalId");
      await send(ledger, proposalLedgerAbi, "submit", [BigInt(limitsProject), codeRoot, logRoot, 9_000_000n, 1n, zeroAddress]);
      return String(id);
    }

    async function expectRefusal(id: string, pattern: RegExp, extra: string[] = [], who = VERIFIER): Promise<void> {
      const tmp = await freshTmp(`bad-${id}`);
      const before = await nonce(who);
      const statusBefore = (await proposal(id)).status;
      const run = await cli(["-q", ...extra, "verify", id], who, { TMPDIR: tmp });
      assert.equal(run.code, 1, `expected a refusal:\n${run.stdout}\n${run.stderr}`);
      const lines = run.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, `one line:\n${run.stderr}`);
      assert.match(lines[0], /^research: error: /);
      assert.match(lines[0], pattern);
      assert.equal(await nonce(who), before, "no transaction sent");
      assert.equal((await proposal(id)).status, statusBefore, "the proposal is untouched");
      assert.ok(await isEmptyDir(tmp), "the temporary directory is removed");
      await rm(tmp, { recursive: true });
    }

    const ids: Record<string, string> = {};

    it("a benchmark over its CPU-time, wall-clock or memory limit, or printing no score", async () => {
      ids.cpu = await submitCode("cpu", "export function solve() { for (;;) {} }\n");
      ids.wall = await submitCode("wall", "export async function solve() { await new Promise((r) => setTimeout(r, 60_000)); return 9; }\n");
      ids.memory = await submitCode("memory", "export function solve() { const keep = []; for (;;) keep.push(Buffer.alloc(16 * 1024 * 1024, 1)); }\n");
      ids.noScore = await submitCode("noscore", 'export function solve() { return "nine"; }\n');
      await passCommitWindow();
      await expectRefusal(ids.cpu, /exceeded its CPU-time limit of 2 s and was stopped \(run 1 of 3\)\.$/);
      await expectRefusal(ids.wall, /exceeded its wall-clock limit of 8 s/);
      await expectRefusal(ids.memory, /exceeded its memory limit of 256 MiB/);
      await expectRefusal(ids.noScore, /printed no score/);
    });

    it("archives with paths escaping their directory (../, an absolute path, a symbolic link out) are rejected with the reason", async () => {
      const solve = { name: "solve.mjs", body: "export function solve() { return 9; }\n" };
      ids.dotdot = await submitArchive(await makeTar([solve, { name: "../../escape.txt", body: "x" }]));
      ids.absolute = await submitArchive(await makeTar([solve, { name: "/tmp/escape.txt", body: "x" }]));
      ids.symlink = await submitArchive(await makeTar([solve, { name: "hosts", type: "symlink", linkname: "../../../../etc/hosts" }]));
      await passCommitWindow();
      // The miner's fault, unambiguously: claimed and rejected with the reason in the attestation (final past the appeal window).
      const cases: Array<[string, RegExp]> = [
        [ids.dotdot, /code bundle has an entry "\.\.\/\.\.\/escape\.txt" that escapes its directory/],
        [ids.absolute, /code bundle has an entry "\/tmp\/escape\.txt" that is an absolute path/],
        [ids.symlink, /code bundle has a symbolic link "hosts" pointing outside its directory/],
      ];
      for (const [id, reason] of cases) {
        const tmp = await freshTmp(`escape-${id}`);
        const rejected = ok(await cli(["--json", "-q", "verify", id], VERIFIER, { TMPDIR: tmp }));
        assert.equal(rejected.decision, "reject");
        assert.match(rejected.reason, /^cannot be measured by the miner's doing: /);
        assert.match(rejected.reason, reason);
        assert.equal(rejected.medianScore, null);
        await assertDecided(rejected, "reject");
        const attestation = await (await fetch(`${webUrl}/api/storage/${rejected.attestationRoot}`)).json();
        assert.match(attestation.notes, reason);
        assert.match(attestation.minerFault, reason);
        assert.ok(await isEmptyDir(tmp), "the temporary directory is removed");
        await rm(tmp, { recursive: true });
      }
      await passAppealWindow();
      for (const [id] of cases) await finalizeByVerify(id, VERIFIER, proposalStatus.Rejected);
    });

    it("a root that does not match the downloaded bytes", async () => {
      ids.honest = await submitCode("honest", "export function solve() { return 2.5; }\n");
      await passCommitWindow();
      const code = (await readContract<{ codeHash: Hex }>(ledger, proposalLedgerAbi, "getProposal", [BigInt(ids.honest)])).codeHash;
      // A relay that serves the code bundle with one byte flipped.
      const proxy: Server = createHttpServer(async (req, res) => {
        const upstream = await fetch(`${webUrl}${req.url}`);
        const body = new Uint8Array(await upstream.arrayBuffer());
        if (req.url?.endsWith(code)) body[body.length >> 1] ^= 0xff;
        res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/octet-stream", "content-length": body.length });
        res.end(body);
      });
      proxy.listen(0, "127.0.0.1");
      await once(proxy, "listening");
      try {
        const { port } = proxy.address() as AddressInfo;
        await expectRefusal(ids.honest, /The code bundle does not match its root: the relay's bytes hash to 0x[0-9a-f]{64}, not 0x/, ["--web", `http://127.0.0.1:${port}`]);
      } finally {
        proxy.close();
      }
    });

    it("a proposal already claimed by someone else", async () => {
      const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: VERIFIER2 });
      const wallet = createWalletClient({ account, transport: http(rpcUrl), chain: { id: 31337, name: "local", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } } });
      const hash = await wallet.writeContract({ address: ledger, abi: proposalLedgerAbi, functionName: "claimReview", args: [BigInt(ids.noScore)] } as never);
      await client.waitForTransactionReceipt({ hash });
      await expectRefusal(ids.noScore, new RegExp(`Proposal #${ids.noScore} is already claimed by ${devAddress(VERIFIER2)} \\(review lock until `));
    });

    it("--watch skips what fails (one line each) and decides the next one", async () => {
      const before = await nonce(VERIFIER);
      const run = await cli(["--json", "-q", "verify", "--watch", "--project", limitsProject, "--max", "1", "--interval", "1"], VERIFIER);
      assert.equal(run.code, 0, run.stderr);
      const documents = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
      const failed = documents.filter((d) => d.ok === false).map((d) => d.proposalId);
      assert.deepEqual(failed, [ids.cpu, ids.wall, ids.memory]);
      assert.ok(documents.filter((d) => d.ok === false).every((d) => d.retry === false), "limits are not retried");
      const settled = documents.find((d) => d.ok === true && d.decision !== undefined);
      assert.equal(settled.proposalId, ids.honest);
      assert.equal(settled.decision, "reject", "claimed 9, measured 2.5");
      assert.equal(await nonce(VERIFIER), before + 2, "claimReview + reject, nothing for the failures");
      await assertDecided(settled, "reject");
      decidedLongAgo = ids.honest;
      const record = (await readFile(path.join(scratch, "reviews.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
      assert.equal(record.findLast((r: { proposalId: string }) => r.proposalId === ids.cpu).result, "skipped");
      assert.match(record.findLast((r: { proposalId: string }) => r.proposalId === ids.cpu).reason, /CPU-time limit/);
    });

    it("expire cranks what lapsed (stakes back whole); rewards and claim collect the review fees", async () => {
      const tooEarly = await cli(["-q", "expire", ids.cpu], VERIFIER);
      assert.match(tooEarly.stderr, new RegExp(`^research: error: Proposal #${ids.cpu} has not lapsed: its review window ends .*; nothing was sent\\.\\n$`));
      const window = await readContract<bigint>(ledger, proposalLedgerAbi, "EXPIRY_WINDOW");
      await client.request({ method: "evm_increaseTime" as never, params: [Number(window) + 86_400] as never });
      await client.request({ method: "evm_mine" as never, params: [] as never });
      const expired = ok(await cli(["--json", "-q", "expire", "--project", limitsProject], VERIFIER2));
      const expiredIds = expired.expired.map((e: { proposalId: string }) => e.proposalId);
      for (const id of [ids.cpu, ids.wall, ids.memory, ids.noScore]) {
        assert.ok(expiredIds.includes(id), `#${id} expired`);
        assert.equal((await proposal(id)).status, 4, "Expired");
      }
      const nothing = ok(await cli(["--json", "-q", "expire", "--project", limitsProject], VERIFIER2));
      assert.deepEqual(nothing.expired, []);

      const rewards = ok(await cli(["--json", "-q", "rewards", "--as", devAddress(VERIFIER), "--project", limitsProject], undefined, noKeys));
      const owed = BigInt(rewards.rewards[0]?.claimable ?? 0);
      assert.ok(owed > 0n, "the reviews settled here earned their fees");
      const token = await readContract<Address>(registry, projectRegistryAbi, "tokenOf", [BigInt(limitsProject)]);
      const held = await balanceOf(token, VERIFIER);
      const claimed = ok(await cli(["--json", "-q", "claim", "--project", limitsProject], VERIFIER));
      assert.equal(claimed.claimed[0].amount, String(owed));
      assert.equal(await balanceOf(token, VERIFIER), held + owed);
      assert.deepEqual(ok(await cli(["--json", "-q", "rewards", "--project", limitsProject], VERIFIER)).rewards, []);
    });

    it("submit stopped after its commitment: a rerun only uploads and reveals; once the commitment lapsed, it commits anew and says so; a late reveal says what to do", async () => {
      const submitArgs = async (name: string) => {
        const dir = path.join(scratch, `resume-${name}`);
        await mkdir(dir, { recursive: true });
        await writeFile(path.join(dir, "solve.mjs"), `// ${name}\nexport function solve() { return 9; }\n`);
        return ["submit", dir, "--project", limitsProject, "--fixed-score", "9000000", "--log", await logFile(`resume-${name}`, "claimed\n"), "--buy"];
      };
      // A relay that does not answer: the commitment is mined, the upload fails, the salt stays on disk.
      const deadRelay = ["--web", "http://127.0.0.1:9"];
      const open = await submitArgs("open");
      const stopped = await cli(["-q", ...deadRelay, ...open], MINER2);
      assert.equal(stopped.code, 1);
      assert.match(stopped.stderr, /^research: error: The code bundle could not be uploaded: /);
      assert.equal((await pendingCommitments()).length, 1, "the salt is kept");
      const afterCommit = await nonce(MINER2);
      const resumed = await cli(["--json", ...open], MINER2);
      const revealed = ok(resumed);
      assert.match(resumed.stderr, /resuming the open commitment of /);
      assert.equal(revealed.transactions.commit, undefined, "no second commitment");
      assert.ok(revealed.transactions.reveal);
      assert.equal(await nonce(MINER2), afterCommit + 1, "the reveal only");
      assert.deepEqual(await pendingCommitments(), [], "the salt is deleted once revealed");

      const lapsed = await submitArgs("lapsed");
      assert.equal((await cli(["-q", ...deadRelay, ...lapsed], MINER2)).code, 1);
      await passCommitWindow();
      const anew = await cli(["--json", ...lapsed], MINER2);
      const recommitted = ok(anew);
      assert.match(anew.stderr, /the commitment of .* lapsed unrevealed at .* \(its priority is gone\); committing anew/);
      assert.ok(recommitted.transactions.commit && recommitted.transactions.reveal);
      assert.deepEqual(await pendingCommitments(), []);

      // A reveal after the window: a relay in front of the real one that lets the chain's clock pass
      // the window while the first upload is on its way.
      let clockPassed = false;
      const slowRelay: Server = createHttpServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        if (req.method !== "GET" && !clockPassed) {
          clockPassed = true;
          await passCommitWindow();
        }
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !["host", "connection", "content-length"].includes(name))) as Record<string, string>;
        const upstream = await fetch(`${webUrl}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
        res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
      slowRelay.listen(0, "127.0.0.1");
      await once(slowRelay, "listening");
      try {
        const late = await submitArgs("late");
        const tooLate = await cli(["-q", "--web", `http://127.0.0.1:${(slowRelay.address() as AddressInfo).port}`, ...late], MINER2);
        assert.equal(tooLate.code, 1);
        assert.match(tooLate.stderr, /^research: error: The reveal came too late: the commitment's window of \d+ s closed, so its priority is gone; run the same command again to commit anew \(the artifacts are stored already\)\.\n$/);
        assert.ok(clockPassed);
        const again = ok(await cli(["--json", "-q", ...late], MINER2));
        assert.ok(again.transactions.commit && again.transactions.reveal, "the rerun commits anew");
      } finally {
        slowRelay.close();
      }
      assert.deepEqual(await pendingCommitments(), []);
    });
  });

  describe("appeals: a decision is backed by the reviewer's bond, and an appeal's seats can overturn it", () => {
    /** A fresh allowlisted verifier with no bond (beyond the ten dev accounts). */
    const UNBONDED = 10;
    let projectId = "";
    let proposalId = "";
    const wallet = (index: number) =>
      createWalletClient({ account: mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }), transport: http(rpcUrl), chain: { id: 31337, name: "local", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } } });
    const send = async (index: number, address: Address, abi: unknown, functionName: string, args: unknown[], value?: bigint) => {
      const hash = await wallet(index).writeContract({ address, abi, functionName, args, value } as never);
      assert.equal((await client.waitForTransactionReceipt({ hash })).status, "success");
    };
    /** One line on stderr, exit code 1, no transaction from `who`. */
    async function expectOneLine(args: string[], who: number, pattern: RegExp): Promise<void> {
      const before = await nonce(who);
      const run = await cli(["-q", ...args], who);
      assert.equal(run.code, 1, `expected a refusal:\n${run.stdout}\n${run.stderr}`);
      assert.equal(run.stderr.trimEnd().split("\n").length, 1, `one line:\n${run.stderr}`);
      assert.match(run.stderr.trimEnd(), pattern);
      assert.equal(await nonce(who), before, "no transaction sent");
    }

    it("a verifier without the free bond a decision locks is refused in one sentence; nothing is sent", async () => {
      // A project of its own (one reviewer), so no earlier open proposal holds up its approval.
      const created = ok(await cli(["--json", "-q", "create", path.join(FIXTURE, "repo"), "--protocol", path.join(FIXTURE, "protocol.json"), "--symbol", "APL"], CREATOR));
      projectId = String(created.projectId);
      const code = path.join(scratch, "appeal-code");
      await mkdir(code, { recursive: true });
      await writeFile(path.join(code, "solve.mjs"), "// appealed\nexport function solve() { return 2; }\n");
      proposalId = ok(await cli(["--json", "-q", "submit", code, "--project", projectId, "--score", "2", "--log", await logFile("appeal", '{"score": 2000000}\n'), "--buy"], MINER2)).proposalId;
      await passCommitWindow();

      // The registry's owner allowlists a fresh account that never bonded.
      const fresh = devAddress(UNBONDED);
      const funded = await wallet(0).sendTransaction({ to: fresh, value: 10n ** 19n });
      await client.waitForTransactionReceipt({ hash: funded });
      await send(0, verifierRegistry, verifierRegistryAbi, "addVerifier", [fresh]);
      keystores[UNBONDED] = path.join(scratch, `keystore-${UNBONDED}.json`);
      ok(await runCli(["--json", "keystore", "import", "--out", keystores[UNBONDED], "--scrypt-n", "1024"], { env: { RESEARCH_PASSPHRASE: PASSPHRASE }, input: `${devPrivateKey(UNBONDED)}\n` }));
      const tmp = await freshTmp("bond-short");
      const before = await nonce(UNBONDED);
      const run = await cli(["-q", "verify", proposalId], UNBONDED, { TMPDIR: tmp });
      assert.equal(run.code, 1, run.stdout);
      assert.match(
        run.stderr,
        new RegExp(`^research: error: Deciding proposal #${proposalId} locks [\\d.]+ ETH of your verifier bond until its appeal window has passed, and ${fresh} has 0 ETH free: post at least [\\d.]+ ETH more \\(research bond post [\\d.]+\\) and run it again; nothing was sent\\.\n$`),
      );
      assert.equal(await nonce(UNBONDED), before, "nothing sent");
      assert.equal((await proposal(proposalId)).status, proposalStatus.Submitted);
      assert.ok(await isEmptyDir(tmp), "nothing measured, nothing left behind");
      await rm(tmp, { recursive: true });
    });

    it("research appeal: refused before a decision, without --yes off a terminal, once the window closed; then it posts the bond and reports the draw block", async () => {
      await expectOneLine(["appeal", proposalId, "--yes"], MINER2, new RegExp(`^research: error: appeal would fail: Proposal #${proposalId}'s review is not started, so that step does not apply now \\(ReviewQuorumWrongPhase\\)\\.$`));
      // A lazy reviewer rejects the valid claim without running it (sent directly, as any client could).
      await send(VERIFIER2, ledger, proposalLedgerAbi, "claimReview", [BigInt(proposalId)]);
      await send(VERIFIER2, ledger, proposalLedgerAbi, "reject", [BigInt(proposalId), `0x${"11".repeat(32)}`]);
      const shown = ok(await cli(["--json", "status", "--proposal", proposalId], undefined, noKeys));
      assert.equal(shown.review.decision.verdict, "Rejected");
      assert.equal(shown.review.decision.reviewer, devAddress(VERIFIER2));
      assert.equal(shown.review.decision.appealable, true);

      await expectOneLine(["appeal", proposalId], MINER2, new RegExp(`^research: error: Appealing proposal #${proposalId} costs a bond of [\\d.]+ ETH and needs a confirmation: run it on a terminal, or pass --yes; nothing was sent\\.$`));
      await expectOneLine(["appeal", decidedLongAgo, "--yes"], MINER2, /^research: error: appeal would fail: The appeal window closed at .* UTC \(ReviewQuorumAppealClosed\)\.$/);
      // (that one is due: anyone finalizes it)
      await finalizeByVerify(decidedLongAgo, MINER2, proposalStatus.Rejected);

      const review = await readContract<{ seatLock: bigint }>(quorum, reviewQuorumAbi, "reviewOf", [BigInt(proposalId)]);
      const appealed = await cli(["--json", "appeal", proposalId, "--yes"], MINER2);
      const result = ok(appealed);
      assert.match(appealed.stderr, new RegExp(`Appealing proposal #${proposalId}'s rejection by ${devAddress(VERIFIER2)} costs a bond of [\\d.]+ ETH, paid to the 3 fresh verifiers who re-run it whatever they find; their median is final, and if it changes the verdict, the reviewer's [\\d.]+ ETH lock is yours\\.`));
      assert.equal(BigInt(result.bond), (review.seatLock * 3n) / 10n);
      assert.equal(result.seats, 3);
      assert.equal(result.appellant, devAddress(MINER2));
      const after = await readContract<{ phase: number; round: number; drawBlock: bigint; appellant: Address }>(quorum, reviewQuorumAbi, "reviewOf", [BigInt(proposalId)]);
      assert.equal(after.phase, 1, "Drawing");
      assert.equal(after.round, 1);
      assert.equal(BigInt(result.drawBlock), after.drawBlock);
      // One appeal round per review: a second appeal finds the review drawing its seats.
      await expectOneLine(["appeal", proposalId, "--yes"], MINER2, new RegExp(`^research: error: appeal would fail: Proposal #${proposalId}'s review is waiting for its reviewers to be drawn, so that step does not apply now \\(ReviewQuorumWrongPhase\\)\\.$`));
      const human = await cli(["status", "--proposal", proposalId], undefined, noKeys);
      assert.match(human.stdout, new RegExp(`\n  appeal     by ${devAddress(MINER2)} \\(bond [\\d.]+ ETH\\): 3 fresh seats, drawn once block ${after.drawBlock} is mined\n`));
    });

    it("the three appeal seats, bonded dev accounts, are driven by research verify; their median overturns the rejection: the reviewer's lock goes to the appellant", async () => {
      const id = BigInt(proposalId);
      const { seatLock } = await readContract<{ seatLock: bigint }>(quorum, reviewQuorumAbi, "reviewOf", [id]);
      const [reviewerBond] = await readContract<readonly [bigint, bigint]>(verifierRegistry, verifierRegistryAbi, "bondOf", [devAddress(VERIFIER2)]);
      // A local node mines only with transactions: mine past the draw block, then anyone draws.
      const delay = await readContract<bigint>(quorum, reviewQuorumAbi, "DRAW_DELAY_BLOCKS");
      await client.request({ method: "hardhat_mine" as never, params: [`0x${(Number(delay) + 1).toString(16)}`] as never });
      const drawn = ok(await cli(["--json", "-q", "verify", proposalId], MINER2));
      assert.ok(drawn.actions.some((a: { action: string }) => a.action === "drawSeats"), JSON.stringify(drawn));
      const owedBefore = await readContract<bigint>(quorum, reviewQuorumAbi, "owedTo", [devAddress(MINER2)]);
      const seats = await readContract<readonly { holder: Address; round: number }[]>(quorum, reviewQuorumAbi, "seatsOf", [id]);
      assert.equal(seats.length, 4, "the reviewer's seat and three appeal seats");
      // The seeded bonded accounts (scripts/seed.ts BONDED_VERIFIERS) but the reviewer, the miner and the creator.
      const holders = seats.slice(1).map(({ holder }) => [2, 3, 5, 9].find((index) => devAddress(index) === holder));
      assert.ok(holders.every((index) => index !== undefined), `every appeal seat is a bonded dev account: ${seats.map((s) => s.holder)}`);
      const asHolder = (index: number) => cli(["--json", "-q", "--dev-account", String(index), "verify", proposalId], undefined, noKeys);
      // Each holder measures and commits; once all committed, each reveals; the last reveal closes the round, which is final.
      for (let pass = 0; pass < 2 && (await proposal(proposalId)).status === proposalStatus.Reviewing; pass++) {
        for (const holder of new Set(holders as number[])) {
          if ((await proposal(proposalId)).status !== proposalStatus.Reviewing) break;
          const run = ok(await asHolder(holder));
          for (const commit of run.actions.filter((a: { action: string }) => a.action === "commitScore")) assert.equal(commit.score, "2000000");
        }
      }
      const settled = await readContract<{ status: number; verifiedAggregateScore: bigint }>(ledger, proposalLedgerAbi, "getProposal", [id]);
      assert.equal(settled.status, proposalStatus.Approved, "overturned: the appeal's median reproduces the claim");
      assert.equal(settled.verifiedAggregateScore, 2_000_000n);
      assert.equal((await readContract<readonly [bigint, bigint]>(verifierRegistry, verifierRegistryAbi, "bondOf", [devAddress(VERIFIER2)]))[0], reviewerBond - seatLock, "the reviewer lost its whole lock");
      assert.equal(await readContract<bigint>(quorum, reviewQuorumAbi, "owedTo", [devAddress(MINER2)]), owedBefore + seatLock, "to the appellant");
      const human = await cli(["status", "--proposal", proposalId], undefined, noKeys);
      assert.match(human.stdout, /\n  final      settled on the appeal round's median/);
    });
  });
});
