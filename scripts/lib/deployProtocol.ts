/**
 * Deploys and wires the five contracts, each at the deployer's next nonce so every address is known
 * beforehand: the VerifierRegistry (pointing at the review quorum's precomputed address), the
 * ProposalLedger (pointing at the registry's and the quorum's), the ProjectRegistry (whose constructor
 * deploys the token implementation and refuses a ledger that does not point back at it), then the
 * ReviewQuorum (whose constructor refuses a ledger or verifier registry that does not point at it).
 * Checks the wiring after.
 */
import { getAddress, getContractAddress, type Address, type Hash, type PublicClient, type WalletClient } from "viem";

import type { ContractName, DeployedContract } from "@orm/protocol/deployments";

type DeployedInstance = { address: Address; read: Record<string, (...args: any[]) => Promise<any>> };

/** The parts of Hardhat's viem helpers this needs (tests and scripts pass `(await network.connect()).viem`). */
export type HardhatViem = {
  getPublicClient(): Promise<PublicClient>;
  getWalletClients(): Promise<WalletClient[]>;
  sendDeploymentTransaction(
    name: string,
    args?: readonly unknown[],
  ): Promise<{ contract: DeployedInstance; deploymentTransaction: { hash: Hash } }>;
};

export type DeployProtocolResult = {
  chainId: number;
  deployer: Address;
  contracts: Record<ContractName, DeployedContract>;
};

export class DeploymentWiringError extends Error {
  override name = "DeploymentWiringError";
}

/**
 * The ledger's `COMMIT_WINDOW` on a real network: a miner's commitment waits at most this long for its
 * reveal, and nobody may claim a proposal sooner after its priority time (10 minutes).
 */
export const DEFAULT_COMMIT_WINDOW_SECONDS = 600n;

/**
 * The verifier registry's `MIN_BOND`: the smallest bond, in wei of the native currency, that joins
 * the bonded set (0.1 of a native token: within a testnet faucet's reach, and a real cost for each
 * sybil address).
 */
export const DEFAULT_MIN_BOND_WEI = 10n ** 17n;

/** The review quorum's phases (seconds) and its draw delay (blocks). */
export type QuorumPhases = {
  commitPhaseSeconds: bigint;
  revealPhaseSeconds: bigint;
  appealWindowSeconds: bigint;
  drawDelayBlocks: bigint;
};

/**
 * A real network's quorum phases: a day to run the benchmark and commit, half a day to reveal, two days
 * for anyone to appeal (at least a run plus a day), and seats drawn from a block three blocks ahead.
 */
export const DEFAULT_QUORUM_PHASES: QuorumPhases = {
  commitPhaseSeconds: 24n * 3600n,
  revealPhaseSeconds: 12n * 3600n,
  appealWindowSeconds: 48n * 3600n,
  drawDelayBlocks: 3n,
};

/**
 * Deploys and wires the four contracts. `commitWindowSeconds` is the ledger's `COMMIT_WINDOW`: the
 * embedded local stack and the test stacks pass 0 (a proposal may be claimed in the next block), so a
 * newcomer's journey is not held up ten minutes; every contract test runs with the real window.
 * `singleReviewAppeals` is the ledger's `SINGLE_REVIEW_APPEALS`: on, a single reviewer's verdict waits
 * out the quorum's appeal window, backed by its bond (deployments); off reproduces the reference's
 * immediate settlement.
 */
export async function deployProtocol(
  viem: HardhatViem,
  owner?: Address,
  commitWindowSeconds: bigint = DEFAULT_COMMIT_WINDOW_SECONDS,
  quorumPhases: QuorumPhases = DEFAULT_QUORUM_PHASES,
  singleReviewAppeals = true,
): Promise<DeployProtocolResult> {
  const publicClient = await viem.getPublicClient();
  const [wallet] = await viem.getWalletClients();
  const deployer = getAddress(wallet.account!.address);
  const chainId = await publicClient.getChainId();

  // Each deployment is mined before the next is sent, so the nonces below are exact.
  const deploy = async (name: ContractName, args: readonly unknown[]) => {
    const { contract, deploymentTransaction } = await viem.sendDeploymentTransaction(name, args);
    const receipt = await publicClient.waitForTransactionReceipt({ hash: deploymentTransaction.hash });
    if (receipt.status !== "success") throw new DeploymentWiringError(`Deploying ${name} reverted.`);
    return { contract, startBlock: Number(receipt.blockNumber) };
  };

  const nonce = BigInt(await publicClient.getTransactionCount({ address: deployer, blockTag: "pending" }));
  const predictedRegistry = getContractAddress({ from: deployer, nonce: nonce + 2n });
  const predictedQuorum = getContractAddress({ from: deployer, nonce: nonce + 3n });
  const verifierRegistry = await deploy("VerifierRegistry", [owner ?? deployer, DEFAULT_MIN_BOND_WEI, predictedQuorum]);
  const ledger = await deploy("ProposalLedger", [
    predictedRegistry,
    verifierRegistry.contract.address,
    commitWindowSeconds,
    predictedQuorum,
    singleReviewAppeals,
  ]);
  const registry = await deploy("ProjectRegistry", [ledger.contract.address]);
  const quorum = await deploy("ReviewQuorum", [
    ledger.contract.address,
    quorumPhases.commitPhaseSeconds,
    quorumPhases.revealPhaseSeconds,
    quorumPhases.appealWindowSeconds,
    quorumPhases.drawDelayBlocks,
  ]);

  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  for (const [name, landed, predicted] of [
    ["ProjectRegistry", registry.contract.address, predictedRegistry],
    ["ReviewQuorum", quorum.contract.address, predictedQuorum],
  ] as const) {
    if (!same(landed, predicted)) {
      throw new DeploymentWiringError(
        `${name} landed at ${landed}, not at the predicted ${predicted}: another transaction from the deployer interleaved. Deploy again.`,
      );
    }
  }
  const [ledgerRegistry, ledgerVerifiers, registryLedger, implementation] = await Promise.all([
    ledger.contract.read.registry(),
    ledger.contract.read.verifierRegistry(),
    registry.contract.read.proposalLedger(),
    registry.contract.read.tokenImplementation(),
  ]);
  if (
    !same(ledgerRegistry, registry.contract.address) ||
    !same(registryLedger, ledger.contract.address) ||
    !same(ledgerVerifiers, verifierRegistry.contract.address)
  ) {
    throw new DeploymentWiringError("The ledger, registry and verifier registry do not point at each other.");
  }

  return {
    chainId,
    deployer,
    contracts: {
      VerifierRegistry: { address: getAddress(verifierRegistry.contract.address), startBlock: verifierRegistry.startBlock },
      ProposalLedger: { address: getAddress(ledger.contract.address), startBlock: ledger.startBlock },
      ProjectRegistry: { address: getAddress(registry.contract.address), startBlock: registry.startBlock },
      ReviewQuorum: { address: getAddress(quorum.contract.address), startBlock: quorum.startBlock },
      // The implementation is deployed by the registry's constructor, in the same block.
      ProjectToken: { address: getAddress(implementation as Address), startBlock: registry.startBlock },
    },
  };
}
