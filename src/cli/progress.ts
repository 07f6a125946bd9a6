// Sync progress on stderr: a live bar on a terminal (count, rate, ETA, retries), plain lines otherwise.
import cliProgress from 'cli-progress';
import type { SyncProgress } from '../sync/sync.js';

/** Plain progress lines (logs, CI) every 5 s: often enough to show life, rare enough to read. */
const LINE_INTERVAL_MS = 5_000;

export interface ProgressView {
  update(progress: SyncProgress): void;
  stop(): void;
}

const count = (n: number) => n.toLocaleString('en-US');
const perSecond = (p: SyncProgress) => Math.round(p.sent / Math.max(p.durationMs / 1000, 0.001));
/** Rfmcube's import processes still running: ` | importing 120/500`. */
const importing = (p: SyncProgress) =>
  p.processing ? `importing ${count(p.processing.processed)}/${count(p.processing.total)}` : '';

/** `totalBytes` is the input file's size (progress and ETA are measured in bytes read). */
export function progressView(
  totalBytes: number | undefined,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressView {
  if (stream.isTTY) {
    // Started on the first update, so an error before any progress prints no empty bar.
    let bar: cliProgress.SingleBar | undefined;
    const total = totalBytes ?? 1;
    return {
      update: (p) => {
        const value = Math.min(p.bytes, total);
        const payload = {
          sent: count(p.sent),
          rate: count(perSecond(p)),
          retried: p.retried,
          rejected: p.rejected,
          importing: importing(p) ? ` | ${importing(p)}` : '',
        };
        if (!bar) {
          bar = new cliProgress.SingleBar(
            {
              stream,
              format:
                ' {bar} {percentage}% | {sent} sent | {rate}/s | ETA {eta_formatted} | {retried} retries | {rejected} rejected{importing}',
              hideCursor: true,
              etaBuffer: 50,
              fps: 5,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, value, payload);
        }
        bar.update(value, payload);
      },
      stop: () => bar?.stop(),
    };
  }
  let last = 0;
  return {
    update: (p) => {
      if (p.durationMs - last < LINE_INTERVAL_MS) return;
      last = p.durationMs;
      const share = totalBytes ? ` (${Math.min(100, Math.floor((100 * p.bytes) / totalBytes))}%)` : '';
      stream.write(
        `sync: ${count(p.sent)} sent${share}, ${count(p.rejected)} rejected, ${count(p.retried)} retries, ${count(perSecond(p))}/s${importing(p) ? `, ${importing(p)}` : ''}\n`,
      );
    },
    stop: () => undefined,
  };
}
