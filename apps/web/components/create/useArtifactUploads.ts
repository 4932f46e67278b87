"use client";

/**
 * The publish wizard's artifacts in the browser: the chosen files (kept in memory only), each
 * one's 0G root computed here before anything is sent (`computeRootAndSize`, hash-wasm), and the
 * uploads to the storage relay with progress, cancel and retry. Each artifact has its own state:
 * a failed or cancelled upload is retried alone; the others stay uploaded. The form keeps each
 * artifact's `{ name, size, root, uploaded }` (and so does the draft); a signer is passed in by the
 * caller (a wallet island), so this hook needs no wallet code.
 */
import { useCallback, useRef, useState } from "react";
import { useFormContext } from "react-hook-form";

import { tryBuildProtocolBytes } from "@/lib/create/build.ts";
import { RELAY_MAX_BYTES } from "@/lib/create/limits.ts";
import { ARTIFACT_LABELS, type ArtifactKey, type CreateFormValues, type FileArtifactKey } from "@/lib/create/schema.ts";
import { uploadArtifact, type TransferProgress, type UploadSigner } from "@orm/protocol/storage/client";
import { formatBytes } from "@orm/protocol/storage/errors";
import { computeRootAndSize } from "@orm/protocol/storage/root";

export type ArtifactUiState = {
  /** The chosen file; gone after a reload. */
  file?: File;
  hashing?: boolean;
  /** Set while an upload runs. */
  progress?: TransferProgress;
  /** The last failure, one sentence, shown beside the artifact. */
  error?: string;
};

export type ArtifactUploads = {
  state: Partial<Record<ArtifactKey, ArtifactUiState>>;
  /** Files chosen before a reload and not uploaded then, by name: to be chosen again. */
  forgotten: Partial<Record<FileArtifactKey, string>>;
  setForgotten: (forgotten: Partial<Record<FileArtifactKey, string>>) => void;
  choose: (key: FileArtifactKey, file: File | undefined) => Promise<void>;
  upload: (key: ArtifactKey, signer: UploadSigner) => Promise<void>;
  cancel: (key: ArtifactKey) => void;
};

const isCancel = (error: unknown) => (error as { name?: string })?.name === "UploadCancelledError";

export function useArtifactUploads(): ArtifactUploads {
  const { getValues, setValue, clearErrors } = useFormContext<CreateFormValues>();
  const [state, setState] = useState<Partial<Record<ArtifactKey, ArtifactUiState>>>({});
  const [forgotten, setForgotten] = useState<Partial<Record<FileArtifactKey, string>>>({});
  const controllers = useRef<Partial<Record<ArtifactKey, AbortController>>>({});

  const patch = useCallback((key: ArtifactKey, next: ArtifactUiState | ((previous: ArtifactUiState) => ArtifactUiState)) => {
    setState((all) => ({ ...all, [key]: typeof next === "function" ? next(all[key] ?? {}) : next }));
  }, []);

  const setRecord = useCallback(
    (key: ArtifactKey, record: CreateFormValues["artifacts"][ArtifactKey]) => {
      setValue(`artifacts.${key}`, record, { shouldDirty: true });
      if (record) clearErrors(`artifacts.${key}`);
    },
    [clearErrors, setValue],
  );

  const choose = useCallback(
    async (key: FileArtifactKey, file: File | undefined) => {
      controllers.current[key]?.abort();
      delete controllers.current[key];
      setForgotten((all) => ({ ...all, [key]: undefined }));
      if (!file) {
        patch(key, {});
        setRecord(key, null);
        return;
      }
      if (file.size > RELAY_MAX_BYTES) {
        patch(key, { error: `${file.name} is larger than the relay's limit of ${formatBytes(RELAY_MAX_BYTES)} per artifact.` });
        setRecord(key, null);
        return;
      }
      patch(key, { file, hashing: true });
      setRecord(key, null);
      try {
        const { root, size } = await computeRootAndSize(file);
        patch(key, { file });
        setRecord(key, { name: file.name, size, root, uploaded: false });
      } catch (error) {
        patch(key, { error: error instanceof Error ? error.message : `${ARTIFACT_LABELS[key]} could not be read.` });
      }
    },
    [patch, setRecord],
  );

  const upload = useCallback(
    async (key: ArtifactKey, signer: UploadSigner) => {
      let body: Blob | Uint8Array | undefined;
      let name: string;
      if (key === "protocol") {
        body = tryBuildProtocolBytes(getValues());
        name = "protocol.json";
        if (!body) {
          patch(key, { error: "The research and benchmark steps are not complete; the protocol cannot be generated yet." });
          return;
        }
      } else {
        const file = state[key]?.file;
        if (!file) {
          patch(key, { error: `Choose the ${ARTIFACT_LABELS[key].toLowerCase()} first.` });
          return;
        }
        body = file;
        name = file.name;
      }
      controllers.current[key]?.abort();
      const controller = new AbortController();
      controllers.current[key] = controller;
      patch(key, (previous) => ({ file: previous.file, progress: { phase: "hashing", loaded: 0, total: body instanceof Blob ? body.size : body.length } }));
      try {
        const result = await uploadArtifact(body, {
          signer,
          signal: controller.signal,
          contentType: key === "protocol" ? "application/json" : undefined,
          onProgress: (progress) => patch(key, (previous) => ({ ...previous, progress })),
        });
        setRecord(key, { name, size: result.size, root: result.root, uploaded: true });
        patch(key, (previous) => ({ file: previous.file }));
      } catch (error) {
        // a new file was chosen meanwhile: this upload's outcome no longer matters
        if (controllers.current[key] !== controller) return;
        // A declined upload signature reads as the app's own sentence, not the wallet library's text.
        // The sentences load on failure only: their revert decoding would add ~50 kB to the wizard's first load.
        const message = isCancel(error)
          ? "Upload cancelled; upload again when ready."
          : (await import("@orm/protocol/errors")).getErrorMessage(error);
        patch(key, (previous) => ({ file: previous.file, error: message }));
      } finally {
        if (controllers.current[key] === controller) delete controllers.current[key];
      }
    },
    [getValues, patch, setRecord, state],
  );

  const cancel = useCallback((key: ArtifactKey) => controllers.current[key]?.abort(), []);

  return { state, forgotten, setForgotten, choose, upload, cancel };
}
