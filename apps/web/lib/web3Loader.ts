/**
 * When the wallet machinery loads. wagmi, viem, TanStack Query and RainbowKit are most of a wallet
 * page's JavaScript, so a page first loads without them: a server-rendered page, plus light shells
 * (the "Connect wallet" button). The machinery loads when it is needed —
 *   - the user opens a wallet modal (connect, account, chain),
 *   - the browser was connected last time (wagmi's stored state), to reconnect,
 *   - a screen asks for it (`requestWeb3()`, e.g. a panel reading the chain for a visitor) —
 * and RainbowKit's modals load on the first modal request only. This module is the tiny store the
 * shells and the loaded parts share; it imports nothing.
 */
export type WalletModal = "connect" | "account" | "chain";

export type WalletModalRequest = { modal: WalletModal; id: number };

type Web3LoaderState = {
  /** The wallet machinery should load (or has). */
  wanted: boolean;
  /** The wallet machinery is loaded and mounted (wagmi hooks work inside `Web3Providers`). */
  ready: boolean;
  /** RainbowKit's modals should load (or have). */
  modalsWanted: boolean;
  /** The last modal asked for. */
  modalRequest: WalletModalRequest | undefined;
};

let state: Web3LoaderState = { wanted: false, ready: false, modalsWanted: false, modalRequest: undefined };
const listeners = new Set<() => void>();

function update(patch: Partial<Web3LoaderState>): void {
  const next = { ...state, ...patch };
  if ((Object.keys(patch) as (keyof Web3LoaderState)[]).every((key) => next[key] === state[key])) return;
  state = next;
  for (const listener of listeners) listener();
}

export function subscribeWeb3Loader(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getWeb3LoaderState(): Web3LoaderState {
  return state;
}

/** The state as the server renders it (nothing loaded). */
export const serverWeb3LoaderState: Web3LoaderState = { wanted: false, ready: false, modalsWanted: false, modalRequest: undefined };

/** Loads the wallet machinery (wagmi, viem, TanStack Query), without RainbowKit's modals. */
export function requestWeb3(): void {
  update({ wanted: true });
}

/** Called by the loaded machinery once it is mounted. */
export function markWeb3Ready(): void {
  update({ ready: true });
}

/** Opens a RainbowKit modal, loading the machinery and RainbowKit first when needed. */
export function openWalletModal(modal: WalletModal): void {
  update({ wanted: true, modalsWanted: true, modalRequest: { modal, id: (state.modalRequest?.id ?? 0) + 1 } });
}

/** Starts loading the machinery and RainbowKit without opening anything (hover or focus on a wallet button). */
export function preloadWalletModals(): void {
  update({ wanted: true, modalsWanted: true });
}

/**
 * Whether this browser had a wallet connected when it last left (wagmi keeps its state in
 * localStorage under `wagmi.store`), so the machinery should load at once to reconnect.
 */
export function hasStoredConnection(storage: Pick<Storage, "getItem"> | undefined = globalThis.localStorage): boolean {
  try {
    const stored = storage?.getItem("wagmi.store");
    if (!stored) return false;
    const parsed = JSON.parse(stored) as { state?: { current?: unknown } };
    return Boolean(parsed.state?.current);
  } catch {
    return false;
  }
}
