"use client";

/**
 * Step 3: the artifacts whose roots go on-chain — repository snapshot, benchmark bundle, baseline
 * metrics file and the generated protocol document. Each root is computed here and shown before
 * its upload; uploads need a connected wallet (the relay takes signed uploads).
 */
import { FileArtifactField, ProtocolArtifactField, type ProtocolPreview } from "./ArtifactField.tsx";
import { BASELINE_METRICS_DESCRIPTION } from "./BenchmarkStep.tsx";
import type { ArtifactUploads } from "./useArtifactUploads.ts";

export function ArtifactsStep({ uploads, protocolPreview }: { uploads: ArtifactUploads; protocolPreview: ProtocolPreview }) {
  return (
    <div className="space-y-4">
      <p className="text-sm text-muted">
        Files are hashed in your browser first: each root below is what goes on-chain. Uploaded artifacts survive a reload; a file chosen but
        not uploaded must be chosen again after one.
      </p>
      <FileArtifactField artifactKey="repoSnapshot" description="The code at the baseline (a tar of the repository)." uploads={uploads} />
      <FileArtifactField artifactKey="benchmarkBundle" description="The benchmark harness and data miners and verifiers run." uploads={uploads} />
      <FileArtifactField artifactKey="baselineMetrics" description={BASELINE_METRICS_DESCRIPTION} uploads={uploads} />
      <ProtocolArtifactField preview={protocolPreview} uploads={uploads} />
    </div>
  );
}
