/**
 * The research loop in the browser, on a fresh project: creator #7 publishes it through the wizard;
 * miner #8 stakes and submits a proposal on the propose page; verifier #6 claims it from `/verify`
 * in one click (the claim opens the review screen) and approves it there — the verdict form names the
 * review fee (the same for any verdict) and what each verdict does to the stake; the chain's best
 * score, the miner's balance (before − stake + stake less the fee, the fresh project's fee fund being
 * empty, + reward), the verifier's claimable fee and the timeline agree; the queue says
 * "claimed score" and shows the improvement in the better direction; the review screen offers every
 * artifact the benchmark needs (protocol, benchmark bundle, code) with root-verified downloads, the
 * `research verify` command for the verifier holding the review, and checks the typed score inline
 * (a score outside the tolerance of the claim disables Approve and says why); the miner's gzipped
 * bundle downloads as `.tar.gz`. A second proposal (claiming exactly the score needed; its stake less
 * the fee is odd) is rejected with a score short of the minimum, which the screen says implies Reject
 * while Approve stays disabled; its timeline shows the fee and the slash split the chain's events
 * recorded, with the rule in words, and the fee fund holds the pooled part. Non-verifier #2 cannot
 * claim an open proposal and is told why. A later proposal's approval waits for that earlier open one
 * (the review screen names it and keeps Approve disabled until another verifier settles it), then
 * takes its fee from the fund, so its miner gets the stake back whole. Read-only checks of the seeded proposals' timelines (approved, rejected, expired,
 * superseded), a root-verified download (and a loud mismatch), and phone-width screenshots.
 *
 * Accounts: #7 creator, #8 miner, #6 verifier, #2 non-verifier — no other.
 */
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";

import { expect, test, type Page } from "@playwright/test";

import { devAccounts } from "../lib/devAccounts.ts";
import { describeSlashRule } from "../lib/proposal.ts";
import { formatImprovement, formatScore, formatTokenAmount } from "@orm/protocol/format";
import { settlementOf } from "@orm/protocol/ledger";
import { packTree } from "@orm/protocol/tar";
import { projectRegistryAbi, projectTokenAbi, proposalLedgerAbi } from "@orm/protocol/generated/abis";
import type { Page as IndexerPage, Proposal } from "../lib/indexer.ts";
import { ensureTokenBalance, submitProposalThroughPage } from "./steps/propose.ts";
import { publishProjectThroughWizard } from "./steps/publish.ts";
import {
  claimFromQueue,
  improvingScore,
  RESEARCH_ACCOUNTS,
  readPaid,
  readProposal,
  readReviewFee,
  readSlash,
  settleOnReviewScreen,
  rejectFromNode,
  submitProposalFromNode,
} from "./steps/research.ts";
import { actAs, baseUrl, chainClient, contracts, openAs, phoneScreenshot, rpcUrl, useDevAccount } from "./support.ts";

const miner = devAccounts[RESEARCH_ACCOUNTS.miner].address;
const verifier = devAccounts[RESEARCH_ACCOUNTS.verifier].address;

async function balanceOf(token: `0x${string}`, account: `0x${string}`): Promise<bigint> {
  return chainClient().readContract({ address: token, abi: projectTokenAbi, functionName: "balanceOf", args: [account] });
}

async function bestScoreOf(projectId: bigint): Promise<bigint> {
  const project = await chainClient().readContract({ address: contracts.ProjectRegistry.address, abi: projectRegistryAbi, functionName: "getProject", args: [projectId] });
  return project.currentBestAggregateScore;
}

/** The score field's text for a fixed-point score (no thousands separators). */
function scoreInput(score: bigint, scale: bigint): string {
  return formatScore(score, scale).replace(/,/g, "");
}

/** The fee the reviewer of `id` earns for any verdict (`reviewFeeOf`: the project's minimum stake at submission). */
function reviewFeeOf(id: bigint): Promise<bigint> {
  return chainClient().readContract({ address: contracts.ProposalLedger.address, abi: proposalLedgerAbi, functionName: "reviewFeeOf", args: [id] });
}

