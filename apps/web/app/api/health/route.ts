/**
 * GET /api/health: for load balancers and `npm start`'s supervisor. 200 `{ status: "ok" }` while this
 * instance can serve; 503 `{ status, error }` when it cannot admit uploads (the shared admission
 * database at DATABASE_URL is unreachable). Pages and downloads need nothing else of this process.
 */
import { checkRelayHealth } from "../../../server/storage/health.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await checkRelayHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
