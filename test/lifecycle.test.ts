/**
 * The whole lifecycle across the four contracts, transaction by transaction on an in-process EVM,
 * asserting the events the UI and the indexer read (names, arguments, amounts).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { network } from "hardhat";
import { getAddress, keccak256, parseEventLogs, toHex, type Address } from "viem";

import { deployProtocol, type HardhatViem } from "../scripts/lib/deployProtocol.ts";
import { getPermitTypedData, splitPermitSignature } from "@orm/protocol/permit";

const root = (label: string) => keccak256(toHex(label));
const BASE_PRICE = 10n ** 12n;
const SLOPE = 10n ** 10n;

describe("protocol lifecycle", async () => {
  const { viem, networkHelpers } = await network.getOrCreate();
  const publicClient = await viem.getPublicClient();
  const [deployer, creator, speculator, miner, verifierA, verifierB, outsider] = await viem.getWalletClients();
  const accountOf = (client: typeof deployer) => getAddress(client.account.address);

  let contracts: Awaited<ReturnType<typeof deployProtocol>>["contracts"];
  const at = async () => ({
    registry: await viem.getContractAt("ProjectRegistry", contracts.ProjectRegistry.address),
    ledger: await viem.getContractAt("ProposalLedger", contracts.ProposalLedger.address),
    verifiers: await viem.getContractAt("VerifierRegistry", contracts.VerifierRegistry.address),
    quorum: await viem.getContractAt("ReviewQuorum", contracts.ReviewQuorum.address),
  });
  /** A single reviewer's verdict is final once its appeal window has passed: anyone finalizes it. */
  const finalizeAfterTheAppealWindow = async (id: bigint) => {
    const { quorum } = await at();
    await networkHelpers.time.increase(Number(await quorum.read.APPEAL_WINDOW()) + 1);
    return quorum.write.finalize([id], { account: outsider.account });
  };

  before(async () => {
    ({ contracts } = await deployProtocol(viem as unknown as HardhatViem, undefined, 0n));
    const { verifiers } = await at();
    await verifiers.write.addVerifier([accountOf(verifierA)]);
    await verifiers.write.addVerifier([accountOf(verifierB)]);
    // Each verdict is backed by the reviewer's bond until it is final.
    for (const verifier of [verifierA, verifierB]) await verifiers.write.postBond({ account: verifier.account, value: 10n ** 19n });
  });

  it("creates, trades, proposes, reviews, settles and pays verifiers, emitting what the indexer reads", async () => {
    const { registry, ledger } = await at();

    // --- create a lower-is-better project with a first buy
    const firstBuy = 20n;
    const firstCost = await registry.read.quoteFirstBuy([BASE_PRICE, SLOPE, firstBuy]);
    const createHash = await registry.write.createProjectWithConfig(
      [
        {
          protocolHash: root("protocol"),
          repoSnapshotHash: root("repo"),
          benchmarkHash: root("bench"),
          baselineAggregateScore: 2_500_000n,
          baselineMetricsHash: root("baseline-metrics"),
          tokenName: "Tiny LM validation loss",
          tokenSymbol: "LOSS",
          basePrice: BASE_PRICE,
          slope: SLOPE,
          minerPoolCap: 1_000n,
          config: {
            lowerIsBetter: true,
            minImprovement: 10_000n,
            metricScale: 1_000_000n,
            rewardRule: 2, // the schedule: the whole pool over a progress of 0.5 nats
            rewardBps: 10_000,
            impactTarget: 500_000n,
            minStake: 5n,
            hasParent: false,
            parentProjectId: 0n,
            tolerancePpm: 25_000, // 2.5%: a loss measured within 0.06 of a 2.4 claim reproduces it
            reviewQuorum: 1,
          },
          firstBuyAmount: firstBuy,
        },
      ],
      { account: creator.account, value: firstCost },
    );
    const createLogs = parseEventLogs({
      abi: registry.abi,
      logs: (await publicClient.waitForTransactionReceipt({ hash: createHash })).logs,
    });
    const created = createLogs.find((log) => log.eventName === "ProjectCreated");
    assert.ok(created && created.eventName === "ProjectCreated");
    assert.equal(created.args.projectId, 0n);
    assert.equal(created.args.creator, accountOf(creator));
    const configured = createLogs.find((log) => log.eventName === "ProjectConfigured");
    assert.ok(configured && configured.eventName === "ProjectConfigured");
    assert.equal(configured.args.tokenSymbol, "LOSS");
    assert.equal(configured.args.config.lowerIsBetter, true);
    assert.equal(configured.args.config.minStake, 5n);

    const token = await viem.getContractAt("ProjectToken", created.args.token);
    assert.equal(await token.read.balanceOf([accountOf(creator)]), firstBuy);

    // --- a speculator buys with slippage protection; the Trade event carries the new state
    const cost = await token.read.quoteBuyExact([30n]);
    // Far enough ahead for the appeal windows the test waits out below.
    const deadline = BigInt(await networkHelpers.time.latest()) + 30n * 24n * 3600n;
    await viem.assertions.emitWithArgs(
      token.write.buyExact([30n, cost, deadline], { account: speculator.account, value: cost }),
      token,
      "Trade",
      [accountOf(speculator), true, 30n, cost, 50n, await token.read.priceAt([50n]), firstCost + cost],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.buyExact([1n, 1n, deadline], { account: speculator.account, value: BASE_PRICE * 2n }),
      token,
      "ProjectTokenSlippageExceeded",
      [await token.read.quoteBuyExact([1n]), 1n],
    );

    // --- a miner buys its stake and submits with a permit (one transaction)
    const stake = 8n;
    const stakeCost = await token.read.quoteBuyExact([stake]);
    await token.write.buyExact([stake, stakeCost, deadline], { account: miner.account, value: stakeCost });
    const nonce = await token.read.nonces([accountOf(miner)]);
    const signature = await miner.signTypedData({
      account: miner.account,
      ...getPermitTypedData({
        tokenName: "Tiny LM validation loss",
        token: token.address,
        chainId: await publicClient.getChainId(),
        owner: accountOf(miner),
        spender: ledger.address,
        value: stake,
        nonce,
        deadline,
      }),
    });
    const { v, r, s } = splitPermitSignature(signature);
    await viem.assertions.emitWithArgs(
      ledger.write.submitWithPermit(
        [0n, root("code-1"), root("log-1"), 2_400_000n, stake, getAddress(outsider.account.address), deadline, v, r, s],
        { account: miner.account },
      ),
      ledger,
      "ProposalSubmitted",
      [0n, 0n, accountOf(miner), getAddress(outsider.account.address), root("code-1"), 2_400_000n, stake],
    );

    // --- the miner (not a verifier) cannot review; verifier A claims and approves a lower loss
    await viem.assertions.revertWithCustomError(ledger.write.claimReview([0n], { account: miner.account }), ledger, "NotVerifier");
    await viem.assertions.emit(ledger.write.claimReview([0n], { account: verifierA.account }), ledger, "ReviewClaimed");
    const { quorum } = await at();
    await viem.assertions.emit(
      ledger.write.approve([0n, 2_450_000n, root("metrics-1")], { account: verifierA.account }),
      quorum,
      "DecisionRecorded",
    );
    assert.equal(await registry.read.currentBestAggregateScore([0n]), 2_500_000n, "nothing moves before the verdict is final");
    const approveHash = await finalizeAfterTheAppealWindow(0n);
    const approveLogs = parseEventLogs({
      abi: [...ledger.abi, ...registry.abi],
      logs: (await publicClient.waitForTransactionReceipt({ hash: approveHash })).logs,
    });
    const paid = approveLogs.find((log) => log.eventName === "ProposalPaid");
    assert.ok(paid && paid.eventName === "ProposalPaid");
    // The review fee is the project's minimum stake (5); no fee fund yet, so it comes from the stake.
    const fee = 5n;
    assert.equal(await ledger.read.reviewFeeOf([0n]), fee);
    assert.deepEqual(
      [paid.args.miner, paid.args.stakeReturned, paid.args.rewardRecipient, paid.args.reward],
      // 0.05 nats of the 0.5 scheduled: a tenth of the 1,000-token pool, whatever the stake
      [accountOf(miner), stake - fee, getAddress(outsider.account.address), 100n],
    );
    const best = approveLogs.find((log) => log.eventName === "BestUpdated");
    assert.ok(best && best.eventName === "BestUpdated");
    assert.equal(best.args.newAggregateScore, 2_450_000n);
    assert.equal(await registry.read.currentBestAggregateScore([0n]), 2_450_000n);
    assert.equal(await token.read.balanceOf([accountOf(miner)]), stake - fee);
    assert.equal(await token.read.balanceOf([getAddress(outsider.account.address)]), 100n);

    // --- a second proposal is rejected by verifier B: its fee, then the rest slashed (half burned, half to the fee fund)
    await token.write.buyExact([6n, await token.read.quoteBuyExact([6n]), deadline + 10n], {
      account: miner.account,
      value: await token.read.quoteBuyExact([6n]),
    });
    await token.write.approve([ledger.address, 6n], { account: miner.account });
    await ledger.write.submit([0n, root("code-2"), root("log-2"), 2_300_000n, 6n, "0x0000000000000000000000000000000000000000"], {
      account: miner.account,
    });
    await ledger.write.claimReview([1n], { account: verifierB.account });
    const supplyBefore = await token.read.totalSupply();
    await ledger.write.reject([1n, root("review-2")], { account: verifierB.account });
    await viem.assertions.emitWithArgs(finalizeAfterTheAppealWindow(1n), ledger, "StakeSlashed", [1n, ledger.address, 1n, 0n]);
    assert.equal(await token.read.totalSupply(), supplyBefore, "a 1-token slash burns nothing (the odd token is funded)");
    assert.equal((await ledger.read.getVerifierPool([0n])).fund, 1n);

    // --- each reviewer earned the same fee, whatever its verdict
    assert.equal(await ledger.read.claimable([0n, accountOf(verifierA)]), fee);
    assert.equal(await ledger.read.claimable([0n, accountOf(verifierB)]), fee);
    await viem.assertions.emitWithArgs(
      ledger.write.claimReward([0n], { account: verifierA.account }),
      ledger,
      "RewardClaimed",
      [0n, accountOf(verifierA), fee],
    );

    // --- a third proposal is left to expire; anyone may crank it after the window, and its stake goes back
    await token.write.approve([ledger.address, 5n], { account: miner.account });
    await token.write.buyExact([5n, await token.read.quoteBuyExact([5n]), deadline + 20n], {
      account: miner.account,
      value: await token.read.quoteBuyExact([5n]),
    });
    await ledger.write.submit([0n, root("code-3"), root("log-3"), 2_000_000n, 5n, "0x0000000000000000000000000000000000000000"], {
      account: miner.account,
    });
    await viem.assertions.revertWithCustomError(ledger.write.expire([2n], { account: outsider.account }), ledger, "ExpiryNotReached");
    await networkHelpers.time.increase(7 * 24 * 3600);
    await viem.assertions.emitWithArgs(ledger.write.expire([2n], { account: outsider.account }), ledger, "ProposalExpired", [
      2n,
      getAddress(outsider.account.address),
    ]);
    const proposal = await ledger.read.getProposal([2n]);
    assert.equal(proposal.status, 4);
    assert.equal(await token.read.balanceOf([ledger.address]), 1n + fee, "the fund and verifier B's unclaimed fee");

    // --- every holder can still sell: the whole reserve pays out
    const holders: Address[] = [accountOf(creator), accountOf(speculator), accountOf(miner), getAddress(outsider.account.address), accountOf(verifierA)];
    let paidOut = 0n;
    const reserve = await token.read.reserve();
    const ledgerHeld = await token.read.balanceOf([ledger.address]);
    for (const [index, holder] of holders.entries()) {
      const held = await token.read.balanceOf([holder]);
      if (held === 0n) continue;
      const wallet = [creator, speculator, miner, outsider, verifierA][index];
      const quote = await token.read.quoteSell([held]);
      await token.write.sellExact([held, quote, BigInt(await networkHelpers.time.latest()) + 600n], { account: wallet.account });
      paidOut += quote;
    }
    assert.equal(await token.read.totalSupply(), ledgerHeld, "only the ledger's tokens (fund, unclaimed fee) remain");
    assert.ok(paidOut <= reserve);
    assert.equal(await token.read.reserve(), reserve - paidOut);
  });
});
