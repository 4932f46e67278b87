/**
 * Browser-test steps for the research loop (the verifier's side, and what the journey needs
 * around it):
 *
 * - `createResearchProject`: a fresh project from Node, as creator #7 (`createProjectWithConfig`
 *   with a first buy), its protocol and artifacts uploaded to the relay with a signed intent (the
 *   node's accounts are unlocked, so a wallet client on #7 signs the EIP-712 intent).
 * - `submitProposalFromNode`: a miner's proposal straight through viem (approve, commit, upload,
 *   reveal), with the chain's clock moved past its commit window so it can be claimed at once.
 * - `claimFromQueue`, `settleOnReviewScreen`: the verifier's clicks on `/verify` (a claim opens
 *   `/verify/<id>` by itself) and `/verify/<id>`: the verdict, then (the chain's clock moved past its
 *   appeal window) anyone's Finalize.
 * - `readPaid`, `readReviewFee`, `readSlash`, `readProposal`: what the chain's events and state say.
 */
import { randomUUID } from "node:crypto";

import { expect, type Page, type Route } from "@playwright/test";
import { createWalletClient, http, parseEventLogs, zeroAddress, type Address, type Hex } from "viem";

import { devAccounts } from "../../lib/devAccounts.ts";
import { projectRegistryAbi, projectTokenAbi, proposalLedgerAbi, reviewQuorumAbi } from "@orm/protocol/generated/abis";
import { protocolBytes, type Protocol } from "@orm/protocol/document";
import { uploadArtifact } from "@orm/protocol/storage/client";
import { computeRoot } from "@orm/protocol/storage/root";
import { commitmentOf, newCommitmentSalt, revealArgsOf } from "@orm/protocol/submission";
import { baseUrl, chainClient, confirmedToast, contracts, localChain, rpcUrl } from "../support.ts";

/** The accounts this journey may use (and no other). */
export const RESEARCH_ACCOUNTS = { creator: 7, miner: 8, verifier: 6, nonVerifier: 2 } as const;

const METRIC_SCALE = 1_000_000n;

function walletOf(index: number) {
  const account = devAccounts[index]!.address;
  return createWalletClient({ account, chain: localChain(), transport: http(rpcUrl()) });
}

/** Uploads bytes to the relay as dev account #`index` (the node signs the intent); returns the root. */
export async function uploadAs(index: number, bytes: Uint8Array, contentType: string): Promise<Hex> {
  const wallet = walletOf(index);
  const signer = {
    address: wallet.account.address,
    signTypedData: (typedData: Parameters<typeof wallet.signTypedData>[0]) => wallet.signTypedData(typedData),
  };
  const { root } = await uploadArtifact(bytes, { signer: signer as never, contentType, endpoint: new URL("/api/storage", baseUrl()).toString() });
  return root;
}

async function send(index: number, request: { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[]; value?: bigint }) {
  const hash = await walletOf(index).writeContract(request as never);
  const receipt = await chainClient().waitForTransactionReceipt({ hash });
  expect(receipt.status, `${request.functionName} by #${index}`).toBe("success");
  return receipt;
}

export type ResearchProject = { projectId: bigint; token: Address; name: string; symbol: string; metricScale: bigint; command: string };

/**
 * A fresh higher-is-better project by creator #7 (reward schedule: the whole 2,000-token pool over
 * a progress of 2.5, the baseline, as the reference `createProject` sets it; minimum improvement 0.01;
 * a first buy of 20 tokens), with a protocol the review screen can read.
 */
