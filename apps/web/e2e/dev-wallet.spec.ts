/**
 * The dev wallet end to end, on the seeded local stack: connect it through RainbowKit's modal, see the
 * roles, switch to verifier #5 (role and ETH balance in the header), then make one real signed
 * transaction through `useProtocolWrite` — claiming the review fees a verifier earned — and see the
 * confirmed toast and the new numbers. The page is the discovery board; its hero keeps the h1 and
 * the dev accounts table stays below the board. A second test signs a message and typed data through the dev
 * wallet's connector and checks the signatures recover to the account.
 */
import { expect, test, type Page } from "@playwright/test";
import { createWalletClient, custom, http, verifyMessage, verifyTypedData, type Address } from "viem";
import { createConfig } from "wagmi";

import { devAccounts, ROLE_NAMES } from "../lib/devAccounts.ts";
import { devWalletConnector } from "../lib/devWallet.ts";
import { projectRegistryAbi, projectTokenAbi, proposalLedgerAbi } from "@orm/protocol/generated/abis";
import { baseUrl, chainClient, confirmedToast, connectDevWallet, contracts, localChain, rpcUrl, useDevAccount } from "./support.ts";

/** A verifier (index) and project with review fees waiting, preferring #5. */
async function findClaimableReward(): Promise<{ index: number; projectId: bigint; amount: bigint }> {
  const client = chainClient();
  const projects = await client.readContract({ address: contracts.ProjectRegistry.address, abi: projectRegistryAbi, functionName: "nextProjectId" });
  for (const index of [5, 6]) {
    for (let projectId = 0n; projectId < projects; projectId++) {
      const amount = await client.readContract({
        address: contracts.ProposalLedger.address,
        abi: proposalLedgerAbi,
        functionName: "claimable",
        args: [projectId, devAccounts[index]!.address],
      });
      if (amount > 0n) return { index, projectId, amount };
    }
  }
  throw new Error("the seeded world left no review fees to claim");
}

test("connect the dev wallet, switch to a verifier and claim its rewards", async ({ page }) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));

  await page.goto(baseUrl());
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fund, improve and verify open research.");
  // the dev accounts and their roles, server-rendered
  const table = page.getByTestId("dev-accounts");
  await expect(table.getByRole("row")).toHaveCount(11);
  await expect(table.getByRole("row").nth(6)).toContainText("Verifier");
  await expect(table.getByRole("row").nth(6)).toContainText(devAccounts[5].address);

  await connectDevWallet(page, { retry: false });
  await expect(page.getByTestId("account-role")).toHaveText("Deployer");
  await expect(page.getByTestId("account-address")).toHaveText("0xf39F…2266");
  const picker = page.getByTestId("dev-account-picker");
  await expect(picker.locator("option")).toHaveText(devAccounts.map((account) => `#${account.index} ${ROLE_NAMES[account.role]}`));

  // verifier #5: role, address and ETH balance in the header
  await picker.selectOption("5");
  await expect(page.getByTestId("account-role")).toHaveText("Verifier");
  await expect(page.getByTestId("account-address")).toHaveText("0x9965…A4dc");
  await expect(page.getByTestId("account-balance")).toHaveText(/^[\d,]+(\.\d+)? ETH$/);
  const balance = await chainClient().getBalance({ address: devAccounts[5].address });
  expect(balance).toBeGreaterThan(0n);

  // one real signed transaction: claim the review fees a verifier earned on a project
  const reward = await findClaimableReward();
  if (reward.index !== 5) {
    await picker.selectOption(String(reward.index));
    await expect(page.getByTestId("account-address")).toHaveText(`${devAccounts[reward.index]!.address.slice(0, 6)}…${devAccounts[reward.index]!.address.slice(-4)}`);
  }
  const id = reward.projectId.toString();
  const row = page.getByTestId(`verifier-reward-${id}`);
  await expect(row.getByTestId(`claimable-${id}`)).toHaveText(reward.amount.toLocaleString("en-US"));
  const heldBefore = BigInt((await row.getByTestId(`held-${id}`).innerText()).replace(/,/g, ""));

  await row.getByTestId(`claim-${id}`).click();
  const confirmed = confirmedToast(page, "Claim review fees confirmed");
  await expect(confirmed).toBeVisible();
  await expect(confirmed).toContainText(/Transaction 0x[0-9a-f]{6}…[0-9a-f]{6} · block \d+/);
  await expect(row.getByTestId(`claimable-${id}`)).toHaveText("0");
  await expect(row.getByTestId(`held-${id}`)).toHaveText((heldBefore + reward.amount).toLocaleString("en-US"));
  await expect(row.getByTestId(`claim-${id}`)).toBeDisabled();

  // the chain agrees
  const client = chainClient();
  const account = devAccounts[reward.index]!.address;
  expect(await client.readContract({ address: contracts.ProposalLedger.address, abi: proposalLedgerAbi, functionName: "claimable", args: [reward.projectId, account] })).toBe(0n);
  const token = await client.readContract({ address: contracts.ProjectRegistry.address, abi: projectRegistryAbi, functionName: "tokenOf", args: [reward.projectId] });
  expect(await client.readContract({ address: token, abi: projectTokenAbi, functionName: "balanceOf", args: [account] })).toBe(heldBefore + reward.amount);

  expect(pageErrors).toEqual([]);
});

