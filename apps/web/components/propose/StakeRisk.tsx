/**
 * What a stake risks and what it may earn, shown before anything is signed: the slash split if the
 * proposal is rejected or left to expire (the amounts, with the rule in words: percentages beside the
 * amounts would contradict an odd stake's), and the reward an approval at the claimed score would
 * mint now under the project's rule (`quoteNewProposalReward`).
 */
import { formatTokenAmount } from "@orm/protocol/format";
import { rewardRule } from "@orm/protocol/generated/constants";
import { quoteNewProposalReward, slashSplitOf } from "@orm/protocol/ledger";
import { describeSlashRule } from "@/lib/proposal.ts";

import type { ProposeTerms } from "./types.ts";

export type StakeRiskProps = {
  terms: ProposeTerms;
  stake: bigint;
  /** The claimed score's improvement over the best, when it meets the minimum. */
  improvement: bigint | undefined;
  /** Whether the claimed score meets the minimum (`undefined`: no score yet, or not read yet). */
  scoreMeets: boolean | undefined;
  minerPoolRemaining: bigint | undefined;
};

export function StakeRisk({ terms, stake, improvement, scoreMeets, minerPoolRemaining }: StakeRiskProps) {
  const { symbol } = terms;
  const { burned, toVerifierPool } = slashSplitOf(stake);
  const needsImprovement = terms.rewardRule === rewardRule.Impact;
  const reward =
    minerPoolRemaining === undefined || scoreMeets === false || (needsImprovement && improvement === undefined)
      ? undefined
      : quoteNewProposalReward({
          rewardRule: terms.rewardRule,
          rewardBps: terms.rewardBps,
          impactTarget: terms.impactTarget,
          stake,
          improvement: improvement ?? 0n,
          minerPoolRemaining,
        });

  return (
    <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-2" data-testid="stake-risk">
      <div className="rounded-lg border border-line px-3 py-2">
        <dt className="font-medium">If rejected or left to expire</dt>
        <dd className="mt-1 text-muted" data-testid="slash-split">
          You lose the stake: <span className="num text-ink">{formatTokenAmount(burned, symbol)}</span> burned and{" "}
          <span className="num text-ink">{formatTokenAmount(toVerifierPool, symbol)}</span> to the project&apos;s verifier pool ({describeSlashRule()}).
        </dd>
      </div>
      <div className="rounded-lg border border-line px-3 py-2">
        <dt className="font-medium">If approved now</dt>
        <dd className="mt-1 text-muted" data-testid="reward-quote">
          {scoreMeets === false ? (
            "No reward: the claimed score does not beat the best by the minimum."
          ) : reward === undefined ? (
            needsImprovement ? "Enter a claimed score to see the reward (it grows with the improvement)." : "Reading the miner pool…"
          ) : (
            <>
              Your {formatTokenAmount(stake, symbol)} back and a reward of{" "}
              <span className="num text-ink" data-testid="reward-amount">{formatTokenAmount(reward, symbol)}</span>, minted from the
              miner pool ({formatTokenAmount(minerPoolRemaining ?? 0n)} left; the reward is fixed at approval, at the verified score).
            </>
          )}
        </dd>
      </div>
    </dl>
  );
}
