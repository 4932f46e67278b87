/** Helpers for relay tests: a temp store, signed upload requests, and calling the route handlers. */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { PrivateKeyAccount } from "viem/accounts";
import { POST } from "../../app/api/storage/route.ts";
import { GET, HEAD } from "../../app/api/storage/[root]/route.ts";
import { computeRoot } from "@orm/protocol/storage/root";
import type { Root } from "@orm/protocol/storage/root";
import { createUploadIntent, encodeIntentHeader, toTypedData } from "@orm/protocol/storage/intent";
import type { IntentUpload, UploadIntent } from "@orm/protocol/storage/intent";
import { LOCAL_CHAIN_ID } from "@orm/protocol/chains";

export const BASE = "http://relay.test/api/storage";

/** Sets `vars` in process.env, returning a function that restores the previous values. */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => setEnv(previous);
}

export async function makeStore(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "orm-storage-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Every file (not folder) under `dir`, relative paths. */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

export function newAccount(): PrivateKeyAccount {
  return privateKeyToAccount(generatePrivateKey());
}

export function randomBytes(size: number, seed = size): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export type SignOptions = {
  account?: PrivateKeyAccount;
  /** Override intent fields before signing. */
  intent?: Partial<UploadIntent>;
  /** Sign with this account but claim `account`'s address. */
  signWith?: PrivateKeyAccount;
  /** Other bodies signed in the same intent (a batch); the header names `body`'s root. */
  alongWith?: Uint8Array[];
};

async function intentUploadOf(body: Uint8Array): Promise<IntentUpload> {
  const root = body.length > 0 ? await computeRoot(body) : (`0x${"0".repeat(64)}` as Root);
  return { root, size: body.length };
}

/** The X-Upload-Intent header for sending `body`, signed for the local chain (the relay's default). */
export async function signIntent(body: Uint8Array, options: SignOptions = {}): Promise<string> {
  const account = options.account ?? newAccount();
  const upload = await intentUploadOf(body);
  const uploads = [upload, ...(await Promise.all((options.alongWith ?? []).map(intentUploadOf)))];
  const intent = { ...createUploadIntent(LOCAL_CHAIN_ID, uploads), ...options.intent };
  const signature = await (options.signWith ?? account).signTypedData(toTypedData(intent));
  return encodeIntentHeader({ ...intent, address: account.address, signature }, upload.root);
}

export type UploadRequestOptions = SignOptions & {
  header?: string | null;
  contentType?: string;
  /** Send this body instead of the signed one. */
  sendBody?: Uint8Array | ReadableStream<Uint8Array>;
  contentLength?: boolean;
};

export async function uploadRequest(body: Uint8Array, options: UploadRequestOptions = {}): Promise<Request> {
  const header = options.header === undefined ? await signIntent(body, options) : options.header;
  const headers = new Headers({ "content-type": options.contentType ?? "application/octet-stream" });
  if (header !== null) headers.set("x-upload-intent", header);
  const sent = options.sendBody ?? body;
  if (options.contentLength && sent instanceof Uint8Array) headers.set("content-length", String(sent.length));
  return new Request(BASE, { method: "POST", headers, body: sent as BodyInit, duplex: "half" } as RequestInit);
}

export async function upload(body: Uint8Array, options: UploadRequestOptions = {}): Promise<Response> {
  return POST(await uploadRequest(body, options));
}

export function get(root: string, headers: Record<string, string> = {}): Promise<Response> {
  return GET(new Request(`${BASE}/${root}`, { headers }), { params: Promise.resolve({ root }) });
}

export function head(root: string): Promise<Response> {
  return HEAD(new Request(`${BASE}/${root}`, { method: "HEAD" }), { params: Promise.resolve({ root }) });
}

/** A stream of `total` bytes that never announces its length (chunked upload). */
export function streamOf(bytes: Uint8Array, piece = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + piece));
      offset += piece;
    },
  });
}
