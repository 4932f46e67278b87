import Link from "next/link";

import { WalletArea } from "@/components/wallet/index.tsx";

/** The header: brand and navigation (server-rendered) and the wallet area (client). */
export function SiteHeader() {
  return (
    <header className="z-30 sm:sticky sm:top-0 border-b border-line bg-surface/90 backdrop-blur">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-ink">
          <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-ink text-sm text-brand-soft">
            OR
          </span>
          <span className="text-base sm:text-lg">Open Research Market</span>
        </Link>
        <WalletArea />
      </div>
    </header>
  );
}
