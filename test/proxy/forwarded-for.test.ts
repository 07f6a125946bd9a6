// The X-Forwarded-For the upstream gets (pure): who is believed, and what is appended.
import { describe, expect, it } from 'vitest';
import { forwardedFor, normalizeAddress } from '../../src/proxy/forwarded-for.js';

const UNTRUSTED = { trustProxy: false, ipHeader: undefined };
const TRUSTED = { trustProxy: true, ipHeader: undefined };
const h = (init: Record<string, string>) => new Headers(init);

describe('normalizeAddress', () => {
  it('unwraps IPv4-mapped IPv6 and brackets, and drops what is not an address', () => {
    expect(normalizeAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress('[2001:db8::1]')).toBe('2001:db8::1');
    expect(normalizeAddress(' 2001:db8::1 ')).toBe('2001:db8::1');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1%eth0');
    expect(normalizeAddress('unknown')).toBeUndefined();
    expect(normalizeAddress('1.2.3.4<script>')).toBeUndefined();
    expect(normalizeAddress('')).toBeUndefined();
  });
});

describe('forwardedFor', () => {
  it('untrusted: the socket address alone, whatever the request claims', () => {
    const claims = h({ 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '6.6.6.6' });
    expect(forwardedFor(UNTRUSTED, claims, '192.0.2.1')).toBe('192.0.2.1');
    expect(forwardedFor({ trustProxy: false, ipHeader: 'x-real-ip' }, claims, undefined)).toBeUndefined();
  });

  it('trusted: the incoming chain, then the connecting address', () => {
    expect(forwardedFor(TRUSTED, h({ 'x-forwarded-for': '198.51.100.1,10.0.0.1' }), '10.0.0.2')).toBe(
      '198.51.100.1, 10.0.0.1, 10.0.0.2',
    );
    expect(forwardedFor(TRUSTED, h({}), '10.0.0.2')).toBe('10.0.0.2');
    expect(forwardedFor(TRUSTED, h({ 'x-forwarded-for': 'garbage, 198.51.100.1' }), undefined)).toBe('198.51.100.1');
  });

  it('trusted with an ipHeader: the visitor from the header, then the socket, none repeated', () => {
    const trust = { trustProxy: true, ipHeader: 'cf-connecting-ip' };
    expect(forwardedFor(trust, h({ 'cf-connecting-ip': '198.51.100.9' }), undefined)).toBe('198.51.100.9');
    expect(
      forwardedFor(trust, h({ 'cf-connecting-ip': '198.51.100.9', 'x-forwarded-for': '198.51.100.9' }), undefined),
    ).toBe('198.51.100.9');
    // Node behind nginx (X-Real-IP only) or Cloudflare (both): the socket is the proxy in front.
    expect(forwardedFor(trust, h({ 'cf-connecting-ip': '198.51.100.9' }), '10.0.0.5')).toBe('198.51.100.9, 10.0.0.5');
    expect(
      forwardedFor(trust, h({ 'cf-connecting-ip': '198.51.100.9', 'x-forwarded-for': '198.51.100.9' }), '10.0.0.5'),
    ).toBe('198.51.100.9, 10.0.0.5');
  });
});
