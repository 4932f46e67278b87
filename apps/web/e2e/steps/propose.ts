/**
 * Browser-test steps for the propose screen, for any spec that needs a proposal made through the UI
 * (the verifier's journey, the proposal timeline): `submitProposalThroughPage` opens
 * `/projects/<id>/propose` as the page's connected account (the miner; it must hold the stake),
 * chooses a code bundle and a benchmark log (unique bytes unless given), fills the claimed score and
 * the stake, submits (permit, commitment, uploads, `revealProposalWithPermit`) and returns the new
 * proposal's id and code root.
 * Plus chain helpers the propose spec shares: finding a project, funding a dev account with tokens.
 */
import { randomUUID } from "node:crypto";

import { expect, type Page } from "@playwright/test";
import { createWalletClient, http, type Address, type Hex } from "viem";

import type { ProposeTerms } from "../../components/propose/types.ts";
import { formatScore } from "@orm/protocol/format";
import { projectRegistryAbi, projectTokenAbi } from "@orm/protocol/generated/abis";
import { deadlineOf, maxCostWithSlippage } from "@orm/protocol/slippage";
import { baseUrl, chainClient, confirmedToast, connectDevWallet, contracts, localChain, rpcUrl, useDevAccount } from "../support.ts";

export type SubmitProposalThroughPageParameters = {
  projectId: bigint;
  /** A fixed-point score (bigint, the project's metric scale) or what a person types ("4.6"). */
  claimedScore: bigint | string;
  /** Whole tokens. */
  stake: bigint | number;
  code?: Buffer;
  log?: Buffer;
};

export type SubmitProposalThroughPageReturnType = { proposalId: bigint; codeHash: Hex };

/** Bytes no earlier run made (so their 0G root is new to the project). */
export function uniqueArtifact(kind: "code" | "log", size = 700): Buffer {
  const head = `${kind === "code" ? "code bundle" : "benchmark log"} ${randomUUID()} ${Date.now()}\n`;
  return Buffer.concat([Buffer.from(head), Buffer.alloc(Math.max(0, size - head.length), kind === "code" ? "c" : "l")]);
}

/** The project's metric scale, read from the chain. */
async function metricScaleOf(projectId: bigint): Promise<bigint> {
  const config = await chainClient().readContract({
    address: contracts.ProjectRegistry.address,
    abi: projectRegistryAbi,
    functionName: "getProjectConfig",
    args: [projectId],
  });
  return config.metricScale;
}

/**
 * Waits for the form island (it renders once the wallet machinery is loaded: slow on a busy dev
 * server, quick on a production build).
 */
export async function waitForProposeForm(page: Page): Promise<void> {
  await expect(page.getByTestId("propose-form")).toBeVisible({ timeout: 90_000 });
}

/** Opens the propose page of `projectId`, waits for the form, connects the dev wallet as #`index`. */
export async function openProposePageAs(page: Page, projectId: bigint, index: number): Promise<Address> {
  await page.goto(new URL(`/projects/${projectId}/propose`, baseUrl()).toString());
  await waitForProposeForm(page);
  await connectDevWallet(page);
  return useDevAccount(page, index);
}

/** Chooses the artifacts and fills the form (no submit); resolves with the code root the page shows. */
export async function fillProposalForm(page: Page, { projectId, claimedScore, stake, code, log }: SubmitProposalThroughPageParameters): Promise<Hex> {
  await waitForProposeForm(page);
  await page.getByLabel("Code bundle").setInputFiles({ name: "code.tar", mimeType: "application/x-tar", buffer: code ?? uniqueArtifact("code") });
  await page.getByLabel("Benchmark log").setInputFiles({ name: "bench.log", mimeType: "text/plain", buffer: log ?? uniqueArtifact("log") });
  await expect(page.getByTestId("code-root")).toHaveText(/^0x[0-9a-f]{64}$/);
  await expect(page.getByTestId("log-root")).toHaveText(/^0x[0-9a-f]{64}$/);
  const scoreText = typeof claimedScore === "string" ? claimedScore : formatScore(claimedScore, await metricScaleOf(projectId)).replace(/,/g, "");
  await page.getByLabel("Claimed score").fill(scoreText);
  await page.getByLabel("Stake (tokens)").fill(String(stake));
  return (await page.getByTestId("code-root").textContent()) as Hex;
}

/**
 * The happy path through the propose page, as the page's connected account (the miner, holding the
 * stake): resolves once the browser is on `/proposals/<id>`.
 */
