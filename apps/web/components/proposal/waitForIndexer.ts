/**
 * After a confirmed write, the page's server data comes from the indexer, which follows the chain a
 * moment later: poll the proposal through the app's proxy until its status or `updatedAt` changes
 * (about 10 s at most), then the caller refreshes the page (`router.refresh()`).
 */
import { createIndexerClient } from "@/lib/indexer.ts";

export type IndexedMark = { status: number; updatedAt: string } | undefined;

/** The proposal's status and update time as the indexer has them now (undefined: unknown or down). */
export async function readIndexedMark(id: bigint | string): Promise<IndexedMark> {
  try {
    const proposal = await createIndexerClient().proposal(id);
    return { status: proposal.status, updatedAt: proposal.updatedAt };
  } catch {
    return undefined;
  }
}

/** Resolves true once the indexer shows a change from `before`, false after `timeoutMs`. */
export async function waitForIndexer(id: bigint | string, before: IndexedMark, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mark = await readIndexedMark(id);
    if (mark && (!before || mark.status !== before.status || mark.updatedAt !== before.updatedAt)) return true;
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  return false;
}
