"use client";

/**
 * The proposal form (a wallet island): the code bundle and benchmark log (roots computed here), the
 * claimed score checked against the best on-chain, the stake with what is at risk and what an
 * approval would pay, the reward recipient. Submitting is one action in four steps: it checks
 * everything again against the chain before the first signature, signs an EIP-2612 permit for the
 * stake, commits to a salted hash of the proposal (`commitProposal`: nobody who sees the roots later
 * can take them), uploads both artifacts (each signed by the wallet) once the commitment is mined,
 * and reveals with the permit (`revealProposalWithPermit`; approve + `revealProposal` when the wallet
 * cannot sign typed data; plain `revealProposal` when the allowance is already there), then opens the
 * new proposal. The salt is kept in this browser until the reveal lands, so a retry after a failed
 * reveal reuses the open commitment (and its priority) instead of committing anew.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { getAddress, type TransactionReceipt } from "viem";
import { useAccount, usePublicClient, useSignTypedData } from "wagmi";

import Link from "@/components/layout/Link.tsx";
import { INDEXER_PROXY_PATH } from "@/lib/indexer.ts";
import { waitForIndexedBlock } from "@orm/protocol/indexerStatus";
import { useEnsureChain } from "@/hooks/useEnsureChain.ts";
import { useProtocolClient } from "@/hooks/useProtocolClient.ts";
import { useProtocolRead } from "@/hooks/useProtocolRead.ts";
import { useProtocolWrite } from "@/hooks/useProtocolWrite.ts";
import { useTargetChain } from "@/hooks/useTargetChain.ts";
import { useTrade } from "@/hooks/useTrade.ts";
import { useTradeQuote } from "@/hooks/useTradeQuote.ts";
import { getContractAddress } from "@orm/protocol/contracts";
import { getErrorMessage, USER_REJECTED_SENTENCE } from "@orm/protocol/errors";
import { formatEth, formatImprovement, formatScore, formatTokenAmount, parseScore, parseTokenAmount } from "@orm/protocol/format";
import { minimumStakeOf } from "@orm/protocol/ledger";
import {
  createProposalFormSchema,
  describeRequiredScore,
  duplicateCodeMessage,
  missingStakeOf,
  type ProposalFormValues,
} from "@/lib/propose.ts";
import { DEFAULT_SLIPPAGE_BPS } from "@orm/protocol/slippage";
import { proposalIdFromLogs } from "@orm/protocol/receipts";
import {
  checkSubmission,
  commitmentOf,
  commitmentState,
  newCommitmentSalt,
  revealArgsOf,
  revealWithPermitArgsOf,
  signStakePermit,
  type StakePermit,
} from "@orm/protocol/submission";
import type { UploadSigner } from "@orm/protocol/storage/client";
import { openWalletModal } from "@/lib/web3Loader.ts";

import { ArtifactField, uploadArtifactsOnce, useArtifact } from "./ArtifactField.tsx";
import { forgetPendingSalt, pendingCommitmentKey, readPendingSalt, writePendingSalt } from "@/lib/pendingCommitment.ts";
import { StakeRisk } from "./StakeRisk.tsx";
import type { ProposeTerms } from "./types.ts";

type Phase = "idle" | "checking" | "permit" | "committing" | "uploading" | "approving" | "revealing" | "opening";

const PHASE_WORDS: Record<Exclude<Phase, "idle">, string> = {
  checking: "Checking the proposal against the chain…",
  permit: "Step 1 of 4: sign the stake permit in your wallet…",
  committing: "Step 2 of 4: committing to your proposal (its roots stay private until this is mined)…",
  uploading: "Step 3 of 4: uploading the artifacts to storage…",
  approving: "Step 3 of 4: approving the stake…",
  revealing: "Step 4 of 4: revealing the proposal and staking…",
  opening: "Submitted. Opening the proposal…",
};

const inputClass =
  "mt-1 block w-full min-w-0 rounded-lg border border-line bg-surface px-3 py-2 text-sm num outline-none focus:border-brand aria-[invalid=true]:border-warn";

export default function ProposeForm({ terms }: { terms: ProposeTerms }) {
  const router = useRouter();
  const { address, isConnected } = useAccount();
  const { chain } = useTargetChain();
  const { ensureChain } = useEnsureChain();
  const publicClient = usePublicClient({ chainId: chain.id });
  const readProtocol = useProtocolClient();
  const { signTypedDataAsync } = useSignTypedData();
  const ledger = getContractAddress("ProposalLedger", chain.id);
  const registry = getContractAddress("ProjectRegistry", chain.id);
  const { projectId, token, symbol, metricScale } = terms;

  // every seat of a quorum earns a review fee of the minimum stake, so the stake covers them all
  const minimumStake = minimumStakeOf(terms);
  const schema = useMemo(() => createProposalFormSchema({ metricScale, minStake: minimumStake }), [metricScale, minimumStake]);
  const form = useForm<ProposalFormValues>({
    resolver: zodResolver(schema),
    mode: "onChange",
    defaultValues: { claimedScore: "", stake: minimumStake.toString(), rewardRecipient: address ?? "" },
  });
  const { register, handleSubmit, setValue, setError, getFieldState, control, formState } = form;
  const [claimedScoreText, stakeText] = useWatch({ control, name: ["claimedScore", "stake"] });

  // The recipient follows the connected account until the miner types another one.
  useEffect(() => {
    if (address && !getFieldState("rewardRecipient").isDirty) setValue("rewardRecipient", address, { shouldValidate: true });
  }, [address, getFieldState, setValue]);

  const code = useArtifact();
  const log = useArtifact();
  const [phase, setPhase] = useState<Phase>("idle");
  const [submitError, setSubmitError] = useState<string>();
  const busy = phase !== "idle";

  const claimedScore = parseScore(claimedScoreText ?? "", metricScale);
  const stake = parseTokenAmount(stakeText ?? "");

  // ------------------------------------------------------------------ live reads
  const { data: bestRead } = useProtocolRead({
    contractName: "ProjectRegistry",
    functionName: "currentBestAggregateScore",
    args: [projectId],
    refetchInterval: 15_000,
  });
  const best = bestRead ?? terms.best;
  const { data: improvementRead } = useProtocolRead({
    contractName: "ProjectRegistry",
    functionName: "improvementOf",
    args: [projectId, claimedScore ?? 0n],
    enabled: claimedScore !== undefined,
    refetchInterval: 15_000, // the best may move while the miner types
  });
  const { data: codeSubmission } = useProtocolRead({
    contractName: "ProposalLedger",
    functionName: "proposalOfCode",
    args: [projectId, code.root ?? "0x"],
    enabled: code.root !== undefined,
  });
  const { data: balance } = useProtocolRead({
    contractName: "ProjectToken",
    address: token,
    functionName: "balanceOf",
    args: [address ?? "0x"],
    enabled: address !== undefined,
  });
  const { data: minerPoolRemaining } = useProtocolRead({ contractName: "ProjectToken", address: token, functionName: "minerPoolRemaining" });
  // Where an approval's mint would move the market: the curve's supply and reserve now.
  const { data: pricingSupply } = useProtocolRead({ contractName: "ProjectToken", address: token, functionName: "pricingSupply", refetchInterval: 15_000 });
  const { data: reserve } = useProtocolRead({ contractName: "ProjectToken", address: token, functionName: "reserve", refetchInterval: 15_000 });
  // The fee fund pays an approval's review fee first (then the stake comes back whole).
  const { data: verifierPool } = useProtocolRead({ contractName: "ProposalLedger", functionName: "getVerifierPool", args: [projectId] });
  const missing = balance !== undefined && stake !== undefined ? missingStakeOf(balance, stake, minimumStake) : 0n;
  // Buying the missing stake is a trade like the trade panel's: the same quote, limit and deadline.
  const missingQuote = useTradeQuote({ token, side: "buy", amount: missing > 0n ? missing : undefined, slippageBps: DEFAULT_SLIPPAGE_BPS });
  const buyCost = missingQuote.quote;
  const buy = useTrade({ token });

  const ledgerWrite = useProtocolWrite({ contractName: "ProposalLedger" });
  const tokenWrite = useProtocolWrite({ contractName: "ProjectToken", address: token });

  const scoreText = (value: bigint) => `${formatScore(value, metricScale)}${terms.unit ? ` ${terms.unit}` : ""}`;
  const scoreTerms = { best, minImprovement: terms.minImprovement, lowerIsBetter: terms.lowerIsBetter, metricScale, unit: terms.unit };
  const duplicateOf = codeSubmission?.[0] ? codeSubmission[1] : undefined;
  const scoreMeets = improvementRead?.[1];

  // ------------------------------------------------------------------ buying the missing stake
  async function buyMissingStake() {
    if (missing === 0n || missingQuote.limit === undefined) return;
    setSubmitError(undefined);
    // The limit is the quote on screen plus 1%; the toast and the form say why when it fails.
    await buy.trade({ side: "buy", amount: missing, limit: missingQuote.limit, label: `Buy ${formatTokenAmount(missing, symbol)}` });
  }

  // ------------------------------------------------------------------ submitting
  async function submitProposal(values: ProposalFormValues) {
    setSubmitError(undefined);
    if (!isConnected || !address) {
      openWalletModal("connect");
      return;
    }
    if (!publicClient || !ledger || !registry) {
      setSubmitError(`The protocol is not deployed on ${chain.name}.`);
      return;
    }
    if (code.selection.status !== "ready" || log.selection.status !== "ready") {
      setSubmitError(
        code.selection.status !== "ready" ? "Choose the code bundle (its root must be computed first)." : "Choose the benchmark log (its root must be computed first).",
      );
      return;
    }
    const score = parseScore(values.claimedScore, metricScale)!;
    const stakeAmount = parseTokenAmount(values.stake)!;
    const recipient = getAddress(values.rewardRecipient);
    const codeRoot = code.selection.root;
    const logRoot = log.selection.root;

    try {
      // The wallet's network first: the uploads, the permit and the transaction are all signed for it.
      await ensureChain();
      // Everything the contract would refuse is caught here, before the first signature.
      setPhase("checking");
      const problem = await checkSubmission(readProtocol, { projectId, token, codeRoot, claimedScore: score, stake: stakeAmount, owner: address });
      if (problem?.kind === "duplicate") {
        setSubmitError(duplicateCodeMessage(problem.existingProposalId));
        return;
      }
      if (problem?.kind === "score") {
        setError("claimedScore", { type: "chain", message: describeRequiredScore({ ...scoreTerms, best: problem.currentBest }) }, { shouldFocus: true });
        return;
      }
      if (problem?.kind === "balance") {
        setSubmitError(
          `You hold ${formatTokenAmount(problem.held, symbol)}; buy the missing ${formatTokenAmount(stakeAmount - problem.held, symbol)} first, or stake less.`,
        );
        return;
      }

      const submission = { projectId, codeRoot, logRoot, claimedScore: score, stake: stakeAmount, rewardRecipient: recipient };
      const allowance = await readProtocol({ contractName: "ProjectToken", address: token, functionName: "allowance", args: [address, ledger] });
      // The permit is signed before the commitment, so nothing waits on the wallet between commit and reveal.
      let permit: StakePermit | undefined;
      let approveFirst = false;
      if (allowance < stakeAmount) {
        setPhase("permit");
        const signed = await publicClient
          .getBlock()
          .then((block) =>
            signStakePermit({
              read: readProtocol,
              signTypedData: (typedData) => signTypedDataAsync(typedData),
              token,
              chainId: chain.id,
              owner: address,
              spender: ledger,
              value: stakeAmount,
              latestBlockTimestamp: block.timestamp,
            }),
          )
          .catch((error: unknown) => error as Error);
        if (signed instanceof Error) {
          const message = getErrorMessage(signed);
          if (message === USER_REJECTED_SENTENCE) {
            setSubmitError(message);
            return;
          }
          approveFirst = true; // a wallet that cannot sign typed data: approve, then reveal
        } else permit = signed;
      }

      // Commit before anything shows the roots: the root belongs to its earliest commitment. A commitment
      // of these same values still open (a reveal that failed) is reused, so a retry keeps its priority.
      const pending = pendingCommitmentKey(chain.id, ledger, address, submission);
      let salt = readPendingSalt(pending);
      if (salt !== undefined) {
        // The chain's clock, not the wall's: the next block is no earlier than the latest.
        const wall = BigInt(Math.floor(Date.now() / 1000));
        const latest = (await publicClient.getBlock()).timestamp;
        const commitment = commitmentOf({ ...submission, chainId: chain.id, ledger, miner: address, salt });
        const { state } = await commitmentState(readProtocol, commitment, latest > wall ? latest : wall);
        if (state !== "open") salt = undefined;
      }
      if (salt === undefined) {
        salt = newCommitmentSalt();
        const commitment = commitmentOf({ ...submission, chainId: chain.id, ledger, miner: address, salt });
        setPhase("committing");
        const committed = await ledgerWrite.writeAsync({ functionName: "commitProposal", args: [commitment], label: "Commit proposal" });
        if (!committed) return; // the toast and the hook's message say why
        writePendingSalt(pending, salt);
      }

      setPhase("uploading");
      const signer: UploadSigner = { address, chainId: chain.id, signTypedData: (typedData) => signTypedDataAsync(typedData) };
      await uploadArtifactsOnce([code, log], signer);

      if (approveFirst) {
        setPhase("approving");
        const approved = await tokenWrite.writeAsync({
          functionName: "approve",
          args: [ledger, stakeAmount],
          label: `Approve ${formatTokenAmount(stakeAmount, symbol)}`,
        });
        if (!approved) return;
      }
      setPhase("revealing");
      const label = "Submit proposal";
      // (a reveal is valid only in a block after its commitment's: checked against the next block)
      const receipt: TransactionReceipt | undefined = permit
        ? await ledgerWrite.writeAsync({
            functionName: "revealProposalWithPermit",
            args: revealWithPermitArgsOf(submission, salt, permit),
            label,
            checkAtNextBlock: true,
          })
        : await ledgerWrite.writeAsync({ functionName: "revealProposal", args: revealArgsOf(submission, salt), label, checkAtNextBlock: true });
      if (!receipt) return; // the toast and the hook's message say why
      forgetPendingSalt(pending);
      const proposalId = proposalIdFromLogs(receipt.logs, ledger);
      if (proposalId === undefined) {
        setSubmitError("The transaction was mined but announced no proposal; check your proposals in the portfolio.");
        return;
      }
      setPhase("opening");
      // The timeline comes from the indexer, a moment behind the chain: open it once it is there.
      await waitForIndexedBlock(INDEXER_PROXY_PATH, receipt.blockNumber);
      router.push(`/proposals/${proposalId}`);
    } catch (error) {
      setSubmitError(getErrorMessage(error));
    } finally {
      setPhase((current) => (current === "opening" ? current : "idle"));
    }
  }

  const writeError =
    ledgerWrite.status === "error"
      ? ledgerWrite.errorMessage
      : tokenWrite.status === "error" && phase === "idle"
        ? tokenWrite.errorMessage
        : buy.status === "error" && phase === "idle"
          ? buy.errorMessage
          : undefined;
  const shownError = submitError ?? writeError;
  const blocked = duplicateOf !== undefined || missing > 0n;

  return (
    <form
      noValidate
      onSubmit={handleSubmit(submitProposal)}
      className="card space-y-6"
      aria-labelledby="proposal-form-title"
      data-testid="propose-form"
    >
      <h2 id="proposal-form-title" className="font-semibold">Your proposal</h2>

      <fieldset className="space-y-5" disabled={busy}>
        <legend className="sr-only">Artifacts</legend>
        <ArtifactField name="code" label="Code bundle" hint="The improved code as one archive (tar, zip); its 0G root identifies it on-chain." artifact={code}>
          {duplicateOf !== undefined ? (
            <p className="rounded-lg bg-warn-soft px-3 py-2 text-warn" role="alert" data-testid="duplicate-code-warning">
              {duplicateCodeMessage(duplicateOf)}{" "}
              <Link href={`/proposals/${duplicateOf}`} className="font-medium underline">
                See proposal #{duplicateOf.toString()}
              </Link>
            </p>
          ) : null}
        </ArtifactField>
        <ArtifactField name="log" label="Benchmark log" hint="The benchmark's output for this code, as the protocol's command printed it." artifact={log} />
      </fieldset>

      <fieldset className="space-y-5" disabled={busy}>
        <legend className="sr-only">Claim and stake</legend>
        <div>
          <label htmlFor="claimed-score" className="text-sm font-medium">Claimed score</label>
          <p className="text-xs text-muted">
            In metric units{terms.unit ? ` (${terms.unit})` : ""}; {terms.lowerIsBetter ? "lower" : "higher"} is better. Current best{" "}
            <span className="num text-ink" data-testid="live-best">{scoreText(best)}</span>.
          </p>
          <input
            id="claimed-score"
            inputMode="decimal"
            autoComplete="off"
            placeholder={formatScore(best, metricScale)}
            aria-invalid={formState.errors.claimedScore ? true : undefined}
            className={inputClass}
            {...register("claimedScore")}
          />
          <div className="mt-1 text-sm" aria-live="polite">
            {formState.errors.claimedScore ? (
              <p className="text-warn" role="alert" data-testid="claimed-score-error">{formState.errors.claimedScore.message}</p>
            ) : claimedScore !== undefined && improvementRead ? (
              scoreMeets ? (
                <p className="text-brand" data-testid="score-improvement">
                  Improvement {formatImprovement(improvementRead[0], metricScale, { lowerIsBetter: terms.lowerIsBetter, unit: terms.unit })} than the
                  best{terms.minImprovement > 0n ? ` (minimum ${scoreText(terms.minImprovement)})` : ""}.
                </p>
              ) : (
                <p className="text-warn" data-testid="score-needed">{describeRequiredScore(scoreTerms)}</p>
              )
            ) : null}
          </div>
        </div>

        <div>
          <label htmlFor="stake" className="text-sm font-medium">Stake (tokens)</label>
          <p className="text-xs text-muted">
            Whole {symbol} tokens, at least {formatTokenAmount(minimumStake)}{terms.reviewQuorum > 1 ? ` (${terms.reviewQuorum} reviewers × the minimum stake)` : ""}.{" "}
            {address ? (
              <>
                You hold <span className="num text-ink" data-testid="stake-balance">{balance === undefined ? "…" : formatTokenAmount(balance, symbol)}</span>.
              </>
            ) : null}
          </p>
          <input
            id="stake"
            inputMode="numeric"
            autoComplete="off"
            aria-invalid={formState.errors.stake ? true : undefined}
            className={inputClass}
            {...register("stake")}
          />
          {formState.errors.stake ? (
            <p className="mt-1 text-sm text-warn" role="alert" data-testid="stake-error">
              {formState.errors.stake.message}
            </p>
          ) : null}
          {stake !== undefined && stake >= minimumStake ? (
            <StakeRisk
              terms={terms}
              stake={stake}
              improvement={scoreMeets ? improvementRead?.[0] : undefined}
              scoreMeets={claimedScore === undefined ? undefined : scoreMeets}
              minerPoolRemaining={minerPoolRemaining}
              feeFund={verifierPool?.fund}
              best={best}
              market={pricingSupply !== undefined && reserve !== undefined ? { supply: pricingSupply, reserve } : undefined}
              nativeSymbol={chain.nativeCurrency.symbol}
            />
          ) : null}
          {missing > 0n ? (
            <div className="mt-3 rounded-lg bg-warn-soft px-3 py-3 text-sm" data-testid="missing-stake">
              <p>
                You hold {formatTokenAmount(balance ?? 0n, symbol)}; this stake needs{" "}
                <strong className="num">{formatTokenAmount(missing, symbol)}</strong> more.
                {buyCost !== undefined ? (
                  <>
                    {" "}Buying them costs about <span className="num">{formatEth(buyCost, { symbol: chain.nativeCurrency.symbol })}</span> (at most{" "}
                    <span className="num">{formatEth(missingQuote.limit ?? buyCost, { maxDecimals: 6, symbol: chain.nativeCurrency.symbol })}</span> with 1% slippage).
                  </>
                ) : null}
              </p>
              <button
                type="button"
                className="btn btn-secondary mt-2"
                data-testid="buy-missing-stake"
                disabled={busy || buy.isPending || !isConnected || missingQuote.limit === undefined}
                onClick={() => void buyMissingStake()}
              >
                {buy.isPending ? "Buying…" : `Buy ${formatTokenAmount(missing, symbol)}`}
              </button>
            </div>
          ) : null}
        </div>

        <div>
          <label htmlFor="reward-recipient" className="text-sm font-medium">Reward recipient</label>
          <p className="text-xs text-muted">Who receives the reward on approval (the stake always returns to you).</p>
          <input
            id="reward-recipient"
            autoComplete="off"
            spellCheck={false}
            placeholder="0x…"
            aria-invalid={formState.errors.rewardRecipient ? true : undefined}
            className={`${inputClass} break-all`}
            {...register("rewardRecipient")}
          />
          {formState.errors.rewardRecipient ? (
            <p className="mt-1 text-sm text-warn" role="alert">{formState.errors.rewardRecipient.message}</p>
          ) : null}
        </div>
      </fieldset>

      <div className="space-y-3 border-t border-line pt-5">
        {phase !== "idle" ? (
          <p className="text-sm text-muted" role="status" data-testid="submit-progress">{PHASE_WORDS[phase]}</p>
        ) : null}
        {shownError ? (
          <p className="rounded-lg bg-warn-soft px-3 py-2 text-sm text-warn" role="alert" data-testid="submit-error">{shownError}</p>
        ) : null}
        {duplicateOf !== undefined ? (
          <p className="text-sm text-warn">Choose other code: {duplicateCodeMessage(duplicateOf)}</p>
        ) : missing > 0n ? (
          <p className="text-sm text-warn">Buy the missing {formatTokenAmount(missing, symbol)} above (or stake less) to submit.</p>
        ) : null}
        {isConnected ? (
          <button type="submit" className="btn btn-primary w-full sm:w-auto" disabled={busy || blocked} data-testid="submit-proposal">
            {busy ? "Submitting…" : "Submit proposal"}
          </button>
        ) : (
          <button type="button" className="btn btn-primary w-full sm:w-auto" onClick={() => openWalletModal("connect")} data-testid="propose-connect">
            Connect a wallet to submit
          </button>
        )}
        <p className="text-xs text-muted">
          You sign a permit for the stake and the two uploads, and send two transactions: a commitment that keeps your code&apos;s
          priority private, then the reveal that stakes and submits.
        </p>
      </div>
    </form>
  );
}
