"use client";

import type { Address } from "viem";
import { useReadContracts, type UseReadContractsReturnType } from "wagmi";

import { contractAbis, getContractAddress, type ContractAbi, type ContractName, type ContractReadArgs, type ContractReadFunctionName as ReadFunctionName } from "@orm/protocol/contracts";

import { useTargetChain } from "./useTargetChain.ts";

/** One read in a batch: a protocol contract by name, a view function, its arguments. */
export type ProtocolReadCall<
  name extends ContractName = ContractName,
  functionName extends ReadFunctionName<name> = ReadFunctionName<name>,
> = {
  contractName: name;
  functionName: functionName;
  args?: ContractReadArgs<name, functionName>;
  /** Another address than the deployment's (a project's token: `ProjectRegistry.tokenOf(id)`). */
  address?: Address;
};

/** The wagmi contract configs a batch of protocol reads stands for (what types each result). */
export type ProtocolReadContracts<calls extends readonly ProtocolReadCall[]> = {
  [i in keyof calls]: {
    abi: ContractAbi<calls[i]["contractName"]>;
    functionName: calls[i]["functionName"];
    args: calls[i]["args"];
    address: Address;
    chainId: number;
  };
};

export type UseProtocolReadsParameters<calls extends readonly ProtocolReadCall[], allowFailure extends boolean> = {
  contracts: calls;
  /** Leave the batch off until its inputs exist (default true). */
  enabled?: boolean;
  /** Refetch every `refetchInterval` ms (off by default; writes refresh every read anyway). */
  refetchInterval?: number;
  /** false: `data` holds the results themselves, and one failure fails the batch (default true, as wagmi). */
  allowFailure?: allowFailure;
};

/**
 * Several reads of protocol contracts by name in one multicall, typed per read (no component imports
 * an ABI); addresses come from the generated deployments unless a read names one.
 * @example
 * const { data } = useProtocolReads({
 *   contracts: [
 *     { contractName: "ProjectToken", address: token, functionName: "spotPrice" },
 *     { contractName: "ProjectToken", address: token, functionName: "totalSupply" },
 *   ],
 *   allowFailure: false,
 * });
 */
export function useProtocolReads<const calls extends readonly ProtocolReadCall[], const allowFailure extends boolean = true>({
  contracts,
  enabled = true,
  refetchInterval,
  allowFailure,
}: UseProtocolReadsParameters<calls, allowFailure>): UseReadContractsReturnType<ProtocolReadContracts<calls>, allowFailure> {
  const { chain } = useTargetChain();
  const configs = contracts.map((call) => ({
    abi: contractAbis[call.contractName],
    address: call.address ?? getContractAddress(call.contractName, chain.id),
    functionName: call.functionName,
    args: call.args,
    chainId: chain.id,
  }));
  return useReadContracts({
    allowFailure,
    contracts: configs,
    query: { enabled: enabled && configs.every((config) => config.address !== undefined), refetchInterval },
  } as never) as UseReadContractsReturnType<ProtocolReadContracts<calls>, allowFailure>;
}
