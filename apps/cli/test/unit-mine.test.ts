/** What `research mine` hands its agent: the trial's variables, never the wallet's secrets. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { agentEnvironment } from "../src/commands/mine.ts";

describe("agentEnvironment", () => {
  it("passes only allowed names: withholds the passphrase, the keystore, the dev account, private keys, mnemonics and anything unlisted; the agent's own API key passes", () => {
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
      AWS_SECRET_ACCESS_KEY: "aws",
      GITHUB_TOKEN: "ghp",
      RESEARCH_PASSPHRASE_FILE: "/home/miner/.research/pass",
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

  it("passes a variable named with --agent-env, but never a wallet secret", () => {
    const parent = { PATH: "/usr/bin", GITHUB_TOKEN: "ghp", ZG_PRIVATE_KEY: "0xabc", CUSTOM: "x" };
    assert.deepEqual(agentEnvironment(parent, {}, ["GITHUB_TOKEN", "ZG_PRIVATE_KEY"]), { PATH: "/usr/bin", GITHUB_TOKEN: "ghp" });
  });
});
