import type { NextConfig } from "next";

/**
 * Served on every response: pages (cached ones included), API routes, static files. The pages'
 * Content-Security-Policy is per render, with a nonce (`proxy.ts`, `lib/securityHeaders.ts`). These
 * are written here, not imported: `next start apps/web` (how `npm start` runs it) loads this file
 * without resolving its relative imports.
 */
export const SECURITY_HEADERS: { key: string; value: string }[] = [
  // The CSP's `frame-ancestors 'none'` for browsers without CSP level 2: nothing of this app is
  // meant to be framed (a framed trade panel could trick clicks into signatures).
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Other sites (explorers, the repository host) learn this app's origin, never a page's path.
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Powerful features the app never uses, denied to it and to anything it embeds. Only names
  // Chromium knows: an unknown one is a console warning on every page.
  {
    key: "Permissions-Policy",
    value: ["accelerometer", "bluetooth", "camera", "display-capture", "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment", "serial", "usb"]
      .map((feature) => `${feature}=()`)
      .join(", "),
  },
];

const config: NextConfig = {
  // The 0G SDKs and ethers are loaded at run time by the `0g` storage backend; keep them out of the bundle.
  serverExternalPackages: ["@0gfoundation/0g-ts-sdk", "@0glabs/0g-ts-sdk", "ethers", "open-jsonrpc-provider"],
  // Workspace packages ship TypeScript sources, imported by name: `@orm/protocol/<module>`, and the
  // indexer's read-API route table (`@orm/indexer/api/routes`; its response types are imported type-only).
  transpilePackages: ["@orm/protocol", "@orm/indexer"],
  turbopack: {
    // One zod in the browser bundle: the root holds Hardhat's zod 3, so npm installs zod 4 beside each
    // workspace that uses it (here and in apps/protocol), and the bundle carried both copies (~30 kB
    // gzip on /create). Every `zod` import resolves to this app's copy (a path relative to apps/web).
    resolveAlias: { zod: "./node_modules/zod", "zod/*": "./node_modules/zod/*" },
  },
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
  // The page cache in proxy.ts keys and renders a client navigation's RSC payload by its `_rsc`
  // query and `RSC`/`Next-Router-*` headers: without this, Next strips both before the proxy runs,
  // and a refresh could not be told from a document request.
  skipProxyUrlNormalize: true,
  experimental: {
    // Import only what is used from these packages' barrels.
    optimizePackageImports: ["@rainbow-me/rainbowkit", "wagmi", "viem"],
  },
};

export default config;
