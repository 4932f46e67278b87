/**
 * Keys: the standard Ethereum JSON keystore (V3, scrypt), via ethers 6. A private key never comes
 * from the command line: `keystore import` reads it from a hidden prompt or from stdin. The
 * passphrase comes from a hidden prompt, or from RESEARCH_PASSPHRASE for unattended use.
 *
 * The keystore file: --keystore <file>, else RESEARCH_KEYSTORE, else ~/.research/keystore.json.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";

import { decryptKeystoreJson, encryptKeystoreJson, isKeystoreJson } from "ethers/wallet";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { getAddress, type Address, type Hex } from "viem";

import { CliError } from "./output.ts";
import { isInteractive, promptHidden, readStdin } from "./prompt.ts";

export const PASSPHRASE_ENV = "RESEARCH_PASSPHRASE";

export function keystorePath(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(option ?? env.RESEARCH_KEYSTORE ?? path.join(homedir(), ".research", "keystore.json"));
}

/**
 * The address a keystore file names, read without the passphrase (read-only listings use it as
 * "my" view); `undefined` when there is no file. The field is not authenticated, so never sign by it.
 */
export async function readKeystoreAddress(file: string): Promise<Address | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CliError(`The keystore ${file} cannot be read.`);
  }
  try {
    const address = String(JSON.parse(text).address ?? "");
    return getAddress(address.startsWith("0x") ? address : `0x${address}`);
  } catch {
    throw new CliError(`The keystore ${file} names no address.`);
  }
}

/**
 * The passphrase from a file (`--passphrase-file`, for unattended runs: unlike RESEARCH_PASSPHRASE it
 * is in no process's environment). The file must exist and be readable by its owner alone (mode 600
 * or stricter), as ssh insists for keys; its first line is the passphrase.
 */
export async function readPassphraseFile(file: string): Promise<string> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new CliError(`The passphrase file ${file} does not exist.`);
  if (info.mode & 0o077) {
    throw new CliError(`The passphrase file ${file} is readable by other users (mode ${(info.mode & 0o777).toString(8)}); make it private with chmod 600.`);
  }
  const secret = (await readFile(file, "utf8")).split(/\r?\n/)[0] ?? "";
  if (secret === "") throw new CliError(`The passphrase file ${file} is empty.`);
  return secret;
}

async function passphrase(question: string, passphraseFile?: string): Promise<string> {
  if (passphraseFile !== undefined) return readPassphraseFile(passphraseFile);
  const fromEnv = process.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined) return fromEnv;
  if (!isInteractive()) throw new CliError(`No passphrase: run in a terminal to be asked, or set ${PASSPHRASE_ENV}.`);
  return promptHidden(question);
}

/** Decrypts the keystore into a signing account. A wrong passphrase is one clear error. */
export async function loadAccount(option?: string, passphraseFile?: string): Promise<PrivateKeyAccount> {
  const file = keystorePath(option);
  let json: string;
  try {
    json = await readFile(file, "utf8");
  } catch {
    throw new CliError(`No keystore at ${file}: create one with \`research keystore create\` or \`research keystore import\`, or pass --keystore <file>.`);
  }
  if (!isKeystoreJson(json)) throw new CliError(`${file} is not an Ethereum JSON keystore (V3).`);
  const secret = await passphrase(`Passphrase for ${path.basename(file)}: `, passphraseFile);
  try {
    const account = await decryptKeystoreJson(json, secret);
    return privateKeyToAccount(account.privateKey as Hex);
  } catch (error) {
    if (/incorrect password/i.test((error as Error).message)) throw new CliError(`Wrong passphrase for the keystore ${file}.`);
    throw new CliError(`The keystore ${file} cannot be decrypted: ${(error as Error).message}`);
  }
}

export type KeystoreOptions = { out?: string; scryptN?: number; force?: boolean };

async function newPassphrase(): Promise<string> {
  const fromEnv = process.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined) {
    if (fromEnv.length === 0) throw new CliError(`${PASSPHRASE_ENV} is empty; a keystore needs a passphrase.`);
    return fromEnv;
  }
  if (!isInteractive()) throw new CliError(`No passphrase: run in a terminal to be asked, or set ${PASSPHRASE_ENV}.`);
  const first = await promptHidden("New passphrase: ");
  if (first.length === 0) throw new CliError("A keystore needs a non-empty passphrase.");
  const second = await promptHidden("Repeat the passphrase: ");
  if (first !== second) throw new CliError("The passphrases differ.");
  return first;
}

/** Encrypts `privateKey` to a V3 keystore file (mode 0600); refuses to overwrite unless forced. */
export async function writeKeystore(privateKey: Hex, options: KeystoreOptions & { keystore?: string }): Promise<{ address: string; path: string }> {
  const file = keystorePath(options.out ?? options.keystore);
  if (!options.force) {
    const exists = await readFile(file).then(() => true, () => false);
    if (exists) throw new CliError(`${file} already exists; pass --force to replace it, or --out <file>.`);
  }
  const address = privateKeyToAccount(privateKey).address;
  const secret = await newPassphrase();
  const N = options.scryptN ?? 131072;
  if (!Number.isInteger(N) || N < 2 || (N & (N - 1)) !== 0) throw new CliError(`--scrypt-n must be a power of two, not ${options.scryptN}.`);
  const json = await encryptKeystoreJson({ address, privateKey }, secret, { scrypt: { N } });
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${json}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return { address: getAddress(address), path: file };
}

export function newPrivateKey(): Hex {
  return `0x${randomBytes(32).toString("hex")}` as Hex;
}

/** The private key to import: a hidden prompt on a terminal, else the first line of stdin. */
export async function readPrivateKey(): Promise<Hex> {
  const text = process.stdin.isTTY ? await promptHidden("Private key (hex): ") : (await readStdin()).split(/\r?\n/)[0];
  const key = text.trim().replace(/^(?!0x)/, "0x");
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new CliError("That is not a private key (32 bytes of hex).");
  return key.toLowerCase() as Hex;
}
