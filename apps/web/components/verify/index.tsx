"use client";

/** The verifier screens' wallet islands (loaded with the wallet machinery, not with the page). */
import { createContext, useContext } from "react";

import { createWeb3Island } from "@/components/providers/createWeb3Island.tsx";

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

/** The connected account's claimed reviews (appears once a wallet is connected). */
export const MyReviews = createWeb3Island(() => import("./MyReviews.tsx"));

function BondFallback() {
  return (
    <BondSection testId="bond-panel-fallback">
      <p className="text-sm text-muted">
        Anyone may join the bonded verifiers, without anyone&apos;s permission, by posting a bond in the native currency, and leave
        again with it after a delay.
      </p>
      <button type="button" className="btn btn-secondary">
        Show my bond
      </button>
    </BondSection>
  );
}

/** The connected account's verifier bond: post, leave, withdraw (its code loads when the visitor reaches for it). */
export const BondPanel = createWeb3Island(() => import("./BondPanel.tsx"), { loadOnInteraction: true, fallback: <BondFallback /> });
