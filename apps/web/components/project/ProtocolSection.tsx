/**
 * The project's protocol, rendered from its stored, root-verified artifact: the research statement's
 * sections, the benchmark plan (metric, unit, direction, minimum improvement, command, runs,
 * tolerance, limits), the template's lists, the repository and the artifacts with their roots and
 * download links. A missing or malformed protocol shows its sentence instead.
 */
import { shortenHash } from "@orm/protocol/format";
import { describeMetric, describeMinimumImprovement, formatTolerance, LIST_SECTIONS, STATEMENT_SECTIONS, type ParsedProtocol } from "@orm/protocol/document";

import type { ProjectFacts } from "./loadProject.server.ts";

function ArtifactLink({ label, root, testId }: { label: string; root: `0x${string}` | null; testId: string }) {
  return (
    <li className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 py-2" data-testid={testId}>
      <span className="font-medium">{label}</span>
      {root ? (
        <span className="flex min-w-0 flex-wrap items-baseline gap-x-3">
          <code className="num text-xs text-muted" title={root}>
            {shortenHash(root, 8)}
          </code>
          <a href={`/api/storage/${root}`} className="text-sm text-brand hover:underline" download>
            Download
          </a>
        </span>
      ) : (
        <span className="text-sm text-muted">not recorded</span>
      )}
    </li>
  );
}

export function ProtocolSection({ parsed, facts }: { parsed: ParsedProtocol; facts: ProjectFacts }) {
  return (
    <section aria-labelledby="protocol-title" className="card lazy-render space-y-5" data-testid="protocol">
      <div>
        <h2 id="protocol-title" className="text-lg font-semibold">
          Protocol
        </h2>
        <p className="mt-0.5 text-xs text-muted">
          Stored artifact <code className="num" title={facts.protocolHash}>{shortenHash(facts.protocolHash, 8)}</code>, checked against its root.
        </p>
      </div>
      {!parsed.ok ? (
        <p role="status" className="rounded-lg bg-warn-soft px-4 py-3 text-sm text-warn" data-testid="protocol-error">
          {parsed.error}
        </p>
      ) : (
        <ProtocolBody parsed={parsed} />
      )}
      <div>
        <h3 className="font-semibold">Artifacts</h3>
        <ul className="mt-1 divide-y divide-line text-sm">
          <ArtifactLink label="Protocol" root={facts.protocolHash} testId="artifact-protocol" />
          <ArtifactLink label="Repository snapshot" root={facts.repoSnapshotHash} testId="artifact-repo" />
          <ArtifactLink label="Benchmark bundle" root={facts.benchmarkHash} testId="artifact-benchmark" />
          <ArtifactLink label="Baseline metrics" root={facts.baselineMetricsHash} testId="artifact-baseline-metrics" />
        </ul>
      </div>
    </section>
  );
}

function ProtocolBody({ parsed }: { parsed: Extract<ParsedProtocol, { ok: true }> }) {
  const { protocol } = parsed;
  const plan = protocol.benchmarkPlan;
  return (
    <>
      <div>
        <h3 className="text-base font-semibold text-balance" data-testid="protocol-title">
          {protocol.title}
        </h3>
        <p className="mt-1 text-sm break-words">
          Repository:{" "}
          <a href={protocol.repository} className="text-brand hover:underline" rel="noopener noreferrer" target="_blank" data-testid="protocol-repository">
            {protocol.repository}
          </a>
        </p>
      </div>
      {/* optional sections a creator left out are absent from the document */}
      {STATEMENT_SECTIONS.filter(([key]) => protocol[key]).map(([key, title]) => (
        <div key={key} data-testid={`protocol-${key}`}>
          <h3 className="font-semibold">{title}</h3>
          <p className="mt-1 text-sm whitespace-pre-line text-pretty">{protocol[key]}</p>
        </div>
      ))}
      <div data-testid="protocol-benchmark">
        <h3 className="font-semibold">Benchmark plan</h3>
        <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-muted">Metric</dt>
            <dd>{describeMetric(plan)}</dd>
          </div>
          <div>
            <dt className="text-muted">Minimum improvement</dt>
            <dd className="num">{describeMinimumImprovement(plan)}</dd>
          </div>
          <div className="sm:col-span-2">
            <dt className="text-muted">Command</dt>
            <dd>
              <code className="num block overflow-x-auto rounded bg-canvas px-2 py-1 text-xs">{plan.command}</code>
            </dd>
          </div>
          <div>
            <dt className="text-muted">Runs</dt>
            <dd className="num">{plan.runs}</dd>
          </div>
          <div>
            <dt className="text-muted">Tolerance</dt>
            <dd className="num">{formatTolerance(plan.tolerance)}</dd>
          </div>
          <div>
            <dt className="text-muted">Score scale</dt>
            <dd className="num">{plan.scale.toLocaleString("en-US")}</dd>
          </div>
          {plan.limits ? (
            <div>
              <dt className="text-muted">Sandbox limits</dt>
              <dd className="num">
                {plan.limits.cpuSeconds} s CPU · {plan.limits.memoryMiB.toLocaleString("en-US")} MiB · {plan.limits.wallSeconds} s wall
              </dd>
            </div>
          ) : null}
        </dl>
      </div>
      {LIST_SECTIONS.filter(([key]) => protocol[key]?.length).map(([key, title]) => {
        const Tag = key === "reproducibility" ? "ol" : "ul";
        return (
          <div key={key} data-testid={`protocol-${key}`}>
            <h3 className="font-semibold">{title}</h3>
            <Tag className={`mt-1 space-y-1 pl-5 text-sm ${Tag === "ol" ? "list-decimal" : "list-disc"}`}>
              {protocol[key]!.map((item, index) => (
                <li key={index} className="break-words">
                  {item}
                </li>
              ))}
            </Tag>
          </div>
        );
      })}
    </>
  );
}
