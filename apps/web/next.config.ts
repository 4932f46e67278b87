import type { NextConfig } from "next";

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
