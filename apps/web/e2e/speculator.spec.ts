/**
 * A speculator end to end, on the shared local stack, acting as dev account #9 only (#3 plays the
 * other trader who moves the price). Finds a project by search, buys and sells through the trade
 * panel (real transactions signed by the dev wallet), and checks the page — balance, supply, price,
 * curve, chart, activity — and the portfolio (its holdings, and #9's verifier line: bond, lock, seats,
 * quorum pay, penalties) against the chain read through viem. A buy with zero
 * slippage is accepted with a warning beside the field, and fails with the contract's sentence once
 * #3 has moved the price, changing nothing. Invalid amounts, and amounts beyond what the curve or the
 * wallet allows, disable the button with their reason (an absurd price impact reads "> 1,000%").
 * Other specs may trade on the same chain at the same time, so expectations are chain reads taken
 * at the time, compared before and after.
 */
import { expect, test, type Page, type Route } from "@playwright/test";
import { createWalletClient, http, type Address } from "viem";

import { devAccounts } from "../lib/devAccounts.ts";
import type { Account } from "../lib/indexer.ts";
import { errorSentences } from "@orm/protocol/errors";
import { formatEth, formatTokenAmount, shortenAddress } from "@orm/protocol/format";
import { projectRegistryAbi, projectTokenAbi, reviewQuorumAbi, verifierRegistryAbi } from "@orm/protocol/generated/abis";
import { MAX_SHOWN_IMPACT_PPM, MAX_TOKEN_SUPPLY, priceImpactPpm, slippageWarningOf } from "../lib/trade.ts";
import { baseUrl, chainClient, confirmedToast, contracts, failedToast, localChain, openAs, phoneScreenshot, rpcUrl } from "./support.ts";

const SPECULATOR = 9;
const OTHER_TRADER = 3;
/** The project traded here, found by this search on the discovery page. */
const SEARCH = "JSON parser";
const PROJECT_NAME = "JSON parser throughput";

type Project = { id: bigint; token: Address; symbol: string };

/** The project by name, from the chain (the registry's ids, each token's name). */
async function findProject(name: string): Promise<Project> {
  const client = chainClient();
  const count = await client.readContract({ address: contracts.ProjectRegistry.address, abi: projectRegistryAbi, functionName: "nextProjectId" });
  for (let id = 0n; id < count; id++) {
    const token = await client.readContract({ address: contracts.ProjectRegistry.address, abi: projectRegistryAbi, functionName: "tokenOf", args: [id] });
    if ((await client.readContract({ address: token, abi: projectTokenAbi, functionName: "name" })) === name) {
      const symbol = await client.readContract({ address: token, abi: projectTokenAbi, functionName: "symbol" });
      return { id, token, symbol };
    }
  }
  throw new Error(`the seeded world has no project named ${name}`);
}

async function tokenState(token: Address, holder: Address) {
  const client = chainClient();
  const [balance, totalSupply, spotPrice] = await Promise.all([
    client.readContract({ address: token, abi: projectTokenAbi, functionName: "balanceOf", args: [holder] }),
    client.readContract({ address: token, abi: projectTokenAbi, functionName: "totalSupply" }),
    client.readContract({ address: token, abi: projectTokenAbi, functionName: "spotPrice" }),
  ]);
  return { balance, totalSupply, spotPrice };
}

/** Types an amount and waits for the contract's quote in the panel. */
async function enterAmount(page: Page, amount: string) {
  await page.getByLabel("Amount (tokens)").fill(amount);
  await expect(page.getByTestId("trade-quote")).toHaveText(/^[\d,.]+ ETH$/);
  await expect(page.getByTestId("trade-submit")).toBeEnabled();
}

/**
 * After a trade the panel waits for the indexer, then refreshes the server-rendered page: give it
 * time on a busy dev server.
 */
const PAGE_REFRESH_TIMEOUT = 45_000;

/** The page's header, curve and feed agree with the chain (polled: others may trade meanwhile). */
async function expectPageMatchesChain(page: Page, token: Address) {
  const client = chainClient();
  await expect
    .poll(async () => {
      const supply = await client.readContract({ address: token, abi: projectTokenAbi, functionName: "totalSupply" });
      return (await page.getByTestId("project-supply").textContent()) === formatTokenAmount(supply);
    }, { timeout: PAGE_REFRESH_TIMEOUT })
    .toBe(true);
  await expect
    .poll(async () => {
      const price = await client.readContract({ address: token, abi: projectTokenAbi, functionName: "spotPrice" });
      return (await page.getByTestId("project-price").textContent()) === formatEth(price, { maxDecimals: 6 });
    }, { timeout: PAGE_REFRESH_TIMEOUT })
    .toBe(true);
  await expect
    .poll(async () => {
      const supply = await client.readContract({ address: token, abi: projectTokenAbi, functionName: "totalSupply" });
      return page.getByTestId("bonding-curve").getAttribute("data-supply").then((value) => value === supply.toString());
    }, { timeout: PAGE_REFRESH_TIMEOUT })
    .toBe(true);
}

