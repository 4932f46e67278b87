/**
 * Bundles: the same tree packs to the same bytes (and root); unpacking refuses entries that escape
 * the directory (`../`, absolute paths, symbolic links out, hard links, devices) before writing
 * anything, and `withTempDir` removes its directory whatever happens.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readlink, rm, symlink, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";

import { packDirectory, readTree, unpackInto } from "../src/archive.ts";
import { unpackBundles, withTempDir } from "../src/bench.ts";
import { computeRoot } from "../src/storage.ts";
import { makeTar } from "./helpers.ts";

const scratch = await mkdtemp(path.join(os.tmpdir(), "cli-archive-"));
after(() => rm(scratch, { recursive: true, force: true }));

async function tree(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(scratch, name);
  for (const [file, body] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), body);
  }
  return dir;
}

describe("packing a directory", () => {
  it("gives the same bytes and root for the same tree, whatever the mtimes and creation order", async () => {
    const a = await tree("a", { "src/z.mjs": "z", "README.md": "hi", "a.txt": "a" });
    const b = await tree("b", { "a.txt": "a", "README.md": "hi", "src/z.mjs": "z" });
    await utimes(path.join(b, "a.txt"), new Date(2001, 1, 1), new Date(2001, 1, 1));
    await mkdir(path.join(b, ".git"), { recursive: true });
    await writeFile(path.join(b, ".git", "HEAD"), "ref: main");
    const [pa, pb] = [await packDirectory(a), await packDirectory(b)];
    assert.deepEqual(pa, pb);
    assert.equal(await computeRoot(pa), await computeRoot(pb));
    const out = await mkdtemp(path.join(scratch, "out-"));
    await unpackInto(pa, out, "code bundle");
    assert.equal(await readFile(path.join(out, "src/z.mjs"), "utf8"), "z");
  });

  it("refuses a directory holding a symbolic link", async () => {
    const dir = await tree("withlink", { "a.txt": "a" });
    await symlink("/etc/passwd", path.join(dir, "passwd"));
    await assert.rejects(readTree(dir), /passwd is a symbolic link/);
  });
});

describe("unpacking refuses escaping entries", () => {
  const cases: Array<[string, Parameters<typeof makeTar>[0], RegExp]> = [
    ["../ in a name", [{ name: "ok.txt", body: "fine" }, { name: "../evil.txt", body: "x" }], /"\.\.\/evil\.txt" that escapes its directory/],
    ["a nested ../", [{ name: "a/../../evil.txt", body: "x" }], /escapes its directory/],
    ["an absolute path", [{ name: "/tmp/evil.txt", body: "x" }], /is an absolute path/],
    ["a symbolic link to an absolute path", [{ name: "passwd", type: "symlink", linkname: "/etc/passwd" }], /symbolic link "passwd" to the absolute path/],
    ["a symbolic link out through ..", [{ name: "up", type: "symlink", linkname: "../../.." }], /pointing outside its directory/],
    ["a hard link", [{ name: "h", type: "link", linkname: "/etc/passwd" }], /of type link/],
    ["a device", [{ name: "dev", type: "character-device" }], /of type character-device/],
  ];
  for (const [label, entries, pattern] of cases) {
    it(`refuses ${label} and writes nothing`, async () => {
      const out = await mkdtemp(path.join(scratch, "x-"));
      await assert.rejects(unpackInto(await makeTar(entries), out, "code bundle"), pattern);
      assert.equal(existsSync(path.join(out, "ok.txt")), false, "nothing was written");
      assert.equal(existsSync(path.join(scratch, "evil.txt")), false);
    });
  }

  it("refuses a write through a symbolic link, and a link chain that resolves outside", async () => {
    const out = await mkdtemp(path.join(scratch, "chain-"));
    const through = await makeTar([
      { name: "sub", type: "directory" },
      { name: "link", type: "symlink", linkname: "sub" },
      { name: "link/file.txt", body: "x" },
    ]);
    await assert.rejects(unpackInto(through, out, "code bundle"), /goes through a symbolic link/);
    const out2 = await mkdtemp(path.join(scratch, "chain2-"));
    const chain = await makeTar([
      { name: "p", type: "directory" },
      { name: "p/q", type: "symlink", linkname: ".." },
      { name: "r", type: "symlink", linkname: "p/q/.." },
    ]);
    await assert.rejects(unpackInto(chain, out2, "code bundle"), /resolves outside its directory/);
  });

  it("allows a relative link inside, and the benchmark bundle replaces a code file (and a code link) of the same name", async () => {
    const code = await makeTar([
      { name: "bench.mjs", type: "symlink", linkname: "evil.mjs" },
      { name: "evil.mjs", body: "evil" },
      { name: "lib/a.mjs", body: "a" },
      { name: "alias.mjs", type: "symlink", linkname: "lib/a.mjs" },
    ]);
    const bench = await makeTar([{ name: "bench.mjs", body: "harness" }]);
    await withTempDir("unit", async (dir) => {
      const work = await unpackBundles(dir, [
        { bytes: code, label: "code bundle" },
        { bytes: bench, label: "benchmark bundle" },
      ]);
      assert.equal(await readFile(path.join(work, "bench.mjs"), "utf8"), "harness");
      assert.equal(await readFile(path.join(work, "evil.mjs"), "utf8"), "evil", "the link target is untouched");
      assert.equal(await readlink(path.join(work, "alias.mjs")), "lib/a.mjs");
    });
  });

  it("removes the temporary directory after a failure", async () => {
    let seen = "";
    await assert.rejects(
      withTempDir("unit", async (dir) => {
        seen = dir;
        await unpackBundles(dir, [{ bytes: await makeTar([{ name: "../x", body: "x" }]), label: "code bundle" }]);
      }),
      /escapes its directory/,
    );
    assert.ok(seen);
    assert.equal(existsSync(seen), false);
  });

  it("refuses bytes that are not a tar archive", async () => {
    const out = await mkdtemp(path.join(scratch, "bad-"));
    await assert.rejects(unpackInto(new TextEncoder().encode("not a tar archive at all, just text".repeat(20)), out, "code bundle"), /not a valid tar archive/);
  });
});
