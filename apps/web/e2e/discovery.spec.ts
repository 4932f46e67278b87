/**
 * The speculator's discovery board and project page, read-only (no wallet): search, every sort
 * against the indexer's own order, cursor pagination, not-found pages, the project page's protocol,
 * supply note (the miner pool, not the curve's storage cap), scores and best-score history
 * (improvements in the metric's better direction), chart and research graph, the curve's trade preview, links that
 * prefetch only when reached for, and phone-width screenshots. Expectations come from the indexer
 * (through the app's proxy) and the stored artifacts at the time of the check; other specs may trade
 * concurrently, so orders that trades can move are compared with a fresh read until they agree.
 */
import { expect, test, type Page } from "@playwright/test";

import { describeScoreChange, describeSupplyNote } from "../lib/discovery.ts";
import type { Page as IndexerPage, ProjectDetail, ProjectListItem } from "../lib/indexer.ts";
import { formatImprovement, projectNameOf } from "@orm/protocol/format";
import { projectTokenAbi } from "@orm/protocol/generated/abis";
import { baseUrl, chainClient, phoneScreenshot } from "./support.ts";

const url = (path: string) => new URL(path, baseUrl()).toString();

async function api<result>(path: string): Promise<result> {
  const response = await fetch(url(`/api/indexer${path}`));
  expect(response.ok, `GET /api/indexer${path}`).toBe(true);
  return (await response.json()) as result;
}

/** The project ids of the board's rows, in order. */
async function rowIds(page: Page): Promise<string[]> {
  await expect(page.getByTestId("discovery-board")).toBeVisible();
  const ids = await page.locator('[data-testid^="project-row-"]').evaluateAll((rows) => rows.map((row) => row.getAttribute("data-testid")!));
  return ids.map((id) => id.replace("project-row-", ""));
}

async function allProjects(): Promise<ProjectListItem[]> {
  return (await api<IndexerPage<ProjectListItem>>("/projects?sort=newest&limit=100")).items;
}

test("search finds a project by a word of its name and not the others", async ({ page }) => {
  const projects = await allProjects();
  // A project is named by its protocol's title; the token's name and symbol stand beside it.
  const distinctive = (word: string) => word.length >= 4 && projects.filter((other) => projectNameOf(other).toLowerCase().includes(word.toLowerCase())).length === 1;
  // A word that names exactly one project (and no other's name).
  const target = projects.find((project) => projectNameOf(project).split(/\s+/).some(distinctive));
  expect(target, "a seeded project with a distinctive word").toBeDefined();
  expect(target!.title, "the indexer read the title from the protocol artifact").toBeTruthy();
  const word = projectNameOf(target!).split(/\s+/).find(distinctive)!;
  const expected = (await api<IndexerPage<ProjectListItem>>(`/projects?q=${encodeURIComponent(word)}`)).items.map((item) => item.id);
  expect(expected).toContain(target!.id);

  await page.goto(url("/"));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.getByLabel("Search projects").fill(word);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForURL(new RegExp(`[?&]q=${encodeURIComponent(word)}`));
  await expect(page.getByTestId(`project-row-${target!.id}`)).toBeVisible();
  expect((await rowIds(page)).sort()).toEqual([...expected].sort());
  const other = projects.find((project) => !expected.includes(project.id))!;
  await expect(page.getByTestId(`project-row-${other.id}`)).toHaveCount(0);
  // the row links to the project by its title, with the token's symbol and name beside it
  const row = page.getByTestId(`project-row-${target!.id}`);
  await expect(row.getByRole("link", { name: target!.title!, exact: true })).toHaveAttribute("href", `/projects/${target!.id}`);
  await expect(row.getByTestId("row-token")).toHaveText(`${target!.symbol} ${target!.name}`);
  // the row's score is in the unit its protocol artifact names (read by the artifact's root)
  const protocol = (await (await fetch(url(`/api/storage/${target!.protocolHash}`))).json()) as { benchmarkPlan: { unit: string } };
  await expect(page.getByTestId(`project-row-${target!.id}`).getByTestId("row-score")).toContainText(protocol.benchmarkPlan.unit);

  // a search that matches nothing says so
  await page.getByLabel("Search projects").fill("zz-no-such-project-zz");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForURL(/zz-no-such-project-zz/);
  await expect(page.getByTestId("board-empty")).toHaveText(/No project matches “zz-no-such-project-zz”/);
});

