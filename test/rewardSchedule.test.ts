/**
 * The clients' reward and market mirrors (`@orm/protocol/ledger`'s `quoteNewProposalReward`,
 * `@orm/protocol/curve`'s `mintEffectOf`) against the real contracts: what an approval mints under a
 * reference-shape project's schedule, and where the mint moves the spot price and the reserve coverage.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { keccak256, toHex, zeroAddress } from "viem";

import { deployProtocol, type HardhatViem } from "../scripts/lib/deployProtocol.ts";
import { mintEffectOf } from "@orm/protocol/curve";
import { quoteNewProposalReward } from "@orm/protocol/ledger";

const root = (label: string) => keccak256(toHex(label));
const BASELINE = 2_000_000n;

describe("the reward schedule and its effect, mirrored", async () => {
  // its own chain: the other contract test files deploy on the shared one at the same time
  const { viem, networkHelpers } = await network.connect();
  const [, creator, miner, verifier] = await viem.getWalletClients();
  const { contracts } = await deployProtocol(viem as unknown as HardhatViem, undefined, 0n);
  const registry = await viem.getContractAt("ProjectRegistry", contracts.ProjectRegistry.address);
  const ledger = await viem.getContractAt("ProposalLedger", contracts.ProposalLedger.address);
  const verifiers = await viem.getContractAt("VerifierRegistry", contracts.VerifierRegistry.address);
  await verifiers.write.addVerifier([verifier.account.address]);
  await verifiers.write.postBond({ account: verifier.account, value: 10n ** 19n });
  const quorum = await viem.getContractAt("ReviewQuorum", contracts.ReviewQuorum.address);
  await registry.write.createProject(
    [root("protocol"), root("repo"), root("bench"), BASELINE, root("metrics"), "Speed", "SPD", 10n ** 15n, 10n ** 12n, 3_000n],
    { account: creator.account },
  );
  const token = await viem.getContractAt("ProjectToken", await registry.read.tokenOf([0n]));
  await token.write.buyExact([400n, 10n ** 18n, 2n ** 40n], { account: miner.account, value: 10n ** 18n });
  await token.write.approve([ledger.address, 400n], { account: miner.account });

  const state = async () => ({
    basePrice: await token.read.basePrice(),
    slope: await token.read.slope(),
    supply: await token.read.pricingSupply(),
    reserve: await token.read.reserve(),
  });

  async function approveStep(code: string, score: bigint) {
    const config = await registry.read.getProjectConfig([0n]);
    const best = await registry.read.currentBestAggregateScore([0n]);
    const quoted = quoteNewProposalReward({
      rewardBps: config.rewardBps,
      impactTarget: config.impactTarget,
      minerPoolCap: await token.read.minerPoolCap(),
      progressBefore: best - BASELINE,
      improvement: score - best,
    });
    const before = await state();
    const id = await ledger.read.nextProposalId();
    await ledger.write.submit([0n, root(code), root(`${code}-log`), score, 100n, zeroAddress], { account: miner.account });
    await ledger.write.claimReview([id], { account: verifier.account });
    assert.equal(await ledger.read.quoteReward([id, score]), quoted, "the ledger's own quote");
    const minted = await token.read.minerPoolMinted();
    await ledger.write.approve([id, score, root(`${code}-metrics`)], { account: verifier.account });
    // The reward is minted when the verdict is final, once its appeal window has passed.
    assert.equal(await token.read.minerPoolMinted(), minted, "nothing minted while the verdict can be appealed");
    await networkHelpers.time.increase(Number(await quorum.read.APPEAL_WINDOW()) + 1);
    await quorum.write.finalize([id]);
    assert.equal((await token.read.minerPoolMinted()) - minted, quoted, "minted what the mirror quoted");
    const effect = mintEffectOf(before, quoted);
    assert.equal(await token.read.spotPrice(), effect.spotAfter, "the price the mirror said");
    assert.equal(await token.read.backingRatio(), effect.coverageAfter, "the coverage the mirror said");
    assert.ok(effect.spotAfter < effect.spotBefore && effect.coverageAfter < effect.coverageBefore, "a mint dilutes");
    return quoted;
  }

  it("mints the schedule's share of each step, whatever the stake, and moves the market as the mirror says", async () => {
    // the whole 3,000-token pool over |2.0|: +0.25 mints 375, +0.15 more mints 225
    assert.equal(await approveStep("a", BASELINE + 250_000n), 375n);
    assert.equal(await approveStep("b", BASELINE + 400_000n), 225n);
  });
});
