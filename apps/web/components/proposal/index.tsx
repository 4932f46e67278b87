"use client";

/** The proposal screens' wallet islands (loaded with the wallet machinery, not with the page). */
import { createWeb3Island } from "@/components/providers/createWeb3Island.tsx";

/** What the connected account may do with a proposal now (reads the chain for every visitor). */
export const ProposalActions = createWeb3Island(() => import("./ProposalActions.tsx"), {
  eager: true,
  fallback: <p className="text-sm text-muted">Loading what you may do…</p>,
});

/** A quorum project's review: its progress for every visitor, and the steps and seats of the connected account. */
export const QuorumReview = createWeb3Island(() => import("./QuorumReview.tsx"), {
  eager: true,
  fallback: <p className="text-sm text-muted">Reading the review quorum…</p>,
});