test("each sort orders the board as the indexer does", async ({ page }) => {
  await page.goto(url("/"));
  const sorts = [
    ["trending", "Trending"],
    ["newest", "New"],
    ["marketCap", "Market cap"],
    ["improvement", "Improvement"],
    ["activity", "Recent activity"],
  ] as const;
  const orders: Record<string, string[]> = {};
  for (const [sort, label] of sorts) {
    await page.getByRole("navigation", { name: "Sort projects" }).getByRole("link", { name: label, exact: true }).click();
    if (sort === "trending") await expect(page).not.toHaveURL(/sort=/, { timeout: 45_000 });
    else await expect(page).toHaveURL(new RegExp(`sort=${sort}`), { timeout: 45_000 });
    await expect(page.getByTestId(`sort-${sort}`)).toHaveAttribute("aria-current", "page", { timeout: 45_000 });
    // Trades by other specs can reorder trending, market cap and activity between the two reads.
    await expect(async () => {
      const shown = await rowIds(page);
      const expected = (await api<IndexerPage<ProjectListItem>>(`/projects?sort=${sort}&limit=20`)).items.map((item) => item.id);
      if (JSON.stringify(shown) !== JSON.stringify(expected)) {
        await page.reload();
        expect(await rowIds(page)).toEqual(expected);
      }
      orders[sort] = expected;
    }).toPass({ timeout: 45_000 });
  }
  // the sorts are not all the same order (the seeded world tells them apart)
  expect(new Set(Object.values(orders).map((order) => order.join())).size).toBeGreaterThan(1);
  // newest is by id, descending
  expect(orders.newest).toEqual([...orders.newest!].sort((a, b) => Number(b) - Number(a)));
});

test("pages through the board with cursors, forward and back", async ({ page }) => {
  await page.goto(url("/?sort=newest&limit=3"));
  const first = await rowIds(page);
  expect(first).toHaveLength(3);
  const expectedFirst = (await api<IndexerPage<ProjectListItem>>("/projects?sort=newest&limit=3")).items.map((item) => item.id);
  expect(first).toEqual(expectedFirst);
  await expect(page.getByRole("link", { name: "Previous" })).toHaveCount(0);

  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/cursor=/, { timeout: 45_000 });
  await expect(page.getByTestId("page-number")).toHaveText("Page 2");
  const cursor = new URL(page.url()).searchParams.get("cursor")!;
  const second = await rowIds(page);
  const expectedSecond = (await api<IndexerPage<ProjectListItem>>(`/projects?sort=newest&limit=3&cursor=${cursor}`)).items.map((item) => item.id);
  expect(second).toEqual(expectedSecond);
  expect(second.length).toBeGreaterThan(0);
  expect(second.filter((id) => first.includes(id))).toEqual([]);
  expect(Number(second[0])).toBeLessThan(Number(first.at(-1)));

  await page.getByRole("link", { name: "Previous" }).click();
  await expect(page).not.toHaveURL(/cursor=/, { timeout: 45_000 });
  // Back on the first page (a project published meanwhile by another spec would lead it).
  const again = (await api<IndexerPage<ProjectListItem>>("/projects?sort=newest&limit=3")).items.map((item) => item.id);
  await expect.poll(() => rowIds(page), { timeout: 45_000 }).toEqual(again);
});

test("filters: forks of a project and projects with open proposals", async ({ page }) => {
  const projects = await allProjects();
  const fork = projects.find((project) => project.parentProjectId !== null)!;
  expect(fork, "the seeded world has a fork").toBeDefined();
  await page.goto(url("/"));
  await page.getByLabel("Forks of project").fill(fork.parentProjectId!);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForURL(new RegExp(`[?&]parent=${fork.parentProjectId}`));
  const forks = projects.filter((project) => project.parentProjectId === fork.parentProjectId).map((project) => project.id);
  expect((await rowIds(page)).sort()).toEqual(forks.sort());

  await page.goto(url("/?open=1&sort=newest"));
  await expect(async () => {
    const open = (await api<IndexerPage<ProjectListItem>>("/projects?hasOpenProposals=true&sort=newest&limit=20")).items.map((item) => item.id);
    await page.reload();
    expect(await rowIds(page)).toEqual(open);
  }).toPass({ timeout: 30_000 });
});

