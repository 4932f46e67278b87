"use client";

/**
 * One artifact of the wizard: choose the file, see its 0G root (computed in the browser) before
 * anything is sent, then follow its upload (started by "Upload all", `UploadAllButton`) with
 * progress and cancel. The protocol document has the same row, its bytes generated from the form.
 * Errors (too large, empty, a failed upload) show beside the artifact.
 */
import { useWatch, useFormContext } from "react-hook-form";

import { ARTIFACT_LABELS, type ArtifactKey, type ArtifactRecord, type CreateFormValues, type FileArtifactKey } from "@/lib/create/schema.ts";
import type { Root } from "@orm/protocol/storage/root";

import { FieldError, fieldId } from "./fields.tsx";
import type { ArtifactUiState, ArtifactUploads } from "./useArtifactUploads.ts";

const PHASES = { hashing: "Hashing", signing: "Sign the upload in your wallet", uploading: "Uploading", downloading: "Downloading", verifying: "Verifying" };

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function RootLine({ artifactKey, root }: { artifactKey: ArtifactKey; root: Root }) {
  return (
    <p className="mt-2 text-xs text-muted">
      Root{" "}
      <code data-testid={`root-${artifactKey}`} className="num break-all text-ink">
        {root}
      </code>
    </p>
  );
}

function UploadProgress({ artifactKey, ui, uploads }: { artifactKey: ArtifactKey; ui: ArtifactUiState; uploads: ArtifactUploads }) {
  const progress = ui.progress;
  if (!progress) return null;
  return (
    <div className="mt-3 flex flex-wrap items-center gap-3" data-testid={`progress-${artifactKey}`}>
      <div className="min-w-40 flex-1">
        <p className="text-xs text-muted">
          {PHASES[progress.phase]}… {progress.phase === "uploading" && progress.total ? `${Math.floor((100 * progress.loaded) / progress.total)}%` : ""}
        </p>
        <progress className="mt-1 h-2 w-full accent-brand" max={progress.total || 1} value={progress.phase === "uploading" ? progress.loaded : 0} />
      </div>
      <button type="button" className="btn btn-secondary" data-testid={`cancel-${artifactKey}`} onClick={() => uploads.cancel(artifactKey)}>
        Cancel
      </button>
    </div>
  );
}

function Status({ artifactKey, record }: { artifactKey: ArtifactKey; record: ArtifactRecord | null }) {
  if (!record) return null;
  return record.uploaded ? (
    <span data-testid={`status-${artifactKey}`} className="badge bg-brand-soft text-brand-strong">
      Uploaded
    </span>
  ) : (
    <span data-testid={`status-${artifactKey}`} className="badge bg-warn-soft text-warn">
      Not uploaded yet
    </span>
  );
}

function UiError({ artifactKey, ui }: { artifactKey: ArtifactKey; ui: ArtifactUiState }) {
  if (!ui.error) return null;
  return (
    <p role="alert" data-testid={`artifact-error-${artifactKey}`} className="mt-2 text-sm text-red-700">
      {ui.error}
    </p>
  );
}

export function FileArtifactField({ artifactKey, description, uploads }: { artifactKey: FileArtifactKey; description: string; uploads: ArtifactUploads }) {
  const { control } = useFormContext<CreateFormValues>();
  const record = useWatch({ control, name: `artifacts.${artifactKey}` });
  const ui = uploads.state[artifactKey] ?? {};
  const forgotten = uploads.forgotten[artifactKey];
  const id = fieldId(`artifacts.${artifactKey}`);
  return (
    <div className="rounded-lg border border-line p-4" data-testid={`artifact-${artifactKey}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium">
          {ARTIFACT_LABELS[artifactKey]}
        </label>
        <Status artifactKey={artifactKey} record={record} />
      </div>
      <p className="mt-1 text-xs text-muted">{description}</p>
      {/* The native input is visually hidden (its "No file chosen" would contradict an uploaded
          artifact); it stays focusable and labelled, and the button-styled label opens it. */}
      <input
        id={id}
        type="file"
        className="peer sr-only"
        aria-describedby={`${id}-error`}
        disabled={Boolean(ui.progress)}
        onChange={(event) => void uploads.choose(artifactKey, event.target.files?.[0])}
      />
      <label
        htmlFor={id}
        data-testid={`choose-${artifactKey}`}
        className="btn btn-secondary mt-2 inline-flex cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand peer-disabled:cursor-not-allowed peer-disabled:opacity-50"
      >
        {record || ui.file ? "Choose another file" : "Choose a file"}
      </label>
      {forgotten ? (
        <p data-testid={`forgotten-${artifactKey}`} className="mt-2 rounded-md bg-warn-soft px-3 py-2 text-sm text-warn">
          You chose <strong>{forgotten}</strong> before the page reloaded, but had not uploaded it. Browsers do not keep chosen files: choose it again.
        </p>
      ) : null}
      {ui.hashing ? <p className="mt-2 text-xs text-muted">Computing the root in your browser…</p> : null}
      {record ? (
        <>
          <p className="mt-2 text-sm">
            <span className="font-medium break-all">{record.name}</span> <span className="text-muted">· {sizeText(record.size)}</span>
          </p>
          <RootLine artifactKey={artifactKey} root={record.root} />
          {record.uploaded && !ui.file ? <p className="mt-1 text-xs text-muted">Stored on the relay; choose a file only to replace it.</p> : null}
        </>
      ) : null}
      <UiError artifactKey={artifactKey} ui={ui} />
      <FieldError name={`artifacts.${artifactKey}`} />
      <UploadProgress artifactKey={artifactKey} ui={ui} uploads={uploads} />
    </div>
  );
}

export type ProtocolPreview = { root: Root; size: number } | { error: string } | undefined;

export function ProtocolArtifactField({ preview, uploads }: { preview: ProtocolPreview; uploads: ArtifactUploads }) {
  const { control } = useFormContext<CreateFormValues>();
  const record = useWatch({ control, name: "artifacts.protocol" });
  const ui = uploads.state.protocol ?? {};
  const current = preview && "root" in preview ? preview : undefined;
  const uploaded = Boolean(record?.uploaded && current && record.root === current.root);
  return (
    <div className="rounded-lg border border-line p-4" data-testid="artifact-protocol">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium">{ARTIFACT_LABELS.protocol}</p>
        {current ? <Status artifactKey="protocol" record={{ ...current, name: "protocol.json", uploaded }} /> : null}
      </div>
      <p className="mt-1 text-xs text-muted">
        Generated from the research and benchmark steps (JSON, schema open-research-market/protocol@1); the project page and the research CLI read it.
      </p>
      {current ? (
        <>
          <p className="mt-2 text-sm">
            <span className="font-medium">protocol.json</span> <span className="text-muted">· {sizeText(current.size)}</span>
          </p>
          <RootLine artifactKey="protocol" root={current.root} />
        </>
      ) : preview && "error" in preview ? (
        <p className="mt-2 text-sm text-red-700">{preview.error}</p>
      ) : (
        <p className="mt-2 text-xs text-muted">Computing the root…</p>
      )}
      <UiError artifactKey="protocol" ui={ui} />
      <FieldError name="artifacts.protocol" />
      <UploadProgress artifactKey="protocol" ui={ui} uploads={uploads} />
    </div>
  );
}
