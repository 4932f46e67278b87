/**
 * ProjectRegistry: a project appears with `ProjectCreated` (its token clone starts being indexed
 * through the factory in ponder.config.ts), gets its rules and curve from `ProjectConfigured` (same
 * transaction), and its best score moves with `BestUpdated`.
 */
import { ponder } from "ponder:registry";
import { project, projectToken, verifierPool } from "ponder:schema";

import { improvementOf, improvementRatioOf } from "@orm/protocol/curve";
import { projectRegistryConstants, rewardRule } from "@orm/protocol/generated/constants";
import { searchTextOf } from "../lib/search.ts";
import { fetchProtocolFields, NO_PROTOCOL_FIELDS } from "./lib/protocolArtifact.ts";
import { lower, touchClock, touchProject } from "./lib/store.ts";

/** The storage relay's artifact base (e.g. http://127.0.0.1:13000/api/storage); unset: no off-chain fields. */
const STORAGE_URL = process.env.STORAGE_URL;

ponder.on("ProjectRegistry:ProjectCreated", async ({ event, context }) => {
  const { projectId, creator, token, protocolHash } = event.args;
  const time = event.block.timestamp;
  await touchProject(context.db, projectId, event);
  const { title, repository, domain } = STORAGE_URL ? await fetchProtocolFields(STORAGE_URL, protocolHash) : NO_PROTOCOL_FIELDS;
  await context.db.insert(project).values({
    id: projectId,
    token: lower(token),
    creator: lower(creator),
    name: "",
    symbol: "",
    title,
    repository,
    domain,
    // Completed with the name and symbol by ProjectConfigured (same transaction).
    searchText: searchTextOf({ title, name: "", symbol: "", repository, domain }),
    protocolHash,
    hasParent: false,
    parentProjectId: null,
    lowerIsBetter: false,
    minImprovement: 0n,
    metricScale: projectRegistryConstants.DEFAULT_METRIC_SCALE,
    rewardRule: rewardRule.MatchStake,
    rewardBps: 0,
    impactTarget: 0n,
    minStake: 1n,
    basePrice: 0n,
    slope: 0n,
    minerPoolCap: 0n,
    minerPoolMinted: 0n,
    totalSupply: 0n,
    reserve: 0n,
    spotPrice: 0n,
    marketCap: 0n,
    holderCount: 0,
    volumeTotal: 0n,
    volumeHour: null,
    volumeSlots: null,
    volumeBound: 0n,
    tradeCount: 0,
    baselineScore: 0n,
    bestScore: 0n,
    bestUpdatedAt: time,
    improvement: 0n,
    improvementRatio: 0,
    openProposals: 0,
    proposalCount: 0,
    approvedCount: 0,
    createdAt: time,
    createdBlock: event.block.number,
    lastActivityAt: time,
  });
  await context.db.insert(projectToken).values({ address: lower(token), projectId });
  await context.db.insert(verifierPool).values({
    projectId,
    token: lower(token),
    settledReviews: 0n,
    totalInflow: 0n,
    totalClaimed: 0n,
    fund: 0n,
  });
  await touchClock(context.db, event);
});

ponder.on("ProjectRegistry:ProjectConfigured", async ({ event, context }) => {
  const a = event.args;
  const config = a.config;
  await touchProject(context.db, a.projectId, event);
  // a fork shows on its parent's page (the research graph)
  if (config.hasParent) await touchProject(context.db, config.parentProjectId, event);
  await context.db.update(project, { id: a.projectId }).set((row) => ({
    name: a.tokenName,
    symbol: a.tokenSymbol,
    searchText: searchTextOf({ title: row.title, name: a.tokenName, symbol: a.tokenSymbol, repository: row.repository, domain: row.domain }),
    repoSnapshotHash: a.repoSnapshotHash,
    benchmarkHash: a.benchmarkHash,
    baselineMetricsHash: a.baselineMetricsHash,
    hasParent: config.hasParent,
    parentProjectId: config.hasParent ? config.parentProjectId : null,
    lowerIsBetter: config.lowerIsBetter,
    minImprovement: config.minImprovement,
    metricScale: config.metricScale,
    rewardRule: Number(config.rewardRule),
    rewardBps: Number(config.rewardBps),
    impactTarget: config.impactTarget,
    minStake: config.minStake,
    reviewQuorum: Number(config.reviewQuorum),
    basePrice: a.basePrice,
    slope: a.slope,
    minerPoolCap: a.minerPoolCap,
    // No supply yet: the spot price is the raw curve's first price.
    spotPrice: a.basePrice,
    baselineScore: a.baselineAggregateScore,
    bestScore: a.baselineAggregateScore,
  }));
});

ponder.on("ProjectRegistry:BestUpdated", async ({ event, context }) => {
  const { projectId, miner, newAggregateScore, codeHash, metricsHash } = event.args;
  const current = await context.db.find(project, { id: projectId });
  if (!current) return;
  await touchProject(context.db, projectId, event);
  const time = event.block.timestamp;
  // The best-score history row comes from the ledger's ProposalImproved (same transaction), which
  // carries the previous best and the improvement.
  const improvement = improvementOf(current.baselineScore, newAggregateScore, current.lowerIsBetter);
  await context.db.update(project, { id: projectId }).set({
    bestScore: newAggregateScore,
    bestMiner: lower(miner),
    bestCodeHash: codeHash,
    bestMetricsHash: metricsHash,
    bestUpdatedAt: time,
    improvement,
    improvementRatio: improvementRatioOf(improvement, current.baselineScore, current.metricScale),
    lastActivityAt: time,
  });
});
