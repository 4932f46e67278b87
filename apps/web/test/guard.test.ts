/**
 * The relay guard's admission state, one suite run on both implementations: in process (the embedded
 * stack) and in Postgres (DATABASE_URL; a throwaway cluster on 127.0.0.1, skipped with the reason
 * printed only where Postgres cannot be installed). "Two instances" are two independent states over
 * the same store: for Postgres, two connection pools, as two `next start` processes would hold; in
 * process, the one process-wide state both route bundles share. Each check fires its requests
 * concurrently, so an admission that reads then writes in two steps would let too many through.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import type { Address } from "viem";

import { postgresUnavailableReason, startPostgres, type PostgresCluster } from "@orm/scripts/lib/postgres";
import { IntentReplayedError, UploadQuotaError, UploadRateLimitError } from "@orm/protocol/storage/errors";
import { parseIntentHeader } from "@orm/protocol/storage/intent";
import { readStorageConfig, type StorageConfig } from "../server/storage/config.ts";
import { admitUpload, createMemoryGuardState, getGuardState, type GuardState } from "../server/storage/guard.ts";
import { createPostgresGuardState, GuardDatabaseError } from "../server/storage/guardPostgres.ts";
import { checkRelayHealth } from "../server/storage/health.ts";
import { checkSharedStore } from "../server/storage/sharedStore.ts";
import { newAccount, randomBytes, signIntent } from "./support/relay.ts";

type Instances = { a: GuardState; b: GuardState };

const NOW = 1_800_000_000; // seconds; a fixed clock keeps windows and days exact
const DAY = Math.floor(NOW / 86_400);

function randomAddress(): Address {
  return newAccount().address;
}

function configWith(overrides: Partial<StorageConfig>): StorageConfig {
  return { ...readStorageConfig({}), ...overrides };
}

/** Counts how many of `calls` (started together, half on each instance) resolve true. */
async function admittedCount(calls: Array<() => Promise<boolean>>): Promise<number> {
  return (await Promise.all(calls.map((call) => call()))).filter(Boolean).length;
}

function defineGuardSuite(name: string, createInstances: () => Promise<Instances>): void {
  describe(name, () => {
    let a: GuardState;
    let b: GuardState;
    before(async () => {
      ({ a, b } = await createInstances());
      await Promise.all([a.ready(), b.ready()]);
    });

    test("a nonce is spent once for a root, across both instances, however many requests race", async () => {
      const address = randomAddress();
      const expiresAt = NOW + 300;
      const calls = Array.from({ length: 20 }, (_, i) => () => (i % 2 ? a : b).claimNonce(address, "0xabc", "0x01", expiresAt, NOW));
      assert.equal(await admittedCount(calls), 1);
      assert.equal(await a.claimNonce(address.toUpperCase() as Address, "0xABC", "0x01", expiresAt, NOW), false, "case does not matter");
      assert.equal(await b.claimNonce(address, "0xabc", "0x02", expiresAt, NOW), true, "another root of the same intent");
      assert.equal(await a.claimNonce(randomAddress(), "0xabc", "0x01", expiresAt, NOW), true, "another address");
      assert.equal(await b.claimNonce(address, "0xabc", "0x01", expiresAt + 60, expiresAt + 1), true, "once expired, the record is gone");
    });

    test("the rate window admits exactly `limit` uploads across both instances, then frees up as it slides", async () => {
      const address = randomAddress();
      const calls = Array.from({ length: 12 }, (_, i) => async () => {
        const admission = await (i % 2 ? a : b).admitToWindow(address, NOW + i / 100, 60, 5);
        return admission.admitted;
      });
      assert.equal(await admittedCount(calls), 5);
      const refused = await a.admitToWindow(address, NOW + 30, 60, 5);
      assert.equal(refused.admitted, false);
      assert.ok(!refused.admitted && refused.oldest >= NOW && refused.oldest < NOW + 0.12, "names the oldest upload in the window");
      assert.deepEqual(await b.admitToWindow(address, NOW + 61, 60, 5), { admitted: true }, "the window has moved past them");
      assert.deepEqual(await a.admitToWindow(randomAddress(), NOW, 60, 5), { admitted: true }, "per address");
    });

    test("the daily quota is spent once across both instances; released bytes can be spent again; a new day starts at zero", async () => {
      const address = randomAddress();
      const calls = Array.from({ length: 16 }, (_, i) => () => (i % 2 ? a : b).reserveBytes(address, DAY, 10, 55));
      assert.equal(await admittedCount(calls), 5);
      assert.equal(await a.reserveBytes(address, DAY, 6, 55), false);
      assert.equal(await b.reserveBytes(address, DAY, 5, 55), true, "up to the limit exactly");
      await a.releaseBytes(address, DAY, 20);
      assert.equal(await b.reserveBytes(address, DAY, 20, 55), true);
      assert.equal(await a.reserveBytes(address, DAY, 1, 55), false);
      assert.equal(await a.reserveBytes(address, DAY + 1, 55, 55), true);
      assert.equal(await a.reserveBytes(randomAddress(), DAY, 56, 55), false, "one upload larger than the quota");
    });

    test("a signed intent admitted on instance A is refused as a replay on instance B", async () => {
      const body = randomBytes(1000, 7);
      const claim = parseIntentHeader(await signIntent(body));
      const config = configWith({});
      const nowMs = claim.timestamp * 1000;
      await admitUpload(claim, config, a, nowMs);
      await assert.rejects(admitUpload(claim, config, b, nowMs), IntentReplayedError);
      await assert.rejects(admitUpload(claim, config, a, nowMs), IntentReplayedError);
    });

    test("uploads spread over both instances spend one rate limit and one quota; a failed upload gives its bytes back", async () => {
      const account = newAccount();
      const config = configWith({ rateLimitUploads: 3, rateLimitWindowSeconds: 60, dailyQuotaBytes: 10_000 });
      const claims = await Promise.all(
        Array.from({ length: 4 }, async (_, i) => parseIntentHeader(await signIntent(randomBytes(3000, 100 + i), { account }))),
      );
      const nowMs = claims[0]!.timestamp * 1000;
      const results = await Promise.allSettled(claims.map((claim, i) => admitUpload(claim, config, i % 2 ? a : b, nowMs)));
      const refused = results.filter((result) => result.status === "rejected");
      assert.equal(refused.length, 1);
      assert.ok((refused[0] as PromiseRejectedResult).reason instanceof UploadRateLimitError);

      const quota = configWith({ rateLimitUploads: 100, dailyQuotaBytes: 10_000 });
      // One address, four uploads of 3000 bytes against a quota of 10000: three fit.
      const sameAccount = newAccount();
      const spend = await Promise.all(
        Array.from({ length: 4 }, async (_, i) => parseIntentHeader(await signIntent(randomBytes(3000, 300 + i), { account: sameAccount }))),
      );
      const spent = await Promise.allSettled(spend.map((claim, i) => admitUpload(claim, quota, i % 2 ? a : b, nowMs)));
      const overQuota = spent.filter((result) => result.status === "rejected");
      assert.equal(overQuota.length, 1);
      assert.ok((overQuota[0] as PromiseRejectedResult).reason instanceof UploadQuotaError);
      const reservation = (spent.find((result) => result.status === "fulfilled") as PromiseFulfilledResult<{ release(): Promise<void> }>).value;
      await reservation.release();
      await reservation.release(); // twice is once
      const retry = parseIntentHeader(await signIntent(randomBytes(3000, 400), { account: sameAccount }));
      await admitUpload(retry, quota, a, nowMs);
      const last = parseIntentHeader(await signIntent(randomBytes(3000, 401), { account: sameAccount }));
      await assert.rejects(admitUpload(last, quota, b, nowMs), UploadQuotaError);
    });
  });
}

