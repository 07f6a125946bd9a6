// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// The loader stub, run as a page runs it: its source text evaluated against window/document. The
// hand-written source and the built dist/snippet.min.js get the same tests.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..') + '/';
const VERSION = JSON.parse(readFileSync(ROOT + 'package.json', 'utf8')).version as string;

function built(file: string): string {
  if (!existsSync(ROOT + file)) execSync('npx rollup -c --silent', { cwd: ROOT, stdio: 'ignore' });
  return ROOT + file;
}

type Stub = unknown[] & Record<string, any> & { q: (unknown[] & { t?: number })[] };
const rp = () => (window as unknown as { richpanel: Stub }).richpanel;
const scripts = () => Array.from(document.querySelectorAll('script[src]')) as HTMLScriptElement[];

beforeEach(() => {
  delete (window as { richpanel?: unknown }).richpanel;
  for (const s of Array.from(document.querySelectorAll('script'))) s.remove();
});

const sources: [string, () => string, RegExp][] = [
  ['src/loader/snippet.js', () => readFileSync(ROOT + 'src/loader/snippet.js', 'utf8'), /\?version=__VERSION__$/],
  [
    'dist/snippet.min.js',
    () => readFileSync(built('dist/snippet.min.js'), 'utf8'),
    new RegExp('\\?version=' + VERSION.replace(/\./g, '\\.') + '$'),
  ],
];

describe.each(sources)('the loader stub (%s)', (_, read, versionTail) => {
  const paste = () => new Function(read())();

  it('defines window.richpanel as an array with a queue', () => {
    paste();
    expect(Array.isArray(rp())).toBe(true);
    expect(rp().q).toEqual([]);
  });

  it('stubs every public method, so none throws before load', () => {
    paste();
    for (const m of ['track', 'identify', 'debug', 'atr', 'logout', 'flush']) {
      expect(typeof rp()[m], m).toBe('function');
      expect(() => rp()[m]('x')).not.toThrow();
    }
    expect(rp().q.map((c) => c[0])).toEqual(['track', 'identify', 'debug', 'atr', 'logout', 'flush']);
  });

  it('queues [method, ...args] in call order with .t, the time of the call', () => {
    paste();
    const before = Date.now();
    rp().track('order', { orderId: '1' }, null, 1764000000000, 'id');
    rp().identify(42, { phone: 123 });
    rp().track('page_view');
    const after = Date.now();
    expect(rp().q.map((c) => [...c])).toEqual([
      ['track', 'order', { orderId: '1' }, null, 1764000000000, 'id'],
      ['identify', 42, { phone: 123 }],
      ['track', 'page_view'],
    ]);
    for (const c of rp().q) {
      expect(typeof c.t).toBe('number');
      expect(c.t).toBeGreaterThanOrEqual(before);
      expect(c.t).toBeLessThanOrEqual(after);
    }
  });

  it('keeps the arguments object-identical (no copies, no mutation)', () => {
    paste();
    const props = { a: 1 };
    rp().track('x', props);
    expect(rp().q[0]![2]).toBe(props);
    expect(props).toEqual({ a: 1 });
  });

  it('keeps one queue when pasted twice', () => {
    paste();
    rp().track('first');
    const stub = rp();
    const track = stub.track;
    paste();
    rp().track('second');
    expect(rp()).toBe(stub);
    expect(rp().track).toBe(track);
    expect(rp().q.map((c) => c[1])).toEqual(['first', 'second']);
  });

  it('keeps calls a page queued into a richpanel array made before the stub', () => {
    const early = [] as unknown as Stub;
    early.q = [['track', 'early']] as Stub['q'];
    (window as unknown as { richpanel: Stub }).richpanel = early;
    paste();
    rp().track('later');
    expect(rp()).toBe(early);
    expect(rp().q.map((c) => c[1])).toEqual(['early', 'later']);
  });

  it('load() injects one async script from the default host with the key and version', () => {
    paste();
    rp().load('KEY 1/ü');
    const [s, ...more] = scripts();
    expect(more).toHaveLength(0);
    expect(s!.async).toBe(true);
    const src = s!.getAttribute('src')!;
    expect(src.startsWith('https://api.richpanel.com/v2/j/KEY%201%2F%C3%BC?version=')).toBe(true);
    expect(src).toMatch(versionTail);
    expect(s!.parentNode).toBe(document.head);
  });

  it('load() twice injects one script', () => {
    paste();
    rp().load('KEY');
    rp().load('KEY');
    rp().load('OTHER', { host: 'http://localhost:8787' });
    paste();
    rp().load('KEY');
    expect(scripts()).toHaveLength(1);
  });

  it('load() uses the given host and sets the CSP nonce on the script', () => {
    paste();
    rp().load('KEY', { host: 'http://localhost:8787', nonce: 'n0nce' });
    const [s] = scripts();
    expect(s!.getAttribute('src')).toMatch(/^http:\/\/localhost:8787\/v2\/j\/KEY\?version=/);
    expect(s!.nonce).toBe('n0nce');
  });

  it('load() without a nonce leaves the nonce empty', () => {
    paste();
    rp().load('KEY');
    expect(scripts()[0]!.nonce || '').toBe('');
  });

  it('stub flush() returns a Promise whose resolver rides on the queued call; other stubs return nothing, like the live methods', async () => {
    paste();
    expect(rp().track('a')).toBeUndefined();
    const promise = rp().flush() as unknown as Promise<boolean>;
    expect(promise).toBeInstanceOf(Promise);
    const call = rp().q.at(-1) as unknown[] & { r?: (v: boolean) => void };
    expect(call[0]).toBe('flush');
    call.r!(true); // what the core does after replaying and flushing
    await expect(promise).resolves.toBe(true);
  });
});

