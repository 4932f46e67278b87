import { OPEN_UPLOAD_METHODS, handleOpenUpload, handleOptions, handleWrongMethod } from "../../../../server/storage/http.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Opens a chunked upload: the signed intent in X-Upload-Intent (admitted once for the whole
 * artifact), an optional JSON body `{ contentType }`; answers the session `{ id, chunkSize, received, … }`.
 */
export async function POST(request: Request): Promise<Response> {
  return handleOpenUpload(request);
}

/** Every other method: 405 with `{ error }` and `Allow: POST`. */
const wrongMethod = (request: Request): Promise<Response> => handleWrongMethod(request, OPEN_UPLOAD_METHODS);

export const GET = wrongMethod;
export const HEAD = wrongMethod;
export const PUT = wrongMethod;
export const PATCH = wrongMethod;
export const DELETE = wrongMethod;

export function OPTIONS(): Response {
  return handleOptions(OPEN_UPLOAD_METHODS);
}
