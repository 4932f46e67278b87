/**
 * The chain-status watcher against a stand-in node that answers `eth_blockNumber`, then holds every
 * request unanswered (as a paused node does), then answers again.
 */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";

let silent = false;
const held: http.ServerResponse[] = [];
const node = http.createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    if (silent) return void held.push(response);
    const { id } = JSON.parse(body) as { id: number };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id, result: "0x10" }));
  });
});
await new Promise<void>((resolve) => node.listen(0, "127.0.0.1", resolve));
process.env.TARGET_NETWORK = "localhost";
process.env.LOCAL_RPC_URL = `http://127.0.0.1:${(node.address() as AddressInfo).port}`;
const { watchChainStatus } = await import("../live/chainStatus.server.ts");

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("watchChainStatus", () => {
  after(() => {
    for (const response of held) response.destroy();
    node.close();
  });

  it("says the chain answers, then that it stopped after a few silent seconds, then that it is back at its first answer", async () => {
    const seen: boolean[] = [];
    const unwatch = watchChainStatus((answering) => seen.push(answering));
    await until(() => seen.length === 1, 5_000, "the first status");
    assert.deepEqual(seen, [true]);

    silent = true;
    const stoppedAt = Date.now();
    await until(() => seen.length === 2, 15_000, "the outage");
    assert.deepEqual(seen, [true, false]);
    assert.ok(Date.now() - stoppedAt >= 2_000, "one unanswered probe is not an outage");

    // A second listener learns the current status at once.
    const late: boolean[] = [];
    const unwatchLate = watchChainStatus((answering) => late.push(answering));
    assert.deepEqual(late, [false]);

    silent = false;
    await until(() => seen.length === 3, 5_000, "the recovery");
    assert.deepEqual(seen, [true, false, true]);
    assert.deepEqual(late, [false, true]);
    unwatch();
    unwatchLate();
  });
});
