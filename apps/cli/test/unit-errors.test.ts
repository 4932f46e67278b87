/**
 * Refusals in words: a call the contracts would refuse reads as the protocol's shared sentence for
 * its custom error (every one of them, also when raised by another contract than the one called)
 * with the error's name at the end for grepping; the CLI's own errors and the transport's keep theirs.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  type Abi,
  type AbiParameter,
  type Address,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { errorSentences, formatProtocolError } from "@orm/protocol/errors";
import { protocolErrorsAbi } from "@orm/protocol/generated/abis";
import { ABI, createWriter, explainError, type Context } from "../src/chain.ts";
import { CliError } from "../src/output.ts";
import { devPrivateKey } from "./helpers.ts";

const LEDGER: Address = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

/** A plausible value for an error's parameter. */
function sampleValue(input: AbiParameter, index: number): unknown {
  if (input.type === "address") return "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
  if (input.type === "bytes32") return `0x${"ab".repeat(32)}`;
  if (input.type === "bool") return true;
  if (input.type.startsWith("uint")) return BigInt(index + 1);
  if (input.type.startsWith("int")) return -BigInt(index + 1);
  throw new Error(`no sample for ${input.type}`);
}

/** What viem throws when simulating `functionName` on the ledger reverts with `data`. */
function ledgerRevert(data: Hex, functionName = "claimReview"): ContractFunctionExecutionError {
  const reverted = new ContractFunctionRevertedError({ abi: ABI.ledger as Abi, data, functionName });
  return new ContractFunctionExecutionError(reverted, { abi: ABI.ledger as Abi, functionName, args: [1n], contractAddress: LEDGER });
}

describe("explainError", () => {
  const errors = protocolErrorsAbi.filter((item) => item.type === "error");

  it("gives the shared sentence and the error's name", () => {
    const data = encodeErrorResult({ abi: protocolErrorsAbi, errorName: "NotVerifier" });
    assert.equal(explainError(ledgerRevert(data)), "Only allowlisted verifiers may do that (NotVerifier).");
  });

  it("words every custom error of the protocol, raised by any of its contracts", () => {
    assert.equal(errors.length, Object.keys(errorSentences).length);
    for (const item of errors) {
      const args = item.inputs.map(sampleValue);
      const data = encodeErrorResult({ abi: protocolErrorsAbi, errorName: item.name, args } as never);
      const sentence = formatProtocolError({ errorName: item.name, args });
      const line = explainError(ledgerRevert(data));
      assert.equal(line, `${sentence.replace(/\.$/, "")} (${item.name}).`);
      assert.match(line, /^[A-Z].* \(\w+\)\.$/, line);
      assert.doesNotMatch(line, /undefined|NaN|\[object|The contract refused:/, line);
    }
  });

  it("keeps the CLI's own refusals, reverts it cannot decode, and the transport's words", () => {
    assert.equal(explainError(new CliError("The stake 0 is below the minimum.")), "The stake 0 is below the minimum.");
    const reason = encodeErrorResult({ abi: [{ type: "error", name: "Error", inputs: [{ type: "string", name: "reason" }] }], errorName: "Error", args: ["paused"] });
    assert.equal(explainError(ledgerRevert(reason)), "The contract reverted: paused.");
    assert.equal(explainError(ledgerRevert("0xdeadbeef")), "The contract reverted with an unknown error 0xdeadbeef.");
    const down = new HttpRequestError({ url: "http://127.0.0.1:8545", details: "fetch failed" });
    assert.equal(explainError(down), "HTTP request failed.");
    assert.equal(explainError(new Error("socket hang up")), "socket hang up");
  });

  it("makes a refused simulation one line that names the function, and sends nothing", async () => {
    const data = encodeErrorResult({ abi: protocolErrorsAbi, errorName: "ProposalLedgerConflictedReviewer", args: [7n, "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"] });
    let sent = 0;
    const client = {
      simulateContract: async () => {
        throw ledgerRevert(data);
      },
      waitForTransactionReceipt: async () => {
        sent += 1;
        throw new Error("nothing should be sent");
      },
    };
    const ctx = { client, chain: { id: 31337 }, rpcUrl: "http://127.0.0.1:9", out: { progress() {} } } as unknown as Context;
    const writer = createWriter(ctx, privateKeyToAccount(devPrivateKey(5)));
    await assert.rejects(writer.write(LEDGER, ABI.ledger, "claimReview", [7n]), (error: Error) => {
      assert.ok(error instanceof CliError);
      assert.equal(error.message, "claimReview would fail: You cannot review proposal #7: you submitted it or would be rewarded by it (ProposalLedgerConflictedReviewer).");
      return true;
    });
    assert.equal(sent, 0);
  });
});
