"use client";

/**
 * Every write takes the same road: refuse early (no wallet, not deployed) with a toast, bring a
 * wallet on another network to the app's (`useEnsureChain`: the wallet is asked to switch; a refusal
 * is a sentence and nothing is signed), simulate against the chain (custom errors decoded against
 * all of the protocol's errors), ask the wallet to sign and send, wait for the receipt, then say
 * "confirmed" or "failed" with the hash — one toast that changes as the write goes. Reads are refreshed after a confirmed write. A request
 * the user declines in the wallet ends calmly ("… cancelled", nothing sent), not as a failure.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { toast } from "sonner";
import type { Address, ContractFunctionArgs, Hash, TransactionReceipt } from "viem";
import { useAccount, useConfig } from "wagmi";
import { getPublicClient, simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";

import { explorerLinkOf } from "@orm/protocol/chains";
import { contractAbis, getContractAddress, withProtocolErrors, type ContractAbi, type ContractName, type ContractWriteFunctionName as WriteFunctionName } from "@orm/protocol/contracts";
import { getErrorMessage, USER_REJECTED_SENTENCE } from "@orm/protocol/errors";
import { shortenHash } from "@orm/protocol/format";
import { openWalletModal } from "@/lib/web3Loader.ts";

import { useEnsureChain } from "./useEnsureChain.ts";
import { useTargetChain } from "./useTargetChain.ts";

export type ProtocolWriteStatus = "idle" | "simulating" | "signing" | "confirming" | "success" | "error";

export type UseProtocolWriteParameters<name extends ContractName> = {
  contractName: name;
  /** Another address than the deployment's (a project's token: `ProjectRegistry.tokenOf(id)`). */
  address?: Address;
};

export type ProtocolWriteParameters<
  name extends ContractName,
  functionName extends WriteFunctionName<name>,
> = {
  functionName: functionName;
  args: ContractFunctionArgs<ContractAbi<name>, "nonpayable" | "payable", functionName>;
  /** Ether to send, in wei (payable functions). */
  value?: bigint;
  /** What the user is doing, for the toasts ("Claim review fees"). */
  label?: string;
  /**
   * Check (and estimate gas) against the next block rather than the latest: for a call only valid in
   * a later block than the last one (a reveal after its commitment) or from a time on (a claim when
   * the commit window ends), which on a chain that mines on demand (the local node) is the next one.
   */
  checkAtNextBlock?: boolean;
};

export type UseProtocolWriteReturnType<name extends ContractName> = {
  /** Runs the write; resolves with the receipt when it was mined successfully, else `undefined`. */
  writeAsync: <functionName extends WriteFunctionName<name>>(
    parameters: ProtocolWriteParameters<name, functionName>,
  ) => Promise<TransactionReceipt | undefined>;
  status: ProtocolWriteStatus;
  /** True from the simulation until the receipt (or failure). */
  isPending: boolean;
  hash: Hash | undefined;
  receipt: TransactionReceipt | undefined;
  /** The last failure, as one sentence. */
  errorMessage: string | undefined;
};

/**
 * A write to a protocol contract by name, with the toasts and checks every write needs.
 * @example
 * const { writeAsync, isPending } = useProtocolWrite({ contractName: "ProposalLedger" });
 * await writeAsync({ functionName: "claimReward", args: [projectId], label: "Claim review fees" });
 */
