import { UPLOAD_METHODS, handleOptions, handleTerms, handleUpload, handleWrongMethod } from "../../../server/storage/http.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Uploads one artifact: raw body, signed intent in X-Upload-Intent; answers `{ root, size, backend }`. */
export async function POST(request: Request): Promise<Response> {
  return handleUpload(request);
}

/** The relay's terms: the chain upload intents are signed for, the size limit. */
export function GET(): Response {
  return handleTerms();
}

/** Every other method: 405 with `{ error }` and `Allow: GET, POST` (Next's own answer would not be JSON). */
const wrongMethod = (request: Request): Promise<Response> => handleWrongMethod(request, UPLOAD_METHODS);

export const HEAD = wrongMethod;
export const PUT = wrongMethod;
export const PATCH = wrongMethod;
export const DELETE = wrongMethod;

export function OPTIONS(): Response {
  return handleOptions(UPLOAD_METHODS);
}
