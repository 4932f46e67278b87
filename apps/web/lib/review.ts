/**
 * The verdict form's check as a pure function: what a typed verified score implies (the verdict and
 * the sentence that says why). The rule itself lives once, in `@orm/protocol/ledger`
 * (`impliedVerdictOf`, `improvementOf`), which the CLI decides by too. No React, no wagmi: safe on
 * the server and in tests.
 */
import { formatImprovement, formatScore, formatTolerance, parseScore } from "@orm/protocol/format";
import { allowedDeviationOf, impliedVerdictOf, improvementOf, type ScoreTerms, type Verdict } from "@orm/protocol/ledger";

import { describeRequiredScore } from "./requiredScore.ts";

export type VerifiedScoreCheckParameters = {
  /** What the verifier typed, in metric units. */
  text: string;
  claimed: bigint;
  terms: ScoreTerms;
  /** The project's tolerance (0..1): the chain's `tolerancePpm / 1e6`, or the protocol document's until that is read; null when neither is known (then only the chain's checks apply). */
  tolerance: number | null;
  /** Whether an approval since the submission moved the best (`bestUpdatedAt >= submittedAt`). */
  bestMovedSinceSubmission: boolean;
  /** The best the proposal faced when submitted (`ProposalLedger.bestAtSubmissionOf`), once read: supersede needs it beaten. */
  bestAtSubmission?: bigint;
  metricScale: bigint;
  unit?: string;
};

export type VerifiedScoreCheck =
  | { ok: false; sentence: string }
  | { ok: true; score: bigint; verdict: Verdict; sentence: string };

const VERDICT_NAMES: Record<Verdict, string> = { approve: "Approve", supersede: "Superseded", reject: "Reject" };

/**
 * What a typed verified score implies, checked as a verifier must before settling: within the
 * project's tolerance of the claim, and beating the best by the minimum (the chain's own check on
 * approve). The sentence names the verdict and says why: "This score implies Reject: it is 0.08 x
 * from the claimed 2.9 x, outside the project's tolerance of 1% (at most 0.029 x)."
 */
export function checkVerifiedScore({
  text,
  claimed,
  terms,
  tolerance,
  bestMovedSinceSubmission,
  bestAtSubmission,
  metricScale,
  unit,
}: VerifiedScoreCheckParameters): VerifiedScoreCheck {
  const measured = parseScore(text, metricScale);
  if (measured === undefined) {
    const decimals = metricScale.toString().length - 1;
    return { ok: false, sentence: `Enter the score you measured, in ${unit || "metric units"} (at most ${decimals} decimals).` };
  }
  const withUnit = (value: bigint) => `${formatScore(value, metricScale)}${unit ? ` ${unit}` : ""}`;
  const { improvement, meets } = improvementOf(terms, measured);
  // Without the protocol there is no tolerance to apply: the measurement stands for the claim.
  const { verdict, because } = impliedVerdictOf({
    claimed: tolerance === null ? measured : claimed,
    measured,
    tolerance: tolerance ?? 0,
    meets,
    bestMovedSinceSubmission,
    supersede: bestAtSubmission === undefined ? undefined : { ...terms, bestAtSubmission },
  });
  const implies = `This score implies ${VERDICT_NAMES[verdict]}`;
  const reproduced =
    tolerance === null ? "the protocol could not be read, so its tolerance is not checked" : `it is within ${formatTolerance(tolerance)} of the claimed ${withUnit(claimed)}`;
  const needed = describeRequiredScore({ ...terms, metricScale, unit });
  let sentence: string;
  switch (because) {
    case "outside-tolerance": {
      const distance = measured > claimed ? measured - claimed : claimed - measured;
      sentence = `${implies}: it is ${withUnit(distance)} from the claimed ${withUnit(claimed)}, outside the project's tolerance of ${formatTolerance(tolerance ?? 0)} (at most ${withUnit(allowedDeviationOf(claimed, tolerance ?? 0))}).`;
      break;
    }
    case "meets-minimum": {
      const better = formatImprovement(improvement, metricScale, { lowerIsBetter: terms.lowerIsBetter, unit });
      const minimum = terms.minImprovement > 0n ? ` (minimum ${withUnit(terms.minImprovement)})` : "";
      sentence = `${implies}: ${reproduced}, and it is ${better} than the best ${withUnit(terms.best)}${minimum}.`;
      break;
    }
    case "overtaken":
      sentence = `${implies}: ${reproduced}, but an approval since its submission moved the best past it. ${needed}.`;
      break;
    case "short-of-minimum":
      sentence = `${implies}: ${reproduced}, but it does not beat the best by the minimum. ${needed}.`;
      break;
    case "never-beat-at-submission":
      sentence = `${implies}: an approval since its submission moved the best, but this score never beat the best it faced then (${withUnit(bestAtSubmission ?? 0n)}) by the minimum, so it cannot be marked superseded.`;
      break;
  }
  return { ok: true, score: measured, verdict, sentence };
}
