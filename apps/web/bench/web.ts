/**
 * `npm run bench:web` (part of `npm run bench`): page weight and Lighthouse performance of the
 * production build on a seeded local stack (`startLocalStack()`: the same `npm start` a user runs).
 *
 * - First-load JS of each route: Chromium opens the page with a cold cache and no wallet, and the
 *   gzip (level 9) sizes of every script it loaded are summed (`e2e/measure-first-load.ts`).
 * - Lighthouse (npm `lighthouse`, Debian's Chromium, headless, performance category only, its
 *   default mobile emulation and throttling) scores `/` and a project page: the median of five runs
 *   after a warm-up, as Lighthouse's guidance on variability suggests (single runs spread by several
 *   points here, mostly in Total Blocking Time); each run's figures are printed, with the host's
 *   `benchmarkIndex`: Lighthouse's 4x CPU slowdown assumes a high-end desktop (1500-2000), so on a
 *   slower or shared host the same page scores lower (docs/throttling.md in Lighthouse). Each run
 *   also prints when the unthrottled load actually presented its first paint: headless Chromium
 *   here sometimes holds that back by about a second with the main thread idle (its display
 *   compositor throttling the page's frames: GoogleChrome/lighthouse#17148), and Lantern then counts
 *   every script in the page's LCP and Speed Index, so such a run scores several points lower.
 *
 * Prints a table and writes bench/results/web.json:
 *   { "firstLoadJsKb": { "<route>": kB }, "lighthouse": { "/": score, "/projects/[id]": score } }
 * Targets: first-load JS of `/` <= 200 kB; Lighthouse >= 95 on both pages.
 *
 *   npm run bench:web -w apps/web        (E2E_BASE_URL=… to measure a stack that is already up)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { startLocalStack } from "@orm/scripts/lib/localStack";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/chromium.ts";
import { measureFirstLoad } from "../e2e/measure-first-load.ts";

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REPO_ROOT = path.resolve(WEB_DIR, "../..");
const RESULTS_DIR = path.join(REPO_ROOT, "bench/results");
const LIGHTHOUSE_BIN = path.join(REPO_ROOT, "node_modules/.bin/lighthouse");

/** Route pattern → a concrete path on the seeded world (project 0 and proposal 0 always exist). */
const ROUTES: Record<string, string> = {
  "/": "/",
  "/projects/[id]": "/projects/0",
  "/projects/[id]/propose": "/projects/0/propose",
  "/proposals/[id]": "/proposals/0",
  "/portfolio": "/portfolio",
  "/create": "/create",
  "/verify": "/verify",
};
const LIGHTHOUSE_ROUTES = ["/", "/projects/[id]"] as const;

/**
 * Lighthouse's performance score (0–100) of `url`: the median of `runs` runs after one discarded
 * warm-up run (the first request after a start pays for the server's cold caches, not the page).
 */
function lighthouseScore(url: string, runs = 5): number {
  const scores: number[] = [];
  for (let run = -1; run < runs; run++) {
    const out = mkdtempSync(path.join(os.tmpdir(), "lighthouse-"));
    try {
      const report = path.join(out, "report.json");
      const result = spawnSync(
        LIGHTHOUSE_BIN,
        [url, "--quiet", "--only-categories=performance", "--output=json", `--output-path=${report}`, `--chrome-flags=${CHROMIUM_ARGS.join(" ")}`],
        { env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, encoding: "utf8", timeout: 180_000 },
      );
      if (result.status !== 0) throw new Error(`lighthouse failed on ${url}: ${result.stderr || result.stdout}`);
      const lhr = JSON.parse(readFileSync(report, "utf8"));
      const score = Math.round((lhr.categories.performance.score as number) * 100);
      const metric = (id: string) => lhr.audits[id]?.displayValue ?? "?";
      const observedFirstPaint = Math.round(lhr.audits.metrics?.details?.items?.[0]?.observedFirstContentfulPaint ?? Number.NaN);
      if (run < 0) continue; // the warm-up
      console.log(
        `  lighthouse ${new URL(url).pathname} run ${run + 1}: ${score} (FCP ${metric("first-contentful-paint")}, LCP ${metric("largest-contentful-paint")}, TBT ${metric("total-blocking-time")}, CLS ${metric("cumulative-layout-shift")}; first paint presented at ${observedFirstPaint} ms unthrottled; host benchmarkIndex ${Math.round(lhr.environment.benchmarkIndex)})`,
      );
      scores.push(score);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  scores.sort((a, b) => a - b);
  return scores[Math.floor(scores.length / 2)]!;
}

const external = process.env.E2E_BASE_URL;
const stack = external ? undefined : await startLocalStack({ onOutput: (chunk) => process.stdout.write(`[stack] ${chunk}`) });
const baseUrl = external ?? stack!.webUrl;
try {
  const loads = await measureFirstLoad(Object.values(ROUTES).map((route) => new URL(route, baseUrl).toString()));
  const firstLoadJsKb: Record<string, number> = {};
  Object.keys(ROUTES).forEach((route, index) => {
    firstLoadJsKb[route] = Math.round(loads[index]!.gzipBytes / 102.4) / 10;
  });
  const lighthouse: Record<string, number> = {};
  for (const route of LIGHTHOUSE_ROUTES) lighthouse[route] = lighthouseScore(new URL(ROUTES[route]!, baseUrl).toString());

  const rows = [
    ...Object.entries(firstLoadJsKb).map(([route, kb]) => ({ figure: `first-load JS ${route} (kB gzip)`, ours: kb, target: route === "/" ? "<= 200" : "-" })),
    ...Object.entries(lighthouse).map(([route, score]) => ({ figure: `Lighthouse performance ${route}`, ours: score, target: ">= 95" })),
  ];
  console.table(rows);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, "web.json"), `${JSON.stringify({ firstLoadJsKb, lighthouse }, null, 2)}\n`);
  console.log(`wrote ${path.relative(REPO_ROOT, path.join(RESULTS_DIR, "web.json"))}`);
} finally {
  await stack?.stop();
}