defineGuardSuite("guard state in process", async () => {
  const state = createMemoryGuardState();
  return { a: state, b: state };
});

test("without DATABASE_URL the guard state is one state per process, and the relay is healthy", async () => {
  const memory = await getGuardState({});
  assert.equal(await getGuardState({}), memory, "one state per process");
  assert.deepEqual(await checkRelayHealth({}), { status: "ok", guard: "memory" });
});

const reason = postgresUnavailableReason();
if (reason) {
  console.log(`# SKIP guard state in Postgres: ${reason}`);
  describe("guard state in Postgres", { skip: reason }, () => {});
} else {
  let cluster: PostgresCluster | undefined;
  let dir: string | undefined;
  const pools: Array<{ close(): Promise<void> }> = [];
  after(async () => {
    await Promise.all(pools.map((pool) => pool.close()));
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  defineGuardSuite("guard state in Postgres (two instances)", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "orm-guard-"));
    cluster = await startPostgres(dir);
    const a = createPostgresGuardState(cluster.url);
    const b = createPostgresGuardState(cluster.url);
    pools.push(a, b);
    return { a, b };
  });

  test("instances on the local backend that do not share one store folder get one sentence at start", async () => {
    const databaseUrl = cluster!.url;
    const shared = { databaseUrl, backend: "local" as const, storeDir: "/srv/relay-store" };
    assert.equal(await checkSharedStore({ ...shared, host: "web-a" }), undefined, "the first instance");
    const elsewhere = await checkSharedStore({ ...shared, host: "web-b" });
    assert.match(elsewhere ?? "", /^Another relay instance sharing this DATABASE_URL stores artifacts on web-a \(\/srv\/relay-store\), not in \/srv\/relay-store on web-b: .*STORAGE_BACKEND=0g\.$/);
    assert.match((await checkSharedStore({ ...shared, host: "web-a", storeDir: "/srv/other" })) ?? "", /stores artifacts (in|on)/);
    assert.equal(await checkSharedStore({ ...shared, backend: "0g", host: "web-c" }), undefined, "0g is shared by nature");
  });

  test("an unreachable DATABASE_URL refuses admissions with one sentence (503) and makes the health check fail", async () => {
    const url = "postgresql://postgres@127.0.0.1:1/postgres";
    const state = createPostgresGuardState(url);
    pools.push(state);
    const error = await state.ready().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof GuardDatabaseError);
    assert.equal(error.status, 503);
    assert.match(error.message, /^The relay cannot reach its admission database at DATABASE_URL \(.+\); uploads are refused until it can\.$/);
    await assert.rejects(state.claimNonce(randomAddress(), "0x1", "0x1", NOW + 1, NOW), GuardDatabaseError);
    const health = await checkRelayHealth({ DATABASE_URL: url });
    assert.equal(health.status, "unavailable");
  });
}
