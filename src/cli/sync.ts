// `cartbeacon sync <file>`: sends an order history (JSON lines) with a progress bar and a summary.
import { statSync } from 'node:fs';
import { MAX_CONCURRENCY, syncHistory, type SyncSummary } from '../server/sync.js';
import { DEFAULT_HOST } from '../protocol/hosts.js';
import { UsageError, intFlag, parseFlags, runCommand } from './args.js';
import { progressView } from './progress.js';
import { DESTINATION_FLAGS, DESTINATION_USAGE, destinationOptions } from './sync-destination.js';

export const SYNC_USAGE = `Usage: cartbeacon sync <file> [options]

Sends an order history, one JSON object per line: lines with "orderId" (camelCase or snake_case) become
"order" events; lines with "event" are sent as that event. Signed batches of 25, retried on 429/5xx and
network errors. With --to rfmcube or esputnik the same orders go to Rfmcube (imports grouped by
customer, 55 requests a minute) or eSputnik (one order event each). Exit code 0 only when every line
was sent.

Options:
      --host <url>          collector origin (default ${DEFAULT_HOST})
      --concurrency <n>     batches in flight at once (default 4, at most 64)
      --rate <n>            at most n requests per minute (default: no limit; rfmcube 55, esputnik 600)
      --resume              continue from the checkpoint after a crash or Ctrl-C
      --checkpoint <file>   checkpoint file (default <file>.checkpoint.json; <file>.<to>.checkpoint.json)
      --rejects <file>      lines that were not sent, with line number and reason
                            (default <file>.rejects.jsonl; <file>.<to>.rejects.jsonl)
      --dry-run             check and count the lines; send nothing
      --api-key <key>       API key (env RICHPANEL_API_KEY)
      --secret <secret>     API secret (better: env RICHPANEL_API_SECRET, which stays out of shell history)
  -h, --help                show this help

${DESTINATION_USAGE}

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
      host: { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      resume: { type: 'boolean' },
      checkpoint: { type: 'string' },
      rejects: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'api-key': { type: 'string' },
      secret: { type: 'string' },
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
    if (values.host !== undefined && target.destination !== 'richpanel')
      throw new UsageError('--host is for Richpanel: use --base-url with --to rfmcube or esputnik');
    // Each destination keeps its own checkpoint and rejects, so one file can go to all three.
    const suffix = target.destination === 'richpanel' ? '' : `.${target.destination}`;
    const rejects = values.rejects ?? `${file}${suffix}.rejects.jsonl`;
    let size: number | undefined;
    try {
      size = statSync(file).size;
    } catch {
      size = undefined; // syncHistory explains a missing file
    }

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
      summary = await syncHistory(file, {
        ...target,
        dryRun,
        rejects,
        checkpoint: values.checkpoint ?? `${file}${suffix}.checkpoint.json`,
        resume: values.resume === true,
        concurrency: intFlag('concurrency', values.concurrency, 1, MAX_CONCURRENCY),
        ratePerMinute: intFlag('rate', values.rate, 1),
        signal: controller.signal,
        onProgress: (p) => view.update(p),
        ...(values.host === undefined ? {} : { host: values.host }),
      });
    } finally {
      view.stop();
      process.off('SIGINT', onSigint);
    }
    console.log(describe(summary, rejects, dryRun));
    if (controller.signal.aborted) return EXIT_INTERRUPTED;
    return summary.rejected || summary.failed || summary.stopped ? 1 : 0;
  });
}
