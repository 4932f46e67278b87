/**
 * A project's rolling 24 h ether volume, kept in its own row so discovery can rank by it without
 * summing candles: the volumes of the 24 hours that end with the hour of its last priced trade.
 *
 * - `hour` is the start (unix s, a multiple of 3600) of the newest hour with a trade of positive value;
 *   `slots[i]` is the ether traded in the hour starting at `hour - 3600 i` (i = 0..23), which is the
 *   volume of that project's 1 h candle with that start.
 * - `volumeSince(window, since)` is the exact 24 h volume at any time `now >= hour` with
 *   `since = now - 86400`: the sum of the hourly candles that start after `since` (every candle after
 *   `hour` is empty, every one at or before `hour - 86400` is out of the window either way).
 * - `windowTotal(window)` is that volume at the last trade: since volumes are never negative and the
 *   window only slides forward, it is an upper bound on the 24 h volume at every later time. The API
 *   ranks by the exact volume and uses this bound to know when it has seen enough rows.
 * - Trades of zero value do not move `hour`, so the 24 h volume is positive exactly when
 *   `hour > since`: the projects that are "active" now are `hour > now - 86400`.
 *
 * Stored as `hour` (bigint, null before the first priced trade) and the slots as decimal wei joined
 * by commas, newest first (`encodeSlots` / `decodeSlots`).
 */

export const HOUR = 3600n;
export const WINDOW_HOURS = 24;
export const DAY = HOUR * BigInt(WINDOW_HOURS);

export type VolumeWindow = { hour: bigint | null; slots: bigint[] };

export const EMPTY_WINDOW: VolumeWindow = { hour: null, slots: [] };

export function hourOf(time: bigint): bigint {
  return time - (time % HOUR);
}

/** The window after a trade of `value` wei at `time` (not before the window's newest hour). */
export function addTrade(window: VolumeWindow, time: bigint, value: bigint): VolumeWindow {
  if (value <= 0n) return window;
  const hour = hourOf(time);
  const slots = new Array<bigint>(WINDOW_HOURS).fill(0n);
  if (window.hour === null || hour >= window.hour) {
    const shift = window.hour === null ? WINDOW_HOURS : Number((hour - window.hour) / HOUR);
    for (let i = 0; i + shift < WINDOW_HOURS; i++) slots[i + shift] = window.slots[i] ?? 0n;
    slots[0] = slots[0]! + value;
    return { hour, slots };
  }
  // Block times never go back; should one, the trade still lands in its own hour when it is in the window.
  const back = Number((window.hour - hour) / HOUR);
  for (let i = 0; i < WINDOW_HOURS; i++) slots[i] = window.slots[i] ?? 0n;
  if (back < WINDOW_HOURS) slots[back] = slots[back]! + value;
  return { hour: window.hour, slots };
}

/** The 24 h volume at the window's newest hour: an upper bound on it at every later time. */
export function windowTotal(window: VolumeWindow): bigint {
  return window.slots.reduce((sum, v) => sum + v, 0n);
}

/** Ether traded in the hours that start after `since` (= now - 86400): the exact 24 h volume. */
export function volumeSince(window: VolumeWindow, since: bigint): bigint {
  if (window.hour === null) return 0n;
  let total = 0n;
  for (let i = 0; i < window.slots.length; i++) {
    if (window.hour - HOUR * BigInt(i) <= since) break;
    total += window.slots[i]!;
  }
  return total;
}

export function encodeSlots(slots: bigint[]): string {
  return slots.join(",");
}

export function decodeSlots(text: string | null | undefined): bigint[] {
  return text ? text.split(",").map((v) => BigInt(v)) : [];
}

export function windowOf(row: { volumeHour: bigint | null; volumeSlots: string | null }): VolumeWindow {
  return row.volumeHour === null ? EMPTY_WINDOW : { hour: row.volumeHour, slots: decodeSlots(row.volumeSlots) };
}
