// `cartbeacon send <file|->`: relays changes as they happen, one JSON line each (an order, a customer,
// or {"delete": {...}}), to every --to destination through createRelay, printing each line's
// per-destination results. Destination flags and environment variables are the sync's.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createRelay } from '../relay/create-relay.js';
import { RelayInputError } from '../relay/errors.js';
import type { ChangeKind, DestinationResult, Relay, RelayOutcome } from '../relay/types.js';
import { CartbeaconError } from '../server/errors.js';
import type { DestinationName } from '../sync/destinations/table.js';
import { UsageError, intFlag, parseFlags, runCommand } from './args.js';
import { DEFAULT_PORT } from './dev.js';
import { redisFlags } from './redis-flags.js';
import { SEND_DESTINATION_FLAGS, relayDestinationOptions, relayFlagWording } from './send-destinations.js';
import { destinationUsage, helpLine } from './sync-destination.js';

/** Every destination took every line it has an API for, but some has none for a line (an erasure at Richpanel). */
export const EXIT_UNSUPPORTED = 3;
/** The exit code after Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;
/** Order fields that make a line an order even when its orderId is missing (so the error says so). */
const ORDER_FIELDS = ['orderId', 'order_id', 'items', 'amount', 'event'];

export const SEND_USAGE = `Usage: cartbeacon send <file|-> [options]

Relays changes as they happen (after the history went with "cartbeacon sync"), one JSON object per
line, from a file or standard input (-):
  an order      {"orderId": "1001", "amount": 49.99, "items": [...], "status": "paid", ...}
  a customer    {"id": "42", "email": "a@example.com", "firstName": "Ada", "createdAt": ...}
  an erasure    {"delete": {"id": "42", "email": "a@example.com"}}
Each line goes to every --to destination: Richpanel an "order" or "identify" event; Rfmcube
merge_order (after merge_customer for a customer it has not been sent), merge_customer or
delete_customer; eSputnik orderCreated / orderUpdated / orderDelivered / orderCancelled.
Exit code 0 only when every destination took every line; 1 when one was rejected or failed;
${EXIT_UNSUPPORTED} when nothing failed but a destination has no API for a line (an erasure at Richpanel or
eSputnik, a customer at eSputnik); 2 for a usage error.

Options:
${helpLine('--to <names>', 'comma-separated destinations (default richpanel), e.g. richpanel,rfmcube,esputnik')}
${helpLine('--dev <url>', `every destination at the dev server (npm start), e.g. --dev http://127.0.0.1:${DEFAULT_PORT}:`)}
${helpLine('', 'its collector and emulators, with its demo key and secret when none is set')}
${helpLine('--attempts <n>', 'attempts per request before a destination counts as failed (default 10)')}
${helpLine('--redis <url>', 'accept each line into the relay queue in Redis (redis://host:6379) and exit:')}
${helpLine('', '"cartbeacon relay --redis <url>" workers deliver it; lines print "queued"')}
${helpLine('--redis-prefix <name>', 'the prefix of the relay keys in Redis (default cartbeacon)')}
${helpLine('--<flag> <name>=<value>', 'a flag several destinations share, for one of them:')}
${helpLine('', '--base-url rfmcube=<url> --base-url esputnik=<url>')}
  -h, --help                show this help

${destinationUsage()}

Keys are better given in the environment: flags end up in shell history.