test("links prefetch their page when reached for, not all at once on load", async ({ page }) => {
  const prefetched: string[] = [];
  page.on("request", (request) => {
    const requested = new URL(request.url());
    if (requested.searchParams.has("_rsc")) prefetched.push(requested.pathname + requested.search.replace(/[?&]_rsc=[^&]*/, ""));
  });
  await page.goto(url("/"), { waitUntil: "networkidle" });
  const [first] = await rowIds(page);
  expect(prefetched, "nothing is prefetched while the page loads").toEqual([]);

  const link = page.getByTestId(`project-row-${first}`).locator(`a[href="/projects/${first}"]`).first();
  await link.hover();
  await expect.poll(() => prefetched.filter((path) => path === `/projects/${first}`).length).toBeGreaterThan(0);
  expect(prefetched.every((path) => path === `/projects/${first}`), `only the hovered link: ${prefetched.join(", ")}`).toBe(true);
  await link.click();
  await expect(page).toHaveURL(url(`/projects/${first}`));
  await expect(page.getByTestId("protocol-title")).toBeVisible();
});

test("unknown project ids show the not-found page", async ({ page }) => {
  for (const id of ["999999", "abc", "1e3", "123456789012345678901234567890123456789"]) {
    const response = await page.goto(url(`/projects/${id}`));
    expect(response?.status(), `/projects/${id} answers 404`).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This project does not exist.");
  }
});

