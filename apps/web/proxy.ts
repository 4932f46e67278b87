/**
 * Every page passes here, for two jobs:
 * - The pages that follow the chain are answered from the page cache (`lib/live/pageCache.server.ts`):
 *   one render per indexed block for everyone, instead of one per visitor.
 * - Every page rendered (the cache's own render requests included) gets a Content-Security-Policy
 *   with a fresh nonce (`lib/securityHeaders.ts`): Next reads it from the request's header and stamps
 *   it on its scripts, and the response carries the same header. A cached page is served with the
 *   header of the render it came from, stored beside it, so each cached document keeps its own nonce.
 * The headers every response carries (framing, referrer, permissions, nosniff) come from
 * `next.config.ts`; API routes and static files do not pass here.
 */
import { NextResponse, type NextRequest } from "next/server";

import { answerFromCache, isCacheable } from "@/lib/live/pageCache.server.ts";
import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";
import { buildContentSecurityPolicy, createNonce, getRpcOrigins } from "@/lib/securityHeaders.ts";

/** Where the cache fetches its renders: this server on loopback (`next start -H 127.0.0.1 -p <port>`). */
function originOf(request: NextRequest): string {
  return process.env.PAGE_CACHE_ORIGIN ?? request.nextUrl.origin;
}

/** Lets `request` on to the app with a CSP of its own nonce, on the request (for Next) and the response. */
function renderWithNonce(request: NextRequest): NextResponse {
  const policy = buildContentSecurityPolicy({
    nonce: createNonce(),
    rpcOrigins: getRpcOrigins(getRuntimeConfig()),
    // Written out, as in `lib/wagmi.ts`: the WalletConnect wallets exist only in a build with the id.
    walletConnect: Boolean(process.env.NEXT_PUBLIC_WC_PROJECT_ID),
    dev: process.env.NODE_ENV === "development",
  });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export async function proxy(request: NextRequest) {
  if (isCacheable(request)) {
    const cached = await answerFromCache(request, originOf(request));
    if (cached) return cached;
  }
  return renderWithNonce(request);
}

export const config = {
  // Every page (each needs its nonce); not the API routes, nor Next's own files (`/_next/...`), nor
  // files at the root such as `/icon.svg`. `isCacheable` has the exact list of cached pages.
  matcher: ["/((?!api/|_next/|[^/]+\\.[a-z0-9]+$).*)"],
};
