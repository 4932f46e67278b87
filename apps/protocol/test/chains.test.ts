/** Chain names as the wrong-chain messages say them (`src/chains.ts`). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { explorerLinkOf, getChainName, nativeSymbolOf } from "../src/chains.ts";

describe("getChainName", () => {
  it("names the app's chains, the networks wallets are often on, and falls back to the id", () => {
    assert.equal(getChainName(31_337), "Local chain");
    assert.equal(getChainName(16_602), "0G Galileo Testnet");
    assert.equal(getChainName(1), "Ethereum");
    assert.equal(getChainName(11_155_111), "Sepolia");
    assert.equal(getChainName(8_453), "Base");
    assert.equal(getChainName(999_999), "chain 999999");
    assert.equal(getChainName(undefined), "an unknown network");
  });
});

describe("native currency and explorer", () => {
  it("names Galileo's currency 0G and the local chain's ETH", () => {
    assert.equal(nativeSymbolOf(16_602), "0G");
    assert.equal(nativeSymbolOf(31_337), "ETH");
  });

  it("links transactions, addresses and tokens on Galileo's explorer, and nothing on the local chain", () => {
    const hash = `0x${"ab".repeat(32)}`;
    assert.equal(explorerLinkOf(16_602, "tx", hash), `https://chainscan-galileo.0g.ai/tx/${hash}`);
    assert.equal(explorerLinkOf(16_602, "address", "0x1234"), "https://chainscan-galileo.0g.ai/address/0x1234");
    assert.equal(explorerLinkOf(31_337, "tx", hash), undefined);
  });
});
