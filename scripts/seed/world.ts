/**
 * The seeded demo world: research projects across domains, each with a protocol written to the
 * research statement template, a small repository snapshot, a benchmark bundle, plus the proposals
 * the seed plays through every state. Deterministic: the same specs give the same bytes and the
 * same roots.
 *
 * Every project is measured for real: its benchmark is pure Node (`node bench.mjs`, a fraction of a
 * second, no compiler), the seed runs it on the repository and on each proposal's code, and the
 * baseline, the claims and the verified scores are what that code produces. So `research verify`
 * reproduces them in its sandbox. Losses and compression ratios are exact (tolerance 0); timings
 * are CPU time of the benchmark's thread (a busy machine measures about what an idle one does),
 * with a tolerance of half the claim and improvements of several times the minimum.
 */
import type { FileTree } from "@orm/protocol/tar";

export type Direction = "higher" | "lower";
export type Outcome = "approve" | "reject" | "expire" | "supersede" | "open" | "reviewing";

export type ProposalSpec = {
  label: string;
  /** Files that replace or add to the repository snapshot in the miner's code bundle. */
  changes: FileTree;
  /**
   * A claim the code does not reproduce, in metric units (a proposal meant to be rejected). Without
   * it the claim is the score the code measures.
   */
  claimed?: number;
  outcome: Outcome;
  /** For a proposal left open or under review: what `research verify` decides when it runs it. */
  verdict?: "approve" | "reject";
  stake: bigint;
  miner: "miner" | "miner2";
};

export type ProjectSpec = {
  key: string;
  domain: string;
  name: string;
  symbol: string;
  repository: string;
  statement: {
    title: string;
    problem: string;
    motivation: string;
    existingApproaches: string;
    proposedArchitecture: string;
    experimentalDesign: string;
    reproducibility: string[];
    openQuestions: string[];
    risks: string[];
    references: string[];
  };
  benchmark: {
    metric: string;
    unit: string;
    direction: Direction;
    /** In metric units. */
    minImprovement: number;
    command: string;
    runs: number;
    /** Relative tolerance a verifier allows when reproducing a claim. */
    tolerance: number;
    limits: { cpuSeconds: number; memoryMiB: number; wallSeconds: number };
  };
  repo: FileTree;
  benchmarkBundle: FileTree;
  curve: { basePrice: bigint; slope: bigint; minerPoolCap: bigint };
  /**
   * The reward schedule (the only rule the registry takes): `bps` of the pool minted linearly as the
   * best progresses from the baseline by up to `target` metric units.
   */
  reward: { bps: number; target: number };
  minStake: bigint;
  firstBuy: bigint;
  creator: "creator" | "creator2";
  parentKey?: string;
  /**
   * Reviewers per proposal (`ProjectConfig.reviewQuorum`, odd): 1, one allowlisted verifier claims
   * and decides; above 1, a quorum drawn from the bonded verifiers commits and reveals its
   * measurements and the median settles (stakes must cover `reviewQuorum` review fees).
   */
  reviewQuorum: number;
  /**
   * A quorum project's proposal whose first seat reveals a measurement far from the others (a faulty
   * rig): the median still settles it and that seat loses part of its lock to the others.
   */
  outlierSeatOn?: string;
  proposals: ProposalSpec[];
};

/** Scores on-chain are fixed point with this scale (the protocol says so). */
export const METRIC_SCALE = 1_000_000;

const GWEI = 10n ** 9n;

// ---------------------------------------------------------------- compression

const CORPUS_GENERATOR = `// Deterministic corpus: pseudo-English from a fixed-seed generator (no files to download).
export function makeCorpus(bytes = 192 * 1024) {
  const words = "the of and to in is that for it as with was on be by this are from at or an research benchmark score verifier miner token curve proposal data code result measure run baseline improvement protocol".split(" ");
  let state = 0x2545f491;
  // mulberry32
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const parts = [];
  let length = 0;
  while (length < bytes) {
    const sentence = [];
    const n = 6 + Math.floor(next() * 12);
    for (let i = 0; i < n; i++) sentence.push(words[Math.floor(next() * words.length)]);
    const line = sentence.join(" ") + (next() < 0.2 ? ".\\n" : ". ");
    parts.push(line);
    length += line.length;
  }
  return Buffer.from(parts.join("").slice(0, bytes), "latin1");
}
`;

const COMPRESSION_BENCH = `// Benchmark: compression ratio (original bytes / compressed bytes) of the corpus; higher is better.
// Prints {"score": <ratio * 1e6>} and writes metrics.json. The ratio is deterministic.
import { writeFileSync } from "node:fs";
import { compress, decompress } from "./compress.mjs";
import { makeCorpus } from "./corpus.mjs";

const input = makeCorpus();
const packed = compress(input);
if (Buffer.compare(Buffer.from(decompress(packed)), input) !== 0) {
  console.error("round trip failed: decompress(compress(x)) != x");
  process.exit(1);
}
const ratio = input.length / packed.length;
const score = Math.round(ratio * 1e6);
writeFileSync("metrics.json", JSON.stringify({ metric: "compression_ratio", ratio, score, bytesIn: input.length, bytesOut: packed.length }, null, 2) + "\\n");
console.log(JSON.stringify({ score }));
`;

const RLE = `// Baseline: byte-oriented run-length encoding as (count, byte) pairs.
export function compress(input) {
  const out = [];
  for (let i = 0; i < input.length; ) {
    let run = 1;
    while (i + run < input.length && input[i + run] === input[i] && run < 255) run++;
    out.push(run, input[i]);
    i += run;
  }
  return Buffer.from(out);
}

export function decompress(packed) {
  const out = [];
  for (let i = 0; i < packed.length; i += 2) for (let j = 0; j < packed[i]; j++) out.push(packed[i + 1]);
  return Buffer.from(out);
}
`;

const zlibVariant = (comment: string, call: string, inverse: string) => `// ${comment}
import zlib from "node:zlib";

export function compress(input) {
  return ${call};
}

export function decompress(packed) {
  return ${inverse};
}
`;

