/**
 * `npm run bench:gas`: gas per operation on an in-process EVM, beside the reference deployment's
 * figures (measured by running its own bytecode on a local node) and our targets. Writes
 * `bench/results/gas.json` as `{ "gas": { <operation>: gasUnits } }`.
 *
 * Each figure is a steady-state operation (not the first of its kind on a fresh deployment, whose
 * zero-to-nonzero storage writes cost extra): the second project created, a buy on a curve that
 * already has holders, an approval after an earlier one, a rejection and a pool claim after the
 * project's pool and the verifier's share already exist, and so on.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { network } from "hardhat";
import { getAddress, keccak256, toHex, type Hash } from "viem";

import { deployProtocol, type HardhatViem } from "./lib/deployProtocol.ts";
import { REPO_ROOT } from "@orm/protocol/deployments";
import { getPermitTypedData, splitPermitSignature } from "@orm/protocol/permit";

type Operation =
  | "createProject"
  | "buyNewHolder"
  | "buyExistingHolder"
  | "sell"
  | "submit"
  | "submitWithPermit"
  | "commitProposal"
  | "revealProposal"
  | "claimReview"
  | "approve"
  | "reject"
  | "expire"
  | "claimVerifierRewards"
  | "postBond"
  | "requestUnbond"
  | "withdrawBond"
  | "quorumRequestReview"
  | "quorumDrawSeats"
  | "quorumCommitScore"
  | "quorumRevealScore"
  | "quorumCloseRound"
  | "quorumFinalize"
  | "singleApproveDecision"
  | "singleFinalize";

/** The reference deployment's gas for the same operation (null: not measured there). */
const REFERENCE: Record<Operation, number | null> = {
  createProject: 1_250_791,
  buyNewHolder: 74_171,
  buyExistingHolder: 39_953,
  sell: 45_512,
  submit: 253_555,
  submitWithPermit: null,
  commitProposal: null,
  revealProposal: null,
  claimReview: 58_092,
  approve: 203_171,
  reject: 113_957,
  expire: null,
  claimVerifierRewards: 59_518,
  postBond: null,
  requestUnbond: null,
  withdrawBond: null,
  quorumRequestReview: null,
  quorumDrawSeats: null,
  quorumCommitScore: null,
  quorumRevealScore: null,
  quorumCloseRound: null,
  quorumFinalize: null,
  singleApproveDecision: null,
  singleFinalize: null,
};

/** Our targets, from the contracts issue. */
const TARGET: Record<Operation, number | null> = {
  createProject: Math.floor(1_250_791 * 0.3),
  buyNewHolder: 70_000,
  buyExistingHolder: 45_000,
  sell: 45_000,
  submit: Math.floor(253_555 * 0.65),
  submitWithPermit: null,
  commitProposal: null,
  revealProposal: null,
  claimReview: 58_000,
  approve: Math.floor(203_171 * 0.65),
  reject: Math.floor(113_957 * 0.8),
  expire: null,
  claimVerifierRewards: 60_000,
  postBond: null,
  requestUnbond: null,
  withdrawBond: null,
  quorumRequestReview: null,
  quorumDrawSeats: null,
  quorumCommitScore: null,
  quorumRevealScore: null,
  quorumCloseRound: null,
  quorumFinalize: null,
  singleApproveDecision: null,
  singleFinalize: null,
};

const root = (label: string) => keccak256(toHex(label));
const ZERO = "0x0000000000000000000000000000000000000000" as const;

const { viem, networkHelpers } = await network.getOrCreate();
const publicClient = await viem.getPublicClient();
const [, creator, alice, bob, miner, verifierA, verifierB, carol, ...bondedVerifiers] = await viem.getWalletClients();
// A real deployment's COMMIT_WINDOW; the bench lets it pass before each claim (waiting costs no gas).
// This deployment settles single reviews at once, as the reference does, so `approve` and `reject`
// compare like for like; the appealable single review is measured on a second deployment below.
const { contracts } = await deployProtocol(viem as unknown as HardhatViem, undefined, undefined, undefined, false);
const registry = await viem.getContractAt("ProjectRegistry", contracts.ProjectRegistry.address);
const ledger = await viem.getContractAt("ProposalLedger", contracts.ProposalLedger.address);
const verifiers = await viem.getContractAt("VerifierRegistry", contracts.VerifierRegistry.address);
const quorum = await viem.getContractAt("ReviewQuorum", contracts.ReviewQuorum.address);
await verifiers.write.addVerifier([verifierA.account.address]);
await verifiers.write.addVerifier([verifierB.account.address]);

