"use client";

/**
 * The propose screen's wallet parts, as islands (no wagmi in the page's first load). The form reads
 * the chain for every visitor (balances, the score check), so it asks for the machinery at once.
 */
import { createWeb3Island } from "@/components/providers/createWeb3Island.tsx";

import { ProposeFormSkeleton } from "./ProposeFormSkeleton.tsx";

export const ProposeForm = createWeb3Island(() => import("./ProposeForm.tsx"), {
  eager: true,
  fallback: <ProposeFormSkeleton />,
});
