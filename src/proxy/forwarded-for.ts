// The visitor's address for the upstream's `X-Forwarded-For` (pure). A forwarding header in the
// request is only believed when the shop says a trusted proxy set it, and only the part that proxy
// wrote: otherwise any visitor could claim any address.
import { normalizeAddress } from './address.js';

/** Who may be believed, from the proxy's options. */
export interface Trust {
  /** false: nobody; true: the whole incoming `X-Forwarded-For`; n: its last n entries (n proxies in front). */
  trustProxy: boolean | number;
  /** The header a trusted platform sets to the visitor's address (lower case). */
  ipHeader: string | undefined;
}

/**
 * The `X-Forwarded-For` to send upstream, or undefined when no address is known. Entries that are
 * not addresses are dropped; the socket's peer (`clientAddress`) is appended unless it is already
 * the last entry.
 * - Untrusted (default): only `clientAddress`; the request's headers are ignored.
 * - `ipHeader` (with `trustProxy`): the visitor is that header alone (its last entry, should it hold a
 *   list: the one the platform wrote); any incoming `X-Forwarded-For` is dropped, since the visitor
 *   may have sent it and a platform that sets `ipHeader` need not clean it.
 * - `trustProxy: n`: the last n entries of the incoming `X-Forwarded-For` (what the n proxies in front
 *   appended; anything before them came from the visitor).
 * - `trustProxy: true`: the whole incoming `X-Forwarded-For`, for platforms that overwrite it (Vercel).
 */
export function forwardedFor(trust: Trust, headers: Headers, clientAddress: string | undefined): string | undefined {
  const chain: string[] = [];
  const add = (address: string | undefined) => {
    if (address && chain[chain.length - 1] !== address) chain.push(address);
  };
  if (trust.trustProxy !== false && trust.ipHeader) {
    add(normalizeAddress(headers.get(trust.ipHeader)?.split(',').pop()));
  } else if (trust.trustProxy !== false) {
    const entries = (headers.get('x-forwarded-for') ?? '').split(',');
    const believed = trust.trustProxy === true ? entries : entries.slice(-trust.trustProxy);
    for (const entry of believed) {
      const address = normalizeAddress(entry);
      if (address) chain.push(address);
    }
  }
  add(normalizeAddress(clientAddress));
  return chain.length > 0 ? chain.join(', ') : undefined;
}