export async function createResearchProject(): Promise<ResearchProject> {
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase();
  const name = `Research loop ${tag}`;
  const symbol = `R${tag.slice(-6)}`;
  const command = `node bench.mjs --corpus fixed --tag ${tag.toLowerCase()}`;
  const protocol: Protocol = {
    schema: "open-research-market/protocol@1",
    title: `${name}: log compression`,
    domain: "Compression",
    repository: "https://github.com/open-research/research-loop",
    problem: "Run-length encoding barely shrinks English-like logs.",
    motivation: "Log storage is a large share of infrastructure cost.",
    existingApproaches: "gzip and zstd with default dictionaries.",
    proposedArchitecture: "A small context-mixing model over byte histories.",
    experimentalDesign: "Compress the fixed corpus; report the compression ratio.",
    benchmarkPlan: {
      metric: "compression ratio",
      unit: "x",
      direction: "higher",
      minimumImprovement: 0.01,
      scale: Number(METRIC_SCALE),
      command,
      runs: 3,
      tolerance: 0.02,
      limits: { cpuSeconds: 60, memoryMiB: 512, wallSeconds: 120 },
      baseline: 2.5,
    },
    reproducibility: ["npm install", command],
    openQuestions: ["Does it generalise to JSON logs?"],
    risks: ["Overfitting to the corpus."],
    references: ["https://example.org/context-mixing"],
  };
  const creator = RESEARCH_ACCOUNTS.creator;
  const text = (value: string) => new TextEncoder().encode(value);
  const [protocolHash, repoSnapshotHash, benchmarkHash, baselineMetricsHash] = await Promise.all([
    uploadAs(creator, protocolBytes(protocol), "application/json"),
    uploadAs(creator, text(`repository snapshot ${randomUUID()}\n`), "application/x-tar"),
    uploadAs(creator, text(`benchmark bundle ${randomUUID()}\n`), "application/x-tar"),
    uploadAs(creator, text(`${JSON.stringify({ metric: "compression ratio", unit: "x", value: 2.5 })}\n`), "application/json"),
  ]);
  const client = chainClient();
  const registry = contracts.ProjectRegistry.address;
  const curve = { basePrice: 100_000_000_000_000n, slope: 2_000_000_000_000n, minerPoolCap: 2_000n };
  const firstBuyAmount = 20n;
  const cost = await client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "quoteFirstBuy", args: [curve.basePrice, curve.slope, firstBuyAmount] });
  const receipt = await send(creator, {
    address: registry,
    abi: projectRegistryAbi,
    functionName: "createProjectWithConfig",
    args: [
      {
        protocolHash,
        repoSnapshotHash,
        benchmarkHash,
        baselineAggregateScore: 2_500_000n,
        baselineMetricsHash,
        tokenName: name,
        tokenSymbol: symbol,
        ...curve,
        config: {
          lowerIsBetter: false,
          minImprovement: 10_000n,
          metricScale: METRIC_SCALE,
          rewardRule: 2,
          rewardBps: 10_000,
          impactTarget: 2_500_000n,
          minStake: 1n,
          hasParent: false,
          parentProjectId: 0n,
          tolerancePpm: 10_000,
          reviewQuorum: 1,
        },
        firstBuyAmount,
      },
    ],
    value: cost,
  });
  const [created] = parseEventLogs({ abi: projectRegistryAbi, logs: receipt.logs, eventName: "ProjectCreated" });
  const projectId = created!.args.projectId;
  const token = await client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "tokenOf", args: [projectId] });
  return { projectId, token, name, symbol, metricScale: METRIC_SCALE, command };
}

/** A score that beats the project's current best by `steps` hundredths (in its metric units). */
export async function improvingScore(projectId: bigint, steps = 5n): Promise<bigint> {
  const client = chainClient();
  const registry = contracts.ProjectRegistry.address;
  const [project, config] = await Promise.all([
    client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProject", args: [projectId] }),
    client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProjectConfig", args: [projectId] }),
  ]);
  const step = config.metricScale / 100n;
  const delta = config.minImprovement + step * steps;
  return config.lowerIsBetter ? project.currentBestAggregateScore - delta : project.currentBestAggregateScore + delta;
}

/**
 * A proposal by miner #8 straight through viem, as the clients make one (roots computed here, approve,
 * commit, upload, reveal); then the local chain's clock is moved to when claims open (the stack's
 * commit window is 20 s; the page-made proposals wait it out for real). Returns its id.
 */
export async function submitProposalFromNode({ projectId, claimedScore, stake }: { projectId: bigint; claimedScore: bigint; stake: bigint }): Promise<bigint> {
  const miner = RESEARCH_ACCOUNTS.miner;
  const client = chainClient();
  const ledger = contracts.ProposalLedger.address;
  const token = await client.readContract({ address: contracts.ProjectRegistry.address, abi: projectRegistryAbi, functionName: "tokenOf", args: [projectId] });
  const text = (value: string) => new TextEncoder().encode(value);
  const code = text(`code bundle ${randomUUID()}\n`);
  const log = text(`$ node bench.mjs\nscore ${claimedScore}\n${randomUUID()}\n`);
  const submission = { projectId, codeRoot: await computeRoot(code), logRoot: await computeRoot(log), claimedScore, stake, rewardRecipient: zeroAddress };
  await send(miner, { address: token, abi: projectTokenAbi, functionName: "approve", args: [ledger, stake] });
  const salt = newCommitmentSalt();
  const commitment = commitmentOf({ ...submission, chainId: localChain().id, ledger, miner: devAccounts[miner]!.address, salt });
  await send(miner, { address: ledger, abi: proposalLedgerAbi, functionName: "commitProposal", args: [commitment] });
  expect(await uploadAs(miner, code, "application/x-tar")).toBe(submission.codeRoot);
  expect(await uploadAs(miner, log, "text/plain")).toBe(submission.logRoot);
  const receipt = await send(miner, { address: ledger, abi: proposalLedgerAbi, functionName: "revealProposal", args: revealArgsOf(submission, salt) });
  const [submitted] = parseEventLogs({ abi: proposalLedgerAbi, logs: receipt.logs, eventName: "ProposalSubmitted" });
  const id = submitted!.args.id;
  const reviewableAt = await client.readContract({ address: ledger, abi: proposalLedgerAbi, functionName: "reviewableAt", args: [id] });
  const chainNow = (await client.getBlock()).timestamp;
  if (chainNow < reviewableAt) {
    await client.request({ method: "evm_increaseTime" as never, params: [Number(reviewableAt - chainNow)] as never });
    await client.request({ method: "evm_mine" as never, params: [] as never });
  }
  await waitUntilIndexed(id);
  return id;
}

