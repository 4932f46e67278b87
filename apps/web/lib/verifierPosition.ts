/**
 * A verifier's standing with the review quorum, as the portfolio says it in one line: the bond it
 * posted (`VerifierRegistry.bondOf`), the part of it locked by review seats whose reviews are not
 * final (`lockedBondOf`, the seats themselves from the indexer's `/accounts/:address`), the native pay
 * the quorum owes it and it may withdraw (`ReviewQuorum.owedTo`) and what seat penalties took from
 * the bond (the indexer's `bond.seized`: the chain keeps no total).
 *
 * The chain's figure wins where there is one (the indexer may be a block behind); the indexer's stands
 * in until the chain answers, so a page can draw the line in its final shape as soon as the indexer
 * has answered, and nothing moves when the chain's figures replace it. Pure: no React, no wagmi.
 */
import { formatEth, formatTimestamp } from "@orm/protocol/format";

import type { Account } from "./indexer.ts";

export type VerifierPosition = {
  /** The bond posted, in wei (0 when there is none). */
  bond: bigint;
  /** While it leaves the bonded set: when the bond can be withdrawn (seconds); 0 otherwise. */
  withdrawableAt: bigint;
  /** In the bonded set, so quorum reviews may draw it (false while leaving, or below the minimum after penalties). */
  bonded: boolean;
  /** The part of the bond locked by review seats until their reviews are final. */
  locked: bigint;
  /** Seats it holds in reviews that are not final; undefined without the indexer. */
  openSeats: number | undefined;
  /** Native pay the review quorum owes it, withdrawable now. */
  owed: bigint;
  /** Everything seat penalties took from its bond; undefined without the indexer. */
  penalties: bigint | undefined;
  /** It holds or held a review seat (a seat, a lock, quorum pay credited, a penalty). */
  seatHistory: boolean;
};

export type VerifierPositionParameters = {
  /** The chain's answers, each undefined until read (or when its read failed). */
  chain: { bondOf?: readonly [bigint, bigint]; lockedBondOf?: bigint; isBonded?: boolean; owedTo?: bigint };
  /** The indexer's account (undefined until it answers, or when it cannot be reached). */
  account?: Pick<Account, "bond" | "quorumPay" | "seats">;
};

/**
 * The account's standing as a verifier, or `undefined` when there is nothing to say: no bond and no
 * review seat ever.
 * @example
 * verifierPositionOf({ chain: { bondOf: [3n * 10n ** 18n, 0n] }, account }) // { bond: 3 ETH, … }
 */
export function verifierPositionOf({ chain, account }: VerifierPositionParameters): VerifierPosition | undefined {
  const indexed = account?.bond ?? null;
  const bond = chain.bondOf?.[0] ?? BigInt(indexed?.amount ?? 0);
  const withdrawableAt = chain.bondOf?.[1] ?? BigInt(indexed?.withdrawableAt ?? 0);
  const bonded = chain.isBonded ?? indexed?.bonded ?? (bond > 0n && withdrawableAt === 0n);
  const locked = chain.lockedBondOf ?? BigInt(indexed?.locked ?? 0);
  const owed = chain.owedTo ?? BigInt(account?.quorumPay?.owed ?? 0);
  const openSeats = account ? account.seats.length : undefined;
  const penalties = account ? BigInt(indexed?.seized ?? 0) : undefined;
  const seatHistory =
    (openSeats ?? 0) > 0 || locked > 0n || owed > 0n || Boolean(account?.quorumPay) || (penalties ?? 0n) > 0n;
  if (bond === 0n && !seatHistory) return undefined;
  return { bond, withdrawableAt, bonded, locked, openSeats, owed, penalties, seatHistory };
}

/** The figures the line names, each drawn as a number (and found by tests under `portfolio-verifier-<figure>`). */
export type VerifierFigure = "bond" | "withdrawable-at" | "locked" | "seats" | "owed" | "penalties";

/** A run of the line's text; `figure` marks a number. */
export type VerifierLinePart = { text: string; figure?: VerifierFigure };

/**
 * The line in words, as parts (numbers marked), for a newcomer:
 * "Verifier bond: 3 ETH, 0.1 ETH locked by 1 open review seat · quorum pay 0.02 ETH to withdraw ·
 * penalties lost 0.02 ETH." A bond that is leaving the set, or fell below the minimum, gets its own
 * sentence first; an account that never held a seat reads "Verifier bond: 3 ETH in the bonded set."
 */
export function describeVerifierPosition(position: VerifierPosition, { symbol = "ETH" }: { symbol?: string } = {}): VerifierLinePart[] {
  const eth = (wei: bigint) => formatEth(wei, { symbol, maxDecimals: 6 });
  const { bond, withdrawableAt, bonded, locked, openSeats, owed, penalties, seatHistory } = position;

  const seats: VerifierLinePart[] = [];
  if (seatHistory) {
    if (locked > 0n || (openSeats ?? 0) > 0) {
      seats.push({ text: eth(locked), figure: "locked" }, { text: " locked by " });
      if (openSeats === undefined) seats.push({ text: "open review seats" });
      else seats.push({ text: String(openSeats), figure: "seats" }, { text: ` open review seat${openSeats === 1 ? "" : "s"}` });
    } else {
      seats.push({ text: "no open review seats" });
    }
    seats.push({ text: " · quorum pay " }, { text: eth(owed), figure: "owed" }, { text: " to withdraw" });
    if (penalties !== undefined) seats.push({ text: " · penalties lost " }, { text: eth(penalties), figure: "penalties" });
    seats.push({ text: "." });
  }

  if (bond === 0n) return [{ text: "No verifier bond. " }, ...capitalized(seats)];
  const parts: VerifierLinePart[] = [{ text: "Verifier bond: " }, { text: eth(bond), figure: "bond" }];
  if (withdrawableAt !== 0n) {
    parts.push({ text: ", leaving the bonded set: withdrawable from " }, { text: formatTimestamp(withdrawableAt), figure: "withdrawable-at" }, { text: "." });
  } else if (!bonded) {
    parts.push({ text: ", below the minimum after penalties: not drawn for review seats until topped up." });
  } else {
    return seatHistory ? [...parts, { text: ", " }, ...seats] : [...parts, { text: " in the bonded set." }];
  }
  return seatHistory ? [...parts, { text: " " }, ...capitalized(seats)] : parts;
}

/** The line as plain text. */
export function verifierLineText(parts: readonly VerifierLinePart[]): string {
  return parts.map((part) => part.text).join("");
}

function capitalized(parts: VerifierLinePart[]): VerifierLinePart[] {
  const [first, ...rest] = parts;
  if (!first || first.figure) return parts;
  return [{ ...first, text: first.text.charAt(0).toUpperCase() + first.text.slice(1) }, ...rest];
}
