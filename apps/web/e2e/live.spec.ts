/**
 * Pages that follow the chain by themselves, served from the page cache:
 * - a trade sent from another account appears on an open project page without a reload (pushed by
 *   the live stream; the new row is marked), with the time from indexing to the screen recorded, and
 *   no layout shift while it arrives (the rows it pushes and the page below slide by transform);
 * - two visitors with different wallets get the same cached page, and each sees only its own
 *   wallet's figures (nothing of one visitor's wallet is rendered into the page the other gets);
 * - a stream that drops (its connection cut) reconnects by itself and catches up: a trade that
 *   landed while it was down appears once, without a reload, and no row is shown twice.
 */
import net from "node:net";

import { expect, test } from "@playwright/test";
import { createWalletClient, http, type Address } from "viem";

import { devAccounts } from "../lib/devAccounts.ts";
import { formatTokenAmount, shortenAddress } from "@orm/protocol/format";
import { projectTokenAbi } from "@orm/protocol/generated/abis";
import { readIndexedBlock } from "@orm/protocol/indexerStatus";
import { baseUrl, chainClient, localChain, openAs, rpcUrl } from "./support.ts";

/** The seeded project these tests watch (any project works; this one has trades and a feed). */
const PROJECT_ID = "0";
const OTHER_TRADER = 3;
const VISITOR_A = 9;
const VISITOR_B = 2;

type Project = { token: Address; symbol: string };

/** The indexer's API: direct when the global setup started the stack, else through the app's proxy. */
const indexerUrl = () => process.env.E2E_INDEXER_URL ?? `${baseUrl()}/api/indexer`;

async function readProject(): Promise<Project> {
  const response = await fetch(`${indexerUrl()}/projects/${PROJECT_ID}`);
  return (await response.json()) as Project;
}

/** Buys `amount` tokens from dev account #`index` (the node's unlocked account); returns its block. */
async function buyFrom(index: number, token: Address, amount: bigint): Promise<bigint> {
  const client = chainClient();
  const account = devAccounts[index]!.address;
  const wallet = createWalletClient({ account, chain: localChain(), transport: http(rpcUrl()) });
  const cost = await client.readContract({ address: token, abi: projectTokenAbi, functionName: "quoteBuyExact", args: [amount] });
  const latest = await client.getBlock();
  const hash = await wallet.writeContract({ address: token, abi: projectTokenAbi, functionName: "buyExact", args: [amount, cost, latest.timestamp + 3_600n], value: cost });
  const receipt = await client.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return receipt.blockNumber;
}

test("a trade sent from another account appears on an open project page without a reload", async ({ page }) => {
  test.setTimeout(120_000);
  const project = await readProject();
  const trader = devAccounts[OTHER_TRADER]!.address;
  const streamOpened = page.waitForResponse((answer) => new URL(answer.url()).pathname === "/api/live");
  const response = await page.goto(new URL(`/projects/${PROJECT_ID}`, baseUrl()).toString());
  expect(response?.headers()["x-indexed-block"], "the page is served from the page cache").toMatch(/^\d+$/);
  const feed = page.getByTestId("activity-feed");
  await expect(feed).toBeVisible();
  // A marker on the window: a reload would lose it.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  const idsBefore = await page.getByTestId("activity-item").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-trade-id")));
  // The reader watches the feed: every layout shift from here on is recorded (none was caused by input).
  await feed.scrollIntoViewIfNeeded();
  // Sections drawn for the first time as they scroll into view (content-visibility) take their real
  // height in the next frames: the reader starts watching once that has settled.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 200)))));
  await page.evaluate(() => {
    type Moved = { node: string; dx: number; dy: number };
    const shifts: { value: number; moved: Moved[] }[] = [];
    (window as unknown as { layoutShifts: typeof shifts }).layoutShifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
        sources?: { node?: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
      })[]) {
        if (entry.hadRecentInput) continue;
        const describe = (node: Node | null | undefined) =>
          node instanceof HTMLElement ? `${node.closest("[data-testid]")?.getAttribute("data-testid") ?? ""} ${node.tagName.toLowerCase()}: ${node.textContent?.slice(0, 40) ?? ""}` : String(node?.nodeName);
        shifts.push({
          value: entry.value,
          moved: (entry.sources ?? []).map((source) => ({
            node: describe(source.node),
            dx: source.currentRect.x - source.previousRect.x,
            dy: source.currentRect.y - source.previousRect.y,
          })),
        });
      }
    }).observe({ type: "layout-shift" });
  });
  // The stream is open before the trade is sent (EventSource connects after hydration).
  expect((await streamOpened).headers()["content-type"]).toContain("text/event-stream");

  const amount = 3n;
  const block = await buyFrom(OTHER_TRADER, project.token, amount);
  // When the indexer had it (read every 50 ms), and when the row was on screen.
  let indexedAt = 0;
  while (!indexedAt) {
    const indexed = await readIndexedBlock(indexerUrl());
    if (indexed !== undefined && indexed >= block) indexedAt = Date.now();
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const newRows = page.locator(`[data-testid="activity-item"]${idsBefore.map((id) => `:not([data-trade-id="${id}"])`).join("")}`);
  await expect(newRows).toHaveCount(1);
  const onScreenAt = Date.now();
  const newRow = newRows.first();
  await expect(newRow).toContainText(shortenAddress(trader), { ignoreCase: true }); // the indexer writes addresses in lower case
  await expect(newRow).toContainText(`bought ${formatTokenAmount(amount, project.symbol)}`);
  await expect(newRow).toHaveClass(/live-arrival/); // marked as new, for a moment
  // The rows it pushed down, and the page below a feed that grew, slide there (a transform): nothing
  // on screen jumped down. (A refreshed "2 days ago" that narrows moves only sideways, by its own text.)
  await page.waitForTimeout(1_000);
  type Shift = { value: number; moved: { node: string; dx: number; dy: number }[] };
  const shifts = await page.evaluate(() => (window as unknown as { layoutShifts: Shift[] }).layoutShifts);
  expect(shifts.filter((shift) => shift.moved.some((moved) => moved.dy !== 0)), "layout shifts that moved something up or down while the trade arrived").toEqual([]);
  expect(shifts.reduce((sum, shift) => sum + shift.value, 0), "the layout shift score of the arrival").toBeLessThan(0.0005);
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  const latencyMs = Math.max(0, onScreenAt - indexedAt);
  test.info().annotations.push({ type: "pushed-update-ms", description: `${latencyMs} ms from indexed to on screen` });
  console.log(`[live] trade on screen ${latencyMs} ms after the indexer had its block`);
  // The target is 1 s; a shared CI machine gets some slack before this fails.
  expect(latencyMs).toBeLessThan(3_000);
  // No notice that the indexer is behind stays on screen.
  await expect(page.getByTestId("indexer-down")).toHaveCount(0);
});

