// The proxy's own answers: JSON `{"error": …}` refusals, never cached, never able to run as a page.

/**
 * Headers of every answer that is data, not script (refusals and forwarded upstream answers):
 * never cached, and should a browser be sent to one (a cross-site form posting to `/cb/v2/bt`), a
 * sandbox with nothing allowed: even an HTML body cannot run a script on the shop's origin.
 */
export const DATA_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
};

/** `status {"error": message}` with `Cache-Control: no-store`. */
export function refuse(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: message }), {
    status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8', ...DATA_HEADERS },
  });
}
