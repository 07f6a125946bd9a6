// Which headers cross the proxy (pure). Allow-lists both ways: the shop's cookies, `Authorization`
// and anything else of its domain never reach the upstream, and the upstream can never set a cookie
// on the shop's domain.

/**
 * Request headers the upstream gets: what the browser would have sent it directly. Not `Referer`:
 * first-party, it is the full page URL, where a direct cross-origin request sends only the origin.
 */
export const REQUEST_HEADERS = ['content-type', 'user-agent', 'accept-language', 'origin'] as const;

/** Answer headers the browser gets back from the upstream (the SDK reads the status and Retry-After). */
export const ANSWER_HEADERS = ['content-type', 'retry-after'] as const;

/** The headers of the upstream request. */
export function upstreamHeaders(incoming: Headers, forwardedFor: string | undefined): Headers {
  const out = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) out.set(name, value);
  }
  if (forwardedFor) out.set('x-forwarded-for', forwardedFor);
  return out;
}

/** The upstream's headers the browser may see. */
export function answerHeaders(upstream: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ANSWER_HEADERS) {
    const value = upstream.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}
