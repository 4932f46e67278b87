/**
 * Quorum review through the CLI against ONE real local stack (`node scripts/start.ts` on free ports):
 *   - `research create --quorum 3` creates a project reviewed by three seats (the config on-chain);
 *   - three fresh accounts join the bonded verifiers with `research bond post` (beside the seeded five);
 *   - `research submit` a proposal that improves the baseline (the stake defaults to 3 × minStake);
 *   - `research verify <id>` requests the review, then (once the draw block is mined) draws the seats;
 *     each drawn holder's `research verify <id>` measures in the sandbox and commits; `--list` shows
 *     the seats; a holder whose seat record is gone is told so in one sentence, and a wrong `--score`
 *     is refused, neither sending anything; the right one reveals; the last reveal closes the round;
 *   - past the appeal window, `research verify <id>` finalizes (and withdraws the pay owed): the
 *     proposal is Approved on-chain with the measured score as the project's best.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { createPublicClient, createWalletClient, getAddress, http, parseEther, type Address, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { projectRegistryAbi, proposalLedgerAbi, reviewQuorumAbi } from "@orm/protocol/generated/abis";
import { proposalStatus, reviewPhase } from "@orm/protocol/generated/constants";
import { readDeployment } from "@orm/protocol/deployments";
import { startLocalStack, type LocalStack } from "@orm/scripts/lib/localStack";
import { devAddress, devPrivateKey, ok, runCli, type CliRun } from "./helpers.ts";

const FIXTURE = path.join(import.meta.dirname, "fixtures/limits");
const PASSPHRASE = "correct horse battery staple";
const CREATOR = 1;
const MINER = 4;
/** Fresh accounts (beyond the ten dev accounts) that join the bonded verifiers with `research bond`. */
const NEW_VERIFIERS = [10, 11, 12];
/** The seeded bonded verifiers (scripts/seed.ts BONDED_VERIFIERS): a draw may seat them too. */
const SEEDED_BONDED = [5, 6, 2, 3, 9];

let stack: LocalStack | undefined;
let rpcUrl = "";
let webUrl = "";
let client: PublicClient;
let scratch = "";
const keystores = new Map<number, string>();
let ledger: Address;
let registry: Address;
let quorum: Address;

const stateDir = () => path.join(scratch, "state");

function cli(args: string[], who: number | undefined, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runCli([...(who !== undefined ? ["--keystore", keystores.get(who)!] : []), ...args], {
    env: {
      RESEARCH_RPC_URL: rpcUrl,
      RESEARCH_WEB_URL: webUrl,
      RESEARCH_PASSPHRASE: PASSPHRASE,
      RESEARCH_REVIEW_RECORD: path.join(scratch, "reviews.jsonl"),
      RESEARCH_STATE_DIR: stateDir(),
      RESEARCH_DEV_ACCOUNT: undefined,
      ...env,
    },
  });
}

const readContract = <T>(address: Address, abi: unknown, functionName: string, args: unknown[] = []) =>
  client.readContract({ address, abi, functionName, args } as never) as Promise<T>;
const rpc = (method: string, params: unknown[] = []) => client.request({ method: method as never, params: params as never });
const addressOf = (index: number) => getAddress(devAddress(index));
const nonce = (index: number) => client.getTransactionCount({ address: addressOf(index) });

before(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "cli-quorum-"));
  stack = await startLocalStack({ timeoutMs: 540_000 });
  rpcUrl = stack.rpcUrl;
  webUrl = stack.webUrl;
  const deployment = await readDeployment("localhost");
  ledger = deployment.contracts.ProposalLedger.address;
  registry = deployment.contracts.ProjectRegistry.address;
  quorum = deployment.contracts.ReviewQuorum.address;
  client = createPublicClient({ transport: http(rpcUrl), pollingInterval: 50 }) as PublicClient;
  // Fund the fresh accounts from the deployer (dev account 0).
  const chain = { id: await client.getChainId(), name: "local", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } };
  const funder = createWalletClient({ account: privateKeyToAccount(devPrivateKey(0)), chain, transport: http(rpcUrl) });
  for (const index of NEW_VERIFIERS) {
    await client.waitForTransactionReceipt({ hash: await funder.sendTransaction({ to: addressOf(index), value: parseEther("20") }) });
  }
  for (const index of [CREATOR, MINER, ...NEW_VERIFIERS, ...SEEDED_BONDED]) {
    const file = path.join(scratch, `keystore-${index}.json`);
    const run = await runCli(["--json", "keystore", "import", "--out", file, "--scrypt-n", "1024"], { env: { RESEARCH_PASSPHRASE: PASSPHRASE }, input: `${devPrivateKey(index)}\n` });
    assert.equal(ok(run).address, addressOf(index));
    keystores.set(index, file);
  }
});

