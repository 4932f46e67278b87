"use client";

/**
 * One account's portfolio. Which tokens it holds, its stakes, rewards, review fees earned as a verifier and
 * reputation come from the indexer (`/accounts/:address`); what each holding is worth comes from the
 * chain: the balance (`balanceOf`) and what selling all of it would pay (`quoteSell(balance)`). The
 * cost basis is the average cost of the tokens still held, from the account's own trades
 * (lib/trade.ts `averageCostBasis`). A bonded verifier's line (VerifierLine.tsx) says its bond, the
 * part its open review seats lock, the quorum pay it may withdraw and the penalties it lost. When the
 * indexer cannot be reached the page says so and lists holdings by scanning the projects on the
 * chain (bounded), without costs.
 *
 * The skeleton stays until the indexer has answered (or failed, and then until the chain has): what
 * it says decides which lines and sections there are, and a line arriving later pushes everything
 * below it down (the verifier line did: a bonded account's phone load shifted 0.064-0.076; 0 now).
 */
import { useQueries, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Address } from "viem";
import { useAccount, useBalance } from "wagmi";

import { FALLBACK_REFETCH_MS } from "@/components/live/liveStream.ts";
import Link from "@/components/layout/Link.tsx";
import { ClaimRewardsButton } from "@/components/verify/ClaimRewardsButton.tsx";
import { useProtocolRead } from "@/hooks/useProtocolRead.ts";
import { useProtocolReads } from "@/hooks/useProtocolReads.ts";
import { useTargetChain } from "@/hooks/useTargetChain.ts";
import { getContractAddress } from "@orm/protocol/contracts";
import { formatEth, formatTokenAmount, projectNameOf, shortenAddress } from "@orm/protocol/format";
import { createIndexerClient, PROPOSAL_STATUS_LABELS, type Account, type IndexerClient, type Trade } from "@/lib/indexer.ts";
import { averageCostBasis, costBasisOfBalance, toCostBasisTrades } from "@/lib/trade.ts";

import { PortfolioSkeleton } from "./PortfolioSkeleton.tsx";
import { useVerifierPosition, VerifierLine } from "./VerifierLine.tsx";

/** Projects scanned on the chain when the indexer is down (the index lists them all otherwise). */
const MAX_SCANNED_PROJECTS = 50n;
/** Trades read per project for the cost basis: pages of 500, at most this many pages. */
const MAX_TRADE_PAGES = 10;

type HoldingSource = { projectId: bigint; token: Address; name: string; symbol: string };

type HoldingRow = HoldingSource & {
  balance: bigint | undefined;
  value: bigint | undefined;
  costBasis: bigint | undefined;
};

