/** Reading Ponder's `/status` from a stand-in indexer: the highest chain's block, its timestamp, and no answer as `undefined`. */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";

import { readIndexedBlock, readIndexedHead, waitForIndexedBlock } from "../src/indexerStatus.ts";

let body: unknown = {};
let status = 200;
const server = http.createServer((_request, response) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body)));
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

describe("indexer status", () => {
  after(() => server.close());

  it("reads the highest chain's block with its timestamp", async () => {
    body = { galileo: { id: 16602, block: { number: 7, timestamp: 100 } }, localhost: { id: 31337, block: { number: 42, timestamp: 1_700 } } };
    assert.deepEqual(await readIndexedHead(url), { number: 42n, timestamp: 1_700n });
    assert.equal(await readIndexedBlock(url), 42n);
  });

  it("reads a block without a timestamp as timestamp 0, and a chain without a block as none", async () => {
    body = { localhost: { id: 31337, block: { number: 3 } }, other: { id: 1, block: null } };
    assert.deepEqual(await readIndexedHead(url), { number: 3n, timestamp: 0n });
    body = { localhost: { id: 31337, block: null } };
    assert.equal(await readIndexedHead(url), undefined);
  });

  it("answers undefined for an indexer that fails or is not there", async () => {
    status = 503;
    assert.equal(await readIndexedBlock(url), undefined);
    status = 200;
    assert.equal(await readIndexedHead("http://127.0.0.1:9/"), undefined);
  });

  it("waits until the block is indexed, or says false when the time is up", async () => {
    body = { localhost: { id: 31337, block: { number: 10, timestamp: 0 } } };
    assert.equal(await waitForIndexedBlock(url, 10n, { timeoutMs: 500, pollMs: 20 }), true);
    assert.equal(await waitForIndexedBlock(url, 11n, { timeoutMs: 100, pollMs: 20 }), false);
  });
});
