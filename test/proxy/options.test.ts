// createProxy's options: defaults, normalization, and errors that name the option to fix.
import { describe, expect, it } from 'vitest';
import { createProxy, ProxyError } from '../../src/proxy.js';
import { resolveOptions } from '../../src/proxy/options.js';
import { routeOf } from '../../src/proxy/routes.js';

describe('resolveOptions', () => {
  it('forwards to Richpanel under /cb by default, trusting no forwarding header', () => {
    expect(resolveOptions()).toEqual({
      upstream: 'https://api.richpanel.com',
      basePath: '/cb',
      trustProxy: false,
      ipHeader: undefined,
      timeoutMs: 10_000,
      bodyTimeoutMs: 15_000,
    });
    expect(createProxy().basePath).toBe('/cb');
  });

  it('takes trustProxy as true, false or a number of proxies, and bodyTimeoutMs', () => {
    expect(resolveOptions({ trustProxy: 2 }).trustProxy).toBe(2);
    expect(resolveOptions({ trustProxy: 1, ipHeader: 'X-Real-IP' })).toMatchObject({
      trustProxy: 1,
      ipHeader: 'x-real-ip',
    });
    expect(resolveOptions({ bodyTimeoutMs: 250 }).bodyTimeoutMs).toBe(250);
  });

  it('normalizes trailing slashes, and "/" to the root', () => {
    expect(resolveOptions({ upstream: 'http://127.0.0.1:8787/', basePath: '/shop/cb/' })).toMatchObject({
      upstream: 'http://127.0.0.1:8787',
      basePath: '/shop/cb',
    });
    expect(resolveOptions({ basePath: '/' }).basePath).toBe('');
    expect(resolveOptions({ basePath: '' }).basePath).toBe('');
  });

  it.each([
    [{ upstream: 'api.richpanel.com' }, 'proxy.upstream'],
    [{ upstream: 'ftp://api.richpanel.com' }, 'proxy.upstream'],
    [{ upstream: 'https://user:pw@api.richpanel.com' }, 'proxy.upstream'],
    [{ upstream: 'https://api.richpanel.com/?x=1' }, 'proxy.upstream'],
    [{ basePath: 'cb' }, 'proxy.basePath'],
    [{ basePath: '/cb?x' }, 'proxy.basePath'],
    [{ basePath: '/a/../cb' }, 'proxy.basePath'],
    [{ basePath: '/c%62' }, 'proxy.basePath'],
    [{ trustProxy: 'yes' }, 'proxy.trustProxy'],
    [{ trustProxy: 0 }, 'proxy.trustProxy'],
    [{ trustProxy: 1.5 }, 'proxy.trustProxy'],
    [{ trustProxy: -1 }, 'proxy.trustProxy'],
    [{ ipHeader: 'CF-Connecting-IP' }, 'proxy.ipHeader is read only with trustProxy'],
    [{ trustProxy: true, ipHeader: 'bad header' }, 'proxy.ipHeader'],
    [{ timeoutMs: 0 }, 'proxy.timeoutMs'],
    [{ bodyTimeoutMs: 0 }, 'proxy.bodyTimeoutMs'],
    [{ bodyTimeoutMs: Number.POSITIVE_INFINITY }, 'proxy.bodyTimeoutMs'],
  ])('refuses %j with a ProxyError naming %s', (options, named) => {
    expect(() => createProxy(options as never)).toThrow(ProxyError);
    expect(() => createProxy(options as never)).toThrow(named);
  });
});

describe('routeOf', () => {
  it('knows the core, the three event paths, and nothing else', () => {
    expect(routeOf('/cb/v2/j/KEY', '/cb')).toEqual({ kind: 'core' });
    expect(routeOf('/cb/v2/bt', '/cb')).toEqual({ kind: 'events', path: '/v2/bt' });
    expect(routeOf('/cb/v3/t', '/cb')).toEqual({ kind: 'events', path: '/v3/t' });
    expect(routeOf('/cb/v2/t', '/cb')).toEqual({ kind: 'events', path: '/v2/t' });
    expect(routeOf('/cb/v2/bt', '')).toEqual({ kind: 'unknown' });
    expect(routeOf('/v2/bt', '')).toEqual({ kind: 'events', path: '/v2/bt' });
    expect(routeOf('/cbx/v2/bt', '/cb')).toEqual({ kind: 'outside' });
    expect(routeOf('/cb/https://evil.example/v2/bt', '/cb')).toEqual({ kind: 'unknown' });
  });
});
