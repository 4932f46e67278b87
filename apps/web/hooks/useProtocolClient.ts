"use client";

import { useCallback } from "react";
import type { ContractFunctionReturnType } from "viem";
import { useConfig } from "wagmi";
import { readContract } from "wagmi/actions";

import { contractAbis, getContractAddress, type ContractAbi, type ContractName, type ContractReadArgs, type ContractReadFunctionName } from "@orm/protocol/contracts";

import type { UseProtocolReadParameters } from "./useProtocolRead.ts";
import { useTargetChain } from "./useTargetChain.ts";

export type ReadProtocolParameters<
  name extends ContractName,
  functionName extends ContractReadFunctionName<name>,
  args extends ContractReadArgs<name, functionName>,
> = Pick<UseProtocolReadParameters<name, functionName, args>, "contractName" | "functionName" | "args" | "address"> & {
  /** Read at this block (default: latest). */
  blockNumber?: bigint;
};

export type ReadProtocol = <
  const name extends ContractName,
  const functionName extends ContractReadFunctionName<name>,
  const args extends ContractReadArgs<name, functionName>,
>(
  parameters: ReadProtocolParameters<name, functionName, args>,
) => Promise<ContractFunctionReturnType<ContractAbi<name>, "pure" | "view", functionName, args>>;

/**
 * A one-off read of a protocol contract by name, on the target chain, for what must be read at the
 * moment of an action (a check before signing, the quote behind "Max") rather than kept fresh by a
 * hook (`useProtocolRead`, `useProtocolReads`). It is also the `ProtocolReader` the shared submission
 * flow (`@orm/protocol/submission`) takes.
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
