/**
 * The local chain mines a block only when a transaction arrives, so a quorum review's seat draw —
 * which waits for the hash of a block `DRAW_DELAY_BLOCKS` after the request — would wait for
 * somebody else's transaction. On a live network blocks keep coming; this keeps the local chain
 * honest to that: when a draw is scheduled it mines the empty blocks up to and past the draw block,
 * and nothing else (no other block is produced, so pages are not re-rendered for empty blocks).
 * Anyone still calls `drawSeats` (the app, the CLI); this only makes the block exist.
 */
import type { Address, PublicClient } from "viem";

import { reviewQuorumAbi } from "@orm/protocol/generated/abis";

export type MineScheduledDrawsParameters = {
  client: PublicClient;
  quorum: Address;
  /** How often the chain is asked for new draws, ms. */
  pollingIntervalMs?: number;
  onError?: (error: Error) => void;
};

/** Starts watching `SeatDrawScheduled`; returns the function that stops it. */
export function mineScheduledDraws({ client, quorum, pollingIntervalMs = 250, onError }: MineScheduledDrawsParameters): () => void {
  return client.watchContractEvent({
    address: quorum,
    abi: reviewQuorumAbi,
    eventName: "SeatDrawScheduled",
    pollingInterval: pollingIntervalMs,
    onError,
    onLogs: async (logs) => {
      try {
        const target = logs.reduce((highest, log) => (log.args.drawBlock! > highest ? log.args.drawBlock! : highest), 0n);
        const head = await client.getBlockNumber({ cacheTime: 0 });
        // the draw reads the hash of `drawBlock`, so the block after it must exist
        if (head <= target) {
          await client.request({ method: "hardhat_mine" as never, params: [`0x${(target - head + 1n).toString(16)}`] as never });
        }
      } catch (error) {
        onError?.(error as Error);
      }
    },
  });
}
