// What a line of the data file holds (pure). `JSON.stringify` of a StoredEvent writes `id` and then
// `name` first, so both can be read from a line's first bytes without parsing the whole event.
import { isRecord } from './decode.js';
import type { StoredEvent } from './types.js';

/** Bytes of a line enough to read its id and name (longer ids fall back to parsing the line). */
export const HEAD_BYTES = 512;

const HEAD = /^\{"id":("(?:[^"\\]|\\.)*"),"name":("(?:[^"\\]|\\.)*")/;

/** The id and name at the start of a stored line, or undefined when the line does not start like one. */
export function readHead(head: string): { id: string; name: string } | undefined {
  const match = HEAD.exec(head);
  if (!match) return undefined;
  try {
    const id: unknown = JSON.parse(match[1] as string);
    const name: unknown = JSON.parse(match[2] as string);
    return typeof id === 'string' && typeof name === 'string' ? { id, name } : undefined;
  } catch {
    return undefined;
  }
}

export function isStoredEvent(value: unknown): value is StoredEvent {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    isRecord(value.event) &&
    isRecord(value.identity)
  );
}

/** The event a line holds, or undefined for a line cut short by a crash or edited by hand. */
export function parseLine(text: string): StoredEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isStoredEvent(value) ? value : undefined;
}

/** The id and name of a line: from its head when it can, else by parsing it. */
export function idAndName(text: string): { id: string; name: string } | undefined {
  const head = readHead(text.length > HEAD_BYTES ? text.slice(0, HEAD_BYTES) : text);
  if (head) return head;
  const event = parseLine(text);
  return event ? { id: event.id, name: event.name } : undefined;
}
