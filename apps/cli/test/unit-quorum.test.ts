/**
 * Quorum review in the CLI, without a chain: what a review is due for as one address sees it
 * (`seatDutyOf`), the seat record that carries a measurement from commit to reveal (written whole,
 * read back, refused when it is not one), `--quorum` for `research create` and the measurement a
 * reveal may re-enter.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import type { Address } from "viem";

import { reviewPhase } from "@orm/protocol/generated/constants";
import type { QuorumState } from "@orm/protocol/quorum";
import { parseReviewQuorum } from "../src/commands/create.ts";
import { reenteredMeasurementOf } from "../src/commands/verify.ts";
import { CliError } from "../src/output.ts";
import { describeDuty, forgetSeatRecord, isActionable, readSeatRecord, seatDutyOf, seatRecordPath, seatsHeldBy, seatStateOf, writeSeatRecord, type SeatRecord, type SeatState } from "../src/seats.ts";
import { runCli } from "./helpers.ts";

const ME = "0x00000000000000000000000000000000000000aA" as Address;
const OTHER = "0x00000000000000000000000000000000000000bB" as Address;

const state = (overrides: Partial<QuorumState>): QuorumState => ({
  phase: reviewPhase.None,
  round: 0,
  committedSeats: 0,
  revealedSeats: 0,
  replacementsLeft: 1,
  drawBlock: 0n,
  deadline: 0n,
  ...overrides,
});
const seat = (holder: Address, overrides: Partial<SeatState> = {}): SeatState => ({ holder, round: 0, committed: false, revealed: false, ...overrides });
const duty = (s: Partial<QuorumState>, seats: SeatState[] = [], extra: { now?: bigint; latestBlock?: bigint; reviewableAt?: bigint; me?: Address } = {}) =>
  seatDutyOf({ state: state(s), seats, me: "me" in extra ? extra.me : ME, now: extra.now ?? 1_000n, latestBlock: extra.latestBlock ?? 50n, reviewableAt: extra.reviewableAt ?? 0n });

describe("seatDutyOf: what a review is due for, as one address sees it", () => {
  it("requests once the proposal is reviewable; draws once the draw block is mined", () => {
    assert.deepEqual(duty({}, [], { reviewableAt: 2_000n }), { due: "wait-reviewable", at: 2_000n });
    assert.deepEqual(duty({}, [], { reviewableAt: 1_000n }), { due: "request" });
    assert.deepEqual(duty({ phase: reviewPhase.Drawing, drawBlock: 51n }, [], { latestBlock: 50n }), { due: "wait-draw", block: 51n });
    assert.deepEqual(duty({ phase: reviewPhase.Drawing, drawBlock: 50n }, [], { latestBlock: 50n }), { due: "draw" });
  });

  it("commits only the holder's uncommitted seats of the current round, until the deadline; then anyone ends the phase", () => {
    const seats = [seat(OTHER), seat(ME), seat(ME, { committed: true })];
    assert.deepEqual(duty({ phase: reviewPhase.Committing, deadline: 1_000n }, seats), { due: "commit", seats: [1n], until: 1_000n });
    assert.deepEqual(duty({ phase: reviewPhase.Committing, deadline: 1_000n }, seats, { me: OTHER }), { due: "commit", seats: [0n], until: 1_000n });
    assert.deepEqual(duty({ phase: reviewPhase.Committing, deadline: 1_000n }, seats, { me: undefined }), { due: "wait-commits", until: 1_000n });
    assert.deepEqual(duty({ phase: reviewPhase.Committing, deadline: 999n }, seats), { due: "end-commits", replaces: true });
    assert.deepEqual(duty({ phase: reviewPhase.Committing, deadline: 999n, replacementsLeft: 0 }, seats), { due: "end-commits", replaces: false });
  });

  it("reveals the holder's committed, unrevealed seats; waits for the others; closes the round when all revealed or late", () => {
    const seats = [seat(ME, { committed: true }), seat(OTHER, { committed: true }), seat(ME, { committed: true, revealed: true })];
    const revealing = { phase: reviewPhase.Revealing, deadline: 1_000n, committedSeats: 3, revealedSeats: 1 };
    assert.deepEqual(duty(revealing, seats), { due: "reveal", seats: [0n], until: 1_000n });
    const mineDone = [seat(ME, { committed: true, revealed: true }), seats[1]!, seats[2]!];
    assert.deepEqual(duty({ ...revealing, revealedSeats: 2 }, mineDone), { due: "wait-reveals", until: 1_000n });
    assert.deepEqual(duty({ ...revealing, revealedSeats: 3 }, mineDone), { due: "close-round" });
    assert.deepEqual(duty({ ...revealing, deadline: 999n }, seats), { due: "close-round" });
  });

  it("the appeal round's seats are the holder's only in that round; a decided review waits out its window, then finalizes", () => {
    const seats = [seat(ME, { committed: true, revealed: true }), seat(OTHER), seat(OTHER), seat(ME, { round: 1 })];
    assert.deepEqual(seatsHeldBy(seats, 0, ME), [0n]);
    assert.deepEqual(seatsHeldBy(seats, 1, ME), [3n]);
    assert.deepEqual(duty({ phase: reviewPhase.Committing, round: 1, deadline: 1_000n }, seats), { due: "commit", seats: [3n], until: 1_000n });
    assert.deepEqual(duty({ phase: reviewPhase.Decided, deadline: 1_000n }, seats), { due: "wait-appeal", until: 1_000n });
    assert.deepEqual(duty({ phase: reviewPhase.Decided, deadline: 999n }, seats), { due: "finalize" });
    assert.deepEqual(duty({ phase: reviewPhase.Final }, seats), { due: "final" });
  });

  it("names a one-reviewer project's decision seat decided, and a quorum's seats by what they did", () => {
    const done = seat(ME, { committed: true, revealed: true });
    assert.equal(seatStateOf(done, 1), "decided");
    assert.equal(seatStateOf({ ...done, round: 1 }, 1), "revealed", "an appeal seat on the same project measured and revealed");
    assert.equal(seatStateOf(done, 3), "revealed");
    assert.equal(seatStateOf(seat(ME, { committed: true }), 3), "committed");
    assert.equal(seatStateOf(seat(ME), 3), "open");
  });

  it("says each duty in words; waits and the end are not actions", () => {
    assert.equal(isActionable({ due: "draw" }), true);
    assert.equal(isActionable({ due: "wait-draw", block: 3n }), false);
    assert.equal(isActionable({ due: "final" }), false);
    assert.equal(describeDuty({ due: "commit", seats: [0n, 2n], until: 0n }), "measure and commit seats 0, 2 by 1970-01-01 00:00:00 UTC");
    assert.equal(describeDuty({ due: "wait-draw", block: 12n }), "seats are drawn once block 12 is mined");
  });
});

describe("the seat record", () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "cli-seats-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const key = { chainId: 31337, quorum: "0x00000000000000000000000000000000000000Cc" as Address, proposalId: 7n, seat: 2n, holder: ME };
  const record: SeatRecord = { ...key, round: 0, ran: true, score: -1_234_567n, scores: [-1_234_000n, -1_234_567n, -1_235_000n], commitment: `0x${"ab".repeat(32)}`, measuredAt: "2026-12-06T00:00:00.000Z" };

  it("is one file per chain, contract, proposal, seat and holder, written whole and read back (bigints kept), owner-only", async () => {
    const file = seatRecordPath(dir, key);
    assert.equal(path.basename(file), `31337-${key.quorum.toLowerCase()}-7-2-${ME.toLowerCase()}.json`);
    assert.notEqual(seatRecordPath(dir, { ...key, seat: 1n }), file);
    await writeSeatRecord(file, record);
    assert.deepEqual(await readSeatRecord(file), record);
    assert.deepEqual(await readdir(path.dirname(file)), [path.basename(file)], "no temporary file left behind");
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(JSON.parse(await readFile(file, "utf8")).score, "-1234567");
    const notRun = { ...record, ran: false, score: 0n, scores: [], reason: "the code bundle is not a tar" };
    await writeSeatRecord(file, notRun);
    assert.deepEqual(await readSeatRecord(file), notRun);
  });

  it("is absent when missing, unreadable or not a seat record; forgetting it twice is fine", async () => {
    const file = seatRecordPath(dir, { ...key, seat: 9n });
    assert.equal(await readSeatRecord(file), undefined);
    await writeFile(file, "{ not json");
    assert.equal(await readSeatRecord(file), undefined);
    await writeFile(file, JSON.stringify({ schema: "something-else", score: "1" }));
    assert.equal(await readSeatRecord(file), undefined);
    await forgetSeatRecord(file);
    await forgetSeatRecord(file);
    assert.equal(await readSeatRecord(file), undefined);
  });
});

describe("--quorum and the re-entered measurement", () => {
  it("parseReviewQuorum takes an odd number from 1 to 9, default 1", () => {
    assert.equal(parseReviewQuorum(undefined, "--quorum"), 1);
    assert.equal(parseReviewQuorum("", "--quorum"), 1);
    assert.equal(parseReviewQuorum("3", "--quorum"), 3);
    assert.equal(parseReviewQuorum(9, "token.reviewQuorum"), 9);
    for (const bad of ["2", "0", "11", "-1", "3.0", "three"]) {
      assert.throws(() => parseReviewQuorum(bad, "--quorum"), (error: Error) => error instanceof CliError && error.message === `--quorum takes an odd number of reviewers from 1 to 9 (a median needs a middle reviewer), not "${bad}".`);
    }
  });

  it("research create --quorum 4 is one sentence before the chain is asked anything", async () => {
    const fixture = path.join(import.meta.dirname, "fixtures/limits");
    const run = await runCli(["--rpc", "http://127.0.0.1:9", "create", path.join(fixture, "repo"), "--protocol", path.join(fixture, "protocol.json"), "--quorum", "4"], { env: { RESEARCH_DEV_ACCOUNT: "1" } });
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'research: error: --quorum takes an odd number of reviewers from 1 to 9 (a median needs a middle reviewer), not "4".\n');
  });

  it("a reveal re-enters --score in metric units, --fixed-score as printed, or --did-not-run; not two at once", () => {
    assert.equal(reenteredMeasurementOf({}), undefined);
    assert.deepEqual(reenteredMeasurementOf({ score: "2.5" })!(1_000_000n), { ran: true, score: 2_500_000n });
    assert.deepEqual(reenteredMeasurementOf({ fixedScore: "-42" })!(1_000_000n), { ran: true, score: -42n });
    assert.deepEqual(reenteredMeasurementOf({ didNotRun: true })!(1_000_000n), { ran: false, score: 0n });
    assert.throws(() => reenteredMeasurementOf({ didNotRun: true, score: "1" }), /^CliError: Give --did-not-run or a score \(--score, --fixed-score\), not both\.$/);
    assert.throws(() => reenteredMeasurementOf({ score: "1", fixedScore: "1" }), CliError);
  });
});
