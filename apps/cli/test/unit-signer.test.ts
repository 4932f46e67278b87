/**
 * Who signs: --dev-account / RESEARCH_DEV_ACCOUNT parsing and precedence over the keystore, the
 * refusal of a dev account on any chain id but the local one (checked against what the RPC
 * reports), and the address a read-only listing uses without asking for a key.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { ROLE_INDEX } from "@orm/scripts/seed";
import type { Context } from "../src/chain.ts";
import { CliError } from "../src/output.ts";
import { chooseSigner, DEV_ACCOUNT_ROLES, devAccount, loadSigner, parseDevAccountIndex, viewerAddress } from "../src/signer.ts";
import { devAddress, runCli } from "./helpers.ts";

const LOCAL = 31337;
const GALILEO = 16602;

/** A context whose RPC reports `chainId`; `calls.chainId` counts how often it was asked. */
function fakeContext(chainId: number, options: Context["options"] = {}) {
  const calls = { chainId: 0 };
  const ctx = {
    options,
    rpcUrl: "http://127.0.0.1:9",
    out: { progress() {} },
    client: {
      getChainId: async () => {
        calls.chainId += 1;
        return chainId;
      },
    },
  } as unknown as Context;
  return { ctx, calls };
}

function refusal(pattern: RegExp) {
  return (error: Error) => {
    assert.ok(error instanceof CliError, String(error));
    assert.match(error.message, pattern);
    assert.match(error.message, /^[A-Z-].*\.$/, "one sentence");
    assert.doesNotMatch(error.message, /\n/);
    return true;
  };
}

describe("parseDevAccountIndex", () => {
  it("takes 0 to 9", () => {
    assert.equal(parseDevAccountIndex("0", "--dev-account"), 0);
    assert.equal(parseDevAccountIndex(" 5 ", "--dev-account"), 5);
    assert.equal(parseDevAccountIndex("9", "--dev-account"), 9);
  });

  it("refuses anything else in one sentence naming where it came from", () => {
    for (const value of ["10", "-1", "x", "", "1.5", "0x5", "5 6"]) {
      assert.throws(() => parseDevAccountIndex(value, "--dev-account"), refusal(new RegExp(`^--dev-account takes a dev account index from 0 to 9, not ".*"\\.$`)), value);
    }
    assert.throws(() => parseDevAccountIndex("12", "RESEARCH_DEV_ACCOUNT"), refusal(/^RESEARCH_DEV_ACCOUNT takes/));
  });
});

describe("chooseSigner", () => {
  const home = path.join(os.homedir(), ".research", "keystore.json");

  it("defaults to the keystore at ~/.research/keystore.json, not named", () => {
    assert.deepEqual(chooseSigner({}, {}), { kind: "keystore", file: home, named: false });
    assert.deepEqual(chooseSigner({}, { RESEARCH_KEYSTORE: "/k/me.json" }), { kind: "keystore", file: "/k/me.json", named: true });
    assert.deepEqual(chooseSigner({ keystore: "/k/flag.json" }, { RESEARCH_KEYSTORE: "/k/me.json" }), { kind: "keystore", file: "/k/flag.json", named: true });
  });

  it("takes --dev-account, or RESEARCH_DEV_ACCOUNT; the command line beats the environment", () => {
    assert.deepEqual(chooseSigner({ devAccount: "5" }, {}), { kind: "dev-account", index: 5 });
    assert.deepEqual(chooseSigner({}, { RESEARCH_DEV_ACCOUNT: "6" }), { kind: "dev-account", index: 6 });
    assert.deepEqual(chooseSigner({ devAccount: "4" }, { RESEARCH_DEV_ACCOUNT: "6" }), { kind: "dev-account", index: 4 });
    assert.deepEqual(chooseSigner({}, { RESEARCH_DEV_ACCOUNT: "6", RESEARCH_KEYSTORE: "/k/me.json" }), { kind: "dev-account", index: 6 });
    assert.deepEqual(chooseSigner({ keystore: "/k/flag.json" }, { RESEARCH_DEV_ACCOUNT: "6" }), { kind: "keystore", file: "/k/flag.json", named: true });
    assert.deepEqual(chooseSigner({}, { RESEARCH_DEV_ACCOUNT: "" }), { kind: "keystore", file: home, named: false });
  });

  it("refuses both flags at once and a malformed index", () => {
    assert.throws(() => chooseSigner({ devAccount: "5", keystore: "/k/flag.json" }, {}), refusal(/^Give --dev-account or --keystore, not both\.$/));
    assert.throws(() => chooseSigner({ devAccount: "ten" }, {}), refusal(/^--dev-account takes/));
    assert.throws(() => chooseSigner({}, { RESEARCH_DEV_ACCOUNT: "10" }), refusal(/^RESEARCH_DEV_ACCOUNT takes/));
  });
});

