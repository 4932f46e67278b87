/**
 * Browser tests against the real local stack: `e2e/global-setup.ts` starts `node scripts/start.ts`
 * (chain, deploy, web build, seed) on free ports and stops it afterwards. Set E2E_BASE_URL and
 * E2E_RPC_URL to run against a stack that is already up instead.
 *
 *   npm run test:e2e -w apps/web
 */
import { defineConfig, devices } from "@playwright/test";

import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./e2e/chromium.ts";

process.env.NEXT_TELEMETRY_DISABLED = "1";

export default defineConfig({
  testDir: "./e2e",
  testMatch: /.*\.spec\.ts$/,
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: "list",
  // Traces, screenshots and the phone-width captures go where git does not look (node_modules/ is
  // ignored); E2E_OUTPUT_DIR gives a concurrent run its own folder.
  outputDir: process.env.E2E_OUTPUT_DIR ?? "../../node_modules/.cache/orm-web-e2e",
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
      },
    },
  ],
});
