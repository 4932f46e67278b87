/**
 * The chain side: the deployment, the RPC, typed reads, and writes that are simulated first (so a
 * call that would revert is refused with a sentence before any transaction is sent), with custom
 * errors decoded against every contract's errors and worded by the protocol's shared sentences.
 */
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
  type ContractFunctionReturnType,
  type PublicClient,
  type TransactionReceipt,
} from "viem";

import { getChain } from "@orm/protocol/chains";
import { contractAbis, withProtocolErrors } from "@orm/protocol/contracts";
import type { ProtocolReader, ProtocolReadRequest } from "@orm/protocol/submission";
import { parseDeployment, readDeployment, type Deployment } from "@orm/protocol/deployments";
import { decodeProtocolError, formatProtocolError } from "@orm/protocol/errors";
import { formatScore } from "@orm/protocol/format";
import { projectRegistryAbi, projectTokenAbi, proposalLedgerAbi, reviewQuorumAbi, verifierRegistryAbi } from "@orm/protocol/generated/abis";
import { CliError, type Output } from "./output.ts";

/** Each contract's ABI with every protocol error, so reverts from nested calls decode too. */
export const ABI = {
  ledger: withProtocolErrors(proposalLedgerAbi),
  registry: withProtocolErrors(projectRegistryAbi),
  token: withProtocolErrors(projectTokenAbi),
  verifiers: withProtocolErrors(verifierRegistryAbi),
  quorum: withProtocolErrors(reviewQuorumAbi),
};

export type GlobalOptions = {
  rpc?: string;
  web?: string;
  network?: string;
  deployment?: string;
  json?: boolean;
  quiet?: boolean;
  keystore?: string;
  /** --passphrase-file: the keystore's passphrase from a private file instead of a prompt or RESEARCH_PASSPHRASE. */
  passphraseFile?: string;
  /** --dev-account: sign as this dev account of the local node (an index, as typed) instead of the keystore. */
  devAccount?: string;
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
  addresses: { ledger: Address; registry: Address; verifiers: Address; quorum: Address };
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
  // A chain the protocol does not know (a private testnet) gets a plain ether chain.
  const chain: Chain = getChain(deployment.chainId, rpcUrl) ?? {
    id: deployment.chainId,
    name: deployment.network,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  };
  const client = createPublicClient({ chain, transport: http(rpcUrl, { batch: true, retryCount: 1 }), pollingInterval: 100 }) as PublicClient;
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (error) {
    throw new CliError(`The chain's RPC at ${rpcUrl} does not answer; start it (npm start) or pass --rpc <url>.`, undefined, { cause: error });
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
      quorum: deployment.contracts.ReviewQuorum.address,
    },
  };
}

// ---------------------------------------------------------------- reads

/** The chain's structs, typed from the generated ABI (a proposal's `status` is a `proposalStatus` number). */
export type Proposal = ContractFunctionReturnType<typeof proposalLedgerAbi, "view", "getProposal"> & { id: bigint };
export type Project = ContractFunctionReturnType<typeof projectRegistryAbi, "view", "getProject"> & { id: bigint };
export type ProjectConfig = ContractFunctionReturnType<typeof projectRegistryAbi, "view", "getProjectConfig">;

export function read<T>(ctx: Context, address: Address, abi: Abi, functionName: string, args: unknown[] = []): Promise<T> {
  return ctx.client.readContract({ address, abi, functionName, args } as never) as Promise<T>;
}

const ADDRESS_KEY = { ProposalLedger: "ledger", ProjectRegistry: "registry", VerifierRegistry: "verifiers", ReviewQuorum: "quorum" } as const;

/** Reads a protocol contract by name (the shared flows' `ProtocolReader`); a project token needs its address. */
export function protocolReader(ctx: Context): ProtocolReader {
  return ({ contractName, functionName, args = [], address }: ProtocolReadRequest) => {
    const target = address ?? (contractName === "ProjectToken" ? undefined : ctx.addresses[ADDRESS_KEY[contractName]]);
    if (!target) throw new CliError(`A ${contractName} read needs the token's address.`);
    return read(ctx, target, contractAbis[contractName] as Abi, functionName, [...args]);
  };
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

/** The smallest stake a proposal may carry (one review fee per seat): the protocol's rule. */
export { minimumStakeOf } from "@orm/protocol/ledger";

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
      // Against the pending block, where the transaction will land: the latest block's number and time
      // would refuse a reveal right after its commitment (same block) or a claim whose window just opened.
      const { result } = await ctx.client.simulateContract({ account, address, abi, functionName, args, value: options.value, blockTag: "pending" } as never);
      return result;
    } catch (error) {
      throw new CliError(`${functionName} would fail: ${explainError(error)}`, undefined, { cause: error });
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
        throw new CliError(`${functionName} was not sent: ${explainError(error)}`, undefined, { cause: error });
      }
      const receipt = await ctx.client.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new CliError(`${functionName} reverted in transaction ${hash}.`);
      ctx.out.progress(`${options.label ?? functionName}: ${hash}`);
      return { hash, receipt };
    },
  };
}

/**
 * One sentence for a failed call. A custom error of the protocol reads as its shared sentence with
 * the error's name at the end ("… (NotVerifier).") so operators can grep for it; the CLI's own
 * refusals and the node's or the transport's errors keep their words.
 */
export function explainError(error: unknown): string {
  if (error instanceof CliError) return error.message;
  const decoded = decodeProtocolError(error);
  if (decoded) return `${formatProtocolError(decoded).replace(/\.$/, "")} (${decoded.errorName}).`;
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
    if (revert) {
      if (revert.reason) return toSentence(`The contract reverted: ${revert.reason}`);
      const name = revert.data?.errorName;
      if (name) return `The contract refused with ${name}(${((revert.data?.args ?? []) as readonly unknown[]).map(String).join(", ")}).`;
      if (revert.signature) return `The contract reverted with an unknown error ${revert.signature}.`;
      return "The contract reverted.";
    }
    return toSentence(error.shortMessage || error.message);
  }
  return error instanceof Error ? error.message : String(error);
}

/** One line ending with a full stop (viem's messages run over several lines, with or without one). */
function toSentence(text: string): string {
  const line = text.split("\n")[0]!.trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
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
