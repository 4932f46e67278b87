"use client";

/** The verifier screens' wallet islands (loaded with the wallet machinery, not with the page). */
import { createContext, useContext, useState } from "react";

import { createWeb3Island } from "@/components/providers/createWeb3Island.tsx";

import type { BondPanelProps } from "./BondPanel.tsx";
import { BondSection } from "./BondSection.tsx";
import { QueueList } from "./QueueList.tsx";
import type { VerifierQueueProps } from "./VerifierQueue.tsx";

/** The rows, for the fallback: the server renders the list without buttons until the island loads. */
const QueueProps = createContext<VerifierQueueProps | null>(null);

function QueueFallback() {
  const props = useContext(QueueProps);
  if (!props) return null;
  const waiting = (
    <button type="button" className="btn btn-primary" disabled>
      Claim
    </button>
  );
  return <QueueList rows={props.rows} clockOffset={props.clockOffset} renderClaim={() => waiting} />;
}

const VerifierQueueIsland = createWeb3Island(() => import("./VerifierQueue.tsx"), { eager: true, fallback: <QueueFallback /> });

/** The queue with one-click claims. */
export function VerifierQueue(props: VerifierQueueProps) {
  return (
    <QueueProps.Provider value={props}>
      <VerifierQueueIsland {...props} />
    </QueueProps.Provider>
  );
}

/** The connected account's quorum seats and the pay the quorum owes it (appears once a wallet holding any is connected). */
export const MySeats = createWeb3Island(() => import("./MySeats.tsx"));

/** The connected account's claimed reviews (appears once a wallet is connected). */
export const MyReviews = createWeb3Island(() => import("./MyReviews.tsx"));

function BondFallback({ onOpen }: { onOpen?: () => void }) {
  return (
    <BondSection testId="bond-panel-fallback">
      <p className="text-sm text-muted">
        Anyone may join the bonded verifiers, without anyone&apos;s permission, by posting a bond in the native currency, and leave
        again with it after a delay.
      </p>
      <button type="button" className="btn btn-secondary" data-testid="bond-open" onClick={onOpen}>
        Show my bond
      </button>
    </BondSection>
  );
}

const BondPanelIsland = createWeb3Island(() => import("./BondPanel.tsx"), { eager: true, fallback: <BondFallback /> });

/**
 * The connected account's verifier bond: post, leave, withdraw. Its code (the form and its schema)
 * loads only when the visitor asks for it, even when the queue has loaded the wallet machinery, so
 * the page's first load does not carry it.
 */
export function BondPanel(props: BondPanelProps) {
  const [open, setOpen] = useState(false);
  if (!open) return <BondFallback onOpen={() => setOpen(true)} />;
  return <BondPanelIsland {...props} />;
}
