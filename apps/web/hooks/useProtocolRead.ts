"use client";

import type { Address } from "viem";
import { useReadContract, type UseReadContractReturnType } from "wagmi";

import { contractAbis, getContractAddress, type ContractAbi, type ContractName, type ContractReadArgs, type ContractReadFunctionName as ReadFunctionName } from "@orm/protocol/contracts";

import { useTargetChain } from "./useTargetChain.ts";

export type UseProtocolReadParameters<
  name extends ContractName,
  functionName extends ReadFunctionName<name>,
  args extends ContractReadArgs<name, functionName>,
> = {
  contractName: name;
  functionName: functionName;
  args?: args;
  /** Another address than the deployment's (a project's token: `ProjectRegistry.tokenOf(id)`). */
  address?: Address;
  /** Defaults to the wallet's chain when it is one of the app's, else the default chain. */
  chainId?: number;
  /**
   * Refetch every `refetchInterval` ms (off by default; writes refresh every read anyway), or as a
   * function of the last answer (polling only while it says something may change).
   */
  refetchInterval?: number | false | ((query: { state: { data?: unknown } }) => number | false);
  /** Leave the read off until its inputs exist (default true). */
  enabled?: boolean;
};

export type UseProtocolReadReturnType<
  name extends ContractName,
  functionName extends ReadFunctionName<name>,
  args extends ContractReadArgs<name, functionName>,
> = UseReadContractReturnType<ContractAbi<name>, functionName, args>;

/**
 * Reads a protocol contract by name; the address comes from the generated deployments.
 * @example
 * const { data: claimable } = useProtocolRead({ contractName: "ProposalLedger", functionName: "claimable", args: [0n, address] });
 */
export function useProtocolRead<
  const name extends ContractName,
  const functionName extends ReadFunctionName<name>,
  const args extends ContractReadArgs<name, functionName>,
>(parameters: UseProtocolReadParameters<name, functionName, args>): UseProtocolReadReturnType<name, functionName, args> {
  const { chain } = useTargetChain();
  const chainId = parameters.chainId ?? chain.id;
  const address = parameters.address ?? getContractAddress(parameters.contractName, chainId);
  const enabled = (parameters.enabled ?? true) && Boolean(address);
  return useReadContract({
    abi: contractAbis[parameters.contractName],
    address,
    functionName: parameters.functionName,
    args: parameters.args,
    chainId,
    query: { enabled, refetchInterval: parameters.refetchInterval },
  } as never) as UseProtocolReadReturnType<name, functionName, args>;
}
