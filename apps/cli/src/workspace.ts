/**
 * A miner's workspace, written by `research checkout` (and by `research mine`, which works in one):
 *
 *   <dir>/checkout/                 the code, clean and editable (the best approved code, the
 *                                   repository snapshot, or a proposal's code), root-verified
 *   <dir>/benchmark/                the benchmark bundle, unpacked read-only (for reading: it is laid
 *                                   over the code before every run, so editing it changes nothing)
 *   <dir>/program.md                the brief (`renderBrief`)
 *   <dir>/protocol.json             the protocol document, as stored
 *   <dir>/bench                     measures checkout/ as a verifier would (`research bench <dir>`)
 *   <dir>/SKILL.md                  how a coding agent drives the CLI
 *   <dir>/.research/workspace.json  which chain, registry, project and roots it came from
 *   <dir>/.research/benchmark.tar   the bundle's bytes (checked against the chain's root before use)
 *
 * `research bench`, `submit --measure` and `mine --resume` find the project from
 * `.research/workspace.json`, and refuse a directory that is not a checkout of the project.
 */
import { existsSync } from "node:fs";
import { chmod, copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { Address, Hex } from "viem";

import { renderBrief, type TrialRecord } from "./brief.ts";
import { listFileNames, unpackInto } from "./archive.ts";
import { readProject, readProposal, type Context, type Project, type ProjectConfig } from "./chain.ts";
import { CliError } from "./output.ts";
import { computeRoot, fetchArtifact, parseProtocolBytes, type Protocol } from "./storage.ts";

export const WORKSPACE_SCHEMA = "open-research-market/workspace@1";

export type WorkspaceMeta = {
  schema: typeof WORKSPACE_SCHEMA;
  chainId: number;
  registry: Address;
  projectId: string;
  protocolRoot: Hex;
  benchmarkRoot: Hex;
  /** The code checked out and where it came from. */
  codeRoot: Hex;
  source: string;
  checkedOutAt: string;
};

export type WorkspacePaths = {
  dir: string;
  checkout: string;
  benchmark: string;
  brief: string;
  protocol: string;
  bench: string;
  skill: string;
  trials: string;
  meta: string;
  benchmarkTar: string;
};

export function workspacePaths(dir: string): WorkspacePaths {
  const root = path.resolve(dir);
  return {
    dir: root,
    checkout: path.join(root, "checkout"),
    benchmark: path.join(root, "benchmark"),
    brief: path.join(root, "program.md"),
    protocol: path.join(root, "protocol.json"),
    bench: path.join(root, "bench"),
    skill: path.join(root, "SKILL.md"),
    trials: path.join(root, "trials.jsonl"),
    meta: path.join(root, ".research", "workspace.json"),
    benchmarkTar: path.join(root, ".research", "benchmark.tar"),
  };
}

/** The agent guide shipped with the CLI (copied into every workspace). */
export const SKILL_FILE = fileURLToPath(new URL("../SKILL.md", import.meta.url));
const BIN_FILE = fileURLToPath(new URL("../bin/research.mjs", import.meta.url));

/** The project's artifacts as a verifier fetches them: each one's bytes checked against its on-chain root. */
export type ProjectArtifacts = {
  project: Project & { config: ProjectConfig; bestUpdatedAt: bigint };
  protocol: Protocol;
  protocolBytes: Uint8Array;
  bench: Uint8Array;
  code: Uint8Array;
  codeRoot: Hex;
  source: string;
};

/** Which code to check out: a proposal's, else the latest approved code, else the repository snapshot. */
export async function fetchProjectArtifacts(ctx: Context, projectId: bigint, proposalId?: bigint): Promise<ProjectArtifacts> {
  const project = await readProject(ctx, projectId);
  let codeRoot: Hex;
  let source: string;
  if (proposalId !== undefined) {
    const proposal = await readProposal(ctx, proposalId);
    if (proposal.projectId !== projectId) throw new CliError(`Proposal #${proposalId} belongs to project #${proposal.projectId}, not #${projectId}.`);
    codeRoot = proposal.codeHash;
    source = `proposal #${proposalId}`;
  } else if (/^0x0+$/.test(project.currentBestCodeHash)) {
    codeRoot = project.repoSnapshotHash;
    source = "repository snapshot (nothing approved yet)";
  } else {
    codeRoot = project.currentBestCodeHash;
    source = "current best code";
  }
  const protocolBytes = await fetchArtifact(ctx, project.protocolHash, "protocol");
  const protocol = parseProtocolBytes(protocolBytes, project.protocolHash);
  const bench = await fetchArtifact(ctx, project.benchmarkHash, "benchmark bundle");
  const code = await fetchArtifact(ctx, codeRoot, source);
  return { project, protocol, protocolBytes, bench, code, codeRoot, source };
}

/** Makes a tree writable again (the benchmark folder is read-only) so it can be replaced. */
async function makeWritable(target: string): Promise<void> {
  const info = await stat(target).catch(() => null);
  if (!info) return;
  if (info.isDirectory()) {
    await chmod(target, 0o755);
    for (const entry of await readdir(target)) await makeWritable(path.join(target, entry));
  } else {
    await chmod(target, 0o644);
  }
}

async function makeReadOnly(target: string): Promise<void> {
  const info = await stat(target);
  if (info.isDirectory()) {
    for (const entry of await readdir(target)) await makeReadOnly(path.join(target, entry));
    await chmod(target, 0o555);
  } else {
    await chmod(target, info.mode & 0o111 ? 0o555 : 0o444);
  }
}

/** Single-quoted for sh. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The global flags that point a later `research` run at the same chain, relay and deployment (never a key). */
function connectionFlags(ctx: Context): string[] {
  const flags = ["--rpc", ctx.rpcUrl, "--web", ctx.webUrl];
  if (ctx.options.deployment) flags.push("--deployment", path.resolve(ctx.options.deployment));
  else flags.push("--network", ctx.deployment.network);
  return flags;
}

export type WriteWorkspaceParameters = {
  artifacts: ProjectArtifacts;
  /** Replace an existing workspace's files (a workspace of another project is still refused). */
  force?: boolean;
  loopBest?: bigint;
  trials?: TrialRecord[];
};

/** Writes (or replaces) a workspace; returns its paths. */
export async function writeWorkspace(ctx: Context, dir: string, { artifacts, force, loopBest, trials }: WriteWorkspaceParameters): Promise<WorkspacePaths> {
  const paths = workspacePaths(dir);
  const { project } = artifacts;
  if (existsSync(paths.dir)) {
    const entries = await readdir(paths.dir);
    if (entries.length > 0) {
      const meta = await readWorkspaceMeta(paths).catch(() => undefined);
      if (!meta) throw new CliError(`${dir} is not empty and is not a research workspace; choose another directory.`);
      if (meta.projectId !== String(project.id)) throw new CliError(`${dir} is a workspace of project #${meta.projectId}, not #${project.id}; choose another directory.`);
      if (!force) throw new CliError(`${dir} already holds a checkout of project #${project.id}; pass --force to replace it (your edits in checkout/ are lost).`);
    }
  }
  for (const target of [paths.checkout, paths.benchmark]) {
    await makeWritable(target);
    await rm(target, { recursive: true, force: true });
  }
  await mkdir(paths.checkout, { recursive: true });
  await mkdir(paths.benchmark, { recursive: true });
  await mkdir(path.dirname(paths.meta), { recursive: true });
  await unpackInto(artifacts.code, paths.checkout, artifacts.source);
  await unpackInto(artifacts.bench, paths.benchmark, "benchmark bundle");
  await makeReadOnly(paths.benchmark);
  await writeFile(paths.benchmarkTar, artifacts.bench);
  await writeFile(paths.protocol, artifacts.protocolBytes);
  const meta: WorkspaceMeta = {
    schema: WORKSPACE_SCHEMA,
    chainId: ctx.chain.id,
    registry: ctx.addresses.registry,
    projectId: String(project.id),
    protocolRoot: project.protocolHash,
    benchmarkRoot: project.benchmarkHash,
    codeRoot: artifacts.codeRoot,
    source: artifacts.source,
    checkedOutAt: new Date().toISOString(),
  };
  await writeFile(paths.meta, `${JSON.stringify(meta, null, 2)}\n`);
  const bench = [
    "#!/bin/sh",
    "# Measures checkout/ exactly as a verifier would (the benchmark bundle over it, the sandbox, the",
    "# protocol's runs) and says what a verifier would decide. Extra arguments go to `research bench`.",
    `exec ${[process.execPath, BIN_FILE, ...connectionFlags(ctx)].map(shellQuote).join(" ")} bench "$(dirname "$0")" "$@"`,
    "",
  ].join("\n");
  await writeFile(paths.bench, bench, { mode: 0o755 });
  await copyFile(SKILL_FILE, paths.skill);
  await writeBrief(paths, artifacts, { loopBest, trials, networkBest: project.currentBestAggregateScore });
  return paths;
}

/** (Re)writes program.md from the artifacts and the current standing. */
export async function writeBrief(
  paths: WorkspacePaths,
  artifacts: Pick<ProjectArtifacts, "project" | "protocol" | "bench" | "codeRoot" | "source">,
  standing: { networkBest: bigint; loopBest?: bigint; trials?: TrialRecord[] },
): Promise<void> {
  const { project, protocol } = artifacts;
  const brief = renderBrief({
    projectId: project.id,
    protocol,
    plan: protocol.benchmarkPlan,
    config: project.config,
    source: { label: artifacts.source, root: artifacts.codeRoot },
    networkBest: standing.networkBest,
    loopBest: standing.loopBest,
    replacedFiles: await listFileNames(artifacts.bench, "benchmark bundle"),
    trials: standing.trials,
  });
  await writeFile(paths.brief, brief);
}

export async function readWorkspaceMeta(paths: WorkspacePaths): Promise<WorkspaceMeta> {
  const value = JSON.parse(await readFile(paths.meta, "utf8")) as WorkspaceMeta;
  if (value?.schema !== WORKSPACE_SCHEMA) throw new Error("not a workspace");
  return value;
}

export type FoundWorkspace = { paths: WorkspacePaths; meta: WorkspaceMeta; codeDir: string };

/**
 * The workspace a directory belongs to: the workspace itself (its checkout/ is measured) or its
 * checkout/ folder. Undefined for any other directory.
 */
export async function findWorkspace(dir: string): Promise<FoundWorkspace | undefined> {
  const resolved = path.resolve(dir);
  for (const [root, codeDir] of [
    [resolved, path.join(resolved, "checkout")],
    [path.dirname(resolved), resolved],
  ] as const) {
    const paths = workspacePaths(root);
    if (codeDir !== paths.checkout) continue;
    const meta = await readWorkspaceMeta(paths).catch(() => undefined);
    if (meta) return { paths, meta, codeDir };
  }
  return undefined;
}

/** Refuses a workspace made against another chain, deployment or project, in one sentence. */
export function checkWorkspaceMatches(found: FoundWorkspace, ctx: Context, projectId?: bigint): bigint {
  const { meta } = found;
  if (meta.chainId !== ctx.chain.id || meta.registry.toLowerCase() !== ctx.addresses.registry.toLowerCase()) {
    throw new CliError(`${found.paths.dir} is a checkout from chain ${meta.chainId} (registry ${meta.registry}), not from this deployment; check it out again here.`);
  }
  if (projectId !== undefined && meta.projectId !== String(projectId)) {
    throw new CliError(`${found.paths.dir} is a checkout of project #${meta.projectId}, not of project #${projectId}.`);
  }
  return BigInt(meta.projectId);
}

/** The benchmark bundle for a project: the workspace's copy when it still has the chain's root, else fetched from the relay (root-checked). */
export async function benchmarkBundleFor(ctx: Context, benchmarkRoot: Hex, found?: FoundWorkspace): Promise<Uint8Array> {
  if (found) {
    const local = await readFile(found.paths.benchmarkTar).catch(() => undefined);
    if (local && (await computeRoot(new Uint8Array(local))) === benchmarkRoot) return new Uint8Array(local);
  }
  return fetchArtifact(ctx, benchmarkRoot, "benchmark bundle");
}
