import { ChainStatusNotice } from "@/components/live/ChainStatusNotice.tsx";

/**
 * The footer, and the notice that the chain is not answering: a bar fixed along the window's bottom
 * edge on every page (mounted here because no ancestor of the footer has a filter, which would make
 * a fixed bar sit in that ancestor instead of the window, as the header's backdrop blur would).
 */
export function SiteFooter() {
  return (
    <footer className="border-t border-line">
      <div className="mx-auto max-w-6xl px-4 py-6 text-sm text-muted sm:px-6">
        Open Research Market — research projects with bonding-curve tokens, miners&apos; proposals and
        allowlisted verifiers; artifacts on 0G storage.
      </div>
      <ChainStatusNotice />
    </footer>
  );
}
