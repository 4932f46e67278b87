import Link from "@/components/layout/Link.tsx";

/** Any unknown address in the app. */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl px-4 py-16 text-center sm:px-6" data-testid="not-found">
      <p className="text-sm font-medium tracking-wide text-brand uppercase">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">This page does not exist.</h1>
      <p className="mt-3 text-muted">The address may be mistyped, or what it pointed to was never published.</p>
      <Link href="/" className="btn btn-primary mt-6">
        Discover projects
      </Link>
    </div>
  );
}
