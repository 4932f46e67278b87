/**
 * Where a Ponder process spent its CPU: a V8 `.cpuprofile` (node --cpu-prof) summed by self time
 * into the parts of the stack (PGlite's WebAssembly Postgres, Ponder, viem, drizzle, our handlers,
 * Node, garbage collection, idle). Used by `BENCH_CPU_PROFILE=1 npm run bench:indexer`;
 * `BENCH_CPU_TOP=N` also lists the N functions with the most self time.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string }; hitCount?: number };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const PARTS: [string, (frame: ProfileNode["callFrame"]) => boolean][] = [
  ["idle (waiting on I/O: the node's RPC, timers)", (f) => f.functionName === "(idle)"],
  ["garbage collection", (f) => f.functionName === "(garbage collector)"],
  ["PGlite (Postgres in WebAssembly)", (f) => f.url.startsWith("wasm://") || f.url.includes("@electric-sql/pglite")],
  ["our handlers, lib and API (apps/indexer)", (f) => /apps\/indexer\/(src|lib)\//.test(f.url)],
  ["viem (ABI decoding, hex)", (f) => f.url.includes("/viem/") || f.url.includes("/abitype/")],
  ["drizzle (query building)", (f) => f.url.includes("drizzle-orm")],
  ["Ponder (sync, events, indexing cache)", (f) => f.url.includes("/ponder/")],
  ["other packages", (f) => f.url.includes("node_modules")],
  ["Node (streams, http, JSON)", (f) => f.url.startsWith("node:") || f.url === ""],
];

function readNewestProfile(dir: string): Profile {
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) throw new Error(`No .cpuprofile in ${dir}.`);
  return JSON.parse(readFileSync(files.map((f) => path.join(dir, f)).sort().at(-1)!, "utf8")) as Profile;
}

/** The `count` functions with the most self time (ms) in the newest profile in `dir`. */
export function topFunctions(dir: string, count: number): { fn: string; where: string; ms: number }[] {
  const profile = readNewestProfile(dir);
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, { fn: string; where: string; ms: number }>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!;
    const where = frame.url.replace(/^.*node_modules\//, "").slice(-60);
    const key = `${frame.functionName}@${frame.url}`;
    const entry = totals.get(key) ?? { fn: frame.functionName || "(anonymous)", where, ms: 0 };
    entry.ms += (profile.timeDeltas[i] ?? 0) / 1000;
    totals.set(key, entry);
  });
  return [...totals.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((entry) => ({ ...entry, ms: Math.round(entry.ms) }));
}

/** Self time (ms) by part, largest first, for the newest profile in `dir`. */
export function summarizeCpuProfile(dir: string): { part: string; ms: number; share: string }[] {
  const profile = readNewestProfile(dir);
  const partOf = new Map<number, string>();
  for (const node of profile.nodes) {
    partOf.set(node.id, PARTS.find(([, test]) => test(node.callFrame))?.[0] ?? "other");
  }
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const part = partOf.get(id) ?? "other";
    totals.set(part, (totals.get(part) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([part, ms]) => ({ part, ms: Math.round(ms), share: `${((100 * ms) / all).toFixed(1)}%` }));
}
