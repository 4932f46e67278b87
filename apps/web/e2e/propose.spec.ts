/**
 * The miner's journey on `/projects/[id]/propose`, as dev account #4 (a miner) on a seeded
 * higher-is-better project found on the chain: the project's terms; a code bundle and a benchmark log
 * (fresh bytes each run) with their 0G roots; a claimed score short of the best stopped with the
 * number it needs; a valid one with its improvement, the stake's risk per outcome (the review fee on
 * any verdict, the slash of the rest on rejection, the whole stake back on expiry) and the reward; submission in
 * one action (a permit, a commitment mined before the first upload, the uploads, `revealProposalWithPermit`),
 * landing on `/proposals/<id>`, and the chain agreeing; the duplicate
 * code warning; no buy offered for a stake below the minimum; buying a missing stake in the same
 * flow; an unknown project; the page at phone width.
 */
import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { decodeFunctionData, type Address, type Hex } from "viem";

import { devAccounts } from "../lib/devAccounts.ts";
import { improvementOf, mintEffectOf } from "@orm/protocol/curve";
import { formatBps, formatImprovement, formatScore, formatTokenAmount } from "@orm/protocol/format";
import { projectRegistryAbi, projectTokenAbi, proposalLedgerAbi } from "@orm/protocol/generated/abis";
import { quoteNewProposalReward, requiredScoreOf, settlementOf } from "@orm/protocol/ledger";
import { describeSlashRule } from "../lib/proposal.ts";
import { describeRequiredScore } from "../lib/propose.ts";
import { computeRoot } from "@orm/protocol/storage/root";
import { baseUrl, chainClient, confirmedToast, contracts, phoneScreenshot } from "./support.ts";
import {
  devWalletClient,
  ensureTokenBalance,
  fillProposalForm,
  findProject,
  openProposePageAs,
  setTokenBalance,
  submitProposalThroughPage,
  uniqueArtifact,
  waitForProposeForm,
} from "./steps/propose.ts";

const MINER = devAccounts[4].address;
const ledger = contracts.ProposalLedger.address;
const registry = contracts.ProjectRegistry.address;

async function balanceOf(token: Address, account: Address): Promise<bigint> {
  return chainClient().readContract({ address: token, abi: projectTokenAbi, functionName: "balanceOf", args: [account] });
}

async function bestOf(projectId: bigint): Promise<bigint> {
  return chainClient().readContract({ address: registry, abi: projectRegistryAbi, functionName: "currentBestAggregateScore", args: [projectId] });
}

/** The ledger function the transaction that created `proposalId` called. */
async function submittingFunctionOf(proposalId: bigint, projectId: bigint): Promise<string> {
  const client = chainClient();
  const logs = await client.getContractEvents({
    address: ledger,
    abi: proposalLedgerAbi,
    eventName: "ProposalSubmitted",
    args: { id: proposalId, projectId },
    fromBlock: BigInt(contracts.ProposalLedger.startBlock),
  });
  expect(logs).toHaveLength(1);
  const transaction = await client.getTransaction({ hash: logs[0]!.transactionHash });
  return decodeFunctionData({ abi: proposalLedgerAbi, data: transaction.input }).functionName;
}

