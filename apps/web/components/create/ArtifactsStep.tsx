"use client";

/**
 * Step 3: the artifacts whose roots go on-chain — repository snapshot, benchmark bundle, baseline
 * metrics file and the generated protocol document. Each root is computed here and shown before
 * its upload; one "Upload all" sends every artifact not uploaded yet with one wallet signature
 * (the relay takes an intent listing several roots). Uploads need a connected wallet.
 */
import { useFormContext, useWatch } from "react-hook-form";

import type { ArtifactKey, CreateFormValues } from "@/lib/create/schema.ts";

import { FileArtifactField, ProtocolArtifactField, type ProtocolPreview } from "./ArtifactField.tsx";
import { BASELINE_METRICS_DESCRIPTION } from "./BenchmarkStep.tsx";
import { UPLOAD_PURPOSE } from "./ConnectPrompt.tsx";
import { WalletGate } from "./islands.tsx";
import type { ArtifactUploads } from "./useArtifactUploads.ts";

const FILE_KEYS = ["repoSnapshot", "benchmarkBundle", "baselineMetrics"] as const;

/** The artifacts "Upload all" would send now: files chosen in this page and not uploaded, and a protocol whose current root is not uploaded. */
function usePendingUploads(uploads: ArtifactUploads, protocolPreview: ProtocolPreview): { pending: ArtifactKey[]; busy: boolean } {
  const { control } = useFormContext<CreateFormValues>();
  const records = useWatch({ control, name: "artifacts" });
  const pending: ArtifactKey[] = FILE_KEYS.filter((key) => uploads.state[key]?.file && records?.[key] && !records[key].uploaded);
  const protocol = records?.protocol;
  if (protocolPreview && "root" in protocolPreview && !(protocol?.uploaded && protocol.root === protocolPreview.root)) pending.push("protocol");
  const busy = ([...FILE_KEYS, "protocol"] as const).some((key) => uploads.state[key]?.progress || uploads.state[key]?.hashing);
  return { pending, busy };
}

function UploadAllButton({ uploads, protocolPreview }: { uploads: ArtifactUploads; protocolPreview: ProtocolPreview }) {
  const { pending, busy } = usePendingUploads(uploads, protocolPreview);
  if (pending.length === 0 || busy) return null;
  const retry = pending.some((key) => uploads.state[key]?.error);
  return (
    <WalletGate purpose={UPLOAD_PURPOSE}>
      {(signer) => (
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className="btn btn-primary" data-testid="upload-all" onClick={() => void uploads.upload(pending, signer)}>
            {retry ? "Retry the upload" : "Upload all"}
          </button>
          <p className="text-sm text-muted" data-testid="upload-all-summary">
            {pending.length === 1 ? "1 artifact" : `${pending.length} artifacts`}, one signature in your wallet.
          </p>
        </div>
      )}
    </WalletGate>
  );
}

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
      <UploadAllButton uploads={uploads} protocolPreview={protocolPreview} />
    </div>
  );
}
