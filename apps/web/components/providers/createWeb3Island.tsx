"use client";

/**
 * A wallet island: a client component that uses wagmi hooks, loaded with the wallet machinery
 * instead of with the page. Until the machinery is ready the island renders `fallback` (also what
 * the server renders); then it renders the component inside `Web3Providers`.
 *
 * @example
 * // components/home/index.ts (no wagmi import here)
 * export const VerifierRewards = createWeb3Island(() => import("./VerifierRewards.tsx"));
 * // a screen that reads the chain for every visitor asks for the machinery at once:
 * export const TradePanel = createWeb3Island(() => import("./TradePanel.tsx"), { eager: true, fallback: <PanelSkeleton /> });
 * // a panel most visitors only read past loads when the visitor reaches for it:
 * export const TradePanel = createWeb3Island(() => import("./TradePanel.tsx"), { loadOnInteraction: true, fallback: (props) => <Idle {...props} /> });
 */
import { lazy, Suspense, useEffect, type ComponentType, type ReactNode } from "react";

import { requestWeb3 } from "@/lib/web3Loader.ts";

import { useWeb3Loader } from "./useWeb3Loader.ts";

export type CreateWeb3IslandOptions<props> = {
  /** Shown on the server and until the island is loaded (a function of the island's props, or a node). */
  fallback?: ReactNode | ((props: props) => ReactNode);
  /** Load the wallet machinery as soon as the island mounts (otherwise it waits for a wallet). */
  eager?: boolean;
  /**
   * Load the wallet machinery when the visitor reaches for the island (pointer over it, focus in it,
   * a touch) — for a panel every visitor may use but most only read past: its code stays out of the
   * page's first load. The fallback should say what the island is and offer a way in.
   */
  loadOnInteraction?: boolean;
};

export function createWeb3Island<props extends object>(
  load: () => Promise<{ default: ComponentType<props> }>,
  { fallback = null, eager = false, loadOnInteraction = false }: CreateWeb3IslandOptions<props> = {},
): ComponentType<props> {
  const Loaded = lazy(async () => {
    const [{ Web3Providers }, { default: Component }] = await Promise.all([import("./Web3Providers.tsx"), load()]);
    function WithProviders(props: props) {
      return (
        <Web3Providers>
          <Component {...props} />
        </Web3Providers>
      );
    }
    return { default: WithProviders };
  });

  function Web3Island(props: props) {
    const { ready } = useWeb3Loader();
    useEffect(() => {
      if (eager) requestWeb3();
    }, []);
    const shown = typeof fallback === "function" ? fallback(props) : fallback;
    if (!ready) {
      if (!loadOnInteraction) return <>{shown}</>;
      return (
        <div onPointerEnter={requestWeb3} onFocusCapture={requestWeb3} onTouchStart={requestWeb3}>
          {shown}
        </div>
      );
    }
    return (
      <Suspense fallback={shown}>
        <Loaded {...props} />
      </Suspense>
    );
  }
  return Web3Island;
}
