/**
 * A proposal on a project reviewed by a quorum of three, walked in the browser from its submission
 * to its approval: the miner submits it on the propose page; anyone requests the review on its page;
 * once the draw block is mined (the local stack mines it, as a live chain would) the seats are drawn;
 * each drawn verifier, switching the dev wallet to its account, commits its measurement on the review
 * screen (salted by its own signature, nothing revealed), then reveals it once all have committed;
 * the round closes on the median; after the appeal window (the chain's clock moved past it) anyone
 * finalizes. Checked on-chain: the seats' reveals, the median, the proposal approved with the best
 * moved to the median, the bonds' locks released.
 */
import { expect, test, type Page } from "@playwright/test";
import type { Address } from "viem";

import { devAccounts } from "../lib/devAccounts.ts";
import { projectRegistryAbi, proposalLedgerAbi, reviewQuorumAbi, verifierRegistryAbi } from "@orm/protocol/generated/abis";
import { proposalStatus, reviewPhase } from "@orm/protocol/generated/constants";
import { formatScore } from "@orm/protocol/format";
import { requiredScoreOf } from "@orm/protocol/ledger";
import { deployments } from "@orm/protocol/generated/deployments";

import { ensureTokenBalance, submitProposalThroughPage } from "./steps/propose.ts";
import { passAppealWindow } from "./steps/research.ts";
import { baseUrl, chainClient, confirmedToast, connectDevWallet, contracts, useDevAccount } from "./support.ts";

/** The miner (#8, "Miner" in the seeded world): neither the project's creator nor bonded. */
const MINER = 8;
const quorum = contracts.ReviewQuorum.address;

/** The first project reviewed by a quorum (the seeded world's JSON parser, k = 3). */
async function findQuorumProject() {
  const client = chainClient();
  const registry = contracts.ProjectRegistry.address;
  const count = await client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "nextProjectId" });
  for (let projectId = 0n; projectId < count; projectId++) {
    const config = await client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProjectConfig", args: [projectId] });
    if (config.reviewQuorum < 3) continue;
    const [project, token] = await Promise.all([
      client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProject", args: [projectId] }),
      client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "tokenOf", args: [projectId] }),
    ]);
    return { projectId, token, config, best: project.currentBestAggregateScore };
  }
  throw new Error("the seeded world has no project reviewed by a quorum");
}

const devIndexOf = (holder: Address) => {
  const account = devAccounts.find((candidate) => candidate.address.toLowerCase() === holder.toLowerCase());
  if (!account) throw new Error(`seat holder ${holder} is not a dev account the wallet can act as`);
  return account.index;
};

async function readReview(id: bigint) {
  const client = chainClient();
  const [review, seats] = await Promise.all([
    client.readContract({ address: quorum, abi: reviewQuorumAbi, functionName: "reviewOf", args: [id] }),
    client.readContract({ address: quorum, abi: reviewQuorumAbi, functionName: "seatsOf", args: [id] }),
  ]);
  return { review, seats };
}

/** Acts as each distinct holder of `seats` in turn, on the review screen, and presses `button`. */
async function actAsEachHolder(page: Page, holders: Address[], act: (index: number) => Promise<void>) {
  for (const holder of [...new Set(holders.map((holder) => holder.toLowerCase()))]) {
    await act(devIndexOf(holder as Address));
  }
}

