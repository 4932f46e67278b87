"use client";

/**
 * Step 4: the project token — name and symbol, the bonding curve (base price and slope in the chain's currency,
 * charted live, with the cost of the first N tokens), the miner pool and its reward schedule, the
 * minimum stake, an optional first buy (paid exactly, in the same transaction), an optional parent
 * project (a fork), and what approvals would mint and do to the market under those terms.
 */
import { useEffect, useState } from "react";
import { useFormContext, useWatch } from "react-hook-form";

import { curveTermsOf, firstBuyAmountOf, firstBuyCost, impactTargetOf } from "@/lib/create/build.ts";
import { MAX_BASE_PRICE, MAX_SLOPE } from "@/lib/create/limits.ts";
import { REVIEW_QUORUM_CHOICES, type CreateFormValues } from "@/lib/create/schema.ts";
import { formatEth, formatScore, parseTokenAmount } from "@orm/protocol/format";
import { parseMetricScale } from "@/lib/create/parse.ts";
import { useRuntimeConfig } from "@/components/providers/RuntimeConfigContext.tsx";
import { createIndexerClient } from "@/lib/indexer.ts";

import { CurveChart } from "./CurveChart.tsx";
import { SelectField, TextField } from "./fields.tsx";
import { RewardPreview } from "./RewardPreview.tsx";

type ParentLookup = { state: "idle" } | { state: "loading" } | { state: "found"; name: string; symbol: string } | { state: "missing"; message: string };

