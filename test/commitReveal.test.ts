/**
 * The clients' commit → reveal steps (`@orm/protocol/submission`) against the real ledger: the
 * commitment computed off-chain is the ledger's, a reveal with its permit lands with the commitment's
 * priority, and a commitment's state (open, lapsed) is what the ledger enforces.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { getAddress, keccak256, parseEventLogs, toHex } from "viem";

import { DEFAULT_COMMIT_WINDOW_SECONDS, deployProtocol, type HardhatViem } from "../scripts/lib/deployProtocol.ts";
import {
  commitmentOf,
  commitmentState,
  newCommitmentSalt,
  revealArgsOf,
  revealWithPermitArgsOf,
  signStakePermit,
  type ProtocolReadRequest,
} from "@orm/protocol/submission";

const root = (label: string) => keccak256(toHex(label));

describe("commit → reveal through the protocol package", async () => {
  // its own chain: the other contract test files deploy on the shared one at the same time
  const { viem, networkHelpers } = await network.connect();
  const publicClient = await viem.getPublicClient();
  const [, creator, miner, copier] = await viem.getWalletClients();
  const chainId = await publicClient.getChainId();
  const { contracts } = await deployProtocol(viem as unknown as HardhatViem);
  const registry = await viem.getContractAt("ProjectRegistry", contracts.ProjectRegistry.address);
  const ledger = await viem.getContractAt("ProposalLedger", contracts.ProposalLedger.address);
  const minerAddress = getAddress(miner.account.address);

  // a higher-is-better project; the miner buys its stake
  const firstBuy = 10n;
  await registry.write.createProject(
    [root("protocol"), root("repo"), root("bench"), 1_000n, root("metrics"), "Accuracy", "ACC", 10n ** 12n, 10n ** 10n, 1_000n],
    { account: creator.account },
  );
  const projectId = 0n;
  const token = await viem.getContractAt("ProjectToken", await registry.read.tokenOf([projectId]));
  await token.write.buyExact([firstBuy, 10n ** 18n, 2n ** 40n], { account: miner.account, value: 10n ** 18n });

  /** The clients' reader: by contract name, as the web app's and the CLI's readers are. */
  const read = async ({ contractName, functionName, args = [], address }: ProtocolReadRequest) => {
    const contract = await viem.getContractAt(contractName as "ProposalLedger", address ?? contracts[contractName as "ProposalLedger"].address);
    return (contract.read as Record<string, (args: readonly unknown[]) => Promise<unknown>>)[functionName]!(args);
  };
  const chainNow = async () => (await publicClient.getBlock()).timestamp;

  it("computes the ledger's commitment, and a reveal with the permit takes the commitment's time", async () => {
    const submission = { projectId, codeRoot: root("code-1"), logRoot: root("log-1"), claimedScore: 1_100n, stake: 3n, rewardRecipient: minerAddress };
    const salt = newCommitmentSalt();
    assert.notEqual(salt, newCommitmentSalt(), "each salt is fresh");
    const commitment = commitmentOf({ ...submission, chainId, ledger: ledger.address, miner: minerAddress, salt });
    assert.equal(
      commitment,
      await ledger.read.commitmentOf([minerAddress, ...revealArgsOf(submission, salt).slice(0, 6), salt] as never),
      "the same hash as the ledger's",
    );
    assert.deepEqual(await commitmentState(read, commitment, await chainNow()), { state: "none" });

    const commitHash = await ledger.write.commitProposal([commitment], { account: miner.account });
    const committedAt = (await publicClient.getBlock({ blockHash: (await publicClient.waitForTransactionReceipt({ hash: commitHash })).blockHash })).timestamp;
    assert.deepEqual(await commitmentState(read, commitment, await chainNow()), {
      state: "open",
      committedAt,
      revealBy: committedAt + DEFAULT_COMMIT_WINDOW_SECONDS,
    });

    // a copier who sees the roots now commits later, and its direct submit is displaced by the reveal
    await token.write.buyExact([5n, 10n ** 18n, 2n ** 40n], { account: copier.account, value: 10n ** 18n });
    await token.write.approve([ledger.address, 5n], { account: copier.account });
    await ledger.write.submit([projectId, submission.codeRoot, submission.logRoot, 1_100n, 5n, getAddress(copier.account.address)], {
      account: copier.account,
    });

    const permit = await signStakePermit({
      read,
      signTypedData: (typedData) => miner.signTypedData(typedData),
      token: token.address,
      chainId,
      owner: minerAddress,
      spender: ledger.address,
      value: submission.stake,
      latestBlockTimestamp: await chainNow(),
    });
    const revealHash = await ledger.write.revealProposalWithPermit(revealWithPermitArgsOf(submission, salt, permit), { account: miner.account });
    const logs = parseEventLogs({ abi: ledger.abi, logs: (await publicClient.waitForTransactionReceipt({ hash: revealHash })).logs });
    const revealed = logs.find((log) => log.eventName === "ProposalRevealed");
    assert.ok(revealed && revealed.eventName === "ProposalRevealed");
    assert.equal(revealed.args.commitment, commitment);
    assert.equal(revealed.args.submittedAt, committedAt, "the proposal's priority is the commitment's time");
    assert.ok(logs.some((log) => log.eventName === "ProposalDisplaced"), "the copier's later submission is displaced");
    const [, id] = await ledger.read.proposalOfCode([projectId, submission.codeRoot]);
    assert.equal((await ledger.read.getProposal([id])).miner, minerAddress, "the root is the miner's");
    assert.deepEqual(await commitmentState(read, commitment, await chainNow()), { state: "none" }, "a revealed commitment is spent");
  });

  it("calls a commitment lapsed exactly when the ledger refuses its reveal as too late", async () => {
    const submission = { projectId, codeRoot: root("code-2"), logRoot: root("log-2"), claimedScore: 1_200n, stake: 3n, rewardRecipient: minerAddress };
    const salt = newCommitmentSalt();
    const commitment = commitmentOf({ ...submission, chainId, ledger: ledger.address, miner: minerAddress, salt });
    await ledger.write.commitProposal([commitment], { account: miner.account });
    const { revealBy } = (await commitmentState(read, commitment, await chainNow())) as { revealBy: bigint };
    await networkHelpers.time.increaseTo(revealBy + 1n);
    assert.equal((await commitmentState(read, commitment, await chainNow())).state, "lapsed");
    await token.write.approve([ledger.address, submission.stake], { account: miner.account });
    await viem.assertions.revertWithCustomError(
      ledger.write.revealProposal(revealArgsOf(submission, salt), { account: miner.account }),
      ledger,
      "ProposalLedgerRevealTooLate",
    );
  });
});
