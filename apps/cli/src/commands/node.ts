/**
 * A verifier node's housekeeping: `research expire` cranks proposals whose review window lapsed
 * (`ProposalLedger.expire`: nobody reviewed it in its window, so the stake goes back to the miner whole), `research rewards`
 * lists the review fees an address earned and may claim (reads only), `research claim` claims them
 * (`claimReward` per project). `verify --watch --crank` does the first and last while idle.
 */
import type { Address, Hex, LocalAccount } from "viem";

import { formatTimestamp } from "@orm/protocol/format";
import { proposalStatus, proposalStatusNames } from "@orm/protocol/generated/constants";
import { ABI, createWriter, loadContext, parseId, read, readAllProposals, readProposal, type Context, type GlobalOptions, type Proposal } from "../chain.ts";
import { CliError, type Output } from "../output.ts";
import { loadSigner, viewerAddress } from "../signer.ts";

/** Whether `expire` would go through now: open or with a lapsed review lock, and past its expiry (held claims extend it). */
async function isLapsed(ctx: Context, p: Proposal, now: bigint): Promise<boolean> {
  if (p.status === proposalStatus.Reviewing && now < p.reviewLockUntil) return false;
  if (p.status !== proposalStatus.Submitted && p.status !== proposalStatus.Reviewing) return false;
  const expiresAt = await read<bigint>(ctx, ctx.addresses.ledger, ABI.ledger, "expiresAt", [p.id]);
  return now >= expiresAt;
}

export async function lapsedProposals(ctx: Context, projectFilter?: bigint): Promise<Proposal[]> {
  const [all, block] = await Promise.all([readAllProposals(ctx), ctx.client.getBlock()]);
  const candidates = all.filter((p) => projectFilter === undefined || p.projectId === projectFilter);
  const lapsed = await Promise.all(candidates.map((p) => isLapsed(ctx, p, block.timestamp)));
  return candidates.filter((_, i) => lapsed[i]);
}

export type Expired = { proposalId: bigint; projectId: bigint; stake: bigint; transaction: Hex };

/** Sends `expire` for each lapsed proposal (each simulated first); returns what went through. */
export async function expireLapsed(ctx: Context, account: LocalAccount, proposals: Proposal[]): Promise<Expired[]> {
  const writer = createWriter(ctx, account);
  const expired: Expired[] = [];
  for (const p of proposals) {
    const sent = await writer.write(ctx.addresses.ledger, ABI.ledger, "expire", [p.id], { label: `expired #${p.id}` });
    expired.push({ proposalId: p.id, projectId: p.projectId, stake: p.stake, transaction: sent.hash });
  }
  return expired;
}

export async function expireCommand(proposalArg: string | undefined, options: { project?: string }, globals: GlobalOptions, out: Output): Promise<void> {
  const projectFilter = options.project !== undefined ? parseId(options.project, "project") : undefined;
  const ctx = await loadContext(out, globals);
  let targets: Proposal[];
  if (proposalArg !== undefined) {
    const p = await readProposal(ctx, parseId(proposalArg, "proposal"));
    if (p.status !== proposalStatus.Submitted && p.status !== proposalStatus.Reviewing) {
      throw new CliError(`Proposal #${p.id} is ${proposalStatusNames[p.status]}; there is nothing to expire.`);
    }
    const block = await ctx.client.getBlock();
    if (!(await isLapsed(ctx, p, block.timestamp))) {
      const expiresAt = await read<bigint>(ctx, ctx.addresses.ledger, ABI.ledger, "expiresAt", [p.id]);
      throw new CliError(`Proposal #${p.id} has not lapsed: its review window ends ${formatTimestamp(expiresAt)}${p.status === proposalStatus.Reviewing ? " (or later, while a claim holds it)" : ""}; nothing was sent.`);
    }
    targets = [p];
  } else {
    targets = await lapsedProposals(ctx, projectFilter);
  }
  const account = targets.length ? await loadSigner(ctx) : undefined;
  const expired = account ? await expireLapsed(ctx, account, targets) : [];
  out.result({ ok: true, expired }, () => {
    if (!expired.length) out.line("Nothing has lapsed; nothing was sent.");
    for (const e of expired) out.line(`${out.c.bold(`Proposal #${e.proposalId} expired`)} (project #${e.projectId}, stake ${e.stake} refunded)  ${e.transaction}`);
  });
}

export type Reward = { projectId: bigint; claimable: bigint; token: Address };

/** The review fees `account` may claim, per project (only the projects with some). */
export async function claimableRewards(ctx: Context, account: Address, projectFilter?: bigint): Promise<Reward[]> {
  const count = await read<bigint>(ctx, ctx.addresses.registry, ABI.registry, "nextProjectId");
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i)).filter((id) => projectFilter === undefined || id === projectFilter);
  const rewards = await Promise.all(
    ids.map(async (projectId) => ({
      projectId,
      claimable: await read<bigint>(ctx, ctx.addresses.ledger, ABI.ledger, "claimable", [projectId, account]),
      token: await read<Address>(ctx, ctx.addresses.registry, ABI.registry, "tokenOf", [projectId]),
    })),
  );
  return rewards.filter((r) => r.claimable > 0n);
}

export async function rewardsCommand(options: { as?: string; project?: string }, globals: GlobalOptions, out: Output): Promise<void> {
  const projectFilter = options.project !== undefined ? parseId(options.project, "project") : undefined;
  const ctx = await loadContext(out, globals);
  const account = await viewerAddress(ctx, options.as);
  if (!account) throw new CliError("Whose rewards? Pass --as <address>, --dev-account <index> or --keystore <file>.");
  const rewards = await claimableRewards(ctx, account, projectFilter);
  out.result({ ok: true, account, rewards }, () => {
    if (!rewards.length) out.line(`${account} has no verifier rewards to claim.`);
    for (const r of rewards) out.line(`  project #${r.projectId}: ${r.claimable} tokens (${r.token})`);
  });
}

export type Claimed = { projectId: bigint; amount: bigint; transaction: Hex };

/** Claims the signer's review fees on every project (each `claimReward` simulated first). */
export async function claimRewards(ctx: Context, account: LocalAccount, projectFilter?: bigint): Promise<Claimed[]> {
  const writer = createWriter(ctx, account);
  const claimed: Claimed[] = [];
  for (const r of await claimableRewards(ctx, account.address, projectFilter)) {
    const sent = await writer.write(ctx.addresses.ledger, ABI.ledger, "claimReward", [r.projectId], { label: `claimed ${r.claimable} on project #${r.projectId}` });
    claimed.push({ projectId: r.projectId, amount: r.claimable, transaction: sent.hash });
  }
  return claimed;
}

export async function claimCommand(options: { project?: string }, globals: GlobalOptions, out: Output): Promise<void> {
  const projectFilter = options.project !== undefined ? parseId(options.project, "project") : undefined;
  const ctx = await loadContext(out, globals);
  const account = await loadSigner(ctx);
  const claimed = await claimRewards(ctx, account, projectFilter);
  out.result({ ok: true, account: account.address, claimed }, () => {
    if (!claimed.length) out.line(`${account.address} has no verifier rewards to claim; nothing was sent.`);
    for (const c of claimed) out.line(`${out.c.green(`Claimed ${c.amount} tokens`)} on project #${c.projectId}  ${c.transaction}`);
  });
}
