// Reading shop orders as they arrive (camelCase or snake_case), money in cents and the two date formats (pure).
import { toEpochMs } from '../history-line.js';
import { isPlainObject } from '../user-data.js';

export type Fields = Record<string, unknown>;

/** `shippingAmount` → `shipping_amount`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The first present value of `names` (each read camelCase, then snake_case) across `objects`. */
export function pick(objects: ReadonlyArray<Fields | undefined>, names: readonly string[]): unknown {
  for (const obj of objects) {
    if (!obj) continue;
    for (const name of names) {
      if (present(obj[name])) return obj[name];
      const snake = snakeCase(name);
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

/** Money is added up in whole cents, so 49.99 + 49.99 is exactly 99.98. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}

/** Epoch ms of a date given as epoch ms, epoch seconds or an ISO string; undefined when unreadable. */
export function asEpochMs(value: unknown): number | undefined {
  const ms = toEpochMs(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Rfmcube's documented form: ISO-8601 in UTC without milliseconds, `2020-01-01T13:06:39Z`. */
export function rfmcubeDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** eSputnik's documented form `YYYY-MM-DDTHH:mm:ss`, written in UTC (the form carries no zone). */
export function esputnikDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** A loose e-mail check: one @, something on each side, a dot in the domain, no spaces. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}
