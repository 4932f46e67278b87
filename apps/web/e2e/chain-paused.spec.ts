/**
 * The chain's node stopped for a few seconds (SIGSTOP, as `test/stack/instances.e2e.ts` does): open
 * pages (one that follows the chain, and the portfolio, which does not) say the chain is not
 * answering, and once the node is continued the sentence goes away and the page follows new blocks
 * again by itself, without a reload. Bounded: the node is paused
 * for at most `PAUSE_LIMIT_MS` and always continued.
 */
import { execFileSync } from "node:child_process";

import { expect, test } from "@playwright/test";
import { createWalletClient, http } from "viem";

import { devAccounts } from "../lib/devAccounts.ts";
import { formatTokenAmount } from "@orm/protocol/format";
import { projectTokenAbi } from "@orm/protocol/generated/abis";
import { baseUrl, chainClient, localChain, rpcUrl } from "./support.ts";

const PROJECT_PATH = "/projects/0";
/** Buys from this account while the page watches (a speculator of the seeded world). */
const TRADER = 3;
/** The longest the node stays paused: the sentence must appear well before (ms). */
const PAUSE_LIMIT_MS = 20_000;

/** The pid of the process listening on `url`'s port (the test's own stack, started by the same user). */
function listeningPid(url: string): number {
  const line = execFileSync("ss", ["-ltnpH", `sport = :${new URL(url).port}`], { encoding: "utf8" });
  const pid = Number(line.match(/pid=(\d+)/)?.[1]);
  if (!(pid > 0)) throw new Error(`nothing listens on ${url}: ${line}`);
  return pid;
}

test("pages say the chain is not answering while its node is paused, and recover by themselves", async ({ page, context }) => {
  test.setTimeout(90_000);
  const portfolio = await context.newPage();
  await portfolio.goto(new URL("/portfolio", baseUrl()).toString());
  await page.goto(new URL(PROJECT_PATH, baseUrl()).toString());
  const notices = [page.getByTestId("chain-down"), portfolio.getByTestId("chain-down")];
  const supply = page.getByTestId("project-supply");
  await expect(supply).toBeVisible();
  // The live streams are open: nothing said yet.
  await Promise.all([page.waitForLoadState("networkidle"), portfolio.waitForLoadState("networkidle")]);
  for (const notice of notices) await expect(notice).toHaveCount(0);

  const chainPid = listeningPid(rpcUrl());
  process.kill(chainPid, "SIGSTOP");
  try {
    for (const notice of notices) {
      await expect(notice).toHaveText(/The chain is not answering; figures may be stale/, { timeout: PAUSE_LIMIT_MS });
    }
  } finally {
    process.kill(chainPid, "SIGCONT");
  }
  for (const notice of notices) await expect(notice).toHaveCount(0, { timeout: 20_000 });

  // And it follows the chain again: a trade made now shows in the page's supply without a reload.
  const client = chainClient();
  const { token } = (await (await fetch(`${baseUrl()}/api/indexer/projects/0`)).json()) as { token: `0x${string}` };
  const wallet = createWalletClient({ account: devAccounts[TRADER]!.address, chain: localChain(), transport: http(rpcUrl()) });
  const cost = await client.readContract({ address: token, abi: projectTokenAbi, functionName: "quoteBuyExact", args: [1n] });
  const latest = await client.getBlock();
  const hash = await wallet.writeContract({ address: token, abi: projectTokenAbi, functionName: "buyExact", args: [1n, cost, latest.timestamp + 3_600n], value: cost });
  await client.waitForTransactionReceipt({ hash });
  const total = await client.readContract({ address: token, abi: projectTokenAbi, functionName: "totalSupply" });
  await expect(supply).toHaveText(formatTokenAmount(total), { timeout: 30_000 });
});
