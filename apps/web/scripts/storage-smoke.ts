/**
 * Storage smoke test against a REAL 0G endpoint (the tests use a local stand-in instead).
 *
 *   ZG_INDEXER_RPC=https://indexer-storage-testnet-turbo.0g.ai \
 *   ZG_EVM_RPC=https://evmrpc-testnet.0g.ai ZG_PRIVATE_KEY=0x... node scripts/storage-smoke.ts
 *
 * Uploads a small random blob through the relay's `0g` backend, downloads it again (each segment
 * proven against the root), and checks that the downloaded bytes match the root computed
 * locally. The backend's start-up checks run first: a wrong URL, a chain other than ZG_CHAIN_ID
 * or an empty account fails with one sentence. Without the three variables it says why it skips
 * and exits 0. Optional: SMOKE_BYTES (default 4096), ZG_TIMEOUT_MS, ZG_RETRIES, ZG_CHAIN_ID.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readStorageConfig } from "../server/storage/config.ts";
import { createZgBackend } from "../server/storage/backends/zg.ts";
import { computeRoot } from "@orm/protocol/storage/root";

const REQUIRED = ["ZG_INDEXER_RPC", "ZG_EVM_RPC", "ZG_PRIVATE_KEY"] as const;
const missing = REQUIRED.filter((name) => !process.env[name]?.trim());
if (missing.length > 0) {
  console.log(`storage smoke: skipped, because ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set (a real 0G indexer, EVM RPC and funded key are needed).`);
  process.exit(0);
}

const size = Number(process.env.SMOKE_BYTES ?? 4096);
const dir = await mkdtemp(join(tmpdir(), "orm-storage-smoke-"));
const say = console.log;
try {
  const config = { ...readStorageConfig(), backend: "0g" as const, dir };
  const backend = createZgBackend(config);
  const body = crypto.getRandomValues(new Uint8Array(size));
  const root = await computeRoot(body);
  const path = join(dir, "tmp", "smoke.part");
  await mkdir(join(dir, "tmp"), { recursive: true });
  await writeFile(path, body);
  say(`storage smoke: uploading ${size} random bytes (root ${root}) via ${config.zg.indexerRpc}`);

  let start = performance.now();
  const meta = await backend.put({ path, root, size, contentType: "application/octet-stream", uploader: "0x0000000000000000000000000000000000000000" });
  say(`storage smoke: uploaded in ${((performance.now() - start) / 1000).toFixed(1)} s; the network confirmed root ${meta.root}`);

  start = performance.now();
  const artifact = await backend.open(root);
  if (!artifact) throw new Error(`the network does not find root ${root} after the upload`);
  const downloaded = new Uint8Array(await new Response(artifact.body).arrayBuffer());
  const downloadedRoot = await computeRoot(downloaded);
  say(`storage smoke: downloaded ${downloaded.length} bytes in ${((performance.now() - start) / 1000).toFixed(1)} s; root ${downloadedRoot}`);
  if (downloadedRoot !== root || downloaded.length !== size) throw new Error("the downloaded bytes differ from the uploaded ones");
  say("storage smoke: passed");
} catch (error) {
  say(`storage smoke: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
