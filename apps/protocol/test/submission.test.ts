/**
 * The submission's steps (`src/submission.ts`) with an in-memory reader: what is refused before a
 * signature, the signed permit and the arguments, the new id from a receipt. The web app's propose
 * browser test and the CLI's end-to-end test run the same steps against a live ledger.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { encodeEventTopics, encodeAbiParameters, recoverTypedDataAddress, zeroAddress, type Log } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { proposalLedgerAbi } from "../src/generated/abis.ts";
import { getPermitTypedData, splitPermitSignature } from "../src/permit.ts";
import { proposalIdFromLogs } from "../src/receipts.ts";
import {
  checkSubmission,
  signStakePermit,
  submitArgsOf,
  submitWithPermitArgsOf,
  type ProtocolReadRequest,
} from "../src/submission.ts";

const TOKEN = "0x0000000000000000000000000000000000000abc" as const;
const LEDGER = "0x0000000000000000000000000000000000001234" as const;
const CODE = `0x${"cd".repeat(32)}` as const;

/** A chain in a map: `contract.function` -> the answer (a function of the arguments). */
function readerOf(answers: Record<string, (args: readonly unknown[]) => unknown>) {
  const asked: string[] = [];
  const read = async ({ contractName, functionName, args = [] }: ProtocolReadRequest) => {
    asked.push(`${contractName}.${functionName}`);
    const answer = answers[`${contractName}.${functionName}`];
    if (!answer) throw new Error(`unexpected read ${contractName}.${functionName}`);
    return answer(args);
  };
  return { read, asked };
}

describe("checkSubmission", () => {
  const terms = { projectId: 3n, token: TOKEN, codeRoot: CODE, claimedScore: 2_900_000n, stake: 5n, owner: zeroAddress };
  const chain = (overrides: Record<string, (args: readonly unknown[]) => unknown> = {}) =>
    readerOf({
      "ProposalLedger.proposalOfCode": () => [false, 0n],
      "ProjectRegistry.improvementOf": ([, score]) => [(score as bigint) - 2_800_000n, (score as bigint) > 2_800_000n],
      "ProjectRegistry.currentBestAggregateScore": () => 2_800_000n,
      "ProjectToken.balanceOf": () => 5n,
      ...overrides,
    });
  it("passes a submission the ledger would take", async () => {
    assert.equal(await checkSubmission(chain().read, terms), undefined);
  });
  it("names the first thing the ledger would refuse: the same code, then the score, then the stake", async () => {
    assert.deepEqual(await checkSubmission(chain({ "ProposalLedger.proposalOfCode": () => [true, 7n] }).read, terms), { kind: "duplicate", existingProposalId: 7n });
    assert.deepEqual(await checkSubmission(chain().read, { ...terms, claimedScore: 2_800_000n }), { kind: "score", currentBest: 2_800_000n });
    assert.deepEqual(await checkSubmission(chain({ "ProjectToken.balanceOf": () => 4n }).read, terms), { kind: "balance", held: 4n });
  });
});

describe("signStakePermit and the arguments", () => {
  it("signs the token's permit for the ledger with the chain's nonce and a deadline from the later clock", async () => {
    const account = privateKeyToAccount(`0x${"11".repeat(32)}`);
    const { read } = readerOf({ "ProjectToken.name": () => "Text compression ratio", "ProjectToken.nonces": () => 4n });
    const permit = await signStakePermit({
      read,
      signTypedData: (typedData) => account.signTypedData(typedData),
      token: TOKEN,
      chainId: 31337,
      owner: account.address,
      spender: LEDGER,
      value: 5n,
      latestBlockTimestamp: 5_000n,
      nowSeconds: 1_000n,
    });
    assert.equal(permit.deadline, 5_600n);
    const typedData = getPermitTypedData({ tokenName: "Text compression ratio", token: TOKEN, chainId: 31337, owner: account.address, spender: LEDGER, value: 5n, nonce: 4n, deadline: 5_600n });
    assert.deepEqual(splitPermitSignature(await account.signTypedData(typedData)), { v: permit.v, r: permit.r, s: permit.s });

    const submission = { projectId: 3n, codeRoot: CODE, logRoot: CODE, claimedScore: 2_900_000n, stake: 5n };
    assert.deepEqual(submitArgsOf(submission), [3n, CODE, CODE, 2_900_000n, 5n, zeroAddress]);
    assert.deepEqual(submitWithPermitArgsOf(submission, permit).slice(6), [5_600n, permit.v, permit.r, permit.s]);
  });
});

describe("proposalIdFromLogs", () => {
  const ledger = LEDGER;
  const miner = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65" as const;
  const submitted = (id: bigint, address: `0x${string}` = ledger): Log =>
    ({
      address,
      topics: encodeEventTopics({ abi: proposalLedgerAbi, eventName: "ProposalSubmitted", args: { id, projectId: 3n, miner } }),
      data: encodeAbiParameters(
        [{ type: "address" }, { type: "bytes32" }, { type: "int256" }, { type: "uint256" }],
        [miner, `0x${"ab".repeat(32)}`, 2_850_000n, 5n],
      ),
      blockHash: null,
      blockNumber: null,
      logIndex: null,
      transactionHash: null,
      transactionIndex: null,
      removed: false,
    }) as unknown as Log;
  it("reads the id of the ProposalSubmitted event", () => {
    assert.equal(proposalIdFromLogs([submitted(21n)]), 21n);
    assert.equal(proposalIdFromLogs([submitted(4n, "0x0000000000000000000000000000000000009999"), submitted(22n)], ledger), 22n);
  });
  it("is undefined without one", () => {
    assert.equal(proposalIdFromLogs([]), undefined);
  });
});

describe("the permit typed data (permit.ts)", () => {
  it("signs as EIP-2612 on the token's domain and splits into v, r, s", async () => {
    const account = privateKeyToAccount(`0x${"11".repeat(32)}`);
    const typedData = getPermitTypedData({
      tokenName: "Text compression ratio",
      token: "0x0000000000000000000000000000000000000abc",
      chainId: 31337,
      owner: account.address,
      spender: "0x0000000000000000000000000000000000001234",
      value: 5n,
      nonce: 0n,
      deadline: 1_000n,
    });
    assert.deepEqual(typedData.domain, { name: "Text compression ratio", version: "1", chainId: 31337, verifyingContract: "0x0000000000000000000000000000000000000abc" });
    const signature = await account.signTypedData(typedData);
    assert.equal(await recoverTypedDataAddress({ ...typedData, signature }), account.address);
    const { v, r, s } = splitPermitSignature(signature);
    assert.ok(v === 27 || v === 28);
    assert.equal(`${r}${s.slice(2)}`, signature.slice(0, 130));
  });
});

