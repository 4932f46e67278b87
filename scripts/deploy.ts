/**
 * `npx hardhat run --network <localhost|galileo> scripts/deploy.ts`: deploys and wires the protocol,
 * writes `deployments/<network>.json`, then regenerates the typed ABI and address modules so the
 * app and the indexer are current after one command.
 */
import { network } from "hardhat";

import { deployProtocol, type HardhatViem } from "./lib/deployProtocol.ts";
import { writeDeployment } from "@orm/protocol/deployments";
import { generateContractModules } from "./generate-abis.ts";

const connection = await network.getOrCreate();
const result = await deployProtocol(connection.viem as unknown as HardhatViem);
const file = await writeDeployment({
  network: connection.networkName,
  chainId: result.chainId,
  deployer: result.deployer,
  deployedAt: new Date().toISOString(),
  contracts: result.contracts,
});
await generateContractModules();

console.log(`Deployed to ${connection.networkName} (chain ${result.chainId}) by ${result.deployer}:`);
for (const [name, { address, startBlock }] of Object.entries(result.contracts)) {
  console.log(`  ${name.padEnd(17)} ${address}  (block ${startBlock})`);
}
console.log(`Wrote ${file}`);
