import type { Metadata } from "next";
import { getAddress, isAddress } from "viem";

import { AddressPortfolio, ConnectedPortfolio } from "@/components/portfolio/index.tsx";

export const metadata: Metadata = { title: "Portfolio" };

type PortfolioSearchParams = { address?: string | string[] };

/**
 * The portfolio: the connected account's holdings (valued at the sell quote, with cost and profit),
 * stakes, rewards, verifier earnings and reputation; `?address=0x…` shows any address, read-only.
 * A server shell: the account is known in the browser only, so the islands read the indexer
 * (through the app's proxy) and the chain.
 */
export default async function PortfolioPage({ searchParams }: { searchParams: Promise<PortfolioSearchParams> }) {
  const { address: addressParam } = await searchParams;
  const requested = (Array.isArray(addressParam) ? addressParam[0] : addressParam)?.trim();
  const address = requested && isAddress(requested, { strict: false }) ? getAddress(requested) : undefined;
  return (
    // At least a screen tall: the sections arrive after the wallet machinery and the first reads,
    // and the footer should not show under the placeholder first and then jump away.
    <div className="mx-auto min-h-dvh max-w-4xl space-y-6 px-4 py-8 sm:px-6 sm:py-10">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Portfolio</h1>
        <p className="mt-1 text-sm text-muted">
          {address ? "A read-only view of another account." : "Your tokens, stakes, rewards and verifier earnings."}
        </p>
      </header>
      {requested && !address ? (
        <p className="rounded-lg border border-warn/30 bg-warn-soft px-4 py-3 text-sm text-warn" role="alert" data-testid="portfolio-bad-address">
          &ldquo;{requested}&rdquo; is not an address; showing your own portfolio instead.
        </p>
      ) : null}
      {address ? <AddressPortfolio address={address} /> : <ConnectedPortfolio />}
    </div>
  );
}
