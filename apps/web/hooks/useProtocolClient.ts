"use client";

import { useCallback } from "react";
import type { Address, ContractFunctionArgs, ContractFunctionName, ContractFunctionReturnType } from "viem";
import { useConfig } from "wagmi";
import { readContract } from "wagmi/actions";

import { contractAbis, getContractAddress, type ContractAbi, type ContractName } from "@orm/protocol/contracts";

import { useTargetChain } from "./useTargetChain.ts";

type ReadFunctionName<name extends ContractName> = ContractFunctionName<ContractAbi<name>, "pure" | "view">;

export type ReadProtocolParameters<
  name extends ContractName,
  functionName extends ReadFunctionName<name>,
  args extends ContractFunctionArgs<ContractAbi<name>, "pure" | "view", functionName>,
> = {
  contractName: name;
  functionName: functionName;
  args?: args;
  /** Another address than the deployment's (a project's token). */
  address?: Address;
  /** Read at this block (default: latest). */
  blockNumber?: bigint;
};

export type ReadProtocol = <
  const name extends ContractName,
  const functionName extends ReadFunctionName<name>,
  const args extends ContractFunctionArgs<ContractAbi<name>, "pure" | "view", functionName>,
>(
  parameters: ReadProtocolParameters<name, functionName, args>,
) => Promise<ContractFunctionReturnType<ContractAbi<name>, "pure" | "view", functionName, args>>;

/**
 * A one-off read of a protocol contract by name, on the target chain, for what must be read at the
 * moment of an action (a check before signing, the quote behind "Max") rather than kept fresh by a
 * hook (`useProtocolRead`, `useProtocolReads`).
 * @example
 * const readProtocol = useProtocolClient();
 * const allowance = await readProtocol({ contractName: "ProjectToken", address: token, functionName: "allowance", args: [owner, ledger] });
 */
export function useProtocolClient(): ReadProtocol {
  const config = useConfig();
  const { chain } = useTargetChain();
  return useCallback(
    (async ({ contractName, functionName, args, address, blockNumber }) => {
      const target = address ?? getContractAddress(contractName, chain.id);
      if (!target) throw new Error(`The ${contractName} contract is not deployed on ${chain.name}.`);
      return readContract(config, { abi: contractAbis[contractName], address: target, functionName, args, blockNumber, chainId: chain.id } as never);
    }) as ReadProtocol,
    [chain, config],
  );
}
