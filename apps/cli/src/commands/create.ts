/**
 * `research create <repo-dir> --protocol <protocol.json>`: measure the baseline in the same sandbox
 * verifiers use (the repository and the benchmark bundle unpacked from the very bytes that are
 * uploaded), upload the protocol (with the measured baseline), the repository snapshot, the
 * benchmark bundle and the baseline metrics, and create the project and its token.
 *
 * Token and market parameters come from flags, else from the protocol's optional `token` object
 * ({ name, symbol, basePrice, slope, minerPoolCap, minStake, firstBuy, rewardRule, rewardBps,
 * impactTarget, reviewQuorum }), else defaults. `--quorum k` (or `token.reviewQuorum`; odd, 1..9,
 * default 1) has each proposal reviewed by k seats drawn from the bonded verifiers instead of one
 * allowlisted verifier, and its stake must then be at least k × minStake. The reward is the ledger's schedule (`rewardRule` "impact", the only
 * one it takes): `rewardBps` of the pool (default all of it) minted linearly as the best progresses
 * from the baseline by up to `impactTarget` (fixed-point score units; default the measured baseline's
 * magnitude, one metric unit for a zero baseline), as the reference `createProject` does.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { parseEventLogs, type Hex } from "viem";

import { parseProtocolDocument, PROTOCOL_SCHEMA_ID } from "@orm/protocol/document";
import { formatScore } from "@orm/protocol/format";
import { defaultImpactTargetOf, minimumStakeOf, tolerancePpmOf } from "@orm/protocol/ledger";
import { projectRegistryConstants, rewardRule } from "@orm/protocol/generated/constants";
import { packDirectory } from "../archive.ts";
import { measure, unpackBundles, withTempDir } from "../bench.ts";
import { ABI, createWriter, loadContext, parseId, projectUrl, read, readProject, type GlobalOptions } from "../chain.ts";
import { loadSigner } from "../signer.ts";
import { CliError, type Output } from "../output.ts";
import { sandboxEnvironment } from "../sandbox.ts";
import { jsonBytes, parseProtocol, storeArtifact } from "../storage.ts";

export type CreateOptions = {
  protocol: string;
  benchmark?: string;
  symbol?: string;
  name?: string;
  basePrice?: string;
  slope?: string;
  poolCap?: string;
  minStake?: string;
  firstBuy?: string;
  parent?: string;
  quorum?: string;
};

/**
 * The review quorum as given (`--quorum`, else `token.reviewQuorum`, else 1): an odd number of seats
 * from 1 to MAX_REVIEW_QUORUM (a median needs a middle seat).
 */
export function parseReviewQuorum(value: unknown, source: string): number {
  if (value === undefined || value === null || value === "") return 1;
  const text = String(value).trim();
  const k = /^\d+$/.test(text) ? Number(text) : NaN;
  const max = Number(projectRegistryConstants.MAX_REVIEW_QUORUM);
  if (!(k >= 1 && k <= max && k % 2 === 1)) {
    throw new CliError(`${source} takes an odd number of reviewers from 1 to ${max} (a median needs a middle reviewer), not "${text}".`);
  }
  return k;
}


function bigintOf(value: unknown, what: string, fallback: bigint): bigint {
  if (value === undefined || value === null || value === "") return fallback;
  const text = String(value).trim();
  if (!/^\d+$/.test(text)) throw new CliError(`${what} must be a whole number, not "${text}".`);
  return BigInt(text);
}

