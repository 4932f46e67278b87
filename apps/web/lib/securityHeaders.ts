/**
 * The pages' Content-Security-Policy, built per render by `proxy.ts` with that render's nonce (the
 * headers every response carries, framing, referrer, permissions and nosniff, are in
 * `next.config.ts`). The README's "Security headers" section says why each source is allowed.
 *
 * Why a nonce, and how it survives the page cache: Next stamps the nonce it finds in the request's
 * CSP header on its own scripts (framework, page chunks, the inline RSC payload), so no inline script
 * runs without it and `'unsafe-inline'` is never needed for scripts. A cached page
 * (`lib/live/pageCache.server.ts`) is one render served to many visitors, so its nonce cannot be per
 * visitor: each render gets a fresh one, its CSP header is stored with the rendered document and
 * served with it (the same HTML and header always travel together). The nonce is unguessable when
 * the render that uses it runs, which is what it guards: markup injected into a render cannot know
 * the nonce that render's header will carry.
 */
import { getChain } from "@orm/protocol/chains";
import { getBrowserRpcUrl, type RuntimeConfig } from "./runtimeConfig.ts";

/** WalletConnect's relay, API and verify hosts (its wallets are offered only with a project id). */
const WALLETCONNECT_CONNECT = [
  "https://*.walletconnect.com",
  "https://*.walletconnect.org",
  "wss://*.walletconnect.com",
  "wss://*.walletconnect.org",
  "https://*.reown.com",
  "wss://*.reown.com",
  // Coinbase Wallet's SDK (offered beside WalletConnect) talks to its own relay.
  "wss://www.walletlink.org",
  "https://*.coinbase.com",
];
/** WalletConnect's "verify" iframe (domain verification of the dapp). */
const WALLETCONNECT_FRAMES = ["https://verify.walletconnect.com", "https://verify.walletconnect.org"];
/** The wallet logos the WalletConnect modal loads. */
const WALLETCONNECT_IMAGES = ["https://*.walletconnect.com", "https://*.reown.com"];

export type ContentSecurityPolicyParameters = {
  /** This render's nonce (`createNonce()`). */
  nonce: string;
  /** Origins the browser calls besides this one: the target chains' RPCs (`getRpcOrigins`). */
  rpcOrigins: readonly string[];
  /** WalletConnect-based wallets are offered (`NEXT_PUBLIC_WC_PROJECT_ID` is set). */
  walletConnect: boolean;
  /** `next dev`: React rebuilds server error stacks with `eval`. Never in production. */
  dev: boolean;
};

/** The pages' Content-Security-Policy, one header value. */
export function buildContentSecurityPolicy({ nonce, rpcOrigins, walletConnect, dev }: ContentSecurityPolicyParameters): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // Scripts run only with this render's nonce, and what they load ('strict-dynamic': Next's chunk
    // loader adds script elements); 'self' is the fallback of browsers without 'strict-dynamic'.
    // 'wasm-unsafe-eval' compiles WebAssembly (hash-wasm's keccak computes 0G roots in the browser),
    // and allows no JavaScript eval.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'wasm-unsafe-eval'", ...(dev ? ["'unsafe-eval'"] : [])],
    // Styles need 'unsafe-inline': React writes `style` attributes into the server's HTML and
    // RainbowKit injects its theme as a <style> element at run time, neither of which can carry a
    // nonce (a nonce in this list would also switch 'unsafe-inline' off). Styles cannot run code.
    "style-src": ["'self'", "'unsafe-inline'"],
    // Wallet icons are data: URLs; charts and artifact previews draw blobs.
    "img-src": ["'self'", "data:", "blob:", ...(walletConnect ? WALLETCONNECT_IMAGES : [])],
    "font-src": ["'self'", "data:"],
    // 'self': the indexer proxy (/api/indexer), the storage relay (/api/storage), the live stream
    // (/api/live); the chain's RPC is called by the browser itself (reads, the dev wallet).
    "connect-src": ["'self'", ...rpcOrigins, ...(walletConnect ? WALLETCONNECT_CONNECT : [])],
    "frame-src": walletConnect ? WALLETCONNECT_FRAMES : ["'none'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${[...new Set(sources)].join(" ")}`)
    .join("; ");
}

/** The origins of the RPC URLs the browser uses for the target chains (as `lib/wagmi.ts` configures them). */
export function getRpcOrigins(runtime: RuntimeConfig): string[] {
  const origins = runtime.targetChainIds.flatMap((id) => {
    const chain = getChain(id, getBrowserRpcUrl(runtime, id));
    return (chain?.rpcUrls.default.http ?? []).map((url) => new URL(url).origin);
  });
  return [...new Set(origins)];
}

/** A fresh nonce: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
