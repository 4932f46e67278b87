"use client";

/**
 * Claiming a review in one click (the queue and the proposal screens): release a lapsed claim first
 * when needed, then `claimReview`. When the claim is refused because another verifier took it
 * between render and click, the chain's record names who holds it (`lostTo`).
 */
import { useState } from "react";
import type { Address } from "viem";
import { useAccount } from "wagmi";

import { useProtocolClient } from "@/hooks/useProtocolClient.ts";
import { useProtocolWrite } from "@/hooks/useProtocolWrite.ts";
import { proposalStatus } from "@orm/protocol/generated/constants";

const ZERO = "0x0000000000000000000000000000000000000000";

export function useClaimReview() {
  const readProtocol = useProtocolClient();
  const { address } = useAccount();
  const { writeAsync, isPending } = useProtocolWrite({ contractName: "ProposalLedger" });
  const [lostTo, setLostTo] = useState<Address>();

  /** Resolves true once the claim is mined. */
  async function claim(id: bigint, { releaseFirst = false }: { releaseFirst?: boolean } = {}): Promise<boolean> {
    setLostTo(undefined);
    if (releaseFirst) {
      const released = await writeAsync({ functionName: "releaseReview", args: [id], label: "Release the lapsed claim" });
      if (!released) return false;
    }
    // Claims open at a time (the commit window's end): the claim lands in the next block, which is
    // then, while the latest may still be before it (the local node mines only on demand).
    const receipt = await writeAsync({ functionName: "claimReview", args: [id], label: "Claim review", checkAtNextBlock: true });
    if (receipt) return true;
    try {
      const proposal = await readProtocol({ contractName: "ProposalLedger", functionName: "getProposal", args: [id] });
      if (proposal.status === proposalStatus.Reviewing && proposal.reviewer !== ZERO && proposal.reviewer.toLowerCase() !== address?.toLowerCase()) {
        setLostTo(proposal.reviewer);
      }
    } catch {
      // the failure toast already said why
    }
    return false;
  }

  return { claim, lostTo, isPending };
}
