"use client";

/**
 * A list whose new rows are marked as they arrive, without moving anything on screen in a jump.
 * Rows React inserts after the first render (a refresh brought a new trade) get the `live-arrival`
 * class for a moment, a background tint that fades. The rows they push down are put back where they
 * were, with a transform, in the same frame, and then slide to their new place: a transform is
 * not a layout shift (the reader's eye can follow it, and Cumulative Layout Shift does not count
 * it), where the plain insertion moved every row below it at once. When the list grows (it holds
 * fewer rows than its cap), what follows it on the page slides down the same way. Rows already there on the first
 * render are never marked. With reduced motion the rows move without the slide (and without a shift
 * being avoided: the tint stays, still).
 */
import { useEffect, useRef, type ComponentProps } from "react";

/** How long a new row stays marked (ms; the CSS animation's length). */
const MARKED_MS = 2_500;
/** How long the pushed rows take to slide to their new place (ms). */
const SLIDE_MS = 300;

/** Puts `rows` back `offset` px higher (where they were) and lets them slide down to where they are now. */
function slideFrom(rows: HTMLElement[], offset: number): void {
  for (const row of rows) {
    row.style.transition = "none";
    row.style.transform = `translateY(${-offset}px)`;
  }
  // The transforms above are painted in this frame; the next one starts the slide.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      for (const row of rows) {
        row.style.transition = `transform ${SLIDE_MS}ms ease-out`;
        row.style.transform = "";
      }
    }),
  );
}

/**
 * Everything laid out after `element` on the page: the following siblings of it and of each of its
 * ancestors (the sections below the list, the footer), which a change of the list's height moves.
 */
function followingOf(element: HTMLElement): HTMLElement[] {
  const after: HTMLElement[] = [];
  for (let node: HTMLElement | null = element; node && node !== document.body; node = node.parentElement) {
    for (let sibling = node.nextElementSibling; sibling; sibling = sibling.nextElementSibling) {
      if (sibling instanceof HTMLElement) after.push(sibling);
    }
  }
  return after;
}

export function ArrivalList(props: ComponentProps<"ol">) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const element = list.current;
    if (!element) return;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    // The list's height as last laid out (kept by the resize observer), to tell how far a change moved what follows.
    let height = element.getBoundingClientRect().height;
    const resizes = new ResizeObserver(() => {
      height = element.getBoundingClientRect().height;
    });
    resizes.observe(element);
    // MutationObserver callbacks run after React's commit and before the browser paints it.
    const observer = new MutationObserver((mutations) => {
      const added = new Set<HTMLElement>();
      for (const mutation of mutations) {
        for (const node of mutation.addedNodes) if (node instanceof HTMLElement) added.add(node);
      }
      if (added.size === 0) return;
      for (const node of added) {
        node.classList.add("live-arrival");
        const timer = setTimeout(() => {
          node.classList.remove("live-arrival");
          timers.delete(timer);
        }, MARKED_MS);
        timers.add(timer);
      }
      if (still) return;
      // Rows arrive at the top (newest first): the rows after the first new one moved down by the new rows' height.
      const rows = [...element.children].filter((child): child is HTMLElement => child instanceof HTMLElement);
      const first = rows.findIndex((row) => added.has(row));
      const pushed = rows.slice(first).filter((row) => !added.has(row));
      const offset = [...added].reduce((sum, row) => sum + row.getBoundingClientRect().height, 0);
      if (pushed.length && offset > 0) slideFrom(pushed, offset);
      // A list that grew (or shrank) moves the page below it by as much: that slides too.
      const grown = element.getBoundingClientRect().height - height;
      height += grown;
      if (Math.abs(grown) >= 1) slideFrom(followingOf(element), grown);
    });
    observer.observe(element, { childList: true });
    return () => {
      observer.disconnect();
      resizes.disconnect();
      for (const timer of timers) clearTimeout(timer);
    };
  }, []);
  return <ol ref={list} {...props} />;
}
