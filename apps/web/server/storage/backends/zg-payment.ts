/**
 * Paying for a file's log entry on the 0G flow contract, at most once per root.
 *
 * - One queue per paying key: reading the next nonce, signing and sending happen one upload at a
 *   time, so concurrent uploads never sign the same nonce (waiting for receipts is not queued).
 * - The signed transaction is written down (<dir>/meta/<root>.payment.json) before it is sent. A
 *   later attempt for the same root (a retry, another request, a restarted relay) waits for that
 *   transaction, sends the same signed bytes again if the chain lost them, and pays anew only once
 *   that transaction can no longer land (not known and its nonce used by another) or reverted.
 * - The receipt is checked: success, and a `Submit` event from the flow contract naming the
 *   entry's sequence number. A receipt that does not come in time abandons the upload (504) and
 *   leaves the record, so nothing is paid twice.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { encodeFunctionData, keccak256, parseAbi, parseEventLogs, TransactionNotFoundError, TransactionReceiptNotFoundError } from "viem";
import type { Address, Hex, TransactionReceipt } from "viem";
import { FixedPriceFlow__factory } from "@0gfoundation/0g-ts-sdk";
import type { Root } from "@orm/protocol/storage/root";
import { ensureDir, removeQuietly, writeFileExclusive } from "../fsutil.ts";
import { requireBalance } from "./zg-network.ts";
import type { Payer } from "./zg-network.ts";
import { rpcMessageOf } from "./zg-rpc.ts";
import { ZgNetworkUnavailableError, ZgPaymentFailedError, ZgPaymentPendingError } from "./zg-errors.ts";
import { pollUntil } from "./zg-wait.ts";

const FLOW_ABI = FixedPriceFlow__factory.abi;
/** The one call the relay makes on the flow's market contract (the SDK's FixedPrice market; its factory is not exported). */
const MARKET_ABI = parseAbi(["function pricePerSector() view returns (uint256)"]);

/** The flow contract's `Submission`, as `ZgFile.createSubmission` builds it. */
export type Submission = {
  data: { length: number; tags: string; nodes: { root: string; height: number }[] };
  submitter: string;
};

export type PaymentRecord = { root: Root; txHash: Hex; nonce: number; from: Address; raw: Hex };

export type PayParameters = {
  root: Root;
  submission: Submission;
  flowAddress: Address;
  payer: Payer;
  /** Where payment records live (the backend's meta folder) and its temp folder. */
  metaDir: string;
  tmpDir: string;
  /** Aborts when the upload's time is up. */
  signal: AbortSignal;
  timeoutMs: number;
};

export type Payment = { txHash: Hex; txSeq: number };

const QUEUES_KEY = Symbol.for("open-research-market.storage.zg-payment-queues");

/** Runs `work` after every earlier `work` of the same key has settled. */
function queueFor<T>(key: string, work: () => Promise<T>): Promise<T> {
  const holder = globalThis as unknown as Record<symbol, Map<string, Promise<unknown>> | undefined>;
  const queues = (holder[QUEUES_KEY] ??= new Map());
  const previous = queues.get(key) ?? Promise.resolve();
  const result = previous.then(work, work);
  const tail = result.then(
    () => {},
    () => {},
  );
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return result;
}

export function paymentRecordPath(metaDir: string, root: Root): string {
  return join(metaDir, `${root}.payment.json`);
}

async function readRecord(path: string): Promise<PaymentRecord | null> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as PaymentRecord;
  } catch {
    return null;
  }
}

/** The fee the flow contract charges: one price per sector (256 bytes) of every submitted node (the SDK's `calculatePrice`). */
function feeOf(submission: Submission, pricePerSector: bigint): bigint {
  const sectors = submission.data.nodes.reduce((sum, node) => sum + (1n << BigInt(node.height)), 0n);
  return sectors * pricePerSector;
}

async function getReceipt(payer: Payer, hash: Hex): Promise<TransactionReceipt | null> {
  try {
    return await payer.publicClient.getTransactionReceipt({ hash });
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) return null;
    throw error;
  }
}

async function isKnown(payer: Payer, hash: Hex): Promise<boolean> {
  try {
    await payer.publicClient.getTransaction({ hash });
    return true;
  } catch (error) {
    if (error instanceof TransactionNotFoundError) return false;
    throw error;
  }
}

function isInsufficientFunds(error: unknown): boolean {
  return /insufficient funds/i.test(rpcMessageOf(error));
}

/**
 * What to do about an earlier payment for this root: its receipt, "wait" (still able to land;
 * its signed bytes were sent again in case the chain lost them), or "gone" (can never land).
 */
