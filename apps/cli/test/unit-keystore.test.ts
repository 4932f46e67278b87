/**
 * Keystores through the CLI: import from stdin (never argv), the address without a passphrase,
 * a wrong passphrase is one line, no passphrase without a terminal is one line, no overwrite.
 */
import assert from "node:assert/strict";
import { readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { after, it } from "node:test";

import { devAddress, devPrivateKey, freshTmp, runCli } from "./helpers.ts";

const dir = await freshTmp("keystore");
after(() => rm(dir, { recursive: true, force: true }));

it("imports a key from stdin into a V3 keystore and guards it", async () => {
  const file = path.join(dir, "k.json");
  const env = { RESEARCH_PASSPHRASE: "pw" };
  const imported = await runCli(["--json", "keystore", "import", "--out", file, "--scrypt-n", "1024"], { env, input: `${devPrivateKey(5)}\n` });
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(imported.json.address, devAddress(5));
  const json = JSON.parse(await readFile(file, "utf8"));
  assert.equal(json.version, 3);
  assert.equal(json.Crypto?.kdf ?? json.crypto?.kdf, "scrypt");
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.ok(!(await readFile(file, "utf8")).includes(devPrivateKey(5).slice(2)), "the key is not stored in the clear");

  const address = await runCli(["--keystore", file, "keystore", "address"]);
  assert.equal(address.stdout.trim().toLowerCase(), devAddress(5).toLowerCase());

  const again = await runCli(["keystore", "import", "--out", file], { env, input: `${devPrivateKey(5)}\n` });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists; pass --force/);

  const bad = await runCli(["keystore", "import", "--out", path.join(dir, "bad.json")], { env, input: "not a key\n" });
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, "research: error: That is not a private key (32 bytes of hex).\n");

  // A command that signs (verify, not the read-only verify --list) fails in one line; no RPC runs on this port.
  const wrong = await runCli(["--keystore", file, "--rpc", "http://127.0.0.1:9", "verify", "1"], { env: { RESEARCH_PASSPHRASE: "nope" } });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /^research: error: (Wrong passphrase for the keystore .*k\.json\.|The chain's RPC at http:\/\/127\.0\.0\.1:9 does not answer.*)\n$/);

  const created = await runCli(["--json", "keystore", "create", "--out", path.join(dir, "new.json"), "--scrypt-n", "1024"], { env });
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.json.address, /^0x[0-9a-fA-F]{40}$/);
});

it("asks for no passphrase it cannot read: no terminal and no RESEARCH_PASSPHRASE is one line", async () => {
  const env = { RESEARCH_PASSPHRASE: undefined };
  const run = await runCli(["keystore", "create", "--out", path.join(dir, "x.json")], { env });
  assert.equal(run.code, 1);
  assert.equal(run.stderr, "research: error: No passphrase: run in a terminal to be asked, or set RESEARCH_PASSPHRASE.\n");
});
