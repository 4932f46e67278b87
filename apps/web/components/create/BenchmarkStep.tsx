"use client";

/**
 * Step 2: the benchmark — metric, direction, minimum improvement, the command and how it is run —
 * and the baseline: its score (metric units; fixed point on-chain in the chosen scale) and the
 * metrics file it came from (its root computed here; uploaded with the other artifacts).
 */
import { FileArtifactField } from "./ArtifactField.tsx";
import { SelectField, TextField } from "./fields.tsx";
import type { ArtifactUploads } from "./useArtifactUploads.ts";

export const BASELINE_METRICS_DESCRIPTION = "The metrics the benchmark wrote for the baseline (e.g. metrics.json); verifiers compare against it.";

export function BenchmarkStep({ uploads }: { uploads: ArtifactUploads }) {
  return (
    <div className="space-y-5">
      <div className="grid gap-5 sm:grid-cols-3">
        <TextField name="metric" label="Metric name" placeholder="compression_ratio" className="sm:col-span-2" />
        <TextField name="unit" label="Unit" placeholder="x" hint="Optional." />
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField
          name="direction"
          label="Direction"
          options={[
            { value: "higher", label: "Higher is better" },
            { value: "lower", label: "Lower is better" },
          ]}
        />
        <TextField name="minimumImprovement" label="Minimum improvement" inputMode="decimal" hint="In metric units; 0 accepts any strict improvement." />
      </div>
      <TextField name="command" label="Benchmark command" placeholder="node bench.mjs" hint="Run from the repository's root; it writes the metrics file." />
      <div className="grid gap-5 sm:grid-cols-3">
        <TextField name="runs" label="Runs" inputMode="numeric" hint="Repetitions per measurement." />
        <TextField name="tolerance" label="Tolerance" inputMode="decimal" suffix="%" hint="How far a verified score may sit from the claim, as a share of it. The chain refuses approvals outside it." />
        <TextField name="scale" label="Score scale" inputMode="numeric" hint="Fixed point on-chain: 1000000 keeps six decimals." />
      </div>
      <fieldset className="min-w-0 rounded-lg border border-line p-4">
        <legend className="px-1 text-sm font-medium">Sandbox limits</legend>
        <div className="grid gap-5 sm:grid-cols-3">
          <TextField name="cpuSeconds" label="CPU seconds" inputMode="numeric" />
          <TextField name="memoryMiB" label="Memory" inputMode="numeric" suffix="MiB" />
          <TextField name="wallSeconds" label="Wall-clock seconds" inputMode="numeric" />
        </div>
      </fieldset>
      <TextField name="baseline" label="Baseline score" inputMode="decimal" placeholder="2.75" hint="What the code scores today, in metric units." />
      <FileArtifactField artifactKey="baselineMetrics" description={BASELINE_METRICS_DESCRIPTION} uploads={uploads} />
    </div>
  );
}