test("the project page shows the protocol, scores, history, chart and research graph", async ({ page }) => {
  const projects = await allProjects();
  const details = await Promise.all(projects.map((project) => api<ProjectDetail>(`/projects/${project.id}`)));
  const project = details.find((detail) => detail.bestHistory.length > 0 && detail.tradeCount > 0)!;
  expect(project, "a seeded project with an improved best score").toBeDefined();
  const stored = await fetch(url(`/api/storage/${project.protocolHash}`));
  const protocol = (await stored.json()) as { title: string; problem: string; benchmarkPlan: { unit: string; command: string }; risks: string[] };

  await page.goto(url(`/projects/${project.id}`));
  // named by its protocol's title, the token's symbol and name beside it
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(protocol.title);
  await expect(page.getByTestId("project-token-name")).toHaveText(`${project.symbol} ${project.name}`);
  await expect(page.getByTestId("project-supply")).toHaveText(/^\d{1,3}(,\d{3})*$/);
  await expect(page.getByTestId("project-price")).toHaveText(/ETH$/);
  await expect(page.getByTestId("project-holders")).toHaveText(/^\d[\d,]*$/);
  await expect(page.getByTestId("project-market-cap")).toHaveText(/ETH$/);
  await expect(page.getByTestId("backing-ratio")).toContainText(/Reserve covers [\d.]+% of the curve/);
  // under the supply: the miner pool a buyer is diluted by, not the curve's storage cap (2^48 − 1)
  const maxBuyable = await chainClient().readContract({ address: project.token, abi: projectTokenAbi, functionName: "maxBuyable" });
  const supplyNote = describeSupplyNote({ minerPoolMinted: BigInt(project.minerPoolMinted), minerPoolCap: BigInt(project.minerPoolCap), maxBuyable });
  await expect(page.getByTestId("supply-note")).toHaveText(supplyNote);
  await expect(page.getByTestId("project-supply").locator("xpath=ancestor::dl")).not.toContainText(/limit|281/);

  // the protocol, from its stored artifact
  const section = page.getByTestId("protocol");
  await expect(section.getByTestId("protocol-title")).toHaveText(protocol.title);
  for (const heading of ["Problem", "Motivation", "Existing approaches", "Proposed architecture", "Experimental design", "Benchmark plan", "Reproducibility steps", "Open questions", "Risks", "References"]) {
    await expect(section.getByRole("heading", { name: heading, exact: true })).toBeVisible();
  }
  await expect(section).toContainText(protocol.problem);
  await expect(section).toContainText(protocol.benchmarkPlan.command);
  await expect(section).toContainText(protocol.risks[0]!);
  await expect(section.getByTestId("artifact-protocol").getByRole("link", { name: "Download" })).toHaveAttribute("href", `/api/storage/${project.protocolHash}`);
  await expect(section.getByTestId("artifact-repo").getByRole("link", { name: "Download" })).toHaveAttribute("href", `/api/storage/${project.repoSnapshotHash}`);

  // baseline and best in the metric's unit; each best step links to its proposal
  await expect(page.getByTestId("baseline-score")).toContainText(protocol.benchmarkPlan.unit);
  await expect(page.getByTestId("best-score")).toContainText(protocol.benchmarkPlan.unit);
  // improvements read as positive amounts in the metric's better direction, on the change and on every step
  const metric = { metricScale: BigInt(project.metricScale), lowerIsBetter: project.lowerIsBetter, unit: protocol.benchmarkPlan.unit };
  const change = describeScoreChange({ baseline: BigInt(project.baselineScore), best: BigInt(project.bestScore), ...metric }, { maxDecimals: 6 });
  await expect(page.getByTestId("score-change")).toContainText(change.text);
  if (BigInt(project.baselineScore) !== 0n) expect(change.change).toMatch(project.lowerIsBetter ? /^[\d,.<]+% lower$/ : /^[\d,.<]+% higher$/);
  const steps = page.getByTestId("best-step");
  await expect(steps).toHaveCount(project.bestHistory.length);
  for (const [index, step] of project.bestHistory.entries()) {
    await expect(steps.nth(index).getByRole("link")).toHaveAttribute("href", `/proposals/${step.proposalId}`);
    await expect(steps.nth(index)).toContainText(step.codeHash.slice(0, 8));
    const improvement = formatImprovement(BigInt(step.improvement), metric.metricScale, metric);
    expect(improvement).toMatch(project.lowerIsBetter ? / lower$/ : / higher$/);
    await expect(steps.nth(index).getByTestId("best-step-improvement")).toHaveText(improvement);
  }

  // the chart plots points once it nears the viewport; the activity feed lists the latest trade first
  await page.getByTestId("price-chart").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("price-chart")).toHaveAttribute("data-points", /^[1-9]\d*$/);
  const points = Number(await page.getByTestId("price-chart").getAttribute("data-points"));
  await page.getByTestId("chart-range-all").click();
  await expect(page.getByTestId("price-chart")).toHaveAttribute("data-range", "all");
  expect(points).toBeGreaterThan(0);
  const [latest] = (await api<IndexerPage<{ trader: string }>>(`/projects/${project.id}/trades?limit=1`)).items;
  const items = page.getByTestId("activity-feed").getByTestId("activity-item");
  await expect(items.first()).toBeVisible();
  expect(await items.count()).toBeGreaterThan(0);
  await expect(items.first()).toContainText(/(bought|sold) [\d,]+ \S+ for [\d.,<\s]+ETH/);
  expect(latest).toBeDefined();

  await expect(page.getByRole("link", { name: "Propose an improvement" })).toHaveAttribute("href", `/projects/${project.id}/propose`);
});

