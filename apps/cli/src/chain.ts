/**
 * The chain side: the deployment, the RPC, typed reads, and writes that are simulated first (so a
 * call that would revert is refused with a sentence before any transaction is sent), with custom
 * errors decoded against every contract's errors.
 */
import path from "node:path";

import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type ContractFunctionReturnType,
  type PublicClient,
  type TransactionReceipt,
} from "viem";

import {
  projectRegistryAbi,
  projectTokenAbi,
  proposalLedgerAbi,
  protocolErrorsAbi,
  verifierRegistryAbi,
} from "@orm/protocol/generated/abis";
import { REPO_ROOT, parseDeployment, readDeployment, type Deployment } from "@orm/protocol/deployments";
import { CliError, formatScore, type Output } from "./output.ts";

export { projectRegistryAbi, projectTokenAbi, proposalLedgerAbi, verifierRegistryAbi };
export { REPO_ROOT };

export const STATUS_NAMES = ["Submitted", "Reviewing", "Approved", "Rejected", "Expired", "Superseded"] as const;
export const STATUS = { Submitted: 0, Reviewing: 1, Approved: 2, Rejected: 3, Expired: 4, Superseded: 5 } as const;
export const ZERO_ROOT = `0x${"0".repeat(64)}` as Hex;

/** Each contract's ABI with every protocol error, so reverts from nested calls decode too. */
const withErrors = (abi: Abi) => [...abi, ...(protocolErrorsAbi as Abi).filter((item) => !abi.some((own) => own.type === "error" && "name" in own && "name" in item && own.name === item.name))] as Abi;
export const ABI = {
  ledger: withErrors(proposalLedgerAbi as Abi),
  registry: withErrors(projectRegistryAbi as Abi),
  token: withErrors(projectTokenAbi as Abi),
  verifiers: withErrors(verifierRegistryAbi as Abi),
};

export type GlobalOptions = {
  rpc?: string;
  web?: string;
  network?: string;
  deployment?: string;
  json?: boolean;
  quiet?: boolean;
  keystore?: string;
};

export type Context = {
  out: Output;
  options: GlobalOptions;
  deployment: Deployment;
  rpcUrl: string;
  webUrl: string;
  /** The storage relay's endpoint (`<web>/api/storage`). */
  storageEndpoint: string;
  chain: Chain;
  client: PublicClient;
  addresses: { ledger: Address; registry: Address; verifiers: Address };
};

