/** What `research mine` hands its agent: the trial's variables, never the wallet's secrets. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { agentEnvironment } from "../src/commands/mine.ts";

describe("agentEnvironment", () => {
  it("withholds the passphrase, the keystore, the dev account, private keys and mnemonics; the agent's own API key passes", () => {
    const parent = {
      PATH: "/usr/bin",
      HOME: "/home/miner",
      OPENAI_BASE_URL: "http://127.0.0.1:8080",
      RESEARCH_PASSPHRASE: "correct horse",
      RESEARCH_KEYSTORE: "/home/miner/.research/keystore.json",
      RESEARCH_DEV_ACCOUNT: "4",
      RESEARCH_RPC_URL: "http://127.0.0.1:8545",
      ZG_PRIVATE_KEY: "0xabc",
      GALILEO_DEPLOYER_KEY: "0xdef",
      WALLET_MNEMONIC: "test test test",
      ledger_passphrase: "p",
      MODEL_API_KEY: "sk-model",
    };
    const env = agentEnvironment(parent, { RESEARCH_TRIAL: "3", RESEARCH_BEST_SCORE: "120" });
    assert.deepEqual(env, {
      PATH: "/usr/bin",
      HOME: "/home/miner",
      OPENAI_BASE_URL: "http://127.0.0.1:8080",
      RESEARCH_RPC_URL: "http://127.0.0.1:8545",
      MODEL_API_KEY: "sk-model",
      RESEARCH_TRIAL: "3",
      RESEARCH_BEST_SCORE: "120",
    });
  });
});