test("the curve draws the trade panel's preview at supply ± amount", async ({ page }) => {
  const project = (await allProjects()).find((item) => BigInt(item.totalSupply) > 10n)!;
  await page.goto(url(`/projects/${project.id}`));
  const curve = page.getByTestId("bonding-curve");
  const supply = BigInt((await curve.getAttribute("data-supply"))!);
  await expect(curve.getByTestId("curve-preview")).toHaveCount(0);
  // the chart (lightweight-charts) draws once it nears the viewport
  await curve.scrollIntoViewIfNeeded();
  await expect(curve.getByTestId("bonding-curve-chart")).toHaveAttribute("data-points", /^[1-9]\d*$/);
  const send = (detail: { projectId: string; side: "buy" | "sell"; amount: string }) =>
    page.evaluate((d) => window.dispatchEvent(new CustomEvent("orm:trade-preview", { detail: d })), detail);

  // The trade panel loads when the visitor reaches for it, and announces its own (empty) preview
  // when it mounts: open it first. The page may still be hydrating too: announce until the curve listens.
  await expect(page.getByTestId("trade-panel")).toHaveCount(0);
  await page.getByTestId("trade-open").focus(); // reaching for the panel loads it
  await expect(page.getByTestId("trade-panel")).toBeVisible({ timeout: 30_000 });
  await expect(async () => {
    await send({ projectId: project.id, side: "buy", amount: "7" });
    await expect(curve).toHaveAttribute("data-preview", String(supply + 7n), { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(curve.getByTestId("curve-preview")).toHaveCount(1);
  await expect(curve.getByTestId("curve-preview")).toContainText(`After the trade: ${supply + 7n}`);
  await send({ projectId: project.id, side: "sell", amount: "5" });
  await expect(curve).toHaveAttribute("data-preview", String(supply - 5n));
  // another project's preview leaves this one alone; "0" clears it
  await send({ projectId: `${project.id}9`, side: "buy", amount: "1" });
  await expect(curve).toHaveAttribute("data-preview", String(supply - 5n));
  await send({ projectId: project.id, side: "buy", amount: "0" });
  await expect(curve).toHaveAttribute("data-preview", "");
  await expect(curve.getByTestId("curve-preview")).toHaveCount(0);
});

test("the trade panel keeps its size when its code arrives, and keeps what the visitor asked of it", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  const project = (await allProjects())[0]!;
  const open = async () => {
    await page.goto(url(`/projects/${project.id}`));
    const idle = page.getByTestId("trade-panel-idle");
    await expect(idle).toBeVisible();
    return { idle, box: (await idle.boundingBox())! };
  };
  const panel = page.getByTestId("trade-panel");

  // picking a side reaches for the panel; it arrives on that side, in the idle panel's place and size
  const first = await open();
  await first.idle.getByTestId("trade-tab-sell").click();
  await expect(panel).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByTestId("trade-tab-sell")).toHaveAttribute("aria-selected", "true");
  await expect(panel.getByTestId("trade-spot-price")).toHaveText(/ETH$/, { timeout: 30_000 });
  const loaded = (await panel.boundingBox())!;
  expect(Math.abs(loaded.y - first.box.y)).toBeLessThanOrEqual(1);
  expect(Math.abs(loaded.height - first.box.height)).toBeLessThanOrEqual(1);

  // a tap in the idle amount field ends in the panel's amount field, ready for typing
  const second = await open();
  await second.idle.getByTestId("trade-amount").click();
  await expect(panel).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByTestId("trade-tab-buy")).toHaveAttribute("aria-selected", "true");
  await expect(panel.getByTestId("trade-amount")).toBeFocused();
  await page.keyboard.type("3");
  await expect(panel.getByTestId("trade-amount")).toHaveValue("3");
});

test("a fork links to its parent, and the parent lists its forks", async ({ page }) => {
  const fork = (await allProjects()).find((project) => project.parentProjectId !== null)!;
  await page.goto(url(`/projects/${fork.id}`));
  await expect(page.getByTestId("parent-link")).toHaveAttribute("href", `/projects/${fork.parentProjectId}`);
  await expect(page.getByTestId("graph-parent")).toHaveAttribute("href", `/projects/${fork.parentProjectId}`);
  await page.getByTestId("graph-parent").click();
  await expect(page).toHaveURL(new RegExp(`/projects/${fork.parentProjectId}$`));
  await expect(page.getByTestId(`fork-${fork.id}`)).toHaveText(projectNameOf(fork));
  expect(fork.title, "the fork's title, from its protocol").toBeTruthy();
  await expect(page.getByTestId(`fork-${fork.id}`)).toHaveAttribute("href", `/projects/${fork.id}`);
});

test("discovery and a project page fit a phone screen", async ({ page }, testInfo) => {
  const project = (await allProjects()).find((item) => item.parentProjectId === null)!;
  await phoneScreenshot(page, testInfo, "/", "discovery");
  await phoneScreenshot(page, testInfo, `/projects/${project.id}`, "project");
});
