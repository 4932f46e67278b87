/**
 * Bundles: a directory to a deterministic tar (the seed's `packTree`: sorted paths, mtime 0, fixed
 * owner and modes, so the same tree always gives the same bytes and the same 0G root), and a tar
 * back to a directory, refusing anything that could write outside it.
 */
import { lstat, mkdir, readdir, readFile, realpath, symlink, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

import { extract } from "tar-stream";

import { packTree, type FileTree } from "@orm/protocol/tar";
import { CliError } from "./output.ts";

export { packTree, type FileTree };

/**
 * An archive that is not a plain tree inside its directory (escapes with `..` or absolute paths,
 * links out, devices, hard links) or not a tar at all. In a miner's code bundle that is the
 * miner's doing, unambiguously: `verify` rejects it with this sentence as the reason.
 */
export class UnsafeArchiveError extends CliError {
  override name = "UnsafeArchiveError";
  /** Which archive ("code bundle", "benchmark bundle", …). */
  label: string;
  constructor(label: string, message: string) {
    super(message);
    this.label = label;
  }
}

/** Names never packed: version-control metadata and installed dependencies. */
export const PACK_EXCLUDES = new Set([".git", "node_modules"]);

/** Reads a directory into a file tree (POSIX relative paths). Symbolic links and special files are refused. */
export async function readTree(dir: string, exclude: Set<string> = PACK_EXCLUDES): Promise<FileTree> {
  const root = path.resolve(dir);
  const info = await lstat(root).catch(() => null);
  if (!info?.isDirectory()) throw new CliError(`${dir} is not a directory.`);
  const tree: FileTree = {};
  async function walk(current: string, prefix: string): Promise<void> {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      if (exclude.has(entry.name)) continue;
      const full = path.join(current, entry.name);
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(full, name);
      else if (entry.isFile()) tree[name] = new Uint8Array(await readFile(full));
      else if (entry.isSymbolicLink()) throw new CliError(`${name} is a symbolic link; bundles hold regular files only (copy the file in its place).`);
      else throw new CliError(`${name} is not a regular file; bundles hold regular files only.`);
    }
  }
  await walk(root, "");
  if (Object.keys(tree).length === 0) throw new CliError(`${dir} holds no files to bundle.`);
  return tree;
}

/** A directory as the deterministic tar bytes. */
export async function packDirectory(dir: string): Promise<Uint8Array> {
  return packTree(await readTree(dir));
}

type Entry = { name: string; type: string; linkname?: string; mode?: number; body: Buffer };

async function listEntries(bytes: Uint8Array, label: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on("end", () => {
        entries.push({ name: header.name, type: header.type ?? "file", linkname: header.linkname ?? undefined, mode: header.mode, body: Buffer.concat(chunks) });
        next();
      });
      stream.on("error", reject);
    });
    ex.on("finish", () => resolve());
    ex.on("error", (error: Error) => reject(new UnsafeArchiveError(label, `The ${label} is not a valid tar archive: ${error.message}`)));
  });
  ex.end(Buffer.from(bytes));
  await done;
  return entries;
}

/** The regular files a tar holds, by their normalized names (sorted). */
export async function listFileNames(bytes: Uint8Array, label = "archive"): Promise<string[]> {
  const entries = await listEntries(bytes, label);
  return entries.filter((entry) => entry.type === "file" || entry.type === "contiguous-file").map((entry) => checkName(entry.name, label)).sort();
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** Checks an entry name: relative, no `..`, no NUL; returns its normalized POSIX form. */
function checkName(name: string, label: string): string {
  const escape = (why: string) => new UnsafeArchiveError(label, `The ${label} has an entry "${name.slice(0, 120)}" that ${why}; refusing to unpack it.`);
  if (name.includes("\0")) throw escape("contains a NUL byte");
  if (name.startsWith("/") || /^[a-zA-Z]:[\\/]/.test(name)) throw escape("is an absolute path");
  const parts = name.split(/[\\/]+/).filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) throw escape("escapes its directory (..)");
  if (parts.length === 0) throw escape("has no name");
  return parts.join("/");
}

/** Refuses a path whose existing components include a symbolic link (no writes through links). */
async function assertNoLinkOnTheWay(root: string, relative: string, label: string, original: string): Promise<void> {
  const parts = relative.split("/");
  let current = root;
  for (const part of parts.slice(0, -1)) {
    current = path.join(current, part);
    const info = await lstat(current).catch(() => null);
    if (!info) return;
    if (info.isSymbolicLink()) throw new UnsafeArchiveError(label, `The ${label} has an entry "${original}" that goes through a symbolic link; refusing to unpack it.`);
    if (!info.isDirectory()) throw new UnsafeArchiveError(label, `The ${label} has an entry "${original}" below a file; refusing to unpack it.`);
  }
}

/**
 * Unpacks a tar into `dest` (which must exist). Regular files and directories are written; a
 * symbolic link is allowed only when it is relative and resolves inside `dest`. Absolute paths,
 * `..`, hard links, devices and writes through links are refused with one sentence. Entries
 * overwrite what is there (a later bundle wins: the benchmark bundle over the code).
 */
export async function unpackInto(bytes: Uint8Array, dest: string, label = "archive"): Promise<{ files: number }> {
  const root = await realpath(dest);
  const entries = await listEntries(bytes, label);
  const links: string[] = [];
  let files = 0;
  // Validate everything before writing anything.
  for (const entry of entries) {
    const name = checkName(entry.name, label);
    if (entry.type === "symlink") {
      const target = entry.linkname ?? "";
      if (target === "" || path.isAbsolute(target)) {
        throw new UnsafeArchiveError(label, `The ${label} has a symbolic link "${entry.name}" to the absolute path "${target.slice(0, 120)}"; refusing to unpack it.`);
      }
      if (!isInside(root, path.resolve(root, path.dirname(name), target))) {
        throw new UnsafeArchiveError(label, `The ${label} has a symbolic link "${entry.name}" pointing outside its directory ("${target.slice(0, 120)}"); refusing to unpack it.`);
      }
    } else if (!["file", "contiguous-file", "directory"].includes(entry.type)) {
      throw new UnsafeArchiveError(label, `The ${label} has an entry "${entry.name}" of type ${entry.type} (only files, directories and links inside it are allowed); refusing to unpack it.`);
    }
  }
  for (const entry of entries) {
    const name = checkName(entry.name, label);
    const target = path.join(root, name);
    await assertNoLinkOnTheWay(root, name, label, entry.name);
    if (entry.type === "directory") {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    const existing = await lstat(target).catch(() => null);
    if (existing?.isDirectory()) throw new UnsafeArchiveError(label, `The ${label} has a file "${entry.name}" where a directory already is; refusing to unpack it.`);
    if (existing) await unlink(target);
    if (entry.type === "symlink") {
      await symlink(entry.linkname!, target);
      links.push(target);
    } else {
      await writeFile(target, entry.body, { mode: (entry.mode ?? 0o644) & 0o755 });
      files += 1;
    }
  }
  // Links through links: each must really resolve inside (a dangling one stays as it is).
  for (const link of links) {
    const resolved = await realpath(link).catch(() => null);
    if (resolved && !isInside(root, resolved)) {
      throw new UnsafeArchiveError(label, `The ${label} has a symbolic link "${path.relative(root, link)}" that resolves outside its directory; refusing to unpack it.`);
    }
  }
  return { files };
}