export function useProtocolWrite<const name extends ContractName>({
  contractName,
  address: addressOverride,
}: UseProtocolWriteParameters<name>): UseProtocolWriteReturnType<name> {
  const config = useConfig();
  const queryClient = useQueryClient();
  const { address: account, isConnected } = useAccount();
  const { chain } = useTargetChain();
  const { ensureChain } = useEnsureChain();
  const [status, setStatus] = useState<ProtocolWriteStatus>("idle");
  const [hash, setHash] = useState<Hash>();
  const [receipt, setReceipt] = useState<TransactionReceipt>();
  const [errorMessage, setErrorMessage] = useState<string>();
  const busy = useRef(false);

  const writeAsync = useCallback(
    async <functionName extends WriteFunctionName<name>>({
      functionName,
      args,
      value,
      label = `${contractName}.${functionName}`,
      checkAtNextBlock = false,
    }: ProtocolWriteParameters<name, functionName>): Promise<TransactionReceipt | undefined> => {
      const refuse = (message: string, action?: { label: string; onClick: () => void }) => {
        setErrorMessage(message);
        toast.error(message, action ? { action } : undefined);
        return undefined;
      };
      if (!isConnected || !account) {
        return refuse("Connect a wallet first.", { label: "Connect", onClick: () => openWalletModal("connect") });
      }
      const address = addressOverride ?? getContractAddress(contractName, chain.id);
      if (!address) return refuse(`The ${contractName} contract is not deployed on ${chain.name}.`);
      if (busy.current) return refuse("Another transaction from this form is still pending.");
      try {
        await ensureChain();
      } catch (error) {
        return refuse((error as Error).message);
      }

      busy.current = true;
      setHash(undefined);
      setReceipt(undefined);
      setErrorMessage(undefined);
      const toastId = toast.loading(`${label}: checking…`);
      try {
        setStatus("simulating");
        const abi = withProtocolErrors(contractAbis[contractName]);
        const call = { abi, address, functionName, args, value, account, chainId: chain.id };
        const blockTag = checkAtNextBlock ? ("pending" as const) : undefined;
        const { request } = await simulateContract(config, { ...call, blockTag } as never);
        if (checkAtNextBlock) {
          // The wallet would estimate against the latest block, where the call still reverts.
          const gas = await getPublicClient(config, { chainId: chain.id })!.estimateContractGas({ ...call, blockTag } as never);
          (request as { gas?: bigint }).gas = gas + gas / 5n;
        }

        setStatus("signing");
        toast.loading(`${label}: confirm in your wallet…`, { id: toastId });
        const sent = await writeContract(config, request as never);
        setHash(sent);

        setStatus("confirming");
        // On a chain with an explorer (Galileo), each toast about the transaction links to it.
        const link = explorerLinkOf(chain.id, "tx", sent);
        const view = link ? { label: "View in explorer", onClick: () => window.open(link, "_blank", "noopener") } : undefined;
        toast.loading(`${label}: waiting for the block…`, { id: toastId, description: `Transaction ${shortenHash(sent)}`, action: view });
        const mined = await waitForTransactionReceipt(config, { hash: sent, chainId: chain.id });
        setReceipt(mined);
        if (mined.status !== "success") {
          const message = `${label} failed: the transaction was reverted.`;
          setStatus("error");
          setErrorMessage(message);
          toast.error(message, { id: toastId, description: `Transaction ${shortenHash(sent)} · block ${mined.blockNumber}`, action: view });
          return undefined;
        }
        setStatus("success");
        toast.success(`${label} confirmed`, { id: toastId, description: `Transaction ${shortenHash(sent)} · block ${mined.blockNumber}`, action: view });
        await queryClient.invalidateQueries();
        return mined;
      } catch (error) {
        const message = getErrorMessage(error);
        if (message === USER_REJECTED_SENTENCE) {
          // The user said no: nothing was sent and nothing failed, so no red toast.
          setStatus("idle");
          setErrorMessage(message);
          toast.message(`${label} cancelled`, { id: toastId, description: "Nothing was signed or sent." });
          return undefined;
        }
        setStatus("error");
        setErrorMessage(message);
        toast.error(`${label} failed`, { id: toastId, description: message });
        return undefined;
      } finally {
        busy.current = false;
      }
    },
    [account, addressOverride, chain, config, contractName, ensureChain, isConnected, queryClient],
  );

  return {
    writeAsync,
    status,
    isPending: status === "simulating" || status === "signing" || status === "confirming",
    hash,
    receipt,
    errorMessage,
  };
}