export async function createCommand(repoDir: string, options: CreateOptions, globals: GlobalOptions, out: Output): Promise<void> {
  let raw: Record<string, any>;
  try {
    raw = JSON.parse(await readFile(options.protocol, "utf8"));
  } catch (error) {
    throw new CliError(`The protocol ${options.protocol} cannot be read as JSON: ${(error as Error).message}`);
  }
  // The whole document, by the schema the web app's project page reads it with (not only its plan).
  const { benchmarkBundle: _bundle, token: _token, ...statement } = raw;
  const whole = parseProtocolDocument({ schema: PROTOCOL_SCHEMA_ID, ...statement }, `The protocol ${options.protocol}`);
  if (!whole.ok) throw new CliError(whole.error);
  const protocol = parseProtocol(raw, `The protocol ${options.protocol}`);
  const plan = protocol.benchmarkPlan;
  const token = (raw.token ?? {}) as Record<string, unknown>;
  const protocolDir = path.dirname(path.resolve(options.protocol));
  const benchDir = options.benchmark ?? (typeof raw.benchmarkBundle === "string" ? path.resolve(protocolDir, raw.benchmarkBundle) : path.join(protocolDir, "benchmark"));
  if (!existsSync(benchDir)) throw new CliError(`No benchmark bundle at ${benchDir}; pass --benchmark <dir>.`);
  const symbol = options.symbol ?? (token.symbol as string | undefined);
  if (!symbol) throw new CliError("The token needs a symbol: pass --symbol or set token.symbol in the protocol.");
  const name = options.name ?? (token.name as string | undefined) ?? protocol.title;
  if (!name) throw new CliError("The token needs a name: pass --name or set token.name or title in the protocol.");
  if (token.rewardRule !== undefined && token.rewardRule !== "impact") {
    throw new CliError(
      `token.rewardRule must be "impact" (or left out): the ledger pays rewards on a schedule over the improvement, and refuses rewards that follow the stake or the number of approvals.`,
    );
  }
  const market = {
    basePrice: bigintOf(options.basePrice ?? token.basePrice, "--base-price", 100_000_000_000_000n),
    slope: bigintOf(options.slope ?? token.slope, "--slope", 1_000_000_000_000n),
    minerPoolCap: bigintOf(options.poolCap ?? token.minerPoolCap, "--pool-cap", 1_000n),
    minStake: bigintOf(options.minStake ?? token.minStake, "--min-stake", 1n),
    firstBuy: bigintOf(options.firstBuy ?? token.firstBuy, "--first-buy", 0n),
    rewardBps: Number(token.rewardBps ?? 10_000),
    impactTarget: token.impactTarget === undefined ? undefined : bigintOf(token.impactTarget, "token.impactTarget", 0n),
    reviewQuorum: options.quorum !== undefined ? parseReviewQuorum(options.quorum, "--quorum") : parseReviewQuorum(token.reviewQuorum, "token.reviewQuorum"),
  };

  const ctx = await loadContext(out, globals);
  const parent = options.parent !== undefined ? parseId(options.parent, "project") : undefined;
  if (parent !== undefined) await readProject(ctx, parent);
  const account = await loadSigner(ctx);
  const writer = createWriter(ctx, account);

  out.progress(`packaging the repository ${repoDir} and the benchmark bundle ${benchDir}`);
  const repoBytes = await packDirectory(repoDir);
  const benchBytes = await packDirectory(benchDir);
  const measurement = await withTempDir("create", async (dir) => {
    const work = await unpackBundles(dir, [
      { bytes: repoBytes, label: "repository snapshot" },
      { bytes: benchBytes, label: "benchmark bundle" },
    ]);
    return measure(work, plan, out, { label: "baseline" });
  });
  const scale = BigInt(plan.scale);
  const baseline = measurement.median;
  out.progress(`baseline ${[formatScore(baseline, scale), plan.unit].filter(Boolean).join(" ")} (${baseline})`);

  const { benchmarkBundle: _local, ...rest } = raw;
  void _local;
  const document = { schema: PROTOCOL_SCHEMA_ID, ...rest, benchmarkPlan: { ...raw.benchmarkPlan, ...plan, baseline: Number(baseline) / plan.scale } };
  const logRoot = await storeArtifact(ctx, account, new TextEncoder().encode(measurement.log), "text/plain; charset=utf-8", "baseline log");
  const protocolRoot = await storeArtifact(ctx, account, jsonBytes(document), "application/json", "protocol");
  const repoRoot = await storeArtifact(ctx, account, repoBytes, "application/x-tar", "repository snapshot");
  const benchRoot = await storeArtifact(ctx, account, benchBytes, "application/x-tar", "benchmark bundle");
  const metricsRoot = await storeArtifact(
    ctx,
    account,
    jsonBytes({
      schema: "open-research-market/baseline@1",
      metric: plan.metric,
      unit: plan.unit,
      direction: plan.direction,
      scale: plan.scale,
      scores: measurement.scores,
      score: baseline,
      value: Number(baseline) / plan.scale,
      runs: measurement.runs,
      metrics: measurement.metrics ?? null,
      logRoot,
      environment: sandboxEnvironment(),
      measuredAt: new Date().toISOString(),
    }),
    "application/json",
    "baseline metrics",
  );

  const value = market.firstBuy > 0n ? await read<bigint>(ctx, ctx.addresses.registry, ABI.registry, "quoteFirstBuy", [market.basePrice, market.slope, market.firstBuy]) : 0n;
  const params = {
    protocolHash: protocolRoot,
    repoSnapshotHash: repoRoot,
    benchmarkHash: benchRoot,
    baselineAggregateScore: baseline,
    baselineMetricsHash: metricsRoot,
    tokenName: name,
    tokenSymbol: symbol,
    basePrice: market.basePrice,
    slope: market.slope,
    minerPoolCap: market.minerPoolCap,
    config: {
      lowerIsBetter: plan.direction === "lower",
      minImprovement: BigInt(Math.round(plan.minimumImprovement * plan.scale)),
      metricScale: scale,
      rewardRule: rewardRule.Impact,
      rewardBps: market.rewardBps,
      impactTarget: market.impactTarget ?? defaultImpactTargetOf({ baseline, metricScale: scale }),
      minStake: market.minStake,
      hasParent: parent !== undefined,
      parentProjectId: parent ?? 0n,
      tolerancePpm: Number(tolerancePpmOf(plan.tolerance)),
      // 1: one allowlisted reviewer claims each proposal; k > 1: k seats drawn from the bonded verifiers.
      reviewQuorum: market.reviewQuorum,
    },
    firstBuyAmount: market.firstBuy,
  };
  const sent = await writer.write(ctx.addresses.registry, ABI.registry, "createProjectWithConfig", [params], { value, label: "created the project" });
  const registry = ctx.addresses.registry.toLowerCase();
  const event = parseEventLogs({ abi: ABI.registry, eventName: "ProjectCreated", logs: sent.receipt.logs }).find((log) => log.address.toLowerCase() === registry);
  if (!event) throw new CliError("The project was created but its ProjectCreated event is missing.");
  const projectId = event.args.projectId;
  const tokenAddress = await read<Hex>(ctx, ctx.addresses.registry, ABI.registry, "tokenOf", [projectId]);
  const result = {
    ok: true,
    projectId,
    token: tokenAddress,
    symbol,
    name,
    baselineScore: baseline,
    baselineScores: measurement.scores,
    reviewQuorum: market.reviewQuorum,
    roots: { protocol: protocolRoot, repository: repoRoot, benchmark: benchRoot, baselineMetrics: metricsRoot, baselineLog: logRoot },
    transaction: sent.hash,
    url: projectUrl(ctx, projectId),
  };
  out.result(result, () => {
    out.line(`${out.c.green(out.c.bold(`Project #${projectId} created`))}: ${name} (${symbol}), baseline ${[formatScore(baseline, scale), plan.unit].filter(Boolean).join(" ")} (${baseline}).`);
    out.line(`  token      ${tokenAddress}`);
    out.line(`  review     ${market.reviewQuorum === 1 ? "one allowlisted verifier per proposal" : `a quorum of ${market.reviewQuorum} bonded verifiers per proposal (stakes of at least ${minimumStakeOf(market)})`}`);
    out.line(`  protocol   ${protocolRoot}`);
    out.line(`  repository ${repoRoot}`);
    out.line(`  benchmark  ${benchRoot}`);
    out.line(`  baseline   ${metricsRoot}`);
    out.line(`  tx         ${sent.hash}`);
    out.line(`  ${out.c.cyan(result.url)}`);
  });
}
