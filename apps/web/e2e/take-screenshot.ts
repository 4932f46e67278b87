/**
 * The README's screenshot: the discovery board of a seeded local stack (started here with
 * `startLocalStack()`, or E2E_BASE_URL), 1280 px wide, written to docs/screenshot.png.
 *
 *   node e2e/take-screenshot.ts        (from apps/web)
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "@playwright/test";

import { startLocalStack } from "@orm/scripts/lib/localStack";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.ts";

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../docs/screenshot.png");

const stack = process.env.E2E_BASE_URL ? undefined : await startLocalStack();
const baseUrl = process.env.E2E_BASE_URL ?? stack!.webUrl;
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(baseUrl, { waitUntil: "networkidle" });
  await page.getByTestId("project-list").waitFor();
  await page.screenshot({ path: OUT });
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
} finally {
  await browser.close();
  await stack?.stop();
}
