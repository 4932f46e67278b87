"use client";

/**
 * Claims the connected account's share of a project's verifier pool (`ProposalLedger.claimReward`):
 * the one claim button of the app, on the home page's verifier rewards and in the portfolio.
 */
import { useProtocolWrite } from "@/hooks/useProtocolWrite.ts";

export type ClaimRewardsButtonProps = {
  projectId: bigint;
  /** The project token's symbol, for the toasts. */
  symbol?: string;
  /** Nothing to claim (the ledger would refuse with `NothingToClaim`). */
  disabled?: boolean;
  /** The button's words (default "Claim verifier rewards"; a table row may say "Claim"). */
  text?: string;
  testId: string;
};

export function ClaimRewardsButton({ projectId, symbol, disabled = false, text = "Claim verifier rewards", testId }: ClaimRewardsButtonProps) {
  const { writeAsync, isPending } = useProtocolWrite({ contractName: "ProposalLedger" });
  const label = `Claim ${symbol || `project #${projectId}`} verifier rewards`;
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
