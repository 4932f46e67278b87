import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { mnemonicToAccount } from "viem/accounts";

import { ROLE_INDEX } from "@orm/scripts/seed";
import { DEV_MNEMONIC, devAccounts, getDevAccount } from "../devAccounts.ts";

describe("devAccounts", () => {
  it("are the first ten accounts of Hardhat's development mnemonic", () => {
    for (const account of devAccounts) {
      assert.equal(account.address, mnemonicToAccount(DEV_MNEMONIC, { addressIndex: account.index }).address, `#${account.index}`);
    }
  });

  it("carry the roles the seeded world gives them", () => {
    for (const [role, index] of Object.entries(ROLE_INDEX)) {
      assert.equal(devAccounts[index]!.role, role.replace(/\d+$/, ""), `#${index}`);
    }
  });

  it("are found by address in any case", () => {
    assert.equal(getDevAccount("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc")?.index, 5);
    assert.equal(getDevAccount("0x0000000000000000000000000000000000000001"), undefined);
    assert.equal(getDevAccount(undefined), undefined);
  });
});
