/**
 * A `HardhatViem`-shaped deployer over plain viem clients and the Hardhat artifacts, for code that
 * runs outside the Hardhat runtime (the local stack, the indexer's tests, benchmarks) but deploys
 * the same way `scripts/deploy.ts` does.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getContract, type Abi, type Address, type Hex, type PublicClient, type WalletClient } from "viem";

import type { HardhatViem } from "./deployProtocol.ts";
import { REPO_ROOT } from "@orm/protocol/deployments";

export async function readArtifact(name: string): Promise<{ abi: Abi; bytecode: Hex }> {
  const file = path.join(REPO_ROOT, "artifacts/contracts", `${name}.sol`, `${name}.json`);
  const artifact = JSON.parse(await readFile(file, "utf8"));
  return { abi: artifact.abi, bytecode: artifact.bytecode };
}

export function createArtifactDeployer(publicClient: PublicClient, walletClient: WalletClient): HardhatViem {
  return {
    getPublicClient: async () => publicClient,
    getWalletClients: async () => [walletClient],
    async sendDeploymentTransaction(name, args = []) {
      const { abi, bytecode } = await readArtifact(name);
      const hash = await walletClient.deployContract({
        abi,
        bytecode,
        args: args as unknown[],
        account: walletClient.account!,
        chain: walletClient.chain,
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      const address = receipt.contractAddress as Address;
      const contract = getContract({ abi, address, client: publicClient }) as unknown as {
        address: Address;
        read: Record<string, (...a: any[]) => Promise<any>>;
      };
      return { contract, deploymentTransaction: { hash } };
    },
  };
}
