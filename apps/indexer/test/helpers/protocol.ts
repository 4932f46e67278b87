/**
 * The protocol on a throwaway Hardhat node, driven through the contracts' own functions: deploy
 * (with the root's deploy library), then create projects, trade, submit, review and settle.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  createPublicClient,
  createWalletClient,
  http,
  keccak256,
  toHex,
  type Address,
  type Hex,
  type PublicClient,
  type WalletClient,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import {
  projectRegistryAbi,
  projectTokenAbi,
  proposalLedgerAbi,
  reviewQuorumAbi,
  verifierRegistryAbi,
} from "@orm/protocol/generated/abis";
import { createArtifactDeployer } from "@orm/scripts/lib/artifactDeployer";
import { deployProtocol } from "@orm/scripts/lib/deployProtocol";

const MNEMONIC = "test test test test test test test test test test test junk";
const FAR = 2n ** 63n;

export type Protocol = Awaited<ReturnType<typeof deployTestProtocol>>;

/** Coverage runs (`hardhat test --coverage`) leave instrumented, oversized bytecode in artifacts/. */
export async function checkArtifacts(): Promise<void> {
  const file = path.resolve(import.meta.dirname, "../../../../artifacts/contracts/ProposalLedger.sol/ProposalLedger.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new Error("artifacts/ is missing: run `npx hardhat build` at the repository root first.");
  }
  if (text.includes("c0bec0bec0bec0bec0bec0bec0bec0bec0bec0be")) {
    throw new Error("artifacts/ holds coverage-instrumented bytecode: run `npx hardhat build` at the repository root first.");
  }
}

