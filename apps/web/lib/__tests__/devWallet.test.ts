import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";

import { createWalletClient, custom, http } from "viem";
import { hardhat } from "viem/chains";
import { connect, createConfig, disconnect, getAccount, switchChain } from "@wagmi/core";

import { devAccounts } from "../devAccounts.ts";
import { DEV_WALLET_ID, devWalletConnector, isDevWalletConnector } from "../devWallet.ts";

/** A stand-in node: records requests, answers eth_sendTransaction with a hash, reverts on demand. */
let server: Server;
let url: string;
const received: { method: string; params: unknown[] }[] = [];

before(async () => {
  server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const { id, method, params } = JSON.parse(body) as { id: number; method: string; params: unknown[] };
    received.push({ method, params });
    const reply =
      method === "eth_sendTransaction"
        ? { jsonrpc: "2.0", id, result: `0x${"ab".repeat(32)}` }
        : method === "eth_call"
          ? { jsonrpc: "2.0", id, error: { code: 3, message: "execution reverted", data: "0x1234abcd" } }
          : { jsonrpc: "2.0", id, result: "0x1" };
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(reply));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

function setup() {
  const chain = { ...hardhat, rpcUrls: { default: { http: [url] } } };
  const config = createConfig({ chains: [chain], transports: { [chain.id]: http(url) }, connectors: [devWalletConnector({ rpcUrl: url })], storage: null });
  return { config, chain, connector: config.connectors[0]! };
}

describe("devWalletConnector", () => {
  it("connects as account #0, switches accounts, and forwards signing requests to the node with the selected account", async () => {
    const { config, chain, connector } = setup();
    assert.equal(connector.id, DEV_WALLET_ID);
    assert.ok(isDevWalletConnector(connector));
    const result = await connect(config, { connector });
    assert.deepEqual(result.accounts, [devAccounts[0].address]);
    assert.equal(result.chainId, 31337);

    await connector.selectAccount(5);
    assert.equal(getAccount(config).address, devAccounts[5].address);
    assert.equal(connector.getAccountIndex(), 5);
    await assert.rejects(connector.selectAccount(10), /no dev account #10/);

    const wallet = createWalletClient({ account: devAccounts[5].address, chain, transport: custom(await connector.getProvider()) });
    const hash = await wallet.sendTransaction({ to: devAccounts[1].address, value: 1n, gas: 21_000n });
    assert.equal(hash, `0x${"ab".repeat(32)}`);
    const sent = received.find((request) => request.method === "eth_sendTransaction")!;
    assert.equal((sent.params[0] as { from: string }).from.toLowerCase(), devAccounts[5].address.toLowerCase());

    await wallet.signTypedData({ domain: { name: "x" }, types: { T: [{ name: "a", type: "uint256" }] }, primaryType: "T", message: { a: 1n } });
    const typed = received.find((request) => request.method === "eth_signTypedData_v4")!;
    assert.equal((typed.params[0] as string).toLowerCase(), devAccounts[5].address.toLowerCase());

    await disconnect(config);
    assert.equal(getAccount(config).status, "disconnected");
  });

  it("keeps the node's error code and revert data", async () => {
    const { connector } = setup();
    const provider = await connector.getProvider();
    await assert.rejects(provider.request({ method: "eth_call", params: [{ to: devAccounts[1].address, data: "0x" }, "latest"] } as never), (error: { code?: number; data?: unknown; cause?: { data?: unknown } }) => {
      assert.equal(error.code, 3);
      return true;
    });
  });

  it("works on the local chain only", async () => {
    const { config, connector } = setup();
    await connect(config, { connector });
    await assert.rejects(switchChain(config, { chainId: 16602 as never }));
    await assert.rejects(connect(config, { connector, chainId: 1 as never }));
  });
});
