/**
 * `research keystore create|import|address`: make the encrypted key file the other commands use.
 * The key never appears on the command line: `create` generates one, `import` reads it from a
 * hidden prompt or from stdin.
 */
import { readFile } from "node:fs/promises";

import type { GlobalOptions } from "../chain.ts";
import { keystorePath, newPrivateKey, readPrivateKey, writeKeystore, type KeystoreOptions } from "../keystore.ts";
import { CliError, type Output } from "../output.ts";

type Options = { out?: string; scryptN?: string; force?: boolean };

function keystoreOptions(options: Options, globals: GlobalOptions): KeystoreOptions & { keystore?: string } {
  return { out: options.out, keystore: globals.keystore, force: options.force, scryptN: options.scryptN !== undefined ? Number(options.scryptN) : undefined };
}

export async function keystoreCreate(options: Options, globals: GlobalOptions, out: Output): Promise<void> {
  const written = await writeKeystore(newPrivateKey(), keystoreOptions(options, globals));
  out.result({ ok: true, ...written }, () => {
    out.line(`${out.c.green("Keystore created")}: ${written.path}`);
    out.line(`  address ${written.address}`);
  });
}

export async function keystoreImport(options: Options, globals: GlobalOptions, out: Output): Promise<void> {
  const key = await readPrivateKey();
  const written = await writeKeystore(key, keystoreOptions(options, globals));
  out.result({ ok: true, ...written }, () => {
    out.line(`${out.c.green("Keystore written")}: ${written.path}`);
    out.line(`  address ${written.address}`);
  });
}

/** The address of a keystore (read from the file; no passphrase needed). */
export async function keystoreAddress(globals: GlobalOptions, out: Output): Promise<void> {
  const file = keystorePath(globals.keystore);
  let address: string;
  try {
    address = JSON.parse(await readFile(file, "utf8")).address;
  } catch {
    throw new CliError(`No readable keystore at ${file}.`);
  }
  const checksummed = address.startsWith("0x") ? address : `0x${address}`;
  out.result({ path: file, address: checksummed }, () => out.line(checksummed));
}
