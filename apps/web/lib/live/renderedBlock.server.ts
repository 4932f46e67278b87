/**
 * The indexed block the page cache rendered this page after (it passes it as a request header to
 * its render), for the page's `<LiveUpdates>`; null when the page was rendered without the cache
 * (the indexer did not answer).
 */
import { headers } from "next/headers";

import { BLOCK_HEADER } from "./pageCache.server.ts";

export async function renderedBlockOf(): Promise<string | null> {
  const value = (await headers()).get(BLOCK_HEADER);
  return value !== null && /^\d{1,30}$/.test(value) ? value : null;
}
