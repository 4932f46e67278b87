/**
 * `research status [<project-id>]`: without an id, every project (named by its protocol's title, the
 * token's symbol beside it) with its baseline, best and open proposals; with one, the project's best, its best-score history (BestUpdated events) and its
 * proposals, each under review by the review quorum with where its review stands (a decision pending
 * its appeal window, an appeal in progress). `--proposal <id>`: one proposal, its review in full.
 */
import { zeroAddress } from "viem";

import { discoveryFieldsOf } from "@orm/protocol/document";
import { formatScore, formatTimestamp, projectNameOf, shortenHash } from "@orm/protocol/format";
import { downloadArtifact } from "@orm/protocol/storage/client";
import { proposalStatus, proposalStatusNames } from "@orm/protocol/generated/constants";
import { ABI, loadContext, minimumStakeOf, parseId, projectUrl, proposalUrl, read, readAllProposals, readProject, readProposal, type Context, type GlobalOptions, type Proposal } from "../chain.ts";
import { describeReview, describeReviewBriefly, type ReviewSummary } from "../appeals.ts";
import { CliError, formatSeconds, type Output } from "../output.ts";
import { isHeldByQuorum, readReviewSummary, reviewedByQuorum } from "./quorum.ts";

/**
 * The project's title from its protocol artifact (root-checked by the download), for its one name
 * (`projectNameOf`); null when the relay does not have it or the document names none.
 */
async function titleOf(ctx: Awaited<ReturnType<typeof loadContext>>, protocolRoot: `0x${string}`): Promise<string | null> {
  try {
    const { bytes } = await downloadArtifact(protocolRoot, { endpoint: ctx.storageEndpoint });
    return discoveryFieldsOf(JSON.parse(new TextDecoder().decode(bytes))).title;
  } catch {
    return null;
  }
}

/** The review of each open proposal the review quorum holds or reviews (a quorum project's, a decided one's). */
async function readReviews(ctx: Context, proposals: Proposal[]): Promise<Map<bigint, ReviewSummary>> {
  const { reviewed } = await reviewedByQuorum(ctx, proposals);
  const summaries = await Promise.all(reviewed.map((p) => readReviewSummary(ctx, p.id)));
  return new Map(reviewed.flatMap((p, i) => (summaries[i] ? [[p.id, summaries[i]!] as const] : [])));
}

