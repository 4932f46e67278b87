/**
 * The live stream (server-sent events): each block the indexer indexes, pushed to every open page
 * as `event: block` with the block number as `data` and `id`, from the one watcher of this server
 * (`lib/live/indexedBlock.server.ts`), so no tab polls. A page that learns of a block newer than the
 * one it was rendered after refreshes (`components/live/LiveUpdates.tsx`), and the refresh is served
 * by the page cache, rendered once for every tab. The browser's `EventSource` reconnects by itself
 * after a drop; the first event after a (re)connection is the latest block, so a tab that missed
 * blocks catches up with one refresh, and a block it has seen never refreshes it twice.
 *
 * It also says whether the chain's node answers (`lib/live/chainStatus.server.ts`): `event: chain`
 * with `data: down` when it stopped answering, `data: up` when it answers (again); the current status
 * is sent on every (re)connection, so a tab never keeps an outage that ended while it was away.
 */
import { watchChainStatus } from "@/lib/live/chainStatus.server.ts";
import { getIndexedBlock, watchIndexedBlock } from "@/lib/live/indexedBlock.server.ts";

export const dynamic = "force-dynamic";

/** A comment line this often keeps idle connections open through proxies (ms). */
const HEARTBEAT_MS = 15_000;
/** How soon a dropped browser tries again (ms; the `retry` field). */
const RETRY_MS = 1_000;

export async function GET(request: Request) {
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop(); // the stream was closed under us
        }
      };
      const sendBlock = (block: bigint) => send(`event: block\nid: ${block}\ndata: ${block}\n\n`);
      send(`retry: ${RETRY_MS}\n\n`);
      const unwatch = watchIndexedBlock(sendBlock);
      const unwatchChain = watchChainStatus((answering) => send(`event: chain\ndata: ${answering ? "up" : "down"}\n\n`));
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      stop = () => {
        unwatch();
        unwatchChain();
        clearInterval(heartbeat);
      };
      request.signal.addEventListener("abort", () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      const latest = await getIndexedBlock();
      if (latest !== undefined) sendBlock(latest);
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
