import { DevAccountsTable } from "@/components/home/DevAccountsTable.tsx";
import { VerifierRewards } from "@/components/home/index.tsx";
import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";

const ROLES = [
  {
    title: "Speculators",
    text: "Browse research projects, read their protocol and progress, and buy or sell a project's token on its bonding curve.",
  },
  {
    title: "Creators",
    text: "Publish a project: a code repository, a research statement, a benchmark with a metric, a measured baseline and token terms.",
  },
  {
    title: "Miners",
    text: "Improve the code off-line, then stake project tokens behind the code's root, the claimed score and the benchmark log.",
  },
  {
    title: "Verifiers",
    text: "Allowlisted reviewers claim proposals, re-run the benchmark on the hash-verified artifacts and approve or reject on-chain.",
  },
] as const;

/** A light home until the discovery board replaces it: what the product is, and the dev accounts. */
export default function HomePage() {
  const { devWallet } = getRuntimeConfig();
  return (
    <div className="mx-auto max-w-6xl space-y-10 px-4 py-10 sm:px-6 sm:py-14">
      <section className="max-w-3xl">
        <p className="text-sm font-medium tracking-wide text-brand uppercase">Open research market</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-balance sm:text-4xl">
          Fund, improve and verify open research.
        </h1>
        <p className="mt-4 text-lg text-pretty text-muted">
          Every research project has a token priced by a bonding curve. Miners stake it behind better code; allowlisted
          verifiers re-run the benchmark and settle each proposal on-chain. The artifacts — protocols, code, benchmark
          logs — live on 0G storage, known on-chain by their root hashes.
        </p>
      </section>

      <section aria-label="Who it is for" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {ROLES.map((role) => (
          <div key={role.title} className="card">
            <h2 className="font-semibold">{role.title}</h2>
            <p className="mt-2 text-sm text-muted">{role.text}</p>
          </div>
        ))}
      </section>

      <VerifierRewards />

      {devWallet ? (
        <section aria-labelledby="dev-accounts-title" className="space-y-3">
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
