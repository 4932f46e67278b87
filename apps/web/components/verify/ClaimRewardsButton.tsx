"use client";

/**
 * Claims the connected account's share of a project's verifier pool (`ProposalLedger.claimReward`):
 * the one claim button of the app, on the home page's verifier rewards and in the portfolio.
 */
import { useProtocolWrite } from "@/hooks/useProtocolWrite.ts";

export type ClaimRewardsButtonProps = {
  projectId: bigint;
  /** Nothing to claim (the ledger would refuse with `NothingToClaim`). */
  disabled?: boolean;
  /** The button's words (default "Claim verifier rewards"; a table row may say "Claim"). */
  text?: string;
  testId: string;
};

export function ClaimRewardsButton({ projectId, disabled = false, text = "Claim verifier rewards", testId }: ClaimRewardsButtonProps) {
  const { writeAsync, isPending } = useProtocolWrite({ contractName: "ProposalLedger" });
  // The toasts say what was claimed; the row the button sits in says which project.
  const label = "Claim verifier rewards";
  return (
    <button
      type="button"
      data-testid={testId}
      className="btn btn-primary"
      disabled={disabled || isPending}
      onClick={() => void writeAsync({ functionName: "claimReward", args: [projectId], label })}
    >
      {isPending ? "Claiming…" : text}
    </button>
  );
}
