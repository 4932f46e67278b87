/**
 * Keeps a child process of the local stack running: when it exits without being asked to (a crash,
 * an OOM kill, a SIGKILL), what is left of its process group is killed and it is started again after
 * a backoff that doubles from `initialDelayMs` up to `maxDelayMs` and starts over once a run has lasted
 * `healthyAfterMs`. A process that crashes `maxCrashes` times within `crashWindowMs` is not started
 * again (restarting what fails at once only fills the terminal): the supervisor says so and the rest
 * of the stack keeps running. Each event is reported through `report` as one sentence, so the
 * terminal says what happened. `stop()` is the graceful end: SIGTERM to the group, SIGKILL after `graceMs`.
 */
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";

export type SuperviseProcessParameters = {
  name: string;
  /** Starts one run of the process (in its own process group, `detached: true`). */
  spawnChild: () => ChildProcess;
  report: (sentence: string) => void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  healthyAfterMs?: number;
  /** Crashes within `crashWindowMs` after which it is given up on (default 10 in 10 minutes). */
  maxCrashes?: number;
  crashWindowMs?: number;
};

export type SupervisedProcess = {
  readonly name: string;
  /** The running child, if any (between a crash and its restart there is none). */
  readonly child: ChildProcess | undefined;
  /** How many times it was restarted after an unexpected exit. */
  readonly restarts: number;
  /** True once it crashed too often to be restarted again. */
  readonly gaveUp: boolean;
  /** SIGTERM to its process group, then SIGKILL after `graceMs`; no restart afterwards. */
  stop(graceMs?: number): Promise<void>;
};

/** Sends `signal` to the process group led by `child`; false when the group is already gone. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Ends `child`'s process group: SIGTERM, then SIGKILL after `graceMs` if it has not exited. */
export async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
  if (hasExited(child)) {
    signalGroup(child, "SIGKILL"); // leftovers of the group, if any
    return;
  }
  const exited = once(child, "exit");
  if (!signalGroup(child, "SIGTERM")) return;
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  signalGroup(child, "SIGKILL");
}

export function superviseProcess({
  name,
  spawnChild,
  report,
  initialDelayMs = 1_000,
  maxDelayMs = 30_000,
  healthyAfterMs = 60_000,
  maxCrashes = 10,
  crashWindowMs = 600_000,
}: SuperviseProcessParameters): SupervisedProcess {
  let child: ChildProcess | undefined;
  let stopped = false;
  let gaveUp = false;
  let restarts = 0;
  /** When each recent crash happened (ms), oldest first. */
  const crashes: number[] = [];
  let delayMs = initialDelayMs;
  let restartTimer: NodeJS.Timeout | undefined;

  function run(): void {
    const started = Date.now();
    const current = spawnChild();
    child = current;
    current.once("exit", (code, signal) => {
      if (stopped) return;
      child = undefined;
      // A crashed parent can leave children behind holding its port.
      signalGroup(current, "SIGKILL");
      const now = Date.now();
      if (now - started >= healthyAfterMs) delayMs = initialDelayMs;
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      crashes.push(now);
      while (crashes.length > 0 && now - crashes[0]! > crashWindowMs) crashes.shift();
      if (crashes.length >= maxCrashes) {
        gaveUp = true;
        const minutes = Math.round(crashWindowMs / 60_000);
        report(
          `${name} ${how}: ${crashes.length} crashes in ${minutes > 0 ? `${minutes} min` : `${crashWindowMs} ms`}, so it is not restarted again (its output above says why). The rest keeps running; start the stack again once it is fixed.`,
        );
        return;
      }
      report(`${name} ${how}; restarting it in ${Math.round(delayMs / 100) / 10} s.`);
      restartTimer = setTimeout(() => {
        if (stopped) return;
        restarts += 1;
        run();
        report(`${name} restarted (restart ${restarts}).`);
      }, delayMs);
      delayMs = Math.min(delayMs * 2, maxDelayMs);
    });
  }

  run();
  return {
    name,
    get child() {
      return child;
    },
    get restarts() {
      return restarts;
    },
    get gaveUp() {
      return gaveUp;
    },
    async stop(graceMs = 10_000) {
      stopped = true;
      clearTimeout(restartTimer);
      if (child) await stopGroup(child, graceMs);
    },
  };
}
