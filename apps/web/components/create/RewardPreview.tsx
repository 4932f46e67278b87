"use client";

/**
 * What the typed reward schedule would mint and do to the market right after creation, before the
 * creator signs (`@/lib/create/preview.ts`): a sentence, a small table of two example approvals,
 * and a warning when one approval would dilute holders sharply. Shown on the token and review steps.
 */
import { useFormContext, useWatch } from "react-hook-form";

import { describeRewardPreview, EXAMPLE_LABELS, formatCoverage, previewRewardSchedule } from "@/lib/create/preview.ts";
import type { CreateFormValues } from "@/lib/create/schema.ts";
import { formatEth, formatImprovement, formatTokenAmount } from "@orm/protocol/format";
import { useRuntimeConfig } from "@/components/providers/RuntimeConfigContext.tsx";

export function RewardPreview() {
  const { nativeSymbol } = useRuntimeConfig();
  const { control } = useFormContext<CreateFormValues>();
  const values = useWatch({ control }) as CreateFormValues;
  const preview = previewRewardSchedule(values);
  if (!preview) {
    return (
      <p className="text-sm text-muted" data-testid="reward-preview-empty">
        What an approval would mint appears once the curve, the pool, the share, the target and the benchmark&apos;s baseline are valid.
      </p>
    );
  }
  const lowerIsBetter = values.direction === "lower";
  const text = describeRewardPreview(preview, { nativeSymbol, tokenSymbol: values.tokenSymbol, lowerIsBetter, unit: values.unit });
  const eth = (wei: bigint) => formatEth(wei, { maxDecimals: 8, symbol: nativeSymbol });
  return (
    <div className="space-y-3" data-testid="reward-preview">
      <p className="text-sm" data-testid="reward-preview-sentence">
        {text.sentence}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-muted">
            <tr>
              <th className="py-1 pr-3 font-normal">A first approval of</th>
              <th className="py-1 pr-3 font-normal">Mints</th>
              <th className="py-1 pr-3 font-normal">Price</th>
              <th className="py-1 font-normal">Reserve coverage</th>
            </tr>
          </thead>
          <tbody className="num">
            {preview.examples.map((example) => (
              <tr key={example.kind} data-testid={`reward-preview-${example.kind}`} className={example.harmful ? "text-warn" : undefined}>
                <td className="py-1 pr-3">
                  {EXAMPLE_LABELS[example.kind]} ({formatImprovement(example.improvement, preview.metricScale, { lowerIsBetter, unit: values.unit })})
                </td>
                <td className="py-1 pr-3" data-testid={`reward-preview-${example.kind}-minted`}>
                  {formatTokenAmount(example.minted)}
                </td>
                <td className="py-1 pr-3" data-testid={`reward-preview-${example.kind}-price`}>
                  {eth(example.effect.spotBefore)} → {eth(example.effect.spotAfter)}
                </td>
                <td className="py-1" data-testid={`reward-preview-${example.kind}-coverage`}>
                  {formatCoverage(example.effect.coverageBefore)} → {formatCoverage(example.effect.coverageAfter)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {text.warning ? (
        <p role="status" className="rounded-lg border border-warn/30 bg-warn-soft px-4 py-3 text-sm text-warn" data-testid="reward-preview-warning">
          {text.warning}
        </p>
      ) : null}
    </div>
  );
}
