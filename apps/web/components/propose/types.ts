/**
 * What the propose screen knows about a project when it renders: read on the server from the chain
 * (and the protocol document for the metric's name and unit), handed to the form island as props.
 */
import type { Address } from "viem";

export type ProposeTerms = {
  projectId: bigint;
  /** The project's name (`projectNameOf`: its protocol's title, else the token's name). */
  name: string;
  /** The token's name and symbol, shown beside the project's name. */
  tokenName: string;
  symbol: string;
  token: Address;
  /** The metric's name and unit from the protocol document, when it could be read. */
  metric: string | undefined;
  unit: string | undefined;
  best: bigint;
  baseline: bigint;
  lowerIsBetter: boolean;
  minImprovement: bigint;
  metricScale: bigint;
  minStake: bigint;
  /** Reviewers per proposal; a proposal stakes at least `reviewQuorum × minStake` (each seat's review fee). */
  reviewQuorum: number;
  /** The reward schedule: `rewardBps` of the pool minted as the best progresses up to `impactTarget`. */
  rewardBps: number;
  impactTarget: bigint;
  minerPoolCap: bigint;
  /** The token's curve (the price an approval's mint moves). */
  basePrice: bigint;
  slope: bigint;
};