const compression: ProjectSpec = {
  key: "compression",
  domain: "Compression",
  name: "Text compression ratio",
  symbol: "SQZ",
  repository: "https://github.com/open-research-market/text-squeeze",
  statement: {
    title: "Raise the compression ratio of a small text codec",
    problem: "The codec stores English-like logs with run-length encoding, which barely shrinks text without long runs.",
    motivation: "Logs dominate the storage bill; every point of ratio is storage we do not pay for.",
    existingApproaches: "Run-length encoding (current), LZ77 family (deflate), context mixing and Brotli's static dictionary.",
    proposedArchitecture: "Keep the compress/decompress module interface; swap the algorithm behind it. The round trip must stay exact.",
    experimentalDesign: "Compress a fixed, generated 192 KiB corpus; score is original bytes over compressed bytes. Deterministic: one run suffices.",
    reproducibility: ["Unpack the repository snapshot and the benchmark bundle into one folder.", "Run `node bench.mjs` with Node 20 or later.", "Read `metrics.json`; the score is ratio x 1e6."],
    openQuestions: ["Does a trained dictionary generalise beyond the corpus?", "Where does decompression speed start to matter?"],
    risks: ["Overfitting to the generated corpus.", "A codec that is exact here but not on binary input."],
    references: ["J. Ziv, A. Lempel. A universal algorithm for sequential data compression. 1977.", "RFC 7932: Brotli compressed data format."],
  },
  benchmark: {
    metric: "compression ratio",
    unit: "x",
    direction: "higher",
    minImprovement: 0.05,
    command: "node bench.mjs",
    runs: 1,
    tolerance: 0,
    limits: { cpuSeconds: 30, memoryMiB: 512, wallSeconds: 60 },
  },
  repo: {
    "README.md": "# text-squeeze\n\nA tiny text codec. `compress.mjs` exports `compress(buffer)` and `decompress(buffer)`.\n",
    "compress.mjs": RLE,
    "package.json": JSON.stringify({ name: "text-squeeze", version: "0.1.0", type: "module", private: true }, null, 2) + "\n",
  },
  benchmarkBundle: {
    "bench.mjs": COMPRESSION_BENCH,
    "corpus.mjs": CORPUS_GENERATOR,
    "benchmark.json": JSON.stringify({ command: "node bench.mjs", metric: "compression_ratio", direction: "higher", scale: METRIC_SCALE, runs: 1 }, null, 2) + "\n",
  },
  curve: { basePrice: 100_000n * GWEI, slope: 2_000n * GWEI, minerPoolCap: 2_000n },
  reward: { bps: 5000, target: 5 },
  minStake: 5n,
  firstBuy: 40n,
  creator: "creator",
  reviewQuorum: 1,
  proposals: [
    { label: "deflate level 1", changes: { "compress.mjs": zlibVariant("Deflate, fastest level.", "zlib.deflateRawSync(input, { level: 1 })", "zlib.inflateRawSync(packed)") }, outcome: "approve", stake: 10n, miner: "miner" },
    { label: "deflate level 9", changes: { "compress.mjs": zlibVariant("Deflate, best level.", "zlib.deflateRawSync(input, { level: 9 })", "zlib.inflateRawSync(packed)") }, outcome: "approve", stake: 12n, miner: "miner2" },
    { label: "rle with bigger runs", changes: { "compress.mjs": RLE.replace("run < 255", "run < 254") }, outcome: "reject", stake: 8n, miner: "miner" },
    { label: "brotli quality 11", changes: { "compress.mjs": zlibVariant("Brotli at maximum quality, text mode.", "zlib.brotliCompressSync(input, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } })", "zlib.brotliDecompressSync(packed)") }, outcome: "open", verdict: "approve", stake: 15n, miner: "miner" },
  ],
};

// ---------------------------------------------------------------- the other projects

/**
 * The harness the timing benchmarks share (it is in their benchmark bundle, so a proposal cannot
 * replace it): a seeded generator and CPU-time measurement, then the report.
 */
const TIMING_HARNESS = String.raw`// The benchmark harness: a seeded generator, CPU-time measurement and the report.
import { writeFileSync } from "node:fs";

/** mulberry32: a small deterministic generator, so every run sees the same input. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CPU time of this thread in ms: time spent waiting for a busy core does not count. */
function cpuMs() {
  const { user, system } = process.threadCpuUsage ? process.threadCpuUsage() : process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * CPU time per run(prepare()) in ms. A few warm-up runs first (the JIT compiles the hot code), then
 * runs until budgetMs of CPU time is spent; the mean over those. CPU time, not wall time, so a
 * shared machine measures about what an idle one does.
 */
export function cpuMsPerRun(run, { prepare = () => undefined, budgetMs = 60 } = {}) {
  let result;
  const warm = cpuMs();
  for (let i = 0; i < 3 && (i === 0 || cpuMs() - warm < 20); i++) result = run(prepare());
  const started = cpuMs();
  let runs = 0;
  let spent = 0;
  do {
    result = run(prepare());
    runs++;
    spent = cpuMs() - started;
  } while (spent < budgetMs);
  return { ms: spent / runs, runs, result };
}

/** Writes metrics.json and prints the fixed-point score (value x 1e6) as the last line. */
export function report(metrics) {
  const score = Math.round(metrics.value * 1e6);
  writeFileSync("metrics.json", JSON.stringify({ ...metrics, score }, null, 2) + "\n");
  console.log(JSON.stringify({ score }));
}
`;

// --- sorting

const SORT_BENCH = String.raw`// Benchmark: CPU time to sort 100,000 random 32-bit keys, in ms; lower is better.
import { sortKeys } from "./sort.mjs";
import { cpuMsPerRun, random, report } from "./harness.mjs";

const N = 100_000;
const next = random(0x5eed);
const keys = new Uint32Array(N);
for (let i = 0; i < N; i++) keys[i] = Math.floor(next() * 4294967296);
const work = new Uint32Array(N);
const expected = Uint32Array.from(keys).sort();

const { ms, runs, result } = cpuMsPerRun((keys) => sortKeys(keys) ?? keys, { prepare: () => (work.set(keys), work) });
for (let i = 0; i < N; i++) {
  if (result[i] !== expected[i]) {
    console.error("not sorted: position " + i + " holds " + result[i] + ", expected " + expected[i]);
    process.exit(1);
  }
}
report({ metric: "sort_time_ms", value: ms, keys: N, runs });
`;

const SORT_BASELINE = String.raw`// Baseline: the generic Array sort with a comparator (every key boxed into a JS array first).
export function sortKeys(keys) {
  const sorted = Array.from(keys).sort((a, b) => a - b);
  keys.set(sorted);
}
`;

const SORT_TYPED = String.raw`// The typed array's own sort: numeric order, no comparator calls, no boxing.
export function sortKeys(keys) {
  keys.sort();
}
`;

const SORT_QUICKSORT = String.raw`// Quicksort on the typed array (median-of-three pivot), insertion sort below 16 keys.
export function sortKeys(keys) {
  quicksort(keys, 0, keys.length - 1);
}

function quicksort(a, lo, hi) {
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    // recurse into the smaller side, loop on the larger: the stack stays logarithmic
    if (j - lo < hi - i) {
      quicksort(a, lo, j);
      lo = i;
    } else {
      quicksort(a, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const key = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > key) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = key;
  }
}

function swap(a, i, j) {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
`;

