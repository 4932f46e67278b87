/**
 * A miner's open commitment, remembered in this browser until its reveal lands. The salt is the only
 * secret of a commitment: lost, the commitment cannot be revealed and its priority is gone. It is
 * kept per chain, ledger, miner and the exact values committed to, so a retry of the same proposal
 * (after a failed upload or reveal) finds it, and any change of value commits anew.
 */
import type { Address, Hex } from "viem";

import type { SubmitArgsParameters } from "@orm/protocol/submission";

const PREFIX = "orm:commitment:";

/** Where the salt of a commitment to exactly these values is kept. */
export function pendingCommitmentKey(chainId: number, ledger: Address, miner: Address, submission: Required<SubmitArgsParameters>): string {
  const { projectId, codeRoot, logRoot, claimedScore, stake, rewardRecipient } = submission;
  return `${PREFIX}${[chainId, ledger, miner, projectId, codeRoot, logRoot, claimedScore, stake, rewardRecipient].join(":").toLowerCase()}`;
}

/** A minimal `Storage`: the browser's `localStorage`, or a map in tests. */
export type SaltStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

function browserStore(): SaltStore | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage blocked: every attempt commits anew
  }
}

export function readPendingSalt(key: string, store: SaltStore | undefined = browserStore()): Hex | undefined {
  const value = store?.getItem(key);
  return value && /^0x[0-9a-f]{64}$/i.test(value) ? (value as Hex) : undefined;
}

export function writePendingSalt(key: string, salt: Hex, store: SaltStore | undefined = browserStore()): void {
  try {
    store?.setItem(key, salt);
  } catch {
    // a full or blocked store only costs the retry its priority
  }
}

export function forgetPendingSalt(key: string, store: SaltStore | undefined = browserStore()): void {
  store?.removeItem(key);
}
