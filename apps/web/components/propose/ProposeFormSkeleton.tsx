/** What the server renders where the proposal form will be, until the wallet machinery is loaded. */
export function ProposeFormSkeleton() {
  return (
    <section className="card space-y-4" aria-busy="true" data-testid="propose-form-loading">
      <h2 className="font-semibold">Your proposal</h2>
      <p className="text-sm text-muted">Loading the form…</p>
      <div className="space-y-3" aria-hidden>
        {[0, 1, 2, 3].map((row) => (
          <div key={row} className="h-10 animate-pulse rounded-lg bg-canvas" />
        ))}
      </div>
    </section>
  );
}