const radixSort = (comment: string, bits: number, passes: number) => `// ${comment}
const BITS = ${bits};
const PASSES = ${passes};

export function sortKeys(keys) {
  const buckets = 1 << BITS;
  const mask = buckets - 1;
  let from = keys;
  let to = new Uint32Array(keys.length);
  const counts = new Uint32Array(buckets);
  for (let pass = 0; pass < PASSES; pass++) {
    const shift = pass * BITS;
    counts.fill(0);
    for (let i = 0; i < from.length; i++) counts[(from[i] >>> shift) & mask]++;
    let total = 0;
    for (let b = 0; b < buckets; b++) {
      const count = counts[b];
      counts[b] = total;
      total += count;
    }
    for (let i = 0; i < from.length; i++) {
      const key = from[i];
      to[counts[(key >>> shift) & mask]++] = key;
    }
    [from, to] = [to, from];
  }
  if (from !== keys) keys.set(from);
}
`;

// --- JSON parsing

const JSON_BENCH = String.raw`// Benchmark: parse a generated 256 KB JSON document; throughput in MB per CPU-second, higher is
// better. The parsed value must equal JSON.parse's.
import { isDeepStrictEqual } from "node:util";
import { parse } from "./parse.mjs";
import { cpuMsPerRun, random, report } from "./harness.mjs";

const next = random(0x15a);
const pick = (items) => items[Math.floor(next() * items.length)];
const words = ["alpha", "beta", "gamma", "delta", "sensor", "reading", "caf\u00e9", "na\u00efve", "line\nbreak", "quote\"d", "tab\there", "emoji \ud83d\ude00"];
const records = [];
let size = 0;
while (size < 256 * 1024) {
  const record = {
    id: records.length,
    name: pick(words) + " " + pick(words),
    active: next() < 0.5,
    score: Math.round(next() * 1e6) / 1e3,
    delta: -Math.round(next() * 1e4),
    ratio: next() * 1e-5,
    tags: Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(words)),
    owner: next() < 0.1 ? null : { id: Math.floor(next() * 1e9), region: pick(["eu-west", "us-east", "ap-south"]) },
  };
  records.push(record);
  size += JSON.stringify(record).length + 1;
}
const text = JSON.stringify({ version: 3, records });
const bytes = Buffer.byteLength(text);
const expected = JSON.parse(text);

const { ms, runs, result } = cpuMsPerRun(() => parse(text));
if (!isDeepStrictEqual(result, expected)) {
  console.error("the parsed value differs from JSON.parse's");
  process.exit(1);
}
report({ metric: "throughput_mb_s", value: bytes / 1e6 / (ms / 1000), bytes, msPerParse: ms, runs });
`;

const JSON_BASELINE = String.raw`// Baseline: a recursive-descent parser that reads one-character strings and builds every string
// and number by concatenation.
export function parse(text) {
  let i = 0;
  const fail = (what) => {
    throw new SyntaxError("expected " + what + " at " + i);
  };
  const space = () => {
    while (text[i] === " " || text[i] === "\n" || text[i] === "\t" || text[i] === "\r") i++;
  };
  const ESCAPES = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
  function string() {
    let out = "";
    i++;
    while (text[i] !== '"') {
      if (i >= text.length) fail("a closing quote");
      if (text[i] === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          out += ESCAPES[e] ?? fail("an escape");
          i += 2;
        }
      } else {
        out += text[i++];
      }
    }
    i++;
    return out;
  }
  function number() {
    let out = "";
    while (i < text.length && "+-0123456789.eE".includes(text[i])) out += text[i++];
    return Number(out);
  }
  function value() {
    space();
    const c = text[i];
    if (c === "{") {
      const object = {};
      i++;
      space();
      if (text[i] === "}") return i++, object;
      for (;;) {
        space();
        const key = string();
        space();
        if (text[i++] !== ":") fail("':'");
        object[key] = value();
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return i++, object;
        else fail("',' or '}'");
      }
    }
    if (c === "[") {
      const array = [];
      i++;
      space();
      if (text[i] === "]") return i++, array;
      for (;;) {
        array.push(value());
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return i++, array;
        else fail("',' or ']'");
      }
    }
    if (c === '"') return string();
    if (text.startsWith("true", i)) return (i += 4), true;
    if (text.startsWith("false", i)) return (i += 5), false;
    if (text.startsWith("null", i)) return (i += 4), null;
    return number();
  }
  const result = value();
  space();
  if (i !== text.length) fail("the end");
  return result;
}
`;

const jsonScanner = (comment: string) => `// ${comment}
const QUOTE = 34, BACKSLASH = 92, COMMA = 44, COLON = 58, OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93;
const ESCAPES = { 34: '"', 92: "\\\\", 47: "/", 98: "\\b", 102: "\\f", 110: "\\n", 114: "\\r", 116: "\\t" };

export function parse(text) {
  let i = 0;
  const fail = (what) => {
    throw new SyntaxError("expected " + what + " at " + i);
  };
  const space = () => {
    let c = text.charCodeAt(i);
    while (c === 32 || c === 10 || c === 9 || c === 13) c = text.charCodeAt(++i);
  };
  function string() {
    const start = ++i;
    let c = text.charCodeAt(i);
    while (c !== QUOTE && c !== BACKSLASH) {
      if (i >= text.length) fail("a closing quote");
      c = text.charCodeAt(++i);
    }
    if (c === QUOTE) return text.slice(start, i++);
    let out = text.slice(start, i);
    while (text.charCodeAt(i) !== QUOTE) {
      if (i >= text.length) fail("a closing quote");
      if (text.charCodeAt(i) === BACKSLASH) {
        const e = text.charCodeAt(i + 1);
        if (e === 117) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          out += ESCAPES[e] ?? fail("an escape");
          i += 2;
        }
      } else {
        const run = i;
        while (text.charCodeAt(i) !== QUOTE && text.charCodeAt(i) !== BACKSLASH && i < text.length) i++;
        out += text.slice(run, i);
      }
    }
    i++;
    return out;
  }
  function number() {
    const start = i;
    let c = text.charCodeAt(i);
    while ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69) c = text.charCodeAt(++i);
    return Number(text.slice(start, i));
  }
  function value() {
    space();
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE) {
      const object = {};
      i++;
      space();
      if (text.charCodeAt(i) === CLOSE_BRACE) return i++, object;
      for (;;) {
        space();
        const key = string();
        space();
        if (text.charCodeAt(i++) !== COLON) fail("':'");
        object[key] = value();
        space();
        const d = text.charCodeAt(i++);
        if (d === CLOSE_BRACE) return object;
        if (d !== COMMA) fail("',' or '}'");
      }
    }
    if (c === OPEN_BRACKET) {
      const array = [];
      i++;
      space();
      if (text.charCodeAt(i) === CLOSE_BRACKET) return i++, array;
      for (;;) {
        array.push(value());
        space();
        const d = text.charCodeAt(i++);
        if (d === CLOSE_BRACKET) return array;
        if (d !== COMMA) fail("',' or ']'");
      }
    }
    if (c === QUOTE) return string();
    if (c === 116 && text.startsWith("true", i)) return (i += 4), true;
    if (c === 102 && text.startsWith("false", i)) return (i += 5), false;
    if (c === 110 && text.startsWith("null", i)) return (i += 4), null;
    return number();
  }
  const result = value();
  space();
  if (i !== text.length) fail("the end");
  return result;
}
`;

