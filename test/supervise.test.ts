/**
 * The local stack's supervisor (`scripts/lib/supervise.ts`) with real child processes: a crash is
 * restarted after the backoff, and a process that keeps crashing is given up on with one sentence.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import { superviseProcess } from "../scripts/lib/supervise.ts";

describe("superviseProcess", () => {
  it("restarts a crashed process, then gives up on one that keeps crashing", async () => {
    const reports: string[] = [];
    let spawned = 0;
    const supervised = superviseProcess({
      name: "The crasher",
      spawnChild: () => {
        spawned += 1;
        return spawn(process.execPath, ["-e", "process.exit(3)"], { detached: true, stdio: "ignore" });
      },
      report: (sentence) => reports.push(sentence),
      initialDelayMs: 20,
      maxDelayMs: 40,
      maxCrashes: 3,
      crashWindowMs: 60_000,
    });
    const deadline = Date.now() + 15_000;
    while (!supervised.gaveUp && Date.now() < deadline) await sleep(50);
    assert.equal(supervised.gaveUp, true, reports.join("\n"));
    await sleep(300);
    assert.equal(spawned, 3, "started once and restarted twice, then not again");
    assert.equal(supervised.restarts, 2);
    assert.match(reports.at(-1)!, /^The crasher exited with code 3: 3 crashes in 1 min, so it is not restarted again/);
    await supervised.stop(100);
  });
});
