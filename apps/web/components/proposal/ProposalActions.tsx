"use client";

/**
 * The buttons for what the connected account may do with a proposal now, and only those (the rules:
 * `getProposalActions` in lib/proposal.ts, against the chain's current record and clock): claim the
 * review, release it, expire the proposal, and — for the reviewer while its lock holds — the verdict
 * form: a verified score in metric units, notes and an optional metrics file, stored on 0G as the
 * review's attestation (its root is the `metricsHash` the ledger records), then approve, mark
 * superseded or reject. The score is checked as it is typed (`checkVerifiedScore`: within the
 * project's tolerance of the claim, beating the live best by the minimum); the sentence names the
 * verdict it implies, and Approve or Superseded stay disabled unless it is theirs (Reject never is).
 * Beside the buttons, what each verdict does, in this proposal's amounts (`settlementOf`, from the
 * ledger's `reviewFeeOf` and the project's fee fund): the reviewer earns the same review fee for any
 * verdict; the miner's stake comes back, or is slashed, per verdict. Where single reviews are
 * appealable (`SINGLE_REVIEW_APPEALS`) the verdict only decides: it locks `seatLockOf` of the
 * reviewer's bond until it is final, so the form says so, and refuses the verdict while the account's
 * free bond is short of the lock (the ledger would revert). Every write goes through
 * `useProtocolWrite`; after a confirmed one the page waits for the indexer to catch up and refreshes
 * its server data.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Address, Hex } from "viem";
import { useAccount, useSignTypedData } from "wagmi";

import { FALLBACK_REFETCH_MS } from "@/components/live/liveStream.ts";
import { useEnsureChain } from "@/hooks/useEnsureChain.ts";
import { useProtocolRead } from "@/hooks/useProtocolRead.ts";
import { useProtocolWrite } from "@/hooks/useProtocolWrite.ts";
import { useTargetChain } from "@/hooks/useTargetChain.ts";
import { getErrorMessage } from "@orm/protocol/errors";
import { formatDuration, formatEth, formatScore, formatTokenAmount, parseScore, shortenAddress } from "@orm/protocol/format";
import type { ProposalStatus } from "@/lib/indexer.ts";
import { describeSlashRule, getProposalActions, proposalFromChain, stateOf, type ProposalState } from "@/lib/proposal.ts";
import { checkVerifiedScore } from "@/lib/review.ts";
import { attestationBytes, createAttestation } from "@orm/protocol/attestation";
import { settlementOf, toleranceOfPpm } from "@orm/protocol/ledger";
import { freeBondOf } from "@orm/protocol/quorum";
import { openWalletModal } from "@/lib/web3Loader.ts";

import { useChainNow } from "./Countdown.tsx";
import { useClaimReview } from "./useClaimReview.ts";
import { useWaitForIndexer } from "./waitForIndexer.ts";

export type ProposalActionsProps = {
  proposalId: string;
  projectId: string;
  /** The server's record (indexer or chain), until the chain read arrives. */
  initial: {
    status: ProposalStatus;
    miner: Address;
    rewardRecipient: Address;
    reviewer: Address | null;
    reviewLockUntil: string | null;
    submittedAt: string;
    expiresAt: string;
  };
  claimedScore: string;
  stake: string;
  symbol: string;
  formerReviewers: string[];
  metricScale: string;
  unit: string;
  /** The project's comparison rules and its best as the server read it (the chain's live best replaces it). */
  scoreTerms: { best: string; minImprovement: string; lowerIsBetter: boolean };
  /** The protocol document's tolerance (0..1), until the chain's is read; null when the protocol could not be read. */
  tolerance: number | null;
  clockOffset: string;
  /** On the review screen the verdict form says more. */
  reviewScreen?: boolean;
};

const ZERO = "0x0000000000000000000000000000000000000000";

type Verdict = "approve" | "supersede" | "reject";