const JSON_NATIVE = String.raw`// The engine's own JSON.parse: a native scanner.
export const parse = (text) => JSON.parse(text);
`;

// --- inference

const INFERENCE_BENCH = String.raw`// Benchmark: greedy decoding of 64 tokens with a tiny recurrent language model (vocabulary 96,
// hidden size 128, seeded weights); tokens per CPU-second, higher is better. The tokens must be
// the reference decoder's.
import { createDecoder } from "./infer.mjs";
import { cpuMsPerRun, random, report } from "./harness.mjs";

const VOCAB = 96;
const HIDDEN = 128;
const TOKENS = 64;
const next = random(0x70c5);
const matrix = (rows, cols, scale) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => (next() * 2 - 1) * scale));
const weights = { vocab: VOCAB, hidden: HIDDEN, embed: matrix(VOCAB, HIDDEN, 1), recur: matrix(HIDDEN, HIDDEN, 1.5 / Math.sqrt(HIDDEN)), out: matrix(VOCAB, HIDDEN, 1) };
const prompt = [5, 17, 42, 8];

/** The reference: h = tanh(W h + E[token]), logits = O h, the next token their argmax. */
function referenceDecode(prompt, count) {
  let h = new Array(HIDDEN).fill(0);
  const step = (t) => {
    const x = new Array(HIDDEN);
    for (let i = 0; i < HIDDEN; i++) {
      let sum = weights.embed[t][i];
      for (let j = 0; j < HIDDEN; j++) sum += weights.recur[i][j] * h[j];
      x[i] = Math.tanh(sum);
    }
    h = x;
    let best = 0;
    let bestLogit = -Infinity;
    for (let v = 0; v < VOCAB; v++) {
      let logit = 0;
      for (let j = 0; j < HIDDEN; j++) logit += weights.out[v][j] * h[j];
      if (logit > bestLogit) [best, bestLogit] = [v, logit];
    }
    return best;
  };
  const tokens = [];
  let token = 0;
  for (const t of prompt) token = step(t);
  while (tokens.length < count) {
    tokens.push(token);
    token = step(token);
  }
  return tokens;
}

const expected = referenceDecode(prompt, TOKENS);
const decode = createDecoder(weights);
const { ms, runs, result } = cpuMsPerRun(() => decode(prompt, TOKENS));
if (result.length !== TOKENS || result.some((token, i) => token !== expected[i])) {
  console.error("decoded tokens differ from the reference: " + result.slice(0, 8).join(",") + "... vs " + expected.slice(0, 8).join(","));
  process.exit(1);
}
report({ metric: "tokens_per_second", value: TOKENS / (ms / 1000), tokens: TOKENS, msPerDecode: ms, runs });
`;

const INFERENCE_BASELINE = String.raw`// Baseline: each new token re-runs the model over the whole sequence so far, from a zero state.
export function createDecoder(weights) {
  const { embed, recur, out, vocab } = weights;
  const dot = (row, v) => row.reduce((sum, w, j) => sum + w * v[j], 0);
  const next = (sequence) => {
    let h = new Array(weights.hidden).fill(0);
    for (const t of sequence) h = recur.map((row, i) => Math.tanh(embed[t][i] + dot(row, h)));
    const logits = out.map((row) => dot(row, h));
    let best = 0;
    for (let v = 1; v < vocab; v++) if (logits[v] > logits[best]) best = v;
    return best;
  };
  return (prompt, count) => {
    const sequence = [...prompt];
    const tokens = [];
    while (tokens.length < count) {
      const token = next(sequence);
      tokens.push(token);
      sequence.push(token);
    }
    return tokens;
  };
}
`;

const INFERENCE_CACHED = String.raw`// The recurrent state is kept between tokens: one step per new token instead of a re-run of the
// whole sequence.
export function createDecoder(weights) {
  const { embed, recur, out, vocab } = weights;
  const dot = (row, v) => row.reduce((sum, w, j) => sum + w * v[j], 0);
  return (prompt, count) => {
    let h = new Array(weights.hidden).fill(0);
    const step = (t) => {
      h = recur.map((row, i) => Math.tanh(embed[t][i] + dot(row, h)));
      const logits = out.map((row) => dot(row, h));
      let best = 0;
      for (let v = 1; v < vocab; v++) if (logits[v] > logits[best]) best = v;
      return best;
    };
    const tokens = [];
    let token = 0;
    for (const t of prompt) token = step(t);
    while (tokens.length < count) {
      tokens.push(token);
      token = step(token);
    }
    return tokens;
  };
}
`;

const INFERENCE_PACKED = String.raw`// The state kept between tokens, and the weights packed once into flat Float64Arrays (row-major)
// with plain indexed loops.
export function createDecoder(weights) {
  const { vocab, hidden } = weights;
  const flat = (rows) => Float64Array.from(rows.flat());
  const embed = flat(weights.embed);
  const recur = flat(weights.recur);
  const out = flat(weights.out);
  return (prompt, count) => {
    let h = new Float64Array(hidden);
    let x = new Float64Array(hidden);
    const step = (t) => {
      for (let i = 0; i < hidden; i++) {
        let sum = embed[t * hidden + i];
        const row = i * hidden;
        for (let j = 0; j < hidden; j++) sum += recur[row + j] * h[j];
        x[i] = Math.tanh(sum);
      }
      [h, x] = [x, h];
      let best = 0;
      let bestLogit = -Infinity;
      for (let v = 0; v < vocab; v++) {
        let logit = 0;
        const row = v * hidden;
        for (let j = 0; j < hidden; j++) logit += out[row + j] * h[j];
        if (logit > bestLogit) {
          best = v;
          bestLogit = logit;
        }
      }
      return best;
    };
    const tokens = [];
    let token = 0;
    for (const t of prompt) token = step(t);
    while (tokens.length < count) {
      tokens.push(token);
      token = step(token);
    }
    return tokens;
  };
}
`;

