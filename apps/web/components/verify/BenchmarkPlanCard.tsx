/**
 * The protocol's benchmark plan, as a verifier reproduces it: the command, the metric and its
 * direction, runs, tolerance, minimum improvement and sandbox limits (from the protocol artifact on
 * 0G, root-verified on the server).
 */
import { describeMetric, describeMinimumImprovement, formatTolerance, type BenchmarkPlan } from "@orm/protocol/document";

export function BenchmarkPlanCard({ plan, error }: { plan: BenchmarkPlan | null; error: string | null }) {
  return (
    <section className="card space-y-3" aria-labelledby="benchmark-title" data-testid="benchmark-plan">
      <h2 id="benchmark-title" className="text-lg font-semibold">Benchmark</h2>
      {!plan ? (
        <p className="text-sm text-warn">{error ?? "The project's protocol could not be read."}</p>
      ) : (
        <>
          <div>
            <p className="text-sm text-muted">Run in the code bundle&apos;s root:</p>
            <pre className="mt-1 overflow-x-auto rounded-md bg-ink p-3 text-sm text-brand-soft" data-testid="benchmark-command">
              <code>{plan.command}</code>
            </pre>
          </div>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
            <div className="flex justify-between gap-2">
              <dt className="text-muted">Metric</dt>
              <dd>{describeMetric(plan)}</dd>
            </div>
            <div className="flex justify-between gap-2">
              <dt className="text-muted">Runs</dt>
              <dd className="num" data-testid="benchmark-runs">
                {plan.runs}
              </dd>
            </div>
            <div className="flex justify-between gap-2">
              <dt className="text-muted">Tolerance</dt>
              <dd className="num" data-testid="benchmark-tolerance">
                {formatTolerance(plan.tolerance)}
              </dd>
            </div>
            <div className="flex justify-between gap-2">
              <dt className="text-muted">Minimum improvement</dt>
              <dd className="num">{describeMinimumImprovement(plan)}</dd>
            </div>
            {plan.limits ? (
              <div className="flex justify-between gap-2 sm:col-span-2">
                <dt className="text-muted">Limits</dt>
                <dd className="num" data-testid="benchmark-limits">
                  {plan.limits.cpuSeconds} s CPU · {plan.limits.memoryMiB} MiB · {plan.limits.wallSeconds} s wall
                </dd>
              </div>
            ) : null}
          </dl>
          <p className="text-xs text-muted">
            A claim reproduces when your measurement is within the tolerance of the claimed score; record what you measured, not the claim.
          </p>
        </>
      )}
    </section>
  );
}
