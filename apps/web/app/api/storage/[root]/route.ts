import { ARTIFACT_METHODS, handleDownload, handleOptions, handleWrongMethod } from "../../../../server/storage/http.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ root: string }> };

/** Streams the artifact's bytes, verified against its 0G root. */
export async function GET(request: Request, context: Context): Promise<Response> {
  return handleDownload(request, (await context.params).root, "GET");
}

/** Existence check: 200 with length, type and caching headers, or 404. */
export async function HEAD(request: Request, context: Context): Promise<Response> {
  return handleDownload(request, (await context.params).root, "HEAD");
}

/** Every other method: 405 with `{ error }` and `Allow: GET, HEAD` (Next's own answer would not be JSON). */
const wrongMethod = (request: Request): Promise<Response> => handleWrongMethod(request, ARTIFACT_METHODS);

export const POST = wrongMethod;
export const PUT = wrongMethod;
export const PATCH = wrongMethod;
export const DELETE = wrongMethod;

export function OPTIONS(): Response {
  return handleOptions(ARTIFACT_METHODS);
}
