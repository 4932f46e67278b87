/**
 * The salt kept on disk between a commitment and its reveal: written whole and private, read back
 * exactly, and what a rerun does with it (reveal an open commitment of the same values; commit anew,
 * saying why, when it lapsed, never landed or the values changed).
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";

import { zeroAddress, type Address, type Hex } from "viem";

import { commitmentOf, newCommitmentSalt } from "@orm/protocol/submission";
import {
  forgetPendingCommitment,
  pendingCommitmentPath,
  readPendingCommitment,
  resumePlanOf,
  stateDirectory,
  writePendingCommitment,
  type PendingCommitment,
} from "../src/commitments.ts";

const ledger: Address = "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707";
const miner: Address = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const codeRoot: Hex = `0x${"ab".repeat(32)}`;
const logRoot: Hex = `0x${"cd".repeat(32)}`;
const submission = { projectId: 0n, codeRoot, logRoot, claimedScore: 4_954_214n, stake: 7n, rewardRecipient: zeroAddress as Address };

function pendingOf(salt: Hex = newCommitmentSalt()): PendingCommitment {
  return {
    chainId: 31337,
    ledger,
    miner,
    submission,
    salt,
    commitment: commitmentOf({ ...submission, chainId: 31337, ledger, miner, salt }),
    log: new TextEncoder().encode('{"score": 4954214}\n'),
    preparedAt: "2026-12-06T10:00:00.000Z",
  };
}

const time = (seconds: bigint) => `t${seconds}`;
const requested = { projectId: 0n, codeRoot, stake: 7n, rewardRecipient: zeroAddress as Address };

describe("the pending commitment file", () => {
  it("lives in RESEARCH_STATE_DIR (else ~/.research), one file per chain, ledger, miner, project and code root", () => {
    assert.equal(stateDirectory({ RESEARCH_STATE_DIR: "/srv/miner" }), "/srv/miner");
    assert.equal(stateDirectory({}), path.join(os.homedir(), ".research"));
    const file = pendingCommitmentPath("/srv/miner", { chainId: 31337, ledger, miner, projectId: 0n, codeRoot });
    assert.equal(file, `/srv/miner/commitments/31337-${ledger.toLowerCase()}-${miner.toLowerCase()}-0-${codeRoot}.json`);
    assert.notEqual(file, pendingCommitmentPath("/srv/miner", { chainId: 31337, ledger, miner, projectId: 1n, codeRoot }));
  });

  it("is written whole and private, read back exactly, and deleted", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cli-commitments-"));
    try {
      const file = pendingCommitmentPath(dir, { chainId: 31337, ledger, miner, projectId: 0n, codeRoot });
      assert.equal(await readPendingCommitment(file), undefined, "nothing pending yet");
      const pending = pendingOf();
      await writePendingCommitment(file, pending);
      assert.equal((await stat(file)).mode & 0o777, 0o600, "only its owner may read a salt");
      assert.deepEqual(await readdir(path.dirname(file)), [path.basename(file)], "no temporary file left behind");
      assert.deepEqual(await readPendingCommitment(file), pending);
      await forgetPendingCommitment(file);
      assert.equal(await readPendingCommitment(file), undefined);
      await forgetPendingCommitment(file); // deleting twice is fine
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("resumePlanOf (what a rerun does)", () => {
  it("commits when nothing is pending", () => {
    assert.deepEqual(resumePlanOf(undefined, { state: "none" }, { ...requested, claimedScore: 1n, logRoot }, time), { action: "commit" });
  });

  it("reveals an open commitment of the same values, with its salt", () => {
    const pending = pendingOf();
    const plan = resumePlanOf(pending, { state: "open", committedAt: 100n, revealBy: 120n }, { ...requested, claimedScore: submission.claimedScore, logRoot }, time);
    assert.equal(plan.action, "reveal");
    assert.equal(plan.action === "reveal" && plan.pending.salt, pending.salt);
    assert.equal(plan.action === "reveal" && plan.revealBy, 120n);
    assert.equal(plan.note, "resuming the open commitment of t100 (reveal by t120)");
  });

  it("commits anew, saying so, when the commitment lapsed or never landed", () => {
    const lapsed = resumePlanOf(pendingOf(), { state: "lapsed", committedAt: 100n, revealBy: 120n }, { ...requested, claimedScore: submission.claimedScore, logRoot }, time);
    assert.deepEqual(lapsed, { action: "commit", note: "the commitment of t100 lapsed unrevealed at t120 (its priority is gone); committing anew" });
    const never = resumePlanOf(pendingOf(), { state: "none" }, { ...requested, claimedScore: submission.claimedScore, logRoot }, time);
    assert.deepEqual(never, { action: "commit", note: "the commitment prepared at 2026-12-06T10:00:00.000Z never landed; committing anew" });
  });

  it("commits anew when the claim, the log, the stake or the recipient changed", () => {
    const open = { state: "open", committedAt: 100n, revealBy: 120n } as const;
    for (const change of [{ claimedScore: 5_000_000n, logRoot }, { claimedScore: submission.claimedScore, logRoot: codeRoot }, { stake: 8n }, { rewardRecipient: miner }]) {
      const plan = resumePlanOf(pendingOf(), open, { ...requested, claimedScore: submission.claimedScore, logRoot, ...change }, time);
      assert.equal(plan.action, "commit", JSON.stringify(change, (_k, v) => (typeof v === "bigint" ? String(v) : v)));
      assert.match(plan.note!, /^an open commitment of this code to other values \(claim 4954214, stake 7\) is left to lapse; committing anew$/);
    }
  });

  it("keeps a measured submission's committed claim and log (a rerun measures the same code again)", () => {
    const plan = resumePlanOf(pendingOf(), { state: "open", committedAt: 100n, revealBy: 120n }, requested, time);
    assert.equal(plan.action, "reveal");
  });
});
