"use client";

import { useCallback, useState } from "react";
import { useAccount } from "wagmi";

import { getDevAccount, type DevAccount } from "@/lib/devAccounts.ts";
import { isDevWalletConnector } from "@/lib/devWallet.ts";

export type UseDevWalletReturnType = {
  /** True when the connected wallet is the dev wallet. */
  isDevWallet: boolean;
  /** The connected dev account (role, index), when the dev wallet is connected. */
  account: DevAccount | undefined;
  /** The accounts the dev wallet offers. */
  accounts: readonly DevAccount[];
  /** Switches the dev wallet to the account at `index`. */
  selectAccount: (index: number) => Promise<void>;
  isSwitching: boolean;
};

/** The dev wallet's account and role picker (inert when another wallet, or none, is connected). */
export function useDevWallet(): UseDevWalletReturnType {
  const { connector, address } = useAccount();
  const [isSwitching, setSwitching] = useState(false);
  const devConnector = isDevWalletConnector(connector) ? connector : undefined;

  const selectAccount = useCallback(
    async (index: number) => {
      if (!devConnector) return;
      setSwitching(true);
      try {
        await devConnector.selectAccount(index);
      } finally {
        setSwitching(false);
      }
    },
    [devConnector],
  );

  return {
    isDevWallet: Boolean(devConnector),
    account: devConnector ? getDevAccount(address) : undefined,
    accounts: devConnector?.devAccounts ?? [],
    selectAccount,
    isSwitching,
  };
}
