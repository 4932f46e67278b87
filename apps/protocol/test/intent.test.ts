import { test } from "node:test";
import assert from "node:assert/strict";
import { verifyTypedData } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { IntentFormatError } from "../src/storage/errors.ts";
import { createUploadIntent, encodeIntentHeader, parseIntentHeader, toTypedData, type IntentUpload } from "../src/storage/intent.ts";
import type { Root } from "../src/storage/root.ts";

const root = (byte: string) => `0x${byte.repeat(32)}` as Root;
const uploads: IntentUpload[] = [
  { root: root("aa"), size: 10 },
  { root: root("bb"), size: 20 },
];

async function sign(chainId: number) {
  const account = privateKeyToAccount(generatePrivateKey());
  const intent = createUploadIntent(chainId, uploads);
  const signature = await account.signTypedData(toTypedData(intent));
  return { account, intent, signed: { ...intent, address: account.address, signature } };
}

test("the intent's EIP-712 domain carries the chain id, so a signature is valid on that chain only", async () => {
  const { account, intent, signed } = await sign(16_602);
  assert.equal(toTypedData(intent).domain.chainId, 16_602);
  assert.ok(await verifyTypedData({ address: account.address, signature: signed.signature, ...toTypedData(intent) }));
  assert.equal(await verifyTypedData({ address: account.address, signature: signed.signature, ...toTypedData({ ...intent, chainId: 31_337 }) }), false);
});

test("one signature covers every listed upload and nothing else: the list, sizes included, is signed", async () => {
  const { account, intent, signed } = await sign(31_337);
  const verify = (changed: typeof intent) => verifyTypedData({ address: account.address, signature: signed.signature, ...toTypedData(changed) });
  assert.equal(await verify({ ...intent, uploads: [uploads[0]!] }), false, "dropping an upload");
  assert.equal(await verify({ ...intent, uploads: [...uploads, { root: root("cc"), size: 1 }] }), false, "adding an upload");
  assert.equal(await verify({ ...intent, uploads: [uploads[0]!, { ...uploads[1]!, size: 21 }] }), false, "changing a size");
});

test("the header names which listed upload a request sends; a root the intent does not list is refused", async () => {
  const { signed } = await sign(31_337);
  const parsed = parseIntentHeader(encodeIntentHeader(signed, uploads[1]!.root));
  assert.deepEqual(parsed.upload, uploads[1]);
  assert.deepEqual(parsed.uploads, uploads);
  assert.equal(parsed.chainId, 31_337);
  assert.throws(() => parseIntentHeader(encodeIntentHeader(signed, root("cc"))), (error) => error instanceof IntentFormatError && /not one of the intent's uploads/.test(error.message));
  const twice = JSON.stringify({ ...JSON.parse(encodeIntentHeader(signed, uploads[0]!.root)), uploads: [uploads[0], uploads[0]] });
  assert.throws(() => parseIntentHeader(twice), /each root once/);
  const tooMany = JSON.stringify({ ...JSON.parse(encodeIntentHeader(signed, uploads[0]!.root)), uploads: Array.from({ length: 17 }, (_, i) => ({ root: root(i.toString(16).padStart(2, "0")), size: 1 })) });
  assert.throws(() => parseIntentHeader(tooMany), /at most 16 artifacts/);
});
