/**
 * The seeded demo world: research projects across domains, each with a protocol written to the
 * research statement template, a small repository snapshot, a benchmark bundle and baseline
 * metrics, plus the proposals the seed plays through every state. Deterministic: the same specs
 * give the same bytes and the same roots.
 *
 * The compression project is measured for real: its benchmark runs here (`node bench.mjs` in a
 * temporary checkout), and its baseline and every proposal's claimed and verified scores are the
 * scores the bundled code produces.
 */
import type { FileTree } from "@orm/protocol/tar";

export type Direction = "higher" | "lower";
export type Outcome = "approve" | "reject" | "expire" | "supersede" | "open" | "reviewing";

export type ProposalSpec = {
  label: string;
  /** Files that replace or add to the repository snapshot in the miner's code bundle. */
  changes: FileTree;
  /** Claimed score in metric units (ignored for measured projects: the bundle is run instead). */
  claimed?: number;
  /** What the verifier measured, in metric units (defaults to the claim; measured projects run it). */
  verified?: number;
  outcome: Outcome;
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
  /** Baseline score in metric units (ignored for measured projects). */
  baseline?: number;
  measured?: boolean;
  repo: FileTree;
  benchmarkBundle: FileTree;
  curve: { basePrice: bigint; slope: bigint; minerPoolCap: bigint };
  reward: { rule: 0 | 1 | 2; bps: number; impactTarget: number };
  minStake: bigint;
  firstBuy: bigint;
  creator: "creator" | "creator2";
  parentKey?: string;
  proposals: ProposalSpec[];
};

/** Scores on-chain are fixed point with this scale (the protocol says so). */
export const METRIC_SCALE = 1_000_000;

const GWEI = 10n ** 9n;

// ---------------------------------------------------------------- compression (measured)

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
  measured: true,
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
  reward: { rule: 0, bps: 0, impactTarget: 0 },
  minStake: 5n,
  firstBuy: 40n,
  creator: "creator",
  proposals: [
    { label: "deflate level 1", changes: { "compress.mjs": zlibVariant("Deflate, fastest level.", "zlib.deflateRawSync(input, { level: 1 })", "zlib.inflateRawSync(packed)") }, outcome: "approve", stake: 10n, miner: "miner" },
    { label: "deflate level 9", changes: { "compress.mjs": zlibVariant("Deflate, best level.", "zlib.deflateRawSync(input, { level: 9 })", "zlib.inflateRawSync(packed)") }, outcome: "approve", stake: 12n, miner: "miner2" },
    { label: "rle with bigger runs", changes: { "compress.mjs": RLE.replace("run < 255", "run < 254") }, outcome: "reject", stake: 8n, miner: "miner" },
    { label: "brotli quality 11", changes: { "compress.mjs": zlibVariant("Brotli at maximum quality, text mode.", "zlib.brotliCompressSync(input, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } })", "zlib.brotliDecompressSync(packed)") }, outcome: "open", stake: 15n, miner: "miner" },
  ],
};

// ---------------------------------------------------------------- claimed-score projects

type Brief = {
  key: string;
  domain: string;
  name: string;
  symbol: string;
  repo: string;
  title: string;
  problem: string;
  approach: string;
  metric: string;
  unit: string;
  direction: Direction;
  minImprovement: number;
  baseline: number;
  source: { file: string; body: string };
  bench: string;
  curve: ProjectSpec["curve"];
  reward: ProjectSpec["reward"];
  creator: ProjectSpec["creator"];
  firstBuy: bigint;
  parentKey?: string;
  steps: Array<{ label: string; claimed: number; verified?: number; outcome: Outcome; stake: bigint; miner: ProposalSpec["miner"] }>;
};

function fromBrief(brief: Brief): ProjectSpec {
  const better = brief.direction === "higher" ? "higher" : "lower";
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
      proposedArchitecture: "Keep the public interface and the benchmark harness fixed; change only the implementation under test.",
      experimentalDesign: `Run the benchmark ${brief.direction === "higher" ? "five" : "three"} times on an idle machine; report the median ${brief.metric} (${brief.unit}).`,
      reproducibility: ["Unpack the repository snapshot and the benchmark bundle into one folder.", "Run `sh bench.sh` (it builds what it needs).", "Read `metrics.json`."],
      openQuestions: ["How much of the gain survives on other hardware?", "Is the improvement stable across input distributions?"],
      risks: ["Benchmark noise larger than the minimum improvement.", "Gains that rely on a quirk of the benchmark input."],
      references: ["D. E. Knuth. The Art of Computer Programming, Vol. 3.", "Project README and prior results in the repository."],
    },
    benchmark: {
      metric: brief.metric,
      unit: brief.unit,
      direction: brief.direction,
      minImprovement: brief.minImprovement,
      command: "sh bench.sh",
      runs: brief.direction === "higher" ? 5 : 3,
      tolerance: 0.03,
      limits: { cpuSeconds: 600, memoryMiB: 4096, wallSeconds: 900 },
    },
    baseline: brief.baseline,
    repo: {
      "README.md": `# ${brief.name}\n\n${brief.problem}\n`,
      [brief.source.file]: brief.source.body,
    },
    benchmarkBundle: {
      "bench.sh": brief.bench,
      "benchmark.json": JSON.stringify({ command: "sh bench.sh", metric: brief.metric, unit: brief.unit, direction: brief.direction, scale: METRIC_SCALE }, null, 2) + "\n",
    },
    curve: brief.curve,
    reward: brief.reward,
    minStake: 5n,
    firstBuy: brief.firstBuy,
    creator: brief.creator,
    parentKey: brief.parentKey,
    proposals: brief.steps.map((step) => ({
      label: step.label,
      changes: { [brief.source.file]: `${brief.source.body}\n// ${step.label}\n`, "NOTES.md": `${step.label}\n` },
      claimed: step.claimed,
      verified: step.verified,
      outcome: step.outcome,
      stake: step.stake,
      miner: step.miner,
    })),
  };
}

