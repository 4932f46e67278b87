/**
 * EIP-2612 permits for project tokens: the typed data a holder signs (the domain is the token's
 * name, version "1") and the split signature `submitWithPermit` takes. One place for the shape, used
 * by the CLI, the gas bench and the tests.
 */
import { parseSignature, type Address, type Hex } from "viem";

export type PermitParameters = {
  /** The token's `name()`: the EIP-712 domain name of every project token. */
  tokenName: string;
  token: Address;
  chainId: number;
  owner: Address;
  spender: Address;
  value: bigint;
  nonce: bigint;
  deadline: bigint;
};

export function getPermitTypedData({ tokenName, token, chainId, owner, spender, value, nonce, deadline }: PermitParameters) {
  return {
    domain: { name: tokenName, version: "1", chainId, verifyingContract: token },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner, spender, value, nonce, deadline },
  } as const;
}

/** `(v, r, s)` as `permit` and `submitWithPermit` take them. */
export function splitPermitSignature(signature: Hex): { v: number; r: Hex; s: Hex } {
  const { r, s, v, yParity } = parseSignature(signature);
  return { v: v !== undefined ? Number(v) : yParity + 27, r, s };
}
