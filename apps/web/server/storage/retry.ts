/** Retries for calls to remote services (the 0G indexer, storage nodes, EVM RPC). */
import { StorageError } from "@orm/protocol/storage/errors";

export type RetryPolicy = {
  retries: number;
  delayMs: number;
  /** False for an error another try cannot fix (4xx errors are never retried). */
  shouldRetry?: (error: unknown) => boolean;
};

/** Runs `attempt` up to `retries + 1` times, waiting `delayMs * attemptNumber` between tries; 4xx errors are not retried. */
export async function withRetries<T>(attempt: (index: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  let lastError: unknown;
  for (let index = 0; index <= policy.retries; index++) {
    try {
      return await attempt(index);
    } catch (error) {
      lastError = error;
      if (error instanceof StorageError && error.status < 500) throw error;
      if (policy.shouldRetry && !policy.shouldRetry(error)) throw error;
      if (index < policy.retries) await new Promise((resolve) => setTimeout(resolve, policy.delayMs * (index + 1)));
    }
  }
  throw lastError;
}
