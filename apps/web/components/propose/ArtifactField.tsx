"use client";

/**
 * One artifact of a proposal (the code bundle, the benchmark log): a file input, its 0G root computed
 * in the browser as soon as it is chosen (the root is what goes on-chain), and the upload's progress
 * through the storage relay. `useArtifact` holds the state; the form uploads when it submits, all
 * artifacts under one signature (`uploadArtifactsOnce`), once per root (the relay is
 * content-addressed, so a retry after a failed transaction uploads nothing new).
 */
import { useCallback, useRef, useState, type ReactNode } from "react";

import { shortenHash } from "@orm/protocol/format";
import { formatByteSize } from "@/lib/propose.ts";
import { uploadArtifacts, type TransferProgress, type UploadSigner } from "@orm/protocol/storage/client";
import { computeRootAndSize, type Root } from "@orm/protocol/storage/root";

export type ArtifactSelection =
  | { status: "empty" }
  | { status: "hashing"; file: File }
  | { status: "ready"; file: File; root: Root; size: number }
  | { status: "error"; message: string };

export type UseArtifactReturnType = {
  selection: ArtifactSelection;
  /** The root, once computed. */
  root: Root | undefined;
  progress: TransferProgress | undefined;
  /** The root the relay holds (uploaded by this form). */
  uploadedRoot: Root | undefined;
  choose: (file: File | undefined) => void;
  /** Follows an upload of the chosen file (`uploadArtifactsOnce`). */
  onProgress: (progress: TransferProgress) => void;
  /** Records that the relay holds `root` (uploaded by this form). */
  markUploaded: (root: Root) => void;
};

export function useArtifact(): UseArtifactReturnType {
  const [selection, setSelection] = useState<ArtifactSelection>({ status: "empty" });
  const [progress, setProgress] = useState<TransferProgress>();
  const [uploadedRoot, setUploadedRoot] = useState<Root>();
  // A newer choice wins over a slower hash of an older one.
  const choice = useRef(0);

  const choose = useCallback((file: File | undefined) => {
    const id = ++choice.current;
    setProgress(undefined);
    if (!file) {
      setSelection({ status: "empty" });
      return;
    }
    if (file.size === 0) {
      setSelection({ status: "error", message: `${file.name} is empty; an artifact needs at least one byte.` });
      return;
    }
    setSelection({ status: "hashing", file });
    computeRootAndSize(file).then(
      ({ root, size }) => {
        if (choice.current === id) setSelection({ status: "ready", file, root, size });
      },
      (error: unknown) => {
        if (choice.current === id) setSelection({ status: "error", message: `Its root could not be computed: ${(error as Error).message}` });
      },
    );
  }, []);

  return {
    selection,
    root: selection.status === "ready" ? selection.root : undefined,
    progress,
    uploadedRoot,
    choose,
    onProgress: setProgress,
    markUploaded: setUploadedRoot,
  };
}

/**
 * Uploads every chosen artifact the relay does not hold yet from this form, with one signature for
 * all of them (one upload intent lists each root); resolves once all are there, and rejects with the
 * first failure (what did upload stays marked, so a retry sends only the rest).
 */
export async function uploadArtifactsOnce(artifacts: UseArtifactReturnType[], signer: UploadSigner): Promise<void> {
  const pending = artifacts.flatMap((artifact) =>
    artifact.selection.status === "ready" && artifact.uploadedRoot !== artifact.selection.root ? [{ artifact, file: artifact.selection.file }] : [],
  );
  if (artifacts.some((artifact) => artifact.selection.status !== "ready")) throw new Error("Choose the files first.");
  if (pending.length === 0) return;
  const outcomes = await uploadArtifacts(
    pending.map(({ artifact, file }) => ({ body: file, onProgress: artifact.onProgress })),
    { signer },
  );
  let failure: unknown;
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.status === "fulfilled") pending[index]!.artifact.markUploaded(outcome.value.root);
    else failure ??= outcome.reason;
  }
  if (failure !== undefined) throw failure;
}

const PHASE_WORDS: Record<TransferProgress["phase"], string> = {
  hashing: "Hashing",
  signing: "Sign the upload in your wallet",
  uploading: "Uploading",
  downloading: "Downloading",
  verifying: "Verifying",
};

export type ArtifactFieldProps = {
  /** "code" or "log": the input's id and the test ids' prefix. */
  name: string;
  label: string;
  hint: string;
  artifact: UseArtifactReturnType;
  disabled?: boolean;
  /** Shown under the root (the duplicate-code warning). */
  children?: ReactNode;
};

export function ArtifactField({ name, label, hint, artifact, disabled, children }: ArtifactFieldProps) {
  const { selection, progress, uploadedRoot } = artifact;
  const inputId = `artifact-${name}`;
  const uploaded = selection.status === "ready" && uploadedRoot === selection.root;
  const percent = progress && progress.total > 0 ? Math.floor((progress.loaded / progress.total) * 100) : 0;
  return (
    <div className="min-w-0">
      <label htmlFor={inputId} className="text-sm font-medium">{label}</label>
      <p className="text-xs text-muted">{hint}</p>
      <input
        id={inputId}
        type="file"
        disabled={disabled}
        data-testid={`${name}-file`}
        aria-describedby={`${inputId}-status`}
        onChange={(event) => artifact.choose(event.target.files?.[0])}
        className="mt-2 block w-full min-w-0 text-sm text-muted file:mr-3 file:rounded-lg file:border-0 file:bg-brand-soft file:px-3 file:py-2 file:text-sm file:font-medium file:text-brand-strong hover:file:bg-brand-soft/70"
      />
      <div id={`${inputId}-status`} className="mt-2 space-y-1 text-sm" aria-live="polite">
        {selection.status === "hashing" ? <p className="text-muted">Computing the 0G root of {selection.file.name}…</p> : null}
        {selection.status === "error" ? <p className="text-warn" role="alert">{selection.message}</p> : null}
        {selection.status === "ready" ? (
          <>
            <p className="text-muted">
              {selection.file.name} · {formatByteSize(selection.size)} · root{" "}
              <code className="num break-all text-ink" data-testid={`${name}-root`} title={selection.root}>{selection.root}</code>
            </p>
            {uploaded ? (
              <p className="text-brand" data-testid={`${name}-upload-status`}>Uploaded to storage ({shortenHash(selection.root)}).</p>
            ) : progress ? (
              <div data-testid={`${name}-upload-status`}>
                <p className="text-muted">
                  {PHASE_WORDS[progress.phase]}
                  {progress.phase === "uploading" ? ` ${percent}%` : "…"}
                </p>
                <div className="mt-1 h-1.5 overflow-hidden rounded-full bg-canvas" role="progressbar" aria-label={`${label} upload`} aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
                  <div className="h-full bg-brand transition-[width]" style={{ width: `${progress.phase === "uploading" ? percent : 0}%` }} />
                </div>
              </div>
            ) : null}
          </>
        ) : null}
        {children}
      </div>
    </div>
  );
}
