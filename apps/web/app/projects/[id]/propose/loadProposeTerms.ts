/**
 * The propose screen's server read: the project's terms straight from the chain (what a miner is
 * about to stake against must be exact, so not from the indexer), and the metric's name and unit from
 * its protocol document. An unknown project is `{ kind: "unknown" }` (the page answers 404); a chain
 * that does not answer is a sentence, never a thrown page.
 */
import { readProtocol } from "@/lib/artifacts.server.ts";
import { getContractAddress } from "@orm/protocol/contracts";
import { projectNameOf } from "@orm/protocol/format";
import { projectRegistryAbi, projectTokenAbi } from "@orm/protocol/generated/abis";
import { getServerChainId, getServerPublicClient } from "@/lib/serverClient.ts";

import type { ProposeTerms } from "@/components/propose/types.ts";

export type LoadProposeTermsResult =
  | { kind: "ok"; terms: ProposeTerms }
  | { kind: "unknown" }
  | { kind: "error"; message: string };

export async function loadProposeTerms(id: string): Promise<LoadProposeTermsResult> {
  if (!/^\d{1,15}$/.test(id)) return { kind: "unknown" };
  const projectId = BigInt(id);
  const client = getServerPublicClient();
  const chainId = getServerChainId();
  const registry = getContractAddress("ProjectRegistry", chainId);
  const ledger = getContractAddress("ProposalLedger", chainId);
  if (!client || !registry || !ledger) return { kind: "error", message: "The protocol is not deployed on this app's chain." };

  try {
    const projectCount = await client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "nextProjectId" });
    if (projectId >= projectCount) return { kind: "unknown" };
    // The ledger's constants (slash split, review lock, expiry window) are the generated ones, not reads.
    const [project, config, [token, minStake, reviewQuorum]] = await Promise.all([
      client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProject", args: [projectId] }),
      client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "getProjectConfig", args: [projectId] }),
      client.readContract({ address: registry, abi: projectRegistryAbi, functionName: "submissionTerms", args: [projectId] }),
    ]);
    const [name, symbol, minerPoolCap, basePrice, slope, protocol] = await Promise.all([
      client.readContract({ address: token, abi: projectTokenAbi, functionName: "name" }),
      client.readContract({ address: token, abi: projectTokenAbi, functionName: "symbol" }),
      client.readContract({ address: token, abi: projectTokenAbi, functionName: "minerPoolCap" }),
      client.readContract({ address: token, abi: projectTokenAbi, functionName: "basePrice" }),
      client.readContract({ address: token, abi: projectTokenAbi, functionName: "slope" }),
      readProtocol(project.protocolHash),
    ]);
    const plan = protocol.ok ? protocol.protocol.benchmarkPlan : undefined;
    return {
      kind: "ok",
      terms: {
        projectId,
        name: projectNameOf({ title: protocol.ok ? protocol.protocol.title : null, name }),
        tokenName: name,
        symbol,
        token,
        metric: plan?.metric,
        unit: plan?.unit || undefined,
        best: project.currentBestAggregateScore,
        baseline: project.baselineAggregateScore,
        lowerIsBetter: config.lowerIsBetter,
        minImprovement: config.minImprovement,
        metricScale: config.metricScale,
        minStake,
        reviewQuorum: Number(reviewQuorum),
        rewardBps: config.rewardBps,
        impactTarget: config.impactTarget,
        minerPoolCap,
        basePrice,
        slope,
      },
    };
  } catch {
    return { kind: "error", message: "The chain's node did not answer; the project's terms could not be read. Try again in a moment." };
  }
}
