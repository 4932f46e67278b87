/**
 * The seeded world is verifiable: on a fresh local stack (`node scripts/start.ts`, which seeds it),
 * `research verify` runs every open seeded proposal's benchmark in the sandbox and decides it the
 * way `scripts/seed/world.ts` intends (its `verdict`), as a verifier with no keystore
 * (`--dev-account`, bonded by the seed): the one already under review by the verifier that claimed
 * it, the others by the first seeded verifier. Each decision waits out the appeal window (the local
 * stack's ten minutes, passed on the chain's clock), then `research verify` finalizes it. Approvals
 * record what the sandbox measured (an approval means it reproduced the claim the seed measured,
 * within the project's tolerance), and the queue is empty afterwards.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { createPublicClient, http, type Address, type PublicClient } from "viem";

import { projectRegistryAbi, projectTokenAbi, proposalLedgerAbi, reviewQuorumAbi } from "@orm/protocol/generated/abis";
import { proposalStatus } from "@orm/protocol/generated/constants";
import { readDeployment } from "@orm/protocol/deployments";
import { startLocalStack, type LocalStack } from "@orm/scripts/lib/localStack";
import { WORLD } from "@orm/scripts/seed/world";
import { devAddress, runCli, type CliRun } from "./helpers.ts";

/** The seeded verifiers' dev accounts (`ROLE_INDEX` in scripts/seed.ts). */
const VERIFIER = 5;
const VERIFIER2 = 6;

type Proposal = { projectId: bigint; status: number; reviewer: Address; verifiedAggregateScore: bigint };

let stack: LocalStack | undefined;
let scratch = "";
let client: PublicClient;
let ledger: Address;
let registry: Address;
let quorum: Address;

before(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "cli-seeded-"));
  await mkdir(path.join(scratch, "home"));
  stack = await startLocalStack({ timeoutMs: 540_000 });
  const deployment = await readDeployment("localhost");
  ledger = deployment.contracts.ProposalLedger.address;
  registry = deployment.contracts.ProjectRegistry.address;
  quorum = deployment.contracts.ReviewQuorum.address;
  client = createPublicClient({ transport: http(stack.rpcUrl), pollingInterval: 50 }) as PublicClient;
});