/**
 * A minimal injected wallet (EIP-1193) on Ethereum mainnet that forwards everything else to the local
 * node. `switchAnswers` are its answers to successive `wallet_switchEthereumChain` requests: "error"
 * (a wallet's internal failure), "decline" (the user said no: code 4001), then it switches. Every
 * signing request it receives is recorded in `window.signingRequests`.
 */
async function injectWalletOnEthereum(page: Page, account: Address, switchAnswers: ("error" | "decline")[], { announce = false } = {}) {
  await page.addInitScript(
    ({ rpc, account, switchAnswers, announce }) => {
      let chainId = "0x1";
      let switches = 0;
      let authorized = false; // like a real extension: no accounts until the user approves
      const listeners: Record<string, ((value: unknown) => void)[]> = {};
      const signingRequests: string[] = [];
      (window as unknown as { signingRequests: string[] }).signingRequests = signingRequests;
      const provider = {
        async request({ method, params }: { method: string; params?: unknown[] }) {
          if (method === "eth_chainId") return chainId;
          if (method === "eth_accounts") return authorized ? [account] : [];
          if (method === "eth_requestAccounts") {
            authorized = true;
            return [account];
          }
          if (method === "wallet_requestPermissions" || method === "wallet_getPermissions") return [{ parentCapability: "eth_accounts" }];
          if (method === "wallet_switchEthereumChain") {
            const answer = switchAnswers[switches++];
            if (answer === "error") throw Object.assign(new Error("Not now."), { code: -32603 });
            if (answer === "decline") throw Object.assign(new Error("User rejected the request."), { code: 4001 });
            chainId = (params![0] as { chainId: string }).chainId;
            for (const listener of listeners.chainChanged ?? []) listener(chainId);
            return null;
          }
          if (/^(eth_sendTransaction|eth_sign|personal_sign|eth_signTypedData)/.test(method)) signingRequests.push(`${method} on ${chainId}`);
          const response = await fetch(rpc, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }) });
          const reply = await response.json();
          if (reply.error) throw Object.assign(new Error(reply.error.message), reply.error);
          return reply.result;
        },
        on(event: string, listener: (value: unknown) => void) {
          (listeners[event] ??= []).push(listener);
        },
        removeListener(event: string, listener: (value: unknown) => void) {
          listeners[event] = (listeners[event] ?? []).filter((candidate) => candidate !== listener);
        },
      };
      (window as unknown as { ethereum: unknown }).ethereum = provider;
      if (announce) {
        // EIP-6963, as extensions do: announce on load and whenever a page asks.
        const info = { uuid: "0b7f9ac9-6f0e-4a4c-9d0e-3f1c2d4e5a6b", name: "Test Wallet", rdns: "org.example.testwallet", icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'/%3E" };
        const announceProvider = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
        window.addEventListener("eip6963:requestProvider", announceProvider);
        announceProvider();
      }
    },
    { rpc: rpcUrl(), account, switchAnswers, announce },
  );
}

