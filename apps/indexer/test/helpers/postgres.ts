/**
 * A throwaway Postgres cluster for the Postgres suite and the bench: Debian's `postgresql` package
 * (initdb and pg_ctl under /usr/lib/postgresql/<version>/bin), a fresh data directory in a temp
 * dir, 127.0.0.1 on a free port, run as the `postgres` user when we are root (initdb refuses root).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

import { freePort, startManaged, type Managed } from "./processes.ts";

export type PostgresCluster = { url: string; stop(): Promise<void> };

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
  console.log("# installing Debian's postgresql for the Postgres suite (apt-get install -y postgresql)");
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

export async function startPostgres(dir: string): Promise<PostgresCluster> {
  const bin = findBinDir();
  if (!bin) throw new Error("Postgres is not installed.");
  const user = postgresUser();
  const base = path.join(dir, "pg");
  const data = path.join(base, "data");
  const sockets = path.join(base, "run");
  mkdirSync(sockets, { recursive: true });
  if (user) {
    // The postgres user must reach the temp dir.
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
  const port = await freePort();
  const server: Managed = await startManaged({
    name: "postgres",
    command: path.join(bin, "postgres"),
    args: [
      "-D", data,
      "-h", "127.0.0.1",
      "-p", String(port),
      "-k", sockets,
      "-c", "fsync=off",
      "-c", "synchronous_commit=off",
      "-c", "full_page_writes=off",
      "-c", "max_connections=200",
      "-c", "shared_buffers=256MB",
    ],
    cwd: base,
    logFile: path.join(dir, "postgres.log"),
    ready: (log) => log.includes("database system is ready to accept connections"),
    timeoutMs: 60_000,
    uid: user?.uid,
    gid: user?.gid,
  });
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
}
