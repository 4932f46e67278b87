/**
 * The indexer's latest indexed block as this web server knows it: one read of Ponder's `/status`
 * every `POLL_MS` for the whole process, however many visitors there are. The page cache keys
 * rendered pages by it (`pageCache.server.ts`) and the live stream pushes it to open tabs
 * (`app/api/live/route.ts`), so a new block reaches every tab without any tab polling.
 *
 * With each newer block it also asks the indexer which projects' pages changed since the block
 * before (`GET /changes`), so the page cache renders a project page again only when its project was
 * touched (`projectUntouched`); when that answer is missing, every project counts as touched. So does
 * a block whose clock ran ahead of the wall clock (a local chain's `evm_increaseTime`): the deadlines
 * and countdowns of every page are counted in the chain's time.
 *
 * One watcher per process, kept on `globalThis`: Next bundles `proxy.ts` and the route handlers
 * separately, and a module-level one would be one per bundle. It stops polling when nothing asked
 * for the block and no stream listened for `IDLE_MS`, and starts again on the next ask.
 */
import { readIndexedHead } from "@orm/protocol/indexerStatus";
import { getRuntimeConfig } from "../runtimeConfig.ts";

/** Time between two reads of `/status` (ms): the indexer's own polling on a local chain is 250 ms. */
const POLL_MS = 200;
/** How far the chain's clock may run ahead of the wall clock between two blocks before every page counts as changed (s). */
const CLOCK_JUMP_S = 10n;
/** A read of `/status` slower than this counts as no answer (ms). */
const READ_TIMEOUT_MS = 1_000;
const IDLE_MS = 30_000;

export type IndexedBlockListener = (block: bigint) => void;

type Watcher = {
  /** The latest block read, `undefined` until the first answer or while the indexer does not answer. */
  latest: bigint | undefined;
  running: boolean;
  lastAskedAt: number;
  /** Resolves after the read in flight (the first one, when just started). */
  firstRead: Promise<void> | undefined;
  listeners: Set<IndexedBlockListener>;
  /** The newest blocks read and when each was first read (oldest first, at most `HISTORY`). */
  history: { block: bigint; at: number }[];
  /** The latest block's timestamp (s) and when it was first read (ms), to tell a jump of the chain's clock. */
  clock: { timestamp: bigint; at: number } | undefined;
  /**
   * What changed between consecutive blocks read (oldest first, at most `HISTORY`): the projects
   * touched after `after` up to `upTo` (null: unknown, so every project counts as touched).
   */
  changes: { after: bigint; upTo: bigint; projects: Set<string> | null }[];
};

/** How many blocks `history` remembers. */
const HISTORY = 64;

const KEY = Symbol.for("orm.web.indexedBlockWatcher");

function watcher(): Watcher {
  const shared = globalThis as typeof globalThis & { [KEY]?: Watcher };
  shared[KEY] ??= { latest: undefined, running: false, lastAskedAt: 0, firstRead: undefined, listeners: new Set(), history: [], clock: undefined, changes: [] };
  return shared[KEY];
}

