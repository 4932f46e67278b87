/**
 * Output: one result per command on stdout (a human summary, or one JSON document with --json),
 * progress lines on stderr, colors only when the stream is a terminal (and NO_COLOR is unset).
 */
import pc from "picocolors";

export type Colors = ReturnType<typeof pc.createColors>;

function colorsFor(stream: NodeJS.WriteStream): Colors {
  const env = process.env;
  const enabled = env.FORCE_COLOR ? env.FORCE_COLOR !== "0" : Boolean(stream.isTTY) && !("NO_COLOR" in env) && env.TERM !== "dumb";
  return pc.createColors(enabled);
}

/**
 * A chain time to the second ("2026-12-06 10:27:14 UTC"): a commit window can be 20 s, so the
 * minutes of the shared `formatTimestamp` would say "open at 10:27, reveal by 10:27".
 */
export function formatSeconds(seconds: bigint | number): string {
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export class CliError extends Error {
  override name = "CliError";
  /** Extra fields for the --json error document. */
  details?: Record<string, unknown>;
  /** `cause`: the error this sentence stands for (what `isTransient` and error decoding look at). */
  constructor(message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.details = details;
  }
}

export type Output = {
  json: boolean;
  quiet: boolean;
  /** Colors for stdout. */
  c: Colors;
  /** A progress line on stderr (suppressed by --quiet). */
  progress: (line: string) => void;
  /** A human line on stdout (suppressed by --json). */
  line: (text?: string) => void;
  /** One JSON document on stdout (only with --json). */
  document: (value: unknown) => void;
  /** The command's result: the JSON document with --json, or the human lines otherwise. */
  result: (value: unknown, human: () => void) => void;
};

export function createOutput({ json = false, quiet = false }: { json?: boolean; quiet?: boolean }): Output {
  const c = colorsFor(process.stdout);
  const ce = colorsFor(process.stderr);
  return {
    json,
    quiet,
    c,
    progress: (line) => {
      if (!quiet) process.stderr.write(`${ce.dim("•")} ${line}\n`);
    },
    line: (text = "") => {
      if (!json) process.stdout.write(`${text}\n`);
    },
    document: (value) => process.stdout.write(`${toJson(value)}\n`),
    result(value, human) {
      if (json) this.document(value);
      else human();
    },
  };
}

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v), indent);
}

export function errorColors(): Colors {
  return colorsFor(process.stderr);
}
