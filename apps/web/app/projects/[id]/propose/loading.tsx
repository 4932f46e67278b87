import { ProposeFormSkeleton } from "@/components/propose/ProposeFormSkeleton.tsx";

/**
 * Shown while the propose page reads the project's terms from the chain. At least a screen tall, so
 * the footer does not show under the skeleton and then jump away when the longer form arrives.
 */
export default function Loading() {
  return (
    <div className="mx-auto min-h-dvh max-w-5xl space-y-6 px-4 py-8 sm:px-6 sm:py-10">
      <div className="space-y-3">
        <div className="h-4 w-40 animate-pulse rounded bg-line/60" />
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Propose an improvement</h1>
        <div className="h-5 w-full max-w-xl animate-pulse rounded bg-line/40" />
      </div>
      <ProposeFormSkeleton />
    </div>
  );
}
