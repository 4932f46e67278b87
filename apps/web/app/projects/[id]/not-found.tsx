import Link from "@/components/layout/Link.tsx";

/** An id that names no project (not a number, or past the last project). */
export default function ProjectNotFound() {
  return (
    <div className="mx-auto max-w-xl px-4 py-16 text-center sm:px-6" data-testid="not-found">
      <p className="text-sm font-medium tracking-wide text-brand uppercase">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">This project does not exist.</h1>
      <p className="mt-3 text-muted">No project has this id. It may not have been published yet, or the address is mistyped.</p>
      <Link href="/" className="btn btn-primary mt-6">
        Discover projects
      </Link>
    </div>
  );
}
