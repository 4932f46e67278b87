import type { ReactNode } from "react";

import { explorerLinkOf } from "@orm/protocol/chains";

/**
 * A transaction, address or token, linked to its chain's block explorer when the chain has one
 * (Galileo's Chainscan); on the local chain, which has none, just its text.
 */
export function ExplorerLink({
  chainId,
  kind,
  id,
  children,
}: {
  chainId: number;
  kind: "tx" | "address" | "token";
  id: string;
  children: ReactNode;
}) {
  const href = explorerLinkOf(chainId, kind, id);
  if (!href) return <>{children}</>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className="underline decoration-line underline-offset-2 hover:text-brand" data-testid="explorer-link">
      {children}
    </a>
  );
}
