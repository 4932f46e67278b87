"use client";

/**
 * A live countdown to a ledger deadline (a claim's lock, a review window), ticking every second in
 * the chain's time: `clockOffset` is how far the chain's clock runs ahead of the wall clock (see
 * `chainClockOffset` in lib/proposal.ts), measured by the server when it rendered the page. No
 * wallet machinery: it renders for every visitor.
 */
import { useEffect, useState } from "react";

import { formatCountdown } from "@/lib/proposal.ts";

/** The chain's "now" in seconds, refreshed every second. */
export function useChainNow(clockOffset: string | bigint): bigint {
  const offset = BigInt(clockOffset);
  const read = () => BigInt(Math.floor(Date.now() / 1000)) + offset;
  const [now, setNow] = useState(read);
  useEffect(() => {
    setNow(read());
    const timer = setInterval(() => setNow(read()), 1000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [clockOffset]);
  return now;
}

export type CountdownProps = {
  /** The deadline, Unix seconds (chain time). */
  until: string;
  clockOffset: string;
  /** Shown once the deadline passed ("lapsed", "closed"). */
  passedText: string;
  testId?: string;
};

export function Countdown({ until, clockOffset, passedText, testId }: CountdownProps) {
  const now = useChainNow(clockOffset);
  const left = BigInt(until) - now;
  return (
    <span data-testid={testId} data-seconds-left={left > 0n ? left.toString() : "0"} className="num" suppressHydrationWarning>
      {left > 0n ? formatCountdown(left) : passedText}
    </span>
  );
}
