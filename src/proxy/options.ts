// createProxy's options: checked once, at creation, with errors that name the option to fix.
import { DEFAULT_HOST, trimHost } from '../protocol/hosts.js';
import { ProxyError } from './errors.js';
import { PROXY_BODY_TIMEOUT_MS, PROXY_UPSTREAM_TIMEOUT_MS } from './limits.js';
import type { ProxyOptions } from './types.js';

/** The options with their defaults applied and checked. */
export interface ProxySettings {
  /** Origin plus optional path prefix, no trailing slash. */
  upstream: string;
  /** `''` (root) or `/a/b`: no trailing slash. */
  basePath: string;
  /** false, true, or the number of proxies in front (a positive integer). */
  trustProxy: boolean | number;
  ipHeader: string | undefined;
  timeoutMs: number;
  bodyTimeoutMs: number;
}

export const DEFAULT_BASE_PATH = '/cb';

/** One path segment of plain URL characters (no `%`, `?`, `#`, `.` / `..` segments). */
const SEGMENT = /^[A-Za-z0-9_~!$&'()*+,;=:@.-]+$/;
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function upstreamOf(value: unknown): string {
  if (value === undefined) return DEFAULT_HOST;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new ProxyError(
      `proxy.upstream must be an http(s) URL such as "${DEFAULT_HOST}", got ${JSON.stringify(value)}`,
    );
  if (url.search || url.hash || url.username || url.password)
    throw new ProxyError(
      'proxy.upstream must not carry a query, a fragment or credentials: give its origin (and path)',
    );
  return trimHost(url.origin + url.pathname);
}

function basePathOf(value: unknown): string {
  if (value === undefined) return DEFAULT_BASE_PATH;
  const path = typeof value === 'string' ? value.replace(/\/+$/, '') : undefined;
  const segments = path?.split('/').slice(1) ?? [];
  if (
    path === undefined ||
    (path !== '' && !path.startsWith('/')) ||
    !segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')
  )
    throw new ProxyError(
      `proxy.basePath must be a path such as "${DEFAULT_BASE_PATH}" (plain characters, no query), got ${JSON.stringify(value)}`,
    );
  return path;
}

/** `value` as a positive number of milliseconds. @throws ProxyError naming the option. */
function milliseconds(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value))
    throw new ProxyError(`${name} must be a positive number of milliseconds, got ${JSON.stringify(value)}`);
  return value;
}

/** Applies the defaults and checks every option. @throws ProxyError naming the option. */
export function resolveOptions(options: ProxyOptions = {}): ProxySettings {
  if (typeof options !== 'object' || options === null)
    throw new ProxyError('createProxy(options): options must be an object');
  const { trustProxy = false, ipHeader } = options;
  if (typeof trustProxy !== 'boolean' && !(Number.isInteger(trustProxy) && (trustProxy as number) > 0))
    throw new ProxyError(
      `proxy.trustProxy must be true, false or the number of proxies in front (1, 2…), got ${JSON.stringify(trustProxy)}`,
    );
  if (ipHeader !== undefined) {
    if (typeof ipHeader !== 'string' || !HEADER_NAME.test(ipHeader))
      throw new ProxyError(
        `proxy.ipHeader must be a header name such as "CF-Connecting-IP", got ${JSON.stringify(ipHeader)}`,
      );
    if (trustProxy === false)
      throw new ProxyError(
        'proxy.ipHeader is read only with trustProxy: true (any visitor can send that header): set trustProxy when your platform sets it',
      );
  }
  return {
    upstream: upstreamOf(options.upstream),
    basePath: basePathOf(options.basePath),
    trustProxy,
    ipHeader: ipHeader?.toLowerCase(),
    timeoutMs: milliseconds('proxy.timeoutMs', options.timeoutMs ?? PROXY_UPSTREAM_TIMEOUT_MS),
    bodyTimeoutMs: milliseconds('proxy.bodyTimeoutMs', options.bodyTimeoutMs ?? PROXY_BODY_TIMEOUT_MS),
  };
}
