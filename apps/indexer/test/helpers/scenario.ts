/**
 * One scripted history touching every event the indexer handles, and the checks that every number
 * the indexer derives equals what the chain says after it.
 */
import assert from "node:assert/strict";
import type { Address, Hex } from "viem";

import {
  projectTokenAbi,
  proposalLedgerAbi,
  projectRegistryAbi,
  reviewQuorumAbi,
  verifierRegistryAbi,
} from "@orm/protocol/generated/abis";
import { reviewPhase } from "@orm/protocol/generated/constants";
import type { Protocol } from "./protocol.ts";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

const HOUR = 3600;
const DAY = 24 * HOUR;
/** What 7 and 8 bond to back their verdicts (each locks a seat lock of it until final). */
export const VERDICT_BOND = 50n * 10n ** 18n;

export type ScenarioResult = Awaited<ReturnType<typeof scriptActivity>>;

/**
 * Accounts: 0 deployer/owner, 1-2 creators, 3-6 traders and miners, 7-8 verifiers, 9 idle, 10-13
 * bonded verifiers (never allowlisted).
 * Projects: A (higher is better, reward = stake), B (lower is better, pool share), C (a fork of A on
 * the same benchmark, so a second verdict on the same code can contradict the first), D (reviewed by a
 * quorum of three).
 * A, B and C have one reviewer, whose verdict only decides (the deployments' SINGLE_REVIEW_APPEALS): its
 * bond backs it through the appeal window, after which anyone finalizes it and it settles.
 * `protocolHashes` gives projects (by name) the root of a protocol artifact a test relay serves.
 */
