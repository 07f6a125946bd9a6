// Nothing lost: dedupe by eventId, the JSON-lines file written before the 200, reload on restart.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventStore } from '../../src/collector/store.js';
import type { StoredEvent } from '../../src/collector/index.js';
import { batchBody, post, start, tempDir, wireEvent } from './helpers.js';

function stored(id: string, name = 'page_view'): StoredEvent {
  return {
    id,
    name,
    receivedAt: 1,
    appClientId: 'k',
    transport: 'json',
    identity: { verified: false },
    warnings: [],
    event: { event: name, eventId: id },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('dedupe', () => {
  it('drops a resent batch by eventId and counts the duplicates', async () => {
    const c = await start();
    const body = batchBody([wireEvent('page_view'), wireEvent('add_to_cart')]);
    expect(await (await post(c, '/v2/bt', body)).json()).toEqual({ status: 'ok', accepted: 2, duplicates: 0 });
    expect(await (await post(c, '/v2/bt', body)).json()).toEqual({ status: 'ok', accepted: 0, duplicates: 2 });
    expect(c.events).toHaveLength(2);
    expect(c.requests.map((r) => [r.status, r.duplicates, r.eventIds.length])).toEqual([
      [200, 0, 2],
      [200, 2, 2],
    ]);
  });

  it('keeps the new events of a batch that repeats some old ones', async () => {
    const c = await start();
    const a = wireEvent('page_view');
    await post(c, '/v2/bt', batchBody([a]));
    const res = await post(c, '/v2/bt', batchBody([a, wireEvent('search')]));
    expect(await res.json()).toEqual({ status: 'ok', accepted: 1, duplicates: 1 });
    expect(c.events.map((e) => e.name)).toEqual(['page_view', 'search']);
  });

  it('drops a repeated eventId within one batch', async () => {
    const c = await start();
    const a = wireEvent('page_view');
    expect(await (await post(c, '/v2/bt', batchBody([a, a]))).json()).toEqual({
      status: 'ok',
      accepted: 1,
      duplicates: 1,
    });
  });

  it('accepts only one of two concurrent retries of the same batch', async () => {
    const c = await start();
    const body = batchBody([wireEvent('order', { properties: { orderId: '1', amount: 1, items: [] } })]);
    const answers = await Promise.all(
      [post(c, '/v2/bt', body), post(c, '/v2/bt', body), post(c, '/v2/bt', body)].map(async (r) => (await r).json()),
    );
    expect(answers.map((a) => (a as { accepted: number }).accepted).sort()).toEqual([0, 0, 1]);
    expect(c.events).toHaveLength(1);
  });

  it('deduplicates across the batch and single-event routes', async () => {
    const c = await start();
    const a = wireEvent('page_view');
    await post(c, '/v2/bt', batchBody([a]));
    const { encodeHs } = await import('../../src/server/wire.js');
    expect(await (await post(c, '/v3/t', JSON.stringify({ h: encodeHs(a) }))).json()).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
  });
});

describe('persistence', () => {
  it('has the event in the data file by the time the 200 arrives', async () => {
    const dir = await tempDir();
    const c = await start({ dataDir: dir });
    const event = wireEvent('order', { properties: { orderId: '7', amount: 1, items: [] } });
    const res = await post(c, '/v2/bt', batchBody([event]));
    expect(res.status).toBe(200);
    const lines = (await readFile(join(dir, 'events.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ id: event.eventId, name: 'order', event });
  });

  it('reloads stored events on restart and still drops their duplicates', async () => {
    const dir = await tempDir();
    const first = await start({ dataDir: dir });
    const body = batchBody([wireEvent('page_view'), wireEvent('identify')]);
    await post(first, '/v2/bt', body);
    await first.close();

    const second = await start({ dataDir: dir });
    expect(second.events.map((e) => e.name)).toEqual(['page_view', 'identify']);
    expect(await (await post(second, '/v2/bt', body)).json()).toEqual({ status: 'ok', accepted: 0, duplicates: 2 });
    const api = (await (await fetch(`${second.url}/api/events`)).json()) as { events: unknown[] };
    expect(api.events).toHaveLength(2);
  });

  it('skips a line cut short by a crash and keeps the others', async () => {
    const dir = await tempDir();
    const first = await start({ dataDir: dir });
    await post(first, '/v2/bt', batchBody([wireEvent('page_view')]));
    await first.close();
    await appendFile(join(dir, 'events.jsonl'), '{"id":"half-writ');
    const second = await start({ dataDir: dir });
    expect(second.events.map((e) => e.name)).toEqual(['page_view']);
  });

  it('repairs a torn last line on load, so the next acknowledged event survives the following restart', async () => {
    const dir = await tempDir();
    const first = await start({ dataDir: dir });
    await post(first, '/v2/bt', batchBody([wireEvent('page_view')]));
    await first.close();
    // kill -9 mid-append: the last line has no newline.
    await appendFile(join(dir, 'events.jsonl'), '{"id":"half-writ');
    const second = await start({ dataDir: dir });
    const acknowledged = wireEvent('order', { properties: { orderId: '9', amount: 1, items: [] } });
    expect((await post(second, '/v2/bt', batchBody([acknowledged]))).status).toBe(200);
    await second.close();
    const third = await start({ dataDir: dir });
    expect(third.events.map((e) => e.id)).toContain(acknowledged.eventId);
    const lines = (await readFile(join(dir, 'events.jsonl'), 'utf8')).split('\n');
    expect(lines.filter((l) => l !== '').map((l) => JSON.parse(l).name)).toEqual(['page_view', 'order']);
  });

  it('keeps a last line that holds a whole event but lost its newline, and ends it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'events.jsonl'), `${JSON.stringify(stored('a'))}\n${JSON.stringify(stored('b'))}`);
    const c = await start({ dataDir: dir });
    expect(c.events.map((e) => e.id)).toEqual(['a', 'b']);
    await post(c, '/v2/bt', batchBody([wireEvent('search')]));
    await c.close();
    const again = await start({ dataDir: dir });
    expect(again.events.map((e) => e.name)).toEqual(['page_view', 'page_view', 'search']);
  });

  it('creates a missing data folder', async () => {
    const dir = join(await tempDir(), 'nested', 'data');
    const c = await start({ dataDir: dir });
    await post(c, '/v2/bt', batchBody([wireEvent('page_view')]));
    expect(await readFile(join(dir, 'events.jsonl'), 'utf8')).toContain('"page_view"');
  });

  it('empties the data file on DELETE /api/events, so a restart starts empty', async () => {
    const dir = await tempDir();
    const first = await start({ dataDir: dir });
    await post(first, '/v2/bt', batchBody([wireEvent('page_view')]));
    const res = await fetch(`${first.url}/api/events`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ status: 'ok', cleared: 1 });
    await first.close();
    const second = await start({ dataDir: dir });
    expect(second.events).toEqual([]);
  });

  it('answers 500 naming the file when it cannot be written, and does not claim the ids', async () => {
    const dir = await tempDir();
    const c = await start({ dataDir: dir });
    const { mkdir, rmdir } = await import('node:fs/promises');
    // A folder where the file should be: appending fails (EISDIR), even for root.
    await mkdir(join(dir, 'events.jsonl'));
    const body = batchBody([wireEvent('search')]);
    const failed = await post(c, '/v2/bt', body);
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as { error: string }).error).toMatch(/cannot write to .*events\.jsonl/);
    expect(c.events).toEqual([]);
    await rmdir(join(dir, 'events.jsonl'));
    expect(await (await post(c, '/v2/bt', body)).json()).toEqual({ status: 'ok', accepted: 1, duplicates: 0 });
  });
});

describe('a 200 means stored', () => {
  it('answers a copy of an event only after the first copy is written, and fails both when that write fails', async () => {
    const dir = await tempDir();
    let release: (error?: Error) => void = () => undefined;
    const store = new EventStore(
      dir,
      () =>
        new Promise<void>((ok, fail) => {
          release = (error) => (error ? fail(error) : ok());
        }),
    );
    await store.load();
    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => 'stored',
        (e: Error) => e.message,
      );
    const first = outcome(store.add([stored('e1')]));
    const copy = outcome(store.add([stored('e1')]));
    let copyAnswered = false;
    void copy.then(() => {
      copyAnswered = true;
    });
    await settle();
    expect(copyAnswered).toBe(false);
    release(new Error('no space left on device'));
    expect(await first).toMatch(/cannot write to .*events\.jsonl: no space left on device/);
    expect(await copy).toMatch(/no space left on device/);
    expect(store.events).toEqual([]);
    // Neither was stored, so a retry stores it.
    const retry = store.add([stored('e1')]);
    await settle();
    release();
    expect(await retry).toMatchObject({ accepted: [{ id: 'e1' }], duplicates: 0 });
  });

  it('answers a copy as a duplicate once the first copy is written', async () => {
    const dir = await tempDir();
    let release: () => void = () => undefined;
    const store = new EventStore(
      dir,
      () =>
        new Promise<void>((ok) => {
          release = ok;
        }),
    );
    await store.load();
    const first = store.add([stored('e2')]);
    const copy = store.add([stored('e2'), stored('e3')]);
    await settle();
    release();
    await first;
    await settle();
    release();
    expect(await copy).toMatchObject({ accepted: [{ id: 'e3' }], duplicates: 1 });
    expect(store.events.map((e) => e.id)).toEqual(['e2', 'e3']);
  });

  it('cuts a half-written append back, so the next line is not glued to it', async () => {
    const dir = await tempDir();
    const file = join(dir, 'events.jsonl');
    let fail = true;
    const store = new EventStore(dir, async (path, text) => {
      if (fail) {
        await appendFile(path, text.slice(0, 20));
        throw new Error('I/O error');
      }
      await appendFile(path, text);
    });
    await store.load();
    await store.add([stored('kept')]).catch(() => undefined);
    fail = false;
    await store.add([stored('kept')]).catch(() => undefined);
    expect(await store.add([stored('next')])).toMatchObject({ accepted: [{ id: 'next' }] });
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(['kept', 'next']);
  });
});
