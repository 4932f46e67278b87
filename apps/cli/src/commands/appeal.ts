/**
 * `research appeal <proposal-id>`: appeal a decided review within its appeal window, a single
 * reviewer's decision (k = 1) or a quorum's first round (k = 3..9) alike (`ReviewQuorum.appeal`).
 *
 * The appeal posts `appealBondOf` (the appeal round's 2k + 1 seats' pay, 0.1 of a seat lock each):
 * the review draws 2k + 1 fresh bonded seats from a block a few blocks ahead, they measure, commit
 * and reveal as a quorum's seats do (`research verify`), and their median is final. The bond pays
 * the appeal seats that agree with the outcome, whichever it is; if the outcome changes the verdict
 * (k = 1) or disagrees with the first round's median (k > 1), the disagreeing first-round seats lose
 * their whole lock to the appellant. An appeal that cannot be seated is void and its bond returned.
 *
 * The call is simulated first, so a proposal that is not decided, a window that closed or an appeal
 * already taken is the contract's sentence and nothing is sent (and nothing asked). Then the terms
 * are confirmed on the terminal, or with `--yes` (required without one).
 */
import { parseEventLogs, type Address, type Hex } from "viem";

import { formatScore } from "@orm/protocol/format";
import { describeAppealTerms, formatNative, type ReviewSummary } from "../appeals.ts";
import { ABI, createWriter, loadContext, parseId, proposalUrl, read, readProposal, type GlobalOptions } from "../chain.ts";
import { CliError, type Output } from "../output.ts";
import { confirm, isInteractive } from "../prompt.ts";
import { loadSigner } from "../signer.ts";
import { readReviewSummary } from "./quorum.ts";

export type AppealOptions = {
  /** Appeal without asking (unattended use; required without a terminal). */
  yes?: boolean;
};

export type AppealResult = {
  proposalId: bigint;
  projectId: bigint;
  appellant: Address;
  bond: bigint;
  /** Seats of the appeal round (2k + 1). */
  seats: number;
  /** The seats are drawn from this block's hash, once it is mined. */
  drawBlock: bigint;
  /** The decision appealed. */
  decision: NonNullable<ReviewSummary["decision"]>;
  transaction: Hex;
  url: string;
};

export async function appealCommand(proposalArg: string, options: AppealOptions, globals: GlobalOptions, out: Output): Promise<void> {
  const id = parseId(proposalArg, "proposal");
  const ctx = await loadContext(out, globals);
  const proposal = await readProposal(ctx, id);
  const account = await loadSigner(ctx);
  const writer = createWriter(ctx, account);
  const symbol = ctx.chain.nativeCurrency.symbol;
  const bond = await read<bigint>(ctx, ctx.addresses.quorum, ABI.quorum, "appealBondOf", [id]);
  // The contract says what is wrong (not decided, the window closed, appealed already) before anything is asked or sent.
  await writer.simulate(ctx.addresses.quorum, ABI.quorum, "appeal", [id], { value: bond });
  const summary = await readReviewSummary(ctx, id);
  if (!summary?.decision) throw new CliError(`Proposal #${id} has no decision to appeal; nothing was sent.`);
  const config = await read<{ metricScale: bigint }>(ctx, ctx.addresses.registry, ABI.registry, "getProjectConfig", [proposal.projectId]);
  const terms = describeAppealTerms({ proposalId: id, summary, bond, symbol, formatScore: (score) => formatScore(score, config.metricScale) });
  if (!options.yes) {
    if (!isInteractive()) {
      throw new CliError(`Appealing proposal #${id} costs a bond of ${formatNative(bond, symbol)} and needs a confirmation: run it on a terminal, or pass --yes; nothing was sent.`);
    }
    if (!(await confirm(`${terms} Appeal?`))) throw new CliError(`Proposal #${id} was not appealed; nothing was sent.`);
  } else {
    out.progress(terms);
  }
  const sent = await writer.write(ctx.addresses.quorum, ABI.quorum, "appeal", [id], { value: bond, label: `appealed #${id}` });
  const [scheduled] = parseEventLogs({ abi: ABI.quorum, logs: sent.receipt.logs, eventName: "SeatDrawScheduled" }) as unknown as { args: { drawBlock: bigint } }[];
  const drawBlock = scheduled?.args.drawBlock ?? (await read<{ drawBlock: bigint }>(ctx, ctx.addresses.quorum, ABI.quorum, "reviewOf", [id])).drawBlock;
  const result: AppealResult = {
    proposalId: id,
    projectId: proposal.projectId,
    appellant: account.address,
    bond,
    seats: 2 * summary.quorum + 1,
    drawBlock,
    decision: summary.decision,
    transaction: sent.hash,
    url: proposalUrl(ctx, id),
  };
  out.result({ ok: true, ...result }, () => {
    out.line(`${out.c.bold(`Appealed proposal #${id}`)}: ${result.seats} fresh seats are drawn once block ${drawBlock} is mined (anyone draws them: research verify ${id}).`);
    out.line(`  bond       ${formatNative(bond, symbol)}  ${sent.hash}`);
    out.line(`  then       the drawn verifiers measure, commit and reveal (research verify --watch does it); their median is final`);
    out.line(`  ${result.url}`);
  });
}
