// Relay processes on one Redis for the multi-process tests: each a child running the built package
// (relay-child.mjs), with every IPC message it sent kept in order.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import type { FlushResult } from '../../../src/relay/types.js';
import { builtFile } from '../../server/built.js';
import { RFMCUBE_KEY, WINDOW_MS } from '../helpers.js';

const CHILD = fileURLToPath(new URL('./relay-child.mjs', import.meta.url));

export interface ChildMessage {
  accepted?: string;
  kind?: string;
  acceptedAll?: true;
  held?: string;
  delivery?: { id: string; kind: string; destination: string; status: string; retried: number; willRetry: boolean };
  flushed?: FlushResult;
  closed?: true;
}

/**
 * A multi-process test's own time limit: children start, connect and wait out lock expiries, and on a
 * loaded two-core machine that takes several times what it takes alone (about 4 to 15 s).
 */
export const MULTI_PROCESS_TIMEOUT_MS = 45_000;

export type Change = { kind: 'order' | 'customer' | 'delete'; value: Record<string, unknown> };

/** Customer `c<i>` (shopper<i>@example.com): the change the multi-process tests send by the dozen. */
export const customer = (i: number): Change => ({
  kind: 'customer',
  value: { id: `c${i}`, email: `shopper${i}@example.com`, firstName: 'Ada', createdAt: '2023-01-02T03:04:05Z' },
});

const running = new Set<Instance>();
afterEach(() => {
  for (const instance of running) instance.kill();
  running.clear();
});

export class Instance {
  readonly messages: ChildMessage[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<NodeJS.Signals | number | null>;
  private readonly listeners = new Set<() => void>();

  constructor(config: {
    relay: Record<string, unknown>;
    changes?: Change[];
    hold?: string;
    fail?: { pattern: string; whileFile: string };
  }) {
    this.child = fork(CHILD, [JSON.stringify({ server: builtFile('server.mjs'), ...config })], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    running.add(this);
    this.child.on('message', (message: ChildMessage) => {
      this.messages.push(message);
      for (const listener of this.listeners) listener();
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve(signal ?? code)));
  }

  /** Resolves once `done(messages)` holds (checked at each message), or rejects after `timeoutMs`. */
  until(done: (messages: ChildMessage[]) => boolean, timeoutMs = 30_000): Promise<void> {
    if (done(this.messages)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`no such message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-5))}`));
      }, timeoutMs);
      const check = () => {
        if (!done(this.messages)) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
    });
  }

  accepted(): string[] {
    return this.messages.flatMap((m) => (m.accepted ? [m.accepted] : []));
  }

  deliveries(): NonNullable<ChildMessage['delivery']>[] {
    return this.messages.flatMap((m) => (m.delivery ? [m.delivery] : []));
  }

  acceptedAll(times = 1): Promise<void> {
    return this.until((ms) => ms.filter((m) => m.acceptedAll).length >= times);
  }

  send(changes: Change[]): void {
    this.child.send({ changes });
  }

  async flush(timeoutMs = 60_000): Promise<FlushResult> {
    const before = this.messages.filter((m) => m.flushed).length;
    this.child.send('flush');
    await this.until((ms) => ms.filter((m) => m.flushed).length > before, timeoutMs);
    return this.messages.filter((m) => m.flushed).at(-1)!.flushed!;
  }

  /** close(), then the process exits. */
  async close(): Promise<void> {
    this.child.send('close');
    await this.exited;
    running.delete(this);
  }

  /** SIGKILL: the process dies wherever it is. */
  async crash(): Promise<void> {
    this.kill();
    await this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Polls `done()` until it holds, or throws after `timeoutMs` with `describe()`. */
export async function eventually(done: () => boolean, describe: () => unknown, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`not within ${timeoutMs} ms: ${JSON.stringify(describe())}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A child relay's options: Rfmcube at the dev server, this Redis, short backoff and locks. */
export function relayOptions(url: string, redisUrl: string, rateWindowMs = WINDOW_MS) {
  return {
    rfmcube: { apiKey: RFMCUBE_KEY, baseUrl: `${url}/rfmcube/v1` },
    redis: redisUrl,
    rateWindowMs,
    backoffBaseMs: 5,
    maxAttempts: 3,
    lockDurationMs: 1_500,
  };
}