// --- GEMM

const GEMM_BENCH = String.raw`// Benchmark: C = A x B for 256x256 single-precision matrices; GFLOP/s (2n^3 flops per product over
// the CPU time per product), higher is better. C is checked against a float64 reference.
import { sgemm } from "./gemm.mjs";
import { cpuMsPerRun, random, report } from "./harness.mjs";

const n = 256;
const next = random(0x6e33);
const a = Float32Array.from({ length: n * n }, () => next() * 2 - 1);
const b = Float32Array.from({ length: n * n }, () => next() * 2 - 1);
const c = new Float32Array(n * n);
const { ms, runs } = cpuMsPerRun(() => sgemm(n, a, b, c), { prepare: () => c.fill(0) });
for (let i = 0; i < n; i += 7) {
  for (let j = 0; j < n; j += 5) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += a[i * n + k] * b[k * n + j];
    if (Math.abs(c[i * n + j] - sum) > 1e-3) {
      console.error("wrong product at (" + i + ", " + j + "): " + c[i * n + j] + ", expected " + sum);
      process.exit(1);
    }
  }
}
report({ metric: "gflops", value: (2 * n ** 3) / (ms / 1000) / 1e9, n, msPerProduct: ms, runs });
`;

const GEMM_NAIVE = String.raw`// Baseline: the textbook i-j-k triple loop; the inner loop walks B down a column (stride n).
export function sgemm(n, a, b, c) {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += a[i * n + k] * b[k * n + j];
      c[i * n + j] = sum;
    }
  }
}
`;

const GEMM_TRANSPOSED = String.raw`// B transposed once, so both operands of every dot product are read along rows (unit stride); the
// dot product unrolled by four with four independent sums.
export function sgemm(n, a, b, c) {
  const bt = new Float32Array(n * n);
  for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) bt[j * n + k] = b[k * n + j];
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const col = j * n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < n; k += 4) {
        s0 += a[row + k] * bt[col + k];
        s1 += a[row + k + 1] * bt[col + k + 1];
        s2 += a[row + k + 2] * bt[col + k + 2];
        s3 += a[row + k + 3] * bt[col + k + 3];
      }
      c[row + j] = s0 + s1 + s2 + s3;
    }
  }
}
`;

const GEMM_MICRO_KERNEL = String.raw`// A 4x4 register-blocked micro-kernel over B transposed: sixteen running sums stay in registers,
// each loaded element of A and B is used four times.
export function sgemm(n, a, b, c) {
  const bt = new Float32Array(n * n);
  for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) bt[j * n + k] = b[k * n + j];
  for (let i = 0; i < n; i += 4) {
    const a0 = i * n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n;
    for (let j = 0; j < n; j += 4) {
      const b0 = j * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0; k < n; k++) {
        const x0 = a[a0 + k], x1 = a[a1 + k], x2 = a[a2 + k], x3 = a[a3 + k];
        const y0 = bt[b0 + k], y1 = bt[b1 + k], y2 = bt[b2 + k], y3 = bt[b3 + k];
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      c[a0 + j] = c00; c[a0 + j + 1] = c01; c[a0 + j + 2] = c02; c[a0 + j + 3] = c03;
      c[a1 + j] = c10; c[a1 + j + 1] = c11; c[a1 + j + 2] = c12; c[a1 + j + 3] = c13;
      c[a2 + j] = c20; c[a2 + j + 1] = c21; c[a2 + j + 2] = c22; c[a2 + j + 3] = c23;
      c[a3 + j] = c30; c[a3 + j + 1] = c31; c[a3 + j + 2] = c32; c[a3 + j + 3] = c33;
    }
  }
}
`;

// --- tiny language models (exact: the loss is deterministic)

const LM_CORPUS = String.raw`// The corpus: documents of pseudo-English from a fixed-seed generator (a small word-level grammar
// with skewed word frequencies), so there is structure to learn and nothing to download.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = "the model|the verifier|a miner|the benchmark|our baseline|the team|each proposal|the curve".split("|");
const VERBS = "improves|measures|reproduces|beats|rejects|trains on|compresses|reports".split("|");
const OBJECTS = "the score|a small corpus|the validation loss|every claim|the token price|its own result|the median run|a better kernel".split("|");
const TAILS = "|| today| again| by a wide margin| on one core| within the tolerance| at last".split("|");

/** count documents; with namesPerDocument, each also repeats a few invented names of its own. */
export function makeDocuments(count, seed, { namesPerDocument = 0, sentences = 24 } = {}) {
  const next = random(seed);
  const skewed = (items) => items[Math.floor(items.length * next() ** 2)];
  const documents = [];
  for (let d = 0; d < count; d++) {
    const names = Array.from({ length: namesPerDocument }, () => {
      const consonants = "bcdfghjklmnprstvz";
      const vowels = "aeiou";
      let name = "";
      for (let i = 0; i < 3; i++) name += consonants[Math.floor(next() * consonants.length)] + vowels[Math.floor(next() * vowels.length)];
      return name[0].toUpperCase() + name.slice(1);
    });
    const parts = [];
    for (let s = 0; s < sentences; s++) {
      const subject = names.length && next() < 0.5 ? names[Math.floor(next() * names.length)] : skewed(SUBJECTS);
      parts.push(subject + " " + skewed(VERBS) + " " + skewed(OBJECTS) + skewed(TAILS) + ".");
    }
    documents.push(parts.join(" ") + "\n");
  }
  return documents;
}
`;

/** The loss benchmark over `trainSet` and `validSet` (makeDocuments calls). */
const lmBench = (trainSet: string, validSet: string) => `// Benchmark: validation loss (mean nats per character) of a character-level language model trained
// on a generated corpus; lower is better. Deterministic: the same code gives the same loss.
import { writeFileSync } from "node:fs";
import { train } from "./train.mjs";
import { makeDocuments } from "./corpus.mjs";

const trainDocs = ${trainSet};
const validDocs = ${validSet};
const alphabet = [...new Set([...trainDocs, ...validDocs].join(""))].sort();
const model = train(trainDocs, alphabet);

let nats = 0;
let chars = 0;
for (const doc of validDocs) {
  for (let i = 0; i < doc.length; i++) {
    const history = doc.slice(0, i);
    const p = model.prob(history, doc[i]);
    if (!(p > 0 && p <= 1)) {
      console.error("prob(" + JSON.stringify(doc[i]) + ") = " + p + " at " + i + ": not a probability");
      process.exit(1);
    }
    // now and then, the model must give a distribution over the whole alphabet
    if (i % 997 === 0) {
      const total = alphabet.reduce((sum, c) => sum + model.prob(history, c), 0);
      if (Math.abs(total - 1) > 1e-6) {
        console.error("the probabilities at " + i + " sum to " + total + ", not 1");
        process.exit(1);
      }
    }
    nats -= Math.log(p);
    chars++;
  }
}
const loss = nats / chars;
const score = Math.round(loss * 1e6);
writeFileSync("metrics.json", JSON.stringify({ metric: "validation_loss_nats_per_char", loss, score, trainChars: trainDocs.join("").length, validChars: chars }, null, 2) + "\\n");
console.log(JSON.stringify({ score }));
`;