test("a browser wallet on another network is asked to switch", async ({ page }) => {
  // The first switch request (the one made while connecting) fails inside the wallet.
  await injectWalletOnEthereum(page, devAccounts[2].address, ["error"]);
  await page.goto(baseUrl());
  await page.getByTestId("connect-wallet").click();
  await page.getByRole("dialog").getByText("Browser Wallet").click();
  const banner = page.getByTestId("wrong-chain");
  await expect(banner).toContainText("Your wallet is on Ethereum. This app runs on Local chain.");
  await banner.getByRole("button", { name: "Switch to Local chain" }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByTestId("account-address")).toHaveText("0x3C44…93BC");
  await expect(page.getByTestId("account-role")).toHaveText("Speculator");
});

test("on another network the trade panel offers the switch, not a trade, and nothing is signed until it is made", async ({ page }) => {
  // The switch made while connecting fails, the next one the user declines, the third is accepted.
  await injectWalletOnEthereum(page, devAccounts[2].address, ["error", "decline"]);
  const projectId = 0n;
  await page.goto(new URL(`/projects/${projectId}`, baseUrl()).toString());
  await page.getByTestId("connect-wallet").click();
  await page.getByRole("dialog").getByText("Browser Wallet").click();
  await expect(page.getByTestId("wrong-chain")).toContainText("Your wallet is on Ethereum.");
  await page.keyboard.press("Escape");

  const panel = page.getByTestId("trade-panel");
  await panel.getByTestId("trade-amount").fill("2");
  await expect(panel.getByTestId("trade-submit")).toHaveCount(0);
  const switchButton = panel.getByTestId("trade-switch-chain");
  await expect(switchButton).toHaveText("Switch to Local chain");
  await switchButton.click();
  await expect(page.getByText(/the switch to Local chain was declined; nothing was signed/)).toBeVisible();
  await expect(page.getByTestId("wrong-chain")).toBeVisible();

  await switchButton.click();
  await expect(page.getByTestId("wrong-chain")).toBeHidden();
  await expect(panel.getByTestId("trade-submit")).toHaveText(/^Buy 2 /);
  expect(await page.evaluate(() => (window as unknown as { signingRequests: string[] }).signingRequests)).toEqual([]);
});

test("a wallet that announces itself is listed once, by its name, and one Disconnect ends its connection", async ({ page }) => {
  await injectWalletOnEthereum(page, devAccounts[2].address, [], { announce: true });
  await page.goto(baseUrl());
  await page.getByTestId("connect-wallet").click();
  const modal = page.getByRole("dialog");
  await expect(modal.getByText("Test Wallet", { exact: true })).toBeVisible();
  await expect(modal.getByText("Browser Wallet")).toHaveCount(0);
  await modal.getByText("Test Wallet", { exact: true }).click();
  await expect(page.getByTestId("account-address")).toHaveText("0x3C44…93BC");
  await page.getByTestId("account-button").click();
  await page.getByRole("dialog").getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByTestId("connect-wallet")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("connect-wallet")).toBeVisible();
  await expect(page.getByTestId("account-address")).toHaveCount(0);
});

