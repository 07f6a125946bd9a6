// `cartbeacon relay` progress on stderr: what this worker delivered, per destination and status,
// and its rate; a line rewritten in place on a terminal, a line every 5 s otherwise (logs).
import type { DeliveryReport } from '../relay/types.js';

/** As often as sync's plain progress lines. */
const LINE_INTERVAL_MS = 5_000;

export interface RelayProgress {
  delivered(report: DeliveryReport): void;
  /** The line as it stands (printed once more at the end). */
  line(): string;
  stop(): void;
}

export function relayProgress(stream: NodeJS.WriteStream = process.stderr, now = Date.now): RelayProgress {
  const started = now();
  const counts = new Map<string, number>();
  let total = 0;
  let changed = false;
  const line = () => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const parts = [...counts].map(([what, n]) => `${what} ${n.toLocaleString('en-US')}`);
    return `relay: ${total.toLocaleString('en-US')} delivered${parts.length ? ` (${parts.join(', ')})` : ''}, ${(total / seconds).toFixed(1)}/s`;
  };
  const print = () => {
    if (!changed) return;
    changed = false;
    if (stream.isTTY) stream.write(`\r${line()}\u001b[K`);
    else stream.write(`${line()}\n`);
  };
  const timer = setInterval(print, stream.isTTY ? 200 : LINE_INTERVAL_MS);
  timer.unref();
  return {
    delivered(report) {
      const what = `${report.destination} ${report.willRetry ? 'failed, will retry' : report.result.status}`;
      counts.set(what, (counts.get(what) ?? 0) + 1);
      if (!report.willRetry) total++;
      changed = true;
      if ('reason' in report.result) {
        const text = `${report.destination} ${report.willRetry ? 'failed (will retry)' : report.result.status} ${report.kind} ${report.id}: ${report.result.reason}`;
        stream.write(`${stream.isTTY ? '\r\u001b[K' : ''}${text}\n`);
      }
    },
    line,
    stop() {
      clearInterval(timer);
      changed = true;
      print();
      if (stream.isTTY) stream.write('\n');
    },
  };
}
