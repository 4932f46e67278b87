/**
 * The indexer suite, run once on PGlite (test/indexer.test.ts) and once on Postgres
 * (test/postgres.test.ts): a Hardhat node with a scripted history, Ponder catching up on it, then
 * following new blocks, every number checked against the chain, and the read API's behaviour.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, it } from "node:test";

import { deployTestProtocol, type Protocol } from "./protocol.ts";
import { makeTempDir, startHardhatNode, startPonder, waitForIndexed, type Managed } from "./processes.ts";
import { scriptActivity, verifyAgainstChain, type ScenarioResult } from "./scenario.ts";

export type SuiteDatabase = { databaseUrl?: string; stop?: () => Promise<void> };

async function getJson(apiUrl: string, route: string) {
  const response = await fetch(`${apiUrl}${route}`);
  return { status: response.status, body: (await response.json()) as any };
}

export function defineIndexerSuite(name: string, setupDatabase: (dir: string) => Promise<SuiteDatabase>) {
  describe(name, { timeout: 600_000 }, () => {
    let dir: string;
    let node: (Managed & { rpcUrl: string }) | undefined;
    let ponder: (Managed & { apiUrl: string }) | undefined;
    let database: SuiteDatabase | undefined;
    let p: Protocol;
    let scenario: ScenarioResult;
    let api: string;

    before(async () => {
      dir = makeTempDir("orm-indexer-test");
      node = await startHardhatNode(dir);
      p = await deployTestProtocol(node.rpcUrl, dir);
      scenario = await scriptActivity(p);
      database = await setupDatabase(dir);
      ponder = await startPonder({ dir, deploymentFile: p.deploymentFile, rpcUrl: node.rpcUrl, databaseUrl: database.databaseUrl });
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
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("catches up on the history: balances, supply, reserve, price, best scores, pools and proposal states equal the chain", async () => {
      await verifyAgainstChain(p, api, scenario);
    });

    it("keeps proposal timelines, reviews, best-score history and reputation", async () => {
      const { p0, p1, p2, p4, p5, p7 } = scenario.proposals;
      const [a] = scenario.projects;
      const approved = (await getJson(api, `/proposals/${p0}`)).body;
      assert.deepEqual(
        approved.timeline.map((e: any) => e.kind),
        ["submitted", "claimed", "approved", "paid"],
      );
      assert.equal(approved.reviews.length, 1);
      assert.equal(approved.reviews[0].outcome, "approved");
      assert.equal(approved.improvement, "100000");
      assert.equal(approved.reward, "2", "MatchStake pays the stake");
      assert.equal((await getJson(api, `/proposals/${p1}`)).body.slashedToPool, "1");
      assert.deepEqual(
        (await getJson(api, `/proposals/${p2}`)).body.timeline.map((e: any) => e.kind),
        ["submitted", "claimed", "superseded"],
      );
      const released = (await getJson(api, `/proposals/${p4}`)).body;
      assert.deepEqual(released.timeline.map((e: any) => e.kind), ["submitted", "claimed", "released", "expired", "slashed"]);
      assert.equal(released.reviews[0].outcome, "released");
      const lapsed = (await getJson(api, `/proposals/${p5}`)).body;
      assert.equal(lapsed.reviews[0].outcome, "lapsed");
      assert.equal(lapsed.timeline[2].data.lapsed, true);
      for (const event of lapsed.timeline) assert.match(event.timestamp, /^[0-9]+$/);

      const project = (await getJson(api, `/projects/${a.id}`)).body;
      assert.deepEqual(
        project.bestHistory.map((b: any) => [b.score, b.proposalId]),
        [["1200000", "3"], ["1100000", String(p0)]],
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
      const forSix = (await getJson(api, `/queue?verifier=${p.addressOf(6)}`)).body;
      assert.deepEqual(forSix.items.map((q: any) => q.id), [String(p9)], "6 mined p8");
      const first = (await getJson(api, "/queue?limit=1")).body;
      const second = (await getJson(api, `/queue?limit=1&cursor=${first.nextCursor}`)).body;
      assert.deepEqual([first.items[0].id, second.items[0].id, second.nextCursor], [String(p8), String(p9), null]);
    });

    it("/projects searches, sorts, filters and pages with cursors", async () => {
      const [a, b, c] = scenario.projects;
      const all = (await getJson(api, "/projects")).body;
      assert.equal(all.items.length, 3);
      // Trending is 24h volume: every trade happened before the 8-day time jump, so all windows are empty.
      assert.deepEqual(all.items.map((x: any) => x.volume24h), ["0", "0", "0"]);
      const search = (await getJson(api, "/projects?q=alp")).body;
      assert.deepEqual(search.items.map((x: any) => x.id).sort(), [String(a.id), String(c.id)]);
      assert.deepEqual((await getJson(api, "/projects?q=BLOSS")).body.items.map((x: any) => x.id), [String(b.id)]);
      assert.equal((await getJson(api, "/projects?q=%25")).body.items.length, 0, "% is matched literally");

      const byCap = (await getJson(api, "/projects?sort=marketCap")).body.items;
      const caps = byCap.map((x: any) => BigInt(x.marketCap));
      assert.deepEqual([...caps].sort((x, y) => (x < y ? 1 : x > y ? -1 : 0)), caps);
      const newest = (await getJson(api, "/projects?sort=newest")).body.items.map((x: any) => x.id);
      assert.deepEqual(newest, ["2", "1", "0"]);
      const improvement = (await getJson(api, "/projects?sort=improvement")).body.items.map((x: any) => x.id);
      // A and B both moved 20% past their baselines (a tie, broken by id, newest first); C moved 15%.
      assert.deepEqual(improvement, [String(b.id), String(a.id), String(c.id)]);

      assert.deepEqual((await getJson(api, `/projects?parent=${a.id}`)).body.items.map((x: any) => x.id), [String(c.id)]);
      assert.deepEqual(
        (await getJson(api, `/projects?creator=${p.addressOf(2)}`)).body.items.map((x: any) => x.id),
        [String(b.id)],
      );
      const open = (await getJson(api, "/projects?hasOpenProposals=true&sort=newest")).body.items.map((x: any) => x.id);
      assert.deepEqual(open, [String(c.id), String(a.id)]);
      const rich = (await getJson(api, `/projects?minMarketCap=${caps[0]}`)).body.items;
      assert.equal(rich.length, 1);

      for (const sort of ["trending", "newest", "marketCap", "improvement", "activity"]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: any = (await getJson(api, `/projects?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ""}`)).body;
          seen.push(...page.items.map((x: any) => x.id));
          cursor = page.nextCursor;
        } while (cursor);
        assert.deepEqual(seen, (await getJson(api, `/projects?sort=${sort}`)).body.items.map((x: any) => x.id), sort);
      }
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
        "/projects/0/candles?interval=5m",
        "/projects/0/candles?from=10&to=5",
        "/projects/0/proposals?status=lost",
        "/proposals/1e3",
        "/queue?verifier=nobody",
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
  });
}
