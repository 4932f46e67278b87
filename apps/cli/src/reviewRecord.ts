/**
 * The verifier node's own record of its reviews: one JSON line per attempted proposal (settled or
 * not) with the result, the reason, the scores, the artifacts' roots and the transactions, appended
 * to `--record <file>` (else RESEARCH_REVIEW_RECORD, else ~/.research/reviews.jsonl). An operator
 * greps it to answer "what did my node do with #42, and why".
 */
import { appendFile, mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";

import { toJson } from "./output.ts";

export type ReviewRecord = {
  at: string;
  proposalId: bigint;
  projectId?: bigint;
  /**
   * settled or, where single reviews are appealable, decided (approve / reject / supersede; see `appealDeadline`), skipped (not the miner's fault; left for later or others), retry (transient), expired, claimed;
   * a quorum review's steps: requested, drawn, committed, commits-ended, revealed, round-closed, finalized.
   */
  result:
    | "approve"
    | "reject"
    | "supersede"
    | "skipped"
    | "retry"
    | "expired"
    | "claimed"
    | "requested"
    | "drawn"
    | "committed"
    | "commits-ended"
    | "revealed"
    | "round-closed"
    | "finalized";
  reason: string;
  claimedScore?: bigint;
  measuredScores?: bigint[];
  medianScore?: bigint | null;
  roots?: Record<string, string>;
  transactions?: Record<string, string>;
  verifier?: string;
  /** A decision (one reviewer, appealable): final after this time unless appealed; `seatLock` of the bond locked until then. */
  appealDeadline?: bigint;
  seatLock?: bigint;
};

export function reviewRecordPath(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(option ?? env.RESEARCH_REVIEW_RECORD ?? path.join(homedir(), ".research", "reviews.jsonl"));
}

export async function appendReviewRecord(file: string, record: Omit<ReviewRecord, "at">): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${toJson({ at: new Date().toISOString(), ...record })}\n`, { mode: 0o600 });
}
