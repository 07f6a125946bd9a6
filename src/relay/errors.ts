// The relay's typed errors: bad options or a closed relay (RelayError), and a change that a
// configured destination cannot take (RelayInputError, naming every field at fault per destination).
import { CartbeaconError } from '../server/errors.js';
import { destinationNamed } from '../sync/destinations/table.js';
import type { ChangeKind, DestinationName } from './types.js';

/** A relay could not start (an option is wrong, the outbox is in use) or was used after `close()`. */
export class RelayError extends CartbeaconError {}

/**
 * A change a configured destination cannot take as it is: nothing was sent or written. `problems`
 * lists, per destination, the same field problems the history sync names for that destination.
 */
export class RelayInputError extends RelayError {
  /** Which call it was. */
  readonly kind: ChangeKind;
  /** Every problem, per destination (`input`: wrong for every destination, e.g. not an object). */
  readonly problems: Readonly<Partial<Record<DestinationName | 'input', readonly string[]>>>;

  constructor(kind: ChangeKind, what: string, problems: Partial<Record<DestinationName | 'input', readonly string[]>>) {
    const parts = Object.entries(problems).map(([where, list]) =>
      where === 'input' ? list!.join('; ') : `${destinationNamed(where)?.title ?? where}: ${list!.join('; ')}`,
    );
    super(`${what} cannot be relayed: ${parts.join(' | ')}`);
    this.kind = kind;
    this.problems = problems;
  }
}
