"use client";

/**
 * The header's wallet area. Disconnected: a "Connect wallet" button (RainbowKit's modal loads on
 * hover, focus or click). Connected: the dev-account picker (dev wallet only), the balance in the
 * chain's currency, and the account button with its role (dev accounts on the local chain).
 *
 * One row at every width (the header's height is fixed): on a phone the balance is left to the
 * account modal, the picker shows "#3 Miner" without its label, and the account button shows the
 * address alone (the picker already names the role).
 */
import { useAccount, useBalance } from "wagmi";

import { useDevWallet } from "@/hooks/useDevWallet.ts";
import { useTargetChain } from "@/hooks/useTargetChain.ts";
import { isLocalChainId } from "@orm/protocol/chains";
import { getDevAccount, ROLE_NAMES } from "@/lib/devAccounts.ts";
import { formatEth, shortenAddress } from "@orm/protocol/format";

import { ConnectButton } from "./ConnectButton.tsx";
import { OpenWalletButton } from "./OpenWalletButton.tsx";
import { RoleBadge } from "./RoleBadge.tsx";

function DevAccountPicker() {
  const { account, accounts, selectAccount, isSwitching } = useDevWallet();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="hidden text-muted lg:inline">Acting as</span>
      <select
        aria-label="Dev account"
        data-testid="dev-account-picker"
        className="min-h-10 max-w-[6.5rem] rounded-lg sm:max-w-[11rem] border border-line bg-surface px-2 text-sm"
        value={account?.index ?? ""}
        disabled={isSwitching}
        onChange={(event) => void selectAccount(Number(event.target.value))}
      >
        {accounts.map((option) => (
          <option key={option.index} value={option.index}>
            {`#${option.index} ${ROLE_NAMES[option.role]}`}
          </option>
        ))}
      </select>
    </label>
  );
}

function Balance({ address }: { address: `0x${string}` }) {
  const { chain } = useTargetChain();
  const { data } = useBalance({ address, chainId: chain.id });
  return (
    <span data-testid="account-balance" className="num hidden whitespace-nowrap rounded-lg md:inline bg-canvas px-2.5 py-2 text-sm text-ink" title="Balance">
      {data ? formatEth(data.value, { symbol: data.symbol, maxDecimals: 4 }) : "…"}
    </span>
  );
}

export default function WalletArea() {
  const { address, isConnected, status, chainId } = useAccount();
  const { isDevWallet } = useDevWallet();

  if (!isConnected || !address) return <ConnectButton busy={status === "connecting" || status === "reconnecting"} />;

  const devAccount = isLocalChainId(chainId) ? getDevAccount(address) : undefined;
  return (
    <div className="flex shrink-0 items-center justify-end gap-2">
      {isDevWallet ? <DevAccountPicker /> : null}
      <Balance address={address} />
      <OpenWalletButton modal="account" testId="account-button" className="btn btn-secondary px-3" title={address}>
        {devAccount ? (
          <span className={isDevWallet ? "hidden sm:contents" : "contents"}>
            <RoleBadge role={devAccount.role} label={devAccount.label} testId="account-role" />
          </span>
        ) : null}
        <span className="num" data-testid="account-address">
          {shortenAddress(address)}
        </span>
      </OpenWalletButton>
    </div>
  );
}
