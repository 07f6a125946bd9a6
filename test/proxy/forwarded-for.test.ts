// The X-Forwarded-For the upstream gets (pure): who is believed, what is appended, and what an
// address is.
import { describe, expect, it } from 'vitest';
import { isIPv6, normalizeAddress } from '../../src/proxy/address.js';
import { forwardedFor } from '../../src/proxy/forwarded-for.js';

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

  it('removes a port in range, and drops the entry when the port is not one', () => {
    expect(normalizeAddress('203.0.113.7:8080')).toBe('203.0.113.7');
    expect(normalizeAddress('203.0.113.7:0')).toBe('203.0.113.7');
    expect(normalizeAddress('203.0.113.7:65535')).toBe('203.0.113.7');
    expect(normalizeAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(normalizeAddress('[::ffff:192.0.2.1]:443')).toBe('192.0.2.1');
    for (const bad of ['1.2.3.4:99999', '1.2.3.4:65536', '1.2.3.4:', '1.2.3.4:8o', '[2001:db8::1]:', '[2001:db8::1]x'])
      expect(normalizeAddress(bad), bad).toBeUndefined();
  });

  it('keeps only IPv4 addresses of four octets 0–255 without leading zeros', () => {
    for (const good of ['0.0.0.0', '192.0.2.1', '255.255.255.255', '10.0.0.10'])
      expect(normalizeAddress(good), good).toBe(good);
    for (const bad of [
      '256.1.1.1',
      '999.1.1.1',
      '1.2.3',
      '1.2.3.4.5',
      '01.2.3.4',
      '1.2.3.04',
      '1..2.3',
      '1.2.3.4.',
      '٣.1.1.1',
    ])
      expect(normalizeAddress(bad), bad).toBeUndefined();
  });

  it('keeps only IPv6 addresses by their grammar (eight groups, one ::, an IPv4 tail)', () => {
    for (const good of [
      '::',
      '::1',
      '2001:db8::',
      '2001:db8:0:0:0:0:0:1',
      '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
      '1:2:3:4:5:6:7::',
      '::2:3:4:5:6:7:8',
      '64:ff9b::192.0.2.33',
      '1:2:3:4:5:6:192.0.2.33',
      'FE80::ABCD',
    ])
      expect(normalizeAddress(good), good).toBe(good);
    for (const bad of [
      'cafe',
      'dead:beef',
      '1:2:3',
      ':1',
      '1:',
      ':::',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7:8::',
      '12345::1',
      'g::1',
      '1:2:3:4:5:6:7:192.0.2.33',
      '::192.0.2.256',
      'fe80::1%',
      'fe80::1%a b',
      '[1.2.3.4]',
    ])
      expect(normalizeAddress(bad), bad).toBeUndefined();
    expect(isIPv6('::ffff:1.2.3.4')).toBe(true);
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

  it('trusted: drops entries that are not addresses (cafe, a port out of range)', () => {
    const xff = h({ 'x-forwarded-for': 'cafe, 1.2.3.4:99999, unknown, 198.51.100.1:4711, 10.0.0.1' });
    expect(forwardedFor(TRUSTED, xff, '10.0.0.2')).toBe('198.51.100.1, 10.0.0.1, 10.0.0.2');
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

  it('with an ipHeader, an incoming X-Forwarded-For is dropped: the visitor cannot put an address first', () => {
    // The nginx recipe: nginx sets X-Real-IP and passes the visitor's own X-Forwarded-For on.
    const nginx = { trustProxy: true, ipHeader: 'x-real-ip' };
    const forged = h({ 'x-forwarded-for': '6.6.6.6, 7.7.7.7', 'x-real-ip': '203.0.113.7' });
    expect(forwardedFor(nginx, forged, '10.0.0.5')).toBe('203.0.113.7, 10.0.0.5');
    expect(forwardedFor(nginx, forged, undefined)).toBe('203.0.113.7');
    // No usable ipHeader: the socket alone, still not the visitor's claim.
    expect(forwardedFor(nginx, h({ 'x-forwarded-for': '6.6.6.6', 'x-real-ip': 'cafe' }), '10.0.0.5')).toBe('10.0.0.5');
    expect(forwardedFor(nginx, h({ 'x-forwarded-for': '6.6.6.6' }), undefined)).toBeUndefined();
    // A list in the header: its last entry is the one the platform wrote.
    expect(forwardedFor(nginx, h({ 'x-real-ip': '6.6.6.6, 203.0.113.7' }), undefined)).toBe('203.0.113.7');
    // A number of hops works the same with an ipHeader.
    expect(forwardedFor({ trustProxy: 1, ipHeader: 'x-real-ip' }, forged, undefined)).toBe('203.0.113.7');
  });

  it('trustProxy: n believes only the last n entries, what the proxies in front appended', () => {
    // nginx ($proxy_add_x_forwarded_for) or AWS ALB append the address they saw to the visitor's header.
    const appended = h({ 'x-forwarded-for': '6.6.6.6, 7.7.7.7, 203.0.113.7' });
    expect(forwardedFor({ trustProxy: 1, ipHeader: undefined }, appended, '10.0.0.5')).toBe('203.0.113.7, 10.0.0.5');
    // A CDN then a balancer: the CDN appended the visitor, the balancer the CDN.
    const twice = h({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 198.51.100.30' });
    expect(forwardedFor({ trustProxy: 2, ipHeader: undefined }, twice, '10.0.0.5')).toBe(
      '203.0.113.7, 198.51.100.30, 10.0.0.5',
    );
    // Counted on the raw entries: an entry that is not an address still counts as the visitor's.
    expect(
      forwardedFor({ trustProxy: 1, ipHeader: undefined }, h({ 'x-forwarded-for': '6.6.6.6, unknown' }), '10.0.0.5'),
    ).toBe('10.0.0.5');
    expect(
      forwardedFor({ trustProxy: 3, ipHeader: undefined }, h({ 'x-forwarded-for': '203.0.113.7' }), '10.0.0.5'),
    ).toBe('203.0.113.7, 10.0.0.5');
  });
});
