/**
 * A throwaway Postgres cluster on 127.0.0.1, for tests, benches and `npm start -- --instances 2`:
 * Debian's `postgresql` package (initdb and postgres under /usr/lib/postgresql/<version>/bin), a fresh
 * data directory under `dir`, a free port (or `port`), run as the `postgres` user when we are root
 * (initdb refuses root). The server runs in its own process group; `stop()` ends it.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, createWriteStream, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

import { getFreePort } from "./ports.ts";
import { signalGroup, stopGroup } from "./supervise.ts";

export type PostgresCluster = { url: string; port: number; child: ChildProcess; stop(): Promise<void> };

function findBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, "bin/initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0]!, "bin") : undefined;
}

/** The reason Postgres cannot run here, or undefined when it can (installing it with apt-get if allowed). */
export function postgresUnavailableReason(): string | undefined {
  if (findBinDir()) return undefined;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (!isRoot || !hasApt || process.env.INDEXER_TEST_NO_APT) {
    return "Postgres is not installed (no /usr/lib/postgresql/*/bin/initdb) and cannot be installed here: apt-get install -y postgresql needs root and apt.";
  }
  console.log("# installing Debian's postgresql (apt-get install -y postgresql)");
  const install = spawnSync(
    "sh",
    ["-c", "apt-get install -y --no-install-recommends postgresql || (apt-get update && apt-get install -y --no-install-recommends postgresql)"],
    { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, stdio: "ignore", timeout: 600_000 },
  );
  if (install.status !== 0 || !findBinDir()) return "apt-get install -y postgresql failed, so Postgres cannot run here.";
  return undefined;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    return { uid, gid };
  } catch {
    throw new Error("Running as root, but there is no postgres user to run initdb as (install postgresql).");
  }
}

export async function startPostgres(dir: string, { port, timeoutMs = 60_000 }: { port?: number; timeoutMs?: number } = {}): Promise<PostgresCluster> {
  const bin = findBinDir();
  if (!bin) throw new Error("Postgres is not installed.");
  const user = postgresUser();
  const base = path.join(dir, "pg");
  const data = path.join(base, "data");
  const sockets = path.join(base, "run");
  mkdirSync(sockets, { recursive: true });
  if (user) {
    // The postgres user must reach the directory.
    chmodSync(dir, 0o755);
    chownSync(base, user.uid, user.gid);
    chownSync(sockets, user.uid, user.gid);
  }
  const initdb = spawnSync(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], {
    uid: user?.uid,
    gid: user?.gid,
    encoding: "utf8",
  });
  if (initdb.status !== 0) throw new Error(`initdb failed:\n${initdb.stdout}\n${initdb.stderr}`);
  const listenPort = port ?? (await getFreePort());
  // prettier-ignore
  const args = [
    "-D", data, "-h", "127.0.0.1", "-p", String(listenPort), "-k", sockets,
    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
    "-c", "max_connections=200", "-c", "shared_buffers=256MB",
  ];
  const child = spawn(path.join(bin, "postgres"), args, {
    cwd: base,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    uid: user?.uid,
    gid: user?.gid,
  });
  // Whatever happens to this process, the server does not outlive it.
  const killOnExit = () => signalGroup(child, "SIGKILL");
  process.once("exit", killOnExit);
  const log = createWriteStream(path.join(dir, "postgres.log"));
  let text = "";
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    if (text.length < 100_000) text += chunk.toString();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const stop = async () => {
    await stopGroup(child, 5_000);
    process.off("exit", killOnExit);
    log.end();
  };
  const deadline = Date.now() + timeoutMs;
  while (!text.includes("database system is ready to accept connections")) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Postgres did not start:\n${text.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `postgresql://postgres@127.0.0.1:${listenPort}/postgres`, port: listenPort, child, stop };
}