Examples:
  npm start   # in another terminal: the dev server with its emulators
  cartbeacon send changes.jsonl --to richpanel,rfmcube,esputnik --dev http://127.0.0.1:${DEFAULT_PORT} --fix-totals
  RICHPANEL_API_KEY=... RICHPANEL_API_SECRET=... RFMCUBE_API_KEY=... \\
    cartbeacon send - --to richpanel,rfmcube < change.json`;

type Line = { kind: ChangeKind; value: Record<string, unknown> } | { error: string };

/** A JSON line → the call it is (pure). */
export function lineChange(text: string): Line {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'not valid JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'not a JSON object' };
  const fields = value as Record<string, unknown>;
  if (fields.delete !== undefined) {
    const who = fields.delete;
    if (who === null || typeof who !== 'object' || Array.isArray(who))
      return { error: '"delete" must hold the customer to erase: {"delete": {"id": …, "email": …}}' };
    return { kind: 'delete', value: who as Record<string, unknown> };
  }
  if (ORDER_FIELDS.some((f) => fields[f] !== undefined)) return { kind: 'order', value: fields };
  const keys = Object.keys(fields);
  if (keys.length === 1 && keys[0] === 'customer' && typeof fields.customer === 'object' && fields.customer !== null)
    return { kind: 'customer', value: fields.customer as Record<string, unknown> };
  return { kind: 'customer', value: fields };
}

function describeResult(result: DestinationResult | undefined): string {
  if (!result) return 'nothing';
  switch (result.status) {
    case 'sent': {
      const extra = [
        result.requests.join(', '),
        result.retried ? `retried ${result.retried}` : '',
        result.duplicate ? 'already had it' : '',
      ].filter(Boolean);
      return `sent${extra.length ? ` (${extra.join('; ')})` : ''}`;
    }
    case 'unsupported':
      return 'not supported';
    default:
      return result.status;
  }
}

async function* inputLines(file: string): AsyncGenerator<string> {
  const input = file === '-' ? process.stdin : createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) yield line;
}

interface Tally {
  lines: number;
  broken: number;
  by: Map<DestinationName, Map<string, number>>;
}

function count(tally: Tally, name: DestinationName, status: string): void {
  const own = tally.by.get(name) ?? new Map<string, number>();
  own.set(status, (own.get(status) ?? 0) + 1);
  tally.by.set(name, own);
}

function printOutcome(n: number, what: string, outcome: RelayOutcome, tally: Tally, word: (m: string) => string) {
  const results = Object.entries(outcome.results) as Array<[DestinationName, DestinationResult]>;
  console.log(`line ${n} · ${what}: ${results.map(([name, r]) => `${name} ${describeResult(r)}`).join(' · ')}`);
  for (const [name, result] of results) {
    count(tally, name, result.status === 'unsupported' ? 'not supported' : result.status);
    if ('reason' in result) console.log(`  ${name}: ${word(result.reason)}`);
  }
}

function summary(tally: Tally): string {
  const parts = [...tally.by].map(
    ([name, counts]) => `${name} ${[...counts].map(([status, k]) => `${k} ${status}`).join(', ')}`,
  );
  const broken = tally.broken ? ` · ${tally.broken} not relayed` : '';
  return `${tally.lines} line${tally.lines === 1 ? '' : 's'}${broken}${parts.length ? `: ${parts.join(' · ')}` : ''}`;
}

function exitCode(tally: Tally): number {
  let unsupported = false;
  for (const counts of tally.by.values())
    for (const status of counts.keys()) {
      if (status === 'rejected' || status === 'failed') return 1;
      if (status === 'not supported') unsupported = true;
    }
  if (tally.broken) return 1;
  return unsupported ? EXIT_UNSUPPORTED : 0;
}

export function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runCommand('send', SEND_USAGE, async () => {
    const { values, positionals } = parseFlags(argv, {
      dev: { type: 'string' },
      attempts: { type: 'string' },
      redis: { type: 'string' },
      'redis-prefix': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...SEND_DESTINATION_FLAGS,
    });
    if (values.help) {
      console.log(SEND_USAGE);
      return 0;
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0)
      throw new UsageError('give exactly one input: a JSON-lines file, or - for standard input');
    const dev = typeof values.dev === 'string' ? values.dev.replace(/\/+$/, '') : undefined;
    const maxAttempts = intFlag('attempts', values.attempts as string | undefined, 1, 100);
    const { names, options } = relayDestinationOptions(values, env, dev);
    const word = relayFlagWording(names);
    const redis = redisFlags(values);
    let relay: Relay;
    try {
      // With --redis, send only accepts: the relay workers deliver (cartbeacon relay).
      relay = createRelay({
        ...options,
        ...(maxAttempts === undefined ? {} : { maxAttempts }),
        ...(redis ? { ...redis, deliver: false } : {}),
      });
    } catch (error) {
      if (error instanceof CartbeaconError) error.message = word(error.message);
      throw error;
    }

    let interrupted = false;
    const onSigint = () => {
      if (interrupted) process.exit(EXIT_INTERRUPTED);
      interrupted = true;
      process.stderr.write('\nstopping: what is in flight is reported as failed (Ctrl-C again to quit now)…\n');
      void relay.close();
    };
    process.on('SIGINT', onSigint);
    const tally: Tally = { lines: 0, broken: 0, by: new Map() };
    try {
      let n = 0;
      for await (const text of inputLines(file)) {
        n++;
        if (interrupted) break;
        if (text.trim() === '') continue;
        tally.lines++;
        const line = lineChange(text);
        if ('error' in line) {
          tally.broken++;
          console.log(`line ${n}: not relayed: ${line.error}`);
          continue;
        }
        const call =
          line.kind === 'order'
            ? relay.order(line.value)
            : line.kind === 'customer'
              ? relay.customer(line.value)
              : relay.deleteCustomer(line.value);
        try {
          const outcome = await call;
          printOutcome(n, describeLine(line.kind, line.value), outcome, tally, word);
        } catch (error) {
          if (!(error instanceof RelayInputError)) throw error;
          tally.broken++;
          console.log(`line ${n}: not relayed: ${word(error.message)}`);
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new UsageError(`cannot read ${file}: give a JSON-lines file, or - for standard input`);
      throw error;
    } finally {
      process.off('SIGINT', onSigint);
      await relay.close();
    }
    console.log(summary(tally));
    if (redis && tally.lines > tally.broken)
      console.log(
        `queued in Redis: "cartbeacon relay --redis <url>" delivers them (a worker that is running already has)`,
      );
    return interrupted ? EXIT_INTERRUPTED : exitCode(tally);
  });
}

/** `order "1001"`, `customer "a@example.com"`, `erasure of "42"`. */
function describeLine(kind: ChangeKind, value: Record<string, unknown>): string {
  const pick = (...names: string[]) =>
    names.map((n) => value[n]).find((v) => typeof v === 'string' || typeof v === 'number');
  if (kind === 'order') {
    const props = (value.properties as Record<string, unknown> | undefined) ?? value;
    const id = props.orderId ?? props.order_id;
    return `order ${JSON.stringify(id ?? '(no id)')}`;
  }
  const who = pick('email', 'id', 'uid');
  return `${kind === 'customer' ? 'customer' : 'erasure of'} ${JSON.stringify(who ?? '(nobody)')}`;
}