describe("devAccount", () => {
  it("is the local node's account on chain 31337, the same as the seed's roles", () => {
    for (const [role, index] of Object.entries(ROLE_INDEX)) {
      assert.equal(DEV_ACCOUNT_ROLES[index], role.replace(/\d+$/, ""), `dev account ${index}`);
      assert.equal(devAccount(index, LOCAL).address, devAddress(index));
    }
    assert.equal(DEV_ACCOUNT_ROLES.length, Object.keys(ROLE_INDEX).length);
    assert.equal(devAccount(5, LOCAL).address, "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc");
  });

  it("is refused on any other chain id, in one sentence", () => {
    for (const chainId of [GALILEO, 1, 31338, 0]) {
      assert.throws(() => devAccount(5, chainId), refusal(new RegExp(`only for the local chain \\(chain id 31337\\), and this RPC serves chain ${chainId}\\.$`)));
    }
  });
});

describe("loadSigner and viewerAddress", () => {
  let home = "";
  const saved = { HOME: process.env.HOME, RESEARCH_KEYSTORE: process.env.RESEARCH_KEYSTORE, RESEARCH_DEV_ACCOUNT: process.env.RESEARCH_DEV_ACCOUNT, RESEARCH_PASSPHRASE: process.env.RESEARCH_PASSPHRASE };
  before(async () => {
    // An empty home: no ~/.research/keystore.json, and no passphrase to read.
    home = await mkdtemp(path.join(os.tmpdir(), "cli-signer-"));
    process.env.HOME = home;
    delete process.env.RESEARCH_KEYSTORE;
    delete process.env.RESEARCH_DEV_ACCOUNT;
    delete process.env.RESEARCH_PASSPHRASE;
  });
  after(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await rm(home, { recursive: true, force: true });
  });

  it("signs as the dev account only after the RPC reports the local chain id", async () => {
    const local = fakeContext(LOCAL, { devAccount: "5" });
    assert.equal((await loadSigner(local.ctx)).address, devAddress(5));
    assert.equal(local.calls.chainId, 1, "the chain id is asked of the RPC");

    const galileo = fakeContext(GALILEO, { devAccount: "5", network: "localhost" });
    await assert.rejects(loadSigner(galileo.ctx), refusal(/this RPC serves chain 16602\.$/));
    process.env.RESEARCH_DEV_ACCOUNT = "6";
    await assert.rejects(loadSigner(fakeContext(GALILEO).ctx), refusal(/^A dev account \(--dev-account or RESEARCH_DEV_ACCOUNT\) is only for the local chain/));
    delete process.env.RESEARCH_DEV_ACCOUNT;
  });

  it("without a dev account, signing needs the keystore", async () => {
    await assert.rejects(loadSigner(fakeContext(LOCAL).ctx), refusal(/^No keystore at .*keystore\.json: create one/));
  });

  it("a read-only listing's view: --as, the dev account's, the keystore file's, or none", async () => {
    const { ctx } = fakeContext(LOCAL);
    assert.equal(await viewerAddress(ctx), undefined, "no keystore: the neutral view");
    assert.equal(await viewerAddress(ctx, "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc"), "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc");
    await assert.rejects(viewerAddress(ctx, "0x1234"), refusal(/^--as takes an address/));
    assert.equal(await viewerAddress(fakeContext(LOCAL, { devAccount: "6" }).ctx), devAddress(6));
    await assert.rejects(viewerAddress(fakeContext(GALILEO, { devAccount: "6" }).ctx), refusal(/only for the local chain/));

    // The address a keystore file names, read without a passphrase (none is set).
    const file = path.join(home, "me.json");
    await writeFile(file, JSON.stringify({ version: 3, address: devAddress(4).slice(2).toLowerCase(), crypto: {} }));
    assert.equal(await viewerAddress(fakeContext(LOCAL, { keystore: file }).ctx), devAddress(4));
    // A keystore named but missing is a mistake worth a sentence, not a silent neutral view.
    await assert.rejects(viewerAddress(fakeContext(LOCAL, { keystore: path.join(home, "gone.json") }).ctx), refusal(/^No keystore at .*gone\.json: pass --as/));
  });
});

describe("the command line", () => {
  it("refuses a bad --dev-account or RESEARCH_DEV_ACCOUNT before reading anything", async () => {
    // No RPC listens on port 9: these lines come before any read.
    const rpc = ["--rpc", "http://127.0.0.1:9"];
    const tooHigh = await runCli([...rpc, "--dev-account", "10", "status"]);
    assert.equal(tooHigh.code, 1);
    assert.equal(tooHigh.stderr, 'research: error: --dev-account takes a dev account index from 0 to 9, not "10".\n');
    const both = await runCli([...rpc, "--json", "--dev-account", "5", "--keystore", "k.json", "verify", "--list"]);
    assert.equal(both.code, 1);
    assert.deepEqual(both.json, { ok: false, error: "Give --dev-account or --keystore, not both." });
    const fromEnv = await runCli([...rpc, "verify", "--list"], { env: { RESEARCH_DEV_ACCOUNT: "five" } });
    assert.equal(fromEnv.stderr, 'research: error: RESEARCH_DEV_ACCOUNT takes a dev account index from 0 to 9, not "five".\n');
    const as = await runCli([...rpc, "verify", "--as", devAddress(5), "3"]);
    assert.equal(as.stderr, "research: error: --as only goes with --list; verifying signs transactions, so it takes --keystore or --dev-account.\n");
  });

  it("documents --dev-account in --help", async () => {
    const help = await runCli(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--dev-account <index>/);
    assert.match(help.stdout, /5 and 6 verifiers/);
    assert.match(help.stdout, /refused on any other chain/);
  });
});