const gas: Partial<Record<Operation, number>> = {};
async function measure(operation: Operation, tx: Promise<Hash>): Promise<void> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await tx });
  if (receipt.status !== "success") throw new Error(`${operation} reverted`);
  gas[operation] = Number(receipt.gasUsed);
}
const send = async (tx: Promise<Hash>) => {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await tx });
  if (receipt.status !== "success") throw new Error("setup transaction reverted");
};
const createArgs = (symbol: string) =>
  [root(`protocol-${symbol}`), root("repo"), root("bench"), 1_000_000n, root("metrics"), `Project ${symbol}`, symbol, 10n ** 12n, 10n ** 10n, 10_000n] as const;

// --- createProject (the reference's 10-argument shape), the second one on the registry
await send(registry.write.createProject([...createArgs("FIRST")], { account: creator.account }));
await measure("createProject", registry.write.createProject([...createArgs("SORT")], { account: creator.account }));
const token = await viem.getContractAt("ProjectToken", await registry.read.tokenOf([1n]));
const deadline = async () => BigInt(await networkHelpers.time.latest()) + 3600n;
const buy = async (who: typeof alice, amount: bigint) => {
  const cost = await token.read.quoteBuyExact([amount]);
  return token.write.buyExact([amount, cost, await deadline()], { account: who.account, value: cost });
};

// --- trades on a curve that already has holders (exact payment, so no refund)
await send(buy(alice, 50n));
await measure("buyNewHolder", buy(bob, 5n));
await measure("buyExistingHolder", buy(bob, 5n));
const sellQuote = await token.read.quoteSell([3n]);
await measure("sell", token.write.sellExact([3n, sellQuote, await deadline()], { account: bob.account }));

// --- proposals: a warm-up approval first, so the measured ones are steady-state
const commitWindow = await ledger.read.COMMIT_WINDOW();
const claim = async (id: bigint, who: typeof verifierA) => {
  await networkHelpers.time.increase(commitWindow);
  return ledger.write.claimReview([id], { account: who.account });
};
await send(buy(miner, 200n));
await send(token.write.approve([ledger.address, 2n ** 255n], { account: miner.account }));
const submit = (label: string) =>
  ledger.write.submit([1n, root(label), root(`log-${label}`), 1_000_100n, 10n, ZERO], { account: miner.account });
await send(submit("warm-up"));
await send(claim(0n, verifierA));
await send(ledger.write.approve([0n, 1_000_010n, root("m0")], { account: verifierA.account }));

await measure("submit", submit("approve-me"));
await measure("claimReview", claim(1n, verifierA));
await measure("approve", ledger.write.approve([1n, 1_000_020n, root("m1")], { account: verifierA.account }));

// A warm-up rejection and pool claim first (the pool's and the verifier's first slots are one-time costs).
await send(submit("reject-warm-up"));
await send(claim(2n, verifierB));
await send(ledger.write.reject([2n, root("m2")], { account: verifierB.account }));
await send(ledger.write.claimReward([1n], { account: verifierA.account }));
await send(submit("reject-me"));
await send(claim(3n, verifierB));
await measure("reject", ledger.write.reject([3n, root("m3")], { account: verifierB.account }));

// --- submitWithPermit from a holder without an allowance
await send(buy(carol, 20n));
const permitDeadline = await deadline();
const carolAddress = getAddress(carol.account.address);
const permit = splitPermitSignature(
  await carol.signTypedData({
    account: carol.account,
    ...getPermitTypedData({
      tokenName: "Project SORT",
      token: token.address,
      chainId: await publicClient.getChainId(),
      owner: carolAddress,
      spender: ledger.address,
      value: 10n,
      nonce: await token.read.nonces([carolAddress]),
      deadline: permitDeadline,
    }),
  }),
);
await measure(
  "submitWithPermit",
  ledger.write.submitWithPermit(
    [1n, root("permit"), root("log-permit"), 1_000_100n, 10n, ZERO, permitDeadline, permit.v, permit.r, permit.s],
    { account: carol.account },
  ),
);

