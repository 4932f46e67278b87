export { useDevWallet, type UseDevWalletReturnType } from "./useDevWallet.ts";
export {
  useProtocolRead,
  type UseProtocolReadParameters,
  type UseProtocolReadReturnType,
} from "./useProtocolRead.ts";
export {
  useProtocolWrite,
  type ProtocolWriteParameters,
  type ProtocolWriteStatus,
  type UseProtocolWriteParameters,
  type UseProtocolWriteReturnType,
} from "./useProtocolWrite.ts";
export { useTargetChain, type UseTargetChainReturnType } from "./useTargetChain.ts";
