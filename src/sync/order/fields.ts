// Reading shop data as it arrives (camelCase or snake_case), money in cents and dates in the forms
// shop exports write them (pure). The one definition of "present" for every order reader.
import { isPlainObject } from '../../server/user-data.js';

export type Fields = Record<string, unknown>;

/** Numbers below this are epoch seconds (year 5138 in ms), as many shop exports write them. */
const EPOCH_SECONDS_BELOW = 1e11;
/** A value quoted in a problem ("got …") is cut here: enough to recognise it, never a whole blob. */
const QUOTE_CHARS = 60;

/** `shippingAmount` → `shipping_amount`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A field counts as given unless it is absent, null or the empty string. */
export function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** snake_case spellings, worked out once per field name (names come from code and option lists). */
const snakeNames = new Map<string, string>();
function snakeOf(name: string): string {
  let snake = snakeNames.get(name);
  if (snake === undefined) {
    snake = snakeCase(name);
    snakeNames.set(name, snake);
  }
  return snake;
}

/** The first present value of `names` (each read camelCase, then snake_case) across `objects`. */
export function pick(objects: ReadonlyArray<Fields | undefined>, names: readonly string[]): unknown {
  for (const obj of objects) {
    if (!obj) continue;
    for (const name of names) {
      if (present(obj[name])) return obj[name];
      const snake = snakeOf(name);
      if (snake !== name && present(obj[snake])) return obj[snake];
    }
  }
  return undefined;
}

export function asObject(value: unknown): Fields | undefined {
  return isPlainObject(value) ? value : undefined;
}

/** A string id from a string or a whole number; undefined for anything else. */
export function asId(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** A finite number from a number or a numeric string; undefined otherwise. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Text from a non-empty string (trimmed) or a finite number; undefined otherwise. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Money is added up in whole cents, so 49.99 + 49.99 is exactly 99.98. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}

/** Epoch ms from epoch ms, epoch seconds or an ISO string; NaN when it is none of those. */
export function toEpochMs(value: unknown): number {
  if (typeof value === 'number') return value < EPOCH_SECONDS_BELOW ? value * 1000 : value;
  if (typeof value === 'string') return /^\d+$/.test(value) ? toEpochMs(Number(value)) : Date.parse(value);
  return NaN;
}

/** Epoch ms of a date given as epoch ms, epoch seconds or an ISO string; undefined when unreadable. */
export function asEpochMs(value: unknown): number | undefined {
  const ms = toEpochMs(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A loose e-mail check: one @, something on each side, a dot in the domain, no spaces. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** A value as a problem quotes it: JSON, cut short. */
export function quote(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text;
}
