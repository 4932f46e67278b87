"use client";

/**
 * A proposal of a project reviewed by a quorum (`reviewQuorum` above 1): the review's progress read
 * live from `ReviewQuorum` (phase, deadline, every seat with its holder, commit and revealed
 * measurement, the median and what it implies, the appeal) and the buttons for what the connected
 * account may do now (`quorumActionsOf`): anyone requests the review, draws the seats once the draw
 * block is mined, ends an idle commit phase, closes a round, appeals with the bond or finalizes; a
 * seat's holder commits its measured score (salted by its signature, `seatSaltOf`) and reveals it.
 * The measurement waits in this browser until the reveal (lib/quorum.ts says how); a holder whose
 * browser lost it types it again, and the reveal is simulated against the commitment first.
 *
 * A one-reviewer project (`reviewQuorum` 1) shows here once its claimer has decided: the verdict is
 * the review's one seat (a rejection reads "rejected", not "did not run"), backed by the reviewer's
 * bond, and anyone may appeal it (three fresh seats) or finalize it once the window has passed.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Hex } from "viem";
import { useAccount, useBlockNumber, useSignMessage } from "wagmi";

import { FALLBACK_REFETCH_MS } from "@/components/live/liveStream.ts";
import { useProtocolRead } from "@/hooks/useProtocolRead.ts";
import { useProtocolWrite } from "@/hooks/useProtocolWrite.ts";
import { useTargetChain } from "@/hooks/useTargetChain.ts";
import { getContractAddress } from "@orm/protocol/contracts";
import { getErrorMessage } from "@orm/protocol/errors";
import { formatEth, formatScore, parseScore, shortenAddress } from "@orm/protocol/format";
import { proposalStatus, proposalStatusNames, reviewPhase } from "@orm/protocol/generated/constants";
import { agreesWith, scoreCommitmentOf, seatSaltMessage, seatSaltOf, type SeatMeasurement } from "@orm/protocol/quorum";
import {
  describePhase,
  hasFirstMedian,
  quorumActionsOf,
  readSeatMeasurement,
  seatMeasurementKey,
  storeSeatMeasurement,
  type HeldSeat,
  type QuorumReviewState,
} from "@/lib/quorum.ts";
import { openWalletModal } from "@/lib/web3Loader.ts";

import { Countdown, useChainNow } from "./Countdown.tsx";
import { useWaitForIndexer } from "./waitForIndexer.ts";

export type QuorumReviewProps = {
  proposalId: string;
  projectId: string;
  /** Seats of the first round (`k`). */
  reviewQuorum: number;
  claimedScore: string;
  metricScale: string;
  unit: string;
  clockOffset: string;
  /** On the review screen the seat's form says more. */
  reviewScreen?: boolean;
};

/** While a review can still move, the chain is read this often (ms). */

