// `cartbeacon sync <file>`: sends an order history (JSON lines) with a progress bar and a summary.
import { statSync } from 'node:fs';
import { MAX_CONCURRENCY, syncHistory, type SyncSummary } from '../server/sync.js';
import { DEFAULT_HOST } from '../server/send.js';
import { UsageError, credential, intFlag, parseFlags, runCommand } from './args.js';
import { progressView } from './progress.js';

export const SYNC_USAGE = `Usage: cartbeacon sync <file> [options]

Sends an order history, one JSON object per line: lines with "orderId" (camelCase or snake_case) become
"order" events; lines with "event" are sent as that event. Signed batches of 25, retried on 429/5xx and
network errors. Exit code 0 only when every line was sent.

Options:
      --host <url>          collector origin (default ${DEFAULT_HOST})
      --concurrency <n>     batches in flight at once (default 4, at most 64)
      --rate <n>            at most n requests per minute (default: no limit)
      --resume              continue from the checkpoint after a crash or Ctrl-C
      --checkpoint <file>   checkpoint file (default <file>.checkpoint.json)
      --rejects <file>      lines that were not sent, with line number and reason (default <file>.rejects.jsonl)
      --dry-run             check and count the lines; send nothing
      --api-key <key>       API key (env RICHPANEL_API_KEY)
      --secret <secret>     API secret (better: env RICHPANEL_API_SECRET, which stays out of shell history)
  -h, --help                show this help

Example:
  RICHPANEL_API_KEY=... RICHPANEL_API_SECRET=... cartbeacon sync orders.jsonl --concurrency 8`;

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
  if (summary.stopped) lines.push(`stopped: ${summary.stopped}`, 'run the same command with --resume to send what is left');
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
    });
    if (values.help) {
      console.log(SYNC_USAGE);
      return 0;
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError('give exactly one input file, for example: cartbeacon sync orders.jsonl');
    const dryRun = values['dry-run'] === true;
    const apiKey = credential(values['api-key'], env.RICHPANEL_API_KEY);
    const secret = credential(values.secret, env.RICHPANEL_API_SECRET);
    if (!apiKey) throw new UsageError('no API key: set RICHPANEL_API_KEY (or pass --api-key)');
    if (!secret && !dryRun) throw new UsageError('no API secret: set RICHPANEL_API_SECRET (or pass --secret)');
    const rejects = values.rejects ?? `${file}.rejects.jsonl`;
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
        apiKey, secret, dryRun, rejects,
        checkpoint: values.checkpoint ?? `${file}.checkpoint.json`,
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
