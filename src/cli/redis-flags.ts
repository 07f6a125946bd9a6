// `--redis <url>` and `--redis-prefix <name>` (cartbeacon send and relay) → the relay's options; a URL
// as it may be printed (without its password).
import { UsageError } from './args.js';

export function redisFlags(values: Record<string, unknown>): { redis: string; redisPrefix?: string } | undefined {
  const url = values.redis as string | undefined;
  const prefix = values['redis-prefix'] as string | undefined;
  if (url === undefined) {
    if (prefix !== undefined) throw new UsageError('--redis-prefix is for --redis <url>');
    return undefined;
  }
  if (!/^rediss?:\/\/./.test(url))
    throw new UsageError(`--redis takes a URL such as redis://127.0.0.1:6379, got "${url}"`);
  return prefix === undefined ? { redis: url } : { redis: url, redisPrefix: prefix };
}

/** `redis://user:secret@host:6379` → `redis://user:***@host:6379`. */
export function printableUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/)([^@/]*:)[^@/]*@/, '$1$2***@');
}
