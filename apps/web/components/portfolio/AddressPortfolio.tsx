"use client";

/** A read-only portfolio of any address (`/portfolio?address=0x…`); claims only for one's own. */
import { PortfolioView } from "./PortfolioView.tsx";

export default function AddressPortfolio({ address }: { address: `0x${string}` }) {
  return <PortfolioView address={address} />;
}
