"use client";

/**
 * The trade panel before its code is loaded (what the server renders): what the panel does and a
 * button into it. The wallet machinery and the panel load when the visitor reaches for it (pointer,
 * focus, touch; see `index.tsx`) or clicks; a connected visitor has it loaded already. The frame
 * stays put while the panel loads (a note says so), so nothing jumps under the pointer.
 */
import { useWeb3Loader } from "@/components/providers/useWeb3Loader.ts";
import { requestWeb3 } from "@/lib/web3Loader.ts";

import type { TradePanelProps } from "./types.ts";

export function TradePanelIdle({ symbol }: TradePanelProps) {
  const { wanted } = useWeb3Loader();
  return (
    <section className="card space-y-3" aria-label="Trade" aria-busy={wanted} data-testid="trade-panel-idle">
      <h2 className="text-lg font-semibold">Trade {symbol}</h2>
      <p className="text-sm text-muted">
        Buy or sell whole tokens on the bonding curve: an exact quote from the token&apos;s contract, the price impact, and
        a slippage limit you set before you sign.
      </p>
      <button type="button" className="btn btn-primary w-full" data-testid="trade-open" onClick={requestWeb3}>
        Buy or sell {symbol}
      </button>
      {wanted ? (
        <p className="text-center text-xs text-muted" role="status">
          Loading the trade panel…
        </p>
      ) : null}
    </section>
  );
}
