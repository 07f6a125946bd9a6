// Shared flag handling for `cartbeacon token` and `cartbeacon sync`: node:util parseArgs, usage
// errors (exit 2) and credentials from flags or the environment.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CartbeaconError } from '../server/errors.js';

/** A command-line mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** A flag's whole-number value, or undefined when the flag is absent. */
export function intFlag(
  name: string,
  text: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be a whole number ${range}, got "${text}"`);
  }
  return value;
}

/** Flag first, then the environment variable; flags end up in shell history, so the env is preferred. */
export function credential(flag: string | undefined, env: string | undefined): string {
  return flag ?? env ?? '';
}

/** Runs a command body, turning usage errors into usage + exit 2 and typed errors into one line + exit 1. */
export async function runCommand(name: string, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`cartbeacon ${name}: ${error.message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof CartbeaconError) {
      console.error(`cartbeacon ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
