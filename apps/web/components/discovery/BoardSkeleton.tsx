/** The board's placeholder while its projects load (no numbers, the same frame). */
export function BoardSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div aria-busy="true" aria-label="Loading projects" className="space-y-4" data-testid="board-skeleton">
      <div className="h-10 animate-pulse rounded-lg bg-line/60" />
      <div className="h-7 w-2/3 animate-pulse rounded-full bg-line/60" />
      <div className="card divide-y divide-line p-0">
        {Array.from({ length: rows }, (_, index) => (
          <div key={index} className="flex flex-col gap-2 p-4 lg:flex-row lg:items-center lg:gap-6">
            <div className="h-5 w-48 animate-pulse rounded bg-line/60" />
            <div className="h-4 flex-1 animate-pulse rounded bg-line/40" />
          </div>
        ))}
      </div>
    </div>
  );
}