test("a wallet that declines the network at connect is connected on its own network and told how to switch", async ({ page }) => {
  await injectWalletOnEthereum(page, devAccounts[2].address, ["decline"]);
  await page.goto(baseUrl());
  await page.getByTestId("connect-wallet").click();
  await page.getByRole("dialog").getByText("Browser Wallet").click();
  await expect(page.getByText("Your wallet stayed on Ethereum: adding or switching to Local chain was declined.")).toBeVisible();
  const banner = page.getByTestId("wrong-chain");
  await expect(banner).toContainText("Your wallet is on Ethereum. This app runs on Local chain.");
  await expect(page.getByTestId("account-address")).toHaveText("0x3C44…93BC");
  await banner.getByRole("button", { name: "Switch to Local chain" }).click();
  await expect(banner).toBeHidden();
});

test("the page fits a phone screen", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(baseUrl());
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByTestId("connect-wallet")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});

test("the header is one row on a phone and on a desktop, with a wallet connected, and stays on screen", async ({ browser }) => {
  for (const viewport of [{ width: 375, height: 740 }, { width: 1280, height: 800 }]) {
    const phone = viewport.width < 640;
    const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
    const page = await context.newPage();
    await page.goto(baseUrl());
    const header = page.locator("body > header, header").first();
    const disconnected = (await header.boundingBox())!.height;
    await connectDevWallet(page);
    await useDevAccount(page, 4);
    await expect(page.getByTestId("dev-account-picker")).toBeVisible();
    await expect(page.getByTestId("account-address")).toBeVisible();
    // one row: as tall as before the wallet connected, every part of it on the same line
    const box = (await header.boundingBox())!;
    expect(box.height, `${viewport.width} px`).toBe(disconnected);
    expect(box.height, `${viewport.width} px`).toBeLessThanOrEqual(64);
    for (const part of [page.getByTestId("dev-account-picker"), page.getByTestId("account-button")]) {
      const partBox = (await part.boundingBox())!;
      expect(partBox.y + partBox.height, `${viewport.width} px`).toBeLessThanOrEqual(box.y + box.height);
      expect(partBox.x + partBox.width, `${viewport.width} px`).toBeLessThanOrEqual(viewport.width);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    // sticky: still at the top after scrolling down
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(async () => (await header.boundingBox())!.y).toBe(0);
    // the navigation is reachable: inline on a desktop, behind the menu button on a phone
    if (phone) {
      await expect(page.getByRole("link", { name: "Portfolio", exact: true })).toBeHidden();
      await page.getByTestId("phone-menu").click();
    }
    await page.getByRole("link", { name: "Portfolio", exact: true }).click();
    await expect(page).toHaveURL(/\/portfolio$/);
    if (phone) await expect(page.getByRole("link", { name: "Publish", exact: true })).toBeHidden();
    await context.close();
  }
});

test("the dev wallet signs messages and typed data through the node", async () => {
  const chain = localChain();
  const config = createConfig({ chains: [chain], transports: { [chain.id]: http(rpcUrl()) }, connectors: [devWalletConnector({ rpcUrl: rpcUrl() })], storage: null });
  const connector = config.connectors[0]! as unknown as ReturnType<ReturnType<typeof devWalletConnector>>;
  await connector.connect();
  await connector.selectAccount(7);
  const [address] = await connector.getAccounts();
  expect(address).toBe(devAccounts[7].address);

  const wallet = createWalletClient({ account: address!, chain, transport: custom(await connector.getProvider()) });
  const message = "Open Research Market dev wallet";
  const signature = await wallet.signMessage({ message });
  expect(await verifyMessage({ address: address!, message, signature })).toBe(true);

  const typedData = {
    domain: { name: "Open Research Market Storage", version: "1" },
    types: { UploadIntent: [{ name: "root", type: "bytes32" }, { name: "size", type: "uint256" }] },
    primaryType: "UploadIntent",
    message: { root: `0x${"12".repeat(32)}`, size: 5n },
  } as const;
  const typedSignature = await wallet.signTypedData(typedData);
  expect(await verifyTypedData({ ...typedData, address: address!, signature: typedSignature })).toBe(true);
});
