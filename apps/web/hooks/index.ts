export { useDevWallet, type UseDevWalletReturnType } from "./useDevWallet.ts";
export {
  useProtocolRead,
  type UseProtocolReadParameters,
  type UseProtocolReadReturnType,
} from "./useProtocolRead.ts";
export { useProtocolClient, type ReadProtocol, type ReadProtocolParameters } from "./useProtocolClient.ts";
export {
  useProtocolReads,
  type ProtocolReadCall,
  type ProtocolReadContracts,
  type UseProtocolReadsParameters,
} from "./useProtocolReads.ts";
export {
  useProtocolWrite,
  type ProtocolWriteParameters,
  type ProtocolWriteStatus,
  type UseProtocolWriteParameters,
  type UseProtocolWriteReturnType,
} from "./useProtocolWrite.ts";
export { useTargetChain, type UseTargetChainReturnType } from "./useTargetChain.ts";
export { useTrade, type TradeParameters, type UseTradeReturnType } from "./useTrade.ts";
export { useTradeQuote, type UseTradeQuoteParameters, type UseTradeQuoteReturnType } from "./useTradeQuote.ts";
