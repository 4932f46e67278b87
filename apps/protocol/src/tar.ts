/**
 * Deterministic tar bundles of in-memory file trees: the same files give the same bytes (sorted
 * paths, fixed mtime, mode, owner), so the same tree always has the same 0G root.
 */
import { pack } from "tar-stream";

export type FileTree = Record<string, string | Uint8Array>;

const FIXED_MTIME = new Date(0);

export async function packTree(files: FileTree): Promise<Uint8Array> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on("data", (chunk) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    archive.on("end", () => resolve());
    archive.on("error", reject);
  });
  for (const name of Object.keys(files).sort()) {
    const content = files[name];
    const body = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
    await new Promise<void>((resolve, reject) =>
      archive.entry(
        { name, size: body.length, mtime: FIXED_MTIME, mode: name.endsWith(".sh") ? 0o755 : 0o644, uid: 0, gid: 0, uname: "", gname: "" },
        body,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
  archive.finalize();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
