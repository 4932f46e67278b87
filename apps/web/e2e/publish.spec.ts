/**
 * A creator's journey through the publish wizard (`/create`), on the real local stack, as dev
 * account #7: publish a project with only the fields the protocol requires (a repository typed as
 * `github.com/…` is stored as https; roots shown before upload; "Upload all" sends the four
 * artifacts with one wallet signature; the transaction signed), land on its page, find it on
 * discovery, and check on-chain what was created — the protocol root recomputed from the stored
 * bytes, the other roots, token name and symbol, the creator, the first buy and the reward schedule
 * (a typed share over the default target, the baseline's size), whose preview before signing says
 * what approvals would mint and do to the price and the reserve coverage, as `@orm/protocol`
 * computes it. Then the refusals: a malformed URL, a missing required section, a symbol too long,
 * overflowing curve parameters and a zero target are each explained beside their field and the
 * wizard does not go on; the dilution warning goes once the first buy is large enough; a reload mid-wizard keeps
 * what was entered; a damaged draft cannot be signed. And the page at phone width.
 */
import { truncate, writeFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";
import { getAddress } from "viem";

import { devAccounts } from "../lib/devAccounts.ts";
import { projectRegistryAbi, projectTokenAbi } from "@orm/protocol/generated/abis";
import { parseProtocolBytes, PROTOCOL_SCHEMA_ID } from "@orm/protocol/document";
import { computeRootAndSize } from "@orm/protocol/storage/root";
import { costFromZero, mintEffectOf } from "@orm/protocol/curve";
import { formatBps, formatEth, formatTokenAmount } from "@orm/protocol/format";
import { quoteNewProposalReward } from "@orm/protocol/ledger";
import { rewardRule } from "@orm/protocol/generated/constants";
import { DRAFT_STORAGE_KEY } from "../lib/create/draft.ts";
import { RELAY_MAX_BYTES } from "../lib/create/limits.ts";
import {
  actAsWizardCreator,
  expectStep,
  fillArtifactsStep,
  fillBenchmarkStep,
  fillResearchStep,
  next,
  openWizard,
  fillTokenStep,
  rootOf,
  uniqueProjectName,
  uploadAll,
  WIZARD_CREATOR_INDEX,
  WIZARD_FIRST_BUY,
  wizardFiles,
} from "./steps/publish.ts";
import { baseUrl, chainClient, contracts, phoneScreenshot } from "./support.ts";

const creator = devAccounts[WIZARD_CREATOR_INDEX]!.address;
const registry = () => contracts.ProjectRegistry.address;

test("a creator publishes a project with only the required fields, uploading all artifacts with one signature; the chain, the relay and discovery agree", async ({ page }) => {
  test.setTimeout(240_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  // every typed-data signature the dev wallet asks the node for, and every upload the relay accepted
  let typedDataSignatures = 0;
  page.on("request", (request) => {
    typedDataSignatures += (request.postData() ?? "").split('"eth_signTypedData_v4"').length - 1;
  });
  const acceptedIntents: string[] = [];
  page.on("response", async (response) => {
    const request = response.request();
    if (request.method() !== "POST" || !request.url().endsWith("/api/storage") || !response.ok()) return;
    acceptedIntents.push((JSON.parse((await request.headerValue("x-upload-intent"))!) as { signature: string }).signature);
  });
  const client = chainClient();
  const { name, symbol } = uniqueProjectName();
  const files = wizardFiles(name);

  await openWizard(page);
  await actAsWizardCreator(page);
  if (await page.getByTestId("draft-restored").isVisible()) await page.getByTestId("start-over").click();

  // research: the title, the repository (typed without a scheme) and the problem are all it needs
  await expectStep(page, "Research");
  await page.getByLabel("Repository URL").fill("github.com/me/proj");
  await page.getByLabel("Title").fill(`${name}: faster log compression`);
  await expect(page.getByLabel("Repository URL")).toHaveValue("https://github.com/me/proj");
  await page.getByLabel("Problem", { exact: true }).fill("Run-length encoding barely shrinks English-like logs.");
  await expect(page.locator("#create-motivation-hint")).toHaveText(/^Optional\./);
  await next(page);
  await fillBenchmarkStep(page, files, "lower");
  await next(page);

  // artifacts: going on before uploading explains itself beside the fields, then the summary goes with the last message
  await expectStep(page, "Artifacts");
  await next(page);
  await expect(page.getByTestId("wizard-notice")).toHaveText("Some values need attention: see the messages beside the fields.");
  await expect(page.getByTestId("error-artifacts.repoSnapshot")).toContainText("Upload the repository snapshot");
  await page.getByLabel("Repository snapshot").setInputFiles(files.repoSnapshot);
  await page.getByLabel("Benchmark bundle").setInputFiles(files.benchmarkBundle);
  await expect(page.getByTestId("root-benchmarkBundle")).toHaveText(await rootOf(files.benchmarkBundle));
  expect(typedDataSignatures).toBe(0);
  const roots = await uploadAll(page, ["repoSnapshot", "benchmarkBundle", "baselineMetrics", "protocol"]);
  expect(typedDataSignatures).toBe(1);
  await expect.poll(() => acceptedIntents.length).toBe(4);
  expect(new Set(acceptedIntents).size).toBe(1);
  await expect(page.locator('[data-create-wizard] [role="alert"]')).toHaveCount(0);
  await expect(page.getByTestId("wizard-notice")).toHaveCount(0);
  await expect(page.getByTestId("upload-all")).toHaveCount(0);
  // the uploaded files read as such: no native "No file chosen" beside them
  await expect(page.getByText("No file chosen")).toHaveCount(0);
  await expect(page.getByTestId("choose-repoSnapshot")).toHaveText("Choose another file");
  await next(page);
  await fillTokenStep(page, { name, symbol });
  // the schedule: a quarter of the pool, over the default target (the baseline's size, 2.75)
  await page.getByLabel("Share of the pool the schedule pays").fill("25");
  await expect(page.getByLabel("Target progress")).toHaveValue("");
  await expect(page.locator("#create-impactTarget-hint")).toContainText("Empty: the baseline's size (2.75)");
  // what approvals would mint, before signing, as the protocol computes it over the first buy
  const schedule = { rewardBps: 2_500, impactTarget: 2_750_000n, minerPoolCap: 2_000n };
  const curve = { basePrice: 10n ** 14n, slope: 2n * 10n ** 12n };
  const market = { ...curve, supply: WIZARD_FIRST_BUY, reserve: costFromZero(curve.basePrice, curve.slope, WIZARD_FIRST_BUY) };
  const eth = (wei: bigint) => formatEth(wei, { maxDecimals: 8, symbol: "ETH" });
  const coverage = (ratio: bigint) => formatBps(ratio / 10n ** 14n);
  const minimumMint = quoteNewProposalReward({ ...schedule, progressBefore: 0n, improvement: 10_000n });
  const minimumEffect = mintEffectOf(market, minimumMint);
  expect(minimumMint).toBe(1n);
  await expect(page.getByTestId("reward-preview-sentence")).toHaveText(
    `Right after creation the market is your first buy: ${formatTokenAmount(WIZARD_FIRST_BUY)} ${symbol} backed by ${eth(market.reserve)}. ` +
      `A first approval of the minimum improvement (0.01 x lower) would mint ${formatTokenAmount(minimumMint)} ${symbol}, moving the price from ${eth(minimumEffect.spotBefore)} ` +
      `to ${eth(minimumEffect.spotAfter)} and the reserve coverage from ${coverage(minimumEffect.coverageBefore)} to ${coverage(minimumEffect.coverageAfter)}.`,
  );
  const quarterMint = quoteNewProposalReward({ ...schedule, progressBefore: 0n, improvement: 687_500n });
  const quarterEffect = mintEffectOf(market, quarterMint);
  expect(quarterMint).toBe(125n);
  await expect(page.getByTestId("reward-preview-quarter-minted")).toHaveText(formatTokenAmount(quarterMint));
  await expect(page.getByTestId("reward-preview-quarter-price")).toHaveText(`${eth(quarterEffect.spotBefore)} → ${eth(quarterEffect.spotAfter)}`);
  await expect(page.getByTestId("reward-preview-quarter-coverage")).toHaveText(`${coverage(quarterEffect.coverageBefore)} → ${coverage(quarterEffect.coverageAfter)}`);
  // 125 tokens minted over a 5-token market: the creator is told before signing
  expect(quarterEffect.coverageAfter < 8n * 10n ** 17n).toBe(true);
  await expect(page.getByTestId("reward-preview-warning")).toContainText(
    `One approval of a quarter of the target would mint 125 ${symbol} and drop the reserve coverage to ${coverage(quarterEffect.coverageAfter)}`,
  );
  await next(page);

  await expectStep(page, "Review");
  await expect(page.getByTestId("review-reward-schedule")).toContainText("25% of the pool");
  await expect(page.getByTestId("review-reward-schedule")).toContainText("2.75 x (the baseline's size)");
  await expect(page.getByTestId("reward-preview-warning")).toBeVisible();
  await expect(page.getByTestId("review-repository")).toHaveText("https://github.com/me/proj");
  await expect(page.getByTestId("review-token")).toHaveText(`${name} · ${symbol}`);
  for (const [key, root] of Object.entries(roots)) await expect(page.getByTestId(`review-root-${key}`)).toHaveText(root);
  await page.getByTestId("publish").click();
  await page.waitForURL(/\/projects\/\d+$/, { timeout: 60_000 });
  const projectId = BigInt(/\/projects\/(\d+)$/.exec(page.url())![1]!);
  await expect(page.getByText(name).first()).toBeVisible();
  // the draft is gone once published
  expect(await page.evaluate((key) => window.localStorage.getItem(key), DRAFT_STORAGE_KEY)).toBeNull();
  // the page renders the protocol with the sections it has, and none of the ones left out
  await expect(page.getByTestId("protocol-repository")).toHaveText("https://github.com/me/proj");
  await expect(page.getByTestId("protocol-problem")).toContainText("Run-length encoding");
  await expect(page.getByTestId("protocol-motivation")).toHaveCount(0);
  await expect(page.getByTestId("protocol-references")).toHaveCount(0);

  // on-chain: the project, its roots, its token and the creator's first buy
  const project = await client.readContract({ address: registry(), abi: projectRegistryAbi, functionName: "getProject", args: [projectId] });
  expect(getAddress(project.creator)).toBe(getAddress(creator));
  expect(project.repoSnapshotHash).toBe(await rootOf(files.repoSnapshot));
  expect(project.benchmarkHash).toBe(await rootOf(files.benchmarkBundle));
  expect(project.baselineMetricsHash).toBe(await rootOf(files.baselineMetrics));
  expect(project.baselineAggregateScore).toBe(2_750_000n);

  const stored = await fetch(new URL(`/api/storage/${project.protocolHash}`, baseUrl()));
  expect(stored.status).toBe(200);
  const bytes = new Uint8Array(await stored.arrayBuffer());
  expect((await computeRootAndSize(bytes)).root).toBe(project.protocolHash);
  const protocol = parseProtocolBytes(bytes);
  if (!protocol.ok) throw new Error(protocol.error);
  expect(protocol.protocol.schema).toBe(PROTOCOL_SCHEMA_ID);
  expect(protocol.protocol.title).toBe(`${name}: faster log compression`);
  expect(protocol.protocol.repository).toBe("https://github.com/me/proj");
  expect(Object.keys(protocol.protocol).filter((key) => ["motivation", "existingApproaches", "proposedArchitecture", "experimentalDesign", "reproducibility", "openQuestions", "risks", "references"].includes(key))).toEqual([]);
  expect(protocol.protocol.benchmarkPlan).toMatchObject({ metric: "compression_ratio", direction: "lower", baseline: 2.75, minimumImprovement: 0.01 });

  const config = await client.readContract({ address: registry(), abi: projectRegistryAbi, functionName: "getProjectConfig", args: [projectId] });
  expect(config.lowerIsBetter).toBe(true);
  expect(config.minImprovement).toBe(10_000n);
  expect(config.hasParent).toBe(false);
  expect(config.rewardRule).toBe(rewardRule.Impact);
  expect(config.rewardBps).toBe(2_500);
  expect(config.impactTarget).toBe(2_750_000n);

  const token = project.token;
  expect(await client.readContract({ address: token, abi: projectTokenAbi, functionName: "name" })).toBe(name);
  expect(await client.readContract({ address: token, abi: projectTokenAbi, functionName: "symbol" })).toBe(symbol);
  expect(await client.readContract({ address: token, abi: projectTokenAbi, functionName: "balanceOf", args: [creator] })).toBe(WIZARD_FIRST_BUY);
  expect(await client.readContract({ address: token, abi: projectTokenAbi, functionName: "basePrice" })).toBe(10n ** 14n);
  expect(await client.readContract({ address: token, abi: projectTokenAbi, functionName: "slope" })).toBe(2n * 10n ** 12n);

  // discovery finds it by its unique name once the indexer has caught up
  await expect(async () => {
    await page.goto(new URL("/", baseUrl()).toString());
    await page.getByLabel("Search projects").fill(name);
    await expect(page.getByTestId(`project-row-${projectId}`)).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  expect(pageErrors).toEqual([]);
});

test("bad inputs are explained beside their fields and stop the wizard; a reload keeps what was entered", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const client = chainClient();
  const { name, symbol } = uniqueProjectName();
  const files = wizardFiles(name);
  await openWizard(page);

  // research: a malformed URL and a missing required section; optional ones may stay empty
  await fillResearchStep(page, name, { repository: "not a url" });
  await page.getByLabel("Problem", { exact: true }).fill("");
  await page.getByLabel("Open questions").fill("  \n ");
  await next(page);
  await expectStep(page, "Research");
  await expect(page.getByTestId("error-repository")).toHaveText("The repository must be an http(s) URL.");
  await expect(page.getByLabel("Repository URL")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("error-problem")).toHaveText("The problem is required.");
  await expect(page.getByTestId("wizard-notice")).toBeVisible();
  await expect(page.getByTestId("error-openQuestions")).toHaveCount(0);
  await expect(page.getByTestId("error-title")).toHaveCount(0);
  await page.getByLabel("Repository URL").fill("https://github.com/open-research/wizard-example");
  await page.getByLabel("Problem", { exact: true }).fill("Run-length encoding barely shrinks English-like logs.");
  await expect(page.getByTestId("error-repository")).toHaveCount(0);
  await next(page);

  // benchmark: the baseline metrics file is required, its root shown as soon as it is chosen
  await expectStep(page, "Benchmark");
  await next(page);
  await expectStep(page, "Benchmark");
  await expect(page.getByTestId("error-artifacts.baselineMetrics")).toHaveText("Choose the baseline metrics file.");
  await fillBenchmarkStep(page, files);

  // a reload mid-wizard keeps the entered values and the step
  await page.reload();
  await expect(page.locator("[data-create-wizard]")).toHaveAttribute("data-ready", "true");
  await expectStep(page, "Benchmark");
  await expect(page.getByTestId("draft-restored")).toBeVisible();
  await expect(page.getByLabel("Metric name")).toHaveValue("compression_ratio");
  await expect(page.getByLabel("Baseline score")).toHaveValue("2.75");
  // the chosen file was not uploaded yet: it must be chosen again, and the wizard says so
  await expect(page.getByTestId("forgotten-baselineMetrics")).toContainText("metrics.json");
  await page.getByTestId("wizard-back").click();
  await expectStep(page, "Research");
  await expect(page.getByLabel("Repository URL")).toHaveValue("https://github.com/open-research/wizard-example");
  await expect(page.getByLabel("Problem", { exact: true })).toHaveValue("Run-length encoding barely shrinks English-like logs.");
  await next(page);
  await page.getByLabel("Baseline metrics file").setInputFiles(files.baselineMetrics);
  await expect(page.getByTestId("root-baselineMetrics")).toHaveText(await rootOf(files.baselineMetrics));
  await expect(page.getByTestId("forgotten-baselineMetrics")).toHaveCount(0);
  await next(page);

  // artifacts: nothing goes on until all four are uploaded; uploading needs a wallet
  await expectStep(page, "Artifacts");
  await expect(page.getByTestId("create-connect-prompt").first()).toContainText("Connect a wallet");
  await next(page);
  await expectStep(page, "Artifacts");
  await expect(page.getByTestId("error-artifacts.repoSnapshot")).toContainText("Upload the repository snapshot");
  await actAsWizardCreator(page);
  // a file over the relay's limit is refused beside it, before any upload
  const oversized = testInfo.outputPath("oversized.tar");
  await writeFile(oversized, "");
  await truncate(oversized, RELAY_MAX_BYTES + 1);
  await page.getByLabel("Repository snapshot").setInputFiles(oversized);
  await expect(page.getByTestId("artifact-error-repoSnapshot")).toHaveText("oversized.tar is larger than the relay's limit of 64 MiB per artifact.");
  await expect(page.getByTestId("upload-all-summary")).toHaveText("2 artifacts, one signature in your wallet."); // the metrics file and the protocol
  // an upload that fails midway is retried alone; the ones before it stay uploaded
  await page.getByLabel("Repository snapshot").setInputFiles(files.repoSnapshot);
  const { repoSnapshot: repoRoot } = await uploadAll(page, ["repoSnapshot", "baselineMetrics", "protocol"]);
  await page.getByLabel("Benchmark bundle").setInputFiles(files.benchmarkBundle);
  await page.route("**/api/storage", (route) => (route.request().method() === "POST" ? route.abort("connectionreset") : route.fallback()));
  await page.getByTestId("upload-all").click();
  await expect(page.getByTestId("artifact-error-benchmarkBundle")).toContainText("could not be reached");
  await expect(page.getByTestId("status-benchmarkBundle")).toHaveText("Not uploaded yet");
  await expect(page.getByTestId("status-repoSnapshot")).toHaveText("Uploaded");
  await page.unroute("**/api/storage");
  await expect(page.getByTestId("upload-all")).toHaveText("Retry the upload");
  await page.getByTestId("upload-all").click();
  await expect(page.getByTestId("status-benchmarkBundle")).toHaveText("Uploaded");
  await expect(page.getByTestId("root-benchmarkBundle")).toHaveText(await rootOf(files.benchmarkBundle));
  await expect(page.getByTestId("artifact-error-benchmarkBundle")).toHaveCount(0);
  // the rest as usual (the two uploaded ones keep their roots)
  const roots = await fillArtifactsStep(page, files);
  expect(roots.repoSnapshot).toBe(repoRoot);
  await next(page);

  // uploaded artifacts survive a reload by their roots
  await expectStep(page, "Token");
  await page.reload();
  await expect(page.locator("[data-create-wizard]")).toHaveAttribute("data-ready", "true");
  await expectStep(page, "Token");
  await page.getByRole("button", { name: "Back to Artifacts" }).click();
  for (const [key, root] of Object.entries(roots)) {
    await expect(page.getByTestId(`root-${key}`)).toHaveText(root);
    await expect(page.getByTestId(`status-${key}`)).toHaveText("Uploaded");
  }
  await next(page);

  // token: a symbol too long and curve parameters beyond the contract's bounds
  await expectStep(page, "Token");
  await page.getByLabel("Token name").fill(name);
  await page.getByLabel("Symbol").fill("WAYTOOLONGSYMBOL");
  await page.getByLabel("Base price").fill("400000000"); // > 2^88-1 wei
  await page.getByLabel("Slope").fill("5000"); // > 2^72-1 wei
  await page.getByLabel("Target progress").fill("0");
  await next(page);
  await expectStep(page, "Token");
  await expect(page.getByTestId("error-tokenSymbol")).toContainText("at most 11 characters");
  await expect(page.getByTestId("error-basePrice")).toContainText("overflows the contract's bound of 2^88 − 1 of its smallest unit");
  await expect(page.getByTestId("error-slope")).toContainText("overflows the contract's bound of 2^72 − 1 of its smallest unit");
  await expect(page.getByTestId("curve-chart-empty")).toBeVisible();
  await expect(page.getByTestId("error-impactTarget")).toHaveText("The impact target is an improvement above 0, in metric units.");
  await expect(page.getByTestId("reward-preview-empty")).toBeVisible();
  await page.getByLabel("Target progress").fill("");
  await page.getByLabel("Symbol").fill(symbol);
  await page.getByLabel("Base price").fill("0.0001");
  await page.getByLabel("Slope").fill("0.000002");
  await expect(page.getByTestId("curve-chart")).toBeVisible();
  await expect(page.getByTestId("cost-first-n")).toContainText("The first 100 tokens cost 0.02 ETH");
  // the default schedule (the whole pool over the baseline's size) and no first buy: the first miner's
  // minimum stake is the whole market, and an approval would swamp it
  await expect(page.getByTestId("reward-preview-sentence")).toContainText("With no first buy, the first holder is the first miner");
  await expect(page.getByTestId("reward-preview-warning")).toBeVisible();
  // a first buy of 5,000 tokens absorbs a quarter of the target's 500 tokens
  await page.getByLabel("First buy").fill("5000");
  await expect(page.getByTestId("reward-preview-quarter-minted")).toHaveText("500");
  await expect(page.getByTestId("reward-preview-warning")).toHaveCount(0);
  // the token step (chart included) fits a phone screen too
  await page.setViewportSize({ width: 375, height: 740 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 720 });
  await next(page);
  await expectStep(page, "Review");

  // a draft damaged behind the wizard's back (a symbol too long) cannot be signed
  await page.evaluate((key) => {
    const draft = JSON.parse(window.localStorage.getItem(key)!);
    draft.values.tokenSymbol = "WAYTOOLONGSYMBOL";
    window.localStorage.setItem(key, JSON.stringify(draft));
  }, DRAFT_STORAGE_KEY);
  await page.reload();
  await expect(page.locator("[data-create-wizard]")).toHaveAttribute("data-ready", "true");
  await expectStep(page, "Review");
  const nonceBefore = await client.getTransactionCount({ address: creator });
  await page.getByTestId("publish").click();
  await expectStep(page, "Token");
  await expect(page.getByTestId("error-tokenSymbol")).toContainText("at most 11 characters");
  await expect(page.getByTestId("wizard-notice")).toContainText("before signing");
  expect(page.url()).toMatch(/\/create$/);
  expect(await client.getTransactionCount({ address: creator })).toBe(nonceBefore);

  // start over clears the draft
  await page.getByTestId("start-over").click();
  await expectStep(page, "Research");
  await expect(page.getByLabel("Title")).toHaveValue("");
});

test("the wizard fits a phone screen", async ({ page }, testInfo) => {
  await phoneScreenshot(page, testInfo, "/create", "create");
});