test("two visitors with different wallets get the same cached page and only their own wallet's figures", async ({ browser }) => {
  test.setTimeout(180_000);
  const project = await readProject();
  const client = chainClient();
  const path = `/projects/${PROJECT_ID}`;
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  try {
    const pageA = await contextA.newPage();
    const pageB = await contextB.newPage();
    const addressA = await openAs(pageA, path, VISITOR_A);
    const addressB = await openAs(pageB, path, VISITOR_B);
    for (const [page, address] of [
      [pageA, addressA],
      [pageB, addressB],
    ] as const) {
      const held = await client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "balanceOf", args: [address] });
      await expect(page.getByTestId("trade-balance")).toHaveText(formatTokenAmount(held));
    }
    // The documents both visitors get (cookies and storage of a connected wallet included) are the
    // one rendered page: nothing per visitor is in it.
    const documentOf = async (context: typeof contextA) => {
      const response = await context.request.get(new URL(path, baseUrl()).toString());
      return { block: response.headers()["x-indexed-block"], html: await response.text() };
    };
    const [documentA, documentB] = await Promise.all([documentOf(contextA), documentOf(contextB)]);
    expect(documentA.block).toMatch(/^\d+$/);
    if (documentA.block === documentB.block) expect(documentA.html).toBe(documentB.html);
    // The wallet's figures are placeholders in the document and no account is shown in it.
    for (const document of [documentA, documentB]) {
      expect(document.html).toContain('data-testid="trade-balance">—</span>');
      expect(document.html).not.toContain('data-testid="account-address"');
    }
  } finally {
    await contextA.close();
    await contextB.close();
  }
});

/**
 * A TCP relay in front of the web server, so a test can cut the page's connections: `drop()` destroys
 * every open one (the live stream's included) and refuses new ones until `restore()`.
 */
async function startRelay(target: URL) {
  const sockets = new Set<net.Socket>();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    drop() {
      refusing = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      refusing = false;
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

test("a live stream that drops reconnects by itself and catches up on what landed meanwhile, once", async ({ page }) => {
  test.setTimeout(180_000);
  const project = await readProject();
  const relay = await startRelay(new URL(baseUrl()));
  try {
    // Counts the page's stream (re)connections and drops, without changing what the stream does.
    await page.addInitScript(() => {
      const Native = window.EventSource;
      const seen = { opens: 0, errors: 0 };
      (window as unknown as { liveStream: typeof seen }).liveStream = seen;
      window.EventSource = class extends Native {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          this.addEventListener("open", () => seen.opens++);
          this.addEventListener("error", () => seen.errors++);
        }
      };
    });
    await page.goto(`${relay.url}/projects/${PROJECT_ID}`);
    await expect(page.getByTestId("activity-feed")).toBeVisible();
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    const stream = () => page.evaluate(() => ({ ...(window as unknown as { liveStream: { opens: number; errors: number } }).liveStream }));
    await expect.poll(async () => (await stream()).opens).toBe(1);
    const idsBefore = await page.getByTestId("activity-item").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-trade-id")));

    // The connection drops; a trade lands and is indexed while the page cannot hear of it.
    relay.drop();
    await expect.poll(async () => (await stream()).errors, { message: "the page saw its stream drop" }).toBeGreaterThan(0);
    const block = await buyFrom(OTHER_TRADER, project.token, 2n);
    await expect.poll(async () => (await readIndexedBlock(indexerUrl())) ?? 0n, { timeout: 30_000 }).toBeGreaterThanOrEqual(block);
    const newRows = page.locator(`[data-testid="activity-item"]${idsBefore.map((id) => `:not([data-trade-id="${id}"])`).join("")}`);
    await page.waitForTimeout(1_500); // a reconnection attempt or two is refused meanwhile
    await expect(newRows).toHaveCount(0);

    // The server is reachable again: the stream reconnects by itself, and its first block brings the page up to date.
    relay.restore();
    await expect.poll(async () => (await stream()).opens, { timeout: 30_000, message: "the stream reconnected" }).toBeGreaterThan(1);
    await expect(newRows).toHaveCount(1, { timeout: 30_000 });
    await expect(newRows.first()).toContainText(`bought ${formatTokenAmount(2n, project.symbol)}`);
    // Later blocks and refreshes show each trade once.
    await page.waitForTimeout(2_000);
    const ids = await page.getByTestId("activity-item").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-trade-id")));
    expect(ids.length, "no trade is listed twice").toBe(new Set(ids).size);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), "caught up without a reload").toBe(true);
    await expect(page.getByTestId("indexer-down")).toHaveCount(0);
  } finally {
    await relay.close();
  }
});