/** The projects whose pages a block after `since` changed, from the indexer; null when it cannot say. */
async function readTouchedProjects(since: bigint): Promise<Set<string> | null> {
  try {
    const response = await fetch(new URL(`/changes?since=${since}`, getRuntimeConfig().indexerUrl), { signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
    const body = (await response.json()) as { projects?: unknown };
    if (!response.ok || !Array.isArray(body.projects)) return null;
    return new Set(body.projects.map(String));
  } catch {
    return null;
  }
}

/** Whether the chain's clock ran ahead of the wall clock by more than `CLOCK_JUMP_S` since `before`. */
function clockJumped(before: Watcher["clock"], timestamp: bigint, at: number): boolean {
  if (!before || timestamp === 0n) return false;
  return timestamp - before.timestamp - BigInt(Math.round((at - before.at) / 1000)) > CLOCK_JUMP_S;
}

async function readOnce(state: Watcher): Promise<void> {
  const head = await readIndexedHead(getRuntimeConfig().indexerUrl, { signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
  const block = head?.number;
  const previous = state.latest;
  // An indexer that stopped answering, or started over, leaves blocks nobody asked about: forget what changed.
  if (block === undefined || (previous !== undefined && block < previous)) state.changes = [];
  // Known before the block is: a page is never taken for current at a block whose changes are not in.
  const readAt = Date.now();
  if (head !== undefined && previous !== undefined && head.number > previous) {
    const projects = clockJumped(state.clock, head.timestamp, readAt) ? null : await readTouchedProjects(previous);
    state.changes.push({ after: previous, upTo: head.number, projects });
    if (state.changes.length > HISTORY) state.changes.shift();
  }
  if (head !== undefined && (previous === undefined || head.number > previous)) state.clock = { timestamp: head.timestamp, at: readAt };
  state.latest = block;
  if (block !== undefined && (previous === undefined || block > previous)) {
    if (!state.history.length || block > state.history.at(-1)!.block) state.history.push({ block, at: Date.now() });
    if (state.history.length > HISTORY) state.history.shift();
    for (const listener of state.listeners) listener(block);
  }
}

function start(state: Watcher): void {
  if (state.running) return;
  state.running = true;
  state.firstRead = readOnce(state);
  void (async () => {
    await state.firstRead;
    while (Date.now() - state.lastAskedAt < IDLE_MS || state.listeners.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS).unref()); // never what keeps a process alive
      await readOnce(state);
    }
    state.running = false;
    state.latest = undefined; // unknown until the next poll: a page is not keyed by an old block
    state.changes = []; // blocks indexed while nobody watched are not known
  })();
}

/**
 * The indexer's latest indexed block (`undefined` when it does not answer). Immediate while the
 * watcher runs; the first ask after a quiet spell waits for one read of `/status`.
 */
export async function getIndexedBlock(): Promise<bigint | undefined> {
  const state = watcher();
  state.lastAskedAt = Date.now();
  if (!state.running) start(state);
  if (state.latest === undefined) await state.firstRead;
  return state.latest;
}

/** Calls `listener` with each newer indexed block until the returned function is called. */
export function watchIndexedBlock(listener: IndexedBlockListener): () => void {
  const state = watcher();
  state.listeners.add(listener);
  state.lastAskedAt = Date.now();
  start(state);
  return () => {
    state.listeners.delete(listener);
    state.lastAskedAt = Date.now();
  };
}

/**
 * How long ago the watcher first read a block newer than `block` (ms), or 0 when it has read none:
 * how far a page rendered after `block` is behind the indexer.
 */
export function behindSince(block: bigint): number {
  const newer = watcher().history.find((entry) => entry.block > block);
  return newer ? Date.now() - newer.at : 0;
}

/** Proposal id → its project's id, as the indexer answered (a proposal never changes project). */
const projectOfProposalRead = new Map<string, string>();
/** How many of those are kept (a crowd's proposal pages; a miss only costs one read). */
const PROPOSALS_KEPT = 10_000;

/**
 * The project proposal `proposalId` belongs to, from the indexer (`GET /proposals/:id`), read once;
 * `undefined` when the indexer cannot say (then its page follows every block, as before).
 */
export async function projectOfProposal(proposalId: string): Promise<string | undefined> {
  const known = projectOfProposalRead.get(proposalId);
  if (known !== undefined) return known;
  try {
    const response = await fetch(new URL(`/proposals/${proposalId}`, getRuntimeConfig().indexerUrl), { signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
    const body = (await response.json()) as { projectId?: unknown };
    if (!response.ok || typeof body.projectId !== "string" || !/^\d+$/.test(body.projectId)) return undefined;
    if (projectOfProposalRead.size >= PROPOSALS_KEPT) projectOfProposalRead.delete(projectOfProposalRead.keys().next().value!);
    projectOfProposalRead.set(proposalId, body.projectId);
    return body.projectId;
  } catch {
    return undefined;
  }
}

/**
 * Whether no block after `since`, up to `upTo`, touched project `projectId`'s page: the watcher saw
 * every block in between with a known answer from the indexer, and none listed the project.
 */
export function projectUntouched(projectId: string, since: bigint, upTo: bigint): boolean {
  if (upTo <= since) return true;
  let covered = since;
  for (const change of watcher().changes) {
    if (change.upTo <= covered) continue;
    if (change.after > covered) return false; // a gap: blocks nobody asked about
    if (change.projects === null || change.projects.has(projectId)) return false;
    covered = change.upTo;
    if (covered >= upTo) return true;
  }
  return false;
}
