/** The trade panel's props, shared by the island (index.tsx) and the panel. */
export type TradePanelProps = {
  /** The project's id (decimal string, as in the URL). */
  projectId: string;
  /** The project's token (ProjectRegistry.tokenOf(projectId)). */
  token: `0x${string}`;
  /** The token's symbol, for labels ("Buy 5 SQZ"). */
  symbol: string;
};
