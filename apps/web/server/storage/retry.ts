/** Timeouts and retries for calls to remote services (the 0G indexer, storage nodes, EVM RPC). */
import { BackendTimeoutError, StorageError } from "@orm/protocol/storage/errors";

export async function withTimeout<T>(work: Promise<T>, ms: number, backend: string, operation: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BackendTimeoutError(backend, operation, ms)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type RetryPolicy = { retries: number; delayMs: number };

/** Runs `attempt` up to `retries + 1` times, waiting `delayMs * attemptNumber` between tries; 4xx errors are not retried. */
export async function withRetries<T>(attempt: (index: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  let lastError: unknown;
  for (let index = 0; index <= policy.retries; index++) {
    try {
      return await attempt(index);
    } catch (error) {
      lastError = error;
      if (error instanceof StorageError && error.status < 500) throw error;
      if (index < policy.retries) await new Promise((resolve) => setTimeout(resolve, policy.delayMs * (index + 1)));
    }
  }
  throw lastError;
}
