import type { Metadata } from "next";

import { DiscoveryBoard } from "@/components/discovery/DiscoveryBoard.tsx";
import { DevAccountsTable } from "@/components/home/DevAccountsTable.tsx";
import { VerifierRewards } from "@/components/home/index.tsx";
import { LiveUpdates } from "@/components/live/LiveUpdates.tsx";
import { parseDiscoveryQuery, type SearchParams } from "@/lib/discovery.ts";
import { renderedBlockOf } from "@/lib/live/renderedBlock.server.ts";
import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";

export const metadata: Metadata = { title: "Discover research projects" };

const ROLES = [
  { title: "Speculators", text: "Read a project's protocol and progress, and trade its token on its bonding curve." },
  { title: "Creators", text: "Publish a repository, a research statement, a benchmark with a metric and a measured baseline." },
  { title: "Miners", text: "Improve the code off-line, then stake project tokens behind the code's root and the claimed score." },
  { title: "Verifiers", text: "Re-run the benchmark on the hash-verified artifacts and approve or reject on-chain." },
] as const;

/**
 * Discovery: a short hero, then the board of projects (server-rendered from the indexer; search,
 * sort, filters and pages live in the URL). The board renders with the page rather than streaming in
 * behind a skeleton: its read takes milliseconds, and a streamed reveal costs the first screen a
 * script and a relayout (Lighthouse counted it); a sort or page change keeps the current board on
 * screen until the next one is ready. Below it, who the market is for, the connected
 * verifier's rewards, and on the local chain the dev accounts; the board follows the indexer by
 * itself (`LiveUpdates`: refreshed when a new block is indexed, from the page cache); the sections below the first screen
 * are laid out when they near the viewport (`.lazy-render`: a phone's first layout here took ~32 ms
 * with them, ~20 ms without, medians of eleven cold loads of a static copy).
 */
export default async function HomePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const query = parseDiscoveryQuery(await searchParams);
  const { devWallet } = getRuntimeConfig();
  return (
    <div className="mx-auto max-w-6xl space-y-8 px-4 py-8 sm:px-6 sm:py-10">
      <section className="max-w-3xl">
        <h1 className="text-3xl font-semibold tracking-tight text-balance sm:text-4xl">Fund, improve and verify open research.</h1>
        <p className="mt-3 text-base text-pretty text-muted sm:text-lg">
          Each project&apos;s token trades on a bonding curve; miners stake it behind better code and verifiers re-run the
          benchmark before the best score moves.
        </p>
      </section>

      <LiveUpdates renderedBlock={await renderedBlockOf()} />
      <DiscoveryBoard query={query} />

      <section aria-label="Who it is for" className="lazy-render grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {ROLES.map((role) => (
          <div key={role.title} className="card p-4">
            <h2 className="font-semibold">{role.title}</h2>
            <p className="mt-1 text-sm text-muted">{role.text}</p>
          </div>
        ))}
      </section>

      <VerifierRewards />

      {devWallet ? (
        <section aria-labelledby="dev-accounts-title" className="lazy-render space-y-3">
          <div>
            <h2 id="dev-accounts-title" className="text-lg font-semibold">Local chain: dev accounts</h2>
            <p className="mt-1 text-sm text-muted">
              Connect the <strong className="text-ink">Dev wallet — local chain</strong> to act as any of these accounts
              (the node signs for them; 10,000 ETH each). Switch accounts from the header.
            </p>
          </div>
          <DevAccountsTable />
        </section>
      ) : null}
    </div>
  );
}
