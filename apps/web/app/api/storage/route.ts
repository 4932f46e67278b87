import { handleUpload } from "../../../lib/storage/http.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Uploads one artifact: raw body, signed intent in X-Upload-Intent; answers `{ root, size, backend }`. */
export async function POST(request: Request): Promise<Response> {
  return handleUpload(request);
}
