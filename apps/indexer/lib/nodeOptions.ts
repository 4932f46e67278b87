/**
 * Node flags for the Ponder process. Indexing allocates a great many short-lived objects (decoded
 * logs, rows, query builders); with V8's default young generation they are collected so often that
 * garbage collection took 2.8 s of a ~19 s catch-up in a CPU profile (`npm run bench:indexer`, 50,400
 * events on PGlite); with a 64 MiB semi-space it took 1.2 s. End to end the catch-up is noisy here
 * (2,500–3,100 events/s with the flag on Ponder, 2,200–2,700 without; 3,200–3,500 when the local
 * Hardhat node gets it too, which we do not do: the node is not the product).
 */
export const PONDER_NODE_FLAGS = ["--max-semi-space-size=64"];

/** `NODE_OPTIONS` for a Ponder child process: our flags, then any the caller already had. */
export function ponderNodeOptions(...existing: (string | undefined)[]): string {
  return [...PONDER_NODE_FLAGS, ...existing.filter((value): value is string => Boolean(value?.trim()))].join(" ");
}
