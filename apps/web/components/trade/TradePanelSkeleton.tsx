/** The trade panel's placeholder: the same frame as the panel, without numbers (no wallet code). */
export function TradePanelSkeleton() {
  return (
    <section className="card" aria-label="Trade" aria-busy="true" data-testid="trade-panel-skeleton">
      <div className="flex gap-2">
        <div className="h-10 flex-1 animate-pulse rounded-lg bg-canvas" />
        <div className="h-10 flex-1 animate-pulse rounded-lg bg-canvas" />
      </div>
      <div className="mt-4 h-10 animate-pulse rounded-lg bg-canvas" />
      <div className="mt-4 space-y-2">
        <div className="h-4 w-2/3 animate-pulse rounded bg-canvas" />
        <div className="h-4 w-1/2 animate-pulse rounded bg-canvas" />
      </div>
      <div className="mt-4 h-10 animate-pulse rounded-lg bg-canvas" />
    </section>
  );
}