/** A character n-gram model, each order add-k smoothed, the orders mixed with fixed weights. */
const ngramModel = (comment: string, order: number, weights: number[], add: number) => `// ${comment}
const ORDER = ${order};
const WEIGHTS = [${weights.join(", ")}];
const ADD = ${add};

export function train(documents, alphabet) {
  // counts[n]: n characters of context + the next one -> count; totals[n]: context -> count
  const counts = Array.from({ length: ORDER }, () => new Map());
  const totals = Array.from({ length: ORDER }, () => new Map());
  for (const doc of documents) {
    for (let i = 0; i < doc.length; i++) {
      for (let n = 0; n < ORDER && n <= i; n++) {
        const context = doc.slice(i - n, i);
        counts[n].set(context + doc[i], (counts[n].get(context + doc[i]) ?? 0) + 1);
        totals[n].set(context, (totals[n].get(context) ?? 0) + 1);
      }
    }
  }
  const size = alphabet.length;
  // the add-k estimate of order n; an unseen context falls back to the highest order below that saw it
  const estimate = (history, char, n) => {
    for (let m = Math.min(n, history.length); m >= 0; m--) {
      const context = history.slice(history.length - m);
      const total = totals[m].get(context) ?? 0;
      if (total > 0 || m === 0) return ((counts[m].get(context + char) ?? 0) + ADD) / (total + ADD * size);
    }
    return 1 / size;
  };
  return {
    prob(history, char) {
      let p = 0;
      for (let n = 0; n < ORDER; n++) if (WEIGHTS[n] > 0) p += WEIGHTS[n] * estimate(history, char, n);
      return p;
    },
  };
}
`;

const TRIGRAM = ngramModel("Character trigrams mixed with bigrams and unigrams (0.6 / 0.3 / 0.1).", 3, [0.1, 0.3, 0.6], 0.1);

const TRIGRAM_WITH_CACHE = `${ngramModel(
  "Character trigrams mixed with bigrams and unigrams (0.6 / 0.3 / 0.1), plus a cache: a trigram model of the document so far, for the names a document repeats.",
  3,
  [0.1, 0.3, 0.6],
  0.1,
).replace("export function train(", "function trainNgram(")}
const CACHE_WEIGHT = 0.3;

export function train(documents, alphabet) {
  const ngram = trainNgram(documents, alphabet);
  // the cache: counts of (two characters, the next one) in the current document, extended as it grows
  let seen = "";
  let counts = new Map();
  let totals = new Map();
  const extend = (history) => {
    if (!history.startsWith(seen)) {
      seen = "";
      counts = new Map();
      totals = new Map();
    }
    for (let i = Math.max(2, seen.length); i < history.length; i++) {
      const context = history.slice(i - 2, i);
      counts.set(context + history[i], (counts.get(context + history[i]) ?? 0) + 1);
      totals.set(context, (totals.get(context) ?? 0) + 1);
    }
    seen = history;
  };
  return {
    prob(history, char) {
      const p = ngram.prob(history, char);
      if (history.length < 2) return p;
      extend(history);
      const total = totals.get(history.slice(-2)) ?? 0;
      if (total === 0) return p;
      return (1 - CACHE_WEIGHT) * p + CACHE_WEIGHT * ((counts.get(history.slice(-2) + char) ?? 0) / total);
    },
  };
}
`;

// --- the specs

type Step = Omit<ProposalSpec, "changes"> & { code: string };

type Brief = {
  key: string;
  domain: string;
  name: string;
  symbol: string;
  repo: string;
  title: string;
  problem: string;
  approach: string;
  /** How the benchmark measures, for the statement's experimental design. */
  design: string;
  metric: string;
  unit: string;
  direction: Direction;
  minImprovement: number;
  /** A CPU-time metric (3 runs, 50% tolerance) rather than an exact one (1 run, no tolerance). */
  timing: boolean;
  /** The file a proposal changes, and the repository's version of it. */
  file: string;
  baselineCode: string;
  /** The benchmark bundle besides benchmark.json. */
  bench: FileTree;
  curve: ProjectSpec["curve"];
  reward: ProjectSpec["reward"];
  creator: ProjectSpec["creator"];
  firstBuy: bigint;
  parentKey?: string;
  reviewQuorum?: number;
  outlierSeatOn?: string;
  steps: Step[];
};

function fromBrief(brief: Brief): ProjectSpec {
  const better = brief.direction === "higher" ? "higher" : "lower";
  const runs = brief.timing ? 3 : 1;
  const tolerance = brief.timing ? 0.5 : 0;
  return {
    key: brief.key,
    domain: brief.domain,
    name: brief.name,
    symbol: brief.symbol,
    repository: brief.repo,
    statement: {
      title: brief.title,
      problem: brief.problem,
      motivation: `A ${better} ${brief.metric} translates directly into cost and latency for every user of this code.`,
      existingApproaches: brief.approach,
      proposedArchitecture: `Keep the public interface of \`${brief.file}\` and the benchmark harness fixed; change only the implementation under test.`,
      experimentalDesign: `${brief.design} ${brief.timing ? `The median of ${runs} runs; a claim reproduces within ${tolerance * 100}% (CPU time varies less than wall time on a shared machine, but it varies).` : "Deterministic: one run, and a claim reproduces exactly."}`,
      reproducibility: ["Unpack the repository snapshot and the benchmark bundle into one folder.", "Run `node bench.mjs` with Node 22 or later (no compiler, no network).", "Read `metrics.json`; the score is the value x 1e6."],
      openQuestions: ["How much of the gain survives on other hardware?", "Is the improvement stable across input distributions?"],
      risks: ["Benchmark noise larger than the minimum improvement.", "Gains that rely on a quirk of the benchmark input."],
      references: ["D. E. Knuth. The Art of Computer Programming, Vol. 3.", "Project README and prior results in the repository."],
    },
    benchmark: {
      metric: brief.metric,
      unit: brief.unit,
      direction: brief.direction,
      minImprovement: brief.minImprovement,
      command: "node bench.mjs",
      runs,
      tolerance,
      limits: { cpuSeconds: 30, memoryMiB: 1024, wallSeconds: 60 },
    },
    repo: {
      "README.md": `# ${brief.name}\n\n${brief.problem}\n`,
      [brief.file]: brief.baselineCode,
      "package.json": JSON.stringify({ name: brief.repo.split("/").pop(), version: "0.1.0", type: "module", private: true }, null, 2) + "\n",
    },
    benchmarkBundle: {
      ...brief.bench,
      "benchmark.json": JSON.stringify({ command: "node bench.mjs", metric: brief.metric, unit: brief.unit, direction: brief.direction, scale: METRIC_SCALE, runs }, null, 2) + "\n",
    },
    curve: brief.curve,
    reward: brief.reward,
    minStake: 5n,
    firstBuy: brief.firstBuy,
    creator: brief.creator,
    parentKey: brief.parentKey,
    reviewQuorum: brief.reviewQuorum ?? 1,
    outlierSeatOn: brief.outlierSeatOn,
    proposals: brief.steps.map(({ code, ...step }) => ({ ...step, changes: { [brief.file]: code, "NOTES.md": `${step.label}\n` } })),
  };
}

