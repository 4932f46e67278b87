/**
 * Same-origin proxy to the indexer's read API, for the browser (`lib/indexer.ts`): GET only, the
 * path and query passed through, the indexer's status and JSON passed back. When the indexer cannot
 * be reached the answer is 503 with `{ error }` (pages then fall back to chain reads).
 */
import { getRuntimeConfig } from "@/lib/runtimeConfig.ts";
import { isPublicRoute } from "@orm/indexer/api/routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ path: string[] }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  const path = (await context.params).path.join("/");
  // The indexer's table of the routes the browser may read; anything else is refused here, not forwarded.
  if (!isPublicRoute(`/${path}`)) return Response.json({ error: `There is no indexer route /${path}.` }, { status: 404 });
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
