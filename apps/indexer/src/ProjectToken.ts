/**
 * Project tokens (every clone, through the factory): balances and holder counts from `Transfer`,
 * the market (supply, reserve, spot price, candles, volume) from `Trade`, and the backing-ratio
 * moves that are not trades from `SupplyRepriced` (the state after a reward mint or a ledger burn).
 */
import { ponder, type Context } from "ponder:registry";
import { balance, candle, project, projectToken, trade } from "ponder:schema";
import { zeroAddress, type Hex } from "viem";

import { addTrade, encodeSlots, windowOf, windowTotal } from "../lib/volume.ts";
import { lower, touchClock, touchProject } from "./lib/store.ts";

export const CANDLE_INTERVALS = [60n, 3600n, 86400n] as const;

async function projectIdOf(db: Context["db"], token: Hex): Promise<bigint | undefined> {
  return (await db.find(projectToken, { address: lower(token) }))?.projectId;
}

type BalanceRow = { token: Hex; account: Hex; projectId: bigint; balance: bigint; updatedAt: bigint };

/** The row was just read, so insert or update directly (an upsert would look it up again). */
async function writeBalance(db: Context["db"], exists: boolean, row: BalanceRow) {
  if (exists) {
    await db.update(balance, { token: row.token, account: row.account }).set({ balance: row.balance, updatedAt: row.updatedAt });
  } else {
    await db.insert(balance).values(row);
  }
}

ponder.on("ProjectToken:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  const token = lower(event.log.address);
  const projectId = await projectIdOf(context.db, token);
  if (projectId === undefined || value === 0n) return;
  await touchProject(context.db, projectId, event);
  const ledger = lower(context.contracts.ProposalLedger.address as Hex);
  const time = event.block.timestamp;
  let holderDelta = 0;

  if (from !== zeroAddress) {
    const account = lower(from);
    const row = await context.db.find(balance, { token, account });
    const before = row?.balance ?? 0n;
    const after = before - value;
    await writeBalance(context.db, row !== null && row !== undefined, { token, account, projectId, balance: after, updatedAt: time });
    if (before > 0n && after === 0n && account !== ledger) holderDelta -= 1;
  }
  if (to !== zeroAddress) {
    const account = lower(to);
    const row = await context.db.find(balance, { token, account });
    const before = row?.balance ?? 0n;
    const after = before + value;
    await writeBalance(context.db, row !== null && row !== undefined, { token, account, projectId, balance: after, updatedAt: time });
    if (before === 0n && account !== ledger) holderDelta += 1;
  }

  const supplyDelta = from === zeroAddress ? value : to === zeroAddress ? -value : 0n;
  if (holderDelta !== 0 || supplyDelta !== 0n) {
    await context.db.update(project, { id: projectId }).set((row) => ({
      holderCount: row.holderCount + holderDelta,
      totalSupply: row.totalSupply + supplyDelta,
      lastActivityAt: time,
    }));
  }
});

ponder.on("ProjectToken:Trade", async ({ event, context }) => {
  const { trader, isBuy, amount, value, newTotalSupply, newSpotPrice, newReserve } = event.args;
  const projectId = await projectIdOf(context.db, event.log.address);
  if (projectId === undefined) return;
  const current = await context.db.find(project, { id: projectId });
  if (!current) return;
  await touchProject(context.db, projectId, event);
  const time = event.block.timestamp;

  await context.db.insert(trade).values({
    id: event.id,
    projectId,
    trader: lower(trader),
    isBuy,
    amount,
    value,
    totalSupply: newTotalSupply,
    spotPrice: newSpotPrice,
    reserve: newReserve,
    timestamp: time,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
  });

  // Candles open at the price before their first trade, so a chart has no gaps between buckets.
  const open = current.spotPrice;
  const high = open > newSpotPrice ? open : newSpotPrice;
  const low = open < newSpotPrice ? open : newSpotPrice;
  for (const interval of CANDLE_INTERVALS) {
    await context.db
      .insert(candle)
      .values({
        projectId,
        interval: Number(interval),
        start: time - (time % interval),
        open,
        high,
        low,
        close: newSpotPrice,
        volume: value,
        tokenVolume: amount,
        trades: 1,
      })
      .onConflictDoUpdate((row) => ({
        high: row.high > newSpotPrice ? row.high : newSpotPrice,
        low: row.low < newSpotPrice ? row.low : newSpotPrice,
        close: newSpotPrice,
        volume: row.volume + value,
        tokenVolume: row.tokenVolume + amount,
        trades: row.trades + 1,
      }));
  }

  const window = addTrade(windowOf(current), time, value);
  await context.db.update(project, { id: projectId }).set({
    totalSupply: newTotalSupply,
    reserve: newReserve,
    spotPrice: newSpotPrice,
    marketCap: newSpotPrice * newTotalSupply,
    volumeTotal: current.volumeTotal + value,
    volumeHour: window.hour,
    volumeSlots: encodeSlots(window.slots),
    volumeBound: windowTotal(window),
    tradeCount: current.tradeCount + 1,
    lastActivityAt: time,
  });
  await touchClock(context.db, event);
});

// A reward mint or a ledger burn moved the supply without a trade: the token emits the state after
// it (`SupplyRepriced`, right after `MinerRewardMinted` / `LedgerBurned`), stored as it comes.
// After a burn that is the spot price at the burn: the burn reaches the curve over 24 h and the
// chain's spot price rises meanwhile without events, so the stored one is the value at the last event.
ponder.on("ProjectToken:SupplyRepriced", async ({ event, context }) => {
  const { newTotalSupply, newSpotPrice, newReserve } = event.args;
  const projectId = await projectIdOf(context.db, event.log.address);
  if (projectId === undefined) return;
  await touchProject(context.db, projectId, event);
  await context.db.update(project, { id: projectId }).set({
    totalSupply: newTotalSupply,
    reserve: newReserve,
    spotPrice: newSpotPrice,
    marketCap: newSpotPrice * newTotalSupply,
    lastActivityAt: event.block.timestamp,
  });
  await touchClock(context.db, event);
});

ponder.on("ProjectToken:MinerRewardMinted", async ({ event, context }) => {
  const projectId = await projectIdOf(context.db, event.log.address);
  if (projectId === undefined) return;
  await touchProject(context.db, projectId, event);
  await context.db
    .update(project, { id: projectId })
    .set((row) => ({ minerPoolMinted: row.minerPoolMinted + event.args.amount }));
});
