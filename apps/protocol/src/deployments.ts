/**
 * Reading and writing `deployments/<network>.json`: the chain id, and each contract's address and
 * the block it was deployed in (where an indexer starts). One shape for the deploy script, the
 * local stack, the indexer, the CLI and the tests. Node only (it reads and writes files); the
 * browser gets addresses from the generated `generated/deployments` module instead.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getAddress, type Address } from "viem";

export const CONTRACT_NAMES = ["VerifierRegistry", "ProposalLedger", "ProjectRegistry", "ProjectToken", "ReviewQuorum"] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

export type DeployedContract = { address: Address; startBlock: number };

export type Deployment = {
  network: string;
  chainId: number;
  deployer: Address;
  deployedAt: string;
  /** `ProjectToken` is the implementation every project token clones. */
  contracts: Record<ContractName, DeployedContract>;
};

/** The repository's root: this package lives at `apps/protocol/src/` in it, beside `deployments/`. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const DEPLOYMENTS_DIR = path.join(REPO_ROOT, "deployments");

export function getDeploymentPath(network: string): string {
  if (!/^[a-z0-9_-]+$/i.test(network)) throw new Error(`"${network}" is not a valid network name.`);
  return path.join(DEPLOYMENTS_DIR, `${network}.json`);
}

/** The commands that write `deployments/<network>.json` (the README's "Deploying"). */
export function howToDeploy(network: string): string {
  if (network === "localhost") return "Deploy first: `npm start` does it, or `npm run deploy:localhost` against a running `npm run node`.";
  return (
    `Deploy first: set the deployer's key once with \`npx hardhat keystore set GALILEO_DEPLOYER_KEY\` (or export GALILEO_DEPLOYER_KEY), ` +
    `then run \`npx hardhat run --network ${network} scripts/deploy.ts\` (GALILEO_RPC_URL overrides the RPC); see "Deploying" in the README.`
  );
}

/** Reads and checks `deployments/<network>.json`; a missing or malformed file is an error that says which. */
export async function readDeployment(network: string): Promise<Deployment> {
  const file = getDeploymentPath(network);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new Error(`No deployment for "${network}": ${path.relative(REPO_ROOT, file)} does not exist. ${howToDeploy(network)}`);
  }
  return parseDeployment(JSON.parse(text), file);
}

export function parseDeployment(value: unknown, source = "deployment"): Deployment {
  const d = value as Partial<Deployment>;
  if (typeof d?.chainId !== "number" || typeof d.network !== "string" || typeof d.contracts !== "object") {
    throw new Error(`${source} is not a deployment file (chainId, network and contracts are required).`);
  }
  const contracts = {} as Record<ContractName, DeployedContract>;
  for (const name of CONTRACT_NAMES) {
    const entry = (d.contracts as Record<string, Partial<DeployedContract>>)[name];
    if (!entry?.address || typeof entry.startBlock !== "number") {
      throw new Error(`${source} lacks ${name} (address and startBlock).`);
    }
    contracts[name] = { address: getAddress(entry.address), startBlock: entry.startBlock };
  }
  return {
    network: d.network,
    chainId: d.chainId,
    deployer: getAddress(d.deployer ?? "0x0000000000000000000000000000000000000000"),
    deployedAt: d.deployedAt ?? "",
    contracts,
  };
}

/** Writes the file atomically (temp file, then rename), so a reader never sees half of it. */
export async function writeDeployment(deployment: Deployment): Promise<string> {
  const file = getDeploymentPath(deployment.network);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(deployment, null, 2)}\n`);
  await rename(temp, file);
  return file;
}