/** Verifier #`verifier` claims proposal `id` and rejects it from a node (another verifier's work, as the page sees it). */
export async function rejectFromNode(id: bigint, verifier: number = RESEARCH_ACCOUNTS.verifier): Promise<void> {
  const ledger = contracts.ProposalLedger.address;
  await send(verifier, { address: ledger, abi: proposalLedgerAbi, functionName: "claimReview", args: [id] });
  const note = await uploadAs(verifier, new TextEncoder().encode(`rejected from a node ${randomUUID()}\n`), "text/plain");
  await send(verifier, { address: ledger, abi: proposalLedgerAbi, functionName: "reject", args: [id, note] });
  await passAppealWindow(id);
  await send(verifier, { address: contracts.ReviewQuorum.address, abi: reviewQuorumAbi, functionName: "finalize", args: [id] });
}

/** Moves the chain's clock past proposal `id`'s appeal window (its verdict may then be finalized). */
export async function passAppealWindow(id: bigint): Promise<void> {
  const client = chainClient();
  const review = await client.readContract({ address: contracts.ReviewQuorum.address, abi: reviewQuorumAbi, functionName: "reviewOf", args: [id] });
  const block = await client.getBlock();
  if (block.timestamp <= review.deadline) {
    await client.request({ method: "evm_increaseTime" as never, params: [Number(review.deadline - block.timestamp) + 1] as never });
    await client.request({ method: "evm_mine" as never, params: [] as never });
  }
}

/** Waits until the indexer (through the app's proxy) lists proposal `id`: server-rendered lists read it. */
export async function waitUntilIndexed(id: bigint): Promise<void> {
  await expect
    .poll(async () => (await fetch(new URL(`/api/indexer/proposals/${id}`, baseUrl()))).status, { timeout: 30_000 })
    .toBe(200);
}

/** The chain's record of a proposal. */
export function readProposal(id: bigint) {
  return chainClient().readContract({ address: contracts.ProposalLedger.address, abi: proposalLedgerAbi, functionName: "getProposal", args: [id] });
}

/** The `ProposalPaid` event of an approval: stake returned and reward minted. */
export async function readPaid(id: bigint): Promise<{ stakeReturned: bigint; reward: bigint }> {
  const [event] = await chainClient().getContractEvents({
    address: contracts.ProposalLedger.address,
    abi: proposalLedgerAbi,
    eventName: "ProposalPaid",
    args: { id },
    fromBlock: BigInt(contracts.ProposalLedger.startBlock),
  });
  expect(event, `ProposalPaid for #${id}`).toBeDefined();
  return { stakeReturned: event!.args.stakeReturned!, reward: event!.args.reward! };
}

/** The `ReviewFeePaid` event of a verdict (any): the reviewer's fee and the part of it the project's fee fund paid. */
export async function readReviewFee(id: bigint): Promise<{ verifier: Address; fee: bigint; fromFund: bigint }> {
  const [event] = await chainClient().getContractEvents({
    address: contracts.ProposalLedger.address,
    abi: proposalLedgerAbi,
    eventName: "ReviewFeePaid",
    args: { id },
    fromBlock: BigInt(contracts.ProposalLedger.startBlock),
  });
  expect(event, `ReviewFeePaid for #${id}`).toBeDefined();
  return { verifier: event!.args.verifier!, fee: event!.args.fee!, fromFund: event!.args.fromFund! };
}

/** The `StakeSlashed` event of a rejection (expiries refund instead): burned and fee-fund amounts, the review fee excluded. */
export async function readSlash(id: bigint): Promise<{ burned: bigint; toVerifierPool: bigint }> {
  const [event] = await chainClient().getContractEvents({
    address: contracts.ProposalLedger.address,
    abi: proposalLedgerAbi,
    eventName: "StakeSlashed",
    args: { id },
    fromBlock: BigInt(contracts.ProposalLedger.startBlock),
  });
  expect(event, `StakeSlashed for #${id}`).toBeDefined();
  return { burned: event!.args.burned!, toVerifierPool: event!.args.toVerifierPool! };
}

