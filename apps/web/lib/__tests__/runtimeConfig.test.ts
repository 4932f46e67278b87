import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { GALILEO_CHAIN_ID, LOCAL_CHAIN_ID } from "@orm/protocol/chains";
import { appConfig } from "../config.ts";
import { getRuntimeConfig, getServerRpcUrl } from "../runtimeConfig.ts";
import { hasStoredConnection } from "../web3Loader.ts";

describe("getRuntimeConfig", () => {
  it("falls back to the build-time config", () => {
    const runtime = getRuntimeConfig({});
    assert.equal(runtime.localRpcUrl, appConfig.rpcUrls.local);
    assert.equal(runtime.indexerUrl, appConfig.indexerUrl);
    assert.deepEqual(runtime.targetChainIds, appConfig.targetChainIds);
  });

  it("follows the ports and URLs the server was started with", () => {
    assert.equal(getRuntimeConfig({ CHAIN_PORT: "9545" }).localRpcUrl, "http://127.0.0.1:9545");
    assert.equal(getRuntimeConfig({ CHAIN_PORT: "9545", NEXT_PUBLIC_LOCAL_RPC_URL: "http://127.0.0.1:7000" }).localRpcUrl, "http://127.0.0.1:7000");
    assert.equal(getRuntimeConfig({ LOCAL_RPC_URL: "http://node:8545", NEXT_PUBLIC_LOCAL_RPC_URL: "http://127.0.0.1:7000" }).localRpcUrl, "http://node:8545");
    assert.equal(getRuntimeConfig({ NEXT_PUBLIC_INDEXER_URL: "http://127.0.0.1:4000" }).indexerUrl, "http://127.0.0.1:4000");
    assert.equal(getRuntimeConfig({ CHAIN_PORT: "not a port" }).localRpcUrl, appConfig.rpcUrls.local);
  });

  it("turns the dev wallet on only when every target chain is local", () => {
    const local = getRuntimeConfig({ NEXT_PUBLIC_TARGET_NETWORK: "localhost" });
    assert.deepEqual(local.targetChainIds, [LOCAL_CHAIN_ID]);
    assert.equal(local.devWallet, true);
    const galileo = getRuntimeConfig({ NEXT_PUBLIC_TARGET_NETWORK: "galileo" });
    assert.deepEqual(galileo.targetChainIds, [GALILEO_CHAIN_ID]);
    assert.equal(galileo.devWallet, false);
  });

  it("keeps the server's Galileo RPC (which may carry a key) out of what the browser and wallets get", () => {
    const env = { NEXT_PUBLIC_TARGET_NETWORK: "galileo", GALILEO_RPC_URL: "https://rpc.example/v1/secret-key" };
    assert.doesNotMatch(JSON.stringify(getRuntimeConfig(env)), /secret-key/);
    assert.equal(getServerRpcUrl(GALILEO_CHAIN_ID, env), "https://rpc.example/v1/secret-key");
    const open = { ...env, NEXT_PUBLIC_GALILEO_RPC_URL: "https://public.example" };
    assert.equal(getRuntimeConfig(open).galileoRpcUrl, "https://public.example");
    assert.equal(getServerRpcUrl(GALILEO_CHAIN_ID, { NEXT_PUBLIC_TARGET_NETWORK: "galileo", NEXT_PUBLIC_GALILEO_RPC_URL: "https://public.example" }), "https://public.example");
  });
});

describe("hasStoredConnection", () => {
  const storage = (value: string | null) => ({ getItem: () => value });
  it("reads wagmi's stored state", () => {
    assert.equal(hasStoredConnection(storage(JSON.stringify({ state: { current: "abc", connections: {} } }))), true);
    assert.equal(hasStoredConnection(storage(JSON.stringify({ state: { current: null } }))), false);
    assert.equal(hasStoredConnection(storage(null)), false);
    assert.equal(hasStoredConnection(storage("{not json")), false);
    assert.equal(hasStoredConnection(undefined), false);
  });
});
