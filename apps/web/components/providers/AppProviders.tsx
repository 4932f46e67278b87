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
    // The first localStorage read opens the origin's storage (~5 ms of main thread here): done once
    // hydration's work is over, not inside its effects (a reconnect waits at most half a second).
    const reconnect = () => {
      if (hasStoredConnection()) requestWeb3();
    };
    if (typeof requestIdleCallback !== "function") {
      const timer = setTimeout(reconnect, 0);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(reconnect, { timeout: 500 });
    return () => cancelIdleCallback(idle);
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
