/** The one review attestation schema: what the review screen and the CLI both write. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ATTESTATION_SCHEMA_ID, attestationBytes, createAttestation, parseAttestation } from "../src/attestation.ts";

const VERIFIER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const BASE = { project: 2n, verifier: VERIFIER, metricScale: 1_000_000n } as const;

describe("createAttestation", () => {
  it("writes the core fields as strings and keeps the evidence beside them, bigints included", () => {
    const attestation = createAttestation({
      ...BASE,
      proposal: 7n,
      decision: "approve",
      verifiedScore: 4_954_214n,
      notes: "  reproduced in 3 runs  ",
      evidence: { measuredScores: [4_954_214n, 4_954_100n], logRoot: "0xabc", proposal: "999" },
      writtenAt: new Date("2026-12-06T00:00:00Z"),
    });
    assert.equal(attestation.schema, ATTESTATION_SCHEMA_ID);
    assert.equal(attestation.proposal, "7", "evidence cannot overwrite a core field");
    assert.equal(attestation.verifiedScore, "4954214");
    assert.equal(attestation.notes, "reproduced in 3 runs");
    assert.deepEqual(attestation.measuredScores, ["4954214", "4954100"]);
    assert.equal(attestation.metricsFile, null);
    assert.deepEqual(parseAttestation(attestationBytes(attestation)), attestation);
  });

  it("stores no score with a rejection", () => {
    const attestation = createAttestation({ ...BASE, proposal: 1n, decision: "reject", verifiedScore: 5n, notes: "the claim did not reproduce" });
    assert.equal(attestation.verifiedScore, null);
  });

  it("refuses what is not an attestation, with a sentence", () => {
    assert.throws(
      () => createAttestation({ proposal: 1n, project: 0n, decision: "approve", verifier: "0x12" as never, verifiedScore: 1n, metricScale: 1n, notes: "" }),
      /The verifier is an address/,
    );
    assert.throws(() => parseAttestation(new TextEncoder().encode("{")), /not JSON/);
    assert.throws(() => parseAttestation(new TextEncoder().encode('{"schema":"open-research-market/review@1"}')), /does not match/);
  });
});
