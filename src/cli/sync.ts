// `cartbeacon sync <file>`: sends an order history (JSON lines) with a progress bar and a summary.
// Destination flags, help and environment variables come from the destination table.
import { statSync } from 'node:fs';
import { CartbeaconError } from '../server/errors.js';
import { DEFAULT_DESTINATION } from '../sync/destinations/table.js';
import { MAX_CONCURRENCY, runSync, type SyncSummary } from '../sync/sync.js';
import { UsageError, intFlag, parseFlags, runCommand } from './args.js';
import { progressView } from './progress.js';
import {
  DESTINATION_FLAGS,
  destinationOptions,
  destinationUsage,
  flagWording,
  helpLine,
  rateDefaults,
} from './sync-destination.js';

export const SYNC_USAGE = `Usage: cartbeacon sync <file> [options]

Sends an order history, one JSON object per line: lines with "orderId" (camelCase or snake_case) become
"order" events; lines with "event" are sent as that event. Retried on 429/5xx and network errors.
Exit code 0 only when every line was sent.

Options:
${helpLine('--to <name>', 'where the orders go (below; default richpanel)')}
${helpLine('--concurrency <n>', `batches in flight at once (default 4, at most ${MAX_CONCURRENCY})`)}
${helpLine('--rate <n>', `at most n requests per minute (${rateDefaults()})`)}
${helpLine('--resume', 'continue from the checkpoint after a crash or Ctrl-C (the file must be unchanged)')}
${helpLine('--checkpoint <file>', 'checkpoint file (default <file>.checkpoint.json; <file>.<to>.checkpoint.json)')}
${helpLine('', 'one run at a time: <checkpoint>.lock names the run using it')}
${helpLine('--rejects <file>', 'lines that were not sent, with line number and reason')}
${helpLine('', '(default <file>.rejects.jsonl; <file>.<to>.rejects.jsonl)')}
${helpLine('--dry-run', 'check and count the lines; send nothing')}
  -h, --help                show this help

${destinationUsage()}

Keys are better given in the environment: flags end up in shell history.

Examples:
  RICHPANEL_API_KEY=... RICHPANEL_API_SECRET=... cartbeacon sync orders.jsonl --concurrency 8
  RFMCUBE_API_KEY=... cartbeacon sync orders.jsonl --to rfmcube
  ESPUTNIK_API_KEY=... cartbeacon sync orders.jsonl --to esputnik --item-url 'https://shop.example/p/{id}'`;

/** The exit code after a first Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

function describe(summary: SyncSummary, rejects: string, dryRun: boolean): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const seconds = summary.durationMs / 1000;
  const lines = [
    `${dryRun ? 'would send' : 'sent'} ${n(summary.sent)} · rejected ${n(summary.rejected)} · retried ${n(summary.retried)} · failed ${n(summary.failed)}` +
      `${summary.duplicates ? ` · duplicates ${n(summary.duplicates)} (the collector had them already)` : ''}` +
      `${summary.skipped ? ` · skipped ${n(summary.skipped)} (done before)` : ''} · ${seconds.toFixed(1)} s (${n(Math.round(summary.sent / Math.max(seconds, 0.001)))}/s)`,
  ];
  if (summary.rejected) lines.push(`rejected lines are in ${rejects}: fix them and sync that file`);
  if (summary.stopped)
    lines.push(`stopped: ${summary.stopped}`, 'run the same command with --resume to send what is left');
  return lines.join('\n');
}

export function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runCommand('sync', SYNC_USAGE, async () => {
    const { values, positionals } = parseFlags(argv, {
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      resume: { type: 'boolean' },
      checkpoint: { type: 'string' },
      rejects: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...DESTINATION_FLAGS,
    });
    if (values.help) {
      console.log(SYNC_USAGE);
      return 0;
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0)
      throw new UsageError('give exactly one input file, for example: cartbeacon sync orders.jsonl');
    const dryRun = values['dry-run'] === true;
    const target = destinationOptions(values, env, dryRun);
    const to = target.descriptor.name;
    // Each destination keeps its own checkpoint and rejects, so one file can go to all of them.
    const suffix = to === DEFAULT_DESTINATION ? '' : `.${to}`;
    const rejects = typeof values.rejects === 'string' ? values.rejects : `${file}${suffix}.rejects.jsonl`;
    const checkpoint = typeof values.checkpoint === 'string' ? values.checkpoint : `${file}${suffix}.checkpoint.json`;
    const concurrency = intFlag('concurrency', values.concurrency as string | undefined, 1, MAX_CONCURRENCY);
    const ratePerMinute = intFlag('rate', values.rate as string | undefined, 1);
    let size: number | undefined;
    try {
      size = statSync(file).size;
    } catch {
      size = undefined; // syncHistory explains a missing file
    }

    const word = flagWording(target.descriptor);
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
      process.stderr.write('\nstopping after the batches in flight (Ctrl-C again to quit now)…\n');
      controller.abort(new Error('interrupted'));
    };
    process.on('SIGINT', onSigint);
    const view = progressView(size);
    let summary: SyncSummary;
    try {
      summary = await runSync(
        file,
        {
          ...target.options,
          dryRun,
          rejects,
          checkpoint,
          resume: values.resume === true,
          concurrency,
          ratePerMinute,
          signal: controller.signal,
          onProgress: (p) => view.update(p),
        },
        word,
      );
    } catch (error) {
      if (error instanceof CartbeaconError) error.message = word(error.message);
      throw error;
    } finally {
      view.stop();
      process.off('SIGINT', onSigint);
    }
    console.log(describe(summary, rejects, dryRun));
    if (controller.signal.aborted) return EXIT_INTERRUPTED;
    return summary.rejected || summary.failed || summary.stopped ? 1 : 0;
  });
}
