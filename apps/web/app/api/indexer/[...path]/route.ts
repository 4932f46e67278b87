/**
 * Same-origin proxy to the indexer's read API, for the browser (`lib/indexer.ts`): GET only, the
 * path and query passed through, the indexer's status and JSON passed back. When the indexer cannot
 * be reached the answer is 503 with `{ error }` (pages then fall back to chain reads).
 */
import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ path: string[] }> };

/** The read API's routes (anything else is refused here, not forwarded). */
const ALLOWED = /^(projects(\/\d+(\/(trades|candles|proposals))?)?|proposals\/\d+|queue|accounts\/0x[0-9a-fA-F]{40}|status)$/;

export async function GET(request: Request, context: Context): Promise<Response> {
  const path = (await context.params).path.join("/");
  if (!ALLOWED.test(path)) return Response.json({ error: `There is no indexer route /${path}.` }, { status: 404 });
  const search = new URL(request.url).search;
  const target = `${getRuntimeConfig().indexerUrl.replace(/\/+$/, "")}/${path}${search}`;
  try {
    const upstream = await fetch(target, { cache: "no-store", signal: AbortSignal.timeout(10_000) });
    const body = await upstream.text();
    return new Response(body, {
      status: upstream.status,
      headers: { "content-type": upstream.headers.get("content-type") ?? "application/json", "cache-control": "no-store" },
    });
  } catch {
    return Response.json({ error: "The indexer could not be reached; lists and charts may be out of date." }, { status: 503 });
  }
}