/** All of an account's trades on one project (newest first, as the indexer pages them). */
async function fetchAllTrades(indexer: IndexerClient, projectId: bigint, trader: Address, signal: AbortSignal): Promise<Trade[]> {
  const trades: Trade[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_TRADE_PAGES; page++) {
    const result = await indexer.trades(projectId, { trader, limit: 500, cursor }, signal);
    trades.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return trades;
}

/** "+0.0123 ETH" / "-0.0123 ETH": a gain or loss ("< 0.0001 ETH" keeps its own sign-less form). */
function formatSignedEth(wei: bigint, symbol: string): string {
  const text = formatEth(wei, { symbol });
  return wei > 0n && /^\d/.test(text) ? `+${text}` : text;
}

function pnlClass(wei: bigint | undefined): string {
  if (wei === undefined || wei === 0n) return "text-ink";
  return wei > 0n ? "text-brand" : "text-warn";
}

/** Holdings found on the chain alone: every project's token (up to a bound) where the balance is not zero. */
function useChainHoldingSources(address: Address, enabled: boolean): { sources: HoldingSource[]; loading: boolean } {
  const { chain } = useTargetChain();
  const registry = getContractAddress("ProjectRegistry", chain.id);
  const { data: projectCount } = useProtocolRead({ contractName: "ProjectRegistry", functionName: "nextProjectId", enabled });
  const ids: bigint[] = [];
  for (let id = 0n; id < (projectCount ?? 0n) && id < MAX_SCANNED_PROJECTS; id++) ids.push(id);
  const { data: tokenData } = useProtocolReads({
    allowFailure: false,
    contracts: ids.map((id) => ({ contractName: "ProjectRegistry", functionName: "tokenOf", args: [id] }) as const),
    enabled: enabled && ids.length > 0 && Boolean(registry),
  });
  const tokens = tokenData as Address[] | undefined;
  const { data: details, isLoading } = useProtocolReads({
    allowFailure: false,
    contracts: (tokens ?? []).flatMap((token) => [
      { contractName: "ProjectToken", address: token, functionName: "balanceOf", args: [address] } as const,
      { contractName: "ProjectToken", address: token, functionName: "name" } as const,
      { contractName: "ProjectToken", address: token, functionName: "symbol" } as const,
    ]),
    enabled: enabled && Boolean(tokens?.length),
    refetchInterval: FALLBACK_REFETCH_MS,
  });
  const sources: HoldingSource[] = [];
  (tokens ?? []).forEach((token, index) => {
    const [balance, name, symbol] = (details?.slice(index * 3, index * 3 + 3) ?? []) as [bigint?, string?, string?];
    if (balance && balance > 0n) sources.push({ projectId: ids[index]!, token, name: name ?? `Project #${ids[index]}`, symbol: symbol ?? "" });
  });
  return { sources, loading: enabled && (projectCount === undefined || isLoading) };
}

function Stat({ label, value, testId, className = "" }: { label: string; value: string; testId?: string; className?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className={`num truncate text-sm ${className}`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export function PortfolioView({ address }: { address: Address }) {
  const { address: connected } = useAccount();
  const isOwn = connected?.toLowerCase() === address.toLowerCase();
  const { chain } = useTargetChain();
  const native = chain.nativeCurrency.symbol;
  const indexer = useMemo(() => createIndexerClient(), []);
  const ledger = getContractAddress("ProposalLedger", chain.id);

  const accountQuery = useQuery({
    queryKey: ["indexer", "account", address.toLowerCase()],
    queryFn: ({ signal }) => indexer.account(address, signal),
    refetchInterval: FALLBACK_REFETCH_MS,
    retry: 1,
  });
  const account: Account | undefined = accountQuery.data;
  // A failed refetch after a good answer keeps the last answer on screen, with the notice.
  const indexerDown = accountQuery.isError;
  const projectsQuery = useQuery({
    queryKey: ["indexer", "projects", "names"],
    queryFn: ({ signal }) => indexer.projects({ sort: "newest", limit: 100 }, signal),
    enabled: !indexerDown,
    staleTime: 60_000,
  });
  const projectNames = new Map((projectsQuery.data?.items ?? []).map((project) => [project.id, project] as const));
  const projectLabel = (projectId: string) => {
    const project = projectNames.get(projectId);
    return project ? `${projectNameOf(project)} (${project.symbol})` : `Project #${projectId}`;
  };
  const symbolOf = (projectId: string) => projectNames.get(projectId)?.symbol ?? "";

  const chainScan = useChainHoldingSources(address, indexerDown && !account);
  const sources: HoldingSource[] = account
    ? account.holdings.map((holding) => ({
        projectId: BigInt(holding.projectId),
        token: holding.token,
        name: projectNameOf(holding),
        symbol: holding.symbol,
      }))
    : chainScan.sources;

  // ---- the chain's word on each holding: balance, then what selling all of it pays
  const balancesRead = useProtocolReads({
    allowFailure: false,
    contracts: sources.map((source) => ({ contractName: "ProjectToken", address: source.token, functionName: "balanceOf", args: [address] }) as const),
    enabled: sources.length > 0,
    refetchInterval: FALLBACK_REFETCH_MS,
  });
  const balances = balancesRead.data;
  const quotesRead = useProtocolReads({
    allowFailure: true,
    contracts: sources.map((source, index) => ({
      contractName: "ProjectToken",
      address: source.token,
      functionName: "quoteSell",
      args: [balances?.[index] ?? 0n],
    }) as const),
    enabled: Boolean(balances) && sources.length > 0,
    refetchInterval: FALLBACK_REFETCH_MS,
  });
  const tradeQueries = useQueries({
    queries: sources.map((source) => ({
      queryKey: ["indexer", "trades", source.projectId.toString(), address.toLowerCase()],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchAllTrades(indexer, source.projectId, address, signal),
      enabled: Boolean(account),
      refetchInterval: FALLBACK_REFETCH_MS * 2,
    })),
  });

  const rows: HoldingRow[] = sources
    .map((source, index) => {
      const balance = balances?.[index];
      const quote = quotesRead.data?.[index];
      const value = balance === 0n ? 0n : quote?.status === "success" ? quote.result : undefined;
      const trades = tradeQueries[index]?.data;
      const costBasis =
        trades && balance !== undefined ? costBasisOfBalance(balance, averageCostBasis(toCostBasisTrades(trades))) : undefined;
      return { ...source, balance, value, costBasis };
    })
    // the index can lag the chain by a block: a holding sold off entirely is gone
    .filter((row) => row.balance === undefined || row.balance > 0n);

  const { data: ethBalance } = useBalance({ address, chainId: chain.id, query: { refetchInterval: FALLBACK_REFETCH_MS } });
  // the verifier line: the registry's and the quorum's figures (so it shows with the indexer down too)
  const verifier = useVerifierPosition({ address, account, refetchInterval: FALLBACK_REFETCH_MS });

  // ---- review fees: the indexer lists the projects, the chain says what is claimable now
  const earnings = account?.verifierEarnings ?? [];
  const claimablesRead = useProtocolReads({
    allowFailure: false,
    contracts: earnings.map((earning) => ({
      contractName: "ProposalLedger",
      functionName: "claimable",
      args: [BigInt(earning.projectId), address],
    }) as const),
    enabled: Boolean(ledger) && earnings.length > 0,
    refetchInterval: FALLBACK_REFETCH_MS,
  });

  const rewardsByProject = new Map<string, bigint>();
  for (const reward of account?.rewards ?? []) {
    rewardsByProject.set(reward.projectId, (rewardsByProject.get(reward.projectId) ?? 0n) + BigInt(reward.amount));
  }
  const loadingHoldings = account ? balancesRead.isLoading : indexerDown ? chainScan.loading : accountQuery.isLoading;
  const totalValue =
    !loadingHoldings && rows.every((row) => row.value !== undefined) ? rows.reduce((sum, row) => sum + row.value!, 0n) : undefined;
  const totalCost =
    !loadingHoldings && rows.every((row) => row.costBasis !== undefined) ? rows.reduce((sum, row) => sum + row.costBasis!, 0n) : undefined;
  const totalPnl = totalValue !== undefined && totalCost !== undefined ? totalValue - totalCost : undefined;
  const reputation = account?.reputation;

  if (!account && !(indexerDown && !verifier.loading)) return <PortfolioSkeleton />;
  return (
    <div className="space-y-6" data-testid="portfolio">
      <section className="card">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-lg font-semibold">{isOwn ? "Your portfolio" : "Portfolio"}</h2>
          <p className="num min-w-0 text-xs break-all text-muted" data-testid="portfolio-address" title={address}>
            {address}
          </p>
        </div>
        <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Stat label="Holdings value (sell quote)" value={totalValue === undefined ? "…" : formatEth(totalValue, { symbol: native })} testId="portfolio-total-value" />
          <Stat label="Cost basis" value={indexerDown ? "—" : totalCost === undefined ? "…" : formatEth(totalCost, { symbol: native })} testId="portfolio-total-cost" />
          <Stat
            label="Unrealised P&L"
            value={indexerDown ? "—" : totalPnl === undefined ? "…" : formatSignedEth(totalPnl, native)}
            testId="portfolio-total-pnl"
            className={pnlClass(totalPnl)}
          />
          <Stat label={`${native} balance`} value={ethBalance ? formatEth(ethBalance.value, { symbol: native }) : "…"} testId="portfolio-eth-balance" />
        </dl>
        {verifier.position ? <VerifierLine position={verifier.position} symbol={native} /> : null}
      </section>

      {indexerDown ? (
        <p className="rounded-lg border border-warn/30 bg-warn-soft px-4 py-3 text-sm text-warn" role="status" data-testid="indexer-down">
          The indexer could not be reached, so costs, stakes, rewards and reputation are unavailable. Holdings below are read
          from the chain alone (the first {MAX_SCANNED_PROJECTS.toString()} projects).
        </p>
      ) : null}

      <section aria-labelledby="holdings-title" className="card">
        <h2 id="holdings-title" className="text-lg font-semibold">Holdings</h2>
        <p className="mt-1 text-sm text-muted">
          Value is what selling the whole holding would pay now (the contract&apos;s quote). Cost basis is the average cost
          of the tokens still held, from this account&apos;s own trades; tokens received as rewards count at no cost.
        </p>
        {/* Rows known from the indexer are drawn at once with dashes for what the chain has not
            answered yet: growing the list when the balances arrive pushed the sections below down. */}
        {loadingHoldings && rows.length === 0 ? (
          <p className="mt-4 text-sm text-muted">Loading…</p>
        ) : rows.length === 0 ? (
          <p className="mt-4 text-sm" data-testid="no-holdings">
            This account holds no project tokens.
          </p>
        ) : (
          <ul className="mt-4 divide-y divide-line">
            {rows.map((row) => {
              const id = row.projectId.toString();
              const pnl = row.value !== undefined && row.costBasis !== undefined ? row.value - row.costBasis : undefined;
              return (
                <li key={id} className="py-3" data-testid={`holding-${id}`}>
                  <p className="min-w-0 truncate font-medium">
                    <Link href={`/projects/${id}`} className="hover:text-brand hover:underline">
                      {row.name}
                    </Link>{" "}
                    <span className="text-sm text-muted">{row.symbol}</span>
                  </p>
                  <dl className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4">
                    <Stat label="Balance" value={row.balance === undefined ? "…" : formatTokenAmount(row.balance)} testId={`holding-balance-${id}`} />
                    <Stat label="Value (sell quote)" value={row.value === undefined ? "…" : formatEth(row.value, { symbol: native })} testId={`holding-value-${id}`} />
                    <Stat
                      label="Cost basis"
                      value={indexerDown ? "—" : row.costBasis === undefined ? "…" : formatEth(row.costBasis, { symbol: native })}
                      testId={`holding-cost-${id}`}
                    />
                    <Stat
                      label="Unrealised P&L"
                      value={indexerDown ? "—" : pnl === undefined ? "…" : formatSignedEth(pnl, native)}
                      testId={`holding-pnl-${id}`}
                      className={pnlClass(pnl)}
                    />
                  </dl>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      {account ? (
        <>
          <section aria-labelledby="stakes-title" className="card">
            <h2 id="stakes-title" className="text-lg font-semibold">Stakes in open proposals</h2>
            {account.stakes.length === 0 ? (
              <p className="mt-3 text-sm text-muted" data-testid="no-stakes">No open proposals staked.</p>
            ) : (
              <ul className="mt-3 divide-y divide-line">
                {account.stakes.map((stake) => (
                  <li key={stake.id} className="flex flex-wrap items-center justify-between gap-2 py-2.5 text-sm" data-testid={`stake-${stake.id}`}>
                    <Link href={`/proposals/${stake.id}`} className="min-w-0 font-medium hover:text-brand hover:underline">
                      Proposal #{stake.id} · <span className="text-muted">{projectLabel(stake.projectId)}</span>
                    </Link>
                    <span className="flex items-center gap-2">
                      <span className="num">{formatTokenAmount(BigInt(stake.stake), symbolOf(stake.projectId) || undefined)}</span>
                      <span className="badge bg-brand-soft text-brand-strong">{PROPOSAL_STATUS_LABELS[stake.status]}</span>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="rewards-title" className="card">
            <h2 id="rewards-title" className="text-lg font-semibold">Rewards earned</h2>
            <p className="mt-1 text-sm text-muted">Tokens minted from a project&apos;s miner pool for approved proposals.</p>
            {rewardsByProject.size === 0 ? (
              <p className="mt-3 text-sm text-muted" data-testid="no-rewards">No miner rewards yet.</p>
            ) : (
              <ul className="mt-3 divide-y divide-line">
                {[...rewardsByProject].map(([projectId, amount]) => (
                  <li key={projectId} className="flex flex-wrap items-center justify-between gap-2 py-2.5 text-sm" data-testid={`reward-${projectId}`}>
                    <Link href={`/projects/${projectId}`} className="min-w-0 hover:text-brand hover:underline">
                      {projectLabel(projectId)}
                    </Link>
                    <span className="num">{formatTokenAmount(amount, symbolOf(projectId) || undefined)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="earnings-title" className="card">
            <h2 id="earnings-title" className="text-lg font-semibold">Review fees</h2>
            <p className="mt-1 text-sm text-muted">
              Every review a verifier settles (approve, superseded or reject) earns it the proposal&apos;s review fee, the project&apos;s minimum
              stake when the proposal was submitted: the same for any verdict, paid in the project&apos;s token and claimable per project.
            </p>
            {earnings.length === 0 ? (
              <p className="mt-3 text-sm text-muted" data-testid="no-verifier-earnings">No review fees earned.</p>
            ) : (
              <ul className="mt-3 divide-y divide-line">
                {earnings.map((earning, index) => {
                  const claimable = claimablesRead.data?.[index] as bigint | undefined;
                  return (
                    <li key={earning.projectId} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid={`verifier-earning-${earning.projectId}`}>
                      <div className="min-w-0">
                        <p className="font-medium">{projectLabel(earning.projectId)}</p>
                        <dl className="mt-1 flex flex-wrap gap-x-5 gap-y-1 text-sm text-muted">
                          <div className="flex gap-1.5">
                            <dt>Reviews settled</dt>
                            <dd className="num text-ink">{earning.settledReviews}</dd>
                          </div>
                          <div className="flex gap-1.5">
                            <dt>Fees earned</dt>
                            <dd className="num text-ink">{formatTokenAmount(BigInt(earning.earned))}</dd>
                          </div>
                          <div className="flex gap-1.5">
                            <dt>Claimable</dt>
                            <dd className="num text-ink" data-testid={`portfolio-claimable-${earning.projectId}`}>
                              {claimable === undefined ? "…" : formatTokenAmount(claimable)}
                            </dd>
                          </div>
                        </dl>
                      </div>
                      {isOwn && claimable !== undefined && claimable > 0n ? (
                        <ClaimRewardsButton projectId={BigInt(earning.projectId)} text="Claim" testId={`portfolio-claim-${earning.projectId}`} />
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>

          <section aria-labelledby="reputation-title" className="card" data-testid="reputation">
            <h2 id="reputation-title" className="text-lg font-semibold">Reputation</h2>
            {reputation ? (
              <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-3">
                <Stat label="Proposals accepted" value={String(reputation.proposalsAccepted)} testId="reputation-accepted" />
                <Stat label="Proposals rejected" value={String(reputation.proposalsRejected)} testId="reputation-rejected" />
                <Stat label="Proposals submitted" value={String(reputation.proposalsSubmitted)} />
                {/* No "total improvement": the indexer sums raw fixed-point gains across projects whose scales and units differ, a number no one can read. */}
                <Stat label="Reviews settled" value={String(reputation.reviewsSettled)} testId="reputation-reviews" />
                <Stat label="Reviews contradicted" value={String(reputation.reviewsContradicted)} testId="reputation-contradicted" />
              </dl>
            ) : (
              <p className="mt-3 text-sm text-muted">No proposals or reviews yet.</p>
            )}
          </section>
        </>
      ) : null}

      {!isOwn && connected ? (
        <p className="text-sm text-muted">
          A read-only view of {shortenAddress(address)}.{" "}
          <Link href="/portfolio" className="text-brand hover:underline">
            Your own portfolio
          </Link>
        </p>
      ) : null}
    </div>
  );
}