export async function deployTestProtocol(rpcUrl: string, dir: string) {
  await checkArtifacts();
  const transport = http(rpcUrl, { batch: false });
  const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 50 }) as PublicClient;
  const accounts = Array.from({ length: 14 }, (_, i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }));
  const wallets = accounts.map((account) => createWalletClient({ account, chain: hardhat, transport }));
  // The deployments' shape: a single reviewer's verdict waits out the appeal window (SINGLE_REVIEW_APPEALS on).
  const deployment = await deployProtocol(createArtifactDeployer(publicClient, wallets[0] as WalletClient), undefined, 0n);
  const deploymentFile = path.join(dir, "deployment.json");
  await writeFile(
    deploymentFile,
    JSON.stringify({ network: "test", deployedAt: new Date().toISOString(), ...deployment }, null, 2),
  );
  const registry = deployment.contracts.ProjectRegistry.address;
  const ledger = deployment.contracts.ProposalLedger.address;
  const verifiers = deployment.contracts.VerifierRegistry.address;
  const quorum = deployment.contracts.ReviewQuorum.address;

  const send = async (hash: Hex) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`Transaction ${hash} reverted.`);
    return receipt;
  };
  const w = (i: number) => wallets[i]!;
  const addressOf = (i: number) => accounts[i]!.address;

  const api = {
    publicClient,
    wallets,
    accounts,
    addressOf,
    deployment,
    deploymentFile,
    registry,
    ledger,
    verifiers,
    quorum,
    rpc: (method: string, params: unknown[] = []) => publicClient.request({ method, params } as never),
    async increaseTime(seconds: number) {
      await publicClient.request({ method: "evm_increaseTime", params: [seconds] } as never);
      await publicClient.request({ method: "evm_mine", params: [] } as never);
    },
    async addVerifier(i: number) {
      await send(await w(0).writeContract({ address: verifiers, abi: verifierRegistryAbi, functionName: "addVerifier", args: [addressOf(i)], chain: hardhat, account: accounts[0]! }));
    },
    async removeVerifier(i: number) {
      await send(await w(0).writeContract({ address: verifiers, abi: verifierRegistryAbi, functionName: "removeVerifier", args: [addressOf(i)], chain: hardhat, account: accounts[0]! }));
    },
    async setVerifierMetadata(i: number, name: string) {
      await send(await w(i).writeContract({ address: verifiers, abi: verifierRegistryAbi, functionName: "setVerifierMetadata", args: [name, keccak256(toHex(name))], chain: hardhat, account: accounts[i]! }));
    },
    async postBond(i: number, wei: bigint) {
      await send(await w(i).writeContract({ address: verifiers, abi: verifierRegistryAbi, functionName: "postBond", args: [], value: wei, chain: hardhat, account: accounts[i]! }));
    },
    async requestUnbond(i: number) {
      await send(await w(i).writeContract({ address: verifiers, abi: verifierRegistryAbi, functionName: "requestUnbond", args: [], chain: hardhat, account: accounts[i]! }));
    },
    async withdrawBond(i: number) {
      await send(await w(i).writeContract({ address: verifiers, abi: verifierRegistryAbi, functionName: "withdrawBond", args: [], chain: hardhat, account: accounts[i]! }));
    },
    /** Creates a project; returns its id and token. */
    async createProject(
      i: number,
      options: {
        name: string;
        symbol: string;
        baseline?: bigint;
        lowerIsBetter?: boolean;
        basePrice?: bigint;
        slope?: bigint;
        minerPoolCap?: bigint;
        /** The reward schedule's share of the pool (default all of it) and target (default |baseline|). */
        rewardBps?: number;
        impactTarget?: bigint;
        firstBuy?: bigint;
        parent?: bigint;
        benchmarkSeed?: string;
        /** The protocol artifact's 0G root (default: a hash of the name, which no relay serves). */
        protocolHash?: Hex;
        /** Reviewers per proposal (default 1). */
        reviewQuorum?: number;
      },
    ) {
      const basePrice = options.basePrice ?? 10n ** 15n;
      const slope = options.slope ?? 10n ** 13n;
      const firstBuy = options.firstBuy ?? 0n;
      const value = firstBuy
        ? await publicClient.readContract({ address: registry, abi: projectRegistryAbi, functionName: "quoteFirstBuy", args: [basePrice, slope, firstBuy] })
        : 0n;
      const params = {
        protocolHash: options.protocolHash ?? keccak256(toHex(`protocol:${options.name}`)),
        repoSnapshotHash: keccak256(toHex(`repo:${options.name}`)),
        benchmarkHash: keccak256(toHex(`bench:${options.benchmarkSeed ?? options.name}`)),
        baselineAggregateScore: options.baseline ?? 1_000_000n,
        baselineMetricsHash: keccak256(toHex(`metrics:${options.name}`)),
        tokenName: options.name,
        tokenSymbol: options.symbol,
        basePrice,
        slope,
        minerPoolCap: options.minerPoolCap ?? 10_000n,
        config: {
          lowerIsBetter: options.lowerIsBetter ?? false,
          minImprovement: 0n,
          metricScale: 1_000_000n,
          rewardRule: 2,
          rewardBps: options.rewardBps ?? 10_000,
          impactTarget: options.impactTarget ?? ((options.baseline ?? 1_000_000n) < 0n ? -(options.baseline ?? 1_000_000n) : options.baseline ?? 1_000_000n),
          minStake: 1n,
          hasParent: options.parent !== undefined,
          parentProjectId: options.parent ?? 0n,
          tolerancePpm: 10_000,
          reviewQuorum: options.reviewQuorum ?? 1,
        },
        firstBuyAmount: firstBuy,
      } as const;
      const receipt = await send(
        await w(i).writeContract({ address: registry, abi: projectRegistryAbi, functionName: "createProjectWithConfig", args: [params], value, chain: hardhat, account: accounts[i]! }),
      );
      const id = (await publicClient.readContract({ address: registry, abi: projectRegistryAbi, functionName: "nextProjectId" })) - 1n;
      const token = await publicClient.readContract({ address: registry, abi: projectRegistryAbi, functionName: "tokenOf", args: [id] });
      return { id, token, receipt };
    },
    async buy(i: number, token: Address, amount: bigint) {
      const cost = await publicClient.readContract({ address: token, abi: projectTokenAbi, functionName: "quoteBuyExact", args: [amount] });
      await send(await w(i).writeContract({ address: token, abi: projectTokenAbi, functionName: "buyExact", args: [amount, cost, FAR], value: cost, chain: hardhat, account: accounts[i]! }));
      return cost;
    },
    async sell(i: number, token: Address, amount: bigint) {
      await send(await w(i).writeContract({ address: token, abi: projectTokenAbi, functionName: "sellExact", args: [amount, 0n, FAR], chain: hardhat, account: accounts[i]! }));
    },
    async transfer(i: number, token: Address, to: Address, amount: bigint) {
      await send(await w(i).writeContract({ address: token, abi: projectTokenAbi, functionName: "transfer", args: [to, amount], chain: hardhat, account: accounts[i]! }));
    },
    /** Approves the stake and submits; returns the proposal id. */
    async submit(i: number, projectId: bigint, token: Address, options: { code: string; score: bigint; stake: bigint; recipient?: Address }) {
      await send(await w(i).writeContract({ address: token, abi: projectTokenAbi, functionName: "approve", args: [ledger, options.stake], chain: hardhat, account: accounts[i]! }));
      await send(
        await w(i).writeContract({
          address: ledger,
          abi: proposalLedgerAbi,
          functionName: "submit",
          args: [projectId, keccak256(toHex(`code:${options.code}`)), keccak256(toHex(`log:${options.code}`)), options.score, options.stake, options.recipient ?? "0x0000000000000000000000000000000000000000"],
          chain: hardhat,
          account: accounts[i]!,
        }),
      );
      return (await publicClient.readContract({ address: ledger, abi: proposalLedgerAbi, functionName: "nextProposalId" })) - 1n;
    },
    async claim(i: number, proposalId: bigint) {
      await send(await w(i).writeContract({ address: ledger, abi: proposalLedgerAbi, functionName: "claimReview", args: [proposalId], chain: hardhat, account: accounts[i]! }));
    },
    async release(i: number, proposalId: bigint) {
      await send(await w(i).writeContract({ address: ledger, abi: proposalLedgerAbi, functionName: "releaseReview", args: [proposalId], chain: hardhat, account: accounts[i]! }));
    },
    /** A single reviewer's approve (as reject and supersede): decided, settled after the appeal window (`finalizeAfterAppealWindow`). */
    async approve(i: number, proposalId: bigint, score: bigint) {
      await send(await w(i).writeContract({ address: ledger, abi: proposalLedgerAbi, functionName: "approve", args: [proposalId, score, keccak256(toHex(`m:${proposalId}`))], chain: hardhat, account: accounts[i]! }));
    },
    async reject(i: number, proposalId: bigint) {
      await send(await w(i).writeContract({ address: ledger, abi: proposalLedgerAbi, functionName: "reject", args: [proposalId, keccak256(toHex(`r:${proposalId}`))], chain: hardhat, account: accounts[i]! }));
    },
    async supersede(i: number, proposalId: bigint, score: bigint) {
      await send(await w(i).writeContract({ address: ledger, abi: proposalLedgerAbi, functionName: "supersede", args: [proposalId, score, keccak256(toHex(`s:${proposalId}`))], chain: hardhat, account: accounts[i]! }));
    },
    async expire(i: number, proposalId: bigint) {
      await send(await w(i).writeContract({ address: ledger, abi: proposalLedgerAbi, functionName: "expire", args: [proposalId], chain: hardhat, account: accounts[i]! }));
    },
    async claimReward(i: number, projectId: bigint) {
      await send(await w(i).writeContract({ address: ledger, abi: proposalLedgerAbi, functionName: "claimReward", args: [projectId], chain: hardhat, account: accounts[i]! }));
    },
    /** Requests a quorum review and draws its seats from a block far enough ahead; returns the holders. */
    async seatQuorum(i: number, proposalId: bigint): Promise<Address[]> {
      await send(await w(i).writeContract({ address: quorum, abi: reviewQuorumAbi, functionName: "requestReview", args: [proposalId], chain: hardhat, account: accounts[i]! }));
      return api.drawSeats(i, proposalId);
    },
    /** Mines past the scheduled draw block and draws the round's seats; returns every seat's holder (all rounds). */
    async drawSeats(i: number, proposalId: bigint): Promise<Address[]> {
      const delay = await publicClient.readContract({ address: quorum, abi: reviewQuorumAbi, functionName: "DRAW_DELAY_BLOCKS" });
      for (let n = 0n; n <= delay; n++) await publicClient.request({ method: "evm_mine", params: [] } as never);
      await send(await w(i).writeContract({ address: quorum, abi: reviewQuorumAbi, functionName: "drawSeats", args: [proposalId], chain: hardhat, account: accounts[i]! }));
      const seats = await publicClient.readContract({ address: quorum, abi: reviewQuorumAbi, functionName: "seatsOf", args: [proposalId] });
      return seats.map((seat) => seat.holder);
    },
    /** Appeals a decided review with its bond (`appealBondOf`); returns the bond. */
    async appeal(i: number, proposalId: bigint): Promise<bigint> {
      const bond = await publicClient.readContract({ address: quorum, abi: reviewQuorumAbi, functionName: "appealBondOf", args: [proposalId] });
      await send(await w(i).writeContract({ address: quorum, abi: reviewQuorumAbi, functionName: "appeal", args: [proposalId], value: bond, chain: hardhat, account: accounts[i]! }));
      return bond;
    },
    /**
     * Lets a decided review's appeal window pass (`APPEAL_WINDOW` + 1 s) and finalizes it (by the
     * deployer): a single reviewer's approve, reject or supersede settles only then.
     */
    async finalizeAfterAppealWindow(proposalId: bigint) {
      await api.increaseTime(Number(await publicClient.readContract({ address: quorum, abi: reviewQuorumAbi, functionName: "APPEAL_WINDOW" })) + 1);
      await api.finalize(0, proposalId);
    },
    /** Each listed seat commits its measurement (by its holder's wallet); with `reveal`, then reveals it. */
    async measureSeats(proposalId: bigint, measurements: { seat: number; ran: boolean; score: bigint }[], reveal: boolean) {
      const seats = await publicClient.readContract({ address: quorum, abi: reviewQuorumAbi, functionName: "seatsOf", args: [proposalId] });
      const walletOf = (holder: Address) => {
        const index = accounts.findIndex((account) => account.address.toLowerCase() === holder.toLowerCase());
        if (index < 0) throw new Error(`No test wallet holds seat address ${holder}.`);
        return index;
      };
      const salt = (seat: number) => keccak256(toHex(`salt:${proposalId}:${seat}`));
      const steps = reveal ? (["commit", "reveal"] as const) : (["commit"] as const);
      for (const step of steps) {
        for (const { seat, ran, score } of measurements) {
          const holder = seats[seat]!.holder;
          const index = walletOf(holder);
          if (step === "commit") {
            const commitment = await publicClient.readContract({ address: quorum, abi: reviewQuorumAbi, functionName: "scoreCommitmentOf", args: [proposalId, BigInt(seat), holder, ran, score, salt(seat)] });
            await send(await w(index).writeContract({ address: quorum, abi: reviewQuorumAbi, functionName: "commitScore", args: [proposalId, BigInt(seat), commitment], chain: hardhat, account: accounts[index]! }));
          } else {
            await send(await w(index).writeContract({ address: quorum, abi: reviewQuorumAbi, functionName: "revealScore", args: [proposalId, BigInt(seat), ran, score, salt(seat)], chain: hardhat, account: accounts[index]! }));
          }
        }
      }
    },
    async closeRound(i: number, proposalId: bigint) {
      await send(await w(i).writeContract({ address: quorum, abi: reviewQuorumAbi, functionName: "closeRound", args: [proposalId], chain: hardhat, account: accounts[i]! }));
    },
    async finalize(i: number, proposalId: bigint) {
      await send(await w(i).writeContract({ address: quorum, abi: reviewQuorumAbi, functionName: "finalize", args: [proposalId], chain: hardhat, account: accounts[i]! }));
    },
    async withdrawQuorumPay(i: number) {
      await send(await w(i).writeContract({ address: quorum, abi: reviewQuorumAbi, functionName: "withdraw", args: [], chain: hardhat, account: accounts[i]! }));
    },
    async blockNumber() {
      // never viem's cached number: a test reads it right after the transaction it waits for
      return publicClient.getBlockNumber({ cacheTime: 0 });
    },
  };
  return api;
}
