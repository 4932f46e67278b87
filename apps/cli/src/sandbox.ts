/**
 * The benchmark sandbox: Debian's bubblewrap (`bwrap`). The command runs with no network (its own
 * network namespace: loopback only), a read-only /usr (and the few files of /etc programs need),
 * a private /tmp, the work directory as the only writable place (mounted at /bench), the host's
 * Node binary read-only on PATH, as an unprivileged user in new user/pid/ipc/uts namespaces, and
 * the protocol's limits:
 *   - CPU time: RLIMIT_CPU via `prlimit --cpu` (SIGXCPU at the limit, SIGKILL a second later);
 *   - memory: RLIMIT_DATA via `prlimit --data` (private writable memory; unlike RLIMIT_AS it does
 *     not count V8's address-space reservations, so Node starts under a few hundred MiB);
 *   - wall clock: a timer here that kills the sandbox's process group.
 * A run prints its fixed-point score as the last stdout line, `{"score": <n>}` (or writes it to
 * metrics.json).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { CliError } from "./output.ts";

export type Limits = { cpuSeconds: number; memoryMiB: number; wallSeconds: number };

export type RunResult = {
  score: bigint;
  exitCode: number;
  durationMs: number;
  stdout: string;
  stderr: string;
  metrics?: unknown;
};

export type RunFailure = "cpu" | "memory" | "wall" | "exit" | "no-score" | "sandbox";

/** A benchmark run that produced no usable score: limits, a crash, or no score printed. */
export class BenchmarkError extends CliError {
  override name = "BenchmarkError";
  reason: RunFailure;
  stdout: string;
  stderr: string;
  constructor(reason: RunFailure, message: string, output: { stdout: string; stderr: string }) {
    super(message, { reason });
    this.reason = reason;
    this.stdout = output.stdout;
    this.stderr = output.stderr;
  }
}

const OUTPUT_CAP = 1024 * 1024;
const SANDBOX_DIR = "/bench";
const SANDBOX_NODE_DIR = "/opt/research/node/bin";
/** Files and folders of /etc that ordinary programs (sh, node, python3, cc) read; bound read-only when present. */
const ETC_FILES = [
  "/etc/alternatives",
  "/etc/ld.so.cache",
  "/etc/ld.so.conf",
  "/etc/ld.so.conf.d",
  "/etc/localtime",
  "/etc/nsswitch.conf",
  "/etc/passwd",
  "/etc/group",
  "/etc/hosts",
  "/etc/ssl",
  "/etc/ca-certificates",
  "/etc/mime.types",
];
const MEMORY_PATTERN = /out of memory|cannot allocate memory|ENOMEM|MemoryError|bad_alloc|allocation failed|failed to reserve virtual memory/i;

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).concat(["/usr/bin", "/bin", "/usr/local/bin"])) {
    const file = path.join(dir, name);
    if (dir && existsSync(file)) return file;
  }
  return undefined;
}

export function bwrapPath(): string {
  const file = process.env.RESEARCH_BWRAP ?? findOnPath("bwrap");
  if (!file) throw new CliError("bubblewrap (bwrap) is not installed; the benchmark sandbox needs it: apt-get install -y bubblewrap.");
  return file;
}

/** The Node binary bound into the sandbox (this process's own, or RESEARCH_SANDBOX_NODE). */
export function sandboxNode(): string {
  return realpathSync(process.env.RESEARCH_SANDBOX_NODE ?? process.execPath);
}

export function sandboxEnvironment() {
  const bwrap = bwrapPath();
  const version = spawnSync(bwrap, ["--version"], { encoding: "utf8" }).stdout?.trim() ?? "unknown";
  const node = sandboxNode();
  const nodeVersion = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout?.trim() ?? process.version;
  const cpus = os.cpus();
  return {
    sandbox: version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model ?? "unknown",
    cpus: cpus.length,
    memoryMiB: Math.round(os.totalmem() / 1024 ** 2),
    node: nodeVersion,
    network: "none (own network namespace)",
  };
}

export function checkLimits(limits: Partial<Limits> | undefined): Limits {
  const value = (key: keyof Limits, fallback: number) => {
    const v = limits?.[key] ?? fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw new CliError(`The protocol's limits.${key} must be a positive number, not ${JSON.stringify(v)}.`);
    return v;
  };
  return { cpuSeconds: value("cpuSeconds", 600), memoryMiB: value("memoryMiB", 4096), wallSeconds: value("wallSeconds", 900) };
}

/** The bwrap command line for `command` in `dir`. */
export function sandboxArgs(dir: string, command: string, limits: Limits): string[] {
  const node = sandboxNode();
  const args = ["--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534", "--die-with-parent", "--new-session"];
  args.push("--ro-bind", "/usr", "/usr");
  for (const top of ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]) {
    const info = lstatSync(top, { throwIfNoEntry: false });
    if (!info) continue;
    if (info.isSymbolicLink()) args.push("--symlink", readlinkSync(top), top);
    else args.push("--ro-bind", top, top);
  }
  for (const file of ETC_FILES) args.push("--ro-bind-try", file, file);
  args.push("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp");
  args.push("--ro-bind", node, `${SANDBOX_NODE_DIR}/node`);
  args.push("--bind", dir, SANDBOX_DIR, "--chdir", SANDBOX_DIR);
  args.push("--clearenv");
  const env: Record<string, string> = {
    PATH: `${SANDBOX_NODE_DIR}:/usr/local/bin:/usr/bin:/bin`,
    HOME: "/tmp",
    TMPDIR: "/tmp",
    LANG: "C.UTF-8",
    TZ: "UTC",
    RESEARCH_SANDBOX: "1",
  };
  for (const [key, value] of Object.entries(env)) args.push("--setenv", key, value);
  const cpu = Math.max(1, Math.ceil(limits.cpuSeconds));
  const data = Math.ceil(limits.memoryMiB * 1024 * 1024);
  args.push("--", "prlimit", `--cpu=${cpu}:${cpu + 1}`, `--data=${data}`, "--core=0", "--", "sh", "-c", command);
  return args;
}

