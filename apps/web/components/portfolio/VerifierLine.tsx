"use client";

/**
 * The portfolio's verifier line: the bond, the part of it open review seats lock, the quorum pay to
 * withdraw and the penalties lost (lib/verifierPosition.ts says which figure comes from where). The
 * chain's four figures come in one multicall, refreshed every few seconds; until they arrive the
 * indexer's stand in, so the line is drawn in its final shape with the rest of the portfolio.
 */
import type { Address } from "viem";

import Link from "@/components/layout/Link.tsx";
import { useProtocolReads } from "@/hooks/useProtocolReads.ts";
import type { Account } from "@/lib/indexer.ts";
import { describeVerifierPosition, verifierPositionOf, type VerifierPosition } from "@/lib/verifierPosition.ts";

export type UseVerifierPositionParameters = { address: Address; account: Account | undefined; refetchInterval: number };

export type UseVerifierPositionReturnType = {
  /** Nothing to show (no bond, no seat ever) is `undefined`. */
  position: VerifierPosition | undefined;
  /** The chain has not answered yet (neither figures nor an error). */
  loading: boolean;
};

export function useVerifierPosition({ address, account, refetchInterval }: UseVerifierPositionParameters): UseVerifierPositionReturnType {
  const { data, isLoading } = useProtocolReads({
    contracts: [
      { contractName: "VerifierRegistry", functionName: "bondOf", args: [address] },
      { contractName: "VerifierRegistry", functionName: "lockedBondOf", args: [address] },
      { contractName: "VerifierRegistry", functionName: "isBonded", args: [address] },
      { contractName: "ReviewQuorum", functionName: "owedTo", args: [address] },
    ],
    refetchInterval,
  });
  const [bondOf, lockedBondOf, isBonded, owedTo] = data ?? [];
  const position = verifierPositionOf({
    chain: {
      bondOf: bondOf?.status === "success" ? bondOf.result : undefined,
      lockedBondOf: lockedBondOf?.status === "success" ? lockedBondOf.result : undefined,
      isBonded: isBonded?.status === "success" ? isBonded.result : undefined,
      owedTo: owedTo?.status === "success" ? owedTo.result : undefined,
    },
    account,
  });
  return { position, loading: isLoading };
}

export function VerifierLine({ position, symbol }: { position: VerifierPosition; symbol: string }) {
  return (
    <p className="mt-3 text-sm text-muted" data-testid="portfolio-bond">
      {describeVerifierPosition(position, { symbol }).map((part, index) =>
        part.figure ? (
          <span key={index} className="num text-ink" data-testid={`portfolio-verifier-${part.figure}`}>
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}{" "}
      <Link href="/verify" className="text-brand hover:underline">
        Manage it on the verify page
      </Link>
    </p>
  );
}
