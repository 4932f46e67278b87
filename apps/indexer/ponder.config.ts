/**
 * The indexer's chain, contracts and database, all from the deploy output:
 * - `deployments/<PONDER_NETWORK>.json` (default `localhost`; `PONDER_DEPLOYMENT_FILE` points at any
 *   other file, which is how tests index a throwaway chain) gives the chain id, addresses and start blocks;
 * - `PONDER_RPC_URL` (default http://127.0.0.1:8545) is the node;
 * - project tokens are EIP-1167 clones found through `ProjectRegistry.ProjectCreated`'s `token`;
 * - PGlite under `.data/indexer` (or `PONDER_DATA_DIR`) unless `DATABASE_URL` names a Postgres.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createConfig, factory } from "ponder";
import { getAbiItem, getAddress, type Address } from "viem";

import {
  projectRegistryAbi,
  projectTokenAbi,
  proposalLedgerAbi,
  reviewQuorumAbi,
  verifierRegistryAbi,
} from "@orm/protocol/generated/abis";

const here = path.dirname(fileURLToPath(import.meta.url));
const network = process.env.PONDER_NETWORK ?? "localhost";
if (!/^[a-z0-9_-]+$/i.test(network)) throw new Error(`PONDER_NETWORK "${network}" is not a valid network name.`);
const deploymentFile = process.env.PONDER_DEPLOYMENT_FILE ?? path.resolve(here, "../../deployments", `${network}.json`);

type DeploymentFile = {
  chainId: number;
  contracts: Record<"VerifierRegistry" | "ProposalLedger" | "ProjectRegistry" | "ReviewQuorum", { address: string; startBlock: number }>;
};

function readDeploymentFile(file: string): DeploymentFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new Error(`No deployment at ${file}: deploy the contracts first (npm run deploy:localhost at the root).`);
  }
  const deployment = JSON.parse(text) as DeploymentFile;
  for (const name of ["VerifierRegistry", "ProposalLedger", "ProjectRegistry", "ReviewQuorum"] as const) {
    const entry = deployment.contracts?.[name];
    if (!entry?.address || typeof entry.startBlock !== "number") throw new Error(`${file} lacks ${name}.`);
  }
  return deployment;
}

const deployment = readDeploymentFile(deploymentFile);
const contract = (name: keyof DeploymentFile["contracts"]) => ({
  address: getAddress(deployment.contracts[name].address) as Address,
  startBlock: deployment.contracts[name].startBlock,
});
const registry = contract("ProjectRegistry");
const isLocal = deployment.chainId === 31337 || deployment.chainId === 1337;

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: process.env.PONDER_DATA_DIR ?? path.resolve(here, ".data/indexer") },
  ordering: "omnichain",
  chains: {
    [network]: {
      id: deployment.chainId,
      rpc: process.env.PONDER_RPC_URL ?? "http://127.0.0.1:8545",
      // A local chain restarts from scratch with the same block numbers: never trust a cached response.
      disableCache: isLocal,
      pollingInterval: Number(process.env.PONDER_POLLING_INTERVAL ?? (isLocal ? 250 : 1_000)),
    },
  },
  contracts: {
    ProjectRegistry: { abi: projectRegistryAbi, chain: network, ...registry },
    ProposalLedger: { abi: proposalLedgerAbi, chain: network, ...contract("ProposalLedger") },
    VerifierRegistry: { abi: verifierRegistryAbi, chain: network, ...contract("VerifierRegistry") },
    ReviewQuorum: { abi: reviewQuorumAbi, chain: network, ...contract("ReviewQuorum") },
    ProjectToken: {
      abi: projectTokenAbi,
      chain: network,
      address: factory({
        address: registry.address,
        event: getAbiItem({ abi: projectRegistryAbi, name: "ProjectCreated" }),
        parameter: "token",
      }),
      startBlock: registry.startBlock,
    },
  },
});
