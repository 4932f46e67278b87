/**
 * Compatibility and generation checks on the contracts' interfaces:
 * - every function, event and error of the reference deployment (test/fixtures/reference) exists in
 *   ours with the same name, argument types and names, return types, `indexed` flags and
 *   mutability, so tools written against the reference work against ours;
 * - the committed generated modules (ABIs; enums and constants) equal what the generator makes from
 *   the current artifacts.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";

import type { Abi, AbiParameter } from "viem";

import { ABI_MODULE_TARGET, CONSTANTS_MODULE_TARGET, readArtifactAbi, renderAbiModule, renderConstantsModule } from "../scripts/generate-abis.ts";
import { REPO_ROOT } from "@orm/protocol/deployments";

/** A copy of the reference deployment's published ABIs (interface data only). */
const REFERENCE_DIR = path.join(REPO_ROOT, "test/fixtures/reference");
const NAMES = ["VerifierRegistry", "ProjectRegistry", "ProjectToken", "ProposalLedger"] as const;

/** Types, `indexed` flags and (when `withNames`) names: what decoding by name depends on. */
const shape = (parameters: readonly AbiParameter[] = [], withNames = true): string =>
  parameters
    .map((p) => {
      const components = "components" in p && p.components ? `(${shape(p.components, withNames)})` : "";
      const indexed = "indexed" in p && p.indexed ? " indexed" : "";
      return `${p.type}${components}${indexed}${withNames && p.name ? ` ${p.name}` : ""}`;
    })
    .join(", ");

function describeItem(item: Abi[number]): string | undefined {
  if (item.type === "function") {
    // Argument names do not reach the calldata; return names do shape what viem decodes.
    return `function ${item.name}(${shape(item.inputs, false)}) ${item.stateMutability} returns (${shape(item.outputs)})`;
  }
  if (item.type === "event" || item.type === "error") return `${item.type} ${item.name}(${shape(item.inputs)})`;
  return undefined; // constructors, receive, fallback: not callable by tools
}

describe("reference compatibility", () => {
  for (const name of NAMES) {
    it(`${name} keeps every function, event and error shape of the reference`, async () => {
      const file = path.join(REFERENCE_DIR, `${name}.abi.json`);
      const raw = JSON.parse(await readFile(file, "utf8"));
      const reference: Abi = Array.isArray(raw) ? raw : raw.abi;
      const ours = new Set((await readArtifactAbi(name)).map(describeItem).filter(Boolean));
      const missing = reference.map(describeItem).filter((item) => item && !ours.has(item));
      assert.deepEqual(missing, [], `${name} lacks reference shapes`);
    });
  }
});

describe("generated modules", () => {
  for (const [target, render] of [
    [ABI_MODULE_TARGET, renderAbiModule],
    [CONSTANTS_MODULE_TARGET, renderConstantsModule],
  ] as const) {
    it(`${path.relative(REPO_ROOT, target)} matches the current artifacts (run \`node scripts/generate-abis.ts\` after changing a contract)`, async () => {
      assert.equal(await readFile(target, "utf8"), await render(), `${path.relative(REPO_ROOT, target)} is stale`);
    });
  }
});

describe("contract size", () => {
  // ReviewQuorum has no reference counterpart, but it must deploy too.
  for (const name of [...NAMES, "ReviewQuorum"]) {
    it(`${name}'s runtime code fits the EIP-170 limit of 24,576 bytes`, async (t) => {
      const file = path.join(REPO_ROOT, "artifacts/contracts", `${name}.sol`, `${name}.json`);
      const { deployedBytecode } = JSON.parse(await readFile(file, "utf8"));
      // `hardhat test --coverage` instruments the bytecode (calls to its probe address 0xc0be...).
      if (deployedBytecode.includes("c0bec0bec0bec0bec0bec0bec0bec0bec0bec0be")) return t.skip("instrumented for coverage");
      const size = (deployedBytecode.length - 2) / 2;
      assert.ok(size > 0 && size <= 24_576, `${name} is ${size} bytes`);
    });
  }
});
