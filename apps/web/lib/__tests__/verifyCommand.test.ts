import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { verifyCommandOf } from "../verifyCommand.ts";

describe("verifyCommandOf", () => {
  it("on the local chain with the CLI's default ports: only the dev account", () => {
    assert.equal(
      verifyCommandOf({ proposalId: "12", chainId: 31337, rpcUrl: "http://127.0.0.1:8545", webUrl: "http://127.0.0.1:3000/", devAccount: 5 }),
      "npx research --dev-account 5 verify 12",
    );
  });
  it("on the local chain with other ports: the RPC and the web app too", () => {
    assert.equal(
      verifyCommandOf({ proposalId: "3", chainId: 31337, rpcUrl: "http://127.0.0.1:28645", webUrl: "http://127.0.0.1:23170", devAccount: 6 }),
      "npx research --rpc http://127.0.0.1:28645 --web http://127.0.0.1:23170 --dev-account 6 verify 3",
    );
  });
  it("on Galileo: the network and its RPC, no dev account (the keystore signs)", () => {
    assert.equal(
      verifyCommandOf({ proposalId: "7", chainId: 16602, rpcUrl: "https://evmrpc-testnet.0g.ai", webUrl: "https://market.example", devAccount: 5 }),
      "npx research --network galileo --rpc https://evmrpc-testnet.0g.ai --web https://market.example verify 7",
    );
  });
});
