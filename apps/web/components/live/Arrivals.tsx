"use client";

/**
 * A list whose new rows are marked as they arrive: rows React inserts after the first render (a
 * refresh brought a new trade) get the `live-arrival` class for a moment, a background tint that
 * fades (no size or position change, so nothing moves but the rows the new one pushes down). Rows
 * already there on the first render are never marked.
 */
import { useEffect, useRef, type ComponentProps } from "react";

/** How long a new row stays marked (ms; the CSS animation's length). */
const MARKED_MS = 2_500;

export function ArrivalList(props: ComponentProps<"ol">) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const element = list.current;
    if (!element) return;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const observer = new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        for (const node of mutation.addedNodes) {
          if (!(node instanceof HTMLElement)) continue;
          node.classList.add("live-arrival");
          const timer = setTimeout(() => {
            node.classList.remove("live-arrival");
            timers.delete(timer);
          }, MARKED_MS);
          timers.add(timer);
        }
      }
    });
    observer.observe(element, { childList: true });
    return () => {
      observer.disconnect();
      for (const timer of timers) clearTimeout(timer);
    };
  }, []);
  return <ol ref={list} {...props} />;
}
