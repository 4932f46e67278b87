/**
 * A small round-robin HTTP proxy on 127.0.0.1, the load balancer of `npm start -- --instances N`: each
 * request goes to the next upstream that passed its last health check (`healthPath`, every
 * `healthIntervalMs`). An upstream that refuses the connection is marked down at once; a request that
 * carries no body (GET, HEAD) then goes to the next one, a request with a body (an upload) answers 502
 * with a sentence, since its bytes were already spent and the client must send it again. Answers carry
 * `x-upstream: <index>` so a test can see which instance served it. In production, use your platform's
 * load balancer with the same health path.
 */
import http from "node:http";
import { once } from "node:events";

export type RoundRobinProxy = {
  url: string;
  /** Whether each upstream passed its last health check. */
  healthy(): boolean[];
  close(): Promise<void>;
};

export type StartRoundRobinProxyParameters = {
  port: number;
  /** Base URLs, `http://127.0.0.1:<port>`. */
  upstreams: string[];
  healthPath?: string;
  healthIntervalMs?: number;
};

const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"];

export async function startRoundRobinProxy({
  port,
  upstreams,
  healthPath = "/api/health",
  healthIntervalMs = 1_000,
}: StartRoundRobinProxyParameters): Promise<RoundRobinProxy> {
  const targets = upstreams.map((base) => new URL(base));
  const up = targets.map(() => true);
  let next = 0;

  async function checkHealth(): Promise<void> {
    await Promise.all(
      targets.map(async (target, index) => {
        up[index] = await fetch(new URL(healthPath, target), { signal: AbortSignal.timeout(healthIntervalMs * 2) }).then(
          (response) => response.ok,
          () => false,
        );
      }),
    );
  }
  const healthTimer = setInterval(() => void checkHealth(), healthIntervalMs);
  healthTimer.unref();

  /** The upstreams to try, in order: healthy ones from the round-robin position, then the rest. */
  function pickOrder(): number[] {
    const order = targets.map((_, i) => (next + i) % targets.length);
    next = (next + 1) % targets.length;
    return [...order.filter((i) => up[i]), ...order.filter((i) => !up[i])];
  }

  const server = http.createServer((request, response) => {
    const order = pickOrder();
    const hasBody = !["GET", "HEAD", "OPTIONS"].includes(request.method ?? "GET");
    const headers = { ...request.headers };
    for (const name of HOP_BY_HOP) delete headers[name];
    headers["x-forwarded-for"] = request.socket.remoteAddress ?? "127.0.0.1";
    headers["x-forwarded-host"] = request.headers.host ?? "";
    headers["x-forwarded-proto"] = "http";

    const attempt = (position: number): void => {
      const index = order[position]!;
      const target = targets[index]!;
      const upstream = http.request(
        { hostname: target.hostname, port: target.port, method: request.method, path: request.url, headers },
        (answer) => {
          const outgoing: http.OutgoingHttpHeaders = { ...answer.headers, "x-upstream": String(index) };
          for (const name of HOP_BY_HOP) delete outgoing[name];
          response.writeHead(answer.statusCode ?? 502, outgoing);
          answer.pipe(response);
          answer.on("error", () => response.destroy());
        },
      );
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        if (response.headersSent) return response.destroy();
        const refused = error.code === "ECONNREFUSED" || error.code === "ECONNRESET";
        if (refused) up[index] = false;
        if (refused && !hasBody && position + 1 < order.length) return attempt(position + 1);
        response.writeHead(502, { "content-type": "application/json", "cache-control": "no-store" });
        response.end(JSON.stringify({ error: "The web instance serving this request went away; send it again." }));
      });
      // A client that goes away takes its upstream request with it.
      response.on("close", () => {
        if (!response.writableFinished) upstream.destroy();
      });
      if (hasBody) request.pipe(upstream);
      else upstream.end();
    };
    attempt(0);
  });
  server.keepAliveTimeout = 5_000;
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${port}`,
    healthy: () => [...up],
    async close() {
      clearInterval(healthTimer);
      server.closeAllConnections();
      server.close();
      await once(server, "close").catch(() => {});
    },
  };
}
