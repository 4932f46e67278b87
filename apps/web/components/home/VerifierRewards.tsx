"use client";

/**
 * The review fees the connected account earned as a verifier, per project (the same fee for every
 * verdict, `ProposalLedger.claimable`), with a claim button per project. Shown once a wallet is
 * connected; the verifier accounts of the seeded world have fees waiting.
 */
import { useAccount } from "wagmi";

import { ClaimRewardsButton } from "@/components/verify/ClaimRewardsButton.tsx";
import { useProtocolRead } from "@/hooks/useProtocolRead.ts";
import { useProtocolReads } from "@/hooks/useProtocolReads.ts";
import { useTargetChain } from "@/hooks/useTargetChain.ts";
import { getContractAddress } from "@orm/protocol/contracts";
import { formatTokenAmount } from "@orm/protocol/format";

/** Projects listed at most (the discovery board, backed by the indexer, lists them all). */
const MAX_PROJECTS = 50n;

type RewardRow = { projectId: bigint; claimable: bigint; settledReviews: bigint; token: `0x${string}` };

export default function VerifierRewards() {
  const { address, isConnected } = useAccount();
  const { chain } = useTargetChain();
  const ledger = getContractAddress("ProposalLedger", chain.id);
  const registry = getContractAddress("ProjectRegistry", chain.id);
  const { data: projectCount } = useProtocolRead({ contractName: "ProjectRegistry", functionName: "nextProjectId" });
  const ids: bigint[] = [];
  for (let id = 0n; id < (projectCount ?? 0n) && id < MAX_PROJECTS; id++) ids.push(id);

  const { data: perProject, isLoading } = useProtocolReads({
    allowFailure: false,
    contracts: ids.flatMap((projectId) => [
      { contractName: "ProposalLedger", functionName: "claimable", args: [projectId, address!] } as const,
      { contractName: "ProposalLedger", functionName: "settledReviewsOf", args: [projectId, address!] } as const,
      { contractName: "ProjectRegistry", functionName: "tokenOf", args: [projectId] } as const,
    ]),
    enabled: Boolean(address && ledger && registry && ids.length),
  });

  const rows: RewardRow[] = [];
  if (perProject) {
    ids.forEach((projectId, index) => {
      const [claimable, settledReviews, token] = perProject.slice(index * 3, index * 3 + 3) as [bigint, bigint, `0x${string}`];
      if (claimable > 0n || settledReviews > 0n) rows.push({ projectId, claimable, settledReviews, token });
    });
  }

  const { data: tokenData } = useProtocolReads({
    allowFailure: false,
    contracts: rows.flatMap((row) => [
      { contractName: "ProjectToken", address: row.token, functionName: "symbol" } as const,
      { contractName: "ProjectToken", address: row.token, functionName: "balanceOf", args: [address!] } as const,
    ]),
    enabled: Boolean(address && rows.length),
  });

  if (!isConnected || !address) return null;

  return (
    <section aria-labelledby="verifier-rewards-title" className="card" data-testid="verifier-rewards">
      <h2 id="verifier-rewards-title" className="text-lg font-semibold">Review fees</h2>
      <p className="mt-1 text-sm text-muted">
        Each review you settle earns you the proposal&apos;s review fee (the project&apos;s minimum stake when it was submitted), the same
        whether you approve, mark it superseded or reject it. Fees are paid in the project&apos;s token; claim them per project.
      </p>
      {!ledger ? (
        <p className="mt-4 text-sm">The protocol is not deployed on {chain.name}.</p>
      ) : isLoading || !perProject ? (
        <p className="mt-4 text-sm text-muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="mt-4 text-sm" data-testid="no-verifier-rewards">This account has settled no reviews and has no review fees to claim.</p>
      ) : (
        <ul className="mt-4 divide-y divide-line">
          {rows.map((row, index) => {
            const symbol = tokenData?.[index * 2] as string | undefined;
            const held = tokenData?.[index * 2 + 1] as bigint | undefined;
            return (
              <li key={row.projectId.toString()} data-testid={`verifier-reward-${row.projectId}`} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="min-w-0">
                  <p className="font-medium">
                    Project #{row.projectId.toString()} {symbol ? <span className="text-muted">· {symbol}</span> : null}
                  </p>
                  <dl className="mt-1 flex flex-wrap gap-x-5 gap-y-1 text-sm text-muted">
                    <div className="flex gap-1.5">
                      <dt>Reviews settled</dt>
                      <dd className="num text-ink">{row.settledReviews.toString()}</dd>
                    </div>
                    <div className="flex gap-1.5">
                      <dt>Claimable</dt>
                      <dd className="num text-ink" data-testid={`claimable-${row.projectId}`}>{formatTokenAmount(row.claimable)}</dd>
                    </div>
                    <div className="flex gap-1.5">
                      <dt>You hold</dt>
                      <dd className="num text-ink" data-testid={`held-${row.projectId}`}>{held === undefined ? "…" : formatTokenAmount(held)}</dd>
                    </div>
                  </dl>
                </div>
                <ClaimRewardsButton projectId={row.projectId} disabled={row.claimable === 0n} testId={`claim-${row.projectId}`} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
