"use client";

/**
 * The app's link: `next/link` that prefetches when the visitor reaches for it (pointer over it,
 * focus, a touch) instead of as soon as it scrolls into view.
 *
 * Why: a discovery board or a project page shows a dozen links at once, and viewport prefetching
 * fetched every one of them (each a server render reading the chain and the indexer) right after the
 * page loaded — 10 to 16 requests whose payloads the browser parsed on the main thread while the
 * page was still hydrating (blocking them cut a load's main-thread work by about a third here), and
 * a burst of renders on a small server. A pointer rests on a link for a few hundred milliseconds
 * before the click, and a touch starts ~100 ms before it, so navigation still starts ahead.
 * `prefetch` set by the caller is kept as is.
 */
import NextLink from "next/link";
import { useRouter } from "next/navigation";
import type { ComponentProps, FocusEvent, PointerEvent, TouchEvent } from "react";

export type LinkProps = ComponentProps<typeof NextLink>;

export default function Link({ prefetch, href, onPointerEnter, onFocus, onTouchStart, ...rest }: LinkProps) {
  const router = useRouter();
  const target = typeof href === "string" ? href : undefined;
  // Only our own pages, and only when the caller left prefetching to us.
  const onIntent = prefetch === undefined && target?.startsWith("/") ? () => router.prefetch(target) : undefined;
  return (
    <NextLink
      {...rest}
      href={href}
      prefetch={prefetch ?? false}
      onPointerEnter={(event: PointerEvent<HTMLAnchorElement>) => {
        onIntent?.();
        onPointerEnter?.(event);
      }}
      onFocus={(event: FocusEvent<HTMLAnchorElement>) => {
        onIntent?.();
        onFocus?.(event);
      }}
      onTouchStart={(event: TouchEvent<HTMLAnchorElement>) => {
        onIntent?.();
        onTouchStart?.(event);
      }}
    />
  );
}
