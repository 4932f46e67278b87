import { TradePanelSkeleton } from "@/components/trade/TradePanelSkeleton.tsx";

/** The project page while its data streams in: the header, the chart and the side column's frames. */
export function ProjectSkeleton() {
  return (
    <div className="mx-auto max-w-6xl space-y-6 px-4 py-6 sm:px-6 sm:py-8" aria-busy="true" aria-label="Loading the project">
      <div className="space-y-2">
        <div className="h-4 w-32 animate-pulse rounded bg-line/60" />
        <div className="h-8 w-2/3 animate-pulse rounded bg-line/60" />
      </div>
      <div className="card grid grid-cols-2 gap-4 sm:grid-cols-5">
        {Array.from({ length: 5 }, (_, index) => (
          <div key={index} className="h-10 animate-pulse rounded bg-line/40" />
        ))}
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="lg:col-start-2 lg:row-start-1">
          <TradePanelSkeleton />
        </div>
        <div className="card h-80 animate-pulse lg:col-start-1 lg:row-start-1" />
      </div>
    </div>
  );
}
