/**
 * The resilient fetch: a request whose connection the server drops before answering is sent
 * again (JSON-RPC bodies are strings); a refused connection is not retried.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { it } from "node:test";

import { resilientFetch } from "../src/net.ts";

it("retries a request whose connection was dropped, and not a refused one", async () => {
  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    if (requests === 1) {
      req.socket.destroy();
      return;
    }
    res.end("pong");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  try {
    const response = await resilientFetch()(`http://127.0.0.1:${port}/`, { method: "POST", body: '{"method":"eth_chainId"}' });
    assert.equal(await response.text(), "pong");
    assert.equal(requests, 2);
  } finally {
    server.close();
  }
  await assert.rejects(resilientFetch()(`http://127.0.0.1:${port}/`), /fetch failed/);
});