export async function scriptActivity(p: Protocol, protocolHashes: Record<string, Hex> = {}) {
  await p.addVerifier(7);
  await p.addVerifier(8);
  await p.addVerifier(9);
  await p.removeVerifier(9);
  await p.setVerifierMetadata(7, "Seven Labs");
  // Bonds, without the owner: 8 stays bonded (posting twice, the second below), 9 leaves, 6 leaves and
  // takes its bond back (below).
  await p.postBond(8, 10n ** 17n);
  await p.postBond(9, 2n * 10n ** 17n);
  await p.requestUnbond(9);
  await p.postBond(6, 10n ** 17n);
  await p.requestUnbond(6);

  const a = await p.createProject(1, { name: "Alpha Net", symbol: "ALPHA", firstBuy: 20n, protocolHash: protocolHashes["Alpha Net"] });
  const b = await p.createProject(2, {
    name: "Beta Loss",
    symbol: "BLOSS",
    lowerIsBetter: true,
    baseline: 500_000n,
    rewardBps: 1000,
    impactTarget: 100_000n,
    firstBuy: 5n,
    protocolHash: protocolHashes["Beta Loss"],
  });
  const c = await p.createProject(1, { name: "Alpha Fork", symbol: "AFORK", parent: a.id, benchmarkSeed: "Alpha Net" });

  for (const i of [3, 4, 5]) await p.buy(i, a.token, 5n);
  await p.buy(3, a.token, 12n);
  await p.sell(4, a.token, 2n);
  await p.sell(5, a.token, 1n);
  await p.transfer(3, a.token, p.addressOf(6), 1n);
  await p.buy(3, b.token, 7n);
  await p.buy(4, b.token, 3n);
  await p.sell(4, b.token, 3n); // 4 leaves B: holder count goes down
  await p.buy(6, c.token, 4n);
  await p.buy(4, c.token, 6n);

  // D: reviewed by a quorum of three drawn from the bonded set without the owner: two seats reproduce
  // the claim, one is an outlier and loses part of its bond to the other two. A seat locks the value of
  // the stake and the quoted reward (about 1.1 ETH here), so only 10-13 hold a ticket each (7 and 8
  // back their own verdicts with larger bonds only after this draw).
  for (const i of [10, 11, 12, 13]) await p.postBond(i, 2n * 10n ** 18n);
  const d = await p.createProject(1, { name: "Delta Quorum", symbol: "DQ", reviewQuorum: 3 });
  await p.buy(5, d.token, 10n);
  const p11 = await p.submit(5, d.id, d.token, { code: "d11", score: 1_100_000n, stake: 3n });
  await p.seatQuorum(5, p11);
  await p.measureSeats(
    p11,
    [
      { seat: 0, ran: true, score: 1_100_000n },
      { seat: 1, ran: true, score: 1_100_100n },
      { seat: 2, ran: true, score: 900_000n },
    ],
    true,
  );
  await p.closeRound(5, p11);
  await p.increaseTime(2 * DAY + 1);
  await p.finalize(5, p11);

  // 7 and 8 back their verdicts: each locks a seat lock of its bond (the value of the stake and the
  // quoted reward; above 11 ETH for A's second approval) until the verdict is final.
  await p.postBond(7, VERDICT_BOND);
  await p.postBond(8, VERDICT_BOND);

  // A: approve, reject (slash into a pool with one settled review), supersede, release, lapse, expire;
  // each verdict settles once its appeal window has passed.
  const p0 = await p.submit(3, a.id, a.token, { code: "a0", score: 1_100_000n, stake: 2n });
  await p.claim(7, p0);
  await p.approve(7, p0, 1_100_000n);
  await p.finalizeAfterAppealWindow(p0);
  const p1 = await p.submit(4, a.id, a.token, { code: "shared", score: 1_150_000n, stake: 2n });
  await p.claim(8, p1);
  await p.reject(8, p1);
  await p.finalizeAfterAppealWindow(p1);
  // (approvals go in priority order: the one p2 is superseded by comes first, and is final first)
  const p3 = await p.submit(3, a.id, a.token, { code: "a3", score: 1_200_000n, stake: 1n });
  const p2 = await p.submit(5, a.id, a.token, { code: "a2", score: 1_120_000n, stake: 1n, recipient: p.addressOf(6) });
  await p.claim(7, p3);
  await p.approve(7, p3, 1_200_000n);
  await p.finalizeAfterAppealWindow(p3);
  await p.claim(8, p2);
  await p.supersede(8, p2, 1_120_000n);
  await p.finalizeAfterAppealWindow(p2);
  const p4 = await p.submit(4, a.id, a.token, { code: "a4", score: 1_300_000n, stake: 1n });
  await p.claim(7, p4);
  await p.release(7, p4);
  const p5 = await p.submit(5, a.id, a.token, { code: "a5", score: 1_300_000n, stake: 1n });
  await p.claim(8, p5);
  await p.increaseTime(DAY + HOUR);
  await p.release(3, p5); // lapsed: 8 loses the claim
  // B: a tenth of the pool over a progress of 0.1, lower is better.
  const p6 = await p.submit(3, b.id, b.token, { code: "b0", score: 400_000n, stake: 2n });
  await p.claim(7, p6);
  await p.approve(7, p6, 400_000n);
  await p.finalizeAfterAppealWindow(p6);

  await p.increaseTime(14 * DAY);
  await p.withdrawBond(6);
  await p.expire(6, p4); // slashed: shared over A's settled reviews
  await p.expire(6, p5);
  await p.claimReward(7, a.id);

  // C: the code 8 rejected on A, approved under the same benchmark: 8's review is contradicted.
  const p7 = await p.submit(4, c.id, c.token, { code: "shared", score: 1_150_000n, stake: 1n });
  await p.claim(7, p7);
  await p.approve(7, p7, 1_150_000n);
  await p.finalizeAfterAppealWindow(p7);

  // One more on D, waiting for its review to be requested: not in the claim queue.
  const p12 = await p.submit(5, d.id, d.token, { code: "d12", score: 1_200_000n, stake: 3n });

  // Open ones for the queue: two submitted, one under a live claim.
  const p8 = await p.submit(6, a.id, a.token, { code: "a8", score: 1_250_000n, stake: 1n });
  const p9 = await p.submit(4, c.id, c.token, { code: "c9", score: 1_200_000n, stake: 1n });
  const p10 = await p.submit(3, a.id, a.token, { code: "a10", score: 1_260_000n, stake: 1n });
  await p.claim(8, p10);

  return {
    projects: [a, b, c, d],
    proposals: { p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12 },
    head: await p.blockNumber(),
  };
}

