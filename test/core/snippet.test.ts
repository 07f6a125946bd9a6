// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// The loader stub, run as a page runs it: its source text evaluated against window/document. The
// hand-written source and the built dist/snippet.min.js get the same tests.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..') + '/';

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

const sources: [string, () => string][] = [
  ['src/loader/snippet.js', () => readFileSync(ROOT + 'src/loader/snippet.js', 'utf8')],
  ['dist/snippet.min.js', () => readFileSync(built('dist/snippet.min.js'), 'utf8')],
];
const METHODS = ['track', 'identify', 'debug', 'atr', 'logout', 'flush', 'consent'];

describe.each(sources)('the loader stub (%s)', (_, read) => {
  const paste = () => new Function(read())();

  it('defines window.richpanel as an array with a queue', () => {
    paste();
    expect(Array.isArray(rp())).toBe(true);
    expect(rp().q).toEqual([]);
  });

  it('stubs every public method, so none throws before load', () => {
    paste();
    for (const m of METHODS) {
      expect(typeof rp()[m], m).toBe('function');
      expect(() => rp()[m]('x')).not.toThrow();
    }
    expect(rp().q.map((c) => c[0])).toEqual(METHODS);
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
      const t = +(c.t as unknown as Date);
      expect(t).toBeGreaterThanOrEqual(before);
      expect(t).toBeLessThanOrEqual(after);
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

  it("load(key) injects Richpanel's own script at exactly the documented URL", () => {
    paste();
    rp().load('KEY1');
    const [s, ...more] = scripts();
    expect(more).toHaveLength(0);
    expect(s!.getAttribute('src')).toBe('https://api.richpanel.com/v2/j/KEY1?version=2.0.0');
    expect(s!.parentNode).toBe(document.head);
    expect(rp().k).toBe('KEY1');
  });

  it('load(key, { src, host, integrity }) loads the core from src with SRI and CORS, and keeps the options', () => {
    paste();
    const options = {
      src: 'https://cdn.example/cartbeacon/richpanel.min.js',
      host: 'https://shop.example/cb',
      integrity: 'sha384-abc',
    };
    rp().load('KEY', options);
    const [s] = scripts();
    expect(s!.getAttribute('src')).toBe(options.src);
    expect(s!.integrity).toBe('sha384-abc');
    // the empty value is the anonymous CORS mode (Chromium reads crossOrigin back as "anonymous":
    // test/e2e/drop-in.spec.ts loads the core with SRI that way)
    expect(s!.getAttribute('crossorigin')).toBe('');
    expect(rp().o).toBe(options);
  });

  it('load() never throws: appendChild, append, createElement or the src setter may throw (issue 24)', () => {
    const restore: (() => void)[] = [];
    const breakIt = (target: object, name: string, value: PropertyDescriptor) => {
      const had = Object.getOwnPropertyDescriptor(target, name);
      Object.defineProperty(target, name, { configurable: true, ...value });
      restore.push(() => (had ? Object.defineProperty(target, name, had) : delete (target as never)[name]));
    };
    const thrower = () => {
      throw new TypeError('blocked');
    };
    try {
      // Each breakage: nothing throws, the stub still queues. (That the script still goes in past a
      // throwing appendChild is a Chromium fact, tested in test/e2e/hostile.spec.ts: happy-dom's
      // append() calls appendChild.)
      for (const broken of [
        () => breakIt(Element.prototype, 'appendChild', { value: thrower }),
        () => breakIt(document, 'createElement', { value: thrower }),
        () => breakIt(HTMLScriptElement.prototype, 'src', { set: thrower }),
        () => breakIt(Element.prototype, 'append', { value: thrower }),
      ]) {
        for (const x of scripts()) x.remove();
        delete (window as { richpanel?: unknown }).richpanel;
        broken();
        paste();
        expect(() => rp().load('KEY2', { src: '/b.js' })).not.toThrow();
        expect(() => rp().track('still_queued')).not.toThrow();
        expect(rp().q.map((c) => c[0])).toEqual(['track']);
        restore.pop()!();
      }
    } finally {
      for (const r of restore.reverse()) r();
    }
  });

  it('load() without integrity asks for no CORS (a shop CDN without CORS headers still works)', () => {
    paste();
    rp().load('KEY', { src: '/assets/richpanel.min.js' });
    expect(scripts()[0]!.getAttribute('crossorigin')).toBeNull();
  });

  it('load(key, { host }) without src keeps loading <host>/v2/j/<key>', () => {
    paste();
    rp().load('KEY', { host: 'https://shop.example/cb' });
    expect(scripts()[0]!.getAttribute('src')).toBe('https://shop.example/cb/v2/j/KEY?version=2.0.0');
  });

  it("with Richpanel's script, flush() resolves at once and flush/consent queue nothing", async () => {
    paste();
    rp().track('a');
    rp().load('KEY');
    await expect(rp().flush()).resolves.toBe(true);
    rp().consent('granted');
    expect(rp().q.map((c) => c[0])).toEqual(['track']);
  });

  it("survives Richpanel's replay loop with every method queued before load: no runaway, calls in order", () => {
    paste();
    for (const m of METHODS) rp()[m](m + '-arg');
    rp().load('KEY');
    // Richpanel's script: defines its five methods, then replays q re-reading q.length each pass
    const got: string[] = [];
    for (const m of ['track', 'identify', 'debug', 'atr', 'logout']) rp()[m] = (a: string) => got.push(m + ':' + a);
    const q = rp().q;
    let i = 0;
    for (; q.length > i && i < 1000; i++) {
      const m = q[i]![0] as string;
      q[i]!.shift();
      rp()[m].apply(undefined, q[i]);
    }
    expect(i).toBe(METHODS.length);
    expect(got).toEqual([
      'track:track-arg',
      'identify:identify-arg',
      'debug:debug-arg',
      'atr:atr-arg',
      'logout:logout-arg',
    ]);
  });

  it("with cartbeacon's core coming, flush() and consent() are queued in call order", () => {
    paste();
    rp().load('KEY', { host: 'http://localhost:8787' });
    rp().track('a');
    void rp().flush();
    rp().consent('granted');
    rp().track('b');
    expect(rp().q.map((c) => c.slice(0, 2))).toEqual([
      ['track', 'a'],
      ['flush'],
      ['consent', 'granted'],
      ['track', 'b'],
    ]);
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
    expect(min).toContain('track identify debug atr logout flush consent');
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
    expect(scripts()[0]!.getAttribute('src')).toBe('https://api.richpanel.com/v2/j/KEY?version=2.0.0');
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