// --- commit -> reveal (the submission nobody can take): the revealed proposal is #5
const salt = root("salt");
const commitment = await ledger.read.commitmentOf([
  getAddress(miner.account.address), 1n, root("committed"), root("log-committed"), 1_000_100n, 10n, ZERO, salt,
]);
await measure("commitProposal", ledger.write.commitProposal([commitment], { account: miner.account }));
await measure(
  "revealProposal",
  ledger.write.revealProposal([1n, root("committed"), root("log-committed"), 1_000_100n, 10n, ZERO, salt], {
    account: miner.account,
  }),
);

// Verifier A reviews one more (every review earns the review fee), so it has fees to claim below.
await send(claim(4n, verifierA));
await send(ledger.write.reject([4n, root("m4")], { account: verifierA.account }));

// --- expire (the stake goes back whole), then verifier A claims its review fees
await send(submit("expire-me"));
await networkHelpers.time.increase(7 * 24 * 3600);
await measure("expire", ledger.write.expire([6n], { account: alice.account }));
await measure("claimVerifierRewards", ledger.write.claimReward([1n], { account: verifierA.account }));

// --- bonds: a verifier joins, leaves and takes its bond back (the second one, so the set exists)
const minBond = await verifiers.read.MIN_BOND();
const [leaver, ...seated] = bondedVerifiers.slice(0, 7);
await send(verifiers.write.postBond({ account: seated[0].account, value: minBond }));
await measure("postBond", verifiers.write.postBond({ account: leaver.account, value: minBond }));
await measure("requestUnbond", verifiers.write.requestUnbond({ account: leaver.account }));
await networkHelpers.time.increase(Number(await verifiers.read.UNBONDING_DELAY()));
await measure("withdrawBond", verifiers.write.withdrawBond({ account: leaver.account }));
for (const verifier of seated.slice(1)) await send(verifiers.write.postBond({ account: verifier.account, value: minBond }));

// --- a quorum review (k = 3, six bonded verifiers), the second on the project: request, draw,
// commit, reveal, close, and the approval once the appeal window has passed
await send(
  registry.write.createProjectWithConfig(
    [
      {
        protocolHash: root("protocol-QRM"),
        repoSnapshotHash: root("repo"),
        benchmarkHash: root("bench"),
        baselineAggregateScore: 1_000_000n,
        baselineMetricsHash: root("metrics"),
        tokenName: "Project QRM",
        tokenSymbol: "QRM",
        basePrice: 10n ** 12n,
        slope: 10n ** 10n,
        minerPoolCap: 10_000n,
        config: {
          lowerIsBetter: false,
          minImprovement: 0n,
          metricScale: 1_000_000n,
          rewardRule: 2,
          rewardBps: 10_000,
          impactTarget: 1_000_000n,
          minStake: 1n,
          hasParent: false,
          parentProjectId: 0n,
          tolerancePpm: 10_000,
          reviewQuorum: 3,
        },
        firstBuyAmount: 0n,
      },
    ],
    { account: creator.account },
  ),
);
const quorumToken = await viem.getContractAt("ProjectToken", await registry.read.tokenOf([2n]));
const quorumCost = await quorumToken.read.quoteBuyExact([100n]);
await send(quorumToken.write.buyExact([100n, quorumCost, await deadline()], { account: miner.account, value: quorumCost }));
await send(quorumToken.write.approve([ledger.address, 2n ** 255n], { account: miner.account }));
const drawDelay = await quorum.read.DRAW_DELAY_BLOCKS();
const byAddress = new Map(seated.map((wallet) => [getAddress(wallet.account.address), wallet]));
const seatSalt = (seat: number) => root(`seat-${seat}`);
async function quorumReview(label: string, score: bigint, measured: boolean) {
  const id = await ledger.read.nextProposalId();
  await send(ledger.write.submit([2n, root(label), root(`log-${label}`), score, 3n, ZERO], { account: miner.account }));
  await networkHelpers.time.increase(commitWindow);
  const track = (operation: Operation, tx: Promise<Hash>) => (measured ? measure(operation, tx) : send(tx));
  await track("quorumRequestReview", quorum.write.requestReview([id]));
  await networkHelpers.mine(Number(drawDelay) + 1);
  await track("quorumDrawSeats", quorum.write.drawSeats([id]));
  const seats = await quorum.read.seatsOf([id]);
  for (const [seat, { holder }] of seats.entries()) {
    const commitment = await quorum.read.scoreCommitmentOf([id, BigInt(seat), holder, true, score, seatSalt(seat)]);
    const commit = quorum.write.commitScore([id, BigInt(seat), commitment], { account: byAddress.get(getAddress(holder))!.account });
    // The last commit also opens the reveals: measure a middle one.
    await (seat === 1 && measured ? measure("quorumCommitScore", commit) : send(commit));
  }
  for (const [seat, { holder }] of seats.entries()) {
    const reveal = quorum.write.revealScore([id, BigInt(seat), true, score, seatSalt(seat)], { account: byAddress.get(getAddress(holder))!.account });
    await (seat === 1 && measured ? measure("quorumRevealScore", reveal) : send(reveal));
  }
  await track("quorumCloseRound", quorum.write.closeRound([id]));
  await networkHelpers.time.increase(Number(await quorum.read.APPEAL_WINDOW()) + 1);
  await track("quorumFinalize", quorum.write.finalize([id]));
}
await quorumReview("quorum-warm-up", 1_000_100n, false);
await quorumReview("quorum-approve-me", 1_000_200n, true);