after(async () => {
  await stack?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const read = <T>(address: Address, abi: unknown, functionName: string, args: unknown[] = []) =>
  client.readContract({ address, abi, functionName, args } as never) as Promise<T>;

/** `research <args>` as dev account `index`, with no keystore anywhere. */
function cliAs(index: number, args: string[]): Promise<CliRun> {
  return runCli(["--json", "-q", "--dev-account", String(index), ...args], {
    env: { RESEARCH_RPC_URL: stack!.rpcUrl, RESEARCH_WEB_URL: stack!.webUrl, HOME: path.join(scratch, "home"), RESEARCH_KEYSTORE: undefined, RESEARCH_PASSPHRASE: undefined, RESEARCH_DEV_ACCOUNT: undefined },
  });
}

describe("the seeded world", { timeout: 900_000 }, () => {
  it("research verify decides every open seeded proposal as the seed intends, and finalizes it past the appeal window", async () => {
    // the seeded projects by symbol, and their open proposals
    const projectCount = await read<bigint>(registry, projectRegistryAbi, "nextProjectId");
    const symbols = new Map<bigint, string>();
    for (let id = 0n; id < projectCount; id++) symbols.set(id, await read<string>(await read<Address>(registry, projectRegistryAbi, "tokenOf", [id]), projectTokenAbi, "symbol"));
    const proposalCount = await read<bigint>(ledger, proposalLedgerAbi, "nextProposalId");
    const open: Array<Proposal & { id: bigint }> = [];
    for (let id = 0n; id < proposalCount; id++) {
      const proposal = await read<Proposal>(ledger, proposalLedgerAbi, "getProposal", [id]);
      if (proposal.status === proposalStatus.Submitted || proposal.status === proposalStatus.Reviewing) open.push({ ...proposal, id });
    }

    const intended = WORLD.flatMap((project) => project.proposals.filter((p) => p.outcome === "open" || p.outcome === "reviewing").map((proposal) => ({ project, proposal })));
    assert.equal(open.length, intended.length, "one open proposal on chain for each open or reviewing one in the world");
    assert.ok(intended.some(({ proposal }) => proposal.verdict === "approve") && intended.some(({ proposal }) => proposal.verdict === "reject"), "the world has open proposals meant to pass and to fail");
    const overclaims = WORLD.flatMap((project) => project.proposals.filter((proposal) => proposal.claimed !== undefined));
    assert.ok(overclaims.every((proposal) => proposal.outcome === "reject" || proposal.verdict === "reject"), "only proposals meant to fail claim more than their code measures");

    const verifiers = [VERIFIER, VERIFIER2];
    const decided: Array<{ id: bigint; projectId: bigint; verdict: string; measured: bigint; verifier: number }> = [];
    for (const { project, proposal } of intended) {
      // each project leaves at most one proposal open, so the project tells which one it is
      const onChain = open.filter((p) => symbols.get(p.projectId) === project.symbol);
      assert.equal(onChain.length, 1, `${project.symbol}: one open proposal`);
      const [{ id, status, reviewer }] = onChain;
      assert.equal(status, proposal.outcome === "reviewing" ? proposalStatus.Reviewing : proposalStatus.Submitted, `${project.symbol} #${id}: ${proposal.outcome}`);
      const verifier = proposal.outcome === "reviewing" ? verifiers.find((index) => devAddress(index) === reviewer)! : VERIFIER;
      assert.ok(verifier !== undefined, `${project.symbol} #${id} is under review by a seeded verifier`);

      const run = await cliAs(verifier, ["verify", String(id)]);
      assert.equal(run.code, 0, `research verify ${id} (${project.symbol}: ${proposal.label}) failed:\n${run.stdout}\n${run.stderr}`);
      const result = run.json;
      assert.equal(result.decision, proposal.verdict, `${project.symbol} #${id} (${proposal.label}): ${result.reason}; measured ${result.measuredScores.join(", ")}, claimed ${result.claimedScore}, best was ${result.bestBefore}`);
      assert.equal(result.measuredScores.length, project.benchmark.runs);
      // Decided, not settled: the review quorum holds it through the appeal window.
      assert.equal(result.settled, false);
      assert.equal((await read<Proposal>(ledger, proposalLedgerAbi, "getProposal", [id])).reviewer.toLowerCase(), quorum.toLowerCase());
      decided.push({ id, projectId: onChain[0].projectId, verdict: proposal.verdict ?? "", measured: BigInt(result.medianScore), verifier });
    }

    const window = await read<bigint>(quorum, reviewQuorumAbi, "APPEAL_WINDOW");
    await client.request({ method: "evm_increaseTime" as never, params: [Number(window) + 1] as never });
    await client.request({ method: "evm_mine" as never, params: [] as never });
    for (const { id, projectId, verdict, measured, verifier } of decided) {
      const run = await cliAs(verifier, ["verify", String(id)]);
      assert.equal(run.code, 0, `research verify ${id} (finalize) failed:\n${run.stdout}\n${run.stderr}`);
      assert.deepEqual(run.json.actions.map((a: { action: string }) => a.action), ["finalize"]);
      const settled = await read<Proposal>(ledger, proposalLedgerAbi, "getProposal", [id]);
      if (verdict === "approve") {
        assert.equal(settled.status, proposalStatus.Approved);
        assert.equal(settled.verifiedAggregateScore, measured, "the approval records what the sandbox measured");
        const best = await read<{ currentBestAggregateScore: bigint }>(registry, projectRegistryAbi, "getProject", [projectId]);
        assert.equal(best.currentBestAggregateScore, measured);
      } else {
        assert.equal(settled.status, proposalStatus.Rejected);
      }
    }

    const queue = await cliAs(VERIFIER, ["verify", "--list"]);
    assert.deepEqual(queue.json.queue, [], "nothing left to verify");
  });
});
