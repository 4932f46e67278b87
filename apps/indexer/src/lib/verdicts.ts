/**
 * Who a settled verdict is credited to: the verifier's verdict counters (approvals, rejections,
 * supersessions) and the first verdict on its code under its benchmark, which a later disagreeing
 * verdict contradicts. The ledger handlers credit the verifier its settlement names; a single
 * reviewer's decision settled by the review quorum is credited once `ReviewFinalized` says whether an
 * appeal overturned it (ReviewQuorum.ts).
 */
import type { Context } from "ponder:registry";
import { codeVerdict, project } from "ponder:schema";
import type { Hex } from "viem";

import { bumpReputation, lower } from "./store.ts";

type Db = Context["db"];

export type VerdictOutcome = "approved" | "rejected" | "superseded";

const COUNTER = { approved: "approvals", rejected: "rejections", superseded: "supersessions" } as const;

/**
 * Records the verdict on (benchmark, code); a later verdict that disagrees with the first contradicts
 * it, and the first verifier's `reviewsContradicted` grows.
 */
async function recordVerdict(
  db: Db,
  projectId: bigint,
  proposalId: bigint,
  codeHash: Hex,
  verifier: Hex,
  outcome: VerdictOutcome,
  verifiedScore: bigint | null,
  time: bigint,
) {
  const owner = await db.find(project, { id: projectId });
  if (!owner?.benchmarkHash) return;
  const key = { benchmarkHash: owner.benchmarkHash, codeHash };
  const first = await db.find(codeVerdict, key);
  if (!first) {
    await db.insert(codeVerdict).values({
      ...key,
      verifier: lower(verifier),
      proposalId,
      outcome,
      verifiedScore,
      contradicted: false,
    });
    return;
  }
  const reproduced = (o: string) => o !== "rejected";
  const disagrees =
    reproduced(first.outcome) !== reproduced(outcome) ||
    (reproduced(outcome) && first.verifiedScore !== verifiedScore);
  if (disagrees && !first.contradicted && first.verifier !== lower(verifier)) {
    await db.update(codeVerdict, key).set({ contradicted: true });
    await bumpReputation(db, first.verifier, time, { reviewsContradicted: 1 });
  }
}

/** Credits `verifier` with a settled verdict: its counter, and the verdict on the proposal's code. */
export async function creditVerdict(
  db: Db,
  settled: { projectId: bigint; proposalId: bigint; codeHash: Hex },
  verifier: Hex,
  outcome: VerdictOutcome,
  verifiedScore: bigint | null,
  time: bigint,
): Promise<void> {
  await bumpReputation(db, verifier, time, { [COUNTER[outcome]]: 1 });
  await recordVerdict(db, settled.projectId, settled.proposalId, settled.codeHash, verifier, outcome, verifiedScore, time);
}
