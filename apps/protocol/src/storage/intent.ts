/**
 * The upload intent a wallet signs before the relay accepts its bytes (EIP-712 typed data).
 * Shared by the client (which builds and signs it) and the relay (which parses and verifies it).
 *
 *   domain  { name: "Open Research Market Storage", version: "2", chainId }
 *   UploadIntent { Upload[] uploads; uint256 timestamp; bytes32 nonce }
 *   Upload { bytes32 root; uint256 size }
 *
 * One signature admits exactly the listed uploads, each once: a single artifact is an intent of
 * one upload, the publish wizard's "Upload all" one intent of several. Each `root` is the 0G merkle
 * root of a body (a keccak256 digest of its chunks, so it commits to the bytes; with `size` it
 * commits to the exact body, zero-padding included). The domain's `chainId` is the chain the relay
 * serves, so an intent signed for one network is refused by another's relay.
 *
 * Each request carries the whole signed intent and names which of its uploads it is, as one JSON
 * header:
 *   X-Upload-Intent: {"address","chainId","uploads":[{"root","size"}],"timestamp","nonce","signature","root"}
 */
import type { Address, Hex } from "viem";
import { isRoot } from "./root.ts";
import type { Root } from "./root.ts";
import { IntentFormatError, IntentMissingError } from "./errors.ts";

export const INTENT_HEADER = "x-upload-intent";

/** The most uploads one intent may list (bounds the header and the wallet's prompt). */
export const MAX_INTENT_UPLOADS = 16;

export const UPLOAD_INTENT_DOMAIN = { name: "Open Research Market Storage", version: "2" } as const;

export const UPLOAD_INTENT_TYPES = {
  UploadIntent: [
    { name: "uploads", type: "Upload[]" },
    { name: "timestamp", type: "uint256" },
    { name: "nonce", type: "bytes32" },
  ],
  Upload: [
    { name: "root", type: "bytes32" },
    { name: "size", type: "uint256" },
  ],
} as const;

export type IntentUpload = { root: Root; size: number };

export type UploadIntent = {
  /** The chain the relay serves (the EIP-712 domain's `chainId`). */
  chainId: number;
  /** The uploads this signature admits, each root once. */
  uploads: IntentUpload[];
  /** Unix seconds at signing. */
  timestamp: number;
  /** 32 random bytes; each (address, nonce, root) is accepted once. */
  nonce: Hex;
};

export type SignedUploadIntent = UploadIntent & { address: Address; signature: Hex };

/** What one upload request carries: the signed intent and the upload (of its list) this body is. */
export type UploadIntentClaim = SignedUploadIntent & { upload: IntentUpload };

/** The EIP-712 payload for `signTypedData` (viem account, wallet client, or wagmi). */
export function toTypedData(intent: UploadIntent) {
  return {
    domain: { ...UPLOAD_INTENT_DOMAIN, chainId: intent.chainId },
    types: UPLOAD_INTENT_TYPES,
    primaryType: "UploadIntent" as const,
    message: {
      uploads: intent.uploads.map(({ root, size }) => ({ root, size: BigInt(size) })),
      timestamp: BigInt(intent.timestamp),
      nonce: intent.nonce,
    },
  };
}

export function randomNonce(): Hex {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}` as Hex;
}

/** An intent for `uploads` on `chainId`, stamped now with a fresh nonce. */
export function createUploadIntent(chainId: number, uploads: IntentUpload[], now = Date.now()): UploadIntent {
  return { chainId, uploads: uploads.map(({ root, size }) => ({ root, size })), timestamp: Math.floor(now / 1000), nonce: randomNonce() };
}

/** The header for the request that sends `root`, one of the intent's uploads. */
export function encodeIntentHeader(intent: SignedUploadIntent, root: Root): string {
  const { address, chainId, uploads, timestamp, nonce, signature } = intent;
  return JSON.stringify({ address, chainId, uploads, timestamp, nonce, signature, root });
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const SIGNATURE = /^0x[0-9a-fA-F]{130}$/;

function requireField(ok: boolean, problem: string): void {
  if (!ok) throw new IntentFormatError(problem);
}

function parseUploads(value: unknown): IntentUpload[] {
  requireField(Array.isArray(value) && value.length > 0, "uploads must be a non-empty list");
  const list = value as unknown[];
  requireField(list.length <= MAX_INTENT_UPLOADS, `uploads lists at most ${MAX_INTENT_UPLOADS} artifacts`);
  const uploads = list.map((item) => {
    const { root, size } = (item ?? {}) as Record<string, unknown>;
    requireField(isRoot(root), "each upload's root must be 0x followed by 64 hex digits");
    requireField(Number.isSafeInteger(size) && (size as number) >= 0, "each upload's size must be a non-negative integer");
    return { root: (root as string).toLowerCase() as Root, size: size as number };
  });
  requireField(new Set(uploads.map((upload) => upload.root)).size === uploads.length, "uploads lists each root once");
  return uploads;
}

/** Parses the X-Upload-Intent header; throws a 400 when it is absent or malformed. */
export function parseIntentHeader(value: string | null): UploadIntentClaim {
  if (value === null || value.trim() === "") throw new IntentMissingError();
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw new IntentFormatError("the header is not JSON");
  }
  requireField(typeof raw === "object" && raw !== null && !Array.isArray(raw), "the header is not a JSON object");
  requireField(typeof raw.address === "string" && ADDRESS.test(raw.address), "address must be a 20-byte hex address");
  requireField(Number.isSafeInteger(raw.chainId) && (raw.chainId as number) > 0, "chainId must be the chain id the intent was signed for");
  const uploads = parseUploads(raw.uploads);
  requireField(Number.isSafeInteger(raw.timestamp) && (raw.timestamp as number) > 0, "timestamp must be Unix seconds");
  requireField(typeof raw.nonce === "string" && BYTES32.test(raw.nonce), "nonce must be 32 bytes of hex");
  requireField(typeof raw.signature === "string" && SIGNATURE.test(raw.signature), "signature must be 65 bytes of hex");
  requireField(isRoot(raw.root), "root (the upload this request sends) must be 0x followed by 64 hex digits");
  const root = (raw.root as string).toLowerCase();
  const upload = uploads.find((item) => item.root === root);
  requireField(upload !== undefined, "root is not one of the intent's uploads");
  return {
    address: raw.address as Address,
    chainId: raw.chainId as number,
    uploads,
    timestamp: raw.timestamp as number,
    nonce: (raw.nonce as string).toLowerCase() as Hex,
    signature: raw.signature as Hex,
    upload: upload!,
  };
}
