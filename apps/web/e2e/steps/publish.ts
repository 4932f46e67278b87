/**
 * Browser steps through the publish wizard (`/create`), for any spec that needs a fresh project:
 *
 *   const { projectId, name, symbol } = await publishProjectThroughWizard(page, { direction: "lower" });
 *
 * publishes as dev account #7 (a creator) with small artifact files made here, a first buy of
 * `WIZARD_FIRST_BUY` tokens, and returns once the browser is on `/projects/<id>`. The smaller
 * steps (one per wizard screen) are exported too, for specs that stop mid-way.
 */
import { expect, type Page } from "@playwright/test";

import { computeRootAndSize } from "@orm/protocol/storage/root";
import { baseUrl, connectDevWallet, useDevAccount } from "../support.ts";

export const WIZARD_CREATOR_INDEX = 7;
export const WIZARD_FIRST_BUY = 5n;
/** The curve the happy path types: 0.0001 ETH + 0.000002 ETH per token sold. */
export const WIZARD_CURVE = { basePrice: "0.0001", slope: "0.000002" } as const;

export type PublishThroughWizardOptions = { name?: string; symbol?: string; direction?: "higher" | "lower" };
export type PublishedThroughWizard = { projectId: bigint; name: string; symbol: string };

export type WizardFile = { name: string; mimeType: string; buffer: Buffer };
export type WizardFiles = { repoSnapshot: WizardFile; benchmarkBundle: WizardFile; baselineMetrics: WizardFile };

/** Small artifact files unique to `name` (any bytes will do: the relay stores bytes, not tars). */
export function wizardFiles(name: string): WizardFiles {
  return {
    repoSnapshot: { name: "repo.tar", mimeType: "application/x-tar", buffer: Buffer.from(`repository snapshot of ${name}\nsrc/main.py\n`) },
    benchmarkBundle: { name: "bench.tar", mimeType: "application/x-tar", buffer: Buffer.from(`benchmark bundle of ${name}\nbench.sh\n`) },
    baselineMetrics: {
      name: "metrics.json",
      mimeType: "application/json",
      buffer: Buffer.from(`${JSON.stringify({ project: name, score: 2.75 })}\n`),
    },
  };
}

/** The 0G root of a file's bytes, as the browser computes it. */
export async function rootOf(file: WizardFile): Promise<string> {
  return (await computeRootAndSize(new Uint8Array(file.buffer))).root;
}