test("a miner submits a proposal with a permit; short scores are stopped; the same code is refused", async ({ page }) => {
  test.setTimeout(360_000);
  const project = await findProject({ lowerIsBetter: false });
  const { projectId, token, metricScale, minImprovement, minStake } = project;
  const stake = minStake + 2n;
  await ensureTokenBalance(MINER, token, stake);
  // No allowance left over, so the page must sign a permit for the stake.
  const client = chainClient();
  const reset = await devWalletClient(MINER).writeContract({ address: token, abi: projectTokenAbi, functionName: "approve", args: [ledger, 0n] });
  await client.waitForTransactionReceipt({ hash: reset });

  await openProposePageAs(page, projectId, 4);
  const best = await bestOf(projectId);
  // the project's terms, from the chain
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Propose an improvement");
  // the project by its protocol's title, the token's name and symbol beside it
  const [tokenName, symbol, { protocolHash }] = await Promise.all([
    client.readContract({ address: token, abi: projectTokenAbi, functionName: "name" }),
    client.readContract({ address: token, abi: projectTokenAbi, functionName: "symbol" }),
    client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProject", args: [projectId] }),
  ]);
  const { title } = (await (await fetch(new URL(`/api/storage/${protocolHash}`, baseUrl()))).json()) as { title: string };
  await expect(page.getByTestId("project-name")).toHaveText(title);
  await expect(page.getByTestId("project-token-name")).toContainText(`${tokenName}, ${symbol}`);
  await expect(page.getByTestId("term-best")).toContainText(formatScore(best, metricScale));
  await expect(page.getByTestId("term-direction")).toHaveText("Higher is better");
  await expect(page.getByTestId("term-min-improvement")).toContainText(formatScore(minImprovement, metricScale));
  await expect(page.getByTestId("term-min-stake")).toContainText(formatTokenAmount(minStake));

  // artifacts: roots computed in the browser, equal to the 0G roots of the bytes
  const code = uniqueArtifact("code", 3_000);
  const log = uniqueArtifact("log");
  const required = requiredScoreOf({ best, minImprovement, lowerIsBetter: false });
  const shortScore = required - 1n;
  await fillProposalForm(page, { projectId, claimedScore: shortScore, stake, code, log });
  await expect(page.getByTestId("code-root")).toHaveText(await computeRoot(code));
  await expect(page.getByTestId("log-root")).toHaveText(await computeRoot(log));

  // a score short of best + minimum: the number it needs, and no signature on submit
  const needed = describeRequiredScore({ best, minImprovement, lowerIsBetter: false, metricScale, unit: await unitShown(page) });
  await expect(page.getByTestId("score-needed")).toHaveText(needed);
  const proposalsBefore = await client.readContract({ address: ledger, abi: proposalLedgerAbi, functionName: "nextProposalId" });
  await page.getByRole("button", { name: "Submit proposal" }).click();
  await expect(page.getByTestId("claimed-score-error")).toHaveText(needed);
  await expect(page.getByTestId("code-upload-status")).toHaveCount(0); // nothing uploaded, nothing signed
  expect(await client.readContract({ address: ledger, abi: proposalLedgerAbi, functionName: "nextProposalId" })).toBe(proposalsBefore);

  // a valid score: its improvement, the stake's risk and the reward an approval would pay now
  const claimed = required + 10n * (minImprovement > 0n ? minImprovement : 1n);
  await page.getByLabel("Claimed score").fill(formatScore(claimed, metricScale).replace(/,/g, ""));
  const [improvement] = await client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "improvementOf", args: [projectId, claimed] });
  await expect(page.getByTestId("score-improvement")).toContainText(`Improvement ${formatScore(improvement, metricScale)}`);
  // the improvement reads as an amount in the better direction
  const unit = await unitShown(page);
  await expect(page.getByTestId("score-improvement")).toContainText(
    `Improvement ${formatImprovement(improvement, metricScale, { lowerIsBetter: false, unit })} than the best`,
  );
  // the risk per outcome: the review fee (the minimum stake) on any verdict, the rest slashed on
  // rejection, the stake back (whole while the fee fund pays the fee) on approval, whole on expiry
  const [burnBps, { fund }] = await Promise.all([
    client.readContract({ address: ledger, abi: proposalLedgerAbi, functionName: "SLASH_BPS_TO_BURN" }),
    client.readContract({ address: ledger, abi: proposalLedgerAbi, functionName: "getVerifierPool", args: [projectId] }),
  ]);
  const settlement = settlementOf({ stake, reviewFee: minStake, fund });
  const tokens = (amount: bigint) => formatTokenAmount(amount, symbol);
  expect(settlement.reject.burned + settlement.reject.toFund).toBe(stake - minStake);
  await expect(page.getByTestId("review-fee")).toContainText(`the verifier who reviews your proposal earns this project's review fee, ${tokens(minStake)} (its minimum stake)`);
  // the split's rule in words, once, and no percentage that an odd amount's split would contradict
  await expect(page.getByTestId("slash-split")).toHaveText(
    `You lose the whole stake: the fee of ${tokens(minStake)} to the verifier, then ${tokens(settlement.reject.burned)} burned and ` +
      `${tokens(settlement.reject.toFund)} to the project's fee fund (${describeSlashRule(undefined, BigInt(burnBps))}).`,
  );
  await expect(page.getByTestId("slash-split")).not.toContainText("%");
  await expect(page.getByTestId("approve-stake-back")).toHaveText(
    settlement.approve.feeFromStake === 0n
      ? `Your ${tokens(stake)} back whole (the fee fund, ${tokens(fund)} now, pays the fee)`
      : `${tokens(settlement.approve.stakeReturned)} of your stake back (the fee fund holds ${tokens(fund)} now, so ${tokens(settlement.approve.feeFromStake)} of the fee comes out of it)`,
  );
  await expect(page.getByTestId("supersede-stake-back")).toContainText(`${tokens(stake - minStake)} back (the stake less the fee), no reward.`);
  await expect(page.getByTestId("expiry-refund")).toContainText(`your ${tokens(stake)} back whole, no fee, no slash.`);
  // the schedule's reward for this improvement from where the best stands, whatever the stake, and
  // where minting it moves the price and the reserve coverage
  const progressBefore = improvementOf(project.baseline, await bestOf(projectId), project.lowerIsBetter);
  const reward = quoteNewProposalReward({ ...project, progressBefore, improvement });
  await expect(page.getByTestId("reward-amount")).toContainText(formatTokenAmount(reward));
  const read = (functionName: "basePrice" | "slope" | "pricingSupply" | "reserve") => client.readContract({ address: token, abi: projectTokenAbi, functionName });
  const effect = mintEffectOf({ basePrice: await read("basePrice"), slope: await read("slope"), supply: await read("pricingSupply"), reserve: await read("reserve") }, reward);
  const percent = (ratio: bigint) => formatBps(Number((ratio * 10_000n) / 10n ** 18n));
  await expect(page.getByTestId("reward-effect")).toContainText(`the reserve coverage from ${percent(effect.coverageBefore)} to ${percent(effect.coverageAfter)}.`);

  // submit: a permit, a commitment, the uploads, the reveal; then the proposal's page. The chain's height
  // when each upload starts shows the commitment was mined before any root left the browser.
  const shownRoot = (await page.getByTestId("code-root").textContent()) as Hex;
  const held = await balanceOf(token, MINER);
  const heightsAtUpload: bigint[] = [];
  const noteHeight = async (route: import("@playwright/test").Route) => {
    if (["POST", "PUT", "PATCH"].includes(route.request().method())) heightsAtUpload.push(await client.getBlockNumber());
    await route.continue();
  };
  await page.route("**/api/storage**", noteHeight);
  await page.getByRole("button", { name: "Submit proposal" }).click();
  await expect(page.getByTestId("submit-progress")).toContainText(/Step \d of 4/);
  await expect(confirmedToast(page, "Commit proposal")).toBeVisible({ timeout: 60_000 });
  await expect(confirmedToast(page, "Submit proposal")).toBeVisible({ timeout: 60_000 });
  await page.unroute("**/api/storage**", noteHeight);
  await page.waitForURL(/\/proposals\/\d+$/, { timeout: 60_000 });
  const proposalId = BigInt(new URL(page.url()).pathname.split("/").pop()!);

  const proposal = await client.readContract({ address: ledger, abi: proposalLedgerAbi, functionName: "getProposal", args: [proposalId] });
  expect(proposal.projectId).toBe(projectId);
  expect(proposal.miner).toBe(MINER);
  expect(proposal.rewardRecipient).toBe(MINER);
  expect(proposal.codeHash).toBe(shownRoot);
  expect(proposal.benchmarkLogHash).toBe(await computeRoot(log));
  expect(proposal.claimedAggregateScore).toBe(claimed);
  expect(proposal.stake).toBe(stake);
  expect(proposal.status).toBe(0);
  // the fee its reviewer will earn, whatever the verdict: the minimum stake the page named
  expect(await client.readContract({ address: ledger, abi: proposalLedgerAbi, functionName: "reviewFeeOf", args: [proposalId] })).toBe(minStake);
  expect(await balanceOf(token, MINER)).toBe(held - stake);
  expect(await submittingFunctionOf(proposalId, projectId)).toBe("revealProposalWithPermit");
  const [revealed] = await client.getContractEvents({
    address: ledger,
    abi: proposalLedgerAbi,
    eventName: "ProposalRevealed",
    args: { id: proposalId },
    fromBlock: BigInt(contracts.ProposalLedger.startBlock),
  });
  const [committed] = await client.getContractEvents({
    address: ledger,
    abi: proposalLedgerAbi,
    eventName: "ProposalCommitted",
    args: { commitment: revealed!.args.commitment },
    fromBlock: BigInt(contracts.ProposalLedger.startBlock),
  });
  expect(committed!.args.miner).toBe(MINER);
  expect(proposal.submittedAt, "the proposal's priority is its commitment's time").toBe(committed!.args.committedAt);
  expect(heightsAtUpload.length, "the page uploaded both artifacts").toBeGreaterThanOrEqual(2);
  for (const height of heightsAtUpload) expect(height, "no upload before the commitment was mined").toBeGreaterThanOrEqual(committed!.blockNumber);
  expect(revealed!.blockNumber).toBeGreaterThan(committed!.blockNumber);
  expect(await client.readContract({ address: token, abi: projectTokenAbi, functionName: "allowance", args: [MINER, ledger] })).toBe(0n);
  // both artifacts are in storage under their roots
  for (const root of [proposal.codeHash, proposal.benchmarkLogHash]) {
    const response = await page.request.head(new URL(`/api/storage/${root}`, baseUrl()).toString());
    expect(response.status()).toBe(200);
  }

  // the same code again: the warning links the first proposal and blocks submitting
  await page.goto(new URL(`/projects/${projectId}/propose`, baseUrl()).toString());
  await waitForProposeForm(page);
  await page.getByLabel("Code bundle").setInputFiles({ name: "code.tar", mimeType: "application/x-tar", buffer: code });
  const warning = page.getByTestId("duplicate-code-warning");
  await expect(warning).toContainText(`already submitted to the project, as proposal #${proposalId}`);
  await expect(warning.getByRole("link")).toHaveAttribute("href", `/proposals/${proposalId}`);
  await expect(page.getByRole("button", { name: "Submit proposal" })).toBeDisabled();
});