export async function submitProposalThroughPage(
  page: Page,
  parameters: SubmitProposalThroughPageParameters,
): Promise<SubmitProposalThroughPageReturnType> {
  await page.goto(new URL(`/projects/${parameters.projectId}/propose`, baseUrl()).toString());
  const codeHash = await fillProposalForm(page, parameters);
  await expect(page.getByTestId("score-improvement")).toBeVisible();
  await page.getByRole("button", { name: "Submit proposal" }).click();
  await expect(confirmedToast(page, "Submit proposal")).toBeVisible({ timeout: 60_000 });
  await page.waitForURL(/\/proposals\/\d+$/, { timeout: 60_000 });
  const proposalId = BigInt(new URL(page.url()).pathname.split("/").pop()!);
  return { proposalId, codeHash };
}

/** A project's submission terms as the propose screen reads them (the same names, from the chain). */
export type ProjectChoice = Pick<
  ProposeTerms,
  "projectId" | "token" | "lowerIsBetter" | "minImprovement" | "metricScale" | "minStake" | "rewardBps" | "impactTarget" | "baseline" | "minerPoolCap"
>;

/** The first single-reviewer project whose metric matches `lowerIsBetter`, read from the chain. */
export async function findProject({ lowerIsBetter }: { lowerIsBetter: boolean }): Promise<ProjectChoice> {
  const client = chainClient();
  const registry = contracts.ProjectRegistry.address;
  const count = await client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "nextProjectId" });
  for (let projectId = 0n; projectId < count; projectId++) {
    const config = await client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProjectConfig", args: [projectId] });
    // the specs that use it walk the single-reviewer journey (quorum projects have their own spec)
    if (config.lowerIsBetter !== lowerIsBetter || config.reviewQuorum > 1) continue;
    const token = await client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "tokenOf", args: [projectId] });
    const { baselineAggregateScore: baseline } = await client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProject", args: [projectId] });
    const minerPoolCap = await client.readContract({ address: token, abi: projectTokenAbi, functionName: "minerPoolCap" });
    return { projectId, token, ...config, baseline, minerPoolCap };
  }
  throw new Error(`the seeded world has no ${lowerIsBetter ? "lower" : "higher"}-is-better project`);
}

/** A wallet client for a dev account (the node holds its key and signs). */
export function devWalletClient(account: Address) {
  return createWalletClient({ account, chain: localChain(), transport: http(rpcUrl()) });
}

/** Makes `account` hold at least `amount` of `token`, buying the difference on the curve. */
export async function ensureTokenBalance(account: Address, token: Address, amount: bigint): Promise<bigint> {
  const client = chainClient();
  const held = await client.readContract({ address: token, abi: projectTokenAbi, functionName: "balanceOf", args: [account] });
  if (held >= amount) return held;
  const missing = amount - held;
  const [cost, block] = await Promise.all([
    client.readContract({ address: token, abi: projectTokenAbi, functionName: "quoteBuyExact", args: [missing] }),
    client.getBlock(),
  ]);
  const maxCost = maxCostWithSlippage(cost);
  const hash = await devWalletClient(account).writeContract({
    address: token,
    abi: projectTokenAbi,
    functionName: "buyExact",
    args: [missing, maxCost, deadlineOf(BigInt(Math.floor(Date.now() / 1000)), block.timestamp)],
    value: maxCost,
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return client.readContract({ address: token, abi: projectTokenAbi, functionName: "balanceOf", args: [account] });
}

/** Makes `account` hold exactly `amount` of `token` (buying or selling the difference). */
export async function setTokenBalance(account: Address, token: Address, amount: bigint): Promise<void> {
  const client = chainClient();
  const held = await client.readContract({ address: token, abi: projectTokenAbi, functionName: "balanceOf", args: [account] });
  if (held < amount) {
    await ensureTokenBalance(account, token, amount);
  } else if (held > amount) {
    const block = await client.getBlock();
    const hash = await devWalletClient(account).writeContract({
      address: token,
      abi: projectTokenAbi,
      functionName: "sellExact",
      args: [held - amount, 0n, deadlineOf(BigInt(Math.floor(Date.now() / 1000)), block.timestamp)],
    });
    const receipt = await client.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
  }
  expect(await client.readContract({ address: token, abi: projectTokenAbi, functionName: "balanceOf", args: [account] })).toBe(amount);
}
