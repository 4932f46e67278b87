import {
  UPLOAD_SESSION_METHODS,
  handleAbortUpload,
  handleCompleteUpload,
  handleOptions,
  handleUploadStatus,
  handleWrongMethod,
} from "../../../../../server/storage/http.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Which chunks of the session arrived (a client resuming asks this first). */
export async function GET(_request: Request, context: Context): Promise<Response> {
  return handleUploadStatus((await context.params).id);
}

/** Completes the upload: assembles the chunks, checks the signed root, stores the object once. */
export async function POST(request: Request, context: Context): Promise<Response> {
  return handleCompleteUpload(request, (await context.params).id);
}

/** Abandons the session: chunks removed, quota given back. */
export async function DELETE(_request: Request, context: Context): Promise<Response> {
  return handleAbortUpload((await context.params).id);
}

/** Every other method: 405 with `{ error }` and `Allow: GET, POST, DELETE`. */
const wrongMethod = (request: Request): Promise<Response> => handleWrongMethod(request, UPLOAD_SESSION_METHODS);

export const HEAD = wrongMethod;
export const PUT = wrongMethod;
export const PATCH = wrongMethod;

export function OPTIONS(): Response {
  return handleOptions(UPLOAD_SESSION_METHODS);
}