const briefs: Brief[] = [
  {
    key: "sorting",
    domain: "Algorithms",
    name: "Sorting 1M integers",
    symbol: "SORT",
    repo: "https://github.com/open-research-market/fast-sort",
    title: "Sort one million 32-bit keys faster",
    problem: "A comparison sort spends most of its time on branch mispredictions for uniformly random 32-bit keys.",
    approach: "Introsort (std::sort), pdqsort, LSD radix sort, SIMD sorting networks.",
    metric: "sort time",
    unit: "ms",
    direction: "lower",
    minImprovement: 2,
    baseline: 74.8,
    source: { file: "sort.c", body: "#include <stdlib.h>\nstatic int cmp(const void *a, const void *b) { unsigned x = *(const unsigned *)a, y = *(const unsigned *)b; return (x > y) - (x < y); }\nvoid sort_keys(unsigned *keys, size_t n) { qsort(keys, n, sizeof *keys, cmp); }\n" },
    bench: "#!/bin/sh\nset -e\ncc -O2 -o bench bench.c sort.c && ./bench > metrics.json\n",
    curve: { basePrice: 50_000n * GWEI, slope: 1_000n * GWEI, minerPoolCap: 600n },
    reward: { rule: 1, bps: 500, impactTarget: 0 },
    creator: "creator",
    firstBuy: 60n,
    steps: [
      { label: "pdqsort with branchless partition", claimed: 61.2, outcome: "approve", stake: 10n, miner: "miner" },
      { label: "8-bit LSD radix sort", claimed: 48.9, verified: 49.3, outcome: "approve", stake: 20n, miner: "miner2" },
      { label: "11-bit radix passes", claimed: 47.5, verified: 48.6, outcome: "supersede", stake: 10n, miner: "miner" },
      { label: "radix + prefetch", claimed: 41.0, verified: 55.0, outcome: "reject", stake: 10n, miner: "miner" },
      { label: "AVX-512 sorting network for small buckets", claimed: 39.7, outcome: "reviewing", stake: 15n, miner: "miner2" },
    ],
  },
  {
    key: "tinylm",
    domain: "Machine learning",
    name: "Tiny LM validation loss",
    symbol: "LOSS",
    repo: "https://github.com/open-research-market/tiny-lm",
    title: "Lower the validation loss of a 10M-parameter language model at a fixed compute budget",
    problem: "The baseline transformer plateaus early at a fixed budget of 20 minutes on one GPU.",
    approach: "Learning-rate schedules, rotary embeddings, better tokenisation, data mixtures.",
    metric: "validation loss",
    unit: "nats/token",
    direction: "lower",
    minImprovement: 0.01,
    baseline: 3.412,
    source: { file: "train.py", body: "# Trains the 10M-parameter baseline for a fixed budget and writes metrics.json.\nBUDGET_MINUTES = 20\nLR = 3e-4\nSCHEDULE = 'constant'\n" },
    bench: "#!/bin/sh\nset -e\npython3 train.py --budget 20 --eval > metrics.json\n",
    curve: { basePrice: 200_000n * GWEI, slope: 5_000n * GWEI, minerPoolCap: 400n },
    reward: { rule: 2, bps: 1000, impactTarget: 100_000 },
    creator: "creator2",
    firstBuy: 30n,
    steps: [
      { label: "cosine schedule with warmup", claimed: 3.301, outcome: "approve", stake: 8n, miner: "miner" },
      { label: "rotary position embeddings", claimed: 3.254, verified: 3.258, outcome: "approve", stake: 10n, miner: "miner2" },
      { label: "bigger batch", claimed: 3.2, outcome: "expire", stake: 6n, miner: "miner" },
      { label: "byte-level BPE 8k", claimed: 3.19, outcome: "open", stake: 9n, miner: "miner" },
    ],
  },
  {
    key: "jsonparse",
    domain: "Systems",
    name: "JSON parser throughput",
    symbol: "JSON",
    repo: "https://github.com/open-research-market/quick-json",
    title: "Parse JSON faster on one core",
    problem: "The scalar parser validates UTF-8 and structure byte by byte.",
    approach: "Two-stage SIMD parsing (simdjson), on-demand parsing, table-driven scanners.",
    metric: "throughput",
    unit: "MB/s",
    direction: "higher",
    minImprovement: 10,
    baseline: 412,
    source: { file: "parse.c", body: "/* Scalar recursive-descent parser. */\nint parse_document(const char *p, unsigned long n);\n" },
    bench: "#!/bin/sh\nset -e\ncc -O3 -o bench bench.c parse.c && ./bench twitter.json > metrics.json\n",
    curve: { basePrice: 80_000n * GWEI, slope: 1_500n * GWEI, minerPoolCap: 2_500n },
    reward: { rule: 0, bps: 0, impactTarget: 0 },
    creator: "creator",
    firstBuy: 25n,
    steps: [
      { label: "SWAR structural scan", claimed: 655, verified: 648, outcome: "approve", stake: 10n, miner: "miner2" },
      { label: "two-stage SSE4.2 indexer", claimed: 1210, verified: 1190, outcome: "approve", stake: 14n, miner: "miner" },
      { label: "unchecked UTF-8 fast path", claimed: 1500, verified: 900, outcome: "reject", stake: 12n, miner: "miner2" },
    ],
  },
  {
    key: "inference",
    domain: "Machine learning",
    name: "CPU inference tokens/s",
    symbol: "TOKS",
    repo: "https://github.com/open-research-market/cpu-infer",
    title: "Generate more tokens per second on a laptop CPU",
    problem: "A 1B-parameter model decodes at under 40 tokens/s in fp32 on 8 cores.",
    approach: "Quantisation (int8, int4), KV-cache layout, speculative decoding.",
    metric: "decode speed",
    unit: "tokens/s",
    direction: "higher",
    minImprovement: 1,
    baseline: 38.5,
    source: { file: "infer.cpp", body: "// fp32 reference decoder.\nint decode(int max_tokens);\n" },
    bench: "#!/bin/sh\nset -e\nc++ -O3 -march=native -o bench bench.cpp infer.cpp && ./bench --tokens 256 > metrics.json\n",
    curve: { basePrice: 150_000n * GWEI, slope: 3_000n * GWEI, minerPoolCap: 500n },
    reward: { rule: 1, bps: 600, impactTarget: 0 },
    creator: "creator2",
    firstBuy: 20n,
    steps: [
      { label: "int8 weight quantisation", claimed: 71.4, verified: 70.9, outcome: "approve", stake: 12n, miner: "miner" },
      { label: "int4 with group scales", claimed: 96.0, outcome: "expire", stake: 10n, miner: "miner2" },
    ],
  },
  {
    key: "gemm",
    domain: "Numerical computing",
    name: "SGEMM kernel GFLOP/s",
    symbol: "GEMM",
    repo: "https://github.com/open-research-market/tiny-gemm",
    title: "A faster single-precision matrix multiply for 1024x1024",
    problem: "The naive triple loop is memory bound and uses no vector units.",
    approach: "Loop tiling, packing, register blocking, BLIS-style micro-kernels.",
    metric: "performance",
    unit: "GFLOP/s",
    direction: "higher",
    minImprovement: 2,
    baseline: 96.2,
    source: { file: "gemm.c", body: "void sgemm(int n, const float *a, const float *b, float *c);\n" },
    bench: "#!/bin/sh\nset -e\ncc -O3 -march=native -o bench bench.c gemm.c && ./bench 1024 > metrics.json\n",
    curve: { basePrice: 60_000n * GWEI, slope: 1_200n * GWEI, minerPoolCap: 2_000n },
    reward: { rule: 0, bps: 0, impactTarget: 0 },
    creator: "creator",
    firstBuy: 15n,
    steps: [
      { label: "64x64 tiling", claimed: 180.5, verified: 178.2, outcome: "approve", stake: 8n, miner: "miner2" },
      { label: "AVX2 6x16 micro-kernel", claimed: 412.0, outcome: "open", stake: 10n, miner: "miner" },
    ],
  },
  {
    key: "tinylm-long",
    domain: "Machine learning",
    name: "Tiny LM, long context",
    symbol: "LONG",
    repo: "https://github.com/open-research-market/tiny-lm-long",
    title: "The tiny LM at 4k context: lower validation loss on long documents",
    problem: "At 4k context the baseline's loss on long documents is worse than at 1k: attention dilutes.",
    approach: "Forked from the Tiny LM project's best model; ALiBi, sliding windows, position interpolation.",
    metric: "validation loss",
    unit: "nats/token",
    direction: "lower",
    minImprovement: 0.01,
    baseline: 3.498,
    source: { file: "train.py", body: "# Fork of tiny-lm at 4096 tokens of context.\nCONTEXT = 4096\n" },
    bench: "#!/bin/sh\nset -e\npython3 train.py --context 4096 --eval > metrics.json\n",
    curve: { basePrice: 120_000n * GWEI, slope: 4_000n * GWEI, minerPoolCap: 1_000n },
    reward: { rule: 0, bps: 0, impactTarget: 0 },
    creator: "creator2",
    firstBuy: 10n,
    parentKey: "tinylm",
    steps: [{ label: "ALiBi attention bias", claimed: 3.37, outcome: "open", stake: 6n, miner: "miner2" }],
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