/**
 * On `/verify` as the connected verifier: claims proposal `id` in one click, waits for the
 * confirmed toast and the row's link to the review, and lands on the review screen by itself (the
 * queue opens it once the indexer has the claim). Then, back on `/verify`, "My reviews" lists it
 * with the lock's countdown and opens its review screen again.
 */
export async function claimFromQueue(page: Page, id: bigint): Promise<void> {
  const row = page.getByTestId(`queue-item-${id}`);
  await expect(row).toBeVisible({ timeout: 30_000 });
  const claim = row.getByTestId(`claim-review-${id}`);
  // a proposal made through the page waits out the commit window: the row says when claims open
  if (await row.getByTestId(`claim-opens-${id}`).isVisible()) {
    await expect(row.getByTestId(`claim-opens-${id}`)).toContainText(/^Opens in \d\d:\d\d:\d\d/);
    await expect(claim).toBeDisabled();
  }
  await expect(claim).toBeEnabled({ timeout: 60_000 });
  // Hold the indexer's status until the row's link is seen: the queue moves on to the review once it answers.
  let answerStatus!: () => void;
  const statusHeld = new Promise<void>((resolve) => (answerStatus = resolve));
  const holdStatus = async (route: Route) => {
    await statusHeld;
    await route.continue().catch(() => undefined); // the page may have moved on meanwhile
  };
  await page.route("**/api/indexer/status", holdStatus);
  try {
    await claim.click();
    await expect(confirmedToast(page, "Claim review")).toBeVisible({ timeout: 60_000 });
    await expect(row.getByTestId(`review-link-${id}`)).toHaveAttribute("href", `/verify/${id}`);
  } finally {
    answerStatus();
    await page.unroute("**/api/indexer/status", holdStatus);
  }
  // the claim opens the review screen by itself
  await page.waitForURL(new RegExp(`/verify/${id}$`), { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Review proposal #${id}`);

  // once the indexer has it, the proposal leaves the queue for "My reviews", with the lock's countdown
  await page.goto(new URL("/verify", baseUrl()).toString());
  const mine = page.getByTestId(`my-review-${id}`);
  await expect(async () => {
    if (!(await mine.isVisible())) await page.reload();
    await expect(mine).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId(`queue-item-${id}`)).toHaveCount(0);
  await expect(mine.getByTestId(`my-review-lock-${id}`)).toHaveText(/^(\d+d )?\d\d:\d\d:\d\d$/);
  await mine.getByTestId(`open-review-${id}`).click();
  await page.waitForURL(new RegExp(`/verify/${id}$`));
}

export type Verdict = { decision: "approve" | "reject" | "supersede"; score?: string; notes: string };

/** On `/verify/<id>` as the reviewer: fills the verdict form and settles; waits for the confirmed toast. */
export async function settleOnReviewScreen(page: Page, { decision, score, notes }: Verdict): Promise<void> {
  const form = page.getByTestId("verdict-form");
  await expect(form).toBeVisible({ timeout: 30_000 });
  if (score !== undefined) await form.getByTestId("verified-score").fill(score);
  await form.getByTestId("review-notes").fill(notes);
  await form.getByTestId(`action-${decision}`).click();
  const label = decision === "approve" ? "Approve proposal" : decision === "reject" ? "Reject proposal" : "Mark superseded";
  await expect(confirmedToast(page, label)).toBeVisible({ timeout: 60_000 });
  // The verdict is decided, not final: it stands, open to appeal, until its window passes.
  const review = page.getByTestId("quorum-review");
  await expect(review).toBeVisible({ timeout: 30_000 });
  await expect(review.getByTestId("single-review-intro")).toBeVisible();
  const verdictLabel = decision === "approve" ? "Approved" : decision === "reject" ? "Rejected" : "Superseded";
  await expect(page.getByTestId("proposal-status")).toHaveText(`${verdictLabel}, open to appeal`, { timeout: 30_000 });
  await expect(page.getByTestId("quorum-appeal-button")).toBeVisible({ timeout: 30_000 });
  const id = BigInt(new URL(page.url()).pathname.split("/").pop()!);
  await passAppealWindow(id);
  await page.reload();
  await page.getByTestId("quorum-finalize").click();
  await expect(confirmedToast(page, "Finalize the review")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("review-settled")).toBeVisible({ timeout: 30_000 });
}
