"use client";

import { useSyncExternalStore } from "react";

import { getWeb3LoaderState, serverWeb3LoaderState, subscribeWeb3Loader } from "@/lib/web3Loader.ts";

/** The wallet machinery's loading state (`lib/web3Loader.ts`), re-rendering on change. */
export function useWeb3Loader() {
  return useSyncExternalStore(subscribeWeb3Loader, getWeb3LoaderState, () => serverWeb3LoaderState);
}
