/** The frame of the verify page's bond panel, shared by the panel and its fallback before the wallet machinery loads. */
import type { ReactNode } from "react";

export function BondSection({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <section className="card space-y-3" aria-labelledby="bond-title" data-testid={testId}>
      <h2 id="bond-title" className="text-lg font-semibold">
        Your verifier bond
      </h2>
      {children}
    </section>
  );
}
