/**
 * Server-side admission of uploads: chain, signature (viem), freshness, replay, per-address rate
 * limit and daily byte quota. One intent may list several uploads (the wizard's "Upload all"):
 * each listed root is admitted once, each upload counts against the rate limit and reserves its
 * own bytes, so a batch spends exactly what the same uploads signed one by one would.
 *
 * The admission state (spent nonces, rate windows, byte totals) lives where every instance of the
 * relay sees it: in Postgres when `DATABASE_URL` is set (`./guardPostgres.ts`), so an intent spent on
 * one instance is refused on the others and a quota is spent once; otherwise in this process (the
 * embedded local stack, one `next start`). Each state operation is one atomic step, so concurrent
 * requests cannot both pass a check that only one of them should.
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

/** The outcome of counting an upload in an address's rate window. */
export type WindowAdmission = { admitted: true } | { admitted: false; oldest: number };

/** Times are seconds since the epoch; addresses are compared case-insensitively. Each method is atomic. */
export type GuardState = {
  /** Resolves once the state can be used (a database reached, its tables created); rejects with a sentence. */
  ready(): Promise<void>;
  /** Records (address, nonce, root) until `expiresAt`; false when it is already recorded and unexpired. */
  claimNonce(address: Address, nonce: string, root: string, expiresAt: number, now: number): Promise<boolean>;
  /**
   * Counts an upload at `now` unless the address already has `limit` uploads after `now - windowSeconds`;
   * when refused, `oldest` is the earliest of those.
   */
  admitToWindow(address: Address, now: number, windowSeconds: number, limit: number): Promise<WindowAdmission>;
  /** Adds `bytes` to the address's total on `day` (floor(seconds / 86400)) unless it would pass `limit`. */
  reserveBytes(address: Address, day: number, bytes: number, limit: number): Promise<boolean>;
  /** Gives back bytes reserved on `day` (an upload that did not complete). */
  releaseBytes(address: Address, day: number, bytes: number): Promise<void>;
};

/** The state of one process. JavaScript runs each method to completion without a pause, so each is atomic. */
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
    ready: async () => {},
    async claimNonce(address, nonce, root, expiresAt, now) {
      prune(now);
      const key = `${address.toLowerCase()}:${nonce.toLowerCase()}:${root.toLowerCase()}`;
      const recorded = nonces.get(key);
      if (recorded !== undefined && recorded >= now) return false;
      nonces.set(key, expiresAt);
      return true;
    },
    async admitToWindow(address, now, windowSeconds, limit) {
      const key = address.toLowerCase();
      const windowStart = now - windowSeconds;
      const list = (times.get(key) ?? []).filter((time) => time > windowStart);
      times.set(key, list);
      if (list.length >= limit) return { admitted: false, oldest: list[0]! };
      list.push(now);
      return { admitted: true };
    },
    async reserveBytes(address, day, amount, limit) {
      const key = `${address.toLowerCase()}:${day}`;
      const total = (bytes.get(key) ?? 0) + amount;
      if (total > limit) return false;
      bytes.set(key, total);
      return true;
    },
    async releaseBytes(address, day, amount) {
      const key = `${address.toLowerCase()}:${day}`;
      bytes.set(key, Math.max(0, (bytes.get(key) ?? 0) - amount));
    },
  };
}

const STATE_KEY = Symbol.for("open-research-market.storage.guard-state");

type StateHolder = { databaseUrl: string | undefined; state: GuardState };

/**
 * The guard state of this relay instance (shared by every route bundle that imports this module):
 * in Postgres when `DATABASE_URL` is set, else in this process.
 */
export async function getGuardState(env: Record<string, string | undefined> = process.env): Promise<GuardState> {
  const holder = globalThis as unknown as Record<symbol, StateHolder | undefined>;
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const current = holder[STATE_KEY];
  if (current && current.databaseUrl === databaseUrl) return current.state;
  let state: GuardState;
  if (databaseUrl) {
    const { createPostgresGuardState } = await import("./guardPostgres.ts");
    state = createPostgresGuardState(databaseUrl);
  } else {
    state = createMemoryGuardState();
  }
  holder[STATE_KEY] = { databaseUrl, state };
  return state;
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
export async function claimNonce(intent: UploadIntentClaim, config: StorageConfig, state: GuardState, now: number): Promise<void> {
  const expiresAt = intent.timestamp + config.intentWindowSeconds + 1;
  if (!(await state.claimNonce(intent.address, intent.nonce, intent.upload.root, expiresAt, now))) throw new IntentReplayedError();
}

export async function checkRateLimit(address: Address, config: StorageConfig, state: GuardState, now: number): Promise<void> {
  const admission = await state.admitToWindow(address, now, config.rateLimitWindowSeconds, config.rateLimitUploads);
  if (!admission.admitted) {
    const retryAfter = Math.max(1, Math.ceil(admission.oldest + config.rateLimitWindowSeconds - now));
    throw new UploadRateLimitError(config.rateLimitUploads, config.rateLimitWindowSeconds, retryAfter);
  }
}

/** Bytes reserved of one UTC day's quota; `day` lets another request (or instance) give them back later. */
export type QuotaReservation = { day: number; release(): Promise<void> };

/** Reserves `size` bytes of today's quota; release it when the upload does not complete. */
export async function reserveQuota(
  address: Address,
  size: number,
  config: StorageConfig,
  state: GuardState,
  now: number,
): Promise<QuotaReservation> {
  const day = Math.floor(now / DAY_SECONDS);
  if (!(await state.reserveBytes(address, day, size, config.dailyQuotaBytes))) {
    const retryAfter = Math.max(1, Math.ceil((day + 1) * DAY_SECONDS - now));
    throw new UploadQuotaError(config.dailyQuotaBytes, retryAfter);
  }
  let released = false;
  return {
    day,
    async release() {
      if (released) return;
      released = true;
      await state.releaseBytes(address, day, size);
    },
  };
}

/** All checks that need no body, in order; returns the quota reservation to release on failure. */
export async function admitUpload(
  intent: UploadIntentClaim,
  config: StorageConfig,
  state?: GuardState,
  nowMs = Date.now(),
): Promise<QuotaReservation> {
  const now = nowMs / 1000;
  checkChain(intent, config);
  checkFreshness(intent, config, now);
  await checkSignature(intent);
  const guardState = state ?? (await getGuardState());
  await claimNonce(intent, config, guardState, now);
  await checkRateLimit(intent.address, config, guardState, now);
  return reserveQuota(intent.address, intent.upload.size, config, guardState, now);
}