export default function QuorumReview(props: QuorumReviewProps) {
  const { reviewQuorum, metricScale, unit, clockOffset, reviewScreen } = props;
  const single = reviewQuorum === 1;
  const id = BigInt(props.proposalId);
  const scale = BigInt(metricScale);
  const router = useRouter();
  const { address, isConnected } = useAccount();
  const { chain } = useTargetChain();
  const { signMessageAsync } = useSignMessage();
  const quorumAddress = getContractAddress("ReviewQuorum", chain.id);
  const now = useChainNow(clockOffset);
  const waitForIndexer = useWaitForIndexer();
  const write = useProtocolWrite({ contractName: "ReviewQuorum" });
  const [busy, setBusy] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [scoreText, setScoreText] = useState("");
  const [didNotRun, setDidNotRun] = useState(false);

  const live = (query: { state: { data?: unknown } }) => ((query.state.data as { phase?: number } | undefined)?.phase === reviewPhase.Final ? false : FALLBACK_REFETCH_MS);
  const { data: chainReview, refetch: refetchReview } = useProtocolRead({ contractName: "ReviewQuorum", functionName: "reviewOf", args: [id], refetchInterval: live });
  const review = chainReview as QuorumReviewState | undefined;
  const { data: seats, refetch: refetchSeats } = useProtocolRead({
    contractName: "ReviewQuorum",
    functionName: "seatsOf",
    args: [id],
    refetchInterval: review?.phase === reviewPhase.Final ? false : FALLBACK_REFETCH_MS,
  });
  const { data: proposal, refetch: refetchProposal } = useProtocolRead({ contractName: "ProposalLedger", functionName: "getProposal", args: [id] });
  const { data: reviewableAt } = useProtocolRead({ contractName: "ProposalLedger", functionName: "reviewableAt", args: [id] });
  const { data: config } = useProtocolRead({ contractName: "ProjectRegistry", functionName: "getProjectConfig", args: [BigInt(props.projectId)] });
  const { data: blockNumber } = useBlockNumber({ watch: review?.phase === reviewPhase.Drawing, chainId: chain.id });
  const decided = review?.phase === reviewPhase.Decided;
  const { data: appealBond } = useProtocolRead({ contractName: "ReviewQuorum", functionName: "appealBondOf", args: [id], enabled: decided });
  const median = review && hasFirstMedian(review) ? { ran: review.firstRan, score: review.firstMedian } : undefined;
  const { data: medianVerdict } = useProtocolRead({
    contractName: "ProposalLedger",
    functionName: "verdictOf",
    args: [id, median?.ran ?? false, median?.score ?? 0n],
    enabled: median !== undefined && review?.phase !== reviewPhase.Final,
  });
  // Approvals go in priority order: an approving median is final only once the project's earlier open proposals are settled.
  const { data: openBefore } = useProtocolRead({
    contractName: "ProposalLedger",
    functionName: "openProposalBefore",
    args: [id],
    enabled: review?.phase === reviewPhase.Decided && medianVerdict === proposalStatus.Approved,
    refetchInterval: (query) => ((query.state.data as readonly [boolean, bigint] | undefined)?.[0] ? FALLBACK_REFETCH_MS : false),
  });
  const waitsFor = openBefore?.[0] && medianVerdict === proposalStatus.Approved ? openBefore[1] : undefined;
  const { data: owed, refetch: refetchOwed } = useProtocolRead({
    contractName: "ReviewQuorum",
    functionName: "owedTo",
    args: [address ?? "0x0000000000000000000000000000000000000000"],
    enabled: Boolean(address),
  });

  const format = (score: bigint) => `${formatScore(score, scale)}${unit ? ` ${unit}` : ""}`;
  const describe = (measurement: SeatMeasurement) => (measurement.ran ? format(measurement.score) : "did not run");
  /** The single reviewer's seat: its measurement, or its rejection. */
  const describeSeat = (seat: SeatMeasurement & { round: number }) => (single && seat.round === 0 && !seat.ran ? "rejected" : describe(seat));
  const open = proposal ? proposal.status === proposalStatus.Submitted || proposal.status === proposalStatus.Reviewing : true;
  const actions = review && seats ? quorumActionsOf({ review, seats, account: address, now, blockNumber, reviewableAt, open }) : undefined;

  async function run(name: string, send: () => Promise<boolean>) {
    setBusy(name);
    setFormError(undefined);
    try {
      if (await send()) {
        await Promise.all([refetchReview(), refetchSeats(), refetchProposal(), refetchOwed()]);
        await waitForIndexer();
        router.refresh();
      }
    } catch (error) {
      setFormError(getErrorMessage(error));
    } finally {
      setBusy(undefined);
    }
  }

  /** The seat's salt: the hash of the holder's signature of the seat's message (the same every time). */
  async function saltOf(seat: number): Promise<Hex> {
    const message = seatSaltMessage({ chainId: chain.id, quorum: quorumAddress!, proposalId: id, seat: BigInt(seat) });
    return seatSaltOf(await signMessageAsync({ message }));
  }

  const keyOf = (seat: number) => seatMeasurementKey({ chainId: chain.id, quorum: quorumAddress!, proposalId: id, seat });

  /** The typed measurement, or a sentence saying what is wrong with it. */
  function typedMeasurement(): SeatMeasurement | string {
    if (didNotRun) return { ran: false, score: 0n };
    const score = parseScore(scoreText, scale);
    if (score === undefined) return `Enter the score you measured, in ${unit || "metric units"} (at most ${scale.toString().length - 1} decimals), or tick "did not run".`;
    return { ran: true, score };
  }

  async function commit(held: HeldSeat[]) {
    const measurement = typedMeasurement();
    if (typeof measurement === "string") return setFormError(measurement);
    await run("commit", async () => {
      for (const seat of held) {
        setBusy(`commit:sign:${seat.index}`);
        const salt = await saltOf(seat.index);
        const commitment = scoreCommitmentOf({ chainId: chain.id, quorum: quorumAddress!, proposalId: id, seat: BigInt(seat.index), holder: address!, salt, ...measurement });
        // kept before sending: a commit that lands while this tab closes can still be revealed
        storeSeatMeasurement(localStorage, keyOf(seat.index), measurement);
        setBusy(`commit:${seat.index}`);
        const receipt = await write.writeAsync({ functionName: "commitScore", args: [id, BigInt(seat.index), commitment], label: `Commit seat ${seat.index}'s measurement` });
        if (!receipt) return false;
      }
      return true;
    });
  }

  async function reveal(held: HeldSeat[]) {
    await run("reveal", async () => {
      for (const seat of held) {
        const stored = readSeatMeasurement(localStorage, keyOf(seat.index));
        const measurement = stored ?? typedMeasurement();
        if (typeof measurement === "string") {
          setFormError(`This browser does not hold seat ${seat.index}'s measurement: ${measurement}`);
          return false;
        }
        setBusy(`reveal:sign:${seat.index}`);
        const salt = await saltOf(seat.index);
        setBusy(`reveal:${seat.index}`);
        // simulated first: a measurement that does not match the commitment is refused before signing
        const receipt = await write.writeAsync({
          functionName: "revealScore",
          args: [id, BigInt(seat.index), measurement.ran, measurement.score, salt],
          label: `Reveal seat ${seat.index}'s measurement`,
        });
        if (!receipt) return false;
        localStorage.removeItem(keyOf(seat.index));
      }
      return true;
    });
  }

  const anyone = (name: string, label: string, send: () => Promise<unknown>, testId: string, primary = false) => (
    <button
      key={name}
      type="button"
      data-testid={testId}
      className={`btn ${primary ? "btn-primary" : "btn-secondary"}`}
      disabled={busy !== undefined}
      onClick={() => void run(name, async () => Boolean(await send()))}
    >
      {busy === name ? "Sending…" : label}
    </button>
  );

  if (!review || !seats) {
    return (
      <p className="text-sm text-muted" data-testid="quorum-loading">
        Reading the review quorum from the chain…
      </p>
    );
  }

  const held = actions?.toCommit.length ? actions.toCommit : actions?.toReveal ?? [];
  const storedForReveal = actions?.toReveal.every((seat) => readSeatMeasurement(localStorage, keyOf(seat.index)) !== undefined) ?? true;
  const tolerancePpm = config?.tolerancePpm;
  const deadline = review.deadline > 0n && review.phase !== reviewPhase.Final && review.phase !== reviewPhase.Drawing ? review.deadline.toString() : null;

  return (
    <div className="space-y-4" data-testid="quorum-review" data-phase={review.phase} data-round={review.round}>
      <div className="space-y-1 text-sm">
        {single ? (
          <p data-testid="single-review-intro">
            One allowlisted verifier reviewed this proposal. Its verdict locks part of its bond and stands once the appeal window
            ends; until then anyone may appeal, and three fresh bonded verifiers re-run it, their median final.
          </p>
        ) : (
          <p>
            Reviewed by a quorum of {reviewQuorum} verifiers drawn from the bonded ones, weighted by bond; each re-runs the benchmark,
            commits its measurement, then reveals it, and the median settles.
          </p>
        )}
        <p className="font-medium" data-testid="quorum-phase">
          {describePhase(review)}
          {deadline ? (
            <>
              {" "}
              · ends in <Countdown until={deadline} clockOffset={clockOffset} passedText="now (passed)" testId="quorum-deadline" />
            </>
          ) : null}
        </p>
        {review.seatLock > 0n ? (
          <p className="text-xs text-muted">Each seat locks {formatEth(review.seatLock)} of its holder&apos;s bond until the review is final.</p>
        ) : null}
      </div>

      {seats.length ? (
        <table className="w-full text-sm" data-testid="quorum-seats">
          <thead className="text-left text-xs text-muted">
            <tr>
              <th className="py-1 font-normal">Seat</th>
              <th className="py-1 font-normal">Holder</th>
              <th className="py-1 font-normal">Measurement</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {seats.map((seat, index) => {
              const you = address !== undefined && seat.holder.toLowerCase() === address.toLowerCase();
              const agreed = median && seat.revealed && tolerancePpm !== undefined ? agreesWith(seat, median, tolerancePpm) : undefined;
              return (
                <tr key={index} data-testid={`quorum-seat-${index}`} data-committed={seat.committed} data-revealed={seat.revealed}>
                  <td className="py-1.5 num">
                    {single && seat.round === 0 ? "reviewer" : index}
                    {seat.round > 0 ? <span className="text-muted"> (appeal)</span> : null}
                  </td>
                  <td className="py-1.5" title={seat.holder}>
                    {shortenAddress(seat.holder)}
                    {you ? <span className="ml-1 rounded bg-brand-soft px-1 text-xs text-brand">you</span> : null}
                  </td>
                  <td className="py-1.5 num">
                    {seat.revealed ? describeSeat(seat) : seat.committed ? "committed, sealed" : "waiting for its commit"}
                    {agreed === false ? <span className="ml-1 text-xs text-warn">outside the median&apos;s tolerance</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}

      {median ? (
        <p className="text-sm" data-testid="quorum-median">
          {single ? "The reviewer's verdict" : review.round > 0 && review.phase === reviewPhase.Final ? "First round's median" : "Median"}:{" "}
          <span className="num">{single && !median.ran ? "rejected" : describe(median)}</span>
          {medianVerdict !== undefined ? (
            <>
              {" "}
              — it {review.phase === reviewPhase.Final ? "implied" : "implies"}{" "}
              <span className="font-medium" data-testid="quorum-median-verdict">
                {proposalStatusNames[medianVerdict]?.toLowerCase()}
              </span>
              {" "}(the claim was {format(BigInt(props.claimedScore))}).
            </>
          ) : null}
        </p>
      ) : null}
      {review.phase === reviewPhase.Final && proposal ? (
        <p className="text-sm font-medium" data-testid="quorum-final">
          Final: the ledger settled the proposal as {proposalStatusNames[proposal.status]?.toLowerCase()}.
        </p>
      ) : null}
      {review.appellant !== "0x0000000000000000000000000000000000000000" ? (
        <p className="text-sm" data-testid="quorum-appeal">
          Appealed by {shortenAddress(review.appellant)} with a bond of {formatEth(review.appealBond)}: a fresh quorum of {2 * reviewQuorum + 1} re-runs it,
          and its median is final.
        </p>
      ) : null}

      {!isConnected ? (
        <div className="space-y-2">
          <p className="text-sm text-muted">Connect a wallet to take a step of this review or act on your seat.</p>
          <button type="button" className="btn btn-secondary" onClick={() => openWalletModal("connect")}>
            Connect wallet
          </button>
        </div>
      ) : (
        <>
          {held.length ? (
            <form className="space-y-3 rounded-lg border border-line p-4" data-testid="seat-form" onSubmit={(event) => event.preventDefault()}>
              <h3 className="font-semibold">
                Your seat{held.length > 1 ? "s" : ""} {held.map((seat) => seat.index).join(" and ")}
              </h3>
              {actions?.toCommit.length ? (
                <p className="text-sm text-muted">
                  {reviewScreen
                    ? "Run the benchmark on the verified artifacts, then commit what you measured. Only a hash goes on-chain now (salted with your signature, so nobody can copy your number); you reveal it once every seat has committed."
                    : "Commit the score you measured; you reveal it once every seat has committed."}
                </p>
              ) : (
                <p className="text-sm text-muted">
                  Every seat has committed: reveal your measurement. {storedForReveal ? "This browser kept it since your commit." : "This browser does not hold it: type exactly what you committed."}
                </p>
              )}
              {actions?.toCommit.length || !storedForReveal ? (
                <>
                  <label className="block text-sm">
                    <span className="font-medium">Measured score{unit ? ` (${unit})` : ""}</span>
                    <input
                      data-testid="seat-score"
                      inputMode="decimal"
                      className="mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 num"
                      value={scoreText}
                      disabled={didNotRun}
                      onChange={(event) => setScoreText(event.target.value)}
                    />
                    <span className="text-xs text-muted">The miner claimed {format(BigInt(props.claimedScore))}.</span>
                  </label>
                  <label className="flex items-center gap-2 text-sm">
                    <input type="checkbox" data-testid="seat-did-not-run" checked={didNotRun} onChange={(event) => setDidNotRun(event.target.checked)} />
                    The benchmark could not run it (ranks worst)
                  </label>
                </>
              ) : null}
              {actions?.toCommit.length ? (
                <button type="button" className="btn btn-primary" data-testid="seat-commit" disabled={busy !== undefined} onClick={() => void commit(actions.toCommit)}>
                  {busy?.startsWith("commit:sign") ? "Sign the salt in your wallet…" : busy?.startsWith("commit") ? "Committing…" : "Commit my measurement"}
                </button>
              ) : (
                <button type="button" className="btn btn-primary" data-testid="seat-reveal" disabled={busy !== undefined} onClick={() => void reveal(actions?.toReveal ?? [])}>
                  {busy?.startsWith("reveal:sign") ? "Sign the salt in your wallet…" : busy?.startsWith("reveal") ? "Revealing…" : "Reveal my measurement"}
                </button>
              )}
            </form>
          ) : null}

          <div className="flex flex-wrap gap-2">
            {actions?.request
              ? anyone("request", "Request the review", () => write.writeAsync({ functionName: "requestReview", args: [id], label: "Request the review", checkAtNextBlock: true }), "quorum-request", true)
              : null}
            {actions?.draw ? anyone("draw", "Draw the seats", () => write.writeAsync({ functionName: "drawSeats", args: [id], label: "Draw the seats", checkAtNextBlock: true }), "quorum-draw", true) : null}
            {actions?.endCommits
              ? anyone("end-commits", "End the commit phase", () => write.writeAsync({ functionName: "endCommitPhase", args: [id], label: "End the commit phase", checkAtNextBlock: true }), "quorum-end-commits")
              : null}
            {actions?.closeRound ? anyone("close", "Close the round", () => write.writeAsync({ functionName: "closeRound", args: [id], label: "Close the round", checkAtNextBlock: true }), "quorum-close", true) : null}
            {actions?.finalize && waitsFor === undefined ? anyone("finalize", "Finalize", () => write.writeAsync({ functionName: "finalize", args: [id], label: "Finalize the review", checkAtNextBlock: true }), "quorum-finalize", true) : null}
            {actions?.appeal && appealBond !== undefined
              ? anyone(
                  "appeal",
                  `Appeal (bond ${formatEth(appealBond)})`,
                  () => write.writeAsync({ functionName: "appeal", args: [id], value: appealBond, label: "Appeal the review", checkAtNextBlock: true }),
                  "quorum-appeal-button",
                )
              : null}
            {owed !== undefined && owed > 0n
              ? anyone("withdraw", `Withdraw ${formatEth(owed)} of review pay`, () => write.writeAsync({ functionName: "withdraw", args: [], label: "Withdraw review pay" }), "quorum-withdraw")
              : null}
          </div>
          {actions?.appeal ? (
            <p className="text-xs text-muted">
              Until the window ends anyone may appeal: {2 * reviewQuorum + 1} fresh verifiers re-run it and their median is final. If it
              overturns this outcome,{" "}
              {single ? "the reviewer loses its lock to the appellant" : "the seats that disagreed with it lose their locks to the appellant"}; if not,
              the bond pays the new seats.
            </p>
          ) : null}
          {waitsFor !== undefined ? (
            <p className="rounded-md bg-warn-soft p-2 text-sm text-warn" data-testid="quorum-waits-for">
              Proposal{" "}
              <Link href={`/proposals/${waitsFor}`} className="font-medium underline">
                #{waitsFor.toString()}
              </Link>{" "}
              on this project came first and is still open. Approvals go in the order proposals were committed, so this one can be
              finalized once #{waitsFor.toString()} is settled or expires.
            </p>
          ) : null}
          {actions?.waiting ? (
            <p className="text-sm text-muted" data-testid="quorum-waiting">
              {actions.waiting}
            </p>
          ) : null}
          {formError ? (
            <p role="alert" className="text-sm text-warn" data-testid="quorum-error">
              {formError}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}

