/** Ports on 127.0.0.1, for the local stack and the tests that start one. */
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";

/** A port the OS reports free right now. */
export async function getFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

/** Whether `port` can be bound on 127.0.0.1 now. */
export function isPortFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
