/**
 * Server-side admission of uploads: chain, signature (viem), freshness, replay, per-address rate
 * limit and daily byte quota. One intent may list several uploads (the wizard's "Upload all"):
 * each listed root is admitted once, each upload counts against the rate limit and reserves its
 * own bytes, so a batch spends exactly what the same uploads signed one by one would. State lives in memory in the relay process (one per
 * `next start`); a deployment with several instances should swap `createMemoryGuardState`
 * for a shared store with the same shape.
 */
import { verifyTypedData } from "viem";
import type { Address } from "viem";
import type { StorageConfig } from "./config.ts";
import { toTypedData } from "@orm/protocol/storage/intent";
import type { SignedUploadIntent, UploadIntentClaim } from "@orm/protocol/storage/intent";
import {
  IntentReplayedError,
  IntentSignatureError,
  IntentStaleError,
  IntentWrongChainError,
  UploadQuotaError,
  UploadRateLimitError,
} from "@orm/protocol/storage/errors";

const DAY_SECONDS = 86_400;

export type GuardState = {
  /** Records (address, nonce, root) until `expiresAt` (seconds); false when it was already recorded. */
  claimNonce(address: Address, nonce: string, root: string, expiresAt: number, now: number): boolean;
  /** Upload times (seconds) of an address, oldest first. */
  uploadTimes(address: Address): number[];
  /** Bytes reserved by an address on a UTC day (day = floor(seconds / 86400)). */
  bytesOnDay(address: Address, day: number): number;
  addBytes(address: Address, day: number, bytes: number): void;
};

export function createMemoryGuardState(): GuardState {
  const nonces = new Map<string, number>();
  const times = new Map<string, number[]>();
  const bytes = new Map<string, number>();
  let lastPrune = 0;

  function prune(now: number): void {
    if (now - lastPrune < 60) return;
    lastPrune = now;
    for (const [key, expiresAt] of nonces) if (expiresAt < now) nonces.delete(key);
    const today = Math.floor(now / DAY_SECONDS);
    for (const key of bytes.keys()) if (Number(key.split(":")[1]) < today) bytes.delete(key);
  }

  return {
    claimNonce(address, nonce, root, expiresAt, now) {
      prune(now);
      const key = `${address.toLowerCase()}:${nonce.toLowerCase()}:${root.toLowerCase()}`;
      if (nonces.has(key)) return false;
      nonces.set(key, expiresAt);
      return true;
    },
    uploadTimes(address) {
      const key = address.toLowerCase();
      let list = times.get(key);
      if (!list) times.set(key, (list = []));
      return list;
    },
    bytesOnDay(address, day) {
      return bytes.get(`${address.toLowerCase()}:${day}`) ?? 0;
    },
    addBytes(address, day, amount) {
      const key = `${address.toLowerCase()}:${day}`;
      bytes.set(key, Math.max(0, (bytes.get(key) ?? 0) + amount));
    },
  };
}

const STATE_KEY = Symbol.for("open-research-market.storage.guard-state");

/** The process-wide guard state (shared by every route bundle that imports this module). */
export function getGuardState(): GuardState {
  const holder = globalThis as unknown as Record<symbol, GuardState | undefined>;
  holder[STATE_KEY] ??= createMemoryGuardState();
  return holder[STATE_KEY];
}

export function checkChain(intent: SignedUploadIntent, config: StorageConfig): void {
  if (intent.chainId !== config.chainId) throw new IntentWrongChainError(intent.chainId, config.chainId);
}

export function checkFreshness(intent: SignedUploadIntent, config: StorageConfig, now: number): void {
  if (Math.abs(now - intent.timestamp) > config.intentWindowSeconds) {
    throw new IntentStaleError(config.intentWindowSeconds);
  }
}

export async function checkSignature(intent: SignedUploadIntent): Promise<void> {
  let valid = false;
  try {
    valid = await verifyTypedData({ address: intent.address, signature: intent.signature, ...toTypedData(intent) });
  } catch {
    valid = false;
  }
  if (!valid) throw new IntentSignatureError();
}

/** Spends the intent for this request's root: each root an intent lists is admitted once. */
export function claimNonce(intent: UploadIntentClaim, config: StorageConfig, state: GuardState, now: number): void {
  const expiresAt = intent.timestamp + config.intentWindowSeconds + 1;
  if (!state.claimNonce(intent.address, intent.nonce, intent.upload.root, expiresAt, now)) throw new IntentReplayedError();
}

export function checkRateLimit(address: Address, config: StorageConfig, state: GuardState, now: number): void {
  const times = state.uploadTimes(address);
  const windowStart = now - config.rateLimitWindowSeconds;
  while (times.length > 0 && times[0] <= windowStart) times.shift();
  if (times.length >= config.rateLimitUploads) {
    const retryAfter = Math.max(1, Math.ceil(times[0] + config.rateLimitWindowSeconds - now));
    throw new UploadRateLimitError(config.rateLimitUploads, config.rateLimitWindowSeconds, retryAfter);
  }
  times.push(now);
}

export type QuotaReservation = { release(): void };

/** Reserves `size` bytes of today's quota; release it when the upload does not complete. */
export function reserveQuota(
  address: Address,
  size: number,
  config: StorageConfig,
  state: GuardState,
  now: number,
): QuotaReservation {
  const day = Math.floor(now / DAY_SECONDS);
  if (state.bytesOnDay(address, day) + size > config.dailyQuotaBytes) {
    const retryAfter = Math.max(1, Math.ceil((day + 1) * DAY_SECONDS - now));
    throw new UploadQuotaError(config.dailyQuotaBytes, retryAfter);
  }
  state.addBytes(address, day, size);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      state.addBytes(address, day, -size);
    },
  };
}

/** All checks that need no body, in order; returns the quota reservation to release on failure. */
export async function admitUpload(
  intent: UploadIntentClaim,
  config: StorageConfig,
  state: GuardState = getGuardState(),
  nowMs = Date.now(),
): Promise<QuotaReservation> {
  const now = nowMs / 1000;
  checkChain(intent, config);
  checkFreshness(intent, config, now);
  await checkSignature(intent);
  claimNonce(intent, config, state, now);
  checkRateLimit(intent.address, config, state, now);
  return reserveQuota(intent.address, intent.upload.size, config, state, now);
}
