/** The proposal screens' notice that they show the chain's record because the indexer could not answer. */
export function IndexerNotice({ notice }: { notice: string | null }) {
  if (!notice) return null;
  return (
    <p role="status" data-testid="indexer-down" className="rounded-lg border border-warn/40 bg-warn-soft p-3 text-sm text-warn">
      {notice}
    </p>
  );
}
