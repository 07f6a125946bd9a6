// BullMQ and ioredis are optional peer dependencies: loaded (dynamic import) only by a relay given
// `redis`, so a shop without Redis never installs or loads them.
import { RelayError } from '../errors.js';

export type BullMQ = typeof import('bullmq');
export type IORedis = typeof import('ioredis').Redis;

const MISSING = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/** @throws RelayError saying what to install when either package is missing. */
export async function loadRedisPackages(): Promise<{ bullmq: BullMQ; Redis: IORedis }> {
  try {
    const [bullmq, ioredis] = await Promise.all([import('bullmq'), import('ioredis')]);
    return { bullmq, Redis: ioredis.Redis };
  } catch (error) {
    if (MISSING.has((error as NodeJS.ErrnoException).code ?? ''))
      throw new RelayError(
        `\`redis\` needs the packages bullmq and ioredis beside cartbeacon: npm i bullmq@6 ioredis@5 (${(error as Error).message})`,
      );
    throw error;
  }
}
