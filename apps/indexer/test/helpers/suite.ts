/**
 * The indexer suite, run once on PGlite (test/indexer.test.ts) and once on Postgres
 * (test/postgres.test.ts): a Hardhat node with a scripted history, Ponder catching up on it, then
 * following new blocks, every number checked against the chain, and the read API's behaviour.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, it } from "node:test";

import { proposalLedgerConstants } from "@orm/protocol/generated/constants";
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
        ["submitted", "claimed", "approved", "paid"],
      );
      assert.equal(approved.reviews.length, 1);
      assert.equal(approved.reviews[0].outcome, "approved");
      assert.equal(approved.improvement, "100000");
      assert.equal(approved.reward, "1000", "the schedule: +0.1 of the 1.0 target mints a tenth of the 10,000-token pool, whatever the stake");
      assert.equal((await getJson(api, `/proposals/${p1}`)).body.slashedToPool, "1");
      assert.deepEqual(
        (await getJson(api, `/proposals/${p2}`)).body.timeline.map((e: any) => e.kind),
        ["submitted", "claimed", "superseded"],
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
      const seven = (await getJson(api, `/accounts/${p.addressOf(7)}`)).body;
      assert.equal(seven.reputation.approvals, 4);
      assert.equal(seven.reputation.reviewsSettled, 4);
      assert.equal(seven.reputation.reviewsContradicted, 0);
      assert.equal(seven.verifier.displayName, "Seven Labs");
      assert.equal(seven.rewardClaims.length, 1);
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
      await p.buy(9, a.token, 3n);
      await p.sell(3, a.token, 2n);
      await p.buy(5, b.token, 2n);
      const { p8 } = scenario.proposals;
      await p.claim(7, p8);
      await p.approve(7, p8, 1_250_000n);
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
  });
}
