"use client";

/**
 * The wizard's last action, as a wallet island: sign `ProjectRegistry.createProjectWithConfig`
 * through `useProtocolWrite` (simulate, sign, receipt, toasts), paying exactly the first buy's cost,
 * then read the new project's id from the receipt's `ProjectCreated` event. Nothing is signed until
 * `prepare` (which validates every step) hands over the transaction's argument.
 */
import { useState } from "react";
import { useAccount } from "wagmi";

import { useProtocolRead } from "@/hooks/useProtocolRead.ts";
import { useProtocolWrite } from "@/hooks/useProtocolWrite.ts";
import { useTargetChain } from "@/hooks/useTargetChain.ts";
import { firstBuyCost, type CreateParams } from "@/lib/create/build.ts";
import { INDEXER_PROXY_PATH } from "@/lib/indexer.ts";
import { waitForIndexedBlock } from "@orm/protocol/indexerStatus";
import { projectIdFromLogs } from "@orm/protocol/receipts";
import { getContractAddress } from "@orm/protocol/contracts";
import { formatEth } from "@orm/protocol/format";

import { ConnectPrompt, SIGN_PURPOSE } from "./ConnectPrompt.tsx";

export type PublishActionProps = {
  /** Validates every step; the transaction's argument, or `undefined` (the errors then show beside their fields). */
  prepare: () => Promise<CreateParams | undefined>;
  /** The curve and first buy on screen, for the chain's quote (undefined while invalid). */
  firstBuy: { basePrice: bigint; slope: bigint; amount: bigint } | undefined;
  /** What the toasts call the write ("Publish Squeeze"). */
  label: string;
  onPublished: (projectId: bigint) => void;
};

export default function PublishAction({ prepare, firstBuy, label, onPublished }: PublishActionProps) {
  const { isConnected } = useAccount();
  const { chain } = useTargetChain();
  const native = chain.nativeCurrency.symbol;
  const { writeAsync, isPending, status } = useProtocolWrite({ contractName: "ProjectRegistry" });
  const [problem, setProblem] = useState<string>();
  const { data: quote } = useProtocolRead({
    contractName: "ProjectRegistry",
    functionName: "quoteFirstBuy",
    args: firstBuy ? [firstBuy.basePrice, firstBuy.slope, firstBuy.amount] : undefined,
    enabled: Boolean(firstBuy && firstBuy.amount > 0n),
  });

  if (!isConnected) return <ConnectPrompt purpose={SIGN_PURPOSE} />;

  async function publish() {
    setProblem(undefined);
    const params = await prepare();
    if (!params) {
      setProblem("Some values are missing or invalid: see the messages beside the fields.");
      return;
    }
    // The contract requires exactly the first buy's cost; the same math as `quoteFirstBuy`.
    const value = firstBuyCost(params, params.firstBuyAmount);
    if (params.firstBuyAmount > 0n && quote !== undefined && quote !== value) {
      setProblem(`The chain quotes ${formatEth(quote, { symbol: native })} for the first buy, not ${formatEth(value, { symbol: native })}; reload the page and try again.`);
      return;
    }
    const receipt = await writeAsync({ functionName: "createProjectWithConfig", args: [params], value, label });
    if (!receipt) return;
    const projectId = projectIdFromLogs(receipt.logs, getContractAddress("ProjectRegistry", chain.id));
    if (projectId === undefined) {
      setProblem("The project was created, but its id was not found in the receipt; find it on the discovery page.");
      return;
    }
    // The project page reads the indexer, a moment behind the chain: open it once the indexer has the block.
    await waitForIndexedBlock(INDEXER_PROXY_PATH, receipt.blockNumber);
    onPublished(projectId);
  }

  return (
    <div className="space-y-3">
      {firstBuy && firstBuy.amount > 0n ? (
        <p className="text-sm text-muted" data-testid="publish-payment">
          You pay <strong className="num text-ink">{formatEth(quote ?? firstBuyCost(firstBuy, firstBuy.amount), { maxDecimals: 8, symbol: native })}</strong> for the
          first {firstBuy.amount.toString()} tokens ({quote === undefined ? "computed here" : "quoted by the registry"}).
        </p>
      ) : (
        <p className="text-sm text-muted" data-testid="publish-payment">No first buy: the transaction sends no {native}.</p>
      )}
      <button type="button" data-testid="publish" className="btn btn-primary w-full sm:w-auto" disabled={isPending} onClick={() => void publish()}>
        {status === "simulating" ? "Checking…" : status === "signing" ? "Confirm in your wallet…" : status === "confirming" ? "Publishing…" : "Sign and publish"}
      </button>
      {problem ? (
        <p role="alert" data-testid="publish-problem" className="text-sm text-red-700">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
