/**
 * First-load JavaScript of a page, measured the honest way: open it in Chromium (no wallet, a cold
 * cache), wait for the network to settle, and sum the gzip sizes (level 9, what a server sends) of
 * every script the page loaded.
 *
 *   node e2e/measure-first-load.ts http://127.0.0.1:3000/ [more URLs…] [--files] [--connect] [--json]
 *
 * Prints one line per URL (`--files`: each script; `--connect`: also the total after clicking
 * "Connect wallet", when the wallet machinery and RainbowKit have loaded) and, with --json, a JSON
 * object `{ "<path>": kB }` (the shape of bench/results/web.json's `firstLoadJsKb`).
 */
import { gzipSync } from "node:zlib";

import { chromium } from "@playwright/test";

import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.ts";

export type FirstLoad = {
  url: string;
  scripts: number;
  rawBytes: number;
  gzipBytes: number;
  files: { url: string; gzip: number }[];
  /** With `afterConnectClick`: all scripts once "Connect wallet" was clicked and the modal shown. */
  afterConnectGzipBytes?: number;
};

/** First-load JS of each URL; with `afterConnectClick`, also the total once the connect modal is open. */
export async function measureFirstLoad(urls: string[], { afterConnectClick = false } = {}): Promise<FirstLoad[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const results: FirstLoad[] = [];
    for (const url of urls) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const pending: Promise<{ url: string; raw: number; gzip: number } | undefined>[] = [];
      page.on("response", (response) => {
        if (response.request().resourceType() !== "script") return;
        pending.push(
          response
            .body()
            .then((body) => ({ url: response.url(), raw: body.length, gzip: gzipSync(body, { level: 9 }).length }))
            .catch(() => undefined),
        );
      });
      await page.goto(url, { waitUntil: "networkidle" });
      await page.waitForTimeout(1_000);
      const files = (await Promise.all(pending)).filter((file) => file !== undefined);
      let afterConnectGzipBytes: number | undefined;
      if (afterConnectClick) {
        await page.getByTestId("connect-wallet").click();
        await page.getByRole("dialog").waitFor();
        await page.waitForLoadState("networkidle");
        const all = (await Promise.all(pending)).filter((file) => file !== undefined);
        afterConnectGzipBytes = all.reduce((sum, file) => sum + file.gzip, 0);
      }
      results.push({
        afterConnectGzipBytes,
        url,
        scripts: files.length,
        rawBytes: files.reduce((sum, file) => sum + file.raw, 0),
        gzipBytes: files.reduce((sum, file) => sum + file.gzip, 0),
        files: files.map((file) => ({ url: file.url, gzip: file.gzip })).sort((a, b) => b.gzip - a.gzip),
      });
      await context.close();
    }
    return results;
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const urls = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
  if (urls.length === 0) {
    console.error("usage: node e2e/measure-first-load.ts <url> [url…] [--json] [--files]");
    process.exit(2);
  }
  const results = await measureFirstLoad(urls, { afterConnectClick: process.argv.includes("--connect") });
  for (const result of results) {
    console.log(`${result.url}: ${(result.gzipBytes / 1024).toFixed(1)} kB gzip first-load JS (${result.scripts} scripts, ${(result.rawBytes / 1024).toFixed(1)} kB raw)`);
    if (result.afterConnectGzipBytes !== undefined) {
      console.log(`  after clicking "Connect wallet" (wallet machinery + RainbowKit): ${(result.afterConnectGzipBytes / 1024).toFixed(1)} kB gzip in all`);
    }
    if (process.argv.includes("--files")) {
      for (const file of result.files) console.log(`  ${(file.gzip / 1024).toFixed(1).padStart(7)} kB  ${file.url}`);
    }
  }
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(Object.fromEntries(results.map((r) => [new URL(r.url).pathname, Math.round(r.gzipBytes / 102.4) / 10]))));
  }
}
