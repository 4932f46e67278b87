"use client";

import { useEffect, useState, type RefObject } from "react";

/**
 * True once `ref`'s element has come within `rootMargin` of the viewport, and from then on. Charts
 * wait for it before fetching and evaluating their library, so a page's first screen is not held up
 * by a chart the reader has not scrolled to. Without IntersectionObserver it is true at once.
 */
export function useSeen(ref: RefObject<HTMLElement | null>, rootMargin = "200px"): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (seen || !element) return;
    if (typeof IntersectionObserver === "undefined") {
      setSeen(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setSeen(true);
          observer.disconnect();
        }
      },
      { rootMargin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, rootMargin, seen]);
  return seen;
}
