/**
 * How a verifier reproduces a proposal: the `research verify` command that does it all in the
 * sandbox (fetch the protocol, the benchmark bundle and the code by their roots and check each,
 * unpack the code with the bundle over it, run, take the median, settle), then the protocol's
 * benchmark plan for a run by hand: the command, the metric and its direction, runs, tolerance,
 * minimum improvement and sandbox limits (from the protocol artifact on 0G, root-verified on the
 * server).
 */
import { describeMetric, describeMinimumImprovement, formatTolerance, type BenchmarkPlan } from "@orm/protocol/document";

import type { VerifyCommand } from "./loadVerifyCommand.server.ts";

export type BenchmarkPlanCardProps = {
  plan: BenchmarkPlan | null;
  error: string | null;
  verify: VerifyCommand;
};

export function BenchmarkPlanCard({ plan, error, verify }: BenchmarkPlanCardProps) {
  return (
    <section className="card space-y-3" aria-labelledby="benchmark-title" data-testid="benchmark-plan">
      <h2 id="benchmark-title" className="text-lg font-semibold">Benchmark</h2>
      <div>
        <p className="text-sm text-muted">Reproduce it in the sandbox with the CLI, from a checkout of the repository:</p>
        <pre className="mt-1 rounded-md bg-ink p-3 text-sm break-all whitespace-pre-wrap text-brand-soft" data-testid="verify-command">
          <code>{verify.command}</code>
        </pre>
        <p className="mt-1 text-xs text-muted" data-testid="verify-command-note">
          It fetches the protocol, the benchmark bundle and the code by their on-chain roots and checks each, unpacks the code with the
          benchmark bundle over it, runs the benchmark in the sandbox (bubblewrap) as the protocol says, takes the median and settles
          the review with its attestation.{" "}
          {verify.devAccount
            ? verify.devAccount.holdsReview
              ? `Dev account ${verify.devAccount.index} holds this review and signs.`
              : `Dev account ${verify.devAccount.index} is a seeded verifier; use your own dev account's index.`
            : "It signs with your keystore (~/.research/keystore.json, or --keystore <file>)."}
        </p>
      </div>
      {!plan ? (
        <p className="text-sm text-warn">{error ?? "The project's protocol could not be read."}</p>
      ) : (
        <>
          <div>
            <p className="text-sm text-muted">
              Or by hand: unpack the code bundle, then the benchmark bundle over it, and run in that directory:
            </p>
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
