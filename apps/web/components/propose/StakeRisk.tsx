/**
 * What a stake risks and what it may earn, shown before anything is signed, per outcome: the review
 * fee a verifier earns on any verdict (the project's minimum stake); on rejection the fee and the
 * slash of the rest (amounts, with the rule in words: percentages beside the amounts would contradict
 * an odd amount's split); on approval the stake back (whole while the project's fee fund pays the
 * fee) and the reward it would mint now under the project's schedule (`quoteNewProposalReward`: a
 * function of the improvement, never of the stake), with where that mint moves the token's price and
 * reserve coverage (`mintEffectOf`); on supersession the stake less the fee; on expiry the stake back
 * whole (`settlementOf`).
 */
import { improvementOf, mintEffectOf } from "@orm/protocol/curve";
import { formatBps, formatEth, formatTokenAmount } from "@orm/protocol/format";
import { minimumStakeOf, quoteNewProposalReward, settlementOf } from "@orm/protocol/ledger";
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
  /** The project's fee fund now (`getVerifierPool(projectId).fund`; `undefined` until read). */
  feeFund: bigint | undefined;
  /** The best as the chain has it now (the schedule pays from the progress it stands at). */
  best: bigint;
  /** The token's `pricingSupply()` and `reserve()` now; `undefined` until read. */
  market: { supply: bigint; reserve: bigint } | undefined;
  /** The chain's native currency symbol, for the price. */
  nativeSymbol: string;
};

/** A 1e18-scaled ratio as a percentage with one decimal. */
const percentOf = (ratio: bigint) => formatBps(Number((ratio * 10_000n) / 10n ** 18n));

export function StakeRisk({ terms, stake, improvement, scoreMeets, minerPoolRemaining, feeFund, best, market, nativeSymbol }: StakeRiskProps) {
  const { symbol } = terms;
  // The review fee is the project's minimum stake when the proposal is submitted.
  const settlement = settlementOf({ stake, reviewFee: minimumStakeOf(terms), fund: feeFund ?? 0n });
  const fee = formatTokenAmount(settlement.reviewFee, symbol);
  const reward =
    scoreMeets === false || improvement === undefined
      ? undefined
      : quoteNewProposalReward({
          rewardBps: terms.rewardBps,
          impactTarget: terms.impactTarget,
          minerPoolCap: terms.minerPoolCap,
          progressBefore: improvementOf(terms.baseline, best, terms.lowerIsBetter),
          improvement,
        });
  const effect = reward !== undefined && market ? mintEffectOf({ basePrice: terms.basePrice, slope: terms.slope, ...market }, reward) : undefined;
  const { approve } = settlement;

  return (
    <div className="mt-3 space-y-3 text-sm" data-testid="stake-risk">
      <p className="text-muted" data-testid="review-fee">
        Whatever the verdict, the verifier who reviews your proposal earns this project&apos;s review fee,{" "}
        <span className="num text-ink">{fee}</span> (its minimum stake): from your stake, except on approval while the
        project&apos;s fee fund can pay it.
      </p>
      <dl className="grid gap-3 sm:grid-cols-2">
        <div className="rounded-lg border border-line px-3 py-2">
          <dt className="font-medium">If approved now</dt>
          <dd className="mt-1 text-muted" data-testid="reward-quote">
            {scoreMeets === false ? (
              "No reward: the claimed score does not beat the best by the minimum."
            ) : reward === undefined ? (
              "Enter a claimed score to see the reward (it grows with the improvement, not with the stake)."
            ) : (
              <>
                <span data-testid="approve-stake-back">
                  {feeFund === undefined ? (
                    <>Your stake back (less the fee unless the fee fund pays it; reading the fund…)</>
                  ) : approve.feeFromStake === 0n ? (
                    <>
                      Your {formatTokenAmount(stake, symbol)} back whole (the fee fund, {formatTokenAmount(feeFund, symbol)} now, pays the fee)
                    </>
                  ) : (
                    <>
                      <span className="num text-ink">{formatTokenAmount(approve.stakeReturned, symbol)}</span> of your stake back (the fee fund holds{" "}
                      {formatTokenAmount(feeFund, symbol)} now, so {formatTokenAmount(approve.feeFromStake, symbol)} of the fee comes out of it)
                    </>
                  )}
                </span>{" "}
                and a reward of <span className="num text-ink" data-testid="reward-amount">{formatTokenAmount(reward, symbol)}</span>, minted from the
                miner pool ({minerPoolRemaining === undefined ? "…" : formatTokenAmount(minerPoolRemaining)} left) by the project&apos;s schedule for this
                improvement, the same whatever you stake (fixed at approval, at the verified score).
                {effect ? (
                  <span className="mt-1 block" data-testid="reward-effect">
                    Minting it moves the price from <span className="num text-ink">{formatEth(effect.spotBefore, { symbol: nativeSymbol, maxDecimals: 8 })}</span> to{" "}
                    <span className="num text-ink">{formatEth(effect.spotAfter, { symbol: nativeSymbol, maxDecimals: 8 })}</span> and the reserve coverage from{" "}
                    <span className="num text-ink">{percentOf(effect.coverageBefore)}</span> to{" "}
                    <span className="num text-ink">{percentOf(effect.coverageAfter)}</span>.
                  </span>
                ) : null}
              </>
            )}
          </dd>
        </div>
        <div className="rounded-lg border border-line px-3 py-2">
          <dt className="font-medium">If rejected</dt>
          <dd className="mt-1 text-muted" data-testid="slash-split">
            You lose the whole stake: the fee of {fee} to the verifier, then{" "}
            <span className="num text-ink">{formatTokenAmount(settlement.reject.burned, symbol)}</span> burned and{" "}
            <span className="num text-ink">{formatTokenAmount(settlement.reject.toFund, symbol)}</span> to the project&apos;s fee fund (
            {describeSlashRule()}).
          </dd>
        </div>
        <div className="rounded-lg border border-line px-3 py-2">
          <dt className="font-medium">If superseded</dt>
          <dd className="mt-1 text-muted" data-testid="supersede-stake-back">
            Your claim reproduced but another approval overtook it first: <span className="num text-ink">{formatTokenAmount(settlement.supersede.stakeReturned, symbol)}</span>{" "}
            back (the stake less the fee), no reward.
          </dd>
        </div>
        <div className="rounded-lg border border-line px-3 py-2">
          <dt className="font-medium">If nobody reviews it in time</dt>
          <dd className="mt-1 text-muted" data-testid="expiry-refund">
            Once the review window closes, anyone may expire it: your <span className="num text-ink">{formatTokenAmount(settlement.expire.stakeReturned, symbol)}</span>{" "}
            back whole, no fee, no slash.
          </dd>
        </div>
      </dl>
    </div>
  );
}