function useParentLookup(text: string): ParentLookup {
  const [lookup, setLookup] = useState<ParentLookup>({ state: "idle" });
  useEffect(() => {
    const id = text.trim() === "" ? undefined : parseTokenAmount(text);
    if (id === undefined) {
      setLookup({ state: "idle" });
      return;
    }
    const controller = new AbortController();
    setLookup({ state: "loading" });
    const timer = setTimeout(() => {
      createIndexerClient()
        .project(id, controller.signal)
        .then((project) => setLookup({ state: "found", name: project.name, symbol: project.symbol }))
        .catch((error: { status?: number; message?: string }) => {
          if (controller.signal.aborted) return;
          setLookup({
            state: "missing",
            message: error.status === 404 ? `No project #${id} is known; the transaction would be refused.` : (error.message ?? "The indexer did not answer."),
          });
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);
  return lookup;
}

export function TokenStep() {
  const { nativeSymbol } = useRuntimeConfig();
  const { control } = useFormContext<CreateFormValues>();
  const [basePrice, slope, minerPoolCap, previewTokens, firstBuy, parentProjectId, tokenSymbol, baseline, scale, unit] = useWatch({
    control,
    name: ["basePrice", "slope", "minerPoolCap", "previewTokens", "firstBuy", "parentProjectId", "tokenSymbol", "baseline", "scale", "unit"],
  });
  const metricScale = parseMetricScale(scale);
  const defaultTarget = impactTargetOf({ impactTarget: "", baseline, scale });
  const curve = curveTermsOf({ basePrice, slope });
  const inBounds = curve && curve.basePrice > 0n && curve.basePrice <= MAX_BASE_PRICE && curve.slope <= MAX_SLOPE ? curve : undefined;
  const preview = parseTokenAmount(previewTokens);
  const firstBuyAmount = firstBuyAmountOf({ firstBuy });
  const parent = useParentLookup(parentProjectId);
  const chartTop = [preview ?? 0n, firstBuyAmount ?? 0n, parseTokenAmount(minerPoolCap) ?? 0n, 100n].reduce((a, b) => (a > b ? a : b));

  return (
    <div className="space-y-5">
      <div className="grid gap-5 sm:grid-cols-3">
        <TextField name="tokenName" label="Token name" className="sm:col-span-2" placeholder="Squeeze" />
        <TextField name="tokenSymbol" label="Symbol" placeholder="SQZ" hint="Up to 11 letters or digits." />
      </div>

      <fieldset className="min-w-0 space-y-5 rounded-lg border border-line p-4">
        <legend className="px-1 text-sm font-medium">Bonding curve</legend>
        <p className="text-sm text-muted">The k-th token (from 0) costs base price + slope × k.</p>
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField name="basePrice" label="Base price" inputMode="decimal" suffix={nativeSymbol} hint="Price of the first token; above 0." />
          <TextField name="slope" label="Slope" inputMode="decimal" suffix={nativeSymbol} hint="Added to the price by each token sold." />
        </div>
        {inBounds ? (
          <CurveChart nativeSymbol={nativeSymbol} terms={inBounds} maxSupply={chartTop} />
        ) : (
          <p className="text-sm text-muted" data-testid="curve-chart-empty">
            The chart appears once the base price and slope are valid.
          </p>
        )}
        <div className="grid items-end gap-5 sm:grid-cols-2">
          <TextField name="previewTokens" label="Preview the first N tokens" inputMode="numeric" />
          <p className="pb-2 text-sm" data-testid="cost-first-n">
            {inBounds && preview !== undefined ? (
              <>
                The first {preview.toLocaleString("en-US")} tokens cost <strong className="num">{formatEth(firstBuyCost(inBounds, preview), { maxDecimals: 8, symbol: nativeSymbol })}</strong>
              </>
            ) : (
              <span className="text-muted">—</span>
            )}
          </p>
        </div>
      </fieldset>

      <fieldset className="min-w-0 space-y-5 rounded-lg border border-line p-4">
        <legend className="px-1 text-sm font-medium">Miners</legend>
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField name="minerPoolCap" label="Miner pool cap" inputMode="numeric" suffix="tokens" hint="Tokens that can ever be minted as rewards." />
          <TextField name="minStake" label="Minimum stake" inputMode="numeric" suffix="tokens" hint="The smallest stake behind a proposal; also the review fee a verifier earns per review, whatever the verdict." />
          <SelectField
            name="reviewQuorum"
            label="Reviewers per proposal"
            options={REVIEW_QUORUM_CHOICES.map((value) =>
              value === "1"
                ? { value, label: "1 — an allowlisted verifier claims and decides" }
                : { value, label: `${value} — a quorum drawn from the bonded verifiers, settled on the median` },
            )}
            hint="With a quorum, no single verifier decides: each seat re-runs the benchmark and commits its score before any is revealed, and a proposal stakes at least this many times the minimum stake (one review fee per seat)."
          />
        </div>
        <p className="text-sm text-muted">
          Rewards follow the improvement, not the stake: the schedule mints its share of the pool in step with the best score&apos;s progress from the
          baseline, all of it once the progress reaches the target, the same whether that comes in one approval or several.
        </p>
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField name="rewardPercent" label="Share of the pool the schedule pays" inputMode="decimal" suffix="%" hint="Up to 100; what is not scheduled is never minted." />
          <TextField
            name="impactTarget"
            label="Target progress"
            inputMode="decimal"
            suffix={unit.trim() || undefined}
            placeholder={defaultTarget !== undefined && metricScale !== undefined ? formatScore(defaultTarget, metricScale) : undefined}
            hint={
              <>
                The progress from the baseline, in metric units, that earns the whole share. Empty: the baseline&apos;s size
                {defaultTarget !== undefined && metricScale !== undefined ? ` (${formatScore(defaultTarget, metricScale)})` : ""}, or one unit when the baseline is 0.
              </>
            }
          />
        </div>
      </fieldset>

      <fieldset className="min-w-0 space-y-5 rounded-lg border border-line p-4">
        <legend className="px-1 text-sm font-medium">Optional</legend>
        <div className="grid items-start gap-5 sm:grid-cols-2">
          <TextField name="firstBuy" label="First buy" inputMode="numeric" suffix="tokens" hint="Bought for you in the same transaction; 0 for none." />
          <p className="text-sm sm:pt-8" data-testid="first-buy-cost">
            {inBounds && firstBuyAmount !== undefined && firstBuyAmount > 0n ? (
              <>
                You pay exactly <strong className="num">{formatEth(firstBuyCost(inBounds, firstBuyAmount), { maxDecimals: 8, symbol: nativeSymbol })}</strong> for{" "}
                {firstBuyAmount.toLocaleString("en-US")} {tokenSymbol || "tokens"}.
              </>
            ) : (
              <span className="text-muted">No first buy.</span>
            )}
          </p>
        </div>
        <div className="grid items-start gap-5 sm:grid-cols-2">
          <TextField name="parentProjectId" label="Parent project id" inputMode="numeric" hint="Fill in when this project forks another." />
          <p className="text-sm sm:pt-8" data-testid="parent-name">
            {parent.state === "found" ? (
              <>
                Forks <strong>{parent.name}</strong> <span className="text-muted">({parent.symbol})</span>
              </>
            ) : parent.state === "loading" ? (
              <span className="text-muted">Looking it up…</span>
            ) : parent.state === "missing" ? (
              <span className="text-warn">{parent.message}</span>
            ) : (
              <span className="text-muted">Not a fork.</span>
            )}
          </p>
        </div>
      </fieldset>

      <fieldset className="min-w-0 space-y-3 rounded-lg border border-line p-4">
        <legend className="px-1 text-sm font-medium">What approvals would mint</legend>
        <RewardPreview />
      </fieldset>
    </div>
  );
}
