// A call → the change a relay holds (pure but for its id and time): the input copied as JSON, checked
// by every configured destination (bad input throws before anything is sent or written), the
// destinations that have an API for it, and the keys that order its delivery. Shared by the
// in-process relay (create-relay.ts) and the relay on Redis (redis/redis-relay.ts).
import { randomUUID } from 'node:crypto';
import { describeChange, jsonCopy, orderingOf, readCustomer } from './change.js';
import type { Entry } from './entry.js';
import { RelayInputError } from './errors.js';
import type { RelayTarget } from './targets/target.js';
import type { ChangeKind, DestinationName, DestinationResult, RelayOutcome } from './types.js';

/** What every destination needs of a change before any looks at it (an erasure names someone). */
const GENERAL_CHECKS: Partial<Record<ChangeKind, (value: Record<string, unknown>) => string[]>> = {
  delete(value) {
    const { customer, problems } = readCustomer(value);
    if (customer.id === undefined && customer.email === undefined && problems.length === 0)
      return ['id and email are missing: give the customer’s id, e-mail or both'];
    return problems;
  },
};

export interface Accepted {
  entry: Entry;
  /** One result per destination, in the order of the destination table (`unsupported` where there is no API). */
  outcome(of: (name: DestinationName) => DestinationResult): RelayOutcome;
}

/** @throws RelayInputError naming every field a configured destination needs and the change lacks. */
export function acceptChange(targets: readonly RelayTarget[], kind: ChangeKind, input: unknown, seq: number): Accepted {
  const { value, text } = jsonCopy(kind, input);
  const general = GENERAL_CHECKS[kind]?.(value) ?? [];
  if (general.length > 0) throw new RelayInputError(kind, describeChange(kind, value), { input: general });
  const unsupported: RelayOutcome['results'] = {};
  const problems: Partial<Record<DestinationName, string[]>> = {};
  const to: DestinationName[] = [];
  for (const target of targets) {
    const verdict = target.check(kind, value);
    if ('problems' in verdict) problems[target.name] = verdict.problems;
    else if ('unsupported' in verdict)
      unsupported[target.name] = { status: 'unsupported', reason: verdict.unsupported, retried: 0 };
    else to.push(target.name);
  }
  if (Object.keys(problems).length > 0) throw new RelayInputError(kind, describeChange(kind, value), problems);
  const entry: Entry = {
    id: randomUUID(),
    seq,
    kind,
    value,
    text,
    acceptedAt: Date.now(),
    to,
    done: {},
    facts: [],
    lastError: {},
    ...orderingOf(kind, value),
  };
  return {
    entry,
    outcome(of) {
      const results: RelayOutcome['results'] = {};
      for (const target of targets) results[target.name] = unsupported[target.name] ?? of(target.name);
      return { id: entry.id, kind, results };
    },
  };
}
