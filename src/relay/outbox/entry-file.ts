// One change in the outbox as a file, `changes/<seq>.json` (pure): what was accepted, where it goes,
// each destination's final result, and what its requests taught. Read back with every field checked.
import { isPlainObject } from '../../server/user-data.js';
import { DESTINATIONS } from '../../sync/destinations/table.js';
import { orderingOf } from '../change.js';
import type { Entry } from '../entry.js';
import type { Fact } from '../memory.js';
import type { ChangeKind, DestinationName } from '../types.js';

const KINDS: readonly ChangeKind[] = ['order', 'customer', 'delete'];
const NAMES = new Set<string>(DESTINATIONS.map((d) => d.name));
const STATUSES = new Set(['sent', 'rejected', 'failed']);
/** Sequence numbers padded so file names sort in acceptance order. */
const SEQ_DIGITS = 12;

export function entryFileName(seq: number): string {
  return `${String(seq).padStart(SEQ_DIGITS, '0')}.json`;
}

/** The sequence number of an entry file's name; undefined for any other file. */
export function seqOfFileName(name: string): number | undefined {
  const match = /^(\d+)\.json$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

export function serializeEntry(entry: Entry): string {
  const { id, seq, kind, acceptedAt, text, to, done, facts } = entry;
  return JSON.stringify({ version: 1, id, seq, kind, acceptedAt, to, done, facts, text });
}

function isFact(value: unknown): value is Fact {
  if (!isPlainObject(value)) return false;
  if (typeof value.forget === 'string') return true;
  return typeof value.set === 'string' && typeof value.value === 'string';
}

/** An entry from its file's text, or what is wrong with it. */
export function parseEntry(text: string): Entry | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not readable JSON' };
  }
  if (!isPlainObject(value) || value.version !== 1) return { problem: 'not a cartbeacon relay outbox entry' };
  const { id, seq, kind, acceptedAt, to, done, facts } = value;
  if (typeof id !== 'string' || id === '') return { problem: 'id must be text' };
  if (!Number.isSafeInteger(seq)) return { problem: 'seq must be a whole number' };
  if (!KINDS.includes(kind as ChangeKind)) return { problem: `kind must be one of ${KINDS.join(', ')}` };
  if (typeof acceptedAt !== 'number') return { problem: 'acceptedAt must be epoch ms' };
  if (typeof value.text !== 'string') return { problem: 'text must be the change as JSON text' };
  if (!Array.isArray(to) || !to.every((name) => NAMES.has(name))) return { problem: 'to must list destinations' };
  if (
    !isPlainObject(done) ||
    !Object.entries(done).every(([k, r]) => NAMES.has(k) && isPlainObject(r) && STATUSES.has(String(r.status)))
  )
    return { problem: 'done must hold a result per destination' };
  if (!Array.isArray(facts) || !facts.every(isFact)) return { problem: 'facts must be a list of what was learned' };
  let change: unknown;
  try {
    change = JSON.parse(value.text);
  } catch {
    return { problem: 'text is not readable JSON' };
  }
  if (!isPlainObject(change)) return { problem: 'text must hold a JSON object' };
  return {
    id,
    seq: seq as number,
    kind: kind as ChangeKind,
    acceptedAt,
    text: value.text,
    value: change,
    to: to as DestinationName[],
    done: done as Entry['done'],
    facts: facts as Fact[],
    lastError: {},
    ...orderingOf(kind as ChangeKind, change),
  };
}