describe('the built loader', () => {
  it('is the minified source: same stubs, within the 600-byte budget', () => {
    const min = readFileSync(built('dist/snippet.min.js'), 'utf8');
    expect(Buffer.byteLength(min.trim())).toBeLessThanOrEqual(600);
    expect(min).not.toContain('__VERSION__');
    expect(min).toContain('track identify debug atr logout flush');
  });
});

describe('snippetTag (dist/snippet.mjs)', () => {
  const load = async () =>
    (await import(/* @vite-ignore */ built('dist/snippet.mjs'))) as {
      snippetTag: (key: string, o?: { host?: string; nonce?: string }) => string;
      SNIPPET: string;
    };
  /** Runs the inline tag's script as a browser would. */
  const runTag = (tag: string) => {
    const m = /^<script( nonce="[^"]*")?>([\s\S]*)<\/script>$/.exec(tag);
    expect(m, tag).not.toBeNull();
    new Function(m![2]!)();
  };

  it('returns the loader plus richpanel.load(key) in one inline tag', async () => {
    const { snippetTag, SNIPPET } = await load();
    const tag = snippetTag('KEY');
    expect(tag).toBe(`<script>${SNIPPET}richpanel.load("KEY");</script>`);
    expect(SNIPPET).toBe(readFileSync(built('dist/snippet.min.js'), 'utf8'));
    runTag(tag);
    expect(scripts()[0]!.getAttribute('src')).toMatch(/^https:\/\/api\.richpanel\.com\/v2\/j\/KEY\?version=/);
  });

  it('passes host and nonce to load() and puts the nonce on the tag', async () => {
    const { snippetTag } = await load();
    const tag = snippetTag('KEY', { host: 'http://localhost:8787', nonce: 'abc123' });
    expect(tag.startsWith('<script nonce="abc123">')).toBe(true);
    runTag(tag);
    const [s] = scripts();
    expect(s!.getAttribute('src')).toMatch(/^http:\/\/localhost:8787\/v2\/j\/KEY\?version=/);
    expect(s!.nonce).toBe('abc123');
  });

  it('escapes </script> and HTML in the key so the tag cannot be broken out of', async () => {
    const { snippetTag } = await load();
    const key = '</script><script>alert(1)</script><!--';
    const tag = snippetTag(key, { host: 'https://x.test/</script>' });
    expect(tag.match(/<\/script/gi)).toHaveLength(1);
    expect(tag).not.toContain('<!--');
    expect(tag.endsWith('</script>')).toBe(true);
    runTag(tag);
    expect(rp().k).toBe(key);
  });

  it('keeps quotes out of the nonce attribute', async () => {
    const { snippetTag } = await load();
    const tag = snippetTag('KEY', { nonce: 'a" onload="alert(1)' });
    expect(tag.startsWith('<script nonce="aonload=alert1">')).toBe(true);
  });

  it('throws a TypeError for an empty or missing key', async () => {
    const { snippetTag } = await load();
    expect(() => snippetTag('')).toThrow(TypeError);
    expect(() => snippetTag(undefined as unknown as string)).toThrow(TypeError);
    expect(() => snippetTag(42 as unknown as string)).toThrow(TypeError);
  });
});
