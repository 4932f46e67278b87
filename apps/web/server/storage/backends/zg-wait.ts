/** Waiting on the 0G network: sleeps that end when the operation is abandoned, and backoff for polling. */

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The wait before try `attempt` (0-based): doubling from `baseMs` up to `maxMs`, with up to 25% jitter so busy nodes are not hit in step. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const plain = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(plain * (0.75 + Math.random() * 0.25));
}

/** Polls `probe` with backoff until it returns a value other than null, or the signal aborts. */
export async function pollUntil<T>(probe: () => Promise<T | null>, signal: AbortSignal, baseMs = 250, maxMs = 5_000): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await probe();
    if (value !== null) return value;
    await sleep(backoffMs(attempt, baseMs, maxMs), signal);
  }
}