async function get<T = any>(apiUrl: string, route: string): Promise<T> {
  const response = await fetch(`${apiUrl}${route}`);
  const body = await response.json();
  assert.equal(response.status, 200, `${route}: ${JSON.stringify(body)}`);
  return body as T;
}

/** Every derived number the indexer serves, compared with the chain's own views. */
export async function verifyAgainstChain(p: Protocol, apiUrl: string, scenario: ScenarioResult): Promise<void> {
  const read = p.publicClient.readContract.bind(p.publicClient) as (args: any) => Promise<any>;
  const holders = [...p.accounts.map((account) => account.address), p.ledger as Address];

  for (const { id, token } of scenario.projects) {
    const indexed = await get(apiUrl, `/projects/${id}`);
    const [supply, reserve, ratio, minted, best, etherBalance, pool] = await Promise.all([
      read({ address: token, abi: projectTokenAbi, functionName: "totalSupply" }),
      read({ address: token, abi: projectTokenAbi, functionName: "reserve" }),
      read({ address: token, abi: projectTokenAbi, functionName: "backingRatio" }),
      read({ address: token, abi: projectTokenAbi, functionName: "minerPoolMinted" }),
      read({ address: p.registry, abi: projectRegistryAbi, functionName: "currentBestAggregateScore", args: [id] }),
      p.publicClient.getBalance({ address: token }),
      read({ address: p.ledger, abi: proposalLedgerAbi, functionName: "getVerifierPool", args: [id] }),
    ]);
    const label = `project ${id}`;
    assert.equal(BigInt(indexed.totalSupply), supply, `${label} supply`);
    assert.equal(BigInt(indexed.reserve), reserve, `${label} reserve`);
    assert.equal(reserve, etherBalance, `${label}: nothing was forced, so the reserve is the ether balance`);
    // A ledger burn reaches the curve over 24 h and the chain's spot price rises meanwhile without
    // events, so the stored spot price is the chain's at the token's last price event, and the
    // backing ratio (from the total supply) is the chain's once no burn is left unreleased.
    const priceEvents = await Promise.all(
      (["Trade", "SupplyRepriced"] as const).map((eventName) =>
        p.publicClient.getContractEvents({ address: token, abi: projectTokenAbi, eventName, fromBlock: 0n }),
      ),
    );
    const lastPriceBlock = priceEvents.flat().reduce((last, log) => (log.blockNumber > last ? log.blockNumber : last), 0n);
    const spotAtLastEvent = await read({ address: token, abi: projectTokenAbi, functionName: "spotPrice", blockNumber: lastPriceBlock });
    const unreleased = await read({ address: token, abi: projectTokenAbi, functionName: "unreleasedBurn" });
    assert.equal(BigInt(indexed.spotPrice), spotAtLastEvent, `${label} spot price at the last price event`);
    if (unreleased === 0n) assert.equal(BigInt(indexed.backingRatio), ratio, `${label} backing ratio`);
    else assert.ok(BigInt(indexed.backingRatio) >= ratio, `${label} backing ratio: at least the chain's during a release`);
    assert.equal(BigInt(indexed.marketCap), spotAtLastEvent * supply, `${label} market cap`);
    assert.equal(BigInt(indexed.minerPoolMinted), minted, `${label} miner pool minted`);
    assert.equal(BigInt(indexed.bestScore), best, `${label} best score`);
    assert.equal(BigInt(indexed.verifierPool.totalInflow), pool.totalInflow, `${label} pool inflow`);
    assert.equal(BigInt(indexed.verifierPool.totalClaimed), pool.totalClaimed, `${label} pool claimed`);
    assert.equal(BigInt(indexed.verifierPool.fund), pool.fund, `${label} fee fund`);
    assert.equal(BigInt(indexed.verifierPool.settledReviews), pool.settledReviews, `${label} pool reviews`);

    let holderCount = 0;
    for (const holder of holders) {
      const onChain = await read({ address: token, abi: projectTokenAbi, functionName: "balanceOf", args: [holder] });
      if (onChain > 0n && holder !== p.ledger) holderCount += 1;
      const account = await get(apiUrl, `/accounts/${holder}`);
      const holding = account.holdings.find((h: any) => h.projectId === String(id));
      assert.equal(BigInt(holding?.balance ?? 0), onChain, `${label} balance of ${holder}`);
    }
    assert.equal(indexed.holderCount, holderCount, `${label} holder count`);

    // Trades and candles add up.
    const trades = await get(apiUrl, `/projects/${id}/trades?limit=500`);
    const tradeVolume = trades.items.reduce((sum: bigint, t: any) => sum + BigInt(t.value), 0n);
    assert.equal(BigInt(indexed.volumeTotal), tradeVolume, `${label} total volume`);
    assert.equal(indexed.tradeCount, trades.items.length, `${label} trade count`);
    for (const interval of ["1m", "1h", "1d"]) {
      const candles = await get(apiUrl, `/projects/${id}/candles?interval=${interval}&limit=2000`);
      const volume = candles.items.reduce((sum: bigint, k: any) => sum + BigInt(k.volume), 0n);
      const count = candles.items.reduce((sum: number, k: any) => sum + k.trades, 0);
      assert.equal(volume, tradeVolume, `${label} ${interval} candle volume`);
      assert.equal(count, trades.items.length, `${label} ${interval} candle trades`);
      if (trades.items.length) {
        assert.equal(candles.items.at(-1).close, trades.items[0].spotPrice, `${label} ${interval} close is the last trade's price`);
      }
    }

    // Verifier earnings equal what the ledger would pay.
    for (const verifierIndex of [7, 8]) {
      const address = p.addressOf(verifierIndex);
      const claimable = await read({ address: p.ledger, abi: proposalLedgerAbi, functionName: "claimable", args: [id, address] });
      const account = await get(apiUrl, `/accounts/${address}`);
      const earning = account.verifierEarnings.find((e: any) => e.projectId === String(id));
      assert.equal(BigInt(earning?.claimable ?? 0), claimable, `${label} claimable by verifier ${verifierIndex}`);
      const reviews = await read({ address: p.ledger, abi: proposalLedgerAbi, functionName: "settledReviewsOf", args: [id, address] });
      assert.equal(BigInt(earning?.settledReviews ?? 0), reviews, `${label} settled reviews of ${verifierIndex}`);
    }
  }

  // Every account's verifier bond equals the registry's.
  let bondsSeen = 0;
  for (const account of p.accounts) {
    const [[amount, withdrawableAt], bonded] = await Promise.all([
      read({ address: p.verifiers, abi: verifierRegistryAbi, functionName: "bondOf", args: [account.address] }),
      read({ address: p.verifiers, abi: verifierRegistryAbi, functionName: "isBonded", args: [account.address] }),
    ]);
    const { bond } = await get(apiUrl, `/accounts/${account.address}`);
    if (bond === null) {
      assert.equal(amount, 0n, `${account.address} bond`);
      continue;
    }
    bondsSeen += 1;
    assert.equal(BigInt(bond.amount), amount, `${account.address} bond`);
    assert.equal(bond.bonded, bonded, `${account.address} bonded`);
    assert.equal(BigInt(bond.withdrawableAt ?? 0), withdrawableAt, `${account.address} withdrawable at`);
    const locked = await read({ address: p.verifiers, abi: verifierRegistryAbi, functionName: "lockedBondOf", args: [account.address] });
    assert.equal(BigInt(bond.locked), locked, `${account.address} locked`);
  }
  assert.equal(bondsSeen, 8, "7, 8 and 10-13 bonded, 9 leaving, 6 withdrawn");

  // The quorum review: phase, medians and every seat as the contract has them, and the pay it owes.
  const { p11 } = scenario.proposals;
  const [review, seats] = await Promise.all([
    read({ address: p.quorum, abi: reviewQuorumAbi, functionName: "reviewOf", args: [p11] }),
    read({ address: p.quorum, abi: reviewQuorumAbi, functionName: "seatsOf", args: [p11] }),
  ]);
  const { quorum } = await get(apiUrl, `/proposals/${p11}`);
  assert.equal(quorum.review.phase, review.phase, "quorum phase");
  assert.equal(quorum.review.firstRan, review.firstRan, "first round ran");
  assert.equal(BigInt(quorum.review.firstMedian), review.firstMedian, "first round median");
  assert.equal(BigInt(quorum.review.finalMedian), review.firstMedian, "unappealed: the first median is final");
  assert.equal(quorum.seats.length, seats.length, "seats");
  let outliers = 0;
  for (const [i, seat] of seats.entries()) {
    const indexed = quorum.seats[i];
    assert.equal(indexed.holder, seat.holder.toLowerCase(), `seat ${i} holder`);
    assert.equal(BigInt(indexed.score), seat.score, `seat ${i} score`);
    assert.equal(indexed.revealed, seat.revealed, `seat ${i} revealed`);
    if (!indexed.agreed) {
      outliers += 1;
      const [amount] = await read({ address: p.verifiers, abi: verifierRegistryAbi, functionName: "bondOf", args: [seat.holder] });
      const { bond } = await get(apiUrl, `/accounts/${seat.holder}`);
      assert.equal(BigInt(bond.seized), BigInt(indexed.penalty), `seat ${i} penalty seized`);
      assert.equal(BigInt(bond.amount), amount, `seat ${i} bond after its penalty`);
    }
  }
  assert.equal(outliers, 1, "one outlier");
  for (const account of p.accounts) {
    const owed = await read({ address: p.quorum, abi: reviewQuorumAbi, functionName: "owedTo", args: [account.address] });
    const { quorumPay } = await get(apiUrl, `/accounts/${account.address}`);
    assert.equal(BigInt(quorumPay?.owed ?? 0), owed, `${account.address} quorum pay owed`);
  }

  // Every proposal's state.
  const next = await read({ address: p.ledger, abi: proposalLedgerAbi, functionName: "nextProposalId" });
  for (let id = 0n; id < next; id++) {
    const onChain = await read({ address: p.ledger, abi: proposalLedgerAbi, functionName: "getProposal", args: [id] });
    const indexed = await get(apiUrl, `/proposals/${id}`);
    const label = `proposal ${id}`;
    assert.equal(indexed.status, onChain.status, `${label} status`);
    assert.equal(BigInt(indexed.projectId), onChain.projectId, `${label} project`);
    assert.equal(BigInt(indexed.stake), onChain.stake, `${label} stake`);
    assert.equal(indexed.miner, onChain.miner.toLowerCase(), `${label} miner`);
    assert.equal(indexed.rewardRecipient, onChain.rewardRecipient.toLowerCase(), `${label} recipient`);
    assert.equal(BigInt(indexed.claimedScore), onChain.claimedAggregateScore, `${label} claimed score`);
    assert.equal(BigInt(indexed.verifiedScore ?? 0), onChain.verifiedAggregateScore, `${label} verified score`);
    assert.equal(BigInt(indexed.submittedAt), onChain.submittedAt, `${label} submitted at`);
    assert.equal(indexed.benchmarkLogHash, onChain.benchmarkLogHash, `${label} log root`);
    if (onChain.status === 1) {
      // A single reviewer's decision is held by the review quorum (the ledger's reviewer from then on);
      // the index keeps the decider as the proposal's reviewer.
      assert.equal(indexed.decidedBy ? p.quorum.toLowerCase() : indexed.reviewer, onChain.reviewer.toLowerCase(), `${label} reviewer`);
      if (indexed.decidedBy) assert.equal(indexed.reviewer, indexed.decidedBy, `${label} reviewer: the decider`);
      assert.equal(BigInt(indexed.reviewLockUntil), onChain.reviewLockUntil, `${label} lock`);
    } else {
      assert.equal(indexed.reviewer === null || onChain.status > 1, true, `${label} no live reviewer`);
      // Claims that stopped the expiry clock moved the expiry (ProposalExpiryMoved).
      const expiresAt = await read({ address: p.ledger, abi: proposalLedgerAbi, functionName: "expiresAt", args: [id] });
      assert.equal(BigInt(indexed.expiresAt), expiresAt, `${label} expires at`);
    }
    assert.ok(indexed.timeline.length >= 1 && indexed.timeline[0].kind === "submitted", `${label} timeline starts at submission`);
    await verifyQuorumReview(p, indexed, label);
  }
}

