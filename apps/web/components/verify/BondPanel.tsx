"use client";

/**
 * The connected account's verifier bond (`VerifierRegistry`): anyone may join the bonded set, without
 * the registry's owner, by posting at least `MIN_BOND` in the native currency, leave it at once, and
 * withdraw the bond `UNBONDING_DELAY` later. Read from the chain (no indexer), refreshed after each
 * write. Projects reviewed by a quorum draw their seats from the bonded set, weighted by bond; a seat
 * locks part of the bond until its review is final (shown here, with what penalties took).
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { formatEther } from "viem";
import { useAccount, useBalance } from "wagmi";
import { z } from "zod";

import { FALLBACK_REFETCH_MS } from "@/components/live/liveStream.ts";
import { useProtocolRead } from "@/hooks/useProtocolRead.ts";
import { useProtocolWrite } from "@/hooks/useProtocolWrite.ts";
import { useTargetChain } from "@/hooks/useTargetChain.ts";
import { formatEth, formatTimestamp, parseEth } from "@orm/protocol/format";
import { openWalletModal } from "@/lib/web3Loader.ts";

import { useChainNow } from "@/components/proposal/Countdown.tsx";

import { BondSection } from "./BondSection.tsx";

export type BondPanelProps = { clockOffset: string };

const bondForm = z.object({ amount: z.string() });
type BondForm = z.infer<typeof bondForm>;

export default function BondPanel({ clockOffset }: BondPanelProps) {
  const { address, isConnected } = useAccount();
  const { chain } = useTargetChain();
  const native = chain.nativeCurrency.symbol;
  const now = useChainNow(clockOffset);
  const registry = useProtocolWrite({ contractName: "VerifierRegistry" });
  const { data: minBond } = useProtocolRead({ contractName: "VerifierRegistry", functionName: "MIN_BOND", args: [] });
  const { data: delay } = useProtocolRead({ contractName: "VerifierRegistry", functionName: "UNBONDING_DELAY", args: [] });
  const { data: bondedCount, refetch: refetchCount } = useProtocolRead({ contractName: "VerifierRegistry", functionName: "bondedCount", args: [] });
  const { data: bond, refetch: refetchBond } = useProtocolRead({
    contractName: "VerifierRegistry",
    functionName: "bondOf",
    args: [address!],
    enabled: Boolean(address),
  });
  const { data: locked } = useProtocolRead({
    contractName: "VerifierRegistry",
    functionName: "lockedBondOf",
    args: [address!],
    enabled: Boolean(address),
    refetchInterval: FALLBACK_REFETCH_MS,
  });
  const { data: balance, refetch: refetchBalance } = useBalance({ address, chainId: chain.id, query: { enabled: Boolean(address) } });
  const [amount, withdrawableAt] = bond ?? [0n, 0n];
  const leaving = withdrawableAt !== 0n;
  const bonded = amount > 0n && !leaving;
  const due = leaving && now >= withdrawableAt;
  const needed = minBond !== undefined && amount < minBond ? minBond - amount : undefined;

  const form = useForm<BondForm>({
    resolver: zodResolver(
      bondForm.superRefine(({ amount: text }, context) => {
        const wei = parseEth(text);
        if (wei === undefined || wei <= 0n) {
          context.addIssue({ code: "custom", path: ["amount"], message: `Enter an amount of ${native}, like 0.1.` });
        } else if (needed !== undefined && wei < needed) {
          context.addIssue({ code: "custom", path: ["amount"], message: `Post at least ${formatEth(needed, { symbol: native })} to reach the minimum bond.` });
        } else if (balance && wei > balance.value) {
          context.addIssue({ code: "custom", path: ["amount"], message: `Your wallet holds ${formatEth(balance.value, { symbol: native })}.` });
        }
      }),
    ),
    values: { amount: needed !== undefined ? formatEther(needed) : "" },
    resetOptions: { keepDirtyValues: true },
  });

  const refresh = () => Promise.all([refetchBond(), refetchCount(), refetchBalance()]);
  const post = form.handleSubmit(async ({ amount: text }) => {
    const receipt = await registry.writeAsync({ functionName: "postBond", args: [], value: parseEth(text)!, label: "Post a bond" });
    if (receipt) {
      form.reset({ amount: "" });
      await refresh();
    }
  });
  const leave = async () => {
    if (await registry.writeAsync({ functionName: "requestUnbond", args: [], label: "Leave the bonded set" })) await refresh();
  };
  const withdraw = async () => {
    if (await registry.writeAsync({ functionName: "withdrawBond", args: [], label: "Withdraw the bond" })) await refresh();
  };
  const eth = (wei: bigint | undefined) => (wei === undefined ? "—" : formatEth(wei, { symbol: native, maxDecimals: 6 }));
  const days = delay === undefined ? "" : `${Number(delay) / 86_400} days`;

  return (
    <BondSection testId="bond-panel">
      <p className="text-sm text-muted">
        Anyone may join the bonded verifiers, without anyone&apos;s permission, by posting at least{" "}
        <span className="num text-ink" data-testid="bond-minimum">{eth(minBond)}</span>; you may leave at once and take the bond back{" "}
        {days} later, long enough for any review you took part in to be settled. Projects reviewed by a quorum draw their seats from
        the bonded verifiers, weighted by bond; projects with a single reviewer stay with the allowlisted verifiers.{" "}
        <span className="num" data-testid="bonded-count">{bondedCount === undefined ? "—" : bondedCount.toString()}</span> bonded now.
      </p>
      {!isConnected ? (
        <button type="button" className="btn btn-secondary" onClick={() => openWalletModal("connect")}>
          Connect a wallet to post a bond
        </button>
      ) : (
        <>
          <p className="text-sm" data-testid="bond-status">
            {bonded
              ? `You are bonded with ${eth(amount)}${locked ? `, of which ${eth(locked)} is locked by review seats until their reviews are final` : ""}.`
              : leaving
                ? due
                  ? `You left the bonded set; your ${eth(amount)} can be withdrawn now.`
                  : `You left the bonded set; your ${eth(amount)} can be withdrawn from ${formatTimestamp(withdrawableAt)}.`
                : "You have no bond."}
          </p>
          {!leaving ? (
            <form className="flex flex-wrap items-start gap-2" onSubmit={(event) => void post(event)} noValidate>
              <label className="text-sm">
                <span className="sr-only">Amount to post ({native})</span>
                <input
                  {...form.register("amount")}
                  data-testid="bond-amount"
                  inputMode="decimal"
                  aria-invalid={Boolean(form.formState.errors.amount)}
                  aria-describedby="bond-amount-error"
                  className="block w-40 rounded-md border border-line bg-surface px-3 py-2 num"
                  placeholder={`0.1 ${native}`}
                />
              </label>
              <button type="submit" className="btn btn-primary" data-testid="bond-post" disabled={registry.isPending}>
                {bonded ? "Add to the bond" : "Post a bond"}
              </button>
              {bonded ? (
                <button type="button" className="btn btn-secondary" data-testid="bond-leave" disabled={registry.isPending} onClick={() => void leave()}>
                  Leave the bonded set
                </button>
              ) : null}
              <p id="bond-amount-error" role="alert" className="w-full text-sm text-warn" data-testid="bond-amount-error">
                {form.formState.errors.amount?.message}
              </p>
            </form>
          ) : (
            <button type="button" className="btn btn-primary" data-testid="bond-withdraw" disabled={!due || registry.isPending} onClick={() => void withdraw()}>
              Withdraw {eth(amount)}
            </button>
          )}
        </>
      )}
    </BondSection>
  );
}
