export function SiteFooter() {
  return (
    <footer className="border-t border-line">
      <div className="mx-auto max-w-6xl px-4 py-6 text-sm text-muted sm:px-6">
        Open Research Market — research projects with bonding-curve tokens, miners&apos; proposals and
        allowlisted verifiers; artifacts on 0G storage.
      </div>
    </footer>
  );
}
