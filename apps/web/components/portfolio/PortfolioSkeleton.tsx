/** The portfolio's placeholder while the wallet machinery and the first reads load. */
export function PortfolioSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" data-testid="portfolio-skeleton">
      {[0, 1, 2].map((index) => (
        <div key={index} className="card space-y-3">
          <div className="h-5 w-1/3 animate-pulse rounded bg-canvas" />
          <div className="h-4 w-full animate-pulse rounded bg-canvas" />
          <div className="h-4 w-2/3 animate-pulse rounded bg-canvas" />
        </div>
      ))}
    </div>
  );
}