export function resolveWebUrl(options: GlobalOptions): string {
  return (options.web ?? process.env.RESEARCH_WEB_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
}

export async function loadContext(out: Output, options: GlobalOptions): Promise<Context> {
  const network = options.network ?? process.env.RESEARCH_NETWORK ?? "localhost";
  let deployment: Deployment;
  if (options.deployment) {
    const { readFile } = await import("node:fs/promises");
    let text: string;
    try {
      text = await readFile(options.deployment, "utf8");
    } catch {
      throw new CliError(`The deployment file ${options.deployment} cannot be read.`);
    }
    deployment = parseDeployment(JSON.parse(text), options.deployment);
  } else {
    try {
      deployment = await readDeployment(network);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
  }
  const rpcUrl = options.rpc ?? process.env.RESEARCH_RPC_URL ?? (network === "localhost" ? "http://127.0.0.1:8545" : undefined);
  if (!rpcUrl) throw new CliError(`No RPC URL for the "${network}" network: pass --rpc <url> or set RESEARCH_RPC_URL.`);
  const webUrl = resolveWebUrl(options);
  const chain: Chain = {
    id: deployment.chainId,
    name: deployment.network,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  };
  const client = createPublicClient({ chain, transport: http(rpcUrl, { batch: true, retryCount: 1 }), pollingInterval: 100 }) as PublicClient;
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch {
    throw new CliError(`The chain's RPC at ${rpcUrl} does not answer; start it (npm start) or pass --rpc <url>.`);
  }
  if (chainId !== deployment.chainId) {
    throw new CliError(`The RPC at ${rpcUrl} serves chain ${chainId}, but the ${deployment.network} deployment is on chain ${deployment.chainId}.`);
  }
  return {
    out,
    options,
    deployment,
    rpcUrl,
    webUrl,
    storageEndpoint: `${webUrl}/api/storage`,
    chain,
    client,
    addresses: {
      ledger: deployment.contracts.ProposalLedger.address,
      registry: deployment.contracts.ProjectRegistry.address,
      verifiers: deployment.contracts.VerifierRegistry.address,
    },
  };
}

// ---------------------------------------------------------------- reads

/** The chain's structs, typed from the generated ABI (a proposal's `status` is its `STATUS` number). */
export type Proposal = ContractFunctionReturnType<typeof proposalLedgerAbi, "view", "getProposal"> & { id: bigint };
export type Project = ContractFunctionReturnType<typeof projectRegistryAbi, "view", "getProject"> & { id: bigint };
export type ProjectConfig = ContractFunctionReturnType<typeof projectRegistryAbi, "view", "getProjectConfig">;

export function read<T>(ctx: Context, address: Address, abi: Abi, functionName: string, args: unknown[] = []): Promise<T> {
  return ctx.client.readContract({ address, abi, functionName, args } as never) as Promise<T>;
}

export async function readProposal(ctx: Context, id: bigint): Promise<Proposal> {
  const next = await read<bigint>(ctx, ctx.addresses.ledger, ABI.ledger, "nextProposalId");
  if (id < 0n || id >= next) throw new CliError(`There is no proposal #${id} (the ledger has ${next}).`);
  const p = await read<Omit<Proposal, "id">>(ctx, ctx.addresses.ledger, ABI.ledger, "getProposal", [id]);
  return { id, ...p, status: Number(p.status) };
}

export async function readAllProposals(ctx: Context): Promise<Proposal[]> {
  const next = await read<bigint>(ctx, ctx.addresses.ledger, ABI.ledger, "nextProposalId");
  const ids = Array.from({ length: Number(next) }, (_, i) => BigInt(i));
  const all = await Promise.all(ids.map((id) => read<Omit<Proposal, "id">>(ctx, ctx.addresses.ledger, ABI.ledger, "getProposal", [id])));
  return all.map((p, i) => ({ id: ids[i], ...p, status: Number(p.status) }));
}

export async function readProject(ctx: Context, id: bigint): Promise<Project & { config: ProjectConfig; bestUpdatedAt: bigint }> {
  const next = await read<bigint>(ctx, ctx.addresses.registry, ABI.registry, "nextProjectId");
  if (id < 0n || id >= next) throw new CliError(`There is no project #${id} (the registry has ${next}).`);
  const [project, config, bestUpdatedAt] = await Promise.all([
    read<Omit<Project, "id">>(ctx, ctx.addresses.registry, ABI.registry, "getProject", [id]),
    read<ProjectConfig>(ctx, ctx.addresses.registry, ABI.registry, "getProjectConfig", [id]),
    read<bigint>(ctx, ctx.addresses.registry, ABI.registry, "bestUpdatedAt", [id]),
  ]);
  return { id, ...project, config: { ...config, rewardRule: Number(config.rewardRule), rewardBps: Number(config.rewardBps) }, bestUpdatedAt };
}

export function parseId(value: string, what: string): bigint {
  if (!/^\d+$/.test(value)) throw new CliError(`"${value}" is not a ${what} id (a whole number).`);
  return BigInt(value);
}

// ---------------------------------------------------------------- writes

export type Sent = { hash: Hash; receipt: TransactionReceipt };

export type Writer = {
  account: Account & { address: Address };
  /** Simulates, then sends and waits for the receipt; a revert in the simulation sends nothing. */
  write: (address: Address, abi: Abi, functionName: string, args: unknown[], options?: { value?: bigint; label?: string }) => Promise<Sent>;
  /** Simulates only (throws the decoded revert). */
  simulate: (address: Address, abi: Abi, functionName: string, args: unknown[], options?: { value?: bigint }) => Promise<unknown>;
};

export function createWriter(ctx: Context, account: Account & { address: Address }): Writer {
  const wallet = createWalletClient({ account, chain: ctx.chain, transport: http(ctx.rpcUrl) });
  const simulate: Writer["simulate"] = async (address, abi, functionName, args, options = {}) => {
    try {
      const { result } = await ctx.client.simulateContract({ account, address, abi, functionName, args, value: options.value } as never);
      return result;
    } catch (error) {
      throw new CliError(`${functionName} would fail: ${explainError(error)}`);
    }
  };
  return {
    account,
    simulate,
    async write(address, abi, functionName, args, options = {}) {
      await simulate(address, abi, functionName, args, options);
      let hash: Hash;
      try {
        hash = await wallet.writeContract({ account, chain: ctx.chain, address, abi, functionName, args, value: options.value } as never);
      } catch (error) {
        throw new CliError(`${functionName} was not sent: ${explainError(error)}`);
      }
      const receipt = await ctx.client.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new CliError(`${functionName} reverted in transaction ${hash}.`);
      ctx.out.progress(`${options.label ?? functionName}: ${hash}`);
      return { hash, receipt };
    },
  };
}

/** One sentence for a failed call: the decoded custom error, in words where we know it. */
export function explainError(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
    if (revert) {
      const name = revert.data?.errorName;
      const args = (revert.data?.args ?? []) as readonly unknown[];
      if (name) return describeError(name, args);
      if (revert.reason) return revert.reason;
      if (revert.signature) return `the contract reverted with an unknown error ${revert.signature}`;
      return "the contract reverted";
    }
    const sentence = error.shortMessage || error.message;
    return sentence.replace(/\.$/, "");
  }
  return error instanceof Error ? error.message : String(error);
}

const SENTENCES: Record<string, (a: readonly unknown[]) => string> = {
  NotVerifier: () => "this account is not an allowlisted verifier",
  WrongStatus: () => "the proposal is not in a state that allows this (already settled, or not claimed)",
  WrongReviewer: () => "another verifier holds the review claim on this proposal",
  LockExpired: () => "the review claim has lapsed",
  LockActive: () => "a review claim is still live",
  UnknownProposal: () => "there is no such proposal",
  UnknownProject: () => "there is no such project",
  ZeroStake: () => "the stake is zero",
  ScoreNotImproved: () => "the score does not beat the current best by the project's minimum improvement",
  ExpiryNotReached: () => "the proposal's expiry window has not passed",
  NothingToClaim: () => "there is nothing to claim",
  ProposalLedgerConflictedReviewer: (a) => `verifier ${a[1]} submitted proposal #${a[0]} or would be rewarded by it, so it cannot review it`,
  ProposalLedgerDuplicateCode: (a) => `this code root was already submitted to project #${a[0]} as proposal #${a[2]}`,
  ProposalLedgerStakeBelowMinimum: (a) => `the stake ${a[0]} is below the project's minimum of ${a[1]}`,
  ProposalLedgerZeroHash: () => "a code or log root is zero",
  ProposalLedgerClaimedBefore: (a) => `verifier ${a[1]} already held the claim on proposal #${a[0]} once and cannot claim it again`,
  ProposalLedgerPastExpiry: (a) => `proposal #${a[0]} is past its expiry (${new Date(Number(a[1]) * 1000).toISOString()}); it can only be expired`,
  ProposalLedgerNotSuperseded: (a) => `proposal #${a[0]} was not overtaken: the best has not moved since it was submitted, or its score still beats the best`,
  ProposalLedgerScoreOutOfRange: (a) => `the score ${a[0]} does not fit in 128 bits`,
  ERC20InsufficientBalance: (a) => `the account ${a[0]} holds ${a[1]} tokens but ${a[2]} are needed`,
  ERC20InsufficientAllowance: (a) => `the ledger may spend ${a[1]} tokens but ${a[2]} are needed (approve or permit first)`,
  ERC2612ExpiredSignature: () => "the permit's deadline has passed",
  ERC2612InvalidSigner: () => "the permit was not signed by the token holder",
  ProjectTokenSlippageExceeded: (a) => `the cost moved to ${a[0]} wei, above the maximum of ${a[1]}`,
  ProjectTokenDeadlinePassed: () => "the trade's deadline passed",
  OverSupply: () => "the purchase would exceed the token's maximum supply",
  InsufficientPayment: () => "the ether sent does not cover the cost",
  ProjectRegistryZeroHash: () => "an artifact root is zero",
  ProjectRegistryWrongPayment: (a) => `the ether sent (${a[0]} wei) differs from the first buy's cost (${a[1]} wei)`,
  ProjectRegistryInvalidMinStake: () => "the minimum stake must be at least 1",
  ProjectRegistryInvalidMetricScale: () => "the metric scale must not be zero",
  ProjectRegistryInvalidRewardRule: () => "the reward rule's parameters are inconsistent",
  ProjectTokenInvalidCurve: () => "the bonding curve's parameters are invalid (basePrice + slope must be positive)",
  ProjectTokenEmptyNameOrSymbol: () => "the token needs a name and a symbol",
};

export function describeError(name: string, args: readonly unknown[]): string {
  const sentence = SENTENCES[name];
  if (sentence) return `${sentence(args)} (${name})`;
  return `the contract refused with ${name}(${args.map(String).join(", ")})`;
}

/** Reads a score option: an integer is fixed point as the benchmark prints it; a decimal is in metric units. */
export function parseScore(value: string, scale: bigint): bigint {
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return BigInt(text);
  const match = /^(-?)(\d*)\.(\d+)$/.exec(text);
  if (!match) throw new CliError(`"${value}" is not a score: give the fixed-point integer the benchmark prints, or a decimal in metric units.`);
  const digits = scale.toString().length - 1;
  const [, sign, whole, fraction] = match;
  if (fraction.length > digits) throw new CliError(`"${value}" has more decimals than the metric scale ${scale} allows.`);
  const fixed = BigInt(whole || "0") * scale + BigInt(fraction.padEnd(digits, "0"));
  return sign ? -fixed : fixed;
}

export function describeScore(score: bigint, config: Pick<ProjectConfig, "metricScale">): string {
  return `${formatScore(score, config.metricScale)} (${score})`;
}

export function proposalUrl(ctx: Pick<Context, "webUrl">, id: bigint): string {
  return `${ctx.webUrl}/proposals/${id}`;
}

export function projectUrl(ctx: Pick<Context, "webUrl">, id: bigint): string {
  return `${ctx.webUrl}/projects/${id}`;
}

export const REPO_DEPLOYMENTS = path.join(REPO_ROOT, "deployments");
