"use client";

import { createWeb3Island } from "@/components/providers/createWeb3Island.tsx";

/** The review fees the connected account earned as a verifier (nothing until a wallet is connected). */
export const VerifierRewards = createWeb3Island(() => import("./VerifierRewards.tsx"));
