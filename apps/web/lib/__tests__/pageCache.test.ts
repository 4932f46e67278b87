/**
 * The page cache against a stand-in indexer (`/status`, its block and the block's timestamp set by
 * the test; `/changes`, the projects it says a block touched, or a 404 while the test sets none; and
 * `/proposals/:id`, proposal 30 in project 20, none other) and a stand-in
 * app (counts its renders, says which block and cookies each render was asked with, and stamps each
 * render's own nonce on its body and its CSP header, as Next does with the one `proxy.ts` gives it).
 */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";

let block: number | undefined = 5;
/** The indexed block's timestamp (s): the chain's clock, which moves with the wall clock unless a test jumps it. */
let clockLead = 0;
/** What the stand-in's `/changes` lists; undefined: it answers 404 (every project then counts as touched). */
let touched: string[] | undefined;
let renders = 0;
const cookiesSeen: (string | undefined)[] = [];

function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

const indexer = await listen((request, response) => {
  if (block === undefined) return void response.writeHead(503).end();
  if (request.url?.startsWith("/changes")) {
    if (!touched) return void response.writeHead(404).end();
    return void response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ since: "0", projects: touched }));
  }
  if (request.url?.startsWith("/proposals/")) {
    if (request.url !== "/proposals/30") return void response.writeHead(404, { "content-type": "application/json" }).end("{}");
    return void response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "30", projectId: "20" }));
  }
  const timestamp = Math.floor(Date.now() / 1000) + clockLead;
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ localhost: { id: 31337, block: { number: block, timestamp } } }));
});
const app = await listen((request, response) => {
  renders++;
  cookiesSeen.push(request.headers.cookie);
  // Slow enough that a crowd arrives while it renders.
  setTimeout(() => {
    const headers: http.OutgoingHttpHeaders = { "content-type": "text/html", "content-security-policy": `script-src 'nonce-n${renders}'` };
    if (request.url?.includes("cookie=1")) headers["set-cookie"] = "visitor=A";
    response.writeHead(200, headers).end(`render ${renders} of ${request.url} after block ${request.headers["x-indexed-block"]} rsc=${request.headers.rsc ?? "-"} nonce=n${renders}`);
  }, 50);
});
process.env.INDEXER_URL = indexer.url;
const { answerFromCache, isCacheable, BLOCK_HEADER, RENDER_HEADER, STATUS_HEADER } = await import("../live/pageCache.server.ts");
const { getIndexedBlock } = await import("../live/indexedBlock.server.ts");

const ask = (path: string, headers: Record<string, string> = {}) => answerFromCache(new Request(`${app.url}${path}`, { headers }), app.url);

