/**
 * The ids a receipt announces: the project a `createProject…` created (`ProjectCreated` from the
 * registry) and the proposal a `submit`/`submitWithPermit` created (`ProposalSubmitted` from the
 * ledger). Apart from the flows that send them so a page that only builds a transaction does not
 * carry the ABIs in its first load.
 */
import { parseEventLogs, type Address, type Log } from "viem";

import { projectRegistryAbi, proposalLedgerAbi } from "./generated/abis.ts";

const from = (address: Address | undefined) => (log: { address: Address }) => !address || log.address.toLowerCase() === address.toLowerCase();

/** The id of the project a `createProject…` receipt created (`ProjectCreated` from `registry`). */
export function projectIdFromLogs(logs: readonly Log[], registry?: Address): bigint | undefined {
  return parseEventLogs({ abi: projectRegistryAbi, eventName: "ProjectCreated", logs: logs as Log[] }).find(from(registry))?.args.projectId;
}

/** The id of the proposal a `submit`/`submitWithPermit` receipt created (`ProposalSubmitted` from `ledger`). */
export function proposalIdFromLogs(logs: readonly Log[], ledger?: Address): bigint | undefined {
  return parseEventLogs({ abi: proposalLedgerAbi, eventName: "ProposalSubmitted", logs: logs as Log[] }).find(from(ledger))?.args.id;
}
