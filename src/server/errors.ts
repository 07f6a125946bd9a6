// The typed errors of the Node side. Messages say what was wrong and what to do; they never carry
// an API secret, a token or a token's plaintext.

/** Base class of every error cartbeacon's Node code throws on purpose. */
export class CartbeaconError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An identity token could not be made, read or verified. */
export class TokenError extends CartbeaconError {}

/** A batch could not be signed or delivered, or a history sync could not start or go on. */
export class SyncError extends CartbeaconError {
  /** The HTTP status that caused the error, when there was one. */
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}
