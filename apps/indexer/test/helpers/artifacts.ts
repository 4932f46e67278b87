/**
 * A stand-in for the storage relay's download route (`GET <base>/<root>`): serves the bytes it was
 * given under a root, 404 for any other, on a free 127.0.0.1 port.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type ArtifactServer = { url: string; serve(root: string, bytes: Uint8Array): void; stop(): Promise<void> };

export async function startArtifactServer(): Promise<ArtifactServer> {
  const artifacts = new Map<string, Uint8Array>();
  const server = createServer((request, response) => {
    const root = (request.url ?? "").split("/").at(-1)?.toLowerCase() ?? "";
    const bytes = artifacts.get(root);
    if (request.method !== "GET" || !bytes) {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":"No such artifact."}');
      return;
    }
    response.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/storage`,
    serve: (root, bytes) => void artifacts.set(root.toLowerCase(), bytes),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
