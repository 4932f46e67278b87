"use client";

/**
 * Claims the review fees the connected account earned on a project (`ProposalLedger.claimReward`):
 * the one claim button of the app, in the review fees on the home and verify pages and in the portfolio.
 */
import { useProtocolWrite } from "@/hooks/useProtocolWrite.ts";

export type ClaimRewardsButtonProps = {
  projectId: bigint;
  /** Nothing to claim (the ledger would refuse with `NothingToClaim`). */
  disabled?: boolean;
  /** The button's words (default "Claim review fees"; a table row may say "Claim"). */
  text?: string;
  testId: string;
};

export function ClaimRewardsButton({ projectId, disabled = false, text = "Claim review fees", testId }: ClaimRewardsButtonProps) {
  const { writeAsync, isPending } = useProtocolWrite({ contractName: "ProposalLedger" });
  // The toasts say what was claimed; the row the button sits in says which project.
  const label = "Claim review fees";
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
