"use client";

/**
 * The app's providers. What every page loads is tiny: the runtime config and the loader store. The
 * wallet machinery — Wagmi → TanStack Query → RainbowKit, composed once in `Web3Root` — loads when
 * it is needed (`lib/web3Loader.ts`): at once when this browser was connected before, otherwise on
 * the first wallet button use or when a screen asks for it.
 */
import { lazy, Suspense, useEffect, type ReactNode } from "react";

import type { RuntimeConfig } from "@/lib/runtimeConfig.ts";
import { hasStoredConnection, requestWeb3 } from "@/lib/web3Loader.ts";

import { RuntimeConfigContext } from "./RuntimeConfigContext.tsx";
import { useWeb3Loader } from "./useWeb3Loader.ts";

const Web3Root = lazy(() => import("./Web3Root.tsx"));

export function AppProviders({ runtime, children }: { runtime: RuntimeConfig; children: ReactNode }) {
  const { wanted } = useWeb3Loader();
  useEffect(() => {
    if (hasStoredConnection()) requestWeb3();
  }, []);

  return (
    <RuntimeConfigContext value={runtime}>
      {children}
      {wanted ? (
        <Suspense fallback={null}>
          <Web3Root />
        </Suspense>
      ) : null}
    </RuntimeConfigContext>
  );
}
