/**
 * A miner's commitments on disk until their reveal lands. The salt is a commitment's only secret:
 * lost, the commitment cannot be revealed and its priority is gone. So `submit` writes it here
 * (mode 0600) before the commitment is sent, and a rerun of the same submission after a crash or a
 * failed upload finds it: still open, only the uploads and the reveal are left; lapsed, it commits
 * anew and says so. The file is deleted once the reveal lands.
 *
 * One file per chain, ledger, miner, project and code root, in `<state dir>/commitments/` (the state
 * directory: RESEARCH_STATE_DIR, else ~/.research, where the keystore lives). It holds the values
 * committed to and the log's bytes, so a rerun of `submit --measure` (whose new log would hash to
 * another root) reveals exactly what was committed.
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";

import type { Address, Hex } from "viem";

import type { commitmentState, SubmitArgsParameters } from "@orm/protocol/submission";

export const PENDING_COMMITMENT_SCHEMA = "open-research-market/pending-commitment@1";

/** The values a reveal sends, as committed (bigints as decimal strings on disk). */
export type CommittedSubmission = Required<SubmitArgsParameters>;

export type PendingCommitment = {
  chainId: number;
  ledger: Address;
  miner: Address;
  submission: CommittedSubmission;
  salt: Hex;
  commitment: Hex;
  /** The benchmark log committed to (its root is `submission.logRoot`). */
  log: Uint8Array;
  /** When the file was written (just before the commitment was sent). */
  preparedAt: string;
};

/** Where the CLI keeps what outlives one run: RESEARCH_STATE_DIR, else ~/.research. */
export function stateDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.RESEARCH_STATE_DIR ?? path.join(homedir(), ".research"));
}

export type PendingCommitmentKey = { chainId: number; ledger: Address; miner: Address; projectId: bigint; codeRoot: Hex };

/** The file of a commitment to this code on this project, by this miner, on this deployment. */
export function pendingCommitmentPath(stateDir: string, { chainId, ledger, miner, projectId, codeRoot }: PendingCommitmentKey): string {
  return path.join(stateDir, "commitments", `${[chainId, ledger, miner, projectId, codeRoot].join("-").toLowerCase()}.json`);
}

/** The pending commitment in `file`, or undefined when there is none (or it cannot be read as one). */
export async function readPendingCommitment(file: string): Promise<PendingCommitment | undefined> {
  const value = await readJsonOfSchema(file, PENDING_COMMITMENT_SCHEMA);
  if (!value) return undefined;
  const s = value.submission;
  return {
    chainId: value.chainId,
    ledger: value.ledger,
    miner: value.miner,
    submission: {
      projectId: BigInt(s.projectId),
      codeRoot: s.codeRoot,
      logRoot: s.logRoot,
      claimedScore: BigInt(s.claimedScore),
      stake: BigInt(s.stake),
      rewardRecipient: s.rewardRecipient,
    },
    salt: value.salt,
    commitment: value.commitment,
    log: new Uint8Array(Buffer.from(value.log, "base64")),
    preparedAt: value.preparedAt,
  };
}

/** Writes the file whole or not at all (a temporary file renamed over it), readable by its owner only. */
export async function writePendingCommitment(file: string, pending: PendingCommitment): Promise<void> {
  const { submission: s } = pending;
  const document = {
    schema: PENDING_COMMITMENT_SCHEMA,
    chainId: pending.chainId,
    ledger: pending.ledger,
    miner: pending.miner,
    submission: { ...s, projectId: String(s.projectId), claimedScore: String(s.claimedScore), stake: String(s.stake) },
    salt: pending.salt,
    commitment: pending.commitment,
    log: Buffer.from(pending.log).toString("base64"),
    preparedAt: pending.preparedAt,
  };
  await writeJsonWhole(file, document);
}

/** The JSON document in `file` when it names `schema`; undefined when there is none, it is not JSON or it is another document. */
export async function readJsonOfSchema(file: string, schema: string): Promise<Record<string, any> | undefined> {
  let value: Record<string, any>;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return undefined;
  }
  return value?.schema === schema ? value : undefined;
}

/** Writes `document` as JSON whole or not at all (a temporary file renamed over `file`), readable by its owner only. */
export async function writeJsonWhole(file: string, document: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const scratch = `${file}.${process.pid}.tmp`;
  await writeFile(scratch, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  await rename(scratch, file);
}

export async function forgetPendingCommitment(file: string): Promise<void> {
  await rm(file, { force: true });
}

export type CommitmentState = Awaited<ReturnType<typeof commitmentState>>;

/**
 * What a submission does with what it finds on disk and on-chain: reveal an open commitment of the
 * same values, or commit anew (with the reason, when there was one). `requested` leaves out the
 * claim and the log root when the caller measured them (`submit --measure`, `mine`): a rerun's new
 * measurement of the same code does not abandon the commitment of the first.
 */
export type ResumePlan = { action: "commit"; note?: string } | { action: "reveal"; pending: PendingCommitment; revealBy: bigint; note: string };

export function resumePlanOf(
  pending: PendingCommitment | undefined,
  onChain: CommitmentState,
  requested: Omit<CommittedSubmission, "claimedScore" | "logRoot"> & { claimedScore?: bigint; logRoot?: Hex },
  describeTime: (seconds: bigint) => string,
): ResumePlan {
  if (!pending) return { action: "commit" };
  if (onChain.state === "none") return { action: "commit", note: `the commitment prepared at ${pending.preparedAt} never landed; committing anew` };
  if (onChain.state === "lapsed") {
    return { action: "commit", note: `the commitment of ${describeTime(onChain.committedAt)} lapsed unrevealed at ${describeTime(onChain.revealBy)} (its priority is gone); committing anew` };
  }
  const committed = pending.submission;
  const differs =
    committed.stake !== requested.stake ||
    committed.rewardRecipient.toLowerCase() !== requested.rewardRecipient.toLowerCase() ||
    (requested.claimedScore !== undefined && committed.claimedScore !== requested.claimedScore) ||
    (requested.logRoot !== undefined && committed.logRoot.toLowerCase() !== requested.logRoot.toLowerCase());
  if (differs) {
    return {
      action: "commit",
      note: `an open commitment of this code to other values (claim ${committed.claimedScore}, stake ${committed.stake}) is left to lapse; committing anew`,
    };
  }
  return { action: "reveal", pending, revealBy: onChain.revealBy, note: `resuming the open commitment of ${describeTime(onChain.committedAt)} (reveal by ${describeTime(onChain.revealBy)})` };
}