test("a miner short of the stake buys the missing tokens in the flow, then submits", async ({ page }) => {
  test.setTimeout(240_000);
  const project = await findProject({ lowerIsBetter: false });
  const { projectId, token, minStake, minImprovement } = project;
  const client = chainClient();
  // #4 holds fewer tokens than the stake: exactly the minimum, and stakes three more.
  await setTokenBalance(MINER, token, minStake);
  const stake = minStake + 3n;

  await openProposePageAs(page, projectId, 4);
  const best = await bestOf(projectId);
  const claimed = requiredScoreOf({ best, minImprovement, lowerIsBetter: false }) + 5n * (minImprovement > 0n ? minImprovement : 1n);
  await fillProposalForm(page, { projectId, claimedScore: claimed, stake });
  const missing = page.getByTestId("missing-stake");
  await expect(missing).toContainText(`needs ${formatTokenAmount(3n)} `);
  await expect(page.getByRole("button", { name: "Submit proposal" })).toBeDisabled();

  const symbol = await client.readContract({ address: token, abi: projectTokenAbi, functionName: "symbol" });
  const before = await balanceOf(token, MINER);
  await page.getByTestId("buy-missing-stake").click();
  await expect(confirmedToast(page, `Buy 3 ${symbol}`)).toBeVisible({ timeout: 60_000 });
  expect(await balanceOf(token, MINER)).toBe(before + 3n);
  await expect(missing).toHaveCount(0);
  await expect(page.getByTestId("stake-balance")).toHaveText(formatTokenAmount(stake, symbol));

  await page.getByRole("button", { name: "Submit proposal" }).click();
  await page.waitForURL(/\/proposals\/\d+$/, { timeout: 60_000 });
  const proposalId = BigInt(new URL(page.url()).pathname.split("/").pop()!);
  const proposal = await client.readContract({ address: ledger, abi: proposalLedgerAbi, functionName: "getProposal", args: [proposalId] });
  expect(proposal.miner).toBe(MINER);
  expect(proposal.stake).toBe(stake);
  expect(proposal.claimedAggregateScore).toBe(claimed);
  expect(await balanceOf(token, MINER)).toBe(0n);
});

