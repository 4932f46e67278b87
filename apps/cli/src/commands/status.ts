/**
 * `research status [<project-id>]`: without an id, every project (named by its protocol's title, the
 * token's symbol beside it) with its baseline, best and open proposals; with one, the project's best, its best-score history (BestUpdated events) and its
 * proposals.
 */
import { zeroAddress } from "viem";

import { discoveryFieldsOf } from "@orm/protocol/document";
import { formatScore, formatTimestamp, projectNameOf, shortenHash } from "@orm/protocol/format";
import { downloadArtifact } from "@orm/protocol/storage/client";
import { proposalStatus, proposalStatusNames } from "@orm/protocol/generated/constants";
import { ABI, loadContext, minimumStakeOf, parseId, projectUrl, read, readAllProposals, readProject, type GlobalOptions } from "../chain.ts";
import type { Output } from "../output.ts";

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

export async function statusCommand(projectArg: string | undefined, globals: GlobalOptions, out: Output): Promise<void> {
  const ctx = await loadContext(out, globals);
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
      out.line(`    #${String(p.id).padEnd(4)} ${color(status.padEnd(10))} claimed ${s(p.claimedAggregateScore).padStart(10)}${p.status === proposalStatus.Approved || p.status === proposalStatus.Superseded ? `  verified ${s(p.verifiedAggregateScore)}` : ""}  stake ${p.stake}  ${p.miner}`);
    }
  });
}
