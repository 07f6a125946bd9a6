// A whole-number option in a range, or a RelayError naming it (pure).
import { RelayError } from './errors.js';

export function positiveInt(value: unknown, fallback: number, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > max)
    throw new RelayError(`\`${name}\` must be a whole number from 1 to ${max}`);
  return value as number;
}