/** A name and symbol no other run has used. */
export function uniqueProjectName(): { name: string; symbol: string } {
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 3).toString(36)}`.toUpperCase();
  return { name: `Wizard ${tag}`, symbol: `W${tag.slice(-6)}` };
}

/** Opens `/create` and waits until the wizard has restored any draft (typing before that is lost). */
export async function openWizard(page: Page): Promise<void> {
  await page.goto(new URL("/create", baseUrl()).toString());
  await expect(page.locator("[data-create-wizard]")).toHaveAttribute("data-ready", "true");
}

/** Connects the dev wallet if needed and acts as the creator #7. */
export async function actAsWizardCreator(page: Page): Promise<void> {
  if (!(await page.getByTestId("account-address").isVisible())) await connectDevWallet(page);
  await useDevAccount(page, WIZARD_CREATOR_INDEX);
}

export async function expectStep(page: Page, title: string): Promise<void> {
  await expect(page.getByTestId("wizard-step-title")).toHaveText(new RegExp(`^\\d\\. ${title}$`));
}

export async function fillResearchStep(page: Page, name: string, overrides: { repository?: string } = {}): Promise<void> {
  await expectStep(page, "Research");
  await page.getByLabel("Repository URL").fill(overrides.repository ?? "https://github.com/open-research/wizard-example");
  await page.getByLabel("Title").fill(`${name}: faster log compression`);
  await page.getByLabel("Research domain").fill("Compression");
  await page.getByLabel("Problem", { exact: true }).fill("Run-length encoding barely shrinks English-like logs.");
  await page.getByLabel("Motivation", { exact: true }).fill("Log storage is a large share of infrastructure cost.");
  await page.getByLabel("Existing approaches").fill("gzip and zstd with default dictionaries.");
  await page.getByLabel("Proposed architecture").fill("A small context-mixing model over byte histories.");
  await page.getByLabel("Experimental design").fill("Compress the fixed corpus; report the compression ratio.");
  await page.getByLabel("Reproducibility steps").fill("npm install\nnode bench.mjs");
  await page.getByLabel("Open questions").fill("Does it generalise to JSON logs?");
  await page.getByLabel("Risks", { exact: true }).fill("Overfitting to the corpus.");
  await page.getByLabel("References").fill("https://example.org/context-mixing");
}

export async function fillBenchmarkStep(page: Page, files: WizardFiles, direction: "higher" | "lower" = "higher"): Promise<void> {
  await expectStep(page, "Benchmark");
  await page.getByLabel("Metric name").fill("compression_ratio");
  await page.getByLabel("Unit").fill("x");
  await page.getByLabel("Direction").selectOption(direction);
  await page.getByLabel("Minimum improvement").fill("0.01");
  await page.getByLabel("Benchmark command").fill("node bench.mjs");
  await page.getByLabel("Runs").fill("1");
  await page.getByLabel("Tolerance").fill("1");
  await page.getByLabel("Baseline score").fill("2.75");
  await page.getByLabel("Baseline metrics file").setInputFiles(files.baselineMetrics);
  await expect(page.getByTestId("root-baselineMetrics")).toHaveText(await rootOf(files.baselineMetrics));
}

export type ArtifactKey = "repoSnapshot" | "benchmarkBundle" | "baselineMetrics" | "protocol";

/**
 * Clicks "Upload all" after checking each of `keys` shows its root and is not uploaded yet, and
 * waits until all of them are uploaded with the same roots. Returns the roots.
 */
export async function uploadAll(page: Page, keys: readonly ArtifactKey[]): Promise<Partial<Record<ArtifactKey, string>>> {
  const roots: Partial<Record<ArtifactKey, string>> = {};
  for (const key of keys) {
    roots[key] = (await page.getByTestId(`root-${key}`).textContent())!;
    expect(roots[key]).toMatch(/^0x[0-9a-f]{64}$/);
    await expect(page.getByTestId(`status-${key}`)).toHaveText("Not uploaded yet");
  }
  await expect(page.getByTestId("upload-all-summary")).toHaveText(`${keys.length === 1 ? "1 artifact" : `${keys.length} artifacts`}, one signature in your wallet.`);
  await page.getByTestId("upload-all").click();
  for (const key of keys) {
    await expect(page.getByTestId(`status-${key}`)).toHaveText("Uploaded", { timeout: 30_000 });
    await expect(page.getByTestId(`root-${key}`)).toHaveText(roots[key]!);
  }
  return roots;
}

/**
 * Chooses the files not uploaded yet, checks each root is shown (computed in the browser) before its
 * upload, and uploads them and the generated protocol document with "Upload all". Returns the four roots.
 */
export async function fillArtifactsStep(page: Page, files: WizardFiles): Promise<Record<ArtifactKey, string>> {
  await expectStep(page, "Artifacts");
  const roots: Partial<Record<ArtifactKey, string>> = {};
  const pending: ArtifactKey[] = [];
  for (const [key, label] of [
    ["repoSnapshot", "Repository snapshot"],
    ["benchmarkBundle", "Benchmark bundle"],
    ["baselineMetrics", "Baseline metrics file"],
  ] as const) {
    const expected = await rootOf(files[key]);
    const status = page.getByTestId(`status-${key}`);
    const statusText = (await status.count()) > 0 ? await status.textContent() : null;
    const done = statusText === "Uploaded" && (await page.getByTestId(`root-${key}`).textContent()) === expected;
    if (!done) {
      // a file chosen in this page is still held (status "Not uploaded yet"); otherwise choose it
      if (statusText !== "Not uploaded yet" || (await page.getByTestId(`forgotten-${key}`).count()) > 0) await page.getByLabel(label).setInputFiles(files[key]);
      await expect(page.getByTestId(`root-${key}`)).toHaveText(expected);
      pending.push(key);
    }
    roots[key] = expected;
  }
  await expect(page.getByTestId("root-protocol")).toHaveText(/^0x[0-9a-f]{64}$/);
  if ((await page.getByTestId("status-protocol").textContent()) !== "Uploaded") pending.push("protocol");
  if (pending.length > 0) Object.assign(roots, await uploadAll(page, pending));
  roots.protocol = (await page.getByTestId("root-protocol").textContent())!;
  return roots as Record<ArtifactKey, string>;
}

export async function fillTokenStep(page: Page, { name, symbol }: { name: string; symbol: string }): Promise<void> {
  await expectStep(page, "Token");
  await page.getByLabel("Token name").fill(name);
  await page.getByLabel("Symbol").fill(symbol);
  await page.getByLabel("Base price").fill(WIZARD_CURVE.basePrice);
  await page.getByLabel("Slope").fill(WIZARD_CURVE.slope);
  await page.getByLabel("Miner pool cap").fill("2000");
  await page.getByLabel("Minimum stake").fill("1");
  await page.getByLabel("First buy").fill(WIZARD_FIRST_BUY.toString());
  await expect(page.getByTestId("first-buy-cost")).toContainText("You pay exactly");
}

export async function next(page: Page): Promise<void> {
  await page.getByTestId("wizard-next").click();
}

/**
 * Publishes a new project through the wizard as dev account #7 and lands on its page.
 * `name` is the token's name (the title starts with it too); defaults are unique per call.
 */
export async function publishProjectThroughWizard(
  page: Page,
  options: PublishThroughWizardOptions = {},
): Promise<PublishedThroughWizard> {
  const generated = uniqueProjectName();
  const name = options.name ?? generated.name;
  const symbol = options.symbol ?? generated.symbol;
  const files = wizardFiles(name);

  await openWizard(page);
  await actAsWizardCreator(page);
  if (await page.getByTestId("draft-restored").isVisible()) await page.getByTestId("start-over").click();

  await fillResearchStep(page, name);
  await next(page);
  await fillBenchmarkStep(page, files, options.direction ?? "higher");
  await next(page);
  const roots = await fillArtifactsStep(page, files);
  await next(page);
  await fillTokenStep(page, { name, symbol });
  await next(page);

  await expectStep(page, "Review");
  await expect(page.getByTestId("review-token")).toHaveText(`${name} · ${symbol}`);
  for (const [key, root] of Object.entries(roots)) await expect(page.getByTestId(`review-root-${key}`)).toHaveText(root);
  await page.getByTestId("publish").click();
  await page.waitForURL(/\/projects\/\d+$/, { timeout: 60_000 });
  const projectId = BigInt(/\/projects\/(\d+)$/.exec(page.url())![1]!);
  return { projectId, name, symbol };
}
