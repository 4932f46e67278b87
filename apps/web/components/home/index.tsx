"use client";

import { createWeb3Island } from "@/components/providers/createWeb3Island.tsx";

/** The connected account's verifier rewards (nothing until a wallet is connected). */
export const VerifierRewards = createWeb3Island(() => import("./VerifierRewards.tsx"));
