/**
 * HTTP resilience. Node's fetch keeps connections alive; servers close idle ones after a few
 * seconds (Node's default keep-alive timeout is 5 s), and a request sent on a connection at the
 * moment the server closes it fails with a socket error although the server never saw it. A
 * verifier idles exactly that long while a benchmark runs, so requests whose body can be sent
 * again (JSON-RPC strings, GETs) are retried on such socket errors.
 */
const SOCKET_ERRORS = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

function isSocketError(error: unknown): boolean {
  let current = error as { code?: string; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current.code && SOCKET_ERRORS.has(current.code)) return true;
    current = current.cause as typeof current;
  }
  return false;
}

function replayable(init: RequestInit | undefined): boolean {
  const body = init?.body;
  return body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array || body instanceof ArrayBuffer;
}

export function resilientFetch(base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await base(input, init);
      } catch (error) {
        if (attempt >= 3 || !isSocketError(error) || !replayable(init) || init?.signal?.aborted) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  };
}

/** Replaces the global fetch (used by viem and the storage client) with the resilient one. */
export function installResilientFetch(): void {
  globalThis.fetch = resilientFetch(globalThis.fetch.bind(globalThis));
}

/** Retries an operation that cannot be replayed at the request level (a streamed upload) once. */
export async function retryOnce<T>(operation: () => Promise<T>, retryable: (error: unknown) => boolean): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!retryable(error)) throw error;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return operation();
  }
}
