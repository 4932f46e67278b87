/**
 * Brings up the whole local stack for the browser tests (`startLocalStack()`: `node scripts/start.ts`
 * on free ports — chain, deploy, web build, seed; 1–3 minutes) and hands the URLs to the tests
 * through E2E_BASE_URL and E2E_RPC_URL. The returned function (Playwright's teardown) stops it.
 */
import { startLocalStack } from "@orm/scripts/lib/localStack";

export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.E2E_BASE_URL && process.env.E2E_RPC_URL) return undefined; // a stack that is already up
  // Another `next build` of apps/web (a second stack starting in the same checkout) makes ours
  // refuse to run: wait and try again a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      const stack = await startLocalStack();
      process.env.E2E_BASE_URL = stack.webUrl;
      process.env.E2E_RPC_URL = stack.rpcUrl;
      process.env.E2E_INDEXER_URL = stack.indexerUrl;
      console.log(`[e2e] stack up in ${stack.startSeconds.toFixed(1)} s: ${stack.webUrl} (chain ${stack.rpcUrl})`);
      return stack.stop;
    } catch (error) {
      if (attempt >= 4 || !/Another next build process is already running/.test(String(error))) throw error;
      console.log("[e2e] another next build is running in this checkout; retrying in 20 s");
      await new Promise((resolve) => setTimeout(resolve, 20_000));
    }
  }
}
