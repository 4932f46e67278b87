import Link from "@/components/layout/Link.tsx";
import { WalletArea } from "@/components/wallet/index.tsx";

import { PhoneNav } from "./PhoneNav.tsx";

/** The app's screens, in the order a newcomer meets them. */
const NAV = [
  { href: "/", label: "Discover" },
  { href: "/portfolio", label: "Portfolio" },
  { href: "/create", label: "Publish" },
  { href: "/verify", label: "Verify" },
] as const;

const NAV_LINK = "rounded-md px-2 py-1 text-muted hover:bg-brand-soft/40 hover:text-ink";

/**
 * The header: brand and navigation (server-rendered) and the wallet area (client), in one row of a
 * fixed height at every width, sticky, so it stays reachable and nothing under it moves when the
 * wallet area changes (reconnecting swaps "Connect wallet" for the account in place). What makes it
 * fit a phone: the brand's words show from `lg`, the navigation folds into a menu below `sm`, and
 * the wallet area drops its balance and labels there (see `WalletArea`).
 */
export function SiteHeader() {
  return (
    <header className="sticky top-0 z-30 border-b border-line bg-surface/90 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-2 px-3 sm:gap-4 sm:px-6">
        <div className="flex min-w-0 items-center gap-2 sm:gap-6">
          <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold tracking-tight text-ink" aria-label="Open Research Market">
            <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-ink text-sm text-brand-soft">
              OR
            </span>
            <span aria-hidden className="hidden text-lg lg:inline">
              Open Research Market
            </span>
          </Link>
          <nav aria-label="Main" className="hidden items-center gap-1 text-sm sm:flex">
            {NAV.map((item) => (
              <Link key={item.href} href={item.href} className={NAV_LINK}>
                {item.label}
              </Link>
            ))}
          </nav>
          <PhoneNav>
            {NAV.map((item) => (
              <Link key={item.href} href={item.href} className={`${NAV_LINK} block px-3 py-2 text-base`}>
                {item.label}
              </Link>
            ))}
          </PhoneNav>
        </div>
        <WalletArea />
      </div>
    </header>
  );
}
