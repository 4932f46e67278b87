"use client";

/**
 * The publish wizard's artifacts in the browser: the chosen files (kept in memory only), each
 * one's 0G root computed here before anything is sent (`computeRootAndSize`, hash-wasm), and the
 * uploads to the storage relay with progress, cancel and retry. "Upload all" sends every artifact
 * not uploaded yet under one signed intent (one wallet prompt); each artifact then has its own
 * state: a failed or cancelled upload is retried alone; the others stay uploaded. The form keeps each
 * artifact's `{ name, size, root, uploaded }` (and so does the draft); a signer is passed in by the
 * caller (a wallet island), so this hook needs no wallet code.
 */
import { useCallback, useRef, useState } from "react";
import { useFormContext } from "react-hook-form";

import { tryBuildProtocolBytes } from "@/lib/create/build.ts";
import { RELAY_MAX_BYTES } from "@/lib/create/limits.ts";
import { ARTIFACT_LABELS, type ArtifactKey, type CreateFormValues, type FileArtifactKey } from "@/lib/create/schema.ts";
import { uploadArtifacts, type ArtifactUpload, type TransferProgress, type UploadSigner } from "@orm/protocol/storage/client";
import { formatBytes } from "@orm/protocol/storage/errors";
import { computeRootAndSize, type Root } from "@orm/protocol/storage/root";

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
  /** Uploads `keys` with one signature; each artifact's outcome shows beside it. */
  upload: (keys: readonly ArtifactKey[], signer: UploadSigner) => Promise<void>;
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
    async (keys: readonly ArtifactKey[], signer: UploadSigner) => {
      const batch: { key: ArtifactKey; name: string; body: Blob | Uint8Array; controller: AbortController }[] = [];
      for (const key of keys) {
        let body: Blob | Uint8Array | undefined;
        let name: string;
        if (key === "protocol") {
          body = tryBuildProtocolBytes(getValues());
          name = "protocol.json";
          if (!body) {
            patch(key, { error: "The research and benchmark steps are not complete; the protocol cannot be generated yet." });
            continue;
          }
        } else {
          const file = state[key]?.file;
          if (!file) {
            patch(key, { error: `Choose the ${ARTIFACT_LABELS[key].toLowerCase()} first.` });
            continue;
          }
          body = file;
          name = file.name;
        }
        controllers.current[key]?.abort();
        const controller = new AbortController();
        controllers.current[key] = controller;
        batch.push({ key, name, body, controller });
        const total = body instanceof Blob ? body.size : body.length;
        patch(key, (previous) => ({ file: previous.file, progress: { phase: "hashing", loaded: 0, total } }));
      }
      if (batch.length === 0) return;

      /** Records one artifact's failure, unless a new file was chosen meanwhile (then it no longer matters). */
      const fail = async (key: ArtifactKey, controller: AbortController, error: unknown) => {
        if (controllers.current[key] !== controller) return;
        delete controllers.current[key];
        // A declined upload signature reads as the app's own sentence, not the wallet library's text.
        // The sentences load on failure only: their revert decoding would add ~50 kB to the wizard's first load.
        const message = isCancel(error)
          ? "Upload cancelled; upload again when ready."
          : (await import("@orm/protocol/errors")).getErrorMessage(error);
        patch(key, (previous) => ({ file: previous.file, error: message }));
      };

      const artifacts: ArtifactUpload[] = batch.map(({ key, body, controller }) => ({
        body,
        signal: controller.signal,
        contentType: key === "protocol" ? "application/json" : undefined,
        onProgress: (progress: TransferProgress) => patch(key, (previous) => ({ ...previous, progress })),
      }));
      let outcomes: PromiseSettledResult<{ root: Root; size: number }>[];
      try {
        outcomes = await uploadArtifacts(artifacts, { signer });
      } catch (error) {
        // hashing or the one signature failed: nothing was sent
        await Promise.all(batch.map(({ key, controller }) => fail(key, controller, error)));
        return;
      }
      await Promise.all(
        batch.map(async ({ key, name, controller }, index) => {
          const outcome = outcomes[index]!;
          if (outcome.status === "rejected") return fail(key, controller, outcome.reason);
          if (controllers.current[key] !== controller) return;
          delete controllers.current[key];
          setRecord(key, { name, size: outcome.value.size, root: outcome.value.root, uploaded: true });
          patch(key, (previous) => ({ file: previous.file }));
        }),
      );
    },
    [getValues, patch, setRecord, state],
  );

  const cancel = useCallback((key: ArtifactKey) => controllers.current[key]?.abort(), []);

  return { state, forgotten, setForgotten, choose, upload, cancel };
}
