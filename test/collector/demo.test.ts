// The demo routes: pages with the snippet inlined, and POST /demo/login making a verifiable token.
import { describe, expect, it } from 'vitest';
import { verifyUserToken } from '../../src/server/tokens.js';
import { SNIPPET_MARKER, demoLoadOptions } from '../../src/collector/demo.js';
import { SECRET, start } from './helpers.js';

describe('demo pages', () => {
  it('serves the shop with the loader and richpanel.load(KEY, {host}) of the server it came from in place of the marker', async () => {
    const c = await start({ demo: true, apiKey: 'shop-key' });
    const html = await (await fetch(`${c.url}/`)).text();
    expect(html).not.toContain(SNIPPET_MARKER);
    expect(html).toContain(
      `richpanel.load("shop-key",{"host":"${c.url}","messenger":"${c.url}/demo/messenger.js","consent":"pending","ecommerce":"dataLayer"});</script>`,
    );
    expect(html).toContain('window.CARTBEACON_DEMO = {"apiKey":"shop-key"};');
    expect(html.indexOf('richpanel.load(')).toBeLessThan(html.indexOf('</head>'));
  });

  it('takes the host from the Host header, and refuses one that is not a host name', () => {
    expect(demoLoadOptions('shop.localhost:8787')).toEqual({
      host: 'http://shop.localhost:8787',
      messenger: 'http://shop.localhost:8787/demo/messenger.js',
      consent: 'pending',
      ecommerce: 'dataLayer',
    });
    expect(demoLoadOptions('[::1]:8787')).toMatchObject({ host: 'http://[::1]:8787' });
    expect(demoLoadOptions('evil"</script>')).toBeUndefined();
    expect(demoLoadOptions(undefined)).toBeUndefined();
  });

  it('escapes an API key that could close the script tag, as cartbeacon/snippet does', async () => {
    const c = await start({ demo: true, apiKey: '</script><script>alert(1)</script>' });
    const html = await (await fetch(`${c.url}/`)).text();
    expect(html).toContain('richpanel.load("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",');
    expect(html).toContain('window.CARTBEACON_DEMO = {"apiKey":"\\u003c/script\\u003e');
  });

  it('serves the messenger stand-in at /demo/messenger.js', async () => {
    const c = await start({ demo: true });
    const res = await fetch(`${c.url}/demo/messenger.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toContain('richpanel.did');
  });

  it('serves the demo scripts and the npm build under /dist/', async () => {
    const c = await start({ demo: true });
    const js = await fetch(`${c.url}/js/pages/checkout.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${c.url}/dist/nope.mjs`)).status).toBe(404);
  });

  it('does not serve the demo unless asked', async () => {
    const c = await start();
    expect((await fetch(`${c.url}/`)).status).toBe(404);
    expect((await fetch(`${c.url}/demo/login`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

describe('POST /demo/login', () => {
  const login = async (url: string, body: unknown) =>
    fetch(`${url}/demo/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('returns a hardened token that verifies with the secret and carries the customer', async () => {
    const c = await start({ demo: true });
    const res = await login(c.url, { email: ' Ada@Example.com ', firstName: 'Ada', lastName: 'Lovelace' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; user: Record<string, string>; expiresAt: number };
    const claims = verifyUserToken(body.token, SECRET);
    expect(claims).toMatchObject({
      id: body.user.id,
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    expect(claims.exp).toBeTypeOf('number');
    expect(body.user.id).toMatch(/^cust_/);
    expect(body.expiresAt).toBeGreaterThan(Date.now());
    const again = (await (await login(c.url, { email: 'ada@example.com' })).json()) as { user: { id: string } };
    expect(again.user.id).toBe(body.user.id);
  });

  it('answers 400 without a usable email and 405 for GET', async () => {
    const c = await start({ demo: true });
    expect((await login(c.url, { email: 'nope' })).status).toBe(400);
    expect((await fetch(`${c.url}/demo/login`, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await fetch(`${c.url}/demo/login`)).status).toBe(405);
  });

  it('answers 503 when the collector has no secret to sign with', async () => {
    const c = await start({ demo: true, secret: '' });
    const res = await login(c.url, { email: 'a@example.com' });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toMatch(/RICHPANEL_API_SECRET/);
  });
});
