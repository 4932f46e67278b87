import { UPLOAD_METHODS, handleOptions, handleUpload, handleWrongMethod } from "../../../server/storage/http.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Uploads one artifact: raw body, signed intent in X-Upload-Intent; answers `{ root, size, backend }`. */
export async function POST(request: Request): Promise<Response> {
  return handleUpload(request);
}

/** Every other method: 405 with `{ error }` and `Allow: POST` (Next's own answer would not be JSON). */
const wrongMethod = (request: Request): Promise<Response> => handleWrongMethod(request, UPLOAD_METHODS);

export const GET = wrongMethod;
export const HEAD = wrongMethod;
export const PUT = wrongMethod;
export const PATCH = wrongMethod;
export const DELETE = wrongMethod;

export function OPTIONS(): Response {
  return handleOptions(UPLOAD_METHODS);
}