export default function ProposalActions(props: ProposalActionsProps) {
  const { proposalId, projectId, metricScale, unit, symbol, reviewScreen } = props;
  const id = BigInt(proposalId);
  const router = useRouter();
  const { address, isConnected } = useAccount();
  const { signTypedDataAsync } = useSignTypedData();
  const { chain } = useTargetChain();
  const { ensureChain } = useEnsureChain();
  const now = useChainNow(props.clockOffset);
  const ledger = useProtocolWrite({ contractName: "ProposalLedger" });
  const [busy, setBusy] = useState<string>();
  const claimReview = useClaimReview();
  const lostTo = claimReview.lostTo;
  const [score, setScore] = useState(() => formatScore(BigInt(props.claimedScore), BigInt(metricScale)).replace(/,/g, ""));
  const [notes, setNotes] = useState("");
  const [file, setFile] = useState<File>();
  const [formError, setFormError] = useState<string>();
  const waitForIndexer = useWaitForIndexer();

  const { data: chainProposal, refetch } = useProtocolRead({ contractName: "ProposalLedger", functionName: "getProposal", args: [id] });
  // A held claim moves the expiry: the ledger's own figure, not the submission's window.
  const { data: chainExpiresAt, refetch: refetchExpiry } = useProtocolRead({ contractName: "ProposalLedger", functionName: "expiresAt", args: [id] });
  const { data: isVerifier } = useProtocolRead({
    contractName: "VerifierRegistry",
    functionName: "isVerifier",
    args: [address ?? ZERO],
    enabled: Boolean(address),
  });
  const { data: bestUpdatedAt } = useProtocolRead({ contractName: "ProjectRegistry", functionName: "bestUpdatedAt", args: [BigInt(projectId)] });
  const { data: chainProject } = useProtocolRead({ contractName: "ProjectRegistry", functionName: "getProject", args: [BigInt(projectId)] });
  // The tolerance the ledger enforces on approve and supersede (the protocol document's is advisory).
  const { data: chainConfig } = useProtocolRead({ contractName: "ProjectRegistry", functionName: "getProjectConfig", args: [BigInt(projectId)] });
  const { data: bestAtSubmission } = useProtocolRead({ contractName: "ProposalLedger", functionName: "bestAtSubmissionOf", args: [id] });
  // Claims open once the commit window has passed since the proposal's priority.
  const { data: reviewableAt } = useProtocolRead({ contractName: "ProposalLedger", functionName: "reviewableAt", args: [id] });
  // What a verdict moves: the fee fixed at submission, and the fund an approval's fee comes from first.
  const { data: reviewFee } = useProtocolRead({ contractName: "ProposalLedger", functionName: "reviewFeeOf", args: [id] });
  const { data: verifierPool } = useProtocolRead({ contractName: "ProposalLedger", functionName: "getVerifierPool", args: [BigInt(projectId)] });
  // Approvals go in priority order: an earlier open proposal of the project is settled first. Polled
  // while it waits, since another verifier settles that one.
  const { data: openBefore } = useProtocolRead({
    contractName: "ProposalLedger",
    functionName: "openProposalBefore",
    args: [id],
    refetchInterval: (query) => ((query.state.data as readonly [boolean, bigint] | undefined)?.[0] ? FALLBACK_REFETCH_MS : false),
  });
  const waitsFor = openBefore?.[0] ? openBefore[1] : undefined;
  // An appealable verdict is backed by the reviewer's bond: what it locks, and what the account has free.
  const { data: appealable } = useProtocolRead({ contractName: "ProposalLedger", functionName: "SINGLE_REVIEW_APPEALS" });
  const { data: appealWindow } = useProtocolRead({ contractName: "ReviewQuorum", functionName: "APPEAL_WINDOW", enabled: Boolean(appealable) });
  const { data: seatLock } = useProtocolRead({ contractName: "ReviewQuorum", functionName: "seatLockOf", args: [id], enabled: Boolean(appealable) });
  const { data: bond } = useProtocolRead({ contractName: "VerifierRegistry", functionName: "bondOf", args: [address ?? ZERO], enabled: Boolean(appealable && address) });
  const { data: lockedBond } = useProtocolRead({ contractName: "VerifierRegistry", functionName: "lockedBondOf", args: [address ?? ZERO], enabled: Boolean(appealable && address) });
  const freeBond = bond !== undefined && lockedBond !== undefined ? freeBondOf({ bond: bond[0], locked: lockedBond }) : undefined;
  const bondShort = Boolean(appealable) && seatLock !== undefined && freeBond !== undefined && freeBond < seatLock;

  const state: ProposalState = chainProposal
    ? stateOf(proposalFromChain(id, chainProposal, chainExpiresAt))
    : {
        ...props.initial,
        reviewLockUntil: props.initial.reviewLockUntil === null ? null : BigInt(props.initial.reviewLockUntil),
        submittedAt: BigInt(props.initial.submittedAt),
        expiresAt: BigInt(props.initial.expiresAt),
      };
  const claimedBefore = Boolean(address && props.formerReviewers.includes(address.toLowerCase()));
  const actions = getProposalActions(state, {
    account: address,
    isVerifier: Boolean(isVerifier),
    claimedBefore,
    now,
    reviewableAt,
    bestUpdatedAt: bestUpdatedAt === undefined ? undefined : BigInt(bestUpdatedAt),
  });

  /** Runs `write`; on success waits for the indexer and refreshes the page's server data. */
  async function run(name: string, write: () => Promise<boolean>) {
    setBusy(name);
    setFormError(undefined);
    try {
      if (await write()) {
        await Promise.all([refetch(), refetchExpiry()]);
        await waitForIndexer();
        router.refresh();
      }
    } finally {
      setBusy(undefined);
    }
  }

  const scoreCheck = checkVerifiedScore({
    text: score,
    claimed: BigInt(props.claimedScore),
    terms: {
      best: chainProject?.currentBestAggregateScore ?? BigInt(props.scoreTerms.best),
      minImprovement: BigInt(props.scoreTerms.minImprovement),
      lowerIsBetter: props.scoreTerms.lowerIsBetter,
    },
    tolerance: chainConfig ? toleranceOfPpm(chainConfig.tolerancePpm) : props.tolerance,
    bestMovedSinceSubmission: bestUpdatedAt !== undefined && BigInt(bestUpdatedAt) >= state.submittedAt,
    bestAtSubmission,
    metricScale: BigInt(metricScale),
    unit,
  });
  /** Approve and Superseded only for the verdict the typed score implies; Reject stays available. */
  const impliedBy = (verdict: Verdict) => scoreCheck.ok && scoreCheck.verdict === verdict;

  async function claim() {
    await run("claim", () => claimReview.claim(id, { releaseFirst: actions.claim.releaseFirst }));
  }

  async function uploadAttestation(decision: Verdict, verifiedScore: bigint | undefined): Promise<Hex | undefined> {
    if (!address) return undefined;
    const { uploadArtifact } = await import("@orm/protocol/storage/client");
    // The notes and the attestation are signed for the app's chain, once the wallet is on it.
    await ensureChain();
    const signer = { address, chainId: chain.id, signTypedData: (typedData: Parameters<typeof signTypedDataAsync>[0]) => signTypedDataAsync(typedData) };
    let metricsFile: { root: Hex; name: string; size: number } | null = null;
    if (file) {
      setBusy(`${decision}:file`);
      const uploaded = await uploadArtifact(file, { signer: signer as never, contentType: file.type || "application/octet-stream" });
      metricsFile = { root: uploaded.root, name: file.name, size: uploaded.size };
    }
    setBusy(`${decision}:notes`);
    const attestation = createAttestation({
      proposal: id,
      project: BigInt(projectId),
      decision,
      verifier: address,
      verifiedScore,
      metricScale: BigInt(metricScale),
      notes,
      metricsFile,
      evidence: { verifiedScoreText: verifiedScore === undefined ? null : `${formatScore(verifiedScore, BigInt(metricScale))}${unit ? ` ${unit}` : ""}` },
    });
    const uploaded = await uploadArtifact(attestationBytes(attestation), { signer: signer as never, contentType: "application/json" });
    return uploaded.root;
  }

  async function settle(decision: Verdict) {
    const verifiedScore = decision === "reject" ? undefined : parseScore(score, BigInt(metricScale));
    if (decision !== "reject" && verifiedScore === undefined) {
      setFormError(`Enter the score you measured, in ${unit || "metric units"} (at most ${BigInt(metricScale).toString().length - 1} decimals).`);
      return;
    }
    if (decision === "reject" && !notes.trim() && !file) {
      setFormError("Say why you reject it (notes or a metrics file): the reason is stored with the verdict.");
      return;
    }
    await run(decision, async () => {
      let root: Hex | undefined;
      try {
        root = await uploadAttestation(decision, verifiedScore);
      } catch (error) {
        setFormError(`The review notes could not be stored: ${getErrorMessage(error)}`);
        return false;
      }
      if (!root) return false;
      setBusy(decision);
      const receipt =
        decision === "approve"
          ? await ledger.writeAsync({ functionName: "approve", args: [id, verifiedScore!, root], label: "Approve proposal" })
          : decision === "supersede"
            ? await ledger.writeAsync({ functionName: "supersede", args: [id, verifiedScore!, root], label: "Mark superseded" })
            : await ledger.writeAsync({ functionName: "reject", args: [id, root], label: "Reject proposal" });
      return Boolean(receipt);
    });
  }

  const pending = busy !== undefined;
  /** A verdict waits for a request in flight, and for a free bond that covers what it locks. */
  const verdictBlocked = pending || bondShort;
  const canVerdict = actions.approve.allowed || actions.reject.allowed;
  const stake = BigInt(props.stake);
  const settlement = reviewFee !== undefined && verifierPool ? settlementOf({ stake, reviewFee, fund: verifierPool.fund }) : undefined;
  const amount = (value: bigint | undefined) => (value === undefined ? "…" : formatTokenAmount(value, symbol));
  const open = state.status === 0 || state.status === 1;

  if (!isConnected) {
    return open ? (
      <div className="space-y-2" data-testid="proposal-actions">
        <p className="text-sm text-muted">Connect a wallet to see what you may do with this proposal.</p>
        <button type="button" className="btn btn-secondary" onClick={() => openWalletModal("connect")}>
          Connect wallet
        </button>
      </div>
    ) : null;
  }

  const buttons = [
    actions.claim.allowed && (
      <button key="claim" type="button" data-testid="action-claim" className="btn btn-primary" disabled={pending} onClick={() => void claim()}>
        {busy === "claim" ? "Claiming…" : actions.claim.releaseFirst ? "Release the lapsed claim and claim the review" : "Claim review"}
      </button>
    ),
    actions.release.allowed && (
      <button
        key="release"
        type="button"
        data-testid="action-release"
        className="btn btn-secondary"
        disabled={pending}
        onClick={() => void run("release", async () => Boolean(await ledger.writeAsync({ functionName: "releaseReview", args: [id], label: "Release review" })))}
      >
        {busy === "release" ? "Releasing…" : "Release the claim"}
      </button>
    ),
    actions.expire.allowed && (
      <button
        key="expire"
        type="button"
        data-testid="action-expire"
        className="btn btn-secondary"
        disabled={pending}
        onClick={() => void run("expire", async () => Boolean(await ledger.writeAsync({ functionName: "expire", args: [id], label: "Expire proposal" })))}
      >
        {busy === "expire" ? "Expiring…" : "Expire the proposal"}
      </button>
    ),
  ].filter(Boolean);

  const why = open && !canVerdict && buttons.length === 0 ? (actions.claim.reason || actions.approve.reason) : "";

  return (
    <div className="space-y-4" data-testid="proposal-actions">
      {buttons.length ? <div className="flex flex-wrap gap-2">{buttons}</div> : null}
      {lostTo ? (
        <p role="alert" data-testid="claim-lost" className="rounded-md bg-warn-soft p-2 text-sm text-warn">
          Another verifier claimed this review first: {shortenAddress(lostTo)} holds it now.
        </p>
      ) : null}
      {why ? (
        <p className="text-sm text-muted" data-testid="no-actions">
          Nothing for this account to do now. {why}
        </p>
      ) : null}

      {canVerdict ? (
        <form className="space-y-3 rounded-lg border border-line p-4" data-testid="verdict-form" onSubmit={(event) => event.preventDefault()}>
          <h3 className="font-semibold">Your verdict</h3>
          {reviewScreen ? (
            <p className="text-sm text-muted">
              Run the benchmark on the verified artifacts, then record what you measured. Your notes (and the metrics file, if you
              add one) are stored on 0G as this review&apos;s attestation; its root goes on-chain with the verdict.
            </p>
          ) : null}
          <label className="block text-sm">
            <span className="font-medium">Verified score{unit ? ` (${unit})` : ""}</span>
            <input
              data-testid="verified-score"
              inputMode="decimal"
              className="mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 num"
              value={score}
              aria-describedby="verified-score-check"
              onChange={(event) => setScore(event.target.value)}
            />
            <span className="text-xs text-muted">
              Used by approve and superseded; the miner&apos;s claimed score was {formatScore(BigInt(props.claimedScore), BigInt(metricScale))}
              {unit ? ` ${unit}` : ""}.
            </span>
          </label>
          <p
            id="verified-score-check"
            aria-live="polite"
            data-testid="verified-score-check"
            data-verdict={scoreCheck.ok ? scoreCheck.verdict : "none"}
            className={`text-sm ${scoreCheck.ok && scoreCheck.verdict === "approve" ? "text-brand" : "text-warn"}`}
          >
            {scoreCheck.sentence}
          </p>
          <label className="block text-sm">
            <span className="font-medium">Notes (runs, environment, what you saw; the reason when rejecting)</span>
            <textarea
              data-testid="review-notes"
              rows={4}
              className="mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2"
              value={notes}
              onChange={(event) => setNotes(event.target.value)}
            />
          </label>
          <label className="block text-sm">
            <span className="font-medium">Metrics file (optional)</span>
            <input data-testid="metrics-file" type="file" className="mt-1 block w-full text-sm" onChange={(event) => setFile(event.target.files?.[0])} />
          </label>
          {waitsFor !== undefined && actions.approve.allowed ? (
            <p className="rounded-md bg-warn-soft p-2 text-sm text-warn" data-testid="approve-waits-for">
              Proposal{" "}
              <Link href={`/proposals/${waitsFor}`} className="font-medium underline">
                #{waitsFor.toString()}
              </Link>{" "}
              on this project came first and is still open. Approvals go in the order proposals were committed, so a copy of
              someone&apos;s bundle cannot be approved before the original: Approve opens once #{waitsFor.toString()} is settled.
              Reject or Superseded can be given now.
            </p>
          ) : null}
          {appealable && seatLock !== undefined ? (
            <p className={`rounded-md p-2 text-sm ${bondShort ? "bg-warn-soft text-warn" : "border border-line text-muted"}`} data-testid="verdict-bond">
              Your verdict locks <span className="num">{formatEth(seatLock)}</span> of your verifier bond and takes effect once its appeal
              window{appealWindow !== undefined ? ` (${formatDuration(appealWindow)})` : ""} has passed. Until then anyone may appeal: three
              fresh verifiers re-run it, and if they reach another verdict you lose that lock and the fee.
              {bondShort ? (
                <>
                  {" "}
                  You have {formatEth(freeBond ?? 0n)} of bond free:{" "}
                  <Link href="/verify" className="font-medium underline">
                    post a bond
                  </Link>{" "}
                  of at least the difference first.
                </>
              ) : null}
            </p>
          ) : null}
          {formError ? (
            <p role="alert" className="text-sm text-warn" data-testid="verdict-error">
              {formError}
            </p>
          ) : null}
          {busy?.includes(":") ? (
            <p className="text-sm text-muted" data-testid="upload-status">
              {busy.endsWith(":file") ? "Storing the metrics file…" : "Storing your notes on 0G (sign the upload)…"}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            {actions.approve.allowed ? (
              <button
                type="button"
                data-testid="action-approve"
                className="btn btn-primary"
                disabled={verdictBlocked || !impliedBy("approve") || waitsFor !== undefined}
                aria-describedby="verified-score-check"
                onClick={() => void settle("approve")}
              >
                {busy?.startsWith("approve") ? "Approving…" : "Approve"}
              </button>
            ) : null}
            {actions.supersede.allowed ? (
              <button
                type="button"
                data-testid="action-supersede"
                className="btn btn-secondary"
                disabled={verdictBlocked || !impliedBy("supersede")}
                aria-describedby="verified-score-check"
                onClick={() => void settle("supersede")}
              >
                {busy?.startsWith("supersede") ? "Marking…" : "Superseded"}
              </button>
            ) : null}
            {actions.reject.allowed ? (
              <button type="button" data-testid="action-reject" className="btn btn-secondary text-warn" disabled={verdictBlocked} onClick={() => void settle("reject")}>
                {busy?.startsWith("reject") ? "Rejecting…" : "Reject"}
              </button>
            ) : null}
          </div>
          <div className="space-y-1 text-xs text-muted" data-testid="verdict-consequences">
            <p>
              Any verdict earns you the review fee of <span className="num text-ink" data-testid="verdict-review-fee">{amount(settlement?.reviewFee)}</span>{" "}
              (this project&apos;s minimum stake when the proposal was submitted), claimable with your other review fees: the same
              for approve, superseded and reject{appealable ? ", once the verdict is final and not overturned" : ""}.
            </p>
            <p>
              Approve: the miner gets <span className="num text-ink" data-testid="verdict-approve-stake">{amount(settlement?.approve.stakeReturned)}</span> of
              its {formatTokenAmount(stake, symbol)} stake back
              {settlement === undefined
                ? ""
                : settlement.approve.feeFromStake === 0n
                  ? " (your fee comes from the project's fee fund)"
                  : settlement.approve.feeFromFund === 0n
                    ? " (the project's fee fund is empty, so your fee comes out of the stake)"
                    : ` (the project's fee fund pays ${formatTokenAmount(settlement.approve.feeFromFund, symbol)} of your fee, the stake the rest)`}{" "}
              and a reward; the best score moves.
            </p>
            <p>
              Reject: your fee comes out of the stake and the rest is slashed:{" "}
              <span data-testid="verdict-slash-split">
                {amount(settlement?.reject.burned)} burned and {amount(settlement?.reject.toFund)} to the project&apos;s fee fund ({describeSlashRule()})
              </span>
              .
            </p>
            <p>
              Superseded (only when a better approval overtook it): the miner gets{" "}
              <span className="num text-ink" data-testid="verdict-supersede-stake">{amount(settlement?.supersede.stakeReturned)}</span> back, the
              stake less your fee; nothing is minted or slashed.
            </p>
          </div>
        </form>
      ) : null}
    </div>
  );
}
