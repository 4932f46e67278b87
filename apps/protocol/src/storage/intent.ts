/**
 * The upload intent a wallet signs before the relay accepts its bytes (EIP-712 typed data).
 * Shared by the client (which builds and signs it) and the relay (which parses and verifies it).
 *
 *   domain  { name: "Open Research Market Storage", version: "1" }
 *   UploadIntent { bytes32 root; uint256 size; uint256 timestamp; bytes32 nonce }
 *
 * `root` is the 0G merkle root of the body (a keccak256 digest of its chunks, so it commits to
 * the bytes; together with `size` it commits to the exact body, zero-padding included).
 * The client sends it as one JSON header:
 *   X-Upload-Intent: {"address","root","size","timestamp","nonce","signature"}
 */
import type { Address, Hex } from "viem";
import { isRoot } from "./root.ts";
import type { Root } from "./root.ts";
import { IntentFormatError, IntentMissingError } from "./errors.ts";

export const INTENT_HEADER = "x-upload-intent";

export const UPLOAD_INTENT_DOMAIN = { name: "Open Research Market Storage", version: "1" } as const;

export const UPLOAD_INTENT_TYPES = {
  UploadIntent: [
    { name: "root", type: "bytes32" },
    { name: "size", type: "uint256" },
    { name: "timestamp", type: "uint256" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

export type UploadIntent = {
  root: Root;
  size: number;
  /** Unix seconds at signing. */
  timestamp: number;
  /** 32 random bytes; each (address, nonce) is accepted once. */
  nonce: Hex;
};

export type SignedUploadIntent = UploadIntent & { address: Address; signature: Hex };

/** The EIP-712 payload for `signTypedData` (viem account, wallet client, or wagmi). */
export function toTypedData(intent: UploadIntent) {
  return {
    domain: UPLOAD_INTENT_DOMAIN,
    types: UPLOAD_INTENT_TYPES,
    primaryType: "UploadIntent" as const,
    message: {
      root: intent.root,
      size: BigInt(intent.size),
      timestamp: BigInt(intent.timestamp),
      nonce: intent.nonce,
    },
  };
}

export function randomNonce(): Hex {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}` as Hex;
}

export function createUploadIntent(root: Root, size: number, now = Date.now()): UploadIntent {
  return { root, size, timestamp: Math.floor(now / 1000), nonce: randomNonce() };
}

export function encodeIntentHeader(intent: SignedUploadIntent): string {
  const { address, root, size, timestamp, nonce, signature } = intent;
  return JSON.stringify({ address, root, size, timestamp, nonce, signature });
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const SIGNATURE = /^0x[0-9a-fA-F]{130}$/;

function requireField(ok: boolean, problem: string): void {
  if (!ok) throw new IntentFormatError(problem);
}

/** Parses the X-Upload-Intent header; throws a 400 when it is absent or malformed. */
export function parseIntentHeader(value: string | null): SignedUploadIntent {
  if (value === null || value.trim() === "") throw new IntentMissingError();
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw new IntentFormatError("the header is not JSON");
  }
  requireField(typeof raw === "object" && raw !== null, "the header is not a JSON object");
  requireField(typeof raw.address === "string" && ADDRESS.test(raw.address), "address must be a 20-byte hex address");
  requireField(isRoot(raw.root), "root must be 0x followed by 64 hex digits");
  requireField(Number.isSafeInteger(raw.size) && (raw.size as number) >= 0, "size must be a non-negative integer");
  requireField(Number.isSafeInteger(raw.timestamp) && (raw.timestamp as number) > 0, "timestamp must be Unix seconds");
  requireField(typeof raw.nonce === "string" && BYTES32.test(raw.nonce), "nonce must be 32 bytes of hex");
  requireField(typeof raw.signature === "string" && SIGNATURE.test(raw.signature), "signature must be 65 bytes of hex");
  return {
    address: raw.address as Address,
    root: (raw.root as string).toLowerCase() as Root,
    size: raw.size as number,
    timestamp: raw.timestamp as number,
    nonce: (raw.nonce as string).toLowerCase() as Hex,
    signature: raw.signature as Hex,
  };
}