/**
 * The portfolio's verifier line (#9 is bonded in the seeded world and may sit on the quorum that
 * reviewed the JSON parser project) says what the chain and the indexer have: the bond (`bondOf`),
 * the part open review seats lock (`lockedBondOf`) and how many seats (the indexer's open seats), the
 * quorum pay to withdraw (`owedTo`) and the penalties lost (the indexer's `bond.seized`). Polled:
 * quorum reviews elsewhere may draw this account meanwhile.
 */
async function expectVerifierLineMatches(page: Page, account: Address) {
  const client = chainClient();
  const registry = { address: contracts.VerifierRegistry.address, abi: verifierRegistryAbi } as const;
  const quorum = { address: (contracts as unknown as Record<string, { address: Address }>).ReviewQuorum!.address, abi: reviewQuorumAbi } as const;
  const line = page.getByTestId("portfolio-bond");
  await expect(line).toBeVisible({ timeout: PAGE_REFRESH_TIMEOUT });
  const eth = (wei: bigint) => formatEth(wei, { maxDecimals: 6 });
  await expect
    .poll(async () => {
      const [[bond], locked, owed, indexed] = await Promise.all([
        client.readContract({ ...registry, functionName: "bondOf", args: [account] }),
        client.readContract({ ...registry, functionName: "lockedBondOf", args: [account] }),
        client.readContract({ ...quorum, functionName: "owedTo", args: [account] }),
        fetch(new URL(`/api/indexer/accounts/${account}`, baseUrl())).then((response) => response.json() as Promise<Account>),
      ]);
      const seats = indexed.seats.length;
      const penalties = BigInt(indexed.bond?.seized ?? "0");
      const sat = seats > 0 || locked > 0n || owed > 0n || indexed.quorumPay !== null || penalties > 0n;
      const expected = {
        bond: eth(bond),
        locked: locked > 0n || seats > 0 ? eth(locked) : null,
        seats: locked > 0n || seats > 0 ? String(seats) : null,
        noSeats: sat && locked === 0n && seats === 0,
        owed: sat ? eth(owed) : null,
        penalties: sat ? eth(penalties) : null,
      };
      const figure = async (name: string) => {
        const shown = line.getByTestId(`portfolio-verifier-${name}`);
        return (await shown.count()) ? shown.textContent() : null;
      };
      const shown = {
        bond: await figure("bond"),
        locked: await figure("locked"),
        seats: await figure("seats"),
        noSeats: /no open review seats/i.test((await line.textContent()) ?? ""),
        owed: await figure("owed"),
        penalties: await figure("penalties"),
      };
      return JSON.stringify(shown) === JSON.stringify(expected) ? "agrees" : JSON.stringify({ shown, expected });
    }, { timeout: PAGE_REFRESH_TIMEOUT })
    .toBe("agrees");
}

