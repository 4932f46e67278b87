/**
 * Answers the pages that follow the chain from the page cache (`lib/live/pageCache.server.ts`): one
 * render per indexed block for everyone, instead of one per visitor. Every other request, the
 * cache's own render requests, and any page the cache cannot answer (the indexer is down) go on to
 * the app as before.
 */
import { NextResponse, type NextRequest } from "next/server";

import { answerFromCache, isCacheable } from "@/lib/live/pageCache.server.ts";

/** Where the cache fetches its renders: this server on loopback (`next start -H 127.0.0.1 -p <port>`). */
function originOf(request: NextRequest): string {
  return process.env.PAGE_CACHE_ORIGIN ?? request.nextUrl.origin;
}

export async function proxy(request: NextRequest) {
  if (!isCacheable(request)) return NextResponse.next();
  return (await answerFromCache(request, originOf(request))) ?? NextResponse.next();
}

export const config = {
  // The cached pages only (the rest never pays for the proxy); `isCacheable` has the exact list.
  matcher: ["/", "/projects/:id", "/proposals/:id", "/verify"],
};
