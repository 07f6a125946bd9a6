// The error of the destination mappers: one message naming every missing or invalid field of an order.
import { CartbeaconError } from '../server/errors.js';

/** An order cannot be mapped for a destination; `problems` lists every field at fault. */
export class DestinationError extends CartbeaconError {
  /** The destination the order was mapped for. */
  readonly destination: string;
  /** The order's id when it had a readable one. */
  readonly orderId: string | undefined;
  /** One entry per field, e.g. `items[1].url is missing: …`. */
  readonly problems: readonly string[];

  constructor(destination: string, orderId: string | undefined, problems: readonly string[]) {
    super(
      `order ${orderId === undefined ? '(no id)' : JSON.stringify(orderId)} cannot be sent to ${destination}: ${problems.join('; ')}`,
    );
    this.destination = destination;
    this.orderId = orderId;
    this.problems = problems;
  }
}

/** The reason a mapper refused an order, for a rejects file or a result; other errors are bugs and rethrown. */
export function reasonOf(error: unknown): { reason: string } {
  if (error instanceof DestinationError) return { reason: error.message };
  throw error;
}
