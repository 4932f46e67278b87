/**
 * Whether the chain's node answers, as this web server sees it: one probe (`eth_blockNumber`) every
 * `PROBE_MS` for the whole process while any live stream listens (`app/api/live/route.ts` pushes each
 * change to open tabs, which say "the chain is not answering" and stop saying it when it answers
 * again). No tab probes the node itself.
 *
 * A node that is stopped (paused, overloaded, unreachable) usually accepts the connection and never
 * answers, so a probe is a request with a deadline. One slow answer is not an outage (a busy node
 * can take a moment): the chain counts as down after `FAILURES_FOR_DOWN` failed probes in a row, and
 * as up again at the first answer.
 *
 * One watcher per process, kept on `globalThis` (Next bundles route handlers separately).
 */
import { createPublicClient, http, type PublicClient } from "viem";

import { getServerChainId } from "../serverClient.ts";
import { getServerRpcUrl } from "../runtimeConfig.ts";

/** Time between two probes (ms). */
const PROBE_MS = 1_000;
/** A probe unanswered after this long failed (ms). */
const PROBE_TIMEOUT_MS = 2_000;
/** Failed probes in a row before the chain counts as down. */
const FAILURES_FOR_DOWN = 2;

/** `true` while the node answers, `false` once it has not for `FAILURES_FOR_DOWN` probes. */
export type ChainStatusListener = (answering: boolean) => void;

type Watcher = {
  /** Unknown (`undefined`) until the first probe settles. */
  answering: boolean | undefined;
  failures: number;
  running: boolean;
  listeners: Set<ChainStatusListener>;
  client: { url: string; client: PublicClient } | undefined;
};

const KEY = Symbol.for("orm.web.chainStatusWatcher");

function watcher(): Watcher {
  const shared = globalThis as typeof globalThis & { [KEY]?: Watcher };
  shared[KEY] ??= { answering: undefined, failures: 0, running: false, listeners: new Set(), client: undefined };
  return shared[KEY];
}

/** A client for the probe alone: its own deadline, no retries (a retry would hide the outage). */
function probeClient(state: Watcher): PublicClient | undefined {
  const url = getServerRpcUrl(getServerChainId());
  if (!url) return undefined;
  if (state.client?.url !== url) {
    state.client = { url, client: createPublicClient({ transport: http(url, { timeout: PROBE_TIMEOUT_MS, retryCount: 0 }) }) };
  }
  return state.client.client;
}

async function probeOnce(state: Watcher): Promise<void> {
  const client = probeClient(state);
  if (!client) return;
  const answered = await client.getBlockNumber({ cacheTime: 0 }).then(
    () => true,
    () => false,
  );
  state.failures = answered ? 0 : state.failures + 1;
  // A failure short of the count changes nothing (and leaves an unknown status unknown).
  const answering = answered ? true : state.failures >= FAILURES_FOR_DOWN ? false : state.answering;
  if (answering === undefined || answering === state.answering) return;
  state.answering = answering;
  for (const listener of state.listeners) listener(answering);
}

function start(state: Watcher): void {
  if (state.running) return;
  state.running = true;
  void (async () => {
    while (state.listeners.size > 0) {
      await probeOnce(state);
      await new Promise((resolve) => setTimeout(resolve, PROBE_MS).unref()); // never what keeps a process alive
    }
    state.running = false;
    state.answering = undefined; // unknown until the next listener's first probe
    state.failures = 0;
  })();
}

/**
 * Calls `listener` with the chain's status now (when known) and at each change, until the returned
 * function is called.
 */
export function watchChainStatus(listener: ChainStatusListener): () => void {
  const state = watcher();
  state.listeners.add(listener);
  if (state.answering !== undefined) listener(state.answering);
  start(state);
  return () => {
    state.listeners.delete(listener);
  };
}
