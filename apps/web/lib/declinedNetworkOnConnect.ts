/**
 * A wallet that grants its account but declines the network at connect (RainbowKit asks it to switch
 * to the app's chain, or to add it first, as part of connecting) is connected anyway, on its own
 * network, and told so. Left alone, the declined switch failed the whole connection and RainbowKit's
 * modal stayed on "Opening …, confirm connection in the extension" with nothing said. Connected on
 * the wrong network, the page's banner names both networks and offers the switch, and nothing can be
 * signed until it is made (`useEnsureChain`).
 *
 * It watches wagmi's `connect` mutations in the page's query client: a refusal after which the wallet
 * lists an authorized account was the network, not the account (a declined account leaves none).
 */
import type { QueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import type { EIP1193Provider } from "viem";
import { connect } from "wagmi/actions";

import { getChainName } from "@orm/protocol/chains";
import { getErrorMessage, USER_REJECTED_SENTENCE } from "@orm/protocol/errors";

import type { WagmiConfig } from "./wagmi.ts";

type ConnectVariables = { connector?: { uid?: string }; chainId?: number } | undefined;

export function connectDespiteDeclinedNetwork(queryClient: QueryClient, config: WagmiConfig): () => void {
  return queryClient.getMutationCache().subscribe((event) => {
    if (event.type !== "updated" || event.action.type !== "error") return;
    const { mutation } = event;
    if (mutation.options.mutationKey?.[0] !== "connect") return;
    if (getErrorMessage(mutation.state.error) !== USER_REJECTED_SENTENCE) return;
    const variables = mutation.state.variables as ConnectVariables;
    const target = variables?.chainId;
    const connector = config.connectors.find((candidate) => candidate.uid === variables?.connector?.uid);
    if (!connector || target === undefined) return;
    void (async () => {
      const provider = (await connector.getProvider().catch(() => undefined)) as EIP1193Provider | undefined;
      const accounts = await provider?.request({ method: "eth_accounts" }).catch(() => []);
      if (!accounts?.length) return; // the account itself was declined: nothing to do
      const current = await connector.getChainId().catch(() => undefined);
      await connect(config, { connector });
      toast.message(`Your wallet stayed on ${getChainName(current)}: adding or switching to ${getChainName(target)} was declined.`, {
        description: `It is connected; switch to ${getChainName(target)} from the banner before trading, publishing or reviewing.`,
      });
    })().catch(() => undefined);
  });
}