/** The project's fee fund: the pooled part of slashes, which pays later approvals' fees. */
async function feeFundOf(projectId: bigint): Promise<bigint> {
  return (await chainClient().readContract({ address: contracts.ProposalLedger.address, abi: proposalLedgerAbi, functionName: "getVerifierPool", args: [projectId] })).fund;
}

function claimableOf(projectId: bigint, account: `0x${string}`): Promise<bigint> {
  return chainClient().readContract({ address: contracts.ProposalLedger.address, abi: proposalLedgerAbi, functionName: "claimable", args: [projectId, account] });
}

async function indexerGet<result>(path: string): Promise<result> {
  const response = await fetch(new URL(`/api/indexer${path}`, baseUrl()));
  expect(response.ok, `GET /api/indexer${path}`).toBe(true);
  return (await response.json()) as result;
}

/**
 * The journey, one step per test (serial: each goes on from the state the previous one left; every
 * step gets its own time budget, since the wizard and the claims each wait for blocks and the
 * indexer). Nothing is shared with other spec files.
 */
test.describe.serial("the research loop on a fresh project", () => {
  type Journey = { projectId: bigint; symbol: string; token: `0x${string}`; scale: bigint; approved?: bigint; rejected?: bigint; open?: bigint };
  let journey: Journey | undefined;
  const pageErrors: string[] = [];
  test.beforeEach(({ page }) => {
    test.setTimeout(360_000);
    page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  });
  test.afterAll(() => expect(pageErrors).toEqual([]));

  test("a creator publishes; a miner stakes on a better score; a verifier claims it from the queue and approves it", async ({ page }) => {
    // creator #7 publishes a fresh project through the wizard
    const project = await publishProjectThroughWizard(page, { direction: "higher" });
    const registry = contracts.ProjectRegistry.address;
    const token = await chainClient().readContract({ address: registry, abi: projectRegistryAbi, functionName: "tokenOf", args: [project.projectId] });
    const config = await chainClient().readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProjectConfig", args: [project.projectId] });
    const scale = config.metricScale;
    journey = { projectId: project.projectId, symbol: project.symbol, token, scale };

    // miner #8 holds tokens and stakes them behind a better score on the propose page
    const stake = 4n;
    await ensureTokenBalance(miner, token, stake * 2n);
    const before = await balanceOf(token, miner);
    const bestBefore = await bestScoreOf(project.projectId);
    const claimedScore = await improvingScore(project.projectId);
    await actAs(page, RESEARCH_ACCOUNTS.miner);
    // the code as a miner packs it: a gzipped tar (fresh bytes each run)
    const code = gzipSync(await packTree({ "README.md": `research loop ${randomUUID()}\n`, "bench.mjs": "console.log(2.6)\n" }));
    const { proposalId } = await submitProposalThroughPage(page, { projectId: project.projectId, claimedScore, stake, code });
    expect(await balanceOf(token, miner)).toBe(before - stake);
    // the propose page lands on the new proposal's timeline
    await expect(page.getByTestId("timeline-submitted")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("proposal-status")).toHaveText("Submitted");

    // verifier #6 claims it from the queue in one click and approves it on the review screen
    await page.goto(new URL("/verify", baseUrl()).toString());
    await actAs(page, RESEARCH_ACCOUNTS.verifier);
    await expect(page.getByTestId("not-verifier")).toHaveCount(0);
    await expect(page.getByTestId("verify-cli-hint")).toContainText("npx research verify <id>");
    // the queue calls the miner's number its claimed score ("claim" is the verifier's), and the improvement reads in the better direction
    const row = page.getByTestId(`queue-item-${proposalId}`);
    await expect(row.getByText("Claimed score", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(row.getByTestId(`queue-claimed-score-${proposalId}`)).toHaveText(`${formatScore(claimedScore, scale)} x`);
    const improvementText = formatImprovement(claimedScore - bestBefore, scale, { lowerIsBetter: false, unit: "x" });
    await expect(row.getByTestId(`queue-improvement-${proposalId}`)).toHaveText(improvementText);
    await claimFromQueue(page, proposalId);
    expect((await readProposal(proposalId)).status).toBe(1);
    await expect(page.getByTestId("benchmark-command")).not.toBeEmpty();
    // every artifact the benchmark needs is offered, each root as on-chain, each download checked against it
    const onChain = await chainClient().readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProject", args: [project.projectId] });
    await expect(page.getByTestId("artifact-protocol-root")).toHaveText(onChain.protocolHash);
    await expect(page.getByTestId("artifact-benchmark-root")).toHaveText(onChain.benchmarkHash);
    await expect(page.getByTestId("artifact-code-root")).toHaveText(/^0x[0-9a-f]{64}$/);
    for (const [key, fileName] of [
      ["protocol", new RegExp(`^project-${project.projectId}-protocol\\.json$`)],
      ["benchmark", new RegExp(`^project-${project.projectId}-benchmark\\.`)],
    ] as const) {
      const download = page.waitForEvent("download");
      await page.getByTestId(`download-${key}`).getByRole("button").click();
      await expect(page.getByTestId(`download-${key}`).getByTestId("root-verified")).toBeVisible({ timeout: 30_000 });
      expect((await download).suggestedFilename()).toMatch(fileName);
    }
    // the command that reproduces it in the sandbox: this stack's RPC and relay, signed by the verifier holding the review
    const command = (await page.getByTestId("verify-command").textContent()) ?? "";
    expect(command).toMatch(new RegExp(`^npx research( --rpc \\S+)?( --web \\S+)? --dev-account ${RESEARCH_ACCOUNTS.verifier} verify ${proposalId}$`));
    expect(/--rpc (\S+)/.exec(command)?.[1] ?? "http://127.0.0.1:8545").toBe(rpcUrl());
    expect(/--web (\S+)/.exec(command)?.[1] ?? "http://127.0.0.1:3000").toBe(new URL(baseUrl()).origin);
    await expect(page.getByTestId("verify-command-note")).toContainText(`Dev account ${RESEARCH_ACCOUNTS.verifier} holds this review`);
    await expect(page.getByTestId("benchmark-plan")).not.toContainText("code bundle's root");
    // the typed score is checked inline: the old best is outside the protocol's 1% of the claim, so Approve waits
    const form = page.getByTestId("verdict-form");
    const scoreCheck = form.getByTestId("verified-score-check");
    await form.getByTestId("verified-score").fill(scoreInput(bestBefore, scale));
    await expect(scoreCheck).toHaveText(
      `This score implies Reject: it is ${formatScore(claimedScore - bestBefore, scale)} x from the claimed ${formatScore(claimedScore, scale)} x, ` +
        `outside the project's tolerance of 1% (at most ${formatScore(claimedScore / 100n, scale)} x).`,
    );
    await expect(form.getByTestId("action-approve")).toBeDisabled();
    await expect(form.getByTestId("action-reject")).toBeEnabled();
    await form.getByTestId("verified-score").fill(scoreInput(claimedScore, scale));
    await expect(scoreCheck).toHaveText(
      `This score implies Approve: it is within 1% of the claimed ${formatScore(claimedScore, scale)} x, and it is ${improvementText} than the best ` +
        `${formatScore(bestBefore, scale)} x (minimum ${formatScore(config.minImprovement, scale)} x).`,
    );
    await expect(form.getByTestId("action-approve")).toBeEnabled();
    // what each verdict does, in this proposal's amounts: the reviewer earns the same fee (the minimum
    // stake) for any verdict; the fresh project's fee fund is empty, so an approval's fee comes out of the stake
    const fee = await reviewFeeOf(proposalId);
    expect(fee).toBe(config.minStake);
    expect(await feeFundOf(project.projectId)).toBe(0n);
    await expect(form.getByTestId("verdict-review-fee")).toHaveText(formatTokenAmount(fee, project.symbol));
    await expect(form.getByTestId("verdict-approve-stake")).toHaveText(formatTokenAmount(stake - fee, project.symbol));
    await expect(form.getByTestId("verdict-consequences")).toContainText("the project's fee fund is empty, so your fee comes out of the stake");
    await expect(form.getByTestId("verdict-supersede-stake")).toHaveText(formatTokenAmount(stake - fee, project.symbol));
    await expect(page.getByTestId("lock-countdown")).toHaveText(/^(\d+d )?\d\d:\d\d:\d\d$/);
    // the miner's code downloads, its root checks out in the browser, and it is saved as what it is
    const codeDownload = page.waitForEvent("download");
    await page.getByTestId("download-code").getByRole("button").click();
    await expect(page.getByTestId("download-code").getByTestId("root-verified")).toBeVisible({ timeout: 30_000 });
    expect((await codeDownload).suggestedFilename()).toBe(`proposal-${proposalId}-code.tar.gz`);
    const quoted = await chainClient().readContract({
      address: contracts.ProposalLedger.address,
      abi: proposalLedgerAbi,
      functionName: "quoteReward",
      args: [proposalId, claimedScore],
    });
    const scoreText = formatScore(claimedScore, scale).replace(/,/g, "");
    await settleOnReviewScreen(page, { decision: "approve", score: scoreText, notes: "3 runs on the reference rig; reproduced within tolerance." });
    journey.approved = proposalId;

    // the chain: approved, best score moved, the stake back less the fee plus the reward, the fee owed to the verifier
    const approved = await readProposal(proposalId);
    expect(approved.status).toBe(2);
    expect(approved.verifiedAggregateScore).toBe(claimedScore);
    expect(approved.metricsHash).not.toBe(`0x${"0".repeat(64)}`);
    expect(await bestScoreOf(project.projectId)).toBe(claimedScore);
    const paid = await readPaid(proposalId);
    expect(paid.stakeReturned).toBe(stake - fee);
    expect(paid.reward).toBe(quoted);
    expect(paid.reward).toBeGreaterThan(0n);
    expect(await balanceOf(token, miner)).toBe(before - stake + (stake - fee) + paid.reward);
    const feePaid = await readReviewFee(proposalId);
    expect(feePaid.verifier.toLowerCase()).toBe(verifier.toLowerCase());
    expect([feePaid.fee, feePaid.fromFund]).toEqual([fee, 0n]);
    expect(await claimableOf(project.projectId, verifier)).toBe(fee);

    // the timeline shows it, with the chain's amounts
    await page.goto(new URL(`/proposals/${proposalId}`, baseUrl()).toString());
    await expect(page.getByTestId("proposal-status")).toHaveText("Approved");
    const timeline = page.getByTestId("timeline");
    for (const kind of ["submitted", "claimed", "approved", "paid"]) await expect(timeline.getByTestId(`timeline-${kind}`)).toBeVisible();
    await expect(timeline.getByTestId("timeline-slashed")).toHaveCount(0);
    await expect(timeline.getByTestId("paid-reward")).toHaveText(formatTokenAmount(paid.reward, project.symbol));
    await expect(timeline.getByTestId("paid-stake")).toHaveText(formatTokenAmount(stake - fee, project.symbol));
    await expect(timeline.getByTestId("approved-review-fee")).toHaveText(`${formatTokenAmount(fee, project.symbol)} (from the stake)`);
    await expect(page.getByTestId("summary-review-fee")).toHaveText(formatTokenAmount(fee, project.symbol));
    await expect(page.getByTestId("next-steps")).toContainText("the reviewer earned the review fee (from the project's fee fund while it lasted, else from the stake)");
    await expect(timeline.getByTestId("approved-verified-score")).toHaveText(`${formatScore(claimedScore, scale)} x`);
    await expect(timeline.getByTestId("approved-improvement")).toHaveText(improvementText);
    await expect(page.getByTestId("summary-improvement")).toHaveText(improvementText);
    // the notes the verifier stored download and verify against the root on-chain (saved as the JSON they are)
    await expect(page.getByTestId("artifact-metrics-root")).toHaveText(approved.metricsHash);
    const notesDownload = page.waitForEvent("download");
    await page.getByTestId("download-metrics").getByRole("button").click();
    await expect(page.getByTestId("download-metrics").getByTestId("root-verified")).toBeVisible({ timeout: 30_000 });
    expect((await notesDownload).suggestedFilename()).toBe(`proposal-${proposalId}-review.json`);
    // the project page shows the new best
    await page.goto(new URL(`/projects/${project.projectId}`, baseUrl()).toString());
    await expect(page.getByText(formatScore(claimedScore, scale)).first()).toBeVisible({ timeout: 30_000 });
  });

  test("a second proposal is rejected: the verifier earns the same fee, the rest is slashed into the fee fund, as the timeline shows", async ({ page }) => {
    expect(journey?.approved, "the approval step ran").toBeDefined();
    const { projectId, symbol } = journey!;
    await page.goto(new URL(`/projects/${projectId}`, baseUrl()).toString());
    await actAs(page, RESEARCH_ACCOUNTS.miner);
    // the wizard's minimum stake (the fee) is 1, so 5 tokens are slashed: an odd amount
    const stake = 6n;
    // the claim is exactly the score needed (best + minimum), so a reproduction can fall short of the minimum
    const best = await bestScoreOf(projectId);
    const claimedScore = await improvingScore(projectId, 0n);
    const { proposalId } = await submitProposalThroughPage(page, { projectId, claimedScore, stake });
    await page.goto(new URL("/verify", baseUrl()).toString());
    await actAs(page, RESEARCH_ACCOUNTS.verifier);
    await claimFromQueue(page, proposalId);
    // the verdict form: the same fee as for the approval, and the odd rest's split as amounts with the
    // rule in words (2 and 3, not "50%" and "50%")
    const fee = await reviewFeeOf(proposalId);
    expect(fee).toBe(1n);
    const fundBefore = await feeFundOf(projectId);
    const { reject: split } = settlementOf({ stake, reviewFee: fee, fund: fundBefore });
    expect([split.burned, split.toFund]).toEqual([2n, 3n]);
    await expect(page.getByTestId("verdict-slash-split")).toHaveText(
      `${formatTokenAmount(2n, symbol)} burned and ${formatTokenAmount(3n, symbol)} to the project's fee fund (${describeSlashRule()})`,
      { timeout: 30_000 },
    );
    await expect(page.getByTestId("verdict-review-fee")).toHaveText(formatTokenAmount(fee, symbol));
    // a measurement halfway between the best and the claim: within the tolerance, short of the minimum
    const { scale } = journey!;
    const measured = best + (claimedScore - best) / 2n;
    const form = page.getByTestId("verdict-form");
    await form.getByTestId("verified-score").fill(scoreInput(measured, scale));
    await expect(form.getByTestId("verified-score-check")).toHaveText(
      `This score implies Reject: it is within 1% of the claimed ${formatScore(claimedScore, scale)} x, but it does not beat the best by the minimum. ` +
        `Needs at least ${formatScore(claimedScore, scale)} x (best ${formatScore(best, scale)} + minimum ${formatScore(claimedScore - best, scale)}).`,
    );
    await expect(form.getByTestId("action-approve")).toBeDisabled();
    await expect(form.getByTestId("action-approve")).toHaveAttribute("aria-describedby", "verified-score-check");
    await expect(form.getByTestId("action-reject")).toBeEnabled();
    await settleOnReviewScreen(page, { decision: "reject", notes: `Measured ${scoreInput(measured, scale)} x over 3 runs: short of the minimum improvement.` });
    journey!.rejected = proposalId;
    expect((await readProposal(proposalId)).status).toBe(3);
    const slash = await readSlash(proposalId);
    expect([slash.burned, slash.toVerifierPool]).toEqual([2n, 3n]);
    const feePaid = await readReviewFee(proposalId);
    expect([feePaid.fee, feePaid.fromFund]).toEqual([fee, 0n]);
    // the pooled part waits in the fee fund for later approvals; the verifier is owed both fees, nothing of the slash
    expect(await feeFundOf(projectId)).toBe(fundBefore + 3n);
    expect(await claimableOf(projectId, verifier)).toBe(2n * fee);
    await page.goto(new URL(`/proposals/${proposalId}`, baseUrl()).toString());
    await expect(page.getByTestId("proposal-status")).toHaveText("Rejected");
    const timeline = page.getByTestId("timeline");
    await expect(timeline.getByTestId("timeline-rejected")).toBeVisible();
    await expect(timeline.getByTestId("slashed-burned")).toHaveText(formatTokenAmount(slash.burned, symbol));
    await expect(timeline.getByTestId("slashed-to-pool")).toHaveText(formatTokenAmount(slash.toVerifierPool, symbol));
    await expect(page.getByTestId("summary-burned")).toHaveText(formatTokenAmount(slash.burned, symbol));
    await expect(page.getByTestId("summary-review-fee")).toHaveText(formatTokenAmount(fee, symbol));
    await expect(timeline.getByTestId("rejected-review-fee")).toHaveText(`${formatTokenAmount(fee, symbol)} (from the stake)`);
    await expect(timeline.getByTestId("slash-rule")).toContainText(`The stake less the review fee, split ${describeSlashRule()}.`);
    await expect(page.getByTestId("next-steps")).toContainText(`the reviewer earned the review fee from the stake and the rest was slashed (${describeSlashRule()})`);
    await expect(page.getByTestId("next-steps")).not.toContainText("%");
    await expect(page.getByTestId("proposal-actions")).toHaveCount(0);
  });

  test("a non-verifier cannot claim an open proposal and is told why; the screens fit a phone", async ({ page }, testInfo) => {
    expect(journey?.rejected, "the rejection step ran").toBeDefined();
    const { projectId } = journey!;
    const open = await submitProposalFromNode({ projectId, claimedScore: await improvingScore(projectId, 70n), stake: 1n });
    journey!.open = open;
    await page.goto(new URL("/verify", baseUrl()).toString());
    await actAs(page, RESEARCH_ACCOUNTS.nonVerifier);
    await expect(page.getByTestId("not-verifier")).toContainText("not an allowlisted verifier");
    await expect(page.getByTestId(`claim-review-${open}`)).toBeDisabled({ timeout: 30_000 });
    await page.goto(new URL(`/proposals/${open}`, baseUrl()).toString());
    await expect(page.getByTestId("no-actions")).toContainText("Only allowlisted verifiers may claim a review");
    await expect(page.getByTestId("action-claim")).toHaveCount(0);
    // the verifier, on the same page, is offered the claim
    await useDevAccount(page, RESEARCH_ACCOUNTS.verifier);
    await expect(page.getByTestId("action-claim")).toBeEnabled();
    expect((await readProposal(open)).status).toBe(0);

    await phoneScreenshot(page, testInfo, "/verify", "verify");
    await phoneScreenshot(page, testInfo, `/proposals/${journey!.rejected}`, "proposal-rejected");
    await phoneScreenshot(page, testInfo, `/verify/${open}`, "review-screen");
  });

  test("an approval waits for the earlier open proposal, then takes its fee from the fee fund: the miner's stake comes back whole", async ({ page }) => {
    expect(journey?.open, "the open proposal's step ran").toBeDefined();
    const { projectId, symbol, token, scale } = journey!;
    const stake = 2n;
    const claimedScore = await improvingScore(projectId, 90n);
    const proposalId = await submitProposalFromNode({ projectId, claimedScore, stake });
    const [fee, fundBefore] = await Promise.all([reviewFeeOf(proposalId), feeFundOf(projectId)]);
    // the rejection left 3 tokens in the fund, enough for this fee
    expect(fundBefore).toBeGreaterThanOrEqual(fee);
    await page.goto(new URL("/verify", baseUrl()).toString());
    await actAs(page, RESEARCH_ACCOUNTS.verifier);
    await claimFromQueue(page, proposalId);
    const form = page.getByTestId("verdict-form");
    // the previous step's proposal came first and is still open: approvals go in that order
    const open = journey!.open!;
    await form.getByTestId("verified-score").fill(scoreInput(claimedScore, scale));
    await expect(form.getByTestId("approve-waits-for")).toContainText(`Proposal #${open} on this project came first and is still open`, { timeout: 30_000 });
    await expect(form.getByTestId("action-approve")).toBeDisabled();
    await expect(form.getByTestId("action-reject")).toBeEnabled();
    // another verifier settles it (its stake of 1 is all fee: nothing slashed into the fund); Approve opens by itself
    await rejectFromNode(open);
    await expect(form.getByTestId("approve-waits-for")).toHaveCount(0, { timeout: 30_000 });
    await expect(form.getByTestId("action-approve")).toBeEnabled();
    expect(await feeFundOf(projectId)).toBe(fundBefore);
    await expect(form.getByTestId("verdict-approve-stake")).toHaveText(formatTokenAmount(stake, symbol), { timeout: 30_000 });
    await expect(form.getByTestId("verdict-consequences")).toContainText("back (your fee comes from the project's fee fund) and a reward");
    await expect(form.getByTestId("verdict-review-fee")).toHaveText(formatTokenAmount(fee, symbol));
    const before = await balanceOf(token, miner);
    const claimableBefore = await claimableOf(projectId, verifier);
    await settleOnReviewScreen(page, { decision: "approve", score: scoreInput(claimedScore, scale), notes: "Reproduced on the reference rig." });
    const paid = await readPaid(proposalId);
    expect(paid.stakeReturned).toBe(stake);
    expect(await balanceOf(token, miner)).toBe(before + stake + paid.reward);
    const feePaid = await readReviewFee(proposalId);
    expect([feePaid.fee, feePaid.fromFund]).toEqual([fee, fee]);
    expect(await feeFundOf(projectId)).toBe(fundBefore - fee);
    expect(await claimableOf(projectId, verifier)).toBe(claimableBefore + fee);
    await page.goto(new URL(`/proposals/${proposalId}`, baseUrl()).toString());
    await expect(page.getByTestId("timeline").getByTestId("paid-stake")).toHaveText(formatTokenAmount(stake, symbol));
    await expect(page.getByTestId("timeline").getByTestId("approved-review-fee")).toHaveText(`${formatTokenAmount(fee, symbol)} (from the fee fund)`);
  });
});

test("the seeded proposals' timelines: approved, rejected, expired and superseded each read differently", async ({ page }) => {
  test.setTimeout(180_000);
  const projects = await indexerGet<IndexerPage<{ id: string }>>("/projects?limit=100");
  const byStatus = new Map<number, Proposal>();
  for (const { id } of projects.items) {
    const proposals = await indexerGet<IndexerPage<Proposal>>(`/projects/${id}/proposals?limit=100`);
    // (one-reviewer projects: a quorum's proposals read as the quorum test shows)
    for (const proposal of proposals.items) if (proposal.reviewQuorum === 1 && !byStatus.has(proposal.status)) byStatus.set(proposal.status, proposal);
  }
  const expectations: { status: number; label: string; present: string[]; absent: string[] }[] = [
    { status: 2, label: "Approved", present: ["submitted", "claimed", "approved", "paid"], absent: ["slashed", "rejected", "expired"] },
    { status: 3, label: "Rejected", present: ["submitted", "claimed", "rejected", "slashed"], absent: ["approved", "paid"] },
    { status: 4, label: "Expired", present: ["submitted", "expired", "refunded"], absent: ["approved", "paid", "rejected", "slashed"] },
    { status: 5, label: "Superseded", present: ["submitted", "claimed", "superseded"], absent: ["slashed", "paid", "approved"] },
  ];
  for (const { status, label, present, absent } of expectations) {
    const proposal = byStatus.get(status);
    expect(proposal, `a seeded proposal in status ${label}`).toBeDefined();
    await page.goto(new URL(`/proposals/${proposal!.id}`, baseUrl()).toString());
    await expect(page.getByTestId("proposal-status")).toHaveText(label);
    const timeline = page.getByTestId("timeline");
    for (const kind of present) await expect(timeline.getByTestId(`timeline-${kind}`), `${label}: ${kind}`).toHaveCount(1);
    for (const kind of absent) await expect(timeline.getByTestId(`timeline-${kind}`), `${label}: no ${kind}`).toHaveCount(0);
    await expect(page.getByTestId("next-steps")).toContainText(label === "Expired" ? "Expired without a verdict" : label);
    const symbol = (await indexerGet<{ symbol: string }>(`/projects/${proposal!.projectId}`)).symbol;
    if (status === 4) {
      // an expiry refunds the stake whole: no fee, no slash
      expect([proposal!.stakeReturned, proposal!.reviewFee, proposal!.slashedBurned]).toEqual([proposal!.stake, null, null]);
      await expect(timeline.getByTestId("refunded-stake")).toHaveText(formatTokenAmount(BigInt(proposal!.stake), symbol));
      await expect(timeline.getByTestId("refund-rule")).toContainText("the stake went back to the miner whole: no review fee, no slash");
      await expect(page.getByTestId("summary-stake-returned")).toHaveText(formatTokenAmount(BigInt(proposal!.stake), symbol));
      await expect(page.getByTestId("next-steps")).toContainText("the stake went back to the miner whole");
    } else {
      // every verdict paid its reviewer the project's review fee
      const verdict = ({ 2: "approved", 3: "rejected", 5: "superseded" } as const)[status as 2 | 3 | 5];
      expect(proposal!.reviewFee, `${label}: the review fee`).not.toBeNull();
      await expect(timeline.getByTestId(`${verdict}-review-fee`)).toContainText(formatTokenAmount(BigInt(proposal!.reviewFee!), symbol));
    }
    if (proposal!.slashedBurned !== null) {
      await expect(timeline.getByTestId("slashed-burned")).toHaveText(formatTokenAmount(BigInt(proposal!.slashedBurned), symbol));
      await expect(timeline.getByTestId("slashed-to-pool")).toHaveText(formatTokenAmount(BigInt(proposal!.slashedToPool!), symbol));
    }
    // settled: no countdowns, no buttons
    await expect(page.getByTestId("expiry-countdown")).toHaveCount(0);
    await expect(page.getByTestId("proposal-actions")).toHaveCount(0);
  }

  // an unknown proposal is not found
  await page.goto(new URL("/proposals/987654321", baseUrl()).toString());
  await expect(page.getByTestId("not-found")).toBeVisible();
});

test("a download whose bytes do not match the root is refused loudly", async ({ page }) => {
  test.setTimeout(120_000);
  const approved = (await indexerGet<IndexerPage<Proposal>>("/projects/0/proposals?status=2&limit=1")).items[0];
  expect(approved, "a seeded approved proposal").toBeDefined();
  // a relay that serves other bytes under the code root
  await page.route(`**/api/storage/${approved!.codeHash.toLowerCase()}`, (route) =>
    route.fulfill({ status: 200, contentType: "application/x-tar", body: "tampered bytes" }),
  );
  await page.goto(new URL(`/proposals/${approved!.id}`, baseUrl()).toString());
  await page.getByTestId("download-code").getByRole("button").click();
  await expect(page.getByTestId("root-mismatch")).toContainText("Root mismatch");
  await expect(page.getByTestId("download-code").getByTestId("root-verified")).toHaveCount(0);
  // the untouched log verifies
  await page.getByTestId("download-log").getByRole("button").click();
  await expect(page.getByTestId("download-log").getByTestId("root-verified")).toBeVisible({ timeout: 30_000 });
});

test("the verifier queue lists the oldest deadline first, with live countdowns", async ({ page }) => {
  test.setTimeout(120_000);
  await openAs(page, "/verify", RESEARCH_ACCOUNTS.verifier);
  const rows = page.locator("[data-testid^=queue-item-]");
  const count = await rows.count();
  // oldest deadline first: the time left never decreases down the list
  let previous = -1;
  for (let index = 0; index < count; index++) {
    const seconds = Number(await rows.nth(index).locator("[data-seconds-left]").getAttribute("data-seconds-left"));
    expect(seconds).toBeGreaterThanOrEqual(previous);
    previous = seconds;
  }
  // the countdown ticks
  if (count > 0) {
    const left = rows.first().locator("[data-seconds-left]");
    const first = Number(await left.getAttribute("data-seconds-left"));
    await expect.poll(async () => Number(await left.getAttribute("data-seconds-left")), { timeout: 5_000 }).toBeLessThan(first);
  }
});
