/**
 * A verifier joins the bonded set from `/verify` without the registry's owner: the bond panel names the
 * minimum, refuses less than it beside the field (nothing sent), posts the bond signed by the dev
 * wallet (checked on-chain), and leaves the set at once, the bond then waiting out its unbonding delay
 * (Withdraw stays disabled until the date it names; the withdrawal itself is a contract test, as this
 * shared chain's clock is not moved here); the portfolio shows the bond and its date.
 *
 * Accounts: #7 (a creator in the seeded world, which bonds #2, #3, #5, #6 and #9) — no other.
 */
import { expect, test } from "@playwright/test";
import { formatEther } from "viem";

import { formatTimestamp } from "@orm/protocol/format";
import { verifierRegistryAbi } from "@orm/protocol/generated/abis";
import { actAs, chainClient, confirmedToast, contracts, openAs } from "./support.ts";

const VERIFIER = 7;

function read<result>(functionName: string, args: readonly unknown[] = []): Promise<result> {
  return chainClient().readContract({ address: contracts.VerifierRegistry.address, abi: verifierRegistryAbi, functionName, args } as never) as Promise<result>;
}

test("a verifier posts a bond from /verify without the owner, and leaves the bonded set: the bond waits out its delay", async ({ page }) => {
  const address = await openAs(page, "/verify", VERIFIER);
  // the panel's code loads when asked for, not with the page
  await page.getByTestId("bond-open").click();
  const panel = page.getByTestId("bond-panel");
  await expect(panel).toBeVisible({ timeout: 30_000 });
  const minBond = await read<bigint>("MIN_BOND");
  await expect(panel.getByTestId("bond-minimum")).toHaveText(`${formatEther(minBond)} ETH`);
  await expect(panel.getByTestId("bond-status")).toHaveText("You have no bond.");
  const countBefore = await read<bigint>("bondedCount");

  // less than the minimum: said beside the field, nothing sent
  await panel.getByTestId("bond-amount").fill(formatEther(minBond - 1n));
  await panel.getByTestId("bond-post").click();
  await expect(panel.getByTestId("bond-amount-error")).toHaveText(`Post at least ${formatEther(minBond)} ETH to reach the minimum bond.`);
  expect(await read<boolean>("isBonded", [address])).toBe(false);

  // the minimum, signed by the dev wallet
  await panel.getByTestId("bond-amount").fill(formatEther(minBond));
  await panel.getByTestId("bond-post").click();
  await expect(confirmedToast(page, "Post a bond")).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByTestId("bond-status")).toHaveText(`You are bonded with ${formatEther(minBond)} ETH.`);
  expect(await read<boolean>("isBonded", [address])).toBe(true);
  expect(await read<bigint>("bondedCount")).toBe(countBefore + 1n);
  await expect(panel.getByTestId("bonded-count")).toHaveText(String(countBefore + 1n));

  // leaving is at once; the bond comes back after the delay
  await panel.getByTestId("bond-leave").click();
  await expect(confirmedToast(page, "Leave the bonded set")).toBeVisible({ timeout: 30_000 });
  const [amount, withdrawableAt] = await read<readonly [bigint, bigint]>("bondOf", [address]);
  expect(amount).toBe(minBond);
  expect(await read<boolean>("isBonded", [address])).toBe(false);
  await expect(panel.getByTestId("bond-status")).toHaveText(
    `You left the bonded set; your ${formatEther(minBond)} ETH can be withdrawn from ${formatTimestamp(withdrawableAt)}.`,
  );
  const delay = await read<bigint>("UNBONDING_DELAY");
  const left = withdrawableAt - BigInt((await chainClient().getBlock()).timestamp);
  expect(left > delay - 60n && left <= delay, `the bond waits ${left} s of the ${delay} s delay`).toBe(true);
  await expect(panel.getByTestId("bond-withdraw")).toBeDisabled();
  await expect(panel.getByTestId("bond-post")).toHaveCount(0);

  // the portfolio shows the bond too
  await page.goto(new URL("/portfolio", page.url()).toString());
  await actAs(page, VERIFIER);
  await expect(page.getByTestId("portfolio-bond")).toContainText(
    `Verifier bond: ${formatEther(minBond)} ETH, leaving the bonded set: withdrawable from ${formatTimestamp(withdrawableAt)}.`,
    { timeout: 30_000 },
  );
});
