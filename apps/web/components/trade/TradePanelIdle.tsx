"use client";

/**
 * The trade panel before its code is loaded (what the server renders): the panel's own layout
 * (`TradeForm`) with dashes for the chain's figures, so the panel that replaces it has the same size
 * and nothing under it moves. The wallet machinery and the panel load when the visitor reaches for it
 * (pointer, focus, touch; see `index.tsx`) or clicks; a connected visitor has it loaded already. A
 * side picked or a tap in the amount field here carries over to the panel; the button says while it
 * loads.
 */
import { useId, useState } from "react";

import { useWeb3Loader } from "@/components/providers/useWeb3Loader.ts";
import { DEFAULT_SLIPPAGE_TEXT, type TradeSide } from "@/lib/trade.ts";
import { requestWeb3 } from "@/lib/web3Loader.ts";

import { TradeForm } from "./TradeForm.tsx";
import type { TradePanelProps } from "./types.ts";

/**
 * What the visitor asked of the idle panel before the panel's code arrived (the side picked, a tap
 * in the amount field), for the panel to take over when it mounts. Written only by browser events.
 */
type IdleIntent = { side: TradeSide; focusAmount: boolean };
let idleIntent: IdleIntent = { side: "buy", focusAmount: false };

function rememberIdleIntent(intent: Partial<IdleIntent>): void {
  idleIntent = { ...idleIntent, ...intent };
}

export function readIdleIntent(): IdleIntent {
  return idleIntent;
}

/** Called once the panel has taken the intent over, so a later panel starts afresh. */
export function clearIdleIntent(): void {
  idleIntent = { side: "buy", focusAmount: false };
}

const DASHES = { quote: "—", averagePrice: "—", spotPrice: "—", impact: "—", limit: "—" };

export function TradePanelIdle({ symbol }: TradePanelProps) {
  const ids = useId();
  const { wanted } = useWeb3Loader();
  // a side picked survives the idle panel being drawn again while the panel's code arrives
  const [side, setSide] = useState<TradeSide>(() => readIdleIntent().side);
  return (
    <TradeForm
      ids={ids}
      symbol={symbol}
      side={side}
      onSide={(picked) => {
        setSide(picked);
        rememberIdleIntent({ side: picked });
        requestWeb3();
      }}
      amount={{ text: "", onFocus: () => rememberIdleIntent({ focusAmount: true }) }}
      slippage={{ text: DEFAULT_SLIPPAGE_TEXT }}
      holding="—"
      wallet="—"
      figures={DASHES}
      action={
        <button type="button" className="btn btn-primary w-full" data-testid="trade-open" onClick={requestWeb3} disabled={wanted}>
          {wanted ? "Loading the trade panel…" : `Buy or sell ${symbol}`}
        </button>
      }
      onSubmit={requestWeb3}
      testId="trade-panel-idle"
      busy={wanted}
    />
  );
}
