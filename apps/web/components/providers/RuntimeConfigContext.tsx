"use client";

import { createContext, use } from "react";

import type { RuntimeConfig } from "@/lib/runtimeConfig.ts";

export const RuntimeConfigContext = createContext<RuntimeConfig | null>(null);

/** The RPC and indexer URLs the server started with. */
export function useRuntimeConfig(): RuntimeConfig {
  const value = use(RuntimeConfigContext);
  if (!value) throw new Error("useRuntimeConfig must be used inside <AppProviders>.");
  return value;
}
