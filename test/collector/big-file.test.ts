// A data file of several GB (issue 11, item 6): the built collector starts at once, pages through
// the file from anywhere, and its memory does not grow with the file. The test writes the file
// itself (3 GiB of real event lines, ~8 s) and runs `cartbeacon dev` in a child process, so the
// peak RSS it reads from /proc is the collector's own.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/collector/index.js';
import { builtFile } from '../server/built.js';
import { bannerUrl } from './dev-banner.js';
import { batchBody, post, tempDir, wireEvent } from './helpers.js';

/** Past the 512 MB string limit that broke the old loader, and past 2 GiB offsets. */
const FILE_BYTES = 3 * 2 ** 30;
/** Lines per block written at once (~18 MB): each block is the same bytes with new ids. */
const LINES_PER_BLOCK = 16_384;
/** One event in 50 is an order, so a filtered page has something to find. */
const ORDER_EVERY = 50;
const idOf = (n: number) => `big-${String(n).padStart(12, '0')}`;

/** Writes FILE_BYTES of stored-event lines with ids big-000000000000, big-000000000001, …; returns the count. */
function writeBigFile(file: string): number {
  const pad = 'x'.repeat(900);
  const lines: string[] = [];
  for (let i = 0; i < LINES_PER_BLOCK; i++) {
    const name = i % ORDER_EVERY === 0 ? 'order' : 'page_view';
    const event: StoredEvent = {
      id: idOf(0),
      name,
      receivedAt: 1_764_000_000_000,
      appClientId: 'test-key',
      transport: 'json',
      identity: { verified: false },
      warnings: [],
      event: { event: name, properties: { pad } },
    };
    lines.push(`${JSON.stringify(event)}\n`);
  }
  const block = Buffer.from(lines.join(''), 'utf8');
  const digitsAt: number[] = [];
  let offset = 0;
  for (const line of lines) {
    digitsAt.push(offset + '{"id":"big-'.length);
    offset += Buffer.byteLength(line);
  }
  const fd = openSync(file, 'w');
  let n = 0;
  try {
    for (let written = 0; written < FILE_BYTES; written += block.length) {
      for (const at of digitsAt) {
        let value = n++;
        for (let d = 11; d >= 0; d--) {
          block[at + d] = 48 + (value % 10);
          value = Math.floor(value / 10);
        }
      }
      writeSync(fd, block);
    }
  } finally {
    closeSync(fd);
  }
  return n;
}

interface Page {
  events: StoredEvent[];
  total: number | null;
  next: number | null;
  counting: boolean;
}

const memoryOf = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
  return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
};

const numberOf = (e: StoredEvent) => Number(e.id.slice(4));
const consecutive = (events: StoredEvent[]) =>
  events.every((e, i) => i === 0 || numberOf(e) === numberOf(events[i - 1]!) + 1);

describe('a data file of several GB', () => {
  let cli = '';
  beforeAll(() => {
    cli = builtFile('cli.mjs');
  });

  it('starts at once, pages through the whole file and keeps its memory flat', async () => {
    const dir = await tempDir();
    const file = join(dir, 'events.jsonl');
    const lines = writeBigFile(file);
    const size = statSync(file).size;

    const started = Date.now();
    const child = spawn(process.execPath, [cli, 'dev', '--port', '0', '--data', dir, '--key', 'test-key'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await bannerUrl(child, 20_000);
      const startMs = Date.now() - started;
      const get = async (query: string) => (await (await fetch(`${url}/api/events?${query}`)).json()) as Page;

      // The newest page, then two older ones by following `next`: consecutive ids, newest last.
      const pages = [await get('limit=100')];
      for (let i = 0; i < 2; i++) pages.unshift(await get(`limit=100&before=${pages[0]!.next}`));
      const newest = pages.flatMap((p) => p.events);
      expect(newest).toHaveLength(300);
      expect(newest.at(-1)!.id).toBe(idOf(lines - 1));
      expect(consecutive(newest)).toBe(true);

      // A page from the middle of the file, and a filtered one.
      const middle = await get(`limit=100&before=${Math.floor(size / 2)}`);
      expect(middle.events).toHaveLength(100);
      expect(consecutive(middle.events)).toBe(true);
      expect(Math.abs(numberOf(middle.events.at(-1)!) - lines / 2)).toBeLessThan(LINES_PER_BLOCK);
      const orders = await get(`limit=50&event=order&before=${Math.floor(size / 3)}`);
      expect(orders.events).toHaveLength(50);
      expect(
        orders.events.every((e) => e.name === 'order' && (numberOf(e) % LINES_PER_BLOCK) % ORDER_EVERY === 0),
      ).toBe(true);

      // New events still arrive, deduplicated against the newest ids of the file.
      const fresh = wireEvent('search');
      const accepted = await post({ url } as never, '/v2/bt', batchBody([fresh]));
      expect(await accepted.json()).toEqual({ status: 'ok', accepted: 1, duplicates: 0 });
      expect((await get('limit=1')).events[0]!.id).toBe(fresh.eventId);

      // The count of the whole file finishes in the background; a big page still fits in flat memory.
      let health = { events: 0, counting: true as boolean | undefined };
      while (health.counting) {
        await new Promise((r) => setTimeout(r, 200));
        health = (await (await fetch(`${url}/healthz`)).json()) as typeof health;
      }
      expect(health.events).toBe(lines + 1);
      const big = await get('limit=10000');
      expect(big).toMatchObject({ total: lines + 1, counting: false });
      expect(big.events).toHaveLength(10_000);
      const memory = memoryOf(child.pid as number);
      console.info(
        `collector with a ${(size / 2 ** 30).toFixed(1)} GiB data file (${lines.toLocaleString('en-US')} events): ` +
          `listening after ${startMs} ms (process start included), peak RSS ${memory.peakMB.toFixed(0)} MB, ` +
          `RSS now ${memory.rssMB.toFixed(0)} MB`,
      );
      expect(startMs).toBeLessThan(5_000);
      expect(memory.peakMB).toBeLessThan(256);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