const briefs: Brief[] = [
  {
    key: "sorting",
    domain: "Algorithms",
    name: "Sorting 100k integers",
    symbol: "SORT",
    repo: "https://github.com/open-research-market/fast-sort",
    title: "Sort a hundred thousand 32-bit keys faster",
    problem: "The sort boxes every key into a JavaScript array and calls a comparator for every comparison.",
    approach: "The typed array's own sort, hand-written quicksort, LSD radix sort with 8- to 16-bit digits.",
    design: "Sort 100,000 keys from a fixed-seed generator, many times over; the score is the CPU time per sort.",
    metric: "sort time",
    unit: "ms",
    direction: "lower",
    minImprovement: 2,
    timing: true,
    file: "sort.mjs",
    baselineCode: SORT_BASELINE,
    bench: { "bench.mjs": SORT_BENCH, "harness.mjs": TIMING_HARNESS },
    curve: { basePrice: 50_000n * GWEI, slope: 1_000n * GWEI, minerPoolCap: 600n },
    reward: { bps: 5000, target: 60 },
    creator: "creator",
    firstBuy: 60n,
    steps: [
      { label: "typed-array sort, no comparator", code: SORT_TYPED, outcome: "approve", stake: 10n, miner: "miner" },
      { label: "8-bit LSD radix sort", code: radixSort("LSD radix sort, 8-bit digits: four counting passes, no comparisons.", 8, 4), outcome: "approve", stake: 20n, miner: "miner2" },
      { label: "quicksort with an insertion-sort cutoff", code: SORT_QUICKSORT, outcome: "supersede", stake: 10n, miner: "miner" },
      // claims five times what the code does: it does not reproduce
      { label: "radix sort with software prefetch", code: radixSort("LSD radix sort, 8-bit digits; the next pass's counts gathered ahead.", 8, 4), claimed: 0.25, outcome: "reject", stake: 10n, miner: "miner" },
      // reproduces, but beats the 8-bit radix sort by less than the minimum improvement
      { label: "11-bit radix passes", code: radixSort("LSD radix sort, 11-bit digits: three counting passes instead of four.", 11, 3), outcome: "reviewing", verdict: "reject", stake: 15n, miner: "miner2" },
    ],
  },
  {
    key: "tinylm",
    domain: "Machine learning",
    name: "Tiny LM validation loss",
    symbol: "LOSS",
    repo: "https://github.com/open-research-market/tiny-lm",
    title: "Lower the validation loss of a tiny character-level language model",
    problem: "The baseline predicts each character from overall character frequencies alone and ignores the text before it.",
    approach: "Smoothed n-gram models, interpolation across orders, neural character models.",
    design: "Train on 48 generated documents, evaluate on 8 held-out ones; the score is the mean nats per character.",
    metric: "validation loss",
    unit: "nats/char",
    direction: "lower",
    minImprovement: 0.01,
    timing: false,
    file: "train.mjs",
    baselineCode: ngramModel("Baseline: character unigram frequencies, add-one smoothed.", 1, [1], 1),
    bench: { "bench.mjs": lmBench("makeDocuments(48, 0x7a1e)", "makeDocuments(8, 0x7a1f)"), "corpus.mjs": LM_CORPUS },
    curve: { basePrice: 200_000n * GWEI, slope: 5_000n * GWEI, minerPoolCap: 400n },
    reward: { bps: 5000, target: 1 },
    creator: "creator2",
    firstBuy: 30n,
    steps: [
      { label: "character bigrams", code: ngramModel("Character bigrams, add-one smoothed.", 2, [0, 1], 1), outcome: "approve", stake: 8n, miner: "miner" },
      { label: "trigrams mixed with lower orders", code: TRIGRAM, outcome: "approve", stake: 10n, miner: "miner2" },
      { label: "bigrams with add-0.1 smoothing", code: ngramModel("Character bigrams, add-0.1 smoothed.", 2, [0, 1], 0.1), outcome: "expire", stake: 6n, miner: "miner" },
      { label: "5-grams mixed with lower orders", code: ngramModel("Character 5-grams mixed with every lower order.", 5, [0.05, 0.1, 0.15, 0.3, 0.4], 0.05), outcome: "open", verdict: "approve", stake: 9n, miner: "miner" },
    ],
  },
  {
    key: "jsonparse",
    domain: "Systems",
    name: "JSON parser throughput",
    symbol: "JSON",
    repo: "https://github.com/open-research-market/quick-json",
    title: "Parse JSON faster on one core",
    problem: "The parser compares one-character strings and builds every string and number by concatenation.",
    approach: "Char-code scanners, slicing runs instead of concatenating, the engine's native parser, SIMD structural indexing.",
    design: "Parse a generated 256 KB document (escapes, unicode, numbers, nesting) many times over; the score is MB per CPU-second.",
    metric: "throughput",
    unit: "MB/s",
    direction: "higher",
    minImprovement: 10,
    timing: true,
    file: "parse.mjs",
    baselineCode: JSON_BASELINE,
    bench: { "bench.mjs": JSON_BENCH, "harness.mjs": TIMING_HARNESS },
    curve: { basePrice: 80_000n * GWEI, slope: 1_500n * GWEI, minerPoolCap: 2_500n },
    reward: { bps: 5000, target: 500 },
    creator: "creator",
    firstBuy: 25n,
    // Reviewed by a quorum of three bonded verifiers (stakes cover three review fees of 5 JSON each).
    reviewQuorum: 3,
    outlierSeatOn: "char-code scanner with sliced runs",
    steps: [
      { label: "char-code scanner with sliced runs", code: jsonScanner("Char-code scanner: compares character codes, not one-character strings, and slices whole string and number runs out of the input."), outcome: "approve", stake: 16n, miner: "miner2" },
      { label: "the engine's native JSON.parse", code: JSON_NATIVE, outcome: "approve", stake: 18n, miner: "miner" },
      // claims about five times what the code does
      { label: "unchecked string fast path", code: jsonScanner("Char-code scanner; strings without escapes are sliced without a second look."), claimed: 450, outcome: "reject", stake: 15n, miner: "miner2" },
    ],
  },
  {
    key: "inference",
    domain: "Machine learning",
    name: "CPU inference tokens/s",
    symbol: "TOKS",
    repo: "https://github.com/open-research-market/cpu-infer",
    title: "Generate more tokens per second with a tiny recurrent model on one CPU core",
    problem: "The decoder re-runs the model over the whole sequence for every new token.",
    approach: "Keeping the recurrent state (the KV cache of recurrent models), packed weights, quantisation.",
    design: "Greedily decode 64 tokens from a fixed prompt with seeded weights; the tokens must match the reference; the score is tokens per CPU-second.",
    metric: "decode speed",
    unit: "tokens/s",
    direction: "higher",
    minImprovement: 100,
    timing: true,
    file: "infer.mjs",
    baselineCode: INFERENCE_BASELINE,
    bench: { "bench.mjs": INFERENCE_BENCH, "harness.mjs": TIMING_HARNESS },
    curve: { basePrice: 150_000n * GWEI, slope: 3_000n * GWEI, minerPoolCap: 500n },
    reward: { bps: 5000, target: 5000 },
    creator: "creator2",
    firstBuy: 20n,
    steps: [
      { label: "keep the recurrent state between tokens", code: INFERENCE_CACHED, outcome: "approve", stake: 12n, miner: "miner" },
      { label: "weights packed into Float64Arrays", code: INFERENCE_PACKED, outcome: "expire", stake: 10n, miner: "miner2" },
    ],
  },
  {
    key: "gemm",
    domain: "Numerical computing",
    name: "SGEMM kernel GFLOP/s",
    symbol: "GEMM",
    repo: "https://github.com/open-research-market/tiny-gemm",
    title: "A faster single-precision matrix multiply for 256x256",
    problem: "The textbook triple loop walks B down its columns and keeps one running sum.",
    approach: "Loop reordering, transposition and packing, register blocking, BLIS-style micro-kernels.",
    design: "Multiply two seeded 256x256 Float32Array matrices many times over, checked against a float64 reference; the score is GFLOP per CPU-second.",
    metric: "performance",
    unit: "GFLOP/s",
    direction: "higher",
    minImprovement: 0.1,
    timing: true,
    file: "gemm.mjs",
    baselineCode: GEMM_NAIVE,
    bench: { "bench.mjs": GEMM_BENCH, "harness.mjs": TIMING_HARNESS },
    curve: { basePrice: 60_000n * GWEI, slope: 1_200n * GWEI, minerPoolCap: 2_000n },
    reward: { bps: 5000, target: 5 },
    creator: "creator",
    firstBuy: 15n,
    steps: [
      { label: "transposed B, unrolled dot products", code: GEMM_TRANSPOSED, outcome: "approve", stake: 8n, miner: "miner2" },
      { label: "4x4 register-blocked micro-kernel", code: GEMM_MICRO_KERNEL, outcome: "open", verdict: "approve", stake: 10n, miner: "miner" },
    ],
  },
  {
    key: "tinylm-long",
    domain: "Machine learning",
    name: "Tiny LM, long context",
    symbol: "LONG",
    repo: "https://github.com/open-research-market/tiny-lm-long",
    title: "The tiny LM on long documents: use what the document already said",
    problem: "Long documents repeat names of their own that no training document contains; a model of three characters cannot remember them.",
    approach: "Forked from the Tiny LM project's trigram model; cache models, longer contexts, copy mechanisms.",
    design: "Train on 48 generated long documents that each repeat invented names, evaluate on 6 held-out ones; the score is the mean nats per character.",
    metric: "validation loss",
    unit: "nats/char",
    direction: "lower",
    minImprovement: 0.01,
    timing: false,
    file: "train.mjs",
    baselineCode: TRIGRAM,
    bench: {
      "bench.mjs": lmBench("makeDocuments(48, 0x10e6, { namesPerDocument: 3, sentences: 48 })", "makeDocuments(6, 0x10e7, { namesPerDocument: 3, sentences: 48 })"),
      "corpus.mjs": LM_CORPUS,
    },
    curve: { basePrice: 120_000n * GWEI, slope: 4_000n * GWEI, minerPoolCap: 1_000n },
    reward: { bps: 5000, target: 1 },
    creator: "creator2",
    firstBuy: 10n,
    parentKey: "tinylm",
    steps: [{ label: "a trigram cache of the document so far", code: TRIGRAM_WITH_CACHE, outcome: "open", verdict: "approve", stake: 6n, miner: "miner2" }],
  },
];

