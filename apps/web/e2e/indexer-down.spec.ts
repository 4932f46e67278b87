/**
 * A web server whose indexer does not answer (a second `next start` of the same build, on the same
 * chain, its indexer URL a port nobody listens on): each page that follows the chain still renders,
 * from the chain, per request (nothing is cached: the cache is keyed by indexed blocks), and says so
 * once, however long it stays open (its live stream hears of no block and adds nothing).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect, test } from "@playwright/test";

import { getFreePort } from "@orm/scripts/lib/ports";
import { projectRegistryAbi, projectTokenAbi } from "@orm/protocol/generated/abis";
import { chainClient, contracts, rpcUrl } from "./support.ts";

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

let server: ChildProcess | undefined;
let webUrl = "";

test.beforeAll(async () => {
  test.setTimeout(90_000);
  const [port, deadIndexerPort] = [await getFreePort(), await getFreePort()];
  server = spawn(process.execPath, [fileURLToPath(import.meta.resolve("next/dist/bin/next")), "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: WEB_DIR,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_PUBLIC_TARGET_NETWORK: "localhost",
      NEXT_PUBLIC_LOCAL_RPC_URL: rpcUrl(),
      NEXT_PUBLIC_INDEXER_URL: `http://127.0.0.1:${deadIndexerPort}`,
      INDEXER_URL: "",
      // The stack's own store (its STORAGE_DIR, the default): only the indexer is missing.
      STORAGE_BACKEND: "local",
    },
    stdio: "ignore",
  });
  webUrl = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 250) {
    if (await fetch(`${webUrl}/api/health`).then(() => true, () => false)) break;
    if (waited > 60_000) throw new Error("the second web server did not start");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

test.afterAll(() => {
  server?.kill("SIGTERM");
});

/** Project 0's token name, read from the chain (the board and the project page show it without the indexer). */
async function tokenName(): Promise<string> {
  const client = chainClient();
  const project = await client.readContract({ address: contracts.ProjectRegistry.address, abi: projectRegistryAbi, functionName: "getProject", args: [0n] });
  return client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "name" });
}

for (const { path: page, shows } of [
  { path: "/", shows: "the board, from the chain" },
  { path: "/projects/0", shows: "the project, from the chain" },
  { path: "/proposals/0", shows: "the proposal, from the chain" },
  { path: "/verify", shows: "the review queue's page" },
]) {
  test(`${page} renders without the indexer (${shows}) and says so once`, async ({ page: tab }) => {
    const name = await tokenName();
    const response = await tab.goto(`${webUrl}${page}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["x-page-cache"], "rendered for this request, not from the cache").toBeUndefined();
    const notice = tab.getByTestId("indexer-down");
    await expect(notice).toHaveCount(1);
    if (page === "/" || page === "/projects/0") await expect(tab.getByText(name).first()).toBeVisible();
    if (page === "/proposals/0") await expect(tab.getByRole("heading", { name: "Proposal #0" })).toBeVisible();
    // The page stays open a while: nothing is added to the one notice.
    await tab.waitForTimeout(3_000);
    await expect(notice).toHaveCount(1);
  });
}