test("a stake below the project's minimum is refused with the minimum, and no buy is offered for it", async ({ page }) => {
  test.setTimeout(180_000);
  const { projectId, token, minStake, minImprovement } = await findProject({ lowerIsBetter: false });
  expect(minStake, "a seeded project whose minimum stake leaves room below it").toBeGreaterThan(1n);
  // #4 holds none, so a stake below the minimum is also more than it holds (what once offered "Buy 4 …").
  await setTokenBalance(MINER, token, 0n);
  await openProposePageAs(page, projectId, 4);
  const claimed = requiredScoreOf({ best: await bestOf(projectId), minImprovement, lowerIsBetter: false }) + (minImprovement > 0n ? minImprovement : 1n);
  await fillProposalForm(page, { projectId, claimedScore: claimed, stake: minStake - 1n });
  await expect(page.getByTestId("stake-error")).toHaveText(`The stake must be at least ${formatTokenAmount(minStake)} tokens, this project's minimum.`);
  await expect(page.getByTestId("stake-balance")).toHaveText(/^0 /);
  await expect(page.getByTestId("missing-stake")).toHaveCount(0);
  await expect(page.getByTestId("buy-missing-stake")).toHaveCount(0);
  // at the minimum, the missing tokens are offered again
  await page.getByLabel("Stake (tokens)").fill(minStake.toString());
  await expect(page.getByTestId("stake-error")).toHaveCount(0);
  await expect(page.getByTestId("missing-stake")).toContainText(`needs ${formatTokenAmount(minStake)} `);
  await expect(page.getByTestId("buy-missing-stake")).toBeVisible();
});

