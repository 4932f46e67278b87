/**
 * Serves the storage route handlers over real HTTP (node:http → Fetch Request → handler →
 * Fetch Response), so the client helper can be tested end to end without a Next build.
 */
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GET as TERMS, POST } from "../../app/api/storage/route.ts";
import { GET, HEAD } from "../../app/api/storage/[root]/route.ts";
import { POST as OPEN_UPLOAD } from "../../app/api/storage/uploads/route.ts";
import * as uploadSession from "../../app/api/storage/uploads/[id]/route.ts";
import { PUT as PUT_CHUNK } from "../../app/api/storage/uploads/[id]/[index]/route.ts";

export type Served = { endpoint: string; close(): Promise<void> };
export type Handler = (request: Request) => Promise<Response>;

/** The request body as a web stream (guarded: a client abort must not close it twice). */
function bodyOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const finish = (error?: Error) => {
        if (finished) return;
        finished = true;
        if (error) controller.error(error);
        else controller.close();
      };
      req.on("data", (piece: Buffer) => {
        if (finished) return;
        controller.enqueue(new Uint8Array(piece));
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.on("end", () => finish());
      req.on("error", (error) => finish(error));
      req.on("close", () => finish(req.complete ? undefined : new Error("The client aborted the request.")));
    },
    pull() {
      req.resume();
    },
    cancel() {
      finished = true;
      req.resume();
    },
  });
}

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: hasBody ? bodyOf(req) : undefined,
    duplex: "half",
  } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) {
    res.end();
    return;
  }
  for await (const piece of response.body as unknown as AsyncIterable<Uint8Array>) res.write(piece);
  res.end();
}

/** The relay's routes, or `override` for any request it claims (returns a Response). */
export async function serveRoutes(override?: (request: Request) => Promise<Response | null>): Promise<Served> {
  let origin = "";
  const route: Handler = async (request) => {
    const custom = await override?.(request);
    if (custom) return custom;
    const { pathname } = new URL(request.url);
    if (pathname === "/api/storage" && request.method === "POST") return POST(request);
    if (pathname === "/api/storage" && request.method === "GET") return TERMS();
    if (pathname === "/api/storage/uploads" && request.method === "POST") return OPEN_UPLOAD(request);
    const chunk = /^\/api\/storage\/uploads\/([^/]+)\/([^/]+)$/.exec(pathname);
    if (chunk && request.method === "PUT") return PUT_CHUNK(request, { params: Promise.resolve({ id: chunk[1]!, index: chunk[2]! }) });
    const session = /^\/api\/storage\/uploads\/([^/]+)$/.exec(pathname);
    if (session && (request.method === "GET" || request.method === "POST" || request.method === "DELETE")) {
      return uploadSession[request.method](request, { params: Promise.resolve({ id: session[1]! }) });
    }
    const match = /^\/api\/storage\/([^/]+)$/.exec(pathname);
    if (match && request.method === "GET") return GET(request, { params: Promise.resolve({ root: match[1] }) });
    if (match && request.method === "HEAD") return HEAD(request, { params: Promise.resolve({ root: match[1] }) });
    return Response.json({ error: "Not found." }, { status: 404 });
  };
  const server = createServer((req, res) => {
    route(toRequest(req, origin))
      .then((response) => writeResponse(response, res))
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint: `${origin}/api/storage`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