// --- a single reviewer's appealable approval (k = 1 on a deployment with SINGLE_REVIEW_APPEALS): the
// bonded claimer decides, then anyone finalizes once the appeal window has passed; the second one measured
const appealable = (await deployProtocol(viem as unknown as HardhatViem)).contracts;
const appealRegistry = await viem.getContractAt("ProjectRegistry", appealable.ProjectRegistry.address);
const appealLedger = await viem.getContractAt("ProposalLedger", appealable.ProposalLedger.address);
const appealVerifiers = await viem.getContractAt("VerifierRegistry", appealable.VerifierRegistry.address);
const appealQuorum = await viem.getContractAt("ReviewQuorum", appealable.ReviewQuorum.address);
await send(appealVerifiers.write.addVerifier([verifierA.account.address]));
await send(appealVerifiers.write.postBond({ account: verifierA.account, value: minBond }));
await send(appealRegistry.write.createProject([...createArgs("APL")], { account: creator.account }));
const appealToken = await viem.getContractAt("ProjectToken", await appealRegistry.read.tokenOf([0n]));
const appealCost = await appealToken.read.quoteBuyExact([100n]);
await send(appealToken.write.buyExact([100n, appealCost, await deadline()], { account: miner.account, value: appealCost }));
await send(appealToken.write.approve([appealLedger.address, 2n ** 255n], { account: miner.account }));
async function singleReview(id: bigint, score: bigint, measured: boolean) {
  await send(appealLedger.write.submit([0n, root(`single-${id}`), root(`log-single-${id}`), score, 10n, ZERO], { account: miner.account }));
  await networkHelpers.time.increase(commitWindow);
  await send(appealLedger.write.claimReview([id], { account: verifierA.account }));
  const decide = appealLedger.write.approve([id, score, root(`m-single-${id}`)], { account: verifierA.account });
  await (measured ? measure("singleApproveDecision", decide) : send(decide));
  await networkHelpers.time.increase(Number(await appealQuorum.read.APPEAL_WINDOW()) + 1);
  const finalize = appealQuorum.write.finalize([id]);
  await (measured ? measure("singleFinalize", finalize) : send(finalize));
}
await singleReview(0n, 1_000_100n, false);
await singleReview(1n, 1_000_200n, true);

// --- report
const rows = (Object.keys(REFERENCE) as Operation[]).map((operation) => {
  const ours = gas[operation]!;
  const reference = REFERENCE[operation];
  const target = TARGET[operation];
  return {
    operation,
    ours,
    reference: reference ?? "-",
    "ours/ref": reference ? `${((ours / reference) * 100).toFixed(0)}%` : "-",
    target: target ?? "-",
    met: target === null ? "-" : ours <= target ? "yes" : "NO",
  };
});
console.table(rows);
const dir = path.join(REPO_ROOT, "bench/results");
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "gas.json"), `${JSON.stringify({ gas }, null, 2)}\n`);
console.log(`wrote ${path.relative(REPO_ROOT, path.join(dir, "gas.json"))}`);