export type RunOptions = { onOutput?: (chunk: string, stream: "stdout" | "stderr") => void };

/** Runs `command` once in the sandbox over `dir`; resolves with the score or throws a BenchmarkError. */
export async function runSandboxed(dir: string, command: string, limits: Limits, options: RunOptions = {}): Promise<RunResult> {
  const bwrap = bwrapPath();
  const args = sandboxArgs(dir, command, limits);
  const started = Date.now();
  const child = spawn(bwrap, args, { stdio: ["ignore", "pipe", "pipe"], detached: true, env: {} });
  let stdout = "";
  let stderr = "";
  const keep = (text: string, chunk: string) => (text.length + chunk.length > OUTPUT_CAP ? (text + chunk).slice(-OUTPUT_CAP) : text + chunk);
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    stdout = keep(stdout, chunk);
    options.onOutput?.(chunk, "stdout");
  });
  child.stderr.on("data", (chunk: string) => {
    stderr = keep(stderr, chunk);
    options.onOutput?.(chunk, "stderr");
  });
  let wallExceeded = false;
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => {
    wallExceeded = true;
    killGroup();
  }, limits.wallSeconds * 1000);
  const onExit = () => killGroup();
  process.once("exit", onExit);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once("error", (error) => reject(new BenchmarkError("sandbox", `The sandbox could not start: ${error.message}`, { stdout, stderr })));
    child.once("close", (code, signal) => resolve({ code, signal }));
  }).finally(() => {
    clearTimeout(timer);
    process.removeListener("exit", onExit);
  });
  const durationMs = Date.now() - started;
  const output = { stdout, stderr };
  const exitCode = code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1);
  if (wallExceeded) throw new BenchmarkError("wall", `The benchmark exceeded its wall-clock limit of ${limits.wallSeconds} s and was stopped.`, output);
  if (exitCode === 128 + os.constants.signals.SIGXCPU || (exitCode === 128 + os.constants.signals.SIGKILL && durationMs >= limits.cpuSeconds * 1000)) {
    throw new BenchmarkError("cpu", `The benchmark exceeded its CPU-time limit of ${limits.cpuSeconds} s and was stopped.`, output);
  }
  if (exitCode !== 0 && MEMORY_PATTERN.test(stderr)) {
    throw new BenchmarkError("memory", `The benchmark exceeded its memory limit of ${limits.memoryMiB} MiB.`, output);
  }
  if (exitCode !== 0 && /^bwrap: /m.test(stderr)) {
    throw new BenchmarkError("sandbox", `The sandbox failed: ${lastLine(stderr.split("\n").filter((l) => l.startsWith("bwrap: ")).join("\n"))}`, output);
  }
  if (exitCode !== 0) {
    const detail = lastLine(stderr) || lastLine(stdout);
    throw new BenchmarkError("exit", `The benchmark failed with exit code ${exitCode}${detail ? `: ${detail}` : "."}`, output);
  }
  const fromStdout = scoreFromStdout(stdout);
  let metrics: unknown;
  try {
    metrics = JSON.parse(await readFile(path.join(dir, "metrics.json"), "utf8"));
  } catch {
    metrics = undefined;
  }
  const score = fromStdout ?? scoreFromValue(metrics);
  if (score === undefined) {
    throw new BenchmarkError("no-score", 'The benchmark printed no score (its last output line should be {"score": <fixed-point integer>}).', output);
  }
  return { score, exitCode, durationMs, stdout, stderr, metrics };
}

function lastLine(text: string): string {
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  const line = lines[lines.length - 1] ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function scoreFromValue(value: unknown): bigint | undefined {
  if (!value || typeof value !== "object") return undefined;
  const score = (value as { score?: unknown }).score;
  if (typeof score === "number" && Number.isFinite(score)) return BigInt(Math.round(score));
  if (typeof score === "string" && /^-?\d+$/.test(score)) return BigInt(score);
  return undefined;
}

/** The score of the last stdout line that is a JSON object with a numeric `score`. */
export function scoreFromStdout(stdout: string): bigint | undefined {
  const lines = stdout.split("\n").map((line) => line.trim()).filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i].startsWith("{")) continue;
    try {
      const score = scoreFromValue(JSON.parse(lines[i]));
      if (score !== undefined) return score;
    } catch {
      // not JSON
    }
  }
  return undefined;
}

/** The median of fixed-point scores (the mean of the middle two, rounded toward zero, when even). */
export function median(scores: bigint[]): bigint {
  if (scores.length === 0) throw new CliError("No scores to take the median of.");
  const sorted = [...scores].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2n;
}
