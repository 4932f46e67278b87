import { createRequire } from "node:module";
import hardhatKeystore from "@nomicfoundation/hardhat-keystore";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import hardhatViemAssertions from "@nomicfoundation/hardhat-viem-assertions";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/** The public RPC of 0G Galileo (chain 16602); override with GALILEO_RPC_URL. */
const GALILEO_PUBLIC_RPC = "https://evmrpc-testnet.0g.ai";

export default defineConfig({
  plugins: [
    hardhatNodeTestRunner,
    hardhatKeystore,
    hardhatNetworkHelpers,
    hardhatViem,
    hardhatViemAssertions,
  ],
  solidity: {
    // The npm `solc` package (WASM) is the compiler: nothing is downloaded. Hardhat does not check
    // `version` against a `path`, so keep it equal to the installed solc.
    version: "0.8.37",
    path: require.resolve("solc/soljson.js"),
    settings: {
      evmVersion: "cancun",
      viaIR: true,
      optimizer: { enabled: true, runs: 10_000 },
    },
  },
  paths: {
    tests: { solidity: "./test", nodejs: "./test" },
  },
  test: {
    solidity: {
      fuzz: { runs: 512 },
      invariant: { runs: 64, depth: 48, failOnRevert: false },
    },
  },
  networks: {
    default: {
      type: "edr-simulated",
      chainType: "l1",
      hardfork: "cancun",
      // Coverage instrumentation inflates bytecode past EIP-170; test/abi.test.ts checks the real
      // artifacts against the 24,576-byte limit instead.
      allowUnlimitedContractSize: true,
    },
    // What `hardhat node` serves (the local stack's chain): real size limits. `npm start` starts it in
    // the past (LOCAL_CHAIN_START_DATE) so the seeded history ends at the present.
    node: {
      type: "edr-simulated",
      chainType: "l1",
      hardfork: "cancun",
      ...(process.env.LOCAL_CHAIN_START_DATE ? { initialDate: process.env.LOCAL_CHAIN_START_DATE } : {}),
    },
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.LOCAL_RPC_URL ?? "http://127.0.0.1:8545",
    },
    galileo: {
      type: "http",
      chainType: "l1",
      chainId: 16602,
      url: process.env.GALILEO_RPC_URL ?? GALILEO_PUBLIC_RPC,
      // From `npx hardhat keystore set GALILEO_DEPLOYER_KEY` or the env variable of the same name.
      accounts: [configVariable("GALILEO_DEPLOYER_KEY")],
    },
  },
});
