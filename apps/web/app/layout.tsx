import "./globals.css";

import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";

import { SiteFooter } from "@/components/layout/SiteFooter.tsx";
import { SiteHeader } from "@/components/layout/SiteHeader.tsx";
import { AppProviders } from "@/components/providers/AppProviders.tsx";
import { WrongChainBanner } from "@/components/wallet/index.tsx";
import { appConfig } from "@/lib/config.ts";
import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";

export const metadata: Metadata = {
  title: { default: appConfig.appName, template: `%s · ${appConfig.appName}` },
  description: appConfig.description,
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#0f766e",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The chain's RPC URL is read when the server renders, not when the app is built (one build
  // serves any CHAIN_PORT), so pages render per request.
  await connection();
  const runtime = getRuntimeConfig();
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col">
        <AppProviders runtime={runtime}>
          <SiteHeader />
          <WrongChainBanner />
          <main className="flex-1">{children}</main>
          <SiteFooter />
        </AppProviders>
      </body>
    </html>
  );
}
