import { chromium } from "@playwright/test";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--headless=new", "--disable-gpu"] });
for (const path of process.argv.slice(2)) {
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
    const page = await context.newPage();
    await page.goto("http://127.0.0.1:3000" + path, { waitUntil: "load" });
    await page.waitForTimeout(2500);
    const r = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const paint = Object.fromEntries(performance.getEntriesByType("paint").map((e) => [e.name, Math.round(e.startTime)]));
      return { dcl: Math.round(nav.domContentLoadedEventEnd), load: Math.round(nav.loadEventEnd), ...paint };
    });
    const lcp = await page.evaluate(() => new Promise((res) => new PerformanceObserver((l) => { const e = l.getEntries().at(-1); res(Math.round(e.startTime)); }).observe({ type: "largest-contentful-paint", buffered: true })));
    console.log(path, JSON.stringify(r), "lcp", lcp);
    await context.close();
  }
}
await browser.close();