after(async () => {
  if (stack) await stack.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** The quorum project the tests create. */
let projectId = "";

/** `research submit` (by the miner, stake by default) of a solve() returning `value`, claimed as measured. */
async function submitSolve(name: string, value: number): Promise<any> {
  const code = path.join(scratch, name);
  await mkdir(code, { recursive: true });
  await writeFile(path.join(code, "README.md"), `# ${name}\n`);
  await writeFile(path.join(code, "solve.mjs"), `export function solve() {\n  return ${value};\n}\n`);
  const log = path.join(scratch, `${name}.log`);
  await writeFile(log, `{"score": ${Math.round(value * 1e6)}}\n`);
  return ok(await cli(["--json", "-q", "submit", code, "--project", projectId, "--score", String(value), "--log", log, "--buy"], MINER));
}

/**
 * Past the proposal's commit window, `research verify <id>` as the creator (never seated on its own
 * project, so it only moves the review on): it requests the review; once the draw block is mined (mined here; the local stack may mine it
 * first, and then the same run draws) it draws the seats.
 */
async function requestAndDraw(id: string): Promise<void> {
  // Past the proposal's commit window (the ledger's), so its review may be requested.
  const window = await readContract<bigint>(ledger, proposalLedgerAbi, "COMMIT_WINDOW");
  await rpc("evm_increaseTime", [Number(window) + 1]);
  await rpc("evm_mine");
  const requested = ok(await cli(["--json", "-q", "verify", id], CREATOR));
  const first = requested.actions.map((a: { action: string }) => a.action);
  assert.equal(first[0], "requestReview");
  if (first.length === 1) assert.match(requested.due, /^seats are drawn once block \d+ is mined$/);
  // A local node mines only with transactions: mine past the draw block.
  const delay = await readContract<bigint>(quorum, reviewQuorumAbi, "DRAW_DELAY_BLOCKS");
  await rpc("hardhat_mine", [`0x${(Number(delay) + 1).toString(16)}`]);
  const drawn = ok(await cli(["--json", "-q", "verify", id], CREATOR));
  assert.deepEqual([...first, ...drawn.actions.map((a: { action: string }) => a.action)], ["requestReview", "drawSeats"]);
  assert.equal(drawn.phase, "Committing");
  assert.match(drawn.due, /^waiting for the other seats to commit/);
}

describe("research verify on a quorum project", { timeout: 900_000 }, () => {
  let proposalId = "";
  /** The holders of the first round's seats, by seat, as dev-account indexes. */
  let holders: number[] = [];

  it("create --quorum 3; three accounts bond with `research bond post`; submit defaults its stake to 3 × minStake", async () => {
    const created = ok(await cli(["--json", "-q", "create", path.join(FIXTURE, "repo"), "--protocol", path.join(FIXTURE, "protocol.json"), "--symbol", "QRM", "--quorum", "3"], CREATOR));
    projectId = String(created.projectId);
    assert.equal(created.reviewQuorum, 3);
    const config = await readContract<{ reviewQuorum: number; minStake: bigint }>(registry, projectRegistryAbi, "getProjectConfig", [BigInt(projectId)]);
    assert.equal(Number(config.reviewQuorum), 3);
    const human = await cli(["status", projectId], undefined);
    assert.equal(human.code, 0, human.stderr);

    for (const index of NEW_VERIFIERS) {
      const posted = ok(await cli(["--json", "-q", "bond", "post", "1"], index));
      assert.equal(posted.bonded, true);
    }

    const submitted = await submitSolve("better", 2);
    proposalId = String(submitted.proposalId);
    assert.equal(BigInt(submitted.stake), 3n * config.minStake);
  });

  it("verify <id> requests the review, then draws the seats once the draw block is mined", async () => {
    await requestAndDraw(proposalId);
    const seats = await readContract<readonly { holder: Address }[]>(quorum, reviewQuorumAbi, "seatsOf", [BigInt(proposalId)]);
    assert.equal(seats.length, 3);
    holders = seats.map(({ holder }) => [...NEW_VERIFIERS, ...SEEDED_BONDED].find((index) => addressOf(index) === getAddress(holder))!);
    assert.ok(holders.every((index) => index !== undefined), `every holder is a bonded account of the test: ${seats.map((s) => s.holder)}`);
  });

  it("each holder measures and commits; --list shows its seats; the last commit opens the reveals", async () => {
    const first = holders[0]!;
    const listed = ok(await cli(["--json", "verify", "--list", "--project", projectId], first));
    const seat = listed.seats.find((s: { proposalId: string }) => s.proposalId === proposalId);
    assert.ok(seat, "the holder's seat is listed");
    assert.equal(seat.phase, "Committing");
    assert.equal(seat.state, "open");
    assert.match(seat.due, /^measure and commit seats? /);
    assert.equal(listed.queue.some((q: { id: string }) => q.id === proposalId), false, "a quorum proposal is not in the claim queue");

    const done = new Set<number>();
    for (const [index, holder] of holders.entries()) {
      if (done.has(holder)) continue; // a holder with two seats commits both at once
      done.add(holder);
      const run = ok(await cli(["--json", "-q", "verify", proposalId], holder));
      const commits = run.actions.filter((a: { action: string }) => a.action === "commitScore");
      assert.ok(commits.length >= 1, `seat ${index} committed: ${JSON.stringify(run)}`);
      for (const c of commits) {
        assert.equal(c.ran, true);
        assert.equal(c.score, "2000000");
      }
    }
    const review = await readContract<{ phase: number; committedSeats: number; revealedSeats: number }>(quorum, reviewQuorumAbi, "reviewOf", [BigInt(proposalId)]);
    assert.equal(review.committedSeats, 3);
    assert.equal(Number(review.phase), reviewPhase.Revealing);
  });

  it("a lost seat record refuses the reveal in one sentence; a wrong --score is refused; neither sends anything", async (t) => {
    // (One holder drawn for every seat commits and reveals them all in one run: nothing is left to lose.)
    if (new Set(holders).size === 1) return t.skip("one holder holds every seat");
    const seats = await readContract<readonly { holder: Address; revealed: boolean }[]>(quorum, reviewQuorumAbi, "seatsOf", [BigInt(proposalId)]);
    const seat = seats.findIndex((s) => !s.revealed);
    assert.ok(seat >= 0, "a seat is left to reveal");
    const holder = holders[seat]!;
    const records = await readdir(path.join(stateDir(), "seats"));
    const mine = records.filter((name) => name.endsWith(`-${addressOf(holder).toLowerCase()}.json`));
    assert.ok(mine.length >= 1, `the holder's records: ${records}`);
    for (const name of mine) await rm(path.join(stateDir(), "seats", name));

    const before = await nonce(holder);
    const lost = await cli(["-q", "verify", proposalId], holder);
    assert.equal(lost.code, 1);
    assert.match(lost.stderr, new RegExp(`^research: error: The measurement committed for seat ${seat} of proposal #${proposalId} is gone \\(no record at .*\\); re-enter it with --score <value> \\(or --did-not-run\\), which is checked against the commitment before anything is sent\\.\\n$`));
    const wrong = await cli(["-q", "verify", proposalId, "--score", "1.9"], holder);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, new RegExp(`^research: error: The measurement re-entered for seat ${seat} of proposal #${proposalId} \\(score 1900000\\) does not match its commitment; nothing was sent\\.\\n$`));
    assert.equal(await nonce(holder), before, "no transaction was sent");

    const right = ok(await cli(["--json", "-q", "verify", proposalId, "--score", "2"], holder));
    assert.ok(right.actions.some((a: { action: string }) => a.action === "revealScore"));
  });

  it("the other holders reveal from their records; the round closes; past the appeal window verify finalizes: Approved, the best updated", async () => {
    for (const holder of new Set(holders)) {
      const seats = await readContract<readonly { holder: Address; revealed: boolean }[]>(quorum, reviewQuorumAbi, "seatsOf", [BigInt(proposalId)]);
      if (!seats.some((s) => getAddress(s.holder) === addressOf(holder) && !s.revealed)) continue;
      const run = ok(await cli(["--json", "-q", "verify", proposalId], holder));
      assert.ok(run.actions.some((a: { action: string }) => a.action === "revealScore"), JSON.stringify(run));
    }
    const decided = await readContract<{ phase: number; firstMedian: bigint; deadline: bigint }>(quorum, reviewQuorumAbi, "reviewOf", [BigInt(proposalId)]);
    assert.equal(Number(decided.phase), reviewPhase.Decided, "the last reveal closed the round");
    assert.equal(decided.firstMedian, 2_000_000n);
    const early = ok(await cli(["--json", "-q", "verify", proposalId], NEW_VERIFIERS[0]));
    assert.deepEqual(early.actions, []);
    assert.match(early.due, /^open to appeal until .* UTC, final after that/);

    const window = await readContract<bigint>(quorum, reviewQuorumAbi, "APPEAL_WINDOW");
    await rpc("evm_increaseTime", [Number(window) + 1]);
    await rpc("evm_mine");
    const holder = holders[0]!;
    const finalized = ok(await cli(["--json", "-q", "verify", proposalId], holder));
    assert.deepEqual(finalized.actions.map((a: { action: string }) => a.action), ["finalize"]);
    assert.equal(finalized.phase, "Final");
    const owedAfter = await readContract<bigint>(quorum, reviewQuorumAbi, "owedTo", [addressOf(holder)]);
    assert.equal(owedAfter, 0n, "whatever the quorum owed the holder was withdrawn");

    const proposal = await readContract<{ status: number; verifiedAggregateScore: bigint }>(ledger, proposalLedgerAbi, "getProposal", [BigInt(proposalId)]);
    assert.equal(Number(proposal.status), proposalStatus.Approved);
    assert.equal(proposal.verifiedAggregateScore, 2_000_000n);
    assert.equal(await readContract<bigint>(registry, projectRegistryAbi, "currentBestAggregateScore", [BigInt(projectId)]), 2_000_000n);

    const over = await cli(["-q", "verify", proposalId], holder);
    assert.equal(over.code, 1);
    assert.match(over.stderr, new RegExp(`^research: error: Proposal #${proposalId} is Approved; its quorum review is over\\.\\n$`));
  });

  it("verify --watch, unattended: each holder measures, commits, waits for the others, reveals; past the appeal window a watcher finalizes", async () => {
    const id = String((await submitSolve("best", 2.5)).proposalId);
    await requestAndDraw(id);
    const seats = await readContract<readonly { holder: Address }[]>(quorum, reviewQuorumAbi, "seatsOf", [BigInt(id)]);
    const watchers = [...new Set(seats.map(({ holder }) => [...NEW_VERIFIERS, ...SEEDED_BONDED].find((index) => addressOf(index) === getAddress(holder))!))];
    // Every holder's node at once: each stops after its first reveal (--max 1).
    const runs = await Promise.all(watchers.map((holder) => cli(["--json", "-q", "verify", "--watch", "--project", projectId, "--interval", "1", "--max", "1"], holder)));
    for (const run of runs) {
      const documents = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
      const actions = documents.flatMap((d) => (d.ok && d.actions ? d.actions : [])).map((a: { action: string }) => a.action);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(actions.includes("commitScore") && actions.includes("revealScore"), `a watcher committed and revealed: ${run.stdout}`);
    }
    const decided = await readContract<{ phase: number; firstMedian: bigint }>(quorum, reviewQuorumAbi, "reviewOf", [BigInt(id)]);
    assert.equal(Number(decided.phase), reviewPhase.Decided);
    assert.equal(decided.firstMedian, 2_500_000n);

    await rpc("evm_increaseTime", [Number(await readContract<bigint>(quorum, reviewQuorumAbi, "APPEAL_WINDOW")) + 1]);
    await rpc("evm_mine");
    const finalizer = await cli(["--json", "-q", "verify", "--watch", "--project", projectId, "--interval", "1", "--max", "1"], NEW_VERIFIERS[1]);
    assert.equal(finalizer.code, 0, finalizer.stderr);
    assert.ok(finalizer.stdout.includes('"action":"finalize"'), finalizer.stdout);
    const proposal = await readContract<{ status: number }>(ledger, proposalLedgerAbi, "getProposal", [BigInt(id)]);
    assert.equal(Number(proposal.status), proposalStatus.Approved);
    assert.equal(await readContract<bigint>(registry, projectRegistryAbi, "currentBestAggregateScore", [BigInt(projectId)]), 2_500_000n);
  });
});