/**
 * A proposal's review by the quorum contract (a quorum project's, or a single reviewer's decision) and
 * its seats, as `reviewOf` and `seatsOf` have them.
 */
async function verifyQuorumReview(p: Protocol, indexed: any, label: string): Promise<void> {
  const read = p.publicClient.readContract.bind(p.publicClient) as (args: any) => Promise<any>;
  const id = BigInt(indexed.id);
  const [review, seats] = await Promise.all([
    read({ address: p.quorum, abi: reviewQuorumAbi, functionName: "reviewOf", args: [id] }),
    read({ address: p.quorum, abi: reviewQuorumAbi, functionName: "seatsOf", args: [id] }),
  ]);
  if (indexed.quorum === null) {
    assert.equal(review.phase, 0, `${label}: no review by the quorum`);
    return;
  }
  const { review: row, seats: rows } = indexed.quorum;
  assert.deepEqual(
    [row.phase, row.round, row.quorum, BigInt(row.seatLock ?? 0), row.appellant ?? ZERO_ADDRESS],
    [review.phase, review.round, review.quorum, review.seatLock, review.appellant.toLowerCase()],
    `${label} quorum review`,
  );
  const { Committing, Decided, Final } = reviewPhase;
  if (row.phase >= Committing && row.phase <= Decided) assert.equal(BigInt(row.deadline), review.deadline, `${label} quorum deadline`);
  if (row.phase >= Decided) {
    assert.deepEqual([row.firstRan, BigInt(row.firstMedian)], [review.firstRan, review.firstMedian], `${label} first round`);
  }
  if (row.phase === Decided && row.round === 0) assert.equal(indexed.appealDeadline, row.deadline, `${label} appealable until`);
  if (row.phase === Final) assert.equal(indexed.pendingVerdict, null, `${label}: final, nothing pending`);
  assert.equal(rows.length, seats.length, `${label} seats`);
  for (const [i, seat] of seats.entries()) {
    const indexedSeat = rows[i];
    assert.deepEqual(
      [indexedSeat.seat, indexedSeat.holder ?? ZERO_ADDRESS, indexedSeat.round, indexedSeat.committed, indexedSeat.revealed],
      [i, seat.holder.toLowerCase(), seat.round, seat.committed, seat.revealed],
      `${label} seat ${i}`,
    );
    if (seat.revealed) assert.deepEqual([indexedSeat.ran, BigInt(indexedSeat.score)], [seat.ran, seat.score], `${label} seat ${i} measurement`);
  }
  if (review.quorum === 1) {
    assert.equal(rows[0].holder, indexed.decidedBy, `${label}: the decider holds seat 0`);
    assert.equal(indexed.reviewer, indexed.decidedBy, `${label}: shown as the reviewer`);
  }
}
