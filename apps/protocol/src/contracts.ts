/**
 * The protocol's contracts by name: their generated ABIs and, per chain, their deployed addresses
 * (`generated/`, written by `scripts/generate-abis.ts` on every deploy). `ProjectToken`'s deployed address is the clone
 * implementation; each project's token lives at `ProjectRegistry.tokenOf(projectId)`, so calls to a
 * project token pass that address explicitly.
 */
import type { Abi, Address, ContractFunctionArgs, ContractFunctionName } from "viem";

import {
  projectRegistryAbi,
  projectTokenAbi,
  proposalLedgerAbi,
  protocolErrorsAbi,
  reviewQuorumAbi,
  verifierRegistryAbi,
} from "./generated/abis.ts";
import { deployments } from "./generated/deployments.ts";

export const contractAbis = {
  VerifierRegistry: verifierRegistryAbi,
  ProposalLedger: proposalLedgerAbi,
  ProjectRegistry: projectRegistryAbi,
  ProjectToken: projectTokenAbi,
  ReviewQuorum: reviewQuorumAbi,
} as const;

export type ContractName = keyof typeof contractAbis;
export type ContractAbi<name extends ContractName> = (typeof contractAbis)[name];
/** The view and pure functions of `name`, and their arguments (what a read may call). */
export type ContractReadFunctionName<name extends ContractName> = ContractFunctionName<ContractAbi<name>, "pure" | "view">;
export type ContractReadArgs<
  name extends ContractName,
  functionName extends ContractReadFunctionName<name>,
> = ContractFunctionArgs<ContractAbi<name>, "pure" | "view", functionName>;
/** The state-changing functions of `name` (what a write may call). */
export type ContractWriteFunctionName<name extends ContractName> = ContractFunctionName<ContractAbi<name>, "nonpayable" | "payable">;

export const contractNames = Object.keys(contractAbis) as ContractName[];

type DeploymentEntry = {
  network: string;
  contracts: Partial<Record<ContractName, { address: Address; startBlock: number }>>;
};

const deploymentsByChain = deployments as unknown as Partial<Record<string, DeploymentEntry>>;

/** The deployed address of `name` on `chainId`, or `undefined` when it is not deployed there. */
export function getContractAddress(name: ContractName, chainId: number | undefined): Address | undefined {
  if (chainId === undefined) return undefined;
  return deploymentsByChain[String(chainId)]?.contracts[name]?.address;
}

/** The block `name` was deployed at on `chainId` (where event scans start). */
export function getContractStartBlock(name: ContractName, chainId: number): bigint | undefined {
  const block = deploymentsByChain[String(chainId)]?.contracts[name]?.startBlock;
  return block === undefined ? undefined : BigInt(block);
}

/** Chain ids with a deployment. */
export function getDeployedChainIds(): number[] {
  return Object.keys(deploymentsByChain).map(Number);
}

/**
 * `abi` with every custom error of the protocol appended, so errors raised inside a called contract
 * (the token reverting during a ledger call) decode too.
 */
export function withProtocolErrors<const abi extends Abi>(abi: abi) {
  const known = new Set(abi.filter((item) => item.type === "error").map((item) => (item as { name: string }).name));
  return [...abi, ...protocolErrorsAbi.filter((item) => !known.has(item.name))] as unknown as abi;
}