test("a speculator finds a project, buys, sells, and the page and the portfolio agree with the chain", async ({ page }, testInfo) => {
  test.setTimeout(360_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  const project = await findProject(PROJECT_NAME);
  const me = devAccounts[SPECULATOR]!.address;
  const client = chainClient();

  /**
   * My trade since `fromBlock` as the token's event records it, then the refreshed page: it agrees
   * with the chain and its activity feed lists the trade once ("bought 3 SYM for 0.0012 ETH").
   */
  async function expectTradeRecorded(verb: "bought" | "sold", tokens: bigint, fromBlock: bigint) {
    const events = { address: project.token, abi: projectTokenAbi, fromBlock: fromBlock + 1n } as const;
    let trade: { tokens: bigint | undefined; eth: bigint | undefined } | undefined;
    if (verb === "bought") {
      const [event] = await client.getContractEvents({ ...events, eventName: "Bought", args: { buyer: me } });
      trade = event && { tokens: event.args.tokensOut, eth: event.args.ethSpent };
    } else {
      const [event] = await client.getContractEvents({ ...events, eventName: "Sold", args: { seller: me } });
      trade = event && { tokens: event.args.tokensIn, eth: event.args.ethOut };
    }
    expect(trade?.tokens).toBe(tokens);
    await expectPageMatchesChain(page, project.token);
    await expect(
      page
        .getByTestId("activity-item")
        .filter({ hasText: shortenAddress(me) })
        .filter({ hasText: `${verb} ${formatTokenAmount(tokens, project.symbol)} for ${formatEth(trade!.eth!, { maxDecimals: 6 })}` }),
    ).toHaveCount(1);
  }

  // find it on the discovery page, by search
  await openAs(page, "/", SPECULATOR);
  const search = page.getByLabel("Search projects");
  await search.fill(SEARCH);
  await search.press("Enter");
  const row = page.getByTestId(`project-row-${project.id}`);
  await expect(row).toBeVisible();
  // the row names the project by its protocol's title; the token's name is beside it
  await expect(row.getByTestId("row-token")).toContainText(PROJECT_NAME);
  await row.getByTestId("project-name").click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project.id}$`));
  await expect(page.getByTestId("trade-panel")).toBeVisible({ timeout: PAGE_REFRESH_TIMEOUT });
  await expect(page.getByTestId("account-address")).toHaveText(shortenAddress(me));

  const before = await tokenState(project.token, me);
  await expect(page.getByTestId("trade-balance")).toHaveText(formatTokenAmount(before.balance));
  const chartPointsBefore = Number(await page.getByTestId("price-chart").getAttribute("data-points"));

  // ---- buy 3
  const bought = 3n;
  const buyFrom = await client.getBlockNumber();
  await enterAmount(page, bought.toString());
  await expect(page.getByTestId("trade-price-impact")).toHaveText(/^-?\d+\.\d\d%$/);
  await page.getByTestId("trade-submit").click();
  await expect(confirmedToast(page, `Buy ${bought} ${project.symbol} confirmed`)).toBeVisible();

  const afterBuy = await tokenState(project.token, me);
  expect(afterBuy.balance).toBe(before.balance + bought);
  await expect(page.getByTestId("trade-balance")).toHaveText(formatTokenAmount(afterBuy.balance));
  // the server-rendered page refreshes once the indexer has the trade: supply, price, curve, feed, chart
  await expectTradeRecorded("bought", bought, buyFrom);
  await expect(page.getByTestId("project-holders")).toHaveText(/^[\d,]+$/);
  await expect(page.getByTestId("project-market-cap")).toHaveText(/ETH$/);
  await expect(page.getByTestId("backing-ratio")).toBeVisible();
  await page.getByTestId("price-chart").scrollIntoViewIfNeeded();
  await expect.poll(async () => Number(await page.getByTestId("price-chart").getAttribute("data-points"))).toBeGreaterThanOrEqual(Math.max(1, chartPointsBefore));

  // ---- sell 2 of them back
  const sold = 2n;
  const sellFrom = await client.getBlockNumber();
  await page.getByRole("tab", { name: "Sell" }).click();
  await expect(page.getByRole("tab", { name: "Sell" })).toHaveAttribute("aria-selected", "true");
  await enterAmount(page, sold.toString());
  await page.getByTestId("trade-submit").click();
  await expect(confirmedToast(page, `Sell ${sold} ${project.symbol} confirmed`)).toBeVisible();
  const afterSell = await tokenState(project.token, me);
  expect(afterSell.balance).toBe(before.balance + bought - sold);
  await expect(page.getByTestId("trade-balance")).toHaveText(formatTokenAmount(afterSell.balance));
  await expectTradeRecorded("sold", sold, sellFrom);

  // ---- the portfolio agrees with the chain: balance = balanceOf, value = quoteSell(balance)
  await page.getByRole("link", { name: "Portfolio", exact: true }).click();
  await expect(page).toHaveURL(/\/portfolio$/);
  const holding = page.getByTestId(`holding-${project.id}`);
  await expect(holding).toBeVisible({ timeout: PAGE_REFRESH_TIMEOUT });
  await expect
    .poll(async () => {
      const balance = await client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "balanceOf", args: [me] });
      return (await holding.getByTestId(`holding-balance-${project.id}`).textContent()) === formatTokenAmount(balance);
    }, { timeout: PAGE_REFRESH_TIMEOUT })
    .toBe(true);
  await expect
    .poll(async () => {
      const balance = await client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "balanceOf", args: [me] });
      const value = await client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "quoteSell", args: [balance] });
      return (await holding.getByTestId(`holding-value-${project.id}`).textContent()) === formatEth(value);
    }, { timeout: PAGE_REFRESH_TIMEOUT })
    .toBe(true);
  await expect(holding.getByTestId(`holding-cost-${project.id}`)).toHaveText(/^[\d,.]+ ETH$/, { timeout: PAGE_REFRESH_TIMEOUT });
  await expect(holding.getByTestId(`holding-pnl-${project.id}`)).toHaveText(/\d ETH$/);
  await expectVerifierLineMatches(page, me);

  // ---- phone width: the project page with the panel, and the portfolio
  const showsEth = (testId: string) => (tab: Page) => expect(tab.getByTestId(testId)).toHaveText(/ETH$/, { timeout: 60_000 });
  // a visitor without a wallet opens the trade panel (its code loads on the way in)
  await phoneScreenshot(page, testInfo, `/projects/${project.id}`, "project-trade", async (tab) => {
    await tab.getByTestId("trade-open").focus(); // reaching for the panel loads it
    await showsEth("trade-spot-price")(tab);
  });
  await phoneScreenshot(page, testInfo, `/portfolio?address=${me}`, "portfolio", showsEth(`holding-value-${project.id}`));
  expect(pageErrors).toEqual([]);
});

test("a buy with zero slippage fails with the contract's sentence when the price moves, and changes nothing", async ({ page }) => {
  test.setTimeout(180_000);
  const project = await findProject(PROJECT_NAME);
  const me = devAccounts[SPECULATOR]!.address;
  const other = devAccounts[OTHER_TRADER]!.address;
  const client = chainClient();
  const amount = 2n;

  await openAs(page, `/projects/${project.id}`, SPECULATOR);
  const slippageWarning = page.getByTestId("trade-slippage-warning");
  await expect(page.getByTestId("trade-panel")).toBeVisible({ timeout: PAGE_REFRESH_TIMEOUT });
  await expect(slippageWarning).toHaveCount(0);
  await page.getByLabel("Slippage tolerance (%)").fill("0");
  // zero is accepted, with a warning beside the field (not a blocker: the button stays enabled)
  await expect(slippageWarning).toHaveText(slippageWarningOf(0n)!);
  await expect(page.getByLabel("Slippage tolerance (%)")).toHaveAttribute("aria-describedby", /\S/);
  await enterAmount(page, amount.toString());
  const quoted = await client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "quoteBuyExact", args: [amount] });
  await expect(page.getByTestId("trade-quote")).toHaveText(formatEth(quoted, { maxDecimals: 6 }));
  await expect(page.getByTestId("trade-limit")).toHaveText(formatEth(quoted, { maxDecimals: 6 })); // 0%: the limit is the quote
  const balanceBefore = await client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "balanceOf", args: [me] });

  // Hold the page's chain requests while #3 buys, so the panel cannot re-quote before the click:
  // the user signs against the price on screen, which is what slippage protection is about.
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const holdRpc = async (route: Route) => {
    const request = route.request();
    if (request.method() === "POST" && (request.postData() ?? "").includes('"jsonrpc"')) {
      await gate;
      await route.continue().catch(() => undefined); // the page may have gone away meanwhile
    } else {
      await route.fallback();
    }
  };
  await page.route("**/*", holdRpc);

  // #3 buys on the same token through the node's unlocked account: the price moves
  const wallet = createWalletClient({ account: other, chain: localChain(), transport: http(rpcUrl()) });
  const otherCost = await client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "quoteBuyExact", args: [5n] });
  const latest = await client.getBlock();
  const hash = await wallet.writeContract({
    address: project.token,
    abi: projectTokenAbi,
    functionName: "buyExact",
    args: [5n, otherCost, latest.timestamp + 3_600n],
    value: otherCost,
  });
  expect((await client.waitForTransactionReceipt({ hash })).status).toBe("success");
  const costNow = await client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "quoteBuyExact", args: [amount] });
  expect(costNow).toBeGreaterThan(quoted);

  await page.getByTestId("trade-submit").click();
  openGate();

  const failure = failedToast(page, `Buy ${amount} ${project.symbol} failed`);
  await expect(failure).toBeVisible();
  await expect(failure).toContainText(errorSentences.ProjectTokenSlippageExceeded([costNow, quoted]));
  expect(await client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "balanceOf", args: [me] })).toBe(balanceBefore);
  // nothing half-done: the panel is ready again, with the new quote
  await expect(page.getByTestId("trade-quote")).toHaveText(formatEth(costNow, { maxDecimals: 6 }));
  await expect(page.getByTestId("trade-submit")).toBeEnabled();
});

test("invalid amounts disable the button and say why", async ({ page }) => {
  const project = await findProject(PROJECT_NAME);
  const me = devAccounts[SPECULATOR]!.address;
  await openAs(page, `/projects/${project.id}`, SPECULATOR);
  const submit = page.getByTestId("trade-submit");
  const reason = page.getByTestId("trade-disabled-reason");
  const cases: [string, string][] = [
    ["1.5", "Tokens are whole: enter a whole number, like 5."],
    ["0", "Enter an amount greater than zero."],
    ["-3", "Enter a positive number of tokens."],
    ["1e30", "That is more tokens than a project's curve can ever hold."],
    ["abc", "Enter a whole number of tokens, like 5."],
  ];
  for (const [typed, sentence] of cases) {
    await page.getByLabel("Amount (tokens)").fill(typed);
    await expect(reason).toHaveText(sentence);
    await expect(submit).toBeDisabled();
  }
  // more than the curve can ever sell: the reason names the supply cap, and no figures are quoted
  const impact = page.getByTestId("trade-price-impact");
  await page.getByLabel("Amount (tokens)").fill(MAX_TOKEN_SUPPLY.toString());
  await expect(reason).toContainText("That is more tokens than the curve has left to sell (at most ");
  await expect(reason).toContainText("a project's supply is capped at 281,474,976,710,655 tokens, miners' rewards included.");
  await expect(impact).toHaveText("—");
  await expect(submit).toBeDisabled();

  // 100,000,000 tokens: the curve could sell them, the wallet cannot pay: it says so, and the impact is capped
  const client = chainClient();
  const huge = 100_000_000n;
  const [hugeCost, spot, ethHeld] = await Promise.all([
    client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "quoteBuyExact", args: [huge] }),
    client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "spotPrice" }),
    client.getBalance({ address: me }),
  ]);
  expect(hugeCost).toBeGreaterThan(ethHeld);
  expect(priceImpactPpm({ side: "buy", amount: huge, total: hugeCost, spotPrice: spot })).toBeGreaterThan(MAX_SHOWN_IMPACT_PPM);
  await page.getByLabel("Amount (tokens)").fill(huge.toString());
  await expect(page.getByTestId("trade-quote")).toHaveText(/^[\d,.]+ ETH$/);
  await expect(impact).toHaveText("> 1,000%");
  await expect(reason).toContainText("Your wallet does not hold enough ETH for that many tokens: with your slippage limit they can cost up to ");
  await expect(reason).toContainText(`and you hold ${formatEth(ethHeld)}.`);
  await expect(submit).toBeDisabled();

  // a valid amount clears the reason
  await enterAmount(page, "1");
  await expect(reason).toHaveCount(0);

  // selling more than the account holds
  const held = await chainClient().readContract({ address: project.token, abi: projectTokenAbi, functionName: "balanceOf", args: [me] });
  await page.getByRole("tab", { name: "Sell" }).click();
  await page.getByLabel("Amount (tokens)").fill((held + 1n).toString());
  await expect(reason).toHaveText(
    held === 0n ? "You hold none of these tokens to sell." : `You hold ${formatTokenAmount(held)} tokens; you cannot sell more than that.`,
  );
  await expect(submit).toBeDisabled();
  // Max on the sell side is the balance
  await page.getByTestId("trade-max").click();
  await expect(page.getByLabel("Amount (tokens)")).toHaveValue(held.toString());
});

test("the portfolio says when the indexer is down and still values holdings from the chain", async ({ page }) => {
  test.setTimeout(180_000);
  const project = await findProject(PROJECT_NAME);
  const me = devAccounts[SPECULATOR]!.address;
  const client = chainClient();
  // the app's indexer proxy answers as it does when the indexer cannot be reached
  await page.route("**/api/indexer/**", (route) =>
    route.fulfill({ status: 502, contentType: "application/json", body: JSON.stringify({ error: "The indexer could not be reached." }) }),
  );
  await page.goto(new URL(`/portfolio?address=${me}`, baseUrl()).toString());
  await expect(page.getByTestId("indexer-down")).toBeVisible({ timeout: PAGE_REFRESH_TIMEOUT });
  const holding = page.getByTestId(`holding-${project.id}`);
  await expect
    .poll(async () => {
      const balance = await client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "balanceOf", args: [me] });
      const value = await client.readContract({ address: project.token, abi: projectTokenAbi, functionName: "quoteSell", args: [balance] });
      const shown = [await holding.getByTestId(`holding-balance-${project.id}`).textContent(), await holding.getByTestId(`holding-value-${project.id}`).textContent()];
      return shown[0] === formatTokenAmount(balance) && shown[1] === formatEth(value);
    }, { timeout: PAGE_REFRESH_TIMEOUT })
    .toBe(true);
  await expect(holding.getByTestId(`holding-cost-${project.id}`)).toHaveText("—");
});
