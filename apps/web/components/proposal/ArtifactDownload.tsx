"use client";

/**
 * A root-verified download: the bytes are fetched from the storage relay and hashed in the browser
 * (`downloadArtifact` recomputes the 0G root); only bytes that match the on-chain root are saved.
 * A mismatch is shown loudly and nothing is saved. The file is named by what its bytes are
 * (`downloadFileNameOf`: a gzipped bundle saves as `.tar.gz`). The storage client (and its
 * WebAssembly hasher) loads on the first click, not with the page.
 */
import { useState } from "react";

import { downloadFileNameOf } from "@/lib/artifactFile.ts";

type State =
  | { phase: "idle" }
  | { phase: "busy"; text: string }
  | { phase: "verified"; size: number }
  | { phase: "mismatch"; actual: string }
  | { phase: "error"; message: string };

export type ArtifactDownloadProps = {
  root: string;
  /** The saved file's name without its extension ("proposal-21-code"); the bytes decide the extension. */
  baseName: string;
  /** The extension a text artifact keeps ("log" for a benchmark log; default "txt"). */
  textExtension?: string;
  testId: string;
};

function save(bytes: Uint8Array, contentType: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ArtifactDownload({ root, baseName, textExtension, testId }: ArtifactDownloadProps) {
  const [state, setState] = useState<State>({ phase: "idle" });

  async function download() {
    setState({ phase: "busy", text: "Downloading…" });
    const { downloadArtifact, RootMismatchError } = await import("@orm/protocol/storage/client");
    try {
      const result = await downloadArtifact(root, {
        onProgress: ({ phase }) => setState({ phase: "busy", text: phase === "verifying" ? "Verifying the root…" : "Downloading…" }),
      });
      save(result.bytes, result.contentType, downloadFileNameOf(baseName, result.bytes, { textExtension }));
      setState({ phase: "verified", size: result.size });
    } catch (error) {
      if (error instanceof RootMismatchError) {
        setState({ phase: "mismatch", actual: error.actual });
      } else {
        setState({ phase: "error", message: (error as Error).message });
      }
    }
  }

  return (
    <div className="flex shrink-0 flex-col gap-1 sm:max-w-64 sm:items-end" data-testid={testId}>
      <button type="button" className="btn btn-secondary self-start" onClick={() => void download()} disabled={state.phase === "busy"}>
        {state.phase === "busy" ? state.text : "Download and verify"}
      </button>
      {state.phase === "verified" ? (
        <p className="text-xs text-brand" data-testid="root-verified">
          ✓ root verified ({state.size.toLocaleString("en-US")} bytes)
        </p>
      ) : null}
      {state.phase === "mismatch" ? (
        <p role="alert" data-testid="root-mismatch" className="rounded-md border-2 border-red-600 bg-red-50 p-2 text-sm font-semibold text-red-700">
          Root mismatch: the bytes served do not hash to the root on-chain{state.actual ? ` (they hash to ${state.actual})` : ""}. Nothing
          was saved; do not trust this copy.
        </p>
      ) : null}
      {state.phase === "error" ? (
        <p role="alert" className="text-sm text-warn">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
