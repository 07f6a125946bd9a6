// `cartbeacon relay --redis <url>`: a long-running worker that delivers what every relay on that
// Redis accepted (`createRelay({ redis })` in the shop's backend, `cartbeacon send --redis`), to the
// --to destinations, printing its progress; SIGTERM or Ctrl-C stops it after its requests in flight.
import { createRelay } from '../relay/create-relay.js';
import type { Relay } from '../relay/types.js';
import { CartbeaconError } from '../server/errors.js';
import { UsageError, intFlag, parseFlags, runCommand } from './args.js';
import { DEFAULT_PORT } from './dev.js';
import { printableUrl, redisFlags } from './redis-flags.js';
import { relayProgress } from './relay-progress.js';
import { SEND_DESTINATION_FLAGS, relayDestinationOptions, relayFlagWording } from './send-destinations.js';
import { destinationUsage, helpLine } from './sync-destination.js';

/** The exit code after Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

export const RELAY_USAGE = `Usage: cartbeacon relay --redis <url> [options]

Delivers the changes every relay on that Redis accepted (createRelay({ redis }) in the shop's
backend, "cartbeacon send --redis"), to the --to destinations: the queue, each account's pace and
the relay's memory are shared by every worker and web instance on the same Redis. Runs until SIGTERM
or Ctrl-C, then stops after its requests in flight (what it had not finished goes back to the queue).
Give it the same destination options as the instances that accept the changes.

Options:
${helpLine('--redis <url>', 'the Redis of the relay queue, e.g. redis://127.0.0.1:6379 (required)')}
${helpLine('--redis-prefix <name>', 'the prefix of the relay keys in Redis (default cartbeacon)')}
${helpLine('--to <names>', 'comma-separated destinations (default richpanel), e.g. richpanel,rfmcube,esputnik')}
${helpLine('--dev <url>', `every destination at the dev server (npm start), e.g. --dev http://127.0.0.1:${DEFAULT_PORT}`)}
${helpLine('--concurrency <n>', 'changes in flight per destination in this worker (default 4, at most 64)')}
${helpLine('--attempts <n>', 'attempts per request before a delivery counts as failed and waits (default 10)')}
${helpLine('--<flag> <name>=<value>', 'a flag several destinations share, for one of them')}
  -h, --help                show this help

${destinationUsage()}

Examples:
  cartbeacon relay --redis redis://127.0.0.1:6379 --to richpanel,rfmcube,esputnik --dev http://127.0.0.1:${DEFAULT_PORT}
  REDIS_URL=redis://redis:6379 RFMCUBE_API_KEY=... cartbeacon relay --redis "$REDIS_URL" --to rfmcube`;

export function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runCommand('relay', RELAY_USAGE, async () => {
    const { values, positionals } = parseFlags(argv, {
      redis: { type: 'string' },
      'redis-prefix': { type: 'string' },
      dev: { type: 'string' },
      attempts: { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...SEND_DESTINATION_FLAGS,
    });
    if (values.help) {
      console.log(RELAY_USAGE);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`relay takes no file: got "${positionals.join(' ')}"`);
    const redis = redisFlags(values);
    if (!redis) throw new UsageError('give --redis <url>: the Redis the relay queue lives in');
    const dev = typeof values.dev === 'string' ? values.dev.replace(/\/+$/, '') : undefined;
    const maxAttempts = intFlag('attempts', values.attempts as string | undefined, 1, 100);
    const concurrency = intFlag('concurrency', values.concurrency as string | undefined, 1, 64);
    const { names, options } = relayDestinationOptions(values, env, dev);
    const word = relayFlagWording(names);
    const progress = relayProgress();
    let relay: Relay;
    try {
      relay = createRelay({
        ...options,
        ...redis,
        ...(maxAttempts === undefined ? {} : { maxAttempts }),
        ...(concurrency === undefined ? {} : { concurrency }),
        onDelivery: (report) => progress.delivered(report),
      });
    } catch (error) {
      progress.stop();
      if (error instanceof CartbeaconError) error.message = word(error.message);
      throw error;
    }
    process.stderr.write(
      `relay: delivering from ${printableUrl(redis.redis)} (prefix ${redis.redisPrefix ?? 'cartbeacon'}) to ${names.join(', ')}; SIGTERM or Ctrl-C stops it after its requests in flight\n`,
    );
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    process.stderr.write(`relay: ${signal}: stopping after the requests in flight…\n`);
    // A second signal ends it at once: what it held goes back to the queue when its locks expire.
    const again = () => process.exit(EXIT_INTERRUPTED);
    process.once('SIGTERM', again);
    process.once('SIGINT', again);
    await relay.close();
    progress.stop();
    process.stderr.write('relay: stopped\n');
    return signal === 'SIGINT' ? EXIT_INTERRUPTED : 0;
  });
}
