/**
 * `research checkout <project-id> [--proposal <id>] [--dir <dir>]`: a miner's workspace (see
 * `workspace.ts`) with the project's best code (or a proposal's, or the repository snapshot), the
 * read-only benchmark bundle, the brief and a `bench` script, every artifact checked against its
 * on-chain root. Reads only: no key is asked for.
 */
import { formatScore } from "@orm/protocol/format";
import { loadContext, parseId, type GlobalOptions } from "../chain.ts";
import type { Output } from "../output.ts";
import { fetchProjectArtifacts, writeWorkspace } from "../workspace.ts";

export type CheckoutOptions = { proposal?: string; dir?: string; force?: boolean };

export async function checkoutCommand(projectArg: string, options: CheckoutOptions, globals: GlobalOptions, out: Output): Promise<void> {
  const projectId = parseId(projectArg, "project");
  const proposalId = options.proposal !== undefined ? parseId(options.proposal, "proposal") : undefined;
  const ctx = await loadContext(out, globals);
  const artifacts = await fetchProjectArtifacts(ctx, projectId, proposalId);
  const paths = await writeWorkspace(ctx, options.dir ?? `research-${projectId}`, { artifacts, force: options.force });
  const { project } = artifacts;
  const plan = artifacts.protocol.benchmarkPlan;
  const best = `${formatScore(project.currentBestAggregateScore, project.config.metricScale)}${plan.unit ? ` ${plan.unit}` : ""}`;
  out.result(
    {
      ok: true,
      projectId,
      proposalId: proposalId ?? null,
      source: artifacts.source,
      codeRoot: artifacts.codeRoot,
      protocolRoot: project.protocolHash,
      benchmarkRoot: project.benchmarkHash,
      networkBest: project.currentBestAggregateScore,
      ...paths,
    },
    () => {
      out.line(`${out.c.bold(`Checked out project #${projectId}`)}: ${artifacts.source} (${artifacts.codeRoot}); on-chain best ${best}.`);
      out.line(`  code       ${paths.checkout}`);
      out.line(`  benchmark  ${paths.benchmark} (read-only)`);
      out.line(`  brief      ${paths.brief}`);
      out.line(`  measure    ${paths.bench}`);
    },
  );
}