test("a quorum of three drawn verifiers commits, reveals and approves a proposal in the browser, settled on-chain by the median", async ({ page }) => {
  test.setTimeout(300_000);
  const client = chainClient();
  const { projectId, token, config, best } = await findQuorumProject();
  const stake = config.minStake * BigInt(config.reviewQuorum);
  const claimed = requiredScoreOf({ best, minImprovement: config.minImprovement, lowerIsBetter: config.lowerIsBetter }) + config.metricScale;
  const miner = devAccounts[MINER]!.address;
  await ensureTokenBalance(miner, token, stake);

  // the miner submits on the propose page
  await page.goto(new URL(`/projects/${projectId}/propose`, baseUrl()).toString());
  await connectDevWallet(page);
  await useDevAccount(page, MINER);
  await expect(page.getByTestId("term-review")).toContainText(`A quorum of ${config.reviewQuorum}`);
  const { proposalId: id } = await submitProposalThroughPage(page, { projectId, claimedScore: claimed, stake });

  // anyone requests the review once the commit window has passed (the stack's is 20 s)
  const section = page.getByTestId("quorum-review");
  await expect(section).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("quorum-request")).toBeVisible({ timeout: 60_000 });
  await page.getByTestId("quorum-request").click();
  await expect(confirmedToast(page, "Request the review")).toBeVisible({ timeout: 60_000 });

  // the draw block is mined by itself; anyone draws
  await expect(page.getByTestId("quorum-draw")).toBeVisible({ timeout: 30_000 });
  await page.getByTestId("quorum-draw").click();
  await expect(confirmedToast(page, "Draw the seats")).toBeVisible({ timeout: 60_000 });
  const drawn = await readReview(id);
  expect(drawn.review.phase).toBe(reviewPhase.Committing);
  expect(drawn.seats).toHaveLength(Number(config.reviewQuorum));
  const holders = drawn.seats.map((seat) => seat.holder);
  for (const holder of holders) expect(holder.toLowerCase()).not.toBe(miner.toLowerCase());
  const lockedBefore = await Promise.all(
    holders.map((holder) => client.readContract({ address: contracts.VerifierRegistry.address, abi: verifierRegistryAbi, functionName: "lockedBondOf", args: [holder] })),
  );
  for (const locked of lockedBefore) expect(locked).toBeGreaterThan(0n);

  // each seat's holder measures and commits on the review screen; nothing is revealed until all have
  await page.goto(new URL(`/verify/${id}`, baseUrl()).toString());
  await expect(page.getByTestId("quorum-seats")).toBeVisible({ timeout: 60_000 });
  const measured = formatScore(claimed, config.metricScale).replace(/,/g, "");
  await actAsEachHolder(page, holders, async (index) => {
    await useDevAccount(page, index);
    await expect(page.getByTestId("seat-commit")).toBeVisible();
    await page.getByTestId("seat-score").fill(measured);
    await page.getByTestId("seat-commit").click();
    // the form goes once every seat this account holds has committed (read back from the chain)
    await expect(page.getByTestId("seat-commit")).toHaveCount(0, { timeout: 60_000 });
  });
  const committed = await readReview(id);
  expect(committed.review.phase).toBe(reviewPhase.Revealing);
  for (const seat of committed.seats) expect([seat.committed, seat.revealed]).toEqual([true, false]);
  await expect(page.getByTestId("quorum-seats")).toContainText("committed, sealed");

  // every seat reveals from what this browser kept since its commit (the salt signed again)
  await actAsEachHolder(page, holders, async (index) => {
    await useDevAccount(page, index);
    await expect(page.getByTestId("seat-reveal")).toBeVisible();
    await expect(page.getByTestId("seat-score")).toHaveCount(0);
    await page.getByTestId("seat-reveal").click();
    await expect(page.getByTestId("seat-reveal")).toHaveCount(0, { timeout: 60_000 });
  });
  const revealed = await readReview(id);
  for (const seat of revealed.seats) expect([seat.revealed, seat.ran, seat.score]).toEqual([true, true, claimed]);

  // anyone closes the round: the median implies an approval, open to appeal
  await expect(page.getByTestId("quorum-close")).toBeVisible({ timeout: 30_000 });
  await page.getByTestId("quorum-close").click();
  await expect(confirmedToast(page, "Close the round")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("quorum-median-verdict")).toHaveText("approved", { timeout: 30_000 });
  const decided = await readReview(id);
  expect([decided.review.phase, decided.review.firstRan, decided.review.firstMedian]).toEqual([reviewPhase.Decided, true, claimed]);
  await expect(page.getByTestId("quorum-appeal-button")).toBeVisible();

  // after the appeal window anyone finalizes (the review screen takes the chain's new clock on a reload)
  await passAppealWindow(id);
  await page.reload();
  await expect(page.getByTestId("quorum-finalize")).toBeVisible({ timeout: 60_000 });
  await page.getByTestId("quorum-finalize").click();
  await expect(confirmedToast(page, "Finalize the review")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("quorum-final")).toContainText("approved", { timeout: 30_000 });

  const [proposal, project, lockedAfter] = await Promise.all([
    client.readContract({ address: contracts.ProposalLedger.address, abi: proposalLedgerAbi, functionName: "getProposal", args: [id] }),
    client.readContract({ address: contracts.ProjectRegistry.address, abi: projectRegistryAbi, functionName: "getProject", args: [projectId] }),
    Promise.all(holders.map((holder) => client.readContract({ address: contracts.VerifierRegistry.address, abi: verifierRegistryAbi, functionName: "lockedBondOf", args: [holder] }))),
  ]);
  expect(proposal.status).toBe(proposalStatus.Approved);
  expect(proposal.verifiedAggregateScore).toBe(claimed);
  expect(project.currentBestAggregateScore).toBe(claimed);
  for (const [seat, locked] of lockedAfter.entries()) expect(locked).toBeLessThan(lockedBefore[seat]!);
  expect((await readReview(id)).review.phase).toBe(reviewPhase.Final);

  // the timeline shows the quorum's progress
  await page.goto(new URL(`/proposals/${id}`, baseUrl()).toString());
  await expect(page.getByTestId("timeline-score-revealed")).toHaveCount(Number(config.reviewQuorum), { timeout: 30_000 });
  await expect(page.getByTestId("timeline-round-closed")).toBeVisible();
  await expect(page.getByTestId("timeline-quorum-final").getByTestId("quorum-final-verdict")).toHaveText("approved");
});
