"use client";

/** Step 5: every value and every root, as they will be stored and signed, then the signature. */
import type { ReactNode } from "react";
import { useFormContext, useWatch } from "react-hook-form";

import { curveTermsOf, firstBuyAmountOf, firstBuyCost, impactTargetOf } from "@/lib/create/build.ts";
import { parseMetricScale, splitLines } from "@/lib/create/parse.ts";
import { ARTIFACT_LABELS, type ArtifactKey, type CreateFormValues } from "@/lib/create/schema.ts";
import { formatEth, formatScore, formatTokenAmount, parseScore, parseTokenAmount } from "@orm/protocol/format";
import { LIST_SECTIONS, normalizeRepositoryUrl, STATEMENT_SECTIONS } from "@orm/protocol/document";

import { useRuntimeConfig } from "@/components/providers/RuntimeConfigContext.tsx";
import { PublishAction } from "./islands.tsx";
import { RewardPreview } from "./RewardPreview.tsx";
import type { PublishActionProps } from "./PublishAction.tsx";

function Row({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm text-muted">{label}</dt>
      <dd className="min-w-0 text-sm break-words sm:col-span-2" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function tokens(text: string): string {
  const amount = parseTokenAmount(text);
  return amount === undefined ? text : `${formatTokenAmount(amount)} ${amount === 1n ? "token" : "tokens"}`;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-lg border border-line p-4">
      <h3 className="font-semibold">{title}</h3>
      <dl className="mt-2 divide-y divide-line">{children}</dl>
    </section>
  );
}

export function ReviewStep({ publish }: { publish: Omit<PublishActionProps, "firstBuy" | "label"> }) {
  const { nativeSymbol } = useRuntimeConfig();
  const { control } = useFormContext<CreateFormValues>();
  const values = useWatch({ control }) as CreateFormValues;
  const scale = parseMetricScale(values.scale);
  const score = (text: string) => {
    const parsed = scale === undefined ? undefined : parseScore(text.trim() || "0", scale);
    return parsed === undefined || scale === undefined ? text : `${formatScore(parsed, scale)} ${values.unit}`.trim();
  };
  const curve = curveTermsOf(values);
  const firstBuy = firstBuyAmountOf(values);
  const target = impactTargetOf(values);

  return (
    <div className="space-y-4">
      <Section title="Research">
        <Row label="Title" testId="review-title">{values.title}</Row>
        <Row label="Repository" testId="review-repository">{normalizeRepositoryUrl(values.repository)}</Row>
        <Row label="Research domain">{values.domain || "—"}</Row>
        {/* optional sections left empty are not in the document, so not here either */}
        {STATEMENT_SECTIONS.filter(([name]) => values[name]?.trim()).map(([name, label]) => (
          <Row key={name} label={label}>
            <span className="whitespace-pre-line">{values[name]}</span>
          </Row>
        ))}
        {LIST_SECTIONS.filter(([name]) => splitLines(values[name] ?? "").length > 0).map(([name, label]) => (
          <Row key={name} label={label}>
            <ul className="list-disc pl-4">
              {splitLines(values[name]).map((line, index) => (
                <li key={index}>{line}</li>
              ))}
            </ul>
          </Row>
        ))}
      </Section>

      <Section title="Benchmark">
        <Row label="Metric" testId="review-metric">
          {values.metric} {values.unit ? `(${values.unit})` : ""} · {values.direction === "lower" ? "lower is better" : "higher is better"}
        </Row>
        <Row label="Minimum improvement">{score(values.minimumImprovement)}</Row>
        <Row label="Command">
          <code className="num">{values.command}</code>
        </Row>
        <Row label="Runs · tolerance">
          {values.runs} · {values.tolerance}%
        </Row>
        <Row label="Sandbox limits">
          {values.cpuSeconds} CPU s · {values.memoryMiB} MiB · {values.wallSeconds} s wall clock
        </Row>
        <Row label="Baseline score" testId="review-baseline">
          {score(values.baseline)} <span className="text-muted">(scale {values.scale})</span>
        </Row>
      </Section>

      <Section title="Artifacts">
        {(["repoSnapshot", "benchmarkBundle", "baselineMetrics", "protocol"] as ArtifactKey[]).map((key) => {
          const record = values.artifacts?.[key];
          return (
            <Row key={key} label={ARTIFACT_LABELS[key]}>
              {record ? (
                <>
                  {record.name} ·{" "}
                  <code className="num break-all" data-testid={`review-root-${key}`}>
                    {record.root}
                  </code>{" "}
                  {record.uploaded ? null : <span className="text-warn">(not uploaded)</span>}
                </>
              ) : (
                <span className="text-warn">Missing</span>
              )}
            </Row>
          );
        })}
      </Section>

      <Section title="Token">
        <Row label="Name · symbol" testId="review-token">
          {values.tokenName} · {values.tokenSymbol}
        </Row>
        <Row label="Curve">
          {curve ? `${formatEth(curve.basePrice, { maxDecimals: 8, symbol: nativeSymbol })} + ${formatEth(curve.slope, { maxDecimals: 8, symbol: nativeSymbol })} per token sold` : "—"}
        </Row>
        <Row label="Miner pool cap">{tokens(values.minerPoolCap)}</Row>
        <Row label="Reward schedule" testId="review-reward-schedule">
          {values.rewardPercent}% of the pool, minted in step with the best score&apos;s progress from the baseline; all of it at a progress of{" "}
          {target !== undefined && scale !== undefined ? `${formatScore(target, scale)} ${values.unit}`.trim() : values.impactTarget}
          {values.impactTarget.trim() === "" ? " (the baseline's size)" : ""}
        </Row>
        <Row label="Minimum stake (the review fee)">{tokens(values.minStake)}</Row>
        <Row label="Reviewers per proposal" testId="review-quorum">
          {values.reviewQuorum === "1"
            ? "1 (an allowlisted verifier claims and decides)"
            : `${values.reviewQuorum}, drawn from the bonded verifiers and settled on the median (a proposal stakes at least ${values.reviewQuorum} × the minimum stake)`}
        </Row>
        <Row label="First buy" testId="review-first-buy">
          {firstBuy && curve ? `${tokens(firstBuy.toString())} for ${formatEth(firstBuyCost(curve, firstBuy), { maxDecimals: 8, symbol: nativeSymbol })}` : "None"}
        </Row>
        <Row label="Parent project">{values.parentProjectId.trim() ? `#${values.parentProjectId.trim()}` : "None (not a fork)"}</Row>
      </Section>

      <section className="space-y-2 rounded-lg border border-line p-4">
        <h3 className="font-semibold">What approvals would mint</h3>
        <RewardPreview />
      </section>

      <div className="rounded-lg border border-brand/30 bg-brand-soft/30 p-4">
        <PublishAction
          {...publish}
          label={`Publish ${values.tokenName.trim() || "project"}`}
          firstBuy={curve && firstBuy !== undefined ? { ...curve, amount: firstBuy } : undefined}
        />
      </div>
    </div>
  );
}
