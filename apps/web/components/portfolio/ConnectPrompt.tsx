"use client";

/**
 * What the portfolio shows without a connected wallet: a sentence and a connect button (no wagmi
 * here). A browser that was connected last time is reconnecting instead, and says so.
 */
import { useEffect, useState } from "react";

import { OpenWalletButton } from "@/components/wallet/OpenWalletButton.tsx";
import { hasStoredConnection } from "@/lib/web3Loader.ts";

export function ConnectPrompt() {
  const [reconnecting, setReconnecting] = useState(false);
  useEffect(() => setReconnecting(hasStoredConnection()), []);
  return (
    <section className="card text-center" data-testid="portfolio-connect-prompt">
      <p className="text-base font-medium">{reconnecting ? "Reconnecting your wallet…" : "Connect a wallet to see your portfolio"}</p>
      <p className="mx-auto mt-1 max-w-md text-sm text-muted">
        Holdings at the price selling them would fetch, their cost and profit, stakes in open proposals, rewards and
        verifier earnings.
      </p>
      <OpenWalletButton testId="portfolio-connect" className="btn btn-primary mt-4">
        Connect wallet
      </OpenWalletButton>
    </section>
  );
}
