/**
 * The headers a wallet app needs (`proxy.ts`, `lib/securityHeaders.ts`, `next.config.ts`):
 * - another site cannot frame a page (a framed trade panel could trick clicks into signatures):
 *   a page on another origin (a server on a free 127.0.0.1 port) frames the app and gets no app in
 *   its frame, while a frame of its own origin beside it renders;
 * - the headers are on a page, on the same page served again from the page cache (with the nonce of
 *   the render it came from, the one its scripts carry), on a page outside the cache and on API routes;
 * - nothing breaks under the policy: no CSP violation is reported on the main pages while the dev
 *   wallet connects and a trade is signed and confirmed.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

import { expect, test, type Page } from "@playwright/test";

import { baseUrl, confirmedToast, openAs } from "./support.ts";

/** A seeded project (any works). */
const PROJECT_PATH = "/projects/0";
/** The trading account here (a speculator of the seeded world). */
const TRADER = 2;

const STATIC_HEADERS = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};

function expectStaticHeaders(headers: Record<string, string>, what: string) {
  for (const [name, value] of Object.entries(STATIC_HEADERS)) expect(headers[name], `${name} on ${what}`).toBe(value);
  expect(headers["permissions-policy"], `permissions-policy on ${what}`).toMatch(/(^|, )camera=\(\)/);
}

/** The nonce of a CSP header's script-src, after checking the policy's strict parts. */
function nonceOfPolicy(policy: string | undefined, what: string): string {
  expect(policy, `a CSP on ${what}`).toBeTruthy();
  const scripts = policy!.split(";").find((directive) => directive.trim().startsWith("script-src"))!;
  expect(scripts, `no inline scripts on ${what}`).not.toContain("'unsafe-inline'");
  expect(scripts, `no eval on ${what}`).not.toContain("'unsafe-eval'");
  expect(policy).toContain("frame-ancestors 'none'");
  const nonce = scripts.match(/'nonce-([^']+)'/)?.[1];
  expect(nonce, `a nonce on ${what}`).toBeTruthy();
  return nonce!;
}

/** Every `nonce` attribute of a document's scripts, and how many scripts have none. */
function scriptNoncesOf(html: string): { nonces: Set<string>; without: number } {
  const tags = html.match(/<script\b[^>]*>/g) ?? [];
  const nonces = new Set(tags.flatMap((tag) => tag.match(/\snonce="([^"]+)"/)?.[1] ?? []));
  return { nonces, without: tags.filter((tag) => !/\snonce="/.test(tag)).length };
}

test("a page framed by another site does not render in the frame", async ({ page }) => {
  const appUrl = new URL(PROJECT_PATH, baseUrl()).toString();
  const framer = http.createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    if (request.url === "/own") return void response.end("<!doctype html><p id=own>framer's own page</p>");
    response.end(`<!doctype html><iframe id=app src="${appUrl}"></iframe><iframe id=own src="/own"></iframe>`);
  });
  await new Promise<void>((resolve) => framer.listen(0, "127.0.0.1", resolve));
  const framerUrl = `http://127.0.0.1:${(framer.address() as AddressInfo).port}/`;
  const refusals: string[] = [];
  page.on("console", (message) => {
    if (/frame-ancestors|X-Frame-Options/i.test(message.text())) refusals.push(message.text());
  });
  try {
    await page.goto(framerUrl);
    // The control: a frame of the framer's own origin renders, so a rendered frame would be seen.
    await expect(page.frameLocator("#own").locator("#own")).toHaveText("framer's own page");
    await expect.poll(() => refusals.length, { message: "the browser refused to frame the app" }).toBeGreaterThan(0);
    const appFrame = page.frames().find((frame) => frame !== page.mainFrame() && !frame.url().endsWith("/own"))!;
    expect(appFrame.url()).not.toBe(appUrl);
    await expect(page.frameLocator("#app").locator("header")).toHaveCount(0);
    await expect(page.frameLocator("#app").getByText("Open Research Market")).toHaveCount(0);
  } finally {
    framer.close();
  }
});

test("the headers are on a page, the same page from the page cache, a page outside the cache and the API routes", async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: baseUrl() });
  const first = await request.get(PROJECT_PATH);
  expect(first.status()).toBe(200);
  const second = await request.get(PROJECT_PATH);
  expect(second.headers()["x-page-cache"], "the second load is served from the page cache").toMatch(/^(hit|stale)$/);
  for (const [response, what] of [
    [first, "a page"],
    [second, "a cached page"],
  ] as const) {
    expectStaticHeaders(response.headers(), what);
    const nonce = nonceOfPolicy(response.headers()["content-security-policy"], what);
    // The document and its header travel together: every script carries the header's nonce.
    const scripts = scriptNoncesOf(await response.text());
    expect(scripts.without, `scripts without a nonce on ${what}`).toBe(0);
    expect([...scripts.nonces], `the scripts' nonce on ${what}`).toEqual([nonce]);
  }

  // A page outside the cache is rendered per request, each time with a new nonce.
  const portfolio = [await request.get("/portfolio"), await request.get("/portfolio")];
  for (const response of portfolio) expectStaticHeaders(response.headers(), "/portfolio");
  const [nonceA, nonceB] = portfolio.map((response) => nonceOfPolicy(response.headers()["content-security-policy"], "/portfolio"));
  expect(nonceA).not.toBe(nonceB);
  expect([...scriptNoncesOf(await portfolio[1]!.text()).nonces]).toEqual([nonceB]);

  for (const path of ["/api/health", "/api/storage", "/api/indexer/status"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBeLessThan(500);
    expectStaticHeaders(response.headers(), path);
  }
  await request.dispose();
});

/** Collects the page's CSP violations (the DOM event, and the console's "Refused to ..." lines). */
async function collectViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("reportCspViolation", (violation: string) => violations.push(violation));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { reportCspViolation: (violation: string) => void }).reportCspViolation;
      report(`${location.pathname}: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  return violations;
}

test("no CSP violation on the main pages while the dev wallet connects and a trade is signed", async ({ page }) => {
  const violations = await collectViolations(page);
  await openAs(page, PROJECT_PATH, TRADER);
  await expect(page.getByTestId("trade-panel")).toBeVisible();
  await page.getByLabel("Amount (tokens)").fill("1");
  await expect(page.getByTestId("trade-quote")).toHaveText(/^[\d,.]+ ETH$/);
  await page.getByTestId("trade-submit").click();
  await expect(confirmedToast(page, /^Buy 1 /)).toBeVisible();
  // The price chart loads its library on demand: bring it into view.
  await page.getByTestId("price-chart").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("price-chart")).toHaveAttribute("data-points", /\d+/);
  for (const path of ["/", "/portfolio", "/create", "/verify", "/proposals/0", `${PROJECT_PATH}/propose`]) {
    await page.goto(new URL(path, baseUrl()).toString());
    await expect(page.getByTestId("account-address"), `the wallet is still connected on ${path}`).toBeVisible();
    await page.waitForLoadState("networkidle");
  }
  expect(violations).toEqual([]);
});
