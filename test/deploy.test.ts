/**
 * The deploy path: deploy and wire on an in-process EVM, write a deployments file, read it back
 * and call the contracts at the addresses it names.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { getAddress } from "viem";

import { DEFAULT_COMMIT_WINDOW_SECONDS, deployProtocol, type HardhatViem } from "../scripts/lib/deployProtocol.ts";
import { parseDeployment } from "@orm/protocol/deployments";
import { proposalLedgerConstants, verifierRegistryConstants } from "@orm/protocol/generated/constants";

describe("deployProtocol", async () => {
  const { viem } = await network.getOrCreate();

  it("deploys wired contracts whose recorded addresses and blocks can be read back and called", async () => {
    const result = await deployProtocol(viem as unknown as HardhatViem);
    const dir = await mkdtemp(path.join(tmpdir(), "deploy-"));
    try {
      const file = path.join(dir, "hardhat.json");
      const { writeFile } = await import("node:fs/promises");
      await writeFile(file, JSON.stringify({ network: "hardhat", deployedAt: "", ...result }));
      const deployment = parseDeployment(JSON.parse(await readFile(file, "utf8")), file);

      const registry = await viem.getContractAt("ProjectRegistry", deployment.contracts.ProjectRegistry.address);
      const ledger = await viem.getContractAt("ProposalLedger", deployment.contracts.ProposalLedger.address);
      assert.equal(getAddress(await registry.read.proposalLedger()), deployment.contracts.ProposalLedger.address);
      assert.equal(getAddress(await ledger.read.registry()), deployment.contracts.ProjectRegistry.address);
      assert.equal(getAddress(await registry.read.tokenImplementation()), deployment.contracts.ProjectToken.address);
      assert.equal(await registry.read.nextProjectId(), 0n);

      // The generated constants (read from the compiler's AST) are what the deployed code returns.
      const verifiers = await viem.getContractAt("VerifierRegistry", deployment.contracts.VerifierRegistry.address);
      assert.equal(await ledger.read.REVIEW_LOCK(), proposalLedgerConstants.REVIEW_LOCK);
      assert.equal(await ledger.read.COMMIT_WINDOW(), DEFAULT_COMMIT_WINDOW_SECONDS, "a real deployment's commit window");
      assert.equal(await ledger.read.SINGLE_REVIEW_APPEALS(), true, "a single reviewer's verdict is appealable on a real deployment");
      assert.equal(await ledger.read.EXPIRY_WINDOW(), proposalLedgerConstants.EXPIRY_WINDOW);
      assert.equal(BigInt(await ledger.read.SLASH_BPS_TO_BURN()), proposalLedgerConstants.SLASH_BPS_TO_BURN);
      assert.equal(BigInt(await ledger.read.SLASH_BPS_TO_VERIFIER_POOL()), proposalLedgerConstants.SLASH_BPS_TO_VERIFIER_POOL);
      assert.equal(BigInt(await ledger.read.BPS_DENOMINATOR()), proposalLedgerConstants.BPS_DENOMINATOR);
      assert.equal(await verifiers.read.MAX_DISPLAY_NAME_BYTES(), verifierRegistryConstants.MAX_DISPLAY_NAME_BYTES);

      const publicClient = await viem.getPublicClient();
      for (const [name, { address, startBlock }] of Object.entries(deployment.contracts)) {
        const before = await publicClient.getCode({ address, blockNumber: BigInt(startBlock - 1) });
        const after = await publicClient.getCode({ address, blockNumber: BigInt(startBlock) });
        assert.ok(!before || before === "0x", `${name} has no code before its start block`);
        assert.ok(after && after !== "0x", `${name} has code at its start block`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a deployments file that lacks a contract", () => {
    assert.throws(
      () => parseDeployment({ network: "x", chainId: 1, contracts: { VerifierRegistry: { address: "0x0000000000000000000000000000000000000001", startBlock: 1 } } }, "x.json"),
      /x\.json lacks ProposalLedger/,
    );
  });
});
