/**
 * A proposal's artifacts on 0G — the miner's code bundle and benchmark log, the verifier's metrics
 * and notes — each with its root and a download that checks the bytes against that root. The review
 * screen also lists the project's protocol and benchmark bundle (pass `project`): the benchmark runs
 * from the code with the bundle unpacked over it, so a verifier needs all four.
 */
import { ArtifactDownload } from "./ArtifactDownload.tsx";

export type ArtifactListProps = {
  proposalId: string;
  codeHash: string;
  benchmarkLogHash: string | null;
  metricsHash: string | null;
  /** The project's artifacts the benchmark needs, listed first when given. */
  project?: { id: string; protocolHash: string | null; benchmarkHash: string | null };
};

type ArtifactRow = { key: string; label: string; root: string | null; baseName: string; textExtension?: string; note: string };

export function ArtifactList({ proposalId, codeHash, benchmarkLogHash, metricsHash, project }: ArtifactListProps) {
  const projectRows: ArtifactRow[] = project
    ? [
        {
          key: "protocol",
          label: "Protocol",
          root: project.protocolHash,
          baseName: `project-${project.id}-protocol`,
          note: "The project's rules: the benchmark command, runs, tolerance and limits.",
        },
        {
          key: "benchmark",
          label: "Benchmark bundle",
          root: project.benchmarkHash,
          baseName: `project-${project.id}-benchmark`,
          note: "The project's harness, unpacked over the code before the benchmark runs.",
        },
      ]
    : [];
  const rows: ArtifactRow[] = [
    ...projectRows,
    { key: "code", label: "Code bundle", root: codeHash, baseName: `proposal-${proposalId}-code`, note: "The miner's code, as one archive." },
    {
      key: "log",
      label: "Benchmark log",
      root: benchmarkLogHash,
      baseName: `proposal-${proposalId}-benchmark`,
      textExtension: "log",
      note: "The miner's run of the benchmark.",
    },
    {
      key: "metrics",
      label: "Metrics and review notes",
      root: metricsHash,
      baseName: `proposal-${proposalId}-review`,
      note: "The verifier's attestation, stored with the verdict.",
    },
  ];
  return (
    <ul className="divide-y divide-line" data-testid="artifacts">
      {rows.map((row) => (
        <li key={row.key} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between" data-testid={`artifact-${row.key}`}>
          <div className="min-w-0 flex-1">
            <p className="font-medium">{row.label}</p>
            <p className="text-xs text-muted">{row.note}</p>
            <p className="num mt-1 text-xs break-all" data-testid={`artifact-${row.key}-root`}>
              {row.root ?? "not recorded yet"}
            </p>
          </div>
          {row.root ? (
            <ArtifactDownload root={row.root} baseName={row.baseName} textExtension={row.textExtension} testId={`download-${row.key}`} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}
