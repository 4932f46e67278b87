/**
 * The indexer suite, run once on PGlite (test/indexer.test.ts) and once on Postgres
 * (test/postgres.test.ts): a Hardhat node with a scripted history, Ponder catching up on it, then
 * following new blocks, every number checked against the chain, and the read API's behaviour.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, it } from "node:test";

import { proposalLedgerAbi, reviewQuorumAbi, verifierRegistryAbi } from "@orm/protocol/generated/abis";
import { proposalLedgerConstants, proposalStatus, reviewPhase } from "@orm/protocol/generated/constants";
import { computeRoot } from "@orm/protocol/storage/root";
import { startArtifactServer, type ArtifactServer } from "./artifacts.ts";
import { deployTestProtocol, type Protocol } from "./protocol.ts";
import { makeTempDir, startHardhatNode, startPonder, waitForIndexed, type Managed } from "./processes.ts";
import { scriptActivity, verifyAgainstChain, type ScenarioResult } from "./scenario.ts";

export type SuiteDatabase = { databaseUrl?: string; stop?: () => Promise<void> };

async function getJson(apiUrl: string, route: string) {
  const response = await fetch(`${apiUrl}${route}`);
  return { status: response.status, body: (await response.json()) as any };
}

/** Every item of `route`, following `nextCursor` with pages of `limit`. */
async function allPages(apiUrl: string, route: string, limit: number): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = route.includes("?") ? "&" : "?";
    const { status, body } = await getJson(apiUrl, `${route}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    assert.equal(status, 200, `${route}: ${JSON.stringify(body)}`);
    assert.ok(body.items.length <= limit);
    items.push(...body.items);
    cursor = body.nextCursor;
    assert.ok(++pages < 1000, `${route} does not end`);
  } while (cursor);
  return items;
}

const SORT_KEYS = {
  trending: (x: any) => BigInt(x.volume24h),
  newest: (x: any) => BigInt(x.createdAt),
  marketCap: (x: any) => BigInt(x.marketCap),
  improvement: (x: any) => x.improvementRatio as number,
  activity: (x: any) => BigInt(x.lastActivityAt),
} as const;

/**
 * `route` lists each project once, in (sort key, id) descending order, and pages of 1, 2 and 3 give
 * the same list (no duplicates, no gaps).
 */
async function assertSortedAndPaged(apiUrl: string, route: string, sort: keyof typeof SORT_KEYS): Promise<any[]> {
  const full = await allPages(apiUrl, route, 100);
  const ids = full.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, `${route}: duplicates`);
  for (let i = 1; i < full.length; i++) {
    const [prev, next] = [full[i - 1], full[i]];
    const [kp, kn] = [SORT_KEYS[sort](prev), SORT_KEYS[sort](next)];
    assert.ok(kp > kn || (kp === kn && BigInt(prev.id) > BigInt(next.id)), `${route}: ${prev.id} before ${next.id}`);
  }
  for (const limit of [1, 2, 3]) {
    assert.deepEqual((await allPages(apiUrl, route, limit)).map((x) => x.id), ids, `${route} in pages of ${limit}`);
  }
  return full;
}

/** The protocol artifacts the test relay serves: A's is genuine, B's bytes do not match its root, C's is missing. */
async function protocolArtifacts(relay: ArtifactServer) {
  const document = (repository: string, domain: string) =>
    new TextEncoder().encode(
      `${JSON.stringify({ schema: "open-research-market/protocol@1", title: "Test", domain, repository }, null, 2)}\n`,
    );
  const alpha = document("https://github.com/orm-lab/alpha-net", "Speech recognition");
  const alphaRoot = await computeRoot(alpha);
  relay.serve(alphaRoot, alpha);
  const betaRoot = await computeRoot(document("https://github.com/orm-lab/beta-loss", "Compression"));
  relay.serve(betaRoot, document("https://github.com/someone-else/beta-loss", "Compression"));
  return { "Alpha Net": alphaRoot, "Beta Loss": betaRoot };
}

export function defineIndexerSuite(name: string, setupDatabase: (dir: string) => Promise<SuiteDatabase>) {
  describe(name, { timeout: 600_000 }, () => {
    let dir: string;
    let node: (Managed & { rpcUrl: string }) | undefined;
    let ponder: (Managed & { apiUrl: string }) | undefined;
    let database: SuiteDatabase | undefined;
    let relay: ArtifactServer | undefined;
    let p: Protocol;
    let scenario: ScenarioResult;
    let api: string;

    before(async () => {
      dir = makeTempDir("orm-indexer-test");
      node = await startHardhatNode(dir);
      p = await deployTestProtocol(node.rpcUrl, dir);
      relay = await startArtifactServer();
      scenario = await scriptActivity(p, await protocolArtifacts(relay));
      database = await setupDatabase(dir);
      ponder = await startPonder({
        dir,
        deploymentFile: p.deploymentFile,
        rpcUrl: node.rpcUrl,
        databaseUrl: database.databaseUrl,
        env: { STORAGE_URL: relay.url },
      });
      api = ponder.apiUrl;
      try {
        await waitForIndexed(api, scenario.head);
      } catch (error) {
        console.error(ponder.log().slice(-6000));
        throw error;
      }
    });

    after(async () => {
      if (ponder && process.env.INDEXER_TEST_VERBOSE) console.log(ponder.log().slice(-6000));
      await ponder?.stop();
      await node?.stop();
      await database?.stop?.();
      await relay?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("catches up on the history: balances, supply, reserve, price, best scores, pools and proposal states equal the chain", async () => {
      await verifyAgainstChain(p, api, scenario);
    });

    it("keeps proposal timelines, reviews, best-score history and reputation", async () => {
      const { p0, p1, p2, p3, p4, p5, p7 } = scenario.proposals;
      const [a] = scenario.projects;
      const approved = (await getJson(api, `/proposals/${p0}`)).body;
      assert.deepEqual(
        approved.timeline.map((e: any) => e.kind),
        ["submitted", "claimed", "decided", "approved", "paid", "quorum-final"],
        "decided, then settled once nobody appealed",
      );
      assert.equal(approved.reviews.length, 1);
      assert.equal(approved.reviews[0].outcome, "approved");
      const seven = p.addressOf(7).toLowerCase();
      assert.deepEqual(
        [approved.reviewer, approved.decidedBy, approved.settledBy, approved.pendingVerdict, approved.appealDeadline],
        [seven, seven, seven, null, null],
        "7 decided it and its verdict stood",
      );
      assert.equal(approved.improvement, "100000");
      assert.equal(approved.reward, "1000", "the schedule: +0.1 of the 1.0 target mints a tenth of the 10,000-token pool, whatever the stake");
      assert.equal((await getJson(api, `/proposals/${p1}`)).body.slashedToPool, "1");
      assert.deepEqual(
        (await getJson(api, `/proposals/${p2}`)).body.timeline.map((e: any) => e.kind),
        ["submitted", "claimed", "decided", "superseded", "quorum-final"],
      );
      const released = (await getJson(api, `/proposals/${p4}`)).body;
      assert.deepEqual(released.timeline.map((e: any) => e.kind), ["submitted", "claimed", "released", "expired", "refunded"]);
      assert.equal(released.stakeReturned, released.stake, "an expiry refunds the stake whole");
      assert.equal(released.reviews[0].outcome, "released");
      const lapsed = (await getJson(api, `/proposals/${p5}`)).body;
      assert.equal(lapsed.reviews[0].outcome, "lapsed");
      assert.equal(lapsed.timeline[2].data.lapsed, true);
      for (const event of lapsed.timeline) assert.match(event.timestamp, /^[0-9]+$/);

      const project = (await getJson(api, `/projects/${a.id}`)).body;
      assert.deepEqual(
        project.bestHistory.map((b: any) => [b.score, b.proposalId]),
        [["1200000", String(p3)], ["1100000", String(p0)]],
      );
      assert.equal(project.improvement, "200000");
      assert.equal(project.improvementRatio, 0.2);
      assert.equal(project.openProposals, 2);

      const miner = (await getJson(api, `/accounts/${p.addressOf(3)}`)).body.reputation;
      assert.equal(miner.proposalsSubmitted, 4);
      assert.equal(miner.proposalsAccepted, 3);
      assert.equal(miner.totalImprovement, String(100_000 + 100_000 + 100_000));
      const sevenAccount = (await getJson(api, `/accounts/${p.addressOf(7)}`)).body;
      assert.equal(sevenAccount.reputation.approvals, 4);
      assert.equal(sevenAccount.reputation.reviewsSettled, 4);
      assert.equal(sevenAccount.reputation.reviewsContradicted, 0);
      assert.equal(sevenAccount.verifier.displayName, "Seven Labs");
      assert.equal(sevenAccount.rewardClaims.length, 1);
      assert.equal(sevenAccount.seats.length, 0, "every verdict of 7 is final");
      const eight = (await getJson(api, `/accounts/${p.addressOf(8)}`)).body.reputation;
      assert.equal(eight.rejections, 1);
      assert.equal(eight.supersessions, 1);
      assert.equal(eight.lapsedClaims, 1);
      assert.equal(eight.reviewsContradicted, 1, "C approved the code 8 rejected on the same benchmark");
      assert.ok((await getJson(api, `/proposals/${p7}`)).body.status === 2);
      const recipient = (await getJson(api, `/accounts/${p.addressOf(4)}`)).body;
      assert.equal(recipient.stakes.length, 1, "4's open proposal on C");
    });

    it("serves the review queue: reviewable proposals, oldest deadline first, conflicts filtered", async () => {
      const { p8, p9, p10 } = scenario.proposals;
      const queue = (await getJson(api, "/queue")).body;
      assert.deepEqual(queue.items.map((q: any) => q.id), [String(p8), String(p9)]);
      assert.ok(!queue.items.some((q: any) => q.id === String(p10)), "a live claim is not reviewable");
      assert.ok(!queue.items.some((q: any) => q.id === String(scenario.proposals.p12)), "a quorum project's proposal is not claimed");
      const forSix = (await getJson(api, `/queue?verifier=${p.addressOf(6)}`)).body;
      assert.deepEqual(forSix.items.map((q: any) => q.id), [String(p9)], "6 mined p8");
      const first = (await getJson(api, "/queue?limit=1")).body;
      const second = (await getJson(api, `/queue?limit=1&cursor=${first.nextCursor}`)).body;
      assert.deepEqual([first.items[0].id, second.items[0].id, second.nextCursor], [String(p8), String(p9), null]);
      // (this stack's commit window is 0, so nothing is still waiting to open: upcoming lists the same)
      assert.deepEqual((await getJson(api, "/queue?upcoming=true")).body.items.map((q: any) => q.id), [String(p8), String(p9)]);

      // Proposals across projects by status and by reviewer (8 holds the claim on p10; 7 settled four).
      const ids = async (route: string) => (await allPages(api, route, 1)).map((x) => x.id);
      assert.deepEqual(await ids("/proposals?status=reviewing"), [String(p10)]);
      assert.deepEqual(await ids(`/proposals?status=1&reviewer=${p.addressOf(8)}`), [String(p10)]);
      assert.deepEqual(await ids(`/proposals?status=reviewing&reviewer=${p.addressOf(7)}`), []);
      const { p0, p3, p6, p7 } = scenario.proposals;
      assert.deepEqual(await ids(`/proposals?reviewer=${p.addressOf(7)}`), [p7, p6, p3, p0].map(String), "the ones 7 settled");
      assert.deepEqual(await ids("/proposals?status=submitted"), [String(p9), String(p8), String(scenario.proposals.p12)]);
      const everyProposal = await ids("/proposals");
      assert.equal(everyProposal.length, Object.keys(scenario.proposals).length);

      // A verifier that gave a claim up cannot claim again for a lock's length: its queue drops the
      // proposal meanwhile, others keep it; then it comes back.
      await p.claim(7, p9);
      await p.release(7, p9);
      await waitForIndexed(api, await p.blockNumber(), 60_000);
      const forSeven = (await getJson(api, `/queue?verifier=${p.addressOf(7)}`)).body;
      assert.deepEqual(forSeven.items.map((q: any) => q.id), [String(p8)]);
      const forEight = (await getJson(api, `/queue?verifier=${p.addressOf(8)}`)).body;
      assert.deepEqual(forEight.items.map((q: any) => q.id), [String(p8), String(p9)]);
      await assert.rejects(p.claim(7, p9), /ProposalLedgerClaimedBefore/);
      await p.increaseTime(Number(proposalLedgerConstants.REVIEW_LOCK));
      // (the API's clock is the last event's block: an event after the jump moves it)
      await p.claim(8, p8);
      await p.release(8, p8);
      await waitForIndexed(api, await p.blockNumber(), 60_000);
      const later = (await getJson(api, `/queue?verifier=${p.addressOf(7)}`)).body;
      // (p10's claim by 8 lapsed meanwhile: anyone may release it, so it is in the queue too)
      assert.deepEqual(later.items.map((q: any) => q.id).sort(), [String(p10), String(p8), String(p9)].sort(), "a lock's length later, 7 may claim p9 again");
      assert.equal(later.items.find((q: any) => q.id === String(p10)).needsRelease, true);
    });

    it("/projects searches, sorts, filters and pages with cursors", async () => {
      const [a, b, c, d] = scenario.projects;
      const all = (await getJson(api, "/projects")).body;
      assert.equal(all.items.length, 4);
      // Trending is 24h volume: every trade happened before a time jump of days, so all windows are empty.
      assert.deepEqual(all.items.map((x: any) => x.volume24h), ["0", "0", "0", "0"]);
      const search = (await getJson(api, "/projects?q=alp")).body;
      assert.deepEqual(search.items.map((x: any) => x.id).sort(), [String(a.id), String(c.id)]);
      assert.deepEqual((await getJson(api, "/projects?q=BLOSS")).body.items.map((x: any) => x.id), [String(b.id)]);
      assert.equal((await getJson(api, "/projects?q=%25")).body.items.length, 0, "% is matched literally");

      const byCap = (await getJson(api, "/projects?sort=marketCap")).body.items;
      const caps = byCap.map((x: any) => BigInt(x.marketCap));
      assert.deepEqual([...caps].sort((x, y) => (x < y ? 1 : x > y ? -1 : 0)), caps);
      const newest = (await getJson(api, "/projects?sort=newest")).body.items.map((x: any) => x.id);
      assert.deepEqual(newest, ["3", "2", "1", "0"]);
      const improvement = (await getJson(api, "/projects?sort=improvement")).body.items.map((x: any) => x.id);
      // A and B both moved 20% past their baselines (a tie, broken by id, newest first); C moved 15%, D 10%.
      assert.deepEqual(improvement, [String(b.id), String(a.id), String(c.id), String(d.id)]);

      assert.deepEqual((await getJson(api, `/projects?parent=${a.id}`)).body.items.map((x: any) => x.id), [String(c.id)]);
      assert.deepEqual(
        (await getJson(api, `/projects?creator=${p.addressOf(2)}`)).body.items.map((x: any) => x.id),
        [String(b.id)],
      );
      const open = (await getJson(api, "/projects?hasOpenProposals=true&sort=newest")).body.items.map((x: any) => x.id);
      assert.deepEqual(open, [String(d.id), String(c.id), String(a.id)]);
      const rich = (await getJson(api, `/projects?minMarketCap=${caps[0]}`)).body.items;
      assert.equal(rich.length, 1);

      for (const sort of Object.keys(SORT_KEYS) as (keyof typeof SORT_KEYS)[]) {
        assert.equal((await assertSortedAndPaged(api, `/projects?sort=${sort}`, sort)).length, 4, sort);
      }
    });

    it("reads repository and domain from the protocol artifact, checked against its root, and searches them", async () => {
      const [a, b, c] = scenario.projects;
      const one = async (id: bigint) => (await getJson(api, `/projects/${id}`)).body;
      const alpha = await one(a.id);
      assert.equal(alpha.repository, "https://github.com/orm-lab/alpha-net");
      assert.equal(alpha.domain, "Speech recognition");
      for (const other of [await one(b.id), await one(c.id)]) {
        assert.deepEqual([other.repository, other.domain], [null, null], "tampered or missing artifacts give nulls");
      }
      assert.equal(alpha.searchText, undefined, "internal columns stay internal");
      const listed = (await getJson(api, "/projects?sort=newest")).body.items.find((x: any) => x.id === String(a.id));
      assert.deepEqual([listed.repository, listed.domain], [alpha.repository, alpha.domain]);
      for (const q of ["speech", "SPEECH REC", "orm-lab/ALPHA"]) {
        assert.deepEqual((await getJson(api, `/projects?q=${encodeURIComponent(q)}`)).body.items.map((x: any) => x.id), [String(a.id)], q);
      }
      assert.equal((await getJson(api, "/projects?q=compression")).body.items.length, 0, "B's unverified domain is not indexed");
    });

    it("serves a project page in one read that agrees with the separate routes", async () => {
      const [a] = scenario.projects;
      for (const { id } of scenario.projects) {
        const { status, body } = await getJson(api, `/projects/${id}/overview?trades=3&proposals=2&forks=5&candles1m=2&candles1d=2000`);
        assert.equal(status, 200);
        assert.deepEqual(body.project, (await getJson(api, `/projects/${id}`)).body);
        assert.deepEqual(body.trades, (await getJson(api, `/projects/${id}/trades?limit=3`)).body.items);
        assert.deepEqual(body.proposals, (await getJson(api, `/projects/${id}/proposals?limit=2`)).body.items);
        assert.deepEqual(body.forks, (await getJson(api, `/projects?parent=${id}&sort=newest&limit=5`)).body.items);
        assert.deepEqual(body.candles["1m"], (await getJson(api, `/projects/${id}/candles?interval=1m&limit=2`)).body.items);
        assert.deepEqual(body.candles["1d"], (await getJson(api, `/projects/${id}/candles?interval=1d&limit=2000`)).body.items);
        assert.deepEqual(body.candles["1h"], [], "an interval not asked for");
      }
      // The scenario's fork is listed under its parent, and the lists are not empty (so the comparisons above compare something).
      const overview = (await getJson(api, `/projects/${a.id}/overview?candles1m=2`)).body;
      assert.ok(overview.forks.some((fork: any) => fork.parentProjectId === String(a.id)));
      assert.ok(overview.trades.length > 0 && overview.proposals.length > 0 && overview.candles["1m"].length > 0);
    });

    it("answers bad parameters with 400 and a sentence", async () => {
      const bad = [
        "/projects?sort=hot",
        "/projects?limit=0",
        "/projects?limit=101",
        "/projects?creator=0x1234",
        "/projects?cursor=%%%",
        "/projects?minMarketCap=1.5",
        "/projects?hasOpenProposals=maybe",
        "/projects/abc",
        "/projects/-1/trades",
        "/proposals?reviewer=0x12",
        "/proposals?status=pending",
        "/projects/0/candles?interval=5m",
        "/projects/0/candles?from=10&to=5",
        "/projects/0/overview?trades=0",
        "/projects/0/overview?candles1m=2001",
        "/projects/x/overview",
        "/projects/0/proposals?status=lost",
        "/proposals/1e3",
        "/queue?verifier=nobody",
        "/queue?upcoming=soon",
        "/accounts/0xzz",
      ];
      for (const route of bad) {
        const { status, body } = await getJson(api, route);
        assert.equal(status, 400, route);
        assert.match(body.error, /^[A-Za-z].*\.$/, `${route}: ${body.error}`);
      }
      const cursor = (await getJson(api, "/projects?sort=newest&limit=1")).body.nextCursor;
      assert.equal((await getJson(api, `/projects?sort=marketCap&cursor=${cursor}`)).status, 400);
      assert.equal((await getJson(api, "/projects/999")).status, 404);
      assert.equal((await getJson(api, "/projects/999/overview")).status, 404);
      assert.equal((await getJson(api, "/proposals/999")).status, 404);
    });

    it("follows new blocks: trades, rewards and 24h volume stay equal to the chain", async () => {
      const [a, b] = scenario.projects;
      // (the approval first: it settles after its appeal window, which the trades must not age out of 24 h)
      const { p8 } = scenario.proposals;
      await p.claim(7, p8);
      await p.approve(7, p8, 1_250_000n);
      await p.finalizeAfterAppealWindow(p8);
      await p.buy(9, a.token, 3n);
      await p.sell(3, a.token, 2n);
      await p.buy(5, b.token, 2n);
      const head = await p.blockNumber();
      await waitForIndexed(api, head, 60_000);
      await verifyAgainstChain(p, api, scenario);
      const trending = (await getJson(api, "/projects?sort=trending")).body.items;
      assert.deepEqual(trending.slice(0, 2).map((x: any) => x.id), [String(a.id), String(b.id)]);
      const trades = (await getJson(api, `/projects/${a.id}/trades?limit=2`)).body.items;
      const expected = trades.reduce((sum: bigint, t: any) => sum + BigInt(t.value), 0n);
      assert.equal(trending[0].volume24h, String(expected));
      assert.equal((await getJson(api, `/projects/${a.id}`)).body.volume24h, String(expected));
    });

    it("ranks trending by the exact 24 h volume as time passes without events, in pages without duplicates or gaps", async () => {
      const [a, b, c, quorumProject] = scenario.projects;
      const HOUR = 3600;
      // D's burst leaves the window; E's older trade leaves it but a newer one stays; F, G, A, B, C trade late.
      const d = await p.createProject(1, { name: "Delta Burst", symbol: "DBURST" });
      const e = await p.createProject(2, { name: "Echo Fade", symbol: "EFADE" });
      const f = await p.createProject(1, { name: "Fox Steady", symbol: "FOX" });
      const g = await p.createProject(2, { name: "Golf Late", symbol: "GOLF" });
      await p.buy(3, d.token, 12n);
      await p.buy(4, e.token, 8n);
      await p.increaseTime(20 * HOUR);
      await p.buy(5, e.token, 1n);
      await p.buy(3, f.token, 5n);
      await p.increaseTime(5 * HOUR);
      await p.buy(4, g.token, 2n);
      await p.buy(5, a.token, 3n);
      await p.buy(6, b.token, 1n);
      await p.buy(4, c.token, 4n);
      await waitForIndexed(api, await p.blockNumber(), 60_000);

      // The definition, from the trades alone: ether traded in the hours that start after now - 24 h.
      const now = BigInt((await getJson(api, "/queue")).body.now);
      const expected = new Map<string, bigint>();
      for (const { id } of [a, b, c, quorumProject, d, e, f, g]) {
        const trades = await allPages(api, `/projects/${id}/trades`, 500);
        const volume = trades
          .filter((t) => BigInt(t.timestamp) - (BigInt(t.timestamp) % 3600n) > now - 86_400n)
          .reduce((sum, t) => sum + BigInt(t.value), 0n);
        expected.set(String(id), volume);
      }
      const order = [...expected.entries()].sort(([ia, va], [ib, vb]) =>
        va !== vb ? (va > vb ? -1 : 1) : BigInt(ia) > BigInt(ib) ? -1 : 1,
      );
      const listed = await assertSortedAndPaged(api, "/projects?sort=trending", "trending");
      assert.deepEqual(listed.map((x) => [x.id, BigInt(x.volume24h)]), order);
      assert.equal(expected.get(String(d.id)), 0n, "D traded more than 24 h ago");
      assert.ok(expected.get(String(e.id))! > 0n && expected.get(String(e.id))! < expected.get(String(f.id))!);
      // Trending is also the default sort, with search and filters.
      await assertSortedAndPaged(api, "/projects?q=o", "trending");
      await assertSortedAndPaged(api, `/projects?creator=${p.addressOf(2)}`, "trending");
      for (const sort of ["newest", "marketCap", "improvement", "activity"] as const) {
        await assertSortedAndPaged(api, `/projects?sort=${sort}`, sort);
        await assertSortedAndPaged(api, `/projects?sort=${sort}&q=a`, sort);
      }
      assert.equal((await getJson(api, `/projects/${e.id}`)).body.volume24h, String(expected.get(String(e.id))));

      // The price 24 h ago: the close of the last hourly candle that started at or before then.
      const since = now - 86_400n;
      for (const item of listed) {
        const [before] = (await getJson(api, `/projects/${item.id}/candles?interval=1h&to=${since}&limit=1`)).body.items;
        assert.equal(item.price24hAgo, before ? before.close : null, `project ${item.id}`);
      }
      const byId = new Map(listed.map((x) => [String(x.id), x]));
      // D has not traded since its burst: its price then is its price now. G first traded within the day.
      assert.equal(byId.get(String(d.id)).price24hAgo, byId.get(String(d.id)).spotPrice);
      assert.equal(byId.get(String(g.id)).price24hAgo, null);
      assert.notEqual(byId.get(String(e.id)).price24hAgo, byId.get(String(e.id)).spotPrice, "E traded again within the day");
    });

    it("answers a repeated read from its cache until a new block is indexed, then the new state at once", async () => {
      const [a] = scenario.projects;
      const read = async () => {
        const response = await fetch(`${api}/projects/${a.id}`);
        return { cache: response.headers.get("x-indexer-cache"), body: (await response.json()) as any };
      };
      await read();
      const again = await read();
      assert.equal(again.cache, "hit");
      const fresh = await fetch(`${api}/projects/${a.id}`, { headers: { "cache-control": "no-cache" } });
      assert.equal(fresh.headers.get("x-indexer-cache"), null, "no-cache is computed afresh");
      assert.deepEqual(await fresh.json(), again.body);
      await p.buy(9, a.token, 1n);
      await waitForIndexed(api, await p.blockNumber(), 60_000);
      const after = await read();
      assert.equal(after.cache, "miss");
      assert.equal(BigInt(after.body.totalSupply), BigInt(again.body.totalSupply) + 1n);
    });

    it("says which projects' pages a block touched (/changes): a trade touches its project, a fork its parent, nothing else", async () => {
      const [a, b] = scenario.projects;
      const changes = async (since: bigint) => (await getJson(api, `/changes?since=${since}`)).body;
      const everything = (await changes(0n)).projects as string[];
      for (const project of scenario.projects) assert.ok(everything.includes(String(project.id)), `project ${project.id} was touched since block 0`);
      const head = await p.blockNumber();
      assert.deepEqual((await changes(head)).projects, [], "nothing after the head");
      await p.buy(9, b.token, 1n);
      await waitForIndexed(api, await p.blockNumber(), 60_000);
      assert.deepEqual((await changes(head)).projects, [String(b.id)]);
      const afterTrade = await p.blockNumber();
      const fork = await p.createProject(2, { name: "Fork of A", symbol: "FRKA", parent: a.id });
      await waitForIndexed(api, await p.blockNumber(), 60_000);
      assert.deepEqual((await changes(afterTrade)).projects, [String(a.id), String(fork.id)].sort((x, y) => Number(BigInt(x) - BigInt(y))));
      assert.equal((await getJson(api, "/changes?since=x")).status, 400);
    });

    describe("a single reviewer's verdict (quorum 1)", () => {
      const read = (args: any): Promise<any> => p.publicClient.readContract(args);
      const reviewOf = (id: bigint) => read({ address: p.quorum, abi: reviewQuorumAbi, functionName: "reviewOf", args: [id] });
      const seatsOf = (id: bigint) => read({ address: p.quorum, abi: reviewQuorumAbi, functionName: "seatsOf", args: [id] });
      const lockedBondOf = (i: number) => read({ address: p.verifiers, abi: verifierRegistryAbi, functionName: "lockedBondOf", args: [p.addressOf(i)] });
      const owedTo = (i: number) => read({ address: p.quorum, abi: reviewQuorumAbi, functionName: "owedTo", args: [p.addressOf(i)] });
      const claimable = (projectId: bigint, i: number) =>
        read({ address: p.ledger, abi: proposalLedgerAbi, functionName: "claimable", args: [projectId, p.addressOf(i)] });
      const indexedTo = async () => waitForIndexed(api, await p.blockNumber(), 60_000);
      const proposalOf = async (id: bigint) => (await getJson(api, `/proposals/${id}`)).body;
      const accountOf = async (i: number) => (await getJson(api, `/accounts/${p.addressOf(i)}`)).body;
      const pick = (row: any, keys: string[]) => Object.fromEntries(keys.map((key) => [key, row[key]]));
      const SEAT = ["seat", "round", "holder", "committed", "revealed", "ran", "score", "agreed", "penalty"];
      const lower = (i: number) => p.addressOf(i).toLowerCase();

      it("is served as pending through its appeal window (the decider, the verdict, the deadline, its seat and lock), then settles as before with the fee to the decider", async () => {
        // A small miner pool keeps the seat lock at MIN_BOND.
        const k = await p.createProject(2, { name: "Kilo Single", symbol: "KILO", minerPoolCap: 100n });
        await p.buy(3, k.token, 5n);
        const id = await p.submit(3, k.id, k.token, { code: "k1", score: 1_100_000n, stake: 2n });
        await p.claim(7, id);
        await indexedTo();
        const before = (await accountOf(7)).reputation;
        const claimed = await p.blockNumber();
        await p.approve(7, id, 1_100_000n);
        await indexedTo();
        assert.deepEqual((await getJson(api, `/changes?since=${claimed}`)).body.projects, [String(k.id)], "the decision touched its project's page");

        const review = await reviewOf(id);
        const deadline = String(review.deadline);
        const pending = await proposalOf(id);
        assert.equal(pending.status, proposalStatus.Reviewing, "held, not settled");
        assert.deepEqual(
          pick(pending, ["reviewer", "decidedBy", "pendingVerdict", "appealDeadline", "settledBy", "reward", "reviewFee"]),
          { reviewer: lower(7), decidedBy: lower(7), pendingVerdict: proposalStatus.Approved, appealDeadline: deadline, settledBy: null, reward: null, reviewFee: null },
        );
        const onChain = await read({ address: p.ledger, abi: proposalLedgerAbi, functionName: "getProposal", args: [id] });
        assert.equal(onChain.reviewer.toLowerCase(), p.quorum.toLowerCase(), "the ledger's reviewer is the quorum");
        assert.equal(pending.reviewLockUntil, String(onChain.reviewLockUntil), "held until the quorum settles it");
        assert.deepEqual(
          pick(pending.quorum.review, ["quorum", "phase", "round", "deadline", "seatLock", "firstRan", "firstMedian", "firstVerdict", "verdict"]),
          {
            quorum: 1,
            phase: reviewPhase.Decided,
            round: 0,
            deadline,
            seatLock: String(review.seatLock),
            firstRan: true,
            firstMedian: "1100000",
            firstVerdict: proposalStatus.Approved,
            verdict: null,
          },
        );
        assert.deepEqual(pending.quorum.seats.map((seat: any) => pick(seat, SEAT)), [
          { seat: 0, round: 0, holder: lower(7), committed: true, revealed: true, ran: true, score: "1100000", agreed: null, penalty: null },
        ]);
        const decided = pending.timeline.at(-1);
        assert.deepEqual([decided.kind, decided.actor, decided.fromStatus, decided.toStatus], ["decided", lower(7), null, null]);
        assert.deepEqual(
          pick(decided.data, ["verdict", "ran", "score", "seatLock", "appealDeadline"]),
          { verdict: proposalStatus.Approved, ran: true, score: "1100000", seatLock: String(review.seatLock), appealDeadline: deadline },
        );
        assert.equal(pending.reviews[0].outcome, "decided");
        assert.equal((await getJson(api, `/projects/${k.id}`)).body.bestScore, "1000000", "the best waits for the verdict");
        const deciding = await accountOf(7);
        assert.deepEqual(
          pick(deciding.seats.find((seat: any) => seat.proposalId === String(id)), ["seat", "quorum", "phase", "deadline", "seatLock"]),
          { seat: 0, quorum: 1, phase: reviewPhase.Decided, deadline, seatLock: String(review.seatLock) },
          "the decision is an open seat of the decider's",
        );
        assert.equal(BigInt(deciding.bond.locked), await lockedBondOf(7), "its lock");
        assert.ok(BigInt(deciding.bond.locked) >= review.seatLock);
        assert.ok(!(await getJson(api, "/queue")).body.items.some((q: any) => q.id === String(id)), "not claimable");
        assert.ok((await allPages(api, `/proposals?status=reviewing&reviewer=${p.addressOf(7)}`, 10)).some((q: any) => q.id === String(id)));

        const decidedAt = await p.blockNumber();
        await p.finalizeAfterAppealWindow(id);
        await indexedTo();
        assert.deepEqual((await getJson(api, `/changes?since=${decidedAt}`)).body.projects, [String(k.id)], "so did its settlement");
        const settled = await proposalOf(id);
        const fee = await read({ address: p.ledger, abi: proposalLedgerAbi, functionName: "reviewFeeOf", args: [id] });
        assert.deepEqual(
          pick(settled, ["status", "verifiedScore", "reviewer", "decidedBy", "settledBy", "pendingVerdict", "appealDeadline", "reviewFee", "reward"]),
          {
            status: proposalStatus.Approved,
            verifiedScore: "1100000",
            reviewer: lower(7),
            decidedBy: lower(7),
            settledBy: lower(7),
            pendingVerdict: null,
            appealDeadline: null,
            reviewFee: String(fee),
            reward: "10",
          },
        );
        assert.deepEqual(settled.timeline.map((e: any) => e.kind), ["submitted", "claimed", "decided", "approved", "paid", "quorum-final"]);
        assert.deepEqual(
          pick(settled.quorum.review, ["phase", "verdict", "overturned", "finalRan", "finalMedian", "deadline"]),
          { phase: reviewPhase.Final, verdict: proposalStatus.Approved, overturned: false, finalRan: true, finalMedian: "1100000", deadline: null },
        );
        assert.deepEqual(pick(settled.quorum.seats[0], ["agreed", "penalty"]), { agreed: true, penalty: "0" });
        assert.equal(settled.reviews[0].outcome, "approved");
        assert.equal((await getJson(api, `/projects/${k.id}`)).body.bestScore, "1100000");

        const after = await accountOf(7);
        assert.ok(!after.seats.some((seat: any) => seat.proposalId === String(id)), "its seat is settled");
        assert.equal(BigInt(after.bond.locked), await lockedBondOf(7), "its lock released");
        const earning = after.verifierEarnings.find((e: any) => e.projectId === String(k.id));
        assert.deepEqual([BigInt(earning.claimable), earning.settledReviews], [await claimable(k.id, 7), "1"], "the fee to the decider");
        assert.equal(BigInt(earning.claimable), fee);
        assert.deepEqual(
          [after.reputation.approvals, after.reputation.reviewsSettled],
          [before.approvals + 1, before.reviewsSettled + 1],
          "the approval is the decider's",
        );
      });

      it("overturned on appeal: three fresh seats reproduce the claim a lazy rejection refused, the decider loses its whole lock to the appellant", async () => {
        const l = await p.createProject(2, { name: "Lima Appeal", symbol: "LIMA", minerPoolCap: 100n });
        await p.buy(4, l.token, 5n);
        const id = await p.submit(4, l.id, l.token, { code: "l1", score: 1_100_000n, stake: 2n });
        await p.claim(8, id);
        await p.reject(8, id);
        await indexedTo();
        const pending = await proposalOf(id);
        assert.deepEqual(
          pick(pending, ["status", "decidedBy", "pendingVerdict"]),
          { status: proposalStatus.Reviewing, decidedBy: lower(8), pendingVerdict: proposalStatus.Rejected },
        );
        assert.deepEqual(pick(pending.quorum.seats[0], ["holder", "ran", "score"]), { holder: lower(8), ran: false, score: "0" }, "a rejection: did not run");
        assert.equal(pending.timeline.at(-1).data.verdict, proposalStatus.Rejected);

        const eightBefore = await accountOf(8);
        const owedBefore = await owedTo(4);
        // The miner re-runs its code and appeals.
        const bond = await p.appeal(4, id);
        await indexedTo();
        const appealed = await proposalOf(id);
        assert.deepEqual(
          pick(appealed, ["status", "pendingVerdict", "appealDeadline"]),
          { status: proposalStatus.Reviewing, pendingVerdict: proposalStatus.Rejected, appealDeadline: null },
          "under appeal",
        );
        assert.deepEqual(
          pick(appealed.quorum.review, ["round", "phase", "appellant", "appealBond"]),
          { round: 1, phase: reviewPhase.Drawing, appellant: lower(4), appealBond: String(bond) },
        );
        assert.equal(appealed.timeline.at(-1).kind, "appealed");

        const holders = await p.drawSeats(0, id);
        assert.equal(holders.length, 4, "seat 0, then the appeal's three");
        await p.measureSeats(id, [1, 2, 3].map((seat) => ({ seat, ran: true, score: 1_100_000n })), true);
        await p.closeRound(0, id);
        await indexedTo();

        const review = await reviewOf(id);
        const settled = await proposalOf(id);
        assert.deepEqual(
          pick(settled, ["status", "verifiedScore", "reviewer", "decidedBy", "settledBy", "pendingVerdict", "appealDeadline", "reviewFee"]),
          {
            status: proposalStatus.Approved,
            verifiedScore: "1100000",
            reviewer: lower(8),
            decidedBy: lower(8),
            settledBy: p.quorum.toLowerCase(),
            pendingVerdict: null,
            appealDeadline: null,
            reviewFee: null,
          },
          "approved on the appeal's median; the overturned decider earns no fee",
        );
        assert.deepEqual(
          pick(settled.quorum.review, ["quorum", "round", "phase", "firstVerdict", "verdict", "overturned", "finalRan", "finalMedian"]),
          {
            quorum: 1,
            round: 1,
            phase: reviewPhase.Final,
            firstVerdict: proposalStatus.Rejected,
            verdict: proposalStatus.Approved,
            overturned: true,
            finalRan: true,
            finalMedian: "1100000",
          },
        );
        assert.deepEqual(
          settled.quorum.seats.map((seat: any) => pick(seat, SEAT)),
          [
            { seat: 0, round: 0, holder: lower(8), committed: true, revealed: true, ran: false, score: "0", agreed: false, penalty: String(review.seatLock) },
            ...[1, 2, 3].map((seat) => ({
              seat,
              round: 1,
              holder: holders[seat]!.toLowerCase(),
              committed: true,
              revealed: true,
              ran: true,
              score: "1100000",
              agreed: true,
              penalty: "0",
            })),
          ],
          "the decider's seat lost its whole lock; the appeal's agreed",
        );
        assert.equal(settled.reviews[0].outcome, "overturned");
        assert.deepEqual(settled.timeline.map((e: any) => e.kind), [
          "submitted",
          "claimed",
          "decided",
          "appealed",
          "seat-drawn",
          "seat-drawn",
          "seat-drawn",
          "score-committed",
          "score-committed",
          "score-committed",
          "score-revealed",
          "score-revealed",
          "score-revealed",
          "round-closed",
          "approved",
          "paid",
          "quorum-final",
        ]);
        assert.equal((await getJson(api, `/projects/${l.id}`)).body.bestScore, "1100000", "the appeal's median is the best");

        // The appellant wins the decider's lock; the decider's bond paid it.
        const owed = await owedTo(4);
        assert.equal(owed, owedBefore + review.seatLock);
        assert.equal(BigInt((await accountOf(4)).quorumPay.owed), owed);
        const eight = await accountOf(8);
        const [amount] = await read({ address: p.verifiers, abi: verifierRegistryAbi, functionName: "bondOf", args: [p.addressOf(8)] });
        assert.deepEqual(
          [BigInt(eight.bond.amount), BigInt(eight.bond.seized), BigInt(eight.bond.locked)],
          [amount, BigInt(eightBefore.bond.seized) + review.seatLock, await lockedBondOf(8)],
        );
        assert.equal(BigInt(eight.bond.amount), BigInt(eightBefore.bond.amount) - review.seatLock);
        assert.equal(await claimable(l.id, 8), 0n);
        assert.equal(eight.verifierEarnings.find((e: any) => e.projectId === String(l.id)), undefined, "no fee, no settled review");
        assert.deepEqual(
          [eight.reputation.rejections, eight.reputation.reviewsSettled, eight.reputation.approvals],
          [eightBefore.reputation.rejections, eightBefore.reputation.reviewsSettled, eightBefore.reputation.approvals],
          "the overturned verdict is not the decider's",
        );
        assert.ok(!eight.seats.some((seat: any) => seat.proposalId === String(id)));
        // And every mirror still equals the chain (bonds, seats, every proposal's review).
        await verifyAgainstChain(p, api, scenario);
      });
    });
  });
}
