/**
 * The 0G stand-in (test/support/zg-standin.ts) in a process of its own, so that the storage bench
 * measures the relay's memory and not the stand-in's copy of the file. Prints one JSON line with
 * its URLs, then serves until it is sent SIGTERM.
 */
import { startZgStandIn } from "../test/support/zg-standin.ts";

const zg = await startZgStandIn({ maxWritesInFlight: 8 });
process.stdout.write(`${JSON.stringify({ indexerUrl: zg.indexerUrl, evmUrl: zg.evmUrl })}\n`);
process.on("SIGTERM", () => {
  void zg.close().then(() => process.exit(0));
});
