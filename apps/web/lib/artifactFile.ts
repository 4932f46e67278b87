/**
 * What a downloaded artifact's file is called. On-chain an artifact is only a root, and the relay
 * serves whatever content type its uploader sent, so the name comes from the bytes themselves: a
 * miner's `.tar.gz` bundle saved as `proposal-21-code.tar` would not open. Pure, no I/O.
 */

/** What the first bytes of an artifact say it is. */
export type ArtifactKind = "gzip" | "zip" | "tar" | "json" | "text" | "binary";

/** The extension each kind is saved with; a gzip artifact is a bundle, and the app's bundles are tar archives. */
const EXTENSIONS: Record<Exclude<ArtifactKind, "text">, string> = {
  gzip: "tar.gz",
  zip: "zip",
  tar: "tar",
  json: "json",
  binary: "bin",
};

/** How much of the start the sniffing reads (a tar header's magic sits at 257; text is judged on this much). */
const SNIFF_BYTES = 4096;

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  return bytes.length >= at + magic.length && magic.every((byte, index) => bytes[at + index] === byte);
}

/** UTF-8 text with no control bytes but tab, line feed, carriage return and form feed (a cut last character is fine). */
function looksLikeText(head: Uint8Array): boolean {
  for (const byte of head) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) return false;
    if (byte === 0x7f) return false;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Sniffs an artifact's kind from its bytes: gzip (`1f 8b`), zip (`PK\x03\x04`), tar (`ustar` at 257),
 * JSON (text that parses as an object or an array), other text, else binary.
 * @example artifactKindOf(new Uint8Array([0x1f, 0x8b, 8])) // "gzip"
 */
export function artifactKindOf(bytes: Uint8Array): ArtifactKind {
  if (startsWith(bytes, [0x1f, 0x8b])) return "gzip";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return "zip";
  if (startsWith(bytes, [0x75, 0x73, 0x74, 0x61, 0x72], 257)) return "tar";
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (bytes.length === 0 || !looksLikeText(head)) return "binary";
  return looksLikeJson(bytes) ? "json" : "text";
}

/** Up to this size JSON is parsed to be sure; beyond it, an object or array from first byte to last will do. */
const JSON_PARSE_BYTES = 1 << 20;

const isSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

function looksLikeJson(bytes: Uint8Array): boolean {
  let first = 0;
  let last = bytes.length - 1;
  while (first <= last && isSpace(bytes[first]!)) first++;
  while (last >= first && isSpace(bytes[last]!)) last--;
  const opens = bytes[first];
  const closes = bytes[last];
  if (!((opens === 0x7b && closes === 0x7d) || (opens === 0x5b && closes === 0x5d))) return false;
  if (bytes.length > JSON_PARSE_BYTES) return true;
  try {
    JSON.parse(new TextDecoder().decode(bytes));
    return true;
  } catch {
    return false;
  }
}

/**
 * The name to save an artifact under: `base` plus the extension its bytes call for. Text keeps the
 * artifact's own text extension (a benchmark log stays `.log`), else `.txt`.
 * @example downloadFileNameOf("proposal-21-code", gzippedTar) // "proposal-21-code.tar.gz"
 */
export function downloadFileNameOf(base: string, bytes: Uint8Array, { textExtension = "txt" }: { textExtension?: string } = {}): string {
  const kind = artifactKindOf(bytes);
  return `${base}.${kind === "text" ? textExtension : EXTENSIONS[kind]}`;
}
