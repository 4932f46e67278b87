/** Chain names as the wrong-chain messages say them (`src/chains.ts`). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { getChainName } from "../src/chains.ts";

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
