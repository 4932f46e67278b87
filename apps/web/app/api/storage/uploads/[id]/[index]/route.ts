import { CHUNK_METHODS, handleOptions, handleUploadChunk, handleWrongMethod } from "../../../../../../server/storage/http.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; index: string }> };

/** Stores chunk `index` of the session (raw body, exactly its length); a duplicate is harmless. */
export async function PUT(request: Request, context: Context): Promise<Response> {
  const { id, index } = await context.params;
  return handleUploadChunk(request, id, index);
}

/** Every other method: 405 with `{ error }` and `Allow: PUT`. */
const wrongMethod = (request: Request): Promise<Response> => handleWrongMethod(request, CHUNK_METHODS);

export const GET = wrongMethod;
export const HEAD = wrongMethod;
export const POST = wrongMethod;
export const PATCH = wrongMethod;
export const DELETE = wrongMethod;

export function OPTIONS(): Response {
  return handleOptions(CHUNK_METHODS);
}
