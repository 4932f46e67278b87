"use client";

import type { MouseEvent, ReactNode } from "react";

/**
 * The navigation on a phone: a menu button that opens the links over the page (a `<details>`, so it
 * works before any script runs and takes no room when closed). Following a link closes it: the
 * header stays on screen across client-side navigations, and an open menu would cover the new page.
 */
export function PhoneNav({ children }: { children: ReactNode }) {
  const close = (event: MouseEvent<HTMLElement>) => {
    if ((event.target as HTMLElement).closest("a")) event.currentTarget.closest("details")?.removeAttribute("open");
  };
  return (
    <details className="relative sm:hidden">
      <summary
        aria-label="Menu"
        data-testid="phone-menu"
        className="grid size-10 cursor-pointer list-none place-items-center rounded-lg border border-line bg-surface text-ink [&::-webkit-details-marker]:hidden"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
          <path d="M3 5h14M3 10h14M3 15h14" />
        </svg>
      </summary>
      <nav aria-label="Main" onClick={close} className="absolute left-0 top-12 z-40 w-48 rounded-xl border border-line bg-surface p-1 shadow-lg">
        {children}
      </nav>
    </details>
  );
}
