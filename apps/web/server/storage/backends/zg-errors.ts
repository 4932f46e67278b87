/** The `0g` backend's failures, each a one-sentence answer with the HTTP status the relay gives it. */
import { StorageError } from "@orm/protocol/storage/errors";
import type { Root } from "@orm/protocol/storage/root";

/** A storage error that retrying the same request cannot fix (a payment already made or refused, a misconfigured network). */
export class ZgFinalError extends StorageError {}

export class ZgDownloadCorruptError extends StorageError {
  override name = "ZgDownloadCorruptError";
  constructor(root: string, detail: string) {
    super(`The 0G network returned bytes that are not those of root ${root} (${detail}), so the relay refused them.`, 502);
  }
}

/** The network, as configured, cannot serve the relay: unreachable, the wrong chain, or no money to pay with. */
export class ZgNetworkUnavailableError extends ZgFinalError {
  override name = "ZgNetworkUnavailableError";
  readonly retryAfterSeconds = 60;
  constructor(sentence: string) {
    super(sentence, 503);
  }
}

/** The payment was sent but not mined in time: the relay keeps waiting for it rather than paying again. */
export class ZgPaymentPendingError extends ZgFinalError {
  override name = "ZgPaymentPendingError";
  readonly retryAfterSeconds = 30;
  constructor(root: Root, txHash: string, seconds: number) {
    super(
      `The 0G payment for root ${root} (transaction ${txHash}) was not mined within ${seconds} seconds; the relay will not pay for this root again while it is pending, so retry the upload later.`,
      504,
    );
  }
}

export class ZgPaymentFailedError extends ZgFinalError {
  override name = "ZgPaymentFailedError";
  constructor(txHash: string, problem: string) {
    super(`The 0G payment transaction ${txHash} ${problem}, so the upload was not stored.`, 502);
  }
}

export class ZgFragmentedFileError extends ZgFinalError {
  override name = "ZgFragmentedFileError";
  constructor(size: number, fragmentSize: number) {
    super(`A file of ${size} bytes would be split into 0G fragments of ${fragmentSize} bytes, which the relay does not store; nothing was paid.`, 413);
  }
}

/** The bytes about to be paid for are not the bytes the intent signed: nothing is paid. */
export class ZgRootDisagreementError extends ZgFinalError {
  override name = "ZgRootDisagreementError";
  constructor(what: string, actual: string, root: Root) {
    super(`The 0G SDK computed ${what} ${actual} for bytes whose root is ${root}; nothing was paid.`, 500);
  }
}

export class ZgSizeMismatchError extends ZgFinalError {
  override name = "ZgSizeMismatchError";
  constructor(root: Root, reported: number, stored: number) {
    super(`The 0G network reports ${reported} bytes for root ${root}, but ${stored} bytes were uploaded under it, so the relay refused them.`, 502);
  }
}