test("the exported step submits a proposal; unknown projects are not found; the page fits a phone", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const project = await findProject({ lowerIsBetter: false });
  const { projectId, token, minStake, minImprovement } = project;
  await ensureTokenBalance(MINER, token, minStake);
  await openProposePageAs(page, projectId, 4);
  const best = await bestOf(projectId);
  const claimed = requiredScoreOf({ best, minImprovement, lowerIsBetter: false }) + 2n * (minImprovement > 0n ? minImprovement : 1n);
  const { proposalId, codeHash } = await submitProposalThroughPage(page, { projectId, claimedScore: claimed, stake: minStake });
  const proposal = await chainClient().readContract({ address: ledger, abi: proposalLedgerAbi, functionName: "getProposal", args: [proposalId] });
  expect(proposal.codeHash).toBe(codeHash);
  expect(proposal.miner).toBe(MINER);

  const count = await chainClient().readContract({ address: registry, abi: projectRegistryAbi, functionName: "nextProjectId" });
  await page.goto(new URL(`/projects/${count + 1000n}/propose`, baseUrl()).toString());
  await expect(page.getByTestId("not-found")).toBeVisible();

  await phoneScreenshot(page, testInfo, `/projects/${projectId}/propose`, "propose");
});

/** The metric's unit as the page shows it after the best ("4.5 x" → "x"), if any. */
async function unitShown(page: Page): Promise<string | undefined> {
  const text = (await page.getByTestId("term-best").textContent()) ?? "";
  const unit = text.replace(/^[-\d.,]+\s*/, "").trim();
  return unit || undefined;
}
