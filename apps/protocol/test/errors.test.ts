import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  InsufficientFundsError,
  RpcRequestError,
  TransactionExecutionError,
  UserRejectedRequestError,
  type AbiParameter,
  type Hex,
} from "viem";

import { proposalLedgerAbi, protocolErrorsAbi } from "../src/generated/abis.ts";
import { StorageError } from "../src/storage/errors.ts";
import {
  decodeProtocolError,
  errorSentences,
  getErrorMessage,
  INSUFFICIENT_FUNDS_SENTENCE,
  USER_REJECTED_SENTENCE,
} from "../src/errors.ts";

/** A plausible value for an ABI parameter (sentences must read well with any). */
function sampleValue(input: AbiParameter, index: number): unknown {
  if (input.type === "address") return "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
  if (input.type === "bytes32") return `0x${"ab".repeat(32)}`;
  if (input.type === "bool") return true;
  if (input.type === "uint8" || input.type === "uint16") return BigInt(index + 1);
  if (input.type.startsWith("uint")) return BigInt(index + 1) * 10n ** 15n;
  if (input.type.startsWith("int")) return -BigInt(index + 1);
  throw new Error(`no sample for ${input.type}`);
}

function encodeSample(name: string): Hex {
  const item = protocolErrorsAbi.find((entry) => entry.name === name)!;
  return encodeErrorResult({ abi: protocolErrorsAbi, errorName: item.name, args: item.inputs.map(sampleValue) } as never);
}

describe("errorSentences", () => {
  const names = protocolErrorsAbi.filter((item) => item.type === "error").map((item) => item.name);

  it("has a sentence for every custom error in protocolErrorsAbi, and nothing else", () => {
    assert.ok(names.length >= 60, `${names.length} errors`);
    assert.deepEqual(Object.keys(errorSentences).sort(), [...names].sort());
  });

  for (const name of names) {
    it(`decodes ${name} from revert data into one sentence`, () => {
      const message = getErrorMessage(new BaseError("reverted", { cause: new RpcRequestError({ body: {}, url: "http://node", error: { code: 3, message: "execution reverted", data: encodeSample(name) } }) }));
      assert.match(message, /^[A-Z].*[.]$/, message);
      assert.doesNotMatch(message, /undefined|NaN|\[object/, message);
      assert.ok(message.length < 300, message);
    });
  }

  it("words the trade sentences as promised", () => {
    const slippage = encodeErrorResult({ abi: protocolErrorsAbi, errorName: "ProjectTokenSlippageExceeded", args: [120_000_000_000_000_000n, 100_000_000_000_000_000n] });
    assert.equal(
      getErrorMessage(new BaseError("x", { cause: { data: slippage } as never })),
      "The price moved: this trade now costs 0.12 ETH, more than your limit of 0.1 ETH.",
    );
    const deadline = encodeErrorResult({ abi: protocolErrorsAbi, errorName: "ProjectTokenDeadlinePassed", args: [1n, 2n] });
    assert.equal(getErrorMessage({ cause: { data: { data: deadline } } }), "The trade's deadline passed before it was mined; try again.");
    const balance = encodeErrorResult({ abi: protocolErrorsAbi, errorName: "ERC20InsufficientBalance", args: ["0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc", 3n, 5n] });
    assert.match(getErrorMessage({ data: balance }), /^You hold fewer tokens than that/);
  });
});

describe("getErrorMessage", () => {
  it("decodes a viem ContractFunctionRevertedError raised by another contract than the one called", () => {
    const data = encodeErrorResult({ abi: protocolErrorsAbi, errorName: "ERC20InsufficientAllowance", args: ["0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", 1n, 4n] });
    const reverted = new ContractFunctionRevertedError({ abi: [...proposalLedgerAbi, ...protocolErrorsAbi], data, functionName: "submit" });
    const error = new ContractFunctionExecutionError(reverted, { abi: proposalLedgerAbi, functionName: "submit", args: [], contractAddress: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" });
    assert.equal(getErrorMessage(error), "The contract may spend 1 of your tokens but needs 4; approve more first.");
    assert.equal(decodeProtocolError(error)?.errorName, "ERC20InsufficientAllowance");
  });

  it("decodes revert data the called contract's own ABI does not know (raw only)", () => {
    const data = encodeErrorResult({ abi: protocolErrorsAbi, errorName: "NothingToClaim" });
    const reverted = new ContractFunctionRevertedError({ abi: [], data, functionName: "claimReward" });
    assert.equal(getErrorMessage(reverted), "You have no verifier rewards to claim on this project.");
  });

  it("reads Hardhat's text when the node gives no revert data", () => {
    const error = new Error("VM Exception while processing transaction: reverted with custom error 'ProposalLedgerStakeBelowMinimum(1, 5)'");
    assert.equal(getErrorMessage(new BaseError("failed", { cause: error })), "A stake of 1 tokens is below this project's minimum of 5.");
  });

  it("recognizes the user's refusal", () => {
    assert.equal(getErrorMessage(new UserRejectedRequestError(new Error("User rejected the request."))), USER_REJECTED_SENTENCE);
    assert.equal(getErrorMessage({ code: 4001, message: "User denied transaction signature" }), USER_REJECTED_SENTENCE);
    // A declined upload-intent signature, as a browser wallet throws it through viem.
    const declined = new UserRejectedRequestError(new Error("MetaMask Typed Message Signature: User denied message signature."));
    assert.equal(getErrorMessage(declined), USER_REJECTED_SENTENCE);
  });

  it("keeps the storage relay's own sentences, even those that mention the network", () => {
    assert.equal(getErrorMessage(new StorageError("The artifact is 70 MiB; the relay takes at most 64 MiB", 413)), "The artifact is 70 MiB; the relay takes at most 64 MiB.");
    assert.equal(getErrorMessage(new StorageError("The storage relay could not be reached (network error)", 0)), "The storage relay could not be reached (network error).");
  });

  it("recognizes insufficient funds, from viem and from the node's text", () => {
    const viemError = new TransactionExecutionError(new InsufficientFundsError({ cause: new BaseError("insufficient funds for gas * price + value") }), {} as never);
    assert.equal(getErrorMessage(viemError), INSUFFICIENT_FUNDS_SENTENCE);
    assert.equal(getErrorMessage(new Error("Sender doesn't have enough funds to send tx. The max upfront cost is: 1 and the sender's balance is: 0.")), INSUFFICIENT_FUNDS_SENTENCE);
  });

  it("says the node is down on network failures", () => {
    assert.match(getErrorMessage(new TypeError("Failed to fetch")), /did not answer/);
  });

  it("falls back to one sentence for anything else", () => {
    assert.equal(getErrorMessage(new Error("something odd\nwith details")), "Something odd.");
    assert.equal(getErrorMessage("plain string"), "Plain string.");
  });
});
