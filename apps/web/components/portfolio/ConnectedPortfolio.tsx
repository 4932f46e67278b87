"use client";

/** The connected account's portfolio, or the connect prompt when no wallet is connected. */
import { useAccount } from "wagmi";

import { ConnectPrompt } from "./ConnectPrompt.tsx";
import { PortfolioView } from "./PortfolioView.tsx";

export default function ConnectedPortfolio() {
  const { address, isConnected } = useAccount();
  if (!isConnected || !address) return <ConnectPrompt />;
  return <PortfolioView address={address} />;
}