export const WORLD: ProjectSpec[] = [compression, ...briefs.map(fromBrief)];

/** Metric units -> the fixed-point integer recorded on-chain. */
export function toScore(value: number): bigint {
  return BigInt(Math.round(value * METRIC_SCALE));
}

/** The protocol document stored for a project (the research statement template, as JSON). */
export function renderProtocol(spec: ProjectSpec, baseline: number) {
  return {
    schema: "open-research-market/protocol@1",
    title: spec.statement.title,
    domain: spec.domain,
    repository: spec.repository,
    problem: spec.statement.problem,
    motivation: spec.statement.motivation,
    existingApproaches: spec.statement.existingApproaches,
    proposedArchitecture: spec.statement.proposedArchitecture,
    experimentalDesign: spec.statement.experimentalDesign,
    benchmarkPlan: {
      metric: spec.benchmark.metric,
      unit: spec.benchmark.unit,
      direction: spec.benchmark.direction,
      minimumImprovement: spec.benchmark.minImprovement,
      scale: METRIC_SCALE,
      command: spec.benchmark.command,
      runs: spec.benchmark.runs,
      tolerance: spec.benchmark.tolerance,
      limits: spec.benchmark.limits,
      baseline,
    },
    reproducibility: spec.statement.reproducibility,
    openQuestions: spec.statement.openQuestions,
    risks: spec.statement.risks,
    references: spec.statement.references,
  };
}
