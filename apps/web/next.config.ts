import type { NextConfig } from "next";

const config: NextConfig = {
  // The 0G SDKs and ethers are loaded at run time by the `0g` storage backend; keep them out of the bundle.
  serverExternalPackages: ["@0gfoundation/0g-ts-sdk", "@0glabs/0g-ts-sdk", "ethers", "open-jsonrpc-provider"],
  // The shared protocol package ships TypeScript sources (imported by name, `@orm/protocol/<module>`).
  transpilePackages: ["@orm/protocol"],
  poweredByHeader: false,
  experimental: {
    // Import only what is used from these packages' barrels.
    optimizePackageImports: ["@rainbow-me/rainbowkit", "wagmi", "viem"],
  },
};

export default config;