async function settleEarlier(record: PaymentRecord, payer: Payer): Promise<TransactionReceipt | "wait" | "gone"> {
  const receipt = await getReceipt(payer, record.txHash);
  if (receipt) return receipt;
  if (await isKnown(payer, record.txHash)) return "wait";
  const mined = await payer.publicClient.getTransactionCount({ address: record.from, blockTag: "latest" });
  if (mined > record.nonce) return "gone";
  // Lost before it was mined (never reached the node, or evicted): the same bytes, the same nonce.
  await payer.publicClient.sendRawTransaction({ serializedTransaction: record.raw }).catch(() => {});
  return "wait";
}

/** Signs a submission at the key's next nonce and records it; the caller sends it. */
async function signPayment(parameters: PayParameters): Promise<PaymentRecord> {
  const { payer, submission, flowAddress, root } = parameters;
  const market = await payer.publicClient.readContract({ address: flowAddress, abi: FLOW_ABI, functionName: "market" });
  const pricePerSector = await payer.publicClient.readContract({ address: market, abi: MARKET_ABI, functionName: "pricePerSector" });
  const fee = feeOf(submission, pricePerSector);
  await requireBalance(payer, fee);
  const nonce = await payer.publicClient.getTransactionCount({ address: payer.account.address, blockTag: "pending" });
  const data = encodeFunctionData({
    abi: FLOW_ABI,
    functionName: "submit",
    args: [
      {
        data: {
          length: BigInt(submission.data.length),
          tags: submission.data.tags as Hex,
          nodes: submission.data.nodes.map((node) => ({ root: node.root as Hex, height: BigInt(node.height) })),
        },
        submitter: submission.submitter as Address,
      },
    ],
  });
  const request = await payer.walletClient
    .prepareTransactionRequest({ account: payer.account, chain: payer.chain, to: flowAddress, data, value: fee, nonce })
    .catch((error: unknown) => {
      if (isInsufficientFunds(error)) throw noFunds(payer, error);
      throw error;
    });
  const raw = await payer.walletClient.signTransaction({ ...request, account: payer.account, chain: payer.chain } as never);
  return { root, txHash: keccak256(raw), nonce, from: payer.account.address, raw };
}

function noFunds(payer: Payer, error: unknown): ZgNetworkUnavailableError {
  return new ZgNetworkUnavailableError(
    `The relay's 0G account ${payer.account.address} cannot pay for this upload (${rpcMessageOf(error).split("\n")[0].slice(0, 160)}); fund it or set ZG_PRIVATE_KEY to a funded key.`,
  );
}

/**
 * Makes sure the log entry for `root` is paid for exactly once and returns its transaction and
 * sequence number. Throws ZgPaymentPendingError (504) when the payment is not mined before
 * `signal` aborts; the record stays, so a later attempt waits for it instead of paying again.
 */
export async function payForLogEntry(parameters: PayParameters): Promise<Payment> {
  const { payer, root, metaDir, tmpDir, signal } = parameters;
  const recordPath = paymentRecordPath(metaDir, root);
  await ensureDir(metaDir);
  const record = await queueFor(payer.account.address, async (): Promise<PaymentRecord> => {
    for (;;) {
      signal.throwIfAborted();
      const earlier = await readRecord(recordPath);
      if (earlier) {
        if ((await settleEarlier(earlier, payer)) !== "gone") return earlier;
        await removeQuietly(recordPath);
        continue;
      }
      const fresh = await signPayment(parameters);
      // Written before it is sent: whoever finds it (a retry, another process) waits for this payment.
      if (!(await writeFileExclusive(recordPath, `${JSON.stringify(fresh, null, 2)}\n`, tmpDir))) continue;
      try {
        await payer.publicClient.sendRawTransaction({ serializedTransaction: fresh.raw });
      } catch (error) {
        // Refused outright (not merely unanswered): nothing can land, so forget it.
        if (!/timed? ?out|took too long|fetch failed|network/i.test(rpcMessageOf(error))) await removeQuietly(recordPath);
        if (isInsufficientFunds(error)) throw noFunds(payer, error);
        throw error;
      }
      return fresh;
    }
  });
  const receipt = await pollUntil(() => getReceipt(payer, record.txHash), signal, 250, 3_000).catch((error: unknown) => {
    if (signal.aborted) throw new ZgPaymentPendingError(root, record.txHash, Math.round(parameters.timeoutMs / 1000));
    throw error;
  });
  if (receipt.status !== "success") {
    await removeQuietly(recordPath);
    throw new ZgPaymentFailedError(record.txHash, "reverted");
  }
  const submits = parseEventLogs({ abi: FLOW_ABI, logs: receipt.logs, eventName: "Submit" }).filter(
    (log) => log.address.toLowerCase() === parameters.flowAddress.toLowerCase(),
  );
  if (submits.length !== 1) throw new ZgPaymentFailedError(record.txHash, "was mined without a Submit event from the flow contract");
  return { txHash: record.txHash, txSeq: Number(submits[0].args.submissionIndex) };
}

/** Forgets a root's payment once its file is stored (finalized): nothing is left to wait for. */
export function forgetPayment(metaDir: string, root: Root): Promise<void> {
  return removeQuietly(paymentRecordPath(metaDir, root));
}
