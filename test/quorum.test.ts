/**
 * The clients' quorum review helpers (`@orm/protocol/quorum`) against the real contracts: the seat
 * commitment and the appeal bond computed off-chain are the contract's, a salt derived from a wallet
 * signature reveals what it committed, and the median the contract settles on is `medianOf`'s.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { getAddress, keccak256, parseEventLogs, toHex, type Address } from "viem";

import { deployProtocol, type HardhatViem } from "../scripts/lib/deployProtocol.ts";
import { agreesWith, appealBondOf, medianOf, nextQuorumStep, scoreCommitmentOf, seatSaltMessage, seatSaltOf } from "@orm/protocol/quorum";

const root = (label: string) => keccak256(toHex(label));

describe("quorum review through the protocol package", async () => {
  // its own chain: the other contract test files deploy on the shared one at the same time
  const { viem, networkHelpers } = await network.connect();
  const publicClient = await viem.getPublicClient();
  const [, creator, miner, ...bonded] = await viem.getWalletClients();
  const chainId = await publicClient.getChainId();
  const { contracts } = await deployProtocol(viem as unknown as HardhatViem);
  const registry = await viem.getContractAt("ProjectRegistry", contracts.ProjectRegistry.address);
  const ledger = await viem.getContractAt("ProposalLedger", contracts.ProposalLedger.address);
  const verifiers = await viem.getContractAt("VerifierRegistry", contracts.VerifierRegistry.address);
  const quorum = await viem.getContractAt("ReviewQuorum", contracts.ReviewQuorum.address);
  const walletOf = new Map(bonded.map((wallet) => [getAddress(wallet.account.address), wallet]));

  // A lower-is-better project reviewed by three seats, five verifiers bonded without the owner.
  await registry.write.createProjectWithConfig(
    [
      {
        protocolHash: root("protocol"),
        repoSnapshotHash: root("repo"),
        benchmarkHash: root("bench"),
        baselineAggregateScore: 2_000_000n,
        baselineMetricsHash: root("metrics"),
        tokenName: "Loss",
        tokenSymbol: "LOSS",
        basePrice: 10n ** 12n,
        slope: 10n ** 10n,
        minerPoolCap: 1_000n,
        config: {
          lowerIsBetter: true,
          minImprovement: 0n,
          metricScale: 1_000_000n,
          rewardRule: 2,
          rewardBps: 10_000,
          impactTarget: 2_000_000n,
          minStake: 1n,
          hasParent: false,
          parentProjectId: 0n,
          tolerancePpm: 10_000,
          reviewQuorum: 3,
        },
        firstBuyAmount: 0n,
      },
    ],
    { account: creator.account },
  );
  const token = await viem.getContractAt("ProjectToken", await registry.read.tokenOf([0n]));
  await token.write.buyExact([10n, 10n ** 18n, 2n ** 40n], { account: miner.account, value: 10n ** 18n });
  await token.write.approve([ledger.address, 10n], { account: miner.account });
  // One seat lock each (the minimum bond: this project's stake and reward are worth less), so every
  // seat has its own holder and a holder's fees are its one seat's.
  for (const wallet of bonded.slice(0, 5)) await verifiers.write.postBond({ account: wallet.account, value: await verifiers.read.MIN_BOND() });

  it("commits with a signature-derived salt, reveals it, and settles on medianOf's median", async () => {
    await ledger.write.submit([0n, root("code"), root("log"), 1_800_000n, 3n, "0x0000000000000000000000000000000000000000"], {
      account: miner.account,
    });
    const proposalId = 0n;
    await networkHelpers.time.increase(Number(await ledger.read.COMMIT_WINDOW()));
    await quorum.write.requestReview([proposalId]);
    const review = await quorum.read.reviewOf([proposalId]);
    const now = () => publicClient.getBlock().then((block) => block.timestamp);
    assert.deepEqual(nextQuorumStep({ ...review }, await now()), { step: "draw", fromBlock: review.drawBlock + 1n });
    await networkHelpers.mine(Number(await quorum.read.DRAW_DELAY_BLOCKS()) + 1);
    await quorum.write.drawSeats([proposalId]);

    const seats = await quorum.read.seatsOf([proposalId]);
    assert.equal(new Set(seats.map((seat) => seat.holder)).size, 3, "three holders");
    const measurements = [
      { ran: true, score: 1_800_000n },
      { ran: false, score: 0n },
      { ran: true, score: 1_790_000n },
    ];
    const salts: `0x${string}`[] = [];
    for (const [seat, { holder }] of seats.entries()) {
      const wallet = walletOf.get(getAddress(holder))!;
      const message = seatSaltMessage({ chainId, quorum: quorum.address, proposalId, seat: BigInt(seat) });
      const salt = seatSaltOf(await wallet.signMessage({ account: wallet.account, message }));
      assert.equal(salt, seatSaltOf(await wallet.signMessage({ account: wallet.account, message })), "the same salt when signed again");
      salts.push(salt);
      const commitment = scoreCommitmentOf({ chainId, quorum: quorum.address, proposalId, seat: BigInt(seat), holder: holder as Address, salt, ...measurements[seat]! });
      assert.equal(
        commitment,
        await quorum.read.scoreCommitmentOf([proposalId, BigInt(seat), holder, measurements[seat]!.ran, measurements[seat]!.score, salt]),
      );
      await quorum.write.commitScore([proposalId, BigInt(seat), commitment], { account: wallet.account });
    }
    assert.equal(nextQuorumStep({ ...(await quorum.read.reviewOf([proposalId])) }, await now()).step, "reveal");
    for (const [seat, { holder }] of seats.entries()) {
      const { ran, score } = measurements[seat]!;
      await quorum.write.revealScore([proposalId, BigInt(seat), ran, score, salts[seat]!], { account: walletOf.get(getAddress(holder))!.account });
    }
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await quorum.write.closeRound([proposalId]) });
    const [closed] = parseEventLogs({ abi: quorum.abi, logs: receipt.logs, eventName: "RoundClosed" });
    // Lower is better and "did not run" ranks worst: the middle is 1.8.
    assert.deepEqual(medianOf(measurements, true), { ran: closed!.args.ran, score: closed!.args.median });
    assert.deepEqual(medianOf(measurements, true), { ran: true, score: 1_800_000n });

    const decided = await quorum.read.reviewOf([proposalId]);
    assert.equal(await quorum.read.appealBondOf([proposalId]), appealBondOf(decided.quorum, decided.seatLock));
    assert.equal(nextQuorumStep({ ...decided }, await now()).step, "appeal-or-wait");
    await networkHelpers.time.increase(Number(await quorum.read.APPEAL_WINDOW()) + 1);
    assert.equal(nextQuorumStep({ ...decided }, await now()).step, "finalize");
    await quorum.write.finalize([proposalId]);
    const settled = await quorum.read.seatsOf([proposalId]);
    const outcome = medianOf(measurements, true);
    for (const [seat] of settled.entries()) {
      const paid = (await ledger.read.claimable([0n, settled[seat]!.holder])) > 0n;
      assert.equal(paid, agreesWith(measurements[seat]!, outcome, 10_000), `seat ${seat} paid as agreesWith says`);
    }
    assert.equal(await registry.read.currentBestAggregateScore([0n]), 1_800_000n);
  });
});
