import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { forgetPendingSalt, pendingCommitmentKey, readPendingSalt, writePendingSalt, type SaltStore } from "../pendingCommitment.ts";

function mapStore(): SaltStore & { size: () => number } {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    size: () => map.size,
  };
}

const LEDGER = "0x00000000000000000000000000000000000000Aa" as const;
const MINER = "0x00000000000000000000000000000000000000Bb" as const;
const submission = {
  projectId: 2n,
  codeRoot: `0x${"11".repeat(32)}`,
  logRoot: `0x${"22".repeat(32)}`,
  claimedScore: 2_900_000n,
  stake: 5n,
  rewardRecipient: MINER,
} as const;
const SALT = `0x${"ab".repeat(32)}` as const;

describe("pending commitments", () => {
  it("finds the salt of a commitment to the same values, whatever the address case", () => {
    const store = mapStore();
    writePendingSalt(pendingCommitmentKey(31337, LEDGER, MINER, submission), SALT, store);
    const again = pendingCommitmentKey(31337, LEDGER.toLowerCase() as `0x${string}`, MINER.toLowerCase() as `0x${string}`, submission);
    assert.equal(readPendingSalt(again, store), SALT);
  });

  it("does not find it for any other value, chain, ledger or miner", () => {
    const store = mapStore();
    writePendingSalt(pendingCommitmentKey(31337, LEDGER, MINER, submission), SALT, store);
    for (const key of [
      pendingCommitmentKey(31337, LEDGER, MINER, { ...submission, stake: 6n }),
      pendingCommitmentKey(31337, LEDGER, MINER, { ...submission, claimedScore: 2_900_001n }),
      pendingCommitmentKey(31337, LEDGER, MINER, { ...submission, logRoot: `0x${"33".repeat(32)}` }),
      pendingCommitmentKey(16602, LEDGER, MINER, submission),
      pendingCommitmentKey(31337, MINER, MINER, submission),
      pendingCommitmentKey(31337, LEDGER, LEDGER, submission),
    ]) {
      assert.equal(readPendingSalt(key, store), undefined, key);
    }
  });

  it("forgets it once revealed, and ignores what is not a salt", () => {
    const store = mapStore();
    const key = pendingCommitmentKey(31337, LEDGER, MINER, submission);
    writePendingSalt(key, SALT, store);
    forgetPendingSalt(key, store);
    assert.equal(store.size(), 0);
    store.setItem(key, "not a salt");
    assert.equal(readPendingSalt(key, store), undefined);
  });
});
