/** The mining loop's budgets and stops, the session `--resume` continues, and the passphrase file. */
import assert from "node:assert/strict";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";

import { miningLoopSchema } from "@orm/protocol/document";
import { readPassphraseFile } from "../src/keystore.ts";
import { budgetsOf, checkResumable, SESSION_SCHEMA, stopReasonOf, type SessionState } from "../src/mining.ts";
import { CliError } from "../src/output.ts";

const state = (extra: Partial<SessionState> = {}): SessionState => ({
  schema: SESSION_SCHEMA,
  projectId: "0",
  chainId: 31337,
  registry: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
  startedAt: "2026-01-01T00:00:00.000Z",
  trials: 0,
  loopBest: "1",
  lastSubmitted: null,
  submissions: 0,
  spentWei: "0",
  stagnant: 0,
  ...extra,
});
const run = (extra: Partial<{ trialsThisRun: number; elapsedMs: number; submittedThisRun: number }> = {}) => ({ trialsThisRun: 0, elapsedMs: 0, submittedThisRun: 0, ...extra });

describe("budgetsOf", () => {
  it("takes each flag over the protocol's miningLoop, and 10 trials with no other limit by default", () => {
    assert.deepEqual(budgetsOf({}), { maxTrials: 10, maxWallSeconds: undefined, maxStagnant: undefined, stopAfterSubmit: false, maxSubmissions: undefined, maxSpendWei: undefined });
    const section = { maxTrials: 50, maxWallSeconds: 3600, maxStagnantTrials: 5, stopAfterSubmit: true, maxSubmissions: 2 };
    assert.deepEqual(budgetsOf({}, section), { maxTrials: 50, maxWallSeconds: 3600, maxStagnant: 5, stopAfterSubmit: true, maxSubmissions: 2, maxSpendWei: undefined });
    const flags = budgetsOf({ trials: "3", maxWall: "60", maxStagnant: "1", stopAfterSubmit: false, maxSubmissions: "1", maxSpend: "1000" }, section);
    assert.deepEqual(flags, { maxTrials: 3, maxWallSeconds: 60, maxStagnant: 1, stopAfterSubmit: false, maxSubmissions: 1, maxSpendWei: 1000n });
  });

  it("reads the spend cap from the protocol's miningLoop.maxSpendWei too, the flag winning", () => {
    const section = miningLoopSchema.parse({ maxSpendWei: "5000000000000000000" });
    assert.equal(budgetsOf({}, section).maxSpendWei, 5_000_000_000_000_000_000n);
    assert.equal(budgetsOf({ maxSpend: "1000" }, section).maxSpendWei, 1000n);
    assert.equal(miningLoopSchema.safeParse({ maxSpendWei: "1e18" }).success, false, "wei as digits only");
    assert.equal(miningLoopSchema.safeParse({ maxSpendWei: 1000 }).success, false, "a string: wei outgrow a JSON number");
  });

  it("refuses a budget that is not a whole number, in one sentence", () => {
    assert.throws(() => budgetsOf({ trials: "0" }), /^CliError: --trials must be a whole number of at least 1, not "0"\.$/);
    assert.throws(() => budgetsOf({ maxWall: "1.5" }), /--max-wall must be a whole number/);
    assert.throws(() => budgetsOf({ maxSpend: "1e18" }), /^CliError: --max-spend takes wei as a whole number, not "1e18"\.$/);
  });
});

describe("stopReasonOf", () => {
  const budgets = budgetsOf({ trials: "5", maxWall: "60", maxStagnant: "3", maxSubmissions: "2", maxSpend: "100" });
  it("goes on while every budget has room", () => {
    assert.equal(stopReasonOf(budgets, state({ stagnant: 2, submissions: 1, spentWei: "99" }), run({ trialsThisRun: 4, elapsedMs: 59_999 })), undefined);
  });
  it("names the budget that stopped the loop", () => {
    assert.equal(stopReasonOf(budgets, state(), run({ trialsThisRun: 5 }))?.reason, "trials");
    assert.equal(stopReasonOf(budgets, state(), run({ elapsedMs: 60_000 }))?.reason, "max-wall");
    assert.equal(stopReasonOf(budgets, state({ stagnant: 3 }), run())?.reason, "max-stagnant");
    assert.equal(stopReasonOf(budgets, state({ submissions: 2 }), run())?.reason, "max-submissions");
    assert.equal(stopReasonOf(budgets, state({ spentWei: "100" }), run())?.sentence, "the session spent 100 wei, its --max-spend of 100.");
    assert.equal(stopReasonOf(budgets, state(), run({ submittedThisRun: 1 })), undefined, "without --stop-after-submit a submission does not stop it");
    assert.equal(stopReasonOf({ ...budgets, stopAfterSubmit: true }, state(), run({ submittedThisRun: 1 }))?.reason, "stop-after-submit");
  });
});

describe("checkResumable", () => {
  const expected = { projectId: 0n, chainId: 31337, registry: "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0" };
  it("continues a session of the same project on the same deployment", () => {
    assert.equal(checkResumable(state({ trials: 4 }), expected, "w").trials, 4);
  });
  it("refuses no session, another project's and another deployment's, in one sentence", () => {
    assert.throws(() => checkResumable(undefined, expected, "w"), /^CliError: w holds no mining session to resume; leave out --resume to start one\.$/);
    assert.throws(() => checkResumable(state({ projectId: "3" }), expected, "w"), /^CliError: w holds a mining session of project #3, not of project #0; it cannot be resumed here\.$/);
    assert.throws(() => checkResumable(state({ chainId: 16602 }), expected, "w"), /on chain 16602/);
  });
});

describe("readPassphraseFile", () => {
  it("reads the first line of an owner-only file; refuses a missing, shared or empty one", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cli-passphrase-"));
    try {
      const file = path.join(dir, "pass");
      await assert.rejects(readPassphraseFile(file), (error: unknown) => error instanceof CliError && /^The passphrase file .* does not exist\.$/.test(error.message));
      await writeFile(file, "correct horse\nsecond line\n", { mode: 0o600 });
      await chmod(file, 0o600);
      assert.equal(await readPassphraseFile(file), "correct horse");
      await chmod(file, 0o644);
      await assert.rejects(readPassphraseFile(file), /is readable by other users \(mode 644\); make it private with chmod 600\./);
      await chmod(file, 0o640);
      await assert.rejects(readPassphraseFile(file), /mode 640/);
      await writeFile(file, "\n");
      await chmod(file, 0o600);
      await assert.rejects(readPassphraseFile(file), /is empty\./);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