async function untilIndexed(expected: number | undefined): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((await getIndexedBlock()) !== (expected === undefined ? undefined : BigInt(expected))) {
    if (Date.now() > deadline) throw new Error(`the watcher never saw block ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("page cache", () => {
  before(() => untilIndexed(5));
  after(() => {
    indexer.server.close();
    app.server.close();
  });

  it("serves only GETs of the pages that follow the chain, never its own render requests", () => {
    const request = (path: string, init: RequestInit = {}) => new Request(`${app.url}${path}`, init);
    for (const path of ["/", "/?sort=newest", "/projects/12", "/proposals/3", "/verify"]) assert.equal(isCacheable(request(path)), true, path);
    for (const path of ["/portfolio", "/create", "/projects/1/propose", "/verify/3", "/api/live", "/projects/abc"]) assert.equal(isCacheable(request(path)), false, path);
    assert.equal(isCacheable(request("/", { method: "POST", body: "x" })), false);
    assert.equal(isCacheable(request("/", { headers: { [RENDER_HEADER]: "1" } })), false);
  });

  it("renders once for a crowd arriving at once, without anyone's cookies", async () => {
    const before = renders;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => ask("/projects/7", { cookie: `wallet=visitor-${index}` })));
    assert.equal(renders - before, 1);
    const bodies = new Set(await Promise.all(answers.map((answer) => answer!.text())));
    assert.equal(bodies.size, 1);
    assert.match([...bodies][0]!, /after block 5/);
    assert.equal(cookiesSeen.at(-1), undefined);
    assert.equal(answers[0]!.headers.get(BLOCK_HEADER), "5");
    const again = await ask("/projects/7");
    assert.equal(again!.headers.get(STATUS_HEADER), "hit");
    assert.equal(renders - before, 1);
  });

  it("keys by the URL and the headers a page varies by", async () => {
    const before = renders;
    await ask("/?q=a");
    await ask("/?q=b");
    await ask("/?q=a", { rsc: "1" });
    await ask("/?q=a");
    assert.equal(renders - before, 3);
  });

  it("after a new block, serves the old document at once while one render makes the new one; an RSC request waits for it", async () => {
    await ask("/proposals/1");
    await ask("/proposals/1", { rsc: "1" });
    block = 6;
    await untilIndexed(6);
    const before = renders;
    const stale = await ask("/proposals/1");
    assert.equal(stale!.headers.get(STATUS_HEADER), "stale");
    assert.match(await stale!.text(), /after block 5/);
    const refreshed = await ask("/proposals/1", { rsc: "1" });
    assert.equal(refreshed!.headers.get(STATUS_HEADER), "miss");
    assert.match(await refreshed!.text(), /after block 6 rsc=1/);
    const deadline = Date.now() + 2_000;
    let next = await ask("/proposals/1");
    while (next!.headers.get(STATUS_HEADER) !== "hit" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      next = await ask("/proposals/1");
    }
    assert.match(await next!.text(), /after block 6 rsc=-/);
    assert.equal(renders - before, 2);
  });

  it("past a short grace after the indexer moved on, a document waits for the new render instead of the old one", async () => {
    await ask("/projects/8");
    block = 8;
    await untilIndexed(8);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const answer = await ask("/projects/8");
    assert.equal(answer!.headers.get(STATUS_HEADER), "miss");
    assert.match(await answer!.text(), /after block 8/);
  });

  it("serves each cached document with the CSP header of its own render, hit or stale", async () => {
    const nonceOfBody = async (answer: Response) => (await answer.text()).match(/nonce=(\w+)/)?.[1];
    const nonceOfHeader = (answer: Response) => answer.headers.get("content-security-policy")?.match(/'nonce-(\w+)'/)?.[1];
    const first = (await ask("/projects/9"))!;
    const hit = (await ask("/projects/9"))!;
    assert.equal(hit.headers.get(STATUS_HEADER), "hit");
    const firstNonce = nonceOfHeader(first);
    assert.ok(firstNonce);
    assert.equal(await nonceOfBody(first), firstNonce);
    assert.equal(nonceOfHeader(hit), firstNonce);
    assert.equal(await nonceOfBody(hit), firstNonce);
    block = 10;
    await untilIndexed(10);
    const stale = (await ask("/projects/9"))!;
    assert.equal(stale.headers.get(STATUS_HEADER), "stale");
    assert.equal(nonceOfHeader(stale), firstNonce, "the old document keeps its own header");
    assert.equal(await nonceOfBody(stale), firstNonce);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const renewed = (await ask("/projects/9"))!;
    assert.notEqual(nonceOfHeader(renewed), firstNonce, "a new render has a new nonce");
    assert.equal(await nonceOfBody(renewed), nonceOfHeader(renewed));
  });

  it("never keeps a response that sets a cookie", async () => {
    const before = renders;
    await ask("/verify?cookie=1");
    await ask("/verify?cookie=1");
    assert.equal(renders - before, 2);
  });

  it("answers nothing while the indexer does not answer (the page renders per request, from the chain)", async () => {
    block = undefined;
    await untilIndexed(undefined);
    assert.equal(await ask("/projects/7"), undefined);
    block = 9;
    await untilIndexed(9);
  });

  it("keeps a project page no new block touched, current at the new block; renders a touched one, and every one when the indexer cannot say", async () => {
    touched = ["21"];
    await ask("/projects/20");
    await ask("/projects/21");
    await ask("/verify");
    const before = renders;
    block = 11;
    await untilIndexed(11);
    const untouched = (await ask("/projects/20"))!;
    assert.equal(untouched.headers.get(STATUS_HEADER), "hit");
    assert.equal(untouched.headers.get(BLOCK_HEADER), "11", "current at the new block, as far as the bench and the stream can tell");
    assert.match(await untouched.text(), /after block 9/);
    assert.notEqual((await ask("/projects/21"))!.headers.get(STATUS_HEADER), "hit");
    assert.notEqual((await ask("/verify"))!.headers.get(STATUS_HEADER), "hit", "pages other than a project's follow every block");
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.match(await (await ask("/projects/21"))!.text(), /after block 11/);
    assert.equal(renders - before, 2);

    touched = undefined;
    block = 12;
    await untilIndexed(12);
    assert.notEqual((await ask("/projects/20"))!.headers.get(STATUS_HEADER), "hit");
  });

  it("keeps a proposal page while no block touched its project; renders it again when one did", async () => {
    touched = [];
    await ask("/proposals/30");
    await ask("/proposals/31"); // unknown to the indexer: follows every block
    block = 13;
    await untilIndexed(13);
    const kept = (await ask("/proposals/30"))!;
    assert.equal(kept.headers.get(STATUS_HEADER), "hit");
    assert.equal(kept.headers.get(BLOCK_HEADER), "13");
    assert.notEqual((await ask("/proposals/31"))!.headers.get(STATUS_HEADER), "hit");
    touched = ["20"];
    block = 14;
    await untilIndexed(14);
    assert.notEqual((await ask("/proposals/30"))!.headers.get(STATUS_HEADER), "hit", "a block touched its project");
  });

  it("renders every page again after a block whose clock jumped ahead (deadlines are in the chain's time)", async () => {
    touched = [];
    await ask("/projects/20");
    await ask("/proposals/30");
    block = 15;
    await untilIndexed(15);
    assert.equal((await ask("/projects/20"))!.headers.get(STATUS_HEADER), "hit", "no jump: untouched pages are kept");
    clockLead = 3_600;
    block = 16;
    await untilIndexed(16);
    assert.notEqual((await ask("/projects/20"))!.headers.get(STATUS_HEADER), "hit");
    assert.notEqual((await ask("/proposals/30"))!.headers.get(STATUS_HEADER), "hit");
    clockLead = 3_600; // the clock goes on from there: the next block is no jump
  });
});