export async function statusCommand(projectArg: string | undefined, options: { proposal?: string }, globals: GlobalOptions, out: Output): Promise<void> {
  const ctx = await loadContext(out, globals);
  if (options.proposal !== undefined) return proposalStatusOf(ctx, parseId(options.proposal, "proposal"), projectArg === undefined ? undefined : parseId(projectArg, "project"));
  const proposals = await readAllProposals(ctx);
  const open = (p: { status: number }) => p.status === proposalStatus.Submitted || p.status === proposalStatus.Reviewing;

  if (projectArg === undefined) {
    const count = await read<bigint>(ctx, ctx.addresses.registry, ABI.registry, "nextProjectId");
    const projects = await Promise.all(Array.from({ length: Number(count) }, (_, i) => readProject(ctx, BigInt(i))));
    const names = await Promise.all(
      projects.map((p) => Promise.all([read<string>(ctx, p.token, ABI.token, "name"), read<string>(ctx, p.token, ABI.token, "symbol"), titleOf(ctx, p.protocolHash)])),
    );
    const rows = projects.map((p, i) => ({
      id: p.id,
      title: names[i][2],
      name: names[i][0],
      symbol: names[i][1],
      direction: p.config.lowerIsBetter ? "lower" : "higher",
      scale: p.config.metricScale,
      baseline: p.baselineAggregateScore,
      best: p.currentBestAggregateScore,
      openProposals: proposals.filter((q) => q.projectId === p.id && open(q)).length,
      url: projectUrl(ctx, p.id),
    }));
    out.result({ projects: rows }, () => {
      out.line(out.c.bold(`${rows.length} projects on ${ctx.deployment.network} (chain ${ctx.deployment.chainId})`));
      for (const r of rows) {
        out.line(`  #${String(r.id).padEnd(3)} ${r.symbol.padEnd(6)} ${projectNameOf(r).padEnd(30)} best ${formatScore(r.best, r.scale).padStart(10)} (baseline ${formatScore(r.baseline, r.scale)}, ${r.direction} is better)  ${r.openProposals} open`);
      }
    });
    return;
  }

  const id = parseId(projectArg, "project");
  const project = await readProject(ctx, id);
  const [name, symbol, supply, title] = await Promise.all([
    read<string>(ctx, project.token, ABI.token, "name"),
    read<string>(ctx, project.token, ABI.token, "symbol"),
    read<bigint>(ctx, project.token, ABI.token, "totalSupply"),
    titleOf(ctx, project.protocolHash),
  ]);
  const logs = await ctx.client.getContractEvents({
    address: ctx.addresses.registry,
    abi: ABI.registry,
    eventName: "BestUpdated",
    args: { projectId: id },
    fromBlock: BigInt(ctx.deployment.contracts.ProjectRegistry.startBlock),
    toBlock: "latest",
  });
  const blocks = new Map<bigint, bigint>();
  await Promise.all([...new Set(logs.map((l) => l.blockNumber!))].map(async (n) => blocks.set(n, (await ctx.client.getBlock({ blockNumber: n })).timestamp)));
  const history = logs.map((l) => ({
    score: l.args.newAggregateScore!,
    miner: l.args.miner!,
    codeRoot: l.args.codeHash!,
    metricsRoot: l.args.metricsHash!,
    at: Number(blocks.get(l.blockNumber!) ?? 0n),
    transaction: l.transactionHash,
  }));
  const mine = proposals.filter((p) => p.projectId === id);
  const reviews = await readReviews(ctx, mine);
  const scale = project.config.metricScale;
  const doc = {
    id,
    title,
    name,
    symbol,
    token: project.token,
    creator: project.creator,
    totalSupply: supply,
    direction: project.config.lowerIsBetter ? "lower" : "higher",
    minImprovement: project.config.minImprovement,
    scale,
    minStake: project.config.minStake,
    reviewQuorum: Number(project.config.reviewQuorum),
    baseline: { score: project.baselineAggregateScore, metricsRoot: project.baselineMetricsHash },
    best: {
      score: project.currentBestAggregateScore,
      codeRoot: project.currentBestCodeHash,
      miner: project.currentBestMiner,
      metricsRoot: project.currentBestMetricsHash,
      updatedAt: Number(project.bestUpdatedAt),
    },
    artifacts: { protocol: project.protocolHash, repository: project.repoSnapshotHash, benchmark: project.benchmarkHash },
    history,
    proposals: mine.map((p) => ({
      id: p.id,
      status: proposalStatusNames[p.status],
      miner: p.miner,
      claimedScore: p.claimedAggregateScore,
      verifiedScore: p.verifiedAggregateScore,
      stake: p.stake,
      codeRoot: p.codeHash,
      reviewer: p.reviewer,
      submittedAt: Number(p.submittedAt),
      review: reviews.get(p.id) ?? null,
    })),
    openProposals: mine.filter(open).map((p) => p.id),
    url: projectUrl(ctx, id),
  };
  out.result(doc, () => {
    const s = (v: bigint) => formatScore(v, scale);
    out.line(`${out.c.bold(`#${id} ${projectNameOf({ title, name })}`)} (${symbol}, ${name})  ${out.c.cyan(doc.url)}`);
    out.line(`  ${doc.direction} is better; minimum improvement ${s(project.config.minImprovement)}; minimum stake ${project.config.minStake}; supply ${supply}`);
    out.line(`  review    ${doc.reviewQuorum > 1 ? `a quorum of ${doc.reviewQuorum} seats drawn from the bonded verifiers (stakes of at least ${minimumStakeOf(project.config)})` : "one allowlisted verifier claims each proposal"}`);
    out.line(`  baseline  ${s(project.baselineAggregateScore)}`);
    out.line(`  best      ${out.c.green(s(project.currentBestAggregateScore))}${project.currentBestMiner !== zeroAddress ? ` by ${project.currentBestMiner}, code ${shortenHash(project.currentBestCodeHash)}` : " (the baseline)"}`);
    out.line(out.c.bold(`  history (${history.length})`));
    for (const h of history) out.line(`    ${formatTimestamp(h.at)}  ${s(h.score).padStart(10)}  ${h.miner}`);
    out.line(out.c.bold(`  proposals (${mine.length}, ${doc.openProposals.length} open)`));
    for (const p of mine) {
      const status = proposalStatusNames[p.status];
      const color = open(p) ? out.c.yellow : p.status === proposalStatus.Approved ? out.c.green : p.status === proposalStatus.Rejected ? out.c.red : out.c.dim;
      const review = reviews.get(p.id);
      out.line(`    #${String(p.id).padEnd(4)} ${color(status.padEnd(10))} claimed ${s(p.claimedAggregateScore).padStart(10)}${p.status === proposalStatus.Approved || p.status === proposalStatus.Superseded ? `  verified ${s(p.verifiedAggregateScore)}` : ""}  stake ${p.stake}  ${p.miner}${review ? `  ${out.c.dim(describeReviewBriefly(review))}` : ""}`);
    }
  });
}

/** `status --proposal <id>`: the proposal, and its review in full (the decision, its appeal window, an appeal round). */
async function proposalStatusOf(ctx: Context, id: bigint, projectFilter: bigint | undefined): Promise<void> {
  const { out } = ctx;
  const proposal = await readProposal(ctx, id);
  if (projectFilter !== undefined && proposal.projectId !== projectFilter) throw new CliError(`Proposal #${id} is on project #${proposal.projectId}, not on project #${projectFilter}.`);
  const [project, review, reviewableAt] = await Promise.all([
    readProject(ctx, proposal.projectId),
    readReviewSummary(ctx, id),
    read<bigint>(ctx, ctx.addresses.ledger, ABI.ledger, "reviewableAt", [id]),
  ]);
  const scale = project.config.metricScale;
  const status = proposalStatusNames[proposal.status];
  const settled = proposal.status === proposalStatus.Approved || proposal.status === proposalStatus.Superseded;
  const claimedBy = proposal.status === proposalStatus.Reviewing && !isHeldByQuorum(ctx, proposal) ? proposal.reviewer : null;
  const doc = {
    id,
    projectId: proposal.projectId,
    status,
    miner: proposal.miner,
    rewardRecipient: proposal.rewardRecipient,
    claimedScore: proposal.claimedAggregateScore,
    verifiedScore: settled ? proposal.verifiedAggregateScore : null,
    stake: proposal.stake,
    codeRoot: proposal.codeHash,
    logRoot: proposal.benchmarkLogHash,
    submittedAt: Number(proposal.submittedAt),
    reviewableAt: Number(reviewableAt),
    reviewQuorum: Number(project.config.reviewQuorum),
    claimedBy,
    review,
    url: proposalUrl(ctx, id),
  };
  out.result(doc, () => {
    const s = (v: bigint) => formatScore(v, scale);
    out.line(`${out.c.bold(`Proposal #${id}`)} on project #${proposal.projectId}: ${status}  ${out.c.cyan(doc.url)}`);
    out.line(`  miner      ${proposal.miner}, stake ${proposal.stake}, submitted ${formatSeconds(proposal.submittedAt)}`);
    out.line(`  claimed    ${s(proposal.claimedAggregateScore)}${settled ? `, verified ${s(proposal.verifiedAggregateScore)}` : ""}`);
    if (claimedBy) out.line(`  claimed by ${claimedBy} (review lock until ${formatSeconds(proposal.reviewLockUntil)})`);
    if (review) for (const line of describeReview(review, { proposalId: id, formatScore: s, symbol: ctx.chain.nativeCurrency.symbol })) out.line(`  ${line}`);
  });
}
