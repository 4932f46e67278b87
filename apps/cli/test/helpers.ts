/**
 * Test helpers: run the CLI as a user would (a child process of the repository's Node), make tar
 * archives with hostile entries, and dev-account keystores with a cheap scrypt setting.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { pack } from "tar-stream";
import { bytesToHex, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

export const CLI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = path.resolve(CLI_DIR, "../..");
export const BIN = path.join(CLI_DIR, "bin/research.mjs");
import { DEV_MNEMONIC } from "@orm/protocol/devAccounts";

export { DEV_MNEMONIC };

export type CliRun = { code: number; stdout: string; stderr: string; json: any };

/** Runs `research <args>`; `input` goes to stdin. Resolves with the exit code and both streams. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    delete env.FORCE_COLOR;
    delete env.NO_COLOR;
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`research ${args.join(" ")} timed out:\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 180_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      let json: any;
      try {
        json = JSON.parse(stdout.trim().split("\n").pop() ?? "");
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? 1, stdout, stderr, json });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** A run that succeeded, and its JSON document (the last line of stdout). */
export function ok(run: CliRun): any {
  assert.equal(run.code, 0, `research failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  assert.ok(run.json, `no JSON document on stdout:\n${run.stdout}`);
  return run.json;
}

export function devPrivateKey(index: number): Hex {
  return bytesToHex(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).getHdKey().privateKey!);
}

export function devAddress(index: number) {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).address;
}

export type TarEntry = { name: string; type?: "file" | "symlink" | "link" | "directory" | "character-device"; body?: string; linkname?: string };

/** A tar archive with exactly these entries (hostile ones included). */
export async function makeTar(entries: TarEntry[]): Promise<Uint8Array> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => archive.on("end", () => resolve()));
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? "");
    await new Promise<void>((resolve, reject) =>
      archive.entry(
        { name: entry.name, type: entry.type ?? "file", linkname: entry.linkname, size: entry.type && entry.type !== "file" ? 0 : body.length, mtime: new Date(0), mode: 0o644 },
        entry.type && entry.type !== "file" ? "" : body,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
  archive.finalize();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** A fresh, empty TMPDIR for a CLI run (to check that it leaves nothing behind). */
export async function freshTmp(label: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `cli-test-${label}-`));
}

export async function isEmptyDir(dir: string): Promise<boolean> {
  return (await readdir(dir)).length === 0;
}
