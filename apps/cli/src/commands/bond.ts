/**
 * `research bond`: a verifier's bond in the verifier registry, without the registry's owner.
 * `bond` (or `bond status`) shows it and the bonded set (reads only; `--as` for another address);
 * `bond post <amount>` adds to it (native currency; a first bond must reach `MIN_BOND`);
 * `bond leave` leaves the bonded set at once; `bond withdraw` takes the bond back once its
 * `UNBONDING_DELAY` has passed. Each write is simulated first, so a refusal is one sentence and
 * nothing is sent.
 */
import { formatEther, parseEther, type Address, type Hex } from "viem";

import { formatTimestamp } from "@orm/protocol/format";
import { ABI, createWriter, loadContext, read, type Context, type GlobalOptions } from "../chain.ts";
import { CliError, type Output } from "../output.ts";
import { loadSigner, viewerAddress } from "../signer.ts";

export type BondState = {
  account: Address;
  /** The bond, in wei. */
  bond: bigint;
  bonded: boolean;
  /** While leaving: when the bond can be withdrawn (unix seconds), else null. */
  withdrawableAt: bigint | null;
  minBond: bigint;
  unbondingDelay: bigint;
  bondedCount: bigint;
  totalBonded: bigint;
};

async function readBond(ctx: Context, account: Address): Promise<BondState> {
  const registry = ctx.addresses.verifiers;
  const [[bond, withdrawableAt], bonded, minBond, unbondingDelay, bondedCount, totalBonded] = await Promise.all([
    read<readonly [bigint, bigint]>(ctx, registry, ABI.verifiers, "bondOf", [account]),
    read<boolean>(ctx, registry, ABI.verifiers, "isBonded", [account]),
    read<bigint>(ctx, registry, ABI.verifiers, "MIN_BOND"),
    read<bigint>(ctx, registry, ABI.verifiers, "UNBONDING_DELAY"),
    read<bigint>(ctx, registry, ABI.verifiers, "bondedCount"),
    read<bigint>(ctx, registry, ABI.verifiers, "totalBonded"),
  ]);
  return { account, bond, bonded, withdrawableAt: withdrawableAt === 0n ? null : withdrawableAt, minBond, unbondingDelay, bondedCount, totalBonded };
}

function describe(out: Output, state: BondState, native: string): void {
  const eth = (wei: bigint) => `${formatEther(wei)} ${native}`;
  const where = state.bonded
    ? out.c.green(`bonded with ${eth(state.bond)}`)
    : state.withdrawableAt !== null
      ? `leaving: ${eth(state.bond)} can be withdrawn from ${formatTimestamp(state.withdrawableAt)}`
      : "no bond";
  out.line(`${state.account}: ${where}`);
  out.line(`  minimum bond ${eth(state.minBond)}, unbonding delay ${Number(state.unbondingDelay) / 86_400} days; ${state.bondedCount} bonded, ${eth(state.totalBonded)} in all`);
}

export async function bondCommand(
  action: string | undefined,
  amount: string | undefined,
  options: { as?: string },
  globals: GlobalOptions,
  out: Output,
): Promise<void> {
  const ctx = await loadContext(out, globals);
  const native = ctx.chain.nativeCurrency.symbol;
  if (action === undefined || action === "status") {
    const account = await viewerAddress(ctx, options.as);
    if (!account) throw new CliError("Whose bond? Pass --as <address>, --dev-account <index> or --keystore <file>.");
    const state = await readBond(ctx, account);
    out.result({ ok: true, ...state }, () => describe(out, state, native));
    return;
  }
  const writes: Record<string, { functionName: string; label: string }> = {
    post: { functionName: "postBond", label: "posted a bond" },
    leave: { functionName: "requestUnbond", label: "left the bonded set" },
    withdraw: { functionName: "withdrawBond", label: "withdrew the bond" },
  };
  const write = writes[action];
  if (!write) throw new CliError(`"${action}" is not a bond action: status, post <amount>, leave or withdraw.`);
  let value: bigint | undefined;
  if (action === "post") {
    if (amount === undefined) throw new CliError(`How much? research bond post <amount in ${native}>, e.g. 0.1.`);
    try {
      value = parseEther(amount);
    } catch {
      value = undefined;
    }
    if (value === undefined || value <= 0n || !/^\d*\.?\d+$/.test(amount)) throw new CliError(`"${amount}" is not an amount of ${native} (like 0.1).`);
  } else if (amount !== undefined) {
    throw new CliError(`research bond ${action} takes no amount.`);
  }
  const account = await loadSigner(ctx);
  const sent = await createWriter(ctx, account).write(ctx.addresses.verifiers, ABI.verifiers, write.functionName, [], { value, label: write.label });
  const state = await readBond(ctx, account.address);
  out.result({ ok: true, transaction: sent.hash as Hex, ...state }, () => {
    out.line(`${out.c.green(write.label[0]!.toUpperCase() + write.label.slice(1))}  ${sent.hash}`);
    describe(out, state, native);
  });
}
