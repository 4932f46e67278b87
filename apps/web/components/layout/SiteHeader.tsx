import Link from "@/components/layout/Link.tsx";
import { WalletArea } from "@/components/wallet/index.tsx";

/** The app's screens, in the order a newcomer meets them. */
const NAV = [
  { href: "/", label: "Discover" },
  { href: "/portfolio", label: "Portfolio" },
  { href: "/create", label: "Publish" },
  { href: "/verify", label: "Verify" },
] as const;

/** The header: brand and navigation (server-rendered) and the wallet area (client). */
export function SiteHeader() {
  return (
    <header className="z-30 sm:sticky sm:top-0 border-b border-line bg-surface/90 backdrop-blur">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-ink">
            <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-ink text-sm text-brand-soft">
              OR
            </span>
            <span className="text-base sm:text-lg">Open Research Market</span>
          </Link>
          <nav aria-label="Main" className="flex items-center gap-1 text-sm">
            {NAV.map((item) => (
              <Link key={item.href} href={item.href} className="rounded-md px-2 py-1 text-muted hover:bg-brand-soft/40 hover:text-ink">
                {item.label}
              </Link>
            ))}
          </nav>
        </div>
        <WalletArea />
      </div>
    </header>
  );
}
