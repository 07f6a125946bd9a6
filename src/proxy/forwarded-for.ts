// The visitor's address for the upstream's `X-Forwarded-For` (pure). A forwarding header in the
// request is only believed when the shop says a trusted proxy set it: otherwise any visitor could
// claim any address.

/** Longest text taken for one address (an IPv6 address with a zone id is under 64 characters). */
const MAX_ADDRESS_LENGTH = 64;
/** An IPv4 or IPv6 address, optionally with a port or an IPv6 zone id: anything else is dropped. */
const ADDRESS = /^[0-9A-Fa-f:.]+(%[\w.-]+)?$/;

/** Who may be believed, from the proxy's options. */
export interface Trust {
  trustProxy: boolean;
  ipHeader: string | undefined;
}

/** `"::ffff:1.2.3.4"` → `"1.2.3.4"`, `"[::1]"` → `"::1"`; undefined when it is not an address. */
export function normalizeAddress(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  let a = text.trim();
  if (a.startsWith('[') && a.includes(']')) a = a.slice(1, a.indexOf(']'));
  a = a.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return a.length <= MAX_ADDRESS_LENGTH && ADDRESS.test(a) ? a : undefined;
}

/**
 * The `X-Forwarded-For` to send upstream, or undefined when no address is known.
 * - Untrusted (default): only `clientAddress`, the socket's peer; the request's headers are ignored.
 * - `trustProxy`: the incoming `X-Forwarded-For` is kept; then the `ipHeader` the platform set (the
 *   visitor, on runtimes without a socket) and the socket's peer are appended, each unless it is
 *   already the last entry (Cloudflare and Vercel put the visitor there themselves).
 */
export function forwardedFor(trust: Trust, headers: Headers, clientAddress: string | undefined): string | undefined {
  const chain = trust.trustProxy
    ? (headers.get('x-forwarded-for') ?? '')
        .split(',')
        .map(normalizeAddress)
        .filter((a): a is string => a !== undefined)
    : [];
  const add = (address: string | undefined) => {
    if (address && chain[chain.length - 1] !== address) chain.push(address);
  };
  if (trust.trustProxy && trust.ipHeader) add(normalizeAddress(headers.get(trust.ipHeader)?.split(',')[0]));
  if (clientAddress !== undefined) add(normalizeAddress(clientAddress));
  return chain.length > 0 ? chain.join(', ') : undefined;
}
